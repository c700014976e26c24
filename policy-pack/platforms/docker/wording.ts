// How findings about Docker containers and Swarm services read to a Pulumi user (`@pulumi/docker`
// props). Compose users get their own wording (cli/dialects/compose.ts).
import type { WorkloadView } from "../../workloads/model";
import type { HostBacking, MountView, TmpfsBacking } from "../../workloads/mounts";
import { formatPath, PropertyPath } from "../../workloads/values";
import type { Wording } from "../platform";

const path = (_view: WorkloadView, p: PropertyPath) => formatPath(p);

/** `a bind mount of /srv`, `a volume with hostPath /srv`, `a volume mount whose driver options bind the host's /etc (…)`. */
function hostMountText(view: WorkloadView, backing: HostBacking, hostPath: string): string {
    if (backing.via === "volume driver options") {
        return `a volume mount whose driver options bind the host's ${hostPath} (${path(view, backing.hostPathPath)})`;
    }
    return backing.form === "volume with hostPath" ? `a volume with hostPath ${hostPath}` : `a bind mount of ${hostPath}`;
}

function tmpfsSizeProblem(view: WorkloadView, backing: TmpfsBacking): string {
    const where = path(view, backing.sizePath);
    const size = backing.sizeLimit;
    if (backing.sizeField === "size=") {
        return size.state === "unbounded" ? `${where} sets size=${size.value}, which bounds nothing` : `${where} has no size= option`;
    }
    return size.state === "unbounded" ? `${where} is ${JSON.stringify(size.value)}, which bounds nothing` : `${where} is unset`;
}

function tmpfsSizeFix(view: WorkloadView, backing: TmpfsBacking): string {
    return backing.sizeField === "size="
        ? `Add size= to its options (e.g. "rw,noexec,nosuid,size=64m")`
        : `Set ${path(view, backing.sizePath)} (e.g. 67108864 for 64 MiB)`;
}

/** The wording of a one-container platform of `@pulumi/docker`: `Docker container`, `Swarm service`. */
export function dockerWording(noun: string, tmpfs: string): Wording {
    const workload = (view: WorkloadView) => `${noun} "${view.name}"`;
    return {
        workload,
        container: (view) => workload(view),
        path,
        markerPlace: "label",
        readOnlyRootFix: (view, c) =>
            `Set ${path(view, c.readOnlyRootFilesystemPath)} to true, and add ${tmpfs} for each path the process must write, e.g. /tmp; ` +
            `or deploy it with ImmutableService`,
        tmpfsSizeProblem,
        tmpfsSizeFix,
        imagePinFix: (_view, example) =>
            `Reference it as ${example}, or use docker.RemoteImage's repoDigest (or imageId) as the image, so that ` +
            `the image that runs is the one that was tested`,
        hostMount: (view: WorkloadView, mount: MountView, backing: HostBacking, hostPath: string) => {
            const target = typeof mount.target === "string" ? ` at ${mount.target}` : "";
            return `has ${hostMountText(view, backing, hostPath)}${target} writable (${path(view, mount.path)})`;
        },
        hostMountSource: hostMountText,
        hostMountFix: (view, mount) =>
            `Set ${path(view, mount.readOnlyPath)}: true, or keep what the container writes in a tmpfs or a named volume ` +
            `instead of the host's filesystem`,
        readOnlyMountFix: (view, mount) => `Set ${path(view, mount.readOnlyPath)}: true`,
        namedVolume: (name: string) => `docker.Volume "${name}"`,
        inMemoryPath: tmpfs,
    };
}
