// AWS ECS: the container definitions of a task definition (@pulumi/aws's JSON string,
// aws-native's list; awsx's FargateService and EC2Service register an aws.ecs.TaskDefinition,
// which is what the pack sees), judged on `readonlyRootFilesystem`.
import type { Platform } from "../platform";
import { encodeRemediated } from "./encoding";
import { ecsMounts } from "./mounts";
import { ecsWording } from "./wording";
import { ecsWorkloadOf } from "./workload";

export const ecsPlatform: Platform = {
    id: "ecs",
    title: "AWS ECS",
    workloadOf: (typeToken, props, resourceName) => ecsWorkloadOf(typeToken, props, resourceName),
    mountsOf: (view, container) => ecsMounts(view, container),
    encodeRemediated: (original, remediated) => encodeRemediated(original, remediated),
    wording: ecsWording(),
    guidance: {
        readOnlyRoot:
            "set readonlyRootFilesystem: true in every container definition, and give each path the process writes a " +
            "linuxParameters.tmpfs entry with a size (EC2) or a task-storage volume (Fargate).",
        writablePaths:
            "give each linuxParameters.tmpfs entry a size (MiB); Fargate has no tmpfs, so there the writable paths are " +
            "task-storage volumes, bounded by the task's ephemeralStorage, which this policy does not count.",
        hostMounts: "mount host volumes (hostPath, host.sourcePath) with readOnly: true in mountPoints and volumesFrom.",
    },
};
