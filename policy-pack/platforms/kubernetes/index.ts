// Kubernetes: every pod-bearing kind of @pulumi/kubernetes (./kinds.ts), its pod spec's container
// lists (./workload.ts), volumeMounts resolved against the pod's volumes (./mounts.ts).
import { podConfigReferencesOf } from "../../workloads/configRefs";
import type { Platform } from "../platform";
import { kubernetesMounts } from "./mounts";
import { kubernetesWording } from "./wording";
import { kubernetesWorkloadOf } from "./workload";

export const kubernetesPlatform: Platform = {
    id: "kubernetes",
    title: "Kubernetes",
    workloadOf: (typeToken, props, resourceName, options) =>
        typeToken.startsWith("kubernetes:") ? kubernetesWorkloadOf(typeToken, props, resourceName, options?.podTemplates) : undefined,
    mountsOf: (view, container) => kubernetesMounts(view, container),
    mountReferences: ["claim", "claimTemplate"],
    configReferencesOf: (view) => podConfigReferencesOf(view),
    wording: kubernetesWording({ component: true }),
    guidance: {
        readOnlyRoot:
            "set securityContext.readOnlyRootFilesystem: true on every container (a pod-level field does not exist) and mount an " +
            "emptyDir with medium: Memory and a sizeLimit at each path the process writes.",
        writablePaths: "give each emptyDir volume a container writes to medium: Memory and a sizeLimit (e.g. 64Mi).",
        hostMounts: "mount hostPath volumes readOnly: true, or keep what is written in an emptyDir or a PersistentVolumeClaim.",
    },
};
