// How findings about ECS task definitions read. The paths are those of the container
// definitions as written (`containerDefinitions[0].readonlyRootFilesystem`), the same in a
// Pulumi program's JSON string, an aws-native list and a task definition JSON file.
import type { WorkloadView } from "../../workloads/model";
import type { HostBacking } from "../../workloads/mounts";
import { formatPath, PropertyPath } from "../../workloads/values";
import type { Wording } from "../platform";

export interface EcsWordingOptions {
    /** How a path is written; paths in the task definition by default. */
    readonly path?: (view: WorkloadView, path: PropertyPath) => string;
}

/** The ECS wording. */
export function ecsWording(options: EcsWordingOptions = {}): Wording {
    const path = options.path ?? ((_view: WorkloadView, p: PropertyPath) => formatPath(p));
    const workload = (view: WorkloadView) => `ECS task definition "${view.name}"`;
    const source = (view: WorkloadView, backing: HostBacking, hostPath: string) =>
        backing.via === "volume driver options"
            ? `task volume "${backing.volumeName ?? ""}" whose local driver options bind the host's ${hostPath} (${path(view, backing.hostPathPath)})`
            : `task volume "${backing.volumeName ?? ""}" (host path ${hostPath}, ${path(view, backing.hostPathPath)})`;
    return {
        workload,
        container: (view, c) => `${workload(view)} container "${c.name}"`,
        path,
        markerPlace: "tag",
        readOnlyRootFix: (view, c) =>
            `Set ${path(view, c.readOnlyRootFilesystemPath)} to true, and give each path the process must write a tmpfs with a size ` +
            `(linuxParameters.tmpfs, EC2) or a task-storage volume mounted there (Fargate, which has no tmpfs)`,
        tmpfsSizeProblem: (view, backing) =>
            backing.sizeLimit.state === "unbounded"
                ? `${path(view, backing.sizePath)} is ${JSON.stringify(backing.sizeLimit.value)}, which bounds nothing`
                : `${path(view, backing.sizePath)} is unset`,
        tmpfsSizeFix: (view, backing) => `Set ${path(view, backing.sizePath)} (in MiB, e.g. 64)`,
        imagePinFix: (_view, example, base) =>
            `Reference it as ${example} (the digest \`docker buildx imagetools inspect ${base}\` prints, or the ECR image's imageDigest)`,
        hostMount: (view, mount, backing, hostPath) => {
            const target = typeof mount.target === "string" ? ` at ${mount.target}` : "";
            return `mounts ${source(view, backing, hostPath)}${target} writable (${path(view, mount.path)})`;
        },
        hostMountSource: source,
        hostMountFix: (view, mount) =>
            `Set ${path(view, mount.readOnlyPath)} to true, or keep what the container writes in a tmpfs (EC2) or a task-storage ` +
            `volume instead of the instance's filesystem`,
        readOnlyMountFix: (view, mount) => `Set ${path(view, mount.readOnlyPath)} to true`,
        namedVolume: (name) => `task volume "${name}"`,
        inMemoryPath: "a linuxParameters.tmpfs entry with a size (EC2 only)",
    };
}
