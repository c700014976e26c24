// Swarm: a `docker.Service` (@pulumi/docker) runs one container spec,
// `taskSpec.containerSpec`, judged on `readOnly` and its `mounts[]`.
import { swarmServiceMounts } from "../docker/mounts";
import { dockerWording } from "../docker/wording";
import { swarmServiceWorkloadOf } from "../docker/workload";
import type { Platform } from "../platform";

export const swarmPlatform: Platform = {
    id: "swarm",
    title: "Swarm",
    workloadOf: (typeToken, props, resourceName) => swarmServiceWorkloadOf(typeToken, props, resourceName),
    mountsOf: (_view, container) => swarmServiceMounts(container),
    mountReferences: ["dockerVolume"],
    wording: dockerWording("Swarm service", "a tmpfs mount (type: tmpfs, tmpfsOptions.sizeBytes)"),
    guidance: {
        readOnlyRoot: "set taskSpec.containerSpec.readOnly: true and add tmpfs mounts.",
        writablePaths: "set tmpfsOptions.sizeBytes on each tmpfs mount.",
        hostMounts: "set readOnly: true on bind mounts, or keep what is written in a tmpfs or a named volume.",
    },
};
