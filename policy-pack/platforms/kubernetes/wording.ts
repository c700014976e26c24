// How findings about Kubernetes workloads read: to a Pulumi user (props paths, the component) and,
// through `kubernetesWording({ component: false, path })`, to a manifest user (YAML paths).
import type { ContainerView, WorkloadView } from "../../workloads/model";
import { formatPath, PropertyPath } from "../../workloads/values";
import type { Wording } from "../platform";

export interface KubernetesWordingOptions {
    /** Whether to suggest ImmutableService (only to Pulumi users). */
    readonly component: boolean;
    /** How a path is written; props paths by default. */
    readonly path?: (view: WorkloadView, path: PropertyPath) => string;
}

/** The Kubernetes wording for a kind of user. */
export function kubernetesWording(options: KubernetesWordingOptions): Wording {
    const path = options.path ?? ((_view: WorkloadView, p: PropertyPath) => formatPath(p));
    const orComponent = options.component ? "; or deploy it with ImmutableService" : "";
    const workload = (view: WorkloadView) => `${view.kind} "${view.name}"`;
    return {
        workload,
        container: (view: WorkloadView, c: ContainerView) => `${workload(view)} ${c.label ?? `${c.list}[${c.index}]`} "${c.name}"`,
        path,
        markerPlace: "annotation",
        readOnlyRootFix: (view, c) =>
            `Set ${path(view, c.readOnlyRootFilesystemPath)} to true, and mount an emptyDir volume (medium: Memory, with a sizeLimit) at each path ` +
            `the process must write, e.g. /tmp${orComponent}`,
        tmpfsSizeProblem: (view, backing) => `${path(view, backing.sizePath)} is unset`,
        tmpfsSizeFix: (view, backing) => `Set ${path(view, backing.sizePath)}`,
        imagePinFix: (_view, example, base) =>
            `Reference it as ${example} (the digest \`docker buildx imagetools inspect ${base}\` prints` +
            (options.component ? `, or docker.RegistryImage's sha256Digest when the program builds it)` : `)`),
        hostMount: (view, mount, backing, hostPath) => {
            const target = typeof mount.target === "string" ? ` at ${mount.target}` : "";
            return `mounts hostPath volume "${backing.volumeName ?? ""}" (${hostPath}, ${path(view, backing.hostPathPath)})${target} writable`;
        },
        hostMountSource: (view, backing, hostPath) =>
            `hostPath volume "${backing.volumeName ?? ""}" (${hostPath}, ${path(view, backing.hostPathPath)})`,
        hostMountFix: (view, mount) =>
            `Set ${path(view, mount.readOnlyPath)}: true, or keep what the container writes in an emptyDir (medium: Memory) ` +
            `or a PersistentVolumeClaim instead of the node's filesystem`,
        readOnlyMountFix: (view, mount) => `Set ${path(view, mount.readOnlyPath)}: true`,
        namedVolume: (name: string) => `volume "${name}"`,
        inMemoryPath: "an emptyDir volume (medium: Memory, with a sizeLimit)",
    };
}
