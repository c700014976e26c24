// Docker: a `docker.Container` (@pulumi/docker) runs one container, judged on `readOnly`, its
// `tmpfs` map, `mounts[]` and `volumes[]`.
import { asString, field, isUnknown } from "../../workloads/values";
import type { Platform } from "../platform";
import { dockerContainerMounts } from "./mounts";
import { dockerWording } from "./wording";
import { dockerContainerWorkloadOf } from "./workload";

/** A Docker image ID (`sha256:<hex>`, what `docker.RemoteImage.imageId` returns) names one image. */
const imageIdPattern = /^sha256:[0-9a-f]{64}$/;

export const dockerPlatform: Platform = {
    id: "docker",
    title: "Docker",
    workloadOf: (typeToken, props, resourceName) => dockerContainerWorkloadOf(typeToken, props, resourceName),
    mountsOf: (_view, container) => dockerContainerMounts(container),
    mountReferences: ["dockerVolume", "fromContainer"],
    referenceName: (view) => {
        const name = field(view.props, "name");
        return isUnknown(name) ? name : asString(name);
    },
    pinsImage: (image) => imageIdPattern.test(image),
    wording: dockerWording("Docker container", "a tmpfs entry with size="),
    guidance: {
        readOnlyRoot: "set readOnly: true and add tmpfs entries with size=.",
        writablePaths:
            'add size= to each tmpfs entry\'s options (e.g. "rw,noexec,nosuid,size=64m"); set tmpfsOptions.sizeBytes on each tmpfs mount of mounts[].',
        hostMounts: "set readOnly: true on bind mounts and hostPath volumes, or keep what is written in a tmpfs or a named volume.",
    },
};
