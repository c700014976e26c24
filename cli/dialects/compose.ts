// Findings about a Compose service, in Compose's words: `services.web.read_only`, `tmpfs:`,
// `:ro`, labels. A Compose user never reads a Pulumi type, a props path or ImmutableService.
// The pack judges a service as the Docker container (or, with `deploy:`, the Swarm service)
// `docker compose` would create (../compose.ts); this dialect turns the props paths of those
// back into the keys of the file.
import type { Wording } from "../../policy-pack/platforms/platform";
import { formatPath, PropertyPath, WorkloadView } from "../../policy-pack/workloads";
import { ManifestResource } from "../resources";
import { dialectFamily, resourceOfView } from "./resourceDialect";

/** A container field's Compose key, for fields the file does not set (so no position maps it). */
const composeKeys: Readonly<Record<string, string>> = {
    readOnly: "read_only",
    image: "image",
    labels: "labels",
    privileged: "privileged",
    capabilities: "cap_add",
    capAdds: "cap_add",
    tmpfs: "tmpfs",
    mounts: "volumes",
    volumes: "volumes",
};

const swarmSpec = ["taskSpec", "containerSpec"];

function serviceRoot(resource: ManifestResource): PropertyPath {
    return resource.yamlPathOf([]);
}

/** The Compose key path of a props path of a service: where the file sets it, or where it would. */
function composePath(resource: ManifestResource, path: PropertyPath): string {
    const root = serviceRoot(resource);
    const mapped = resource.yamlPathOf(path);
    if (mapped.length > root.length) {
        return formatPath(mapped);
    }
    const inContainer = swarmSpec.every((k, i) => path[i] === k) ? path.slice(swarmSpec.length) : path;
    const key = typeof inContainer[0] === "string" ? composeKeys[inContainer[0]] : undefined;
    return formatPath(key ? [...root, key] : root);
}

function describeSize(where: string, size: { state: string; value?: string }): string {
    return size.state === "unbounded" ? `${where} sets a size of ${size.value}, which bounds nothing` : `${where} sets no size`;
}

function composeWording(): Wording {
    const path = (view: WorkloadView, p: PropertyPath) => composePath(resourceOfView(view), p);
    const workload = (view: WorkloadView) => `service "${view.name}"`;
    return {
        workload,
        container: (view) => workload(view),
        path,
        markerPlace: "label",
        readOnlyRootFix: (view, c) =>
            `Set ${path(view, c.readOnlyRootFilesystemPath)}: true, and list each path the process must write under tmpfs with a ` +
            `size, e.g. tmpfs: ["/tmp:size=64m"]`,
        tmpfsSizeProblem: (view, backing) =>
            describeSize(path(view, backing.sizePath), backing.sizeLimit as { state: string; value?: string }),
        tmpfsSizeFix: (_view, _backing, target) =>
            `Give it a size: "${target}:size=64m" in tmpfs, or tmpfs: { size: 64m } on a volume entry of type: tmpfs`,
        readOnlyField: () => "read_only",
        readOnlyMountField: (view, mount) => `the :ro flag of ${path(view, mount.path)}`,
        grantField: (_view, grant) => (grant.field.endsWith("privileged") ? "privileged" : "cap_add"),
        imagePinFix: (_view, example, base) =>
            `Reference it as ${example} (the digest \`docker buildx imagetools inspect ${base}\` prints), so that the image that runs ` +
            `is the one that was tested`,
        hostMount: (view, mount, backing, hostPath) => {
            const target = typeof mount.target === "string" ? ` at ${mount.target}` : "";
            const what =
                backing.via === "volume driver options"
                    ? `a volume whose driver_opts bind the host's ${hostPath} (${path(view, backing.hostPathPath)})`
                    : `the host's ${hostPath}`;
            return `mounts ${what}${target} writable (${path(view, mount.path)})`;
        },
        hostMountSource: (view, backing, hostPath) =>
            backing.via === "volume driver options"
                ? `a volume whose driver_opts bind the host's ${hostPath} (${path(view, backing.hostPathPath)})`
                : `a bind mount of the host's ${hostPath}`,
        hostMountFix: (view, mount) => {
            const host = mount.backing.kind === "host" && typeof mount.backing.hostPath === "string" ? mount.backing.hostPath : "./data";
            const target = typeof mount.target === "string" ? mount.target : "/data";
            return (
                `Add :ro to ${path(view, mount.path)} (e.g. "${host}:${target}:ro"), or keep what the container writes in a tmpfs or a ` +
                `named volume instead of the host's filesystem`
            );
        },
        readOnlyMountFix: (view, mount) => `Add :ro to ${path(view, mount.path)}`,
        namedVolume: (name) => `volume "${name}" (top-level volumes)`,
        inMemoryPath: "a tmpfs entry with a size",
    };
}

/** The Compose dialect for one service read from a Compose file. A service is a Docker container or a Swarm service; anything else keeps the pack's words. */
export const composeDialect = dialectFamily("compose", composeWording(), ["docker", "swarm"]);
