// Where the pod spec lives in every Kubernetes kind that runs containers, at every apiVersion
// the kind has had. Type tokens follow @pulumi/kubernetes: `kubernetes:<group>/<version>:<Kind>`,
// with `core` for the core group, and `<Kind>Patch` for server-side-apply patches.
import { PropertyPath } from "../../workloads/values";

/** A Kubernetes kind that carries a pod spec. */
export interface PodBearingKind {
    readonly kind: string;
    /** `group/version` as it appears in type tokens (`core/v1`, `apps/v1`). */
    readonly groupVersions: readonly string[];
    /** Path from the resource's props to its pod spec. */
    readonly podSpecPath: PropertyPath;
    /** Path from the resource's props to the pod template's metadata, when it has one. */
    readonly podMetadataPath?: PropertyPath;
    /**
     * Argo Workflows: the path of the `templates` list, each template running its own containers
     * (`container`, `script`, `initContainers`, `sidecars`, `containerSet.containers`). The pod-level
     * fields (volumes, templateDefaults) are then at `podSpecPath`.
     */
    readonly templatesPath?: PropertyPath;
}

const templateSpec: PropertyPath = ["spec", "template", "spec"];
const templateMetadata: PropertyPath = ["spec", "template", "metadata"];

/** Every pod-bearing kind and the apiVersions under which it was ever served. */
export const podBearingKinds: readonly PodBearingKind[] = [
    { kind: "Pod", groupVersions: ["core/v1"], podSpecPath: ["spec"] },
    {
        kind: "PodTemplate",
        groupVersions: ["core/v1"],
        podSpecPath: ["template", "spec"],
        podMetadataPath: ["template", "metadata"],
    },
    {
        kind: "ReplicationController",
        groupVersions: ["core/v1"],
        podSpecPath: templateSpec,
        podMetadataPath: templateMetadata,
    },
    {
        kind: "Deployment",
        groupVersions: ["apps/v1", "apps/v1beta1", "apps/v1beta2", "extensions/v1beta1"],
        podSpecPath: templateSpec,
        podMetadataPath: templateMetadata,
    },
    {
        kind: "StatefulSet",
        groupVersions: ["apps/v1", "apps/v1beta1", "apps/v1beta2"],
        podSpecPath: templateSpec,
        podMetadataPath: templateMetadata,
    },
    {
        kind: "DaemonSet",
        groupVersions: ["apps/v1", "apps/v1beta2", "extensions/v1beta1"],
        podSpecPath: templateSpec,
        podMetadataPath: templateMetadata,
    },
    {
        kind: "ReplicaSet",
        groupVersions: ["apps/v1", "apps/v1beta2", "extensions/v1beta1"],
        podSpecPath: templateSpec,
        podMetadataPath: templateMetadata,
    },
    { kind: "Job", groupVersions: ["batch/v1"], podSpecPath: templateSpec, podMetadataPath: templateMetadata },
    {
        kind: "CronJob",
        groupVersions: ["batch/v1", "batch/v1beta1", "batch/v2alpha1"],
        podSpecPath: ["spec", "jobTemplate", "spec", "template", "spec"],
        podMetadataPath: ["spec", "jobTemplate", "spec", "template", "metadata"],
    },
];

/**
 * Custom resources of widely used operators whose objects carry one pod template, as typed
 * resources (crd2pulumi, yaml/v2 and Chart v4 children: `kubernetes:<group>/<version>:<Kind>`)
 * and as `apiextensions.k8s.io` CustomResources naming the same apiVersion and kind. A Rollout with
 * `spec.workloadRef` borrows a Deployment's template: the Deployment is judged, the Rollout has no
 * template of its own.
 */
export const customResourceKinds: readonly PodBearingKind[] = [
    { kind: "Rollout", groupVersions: ["argoproj.io/v1alpha1"], podSpecPath: templateSpec, podMetadataPath: templateMetadata },
    // Knative Serving: a Service and a Configuration template Revisions; a Revision's spec is the pod spec.
    { kind: "Service", groupVersions: ["serving.knative.dev/v1"], podSpecPath: templateSpec, podMetadataPath: templateMetadata },
    { kind: "Configuration", groupVersions: ["serving.knative.dev/v1"], podSpecPath: templateSpec, podMetadataPath: templateMetadata },
    { kind: "Revision", groupVersions: ["serving.knative.dev/v1"], podSpecPath: ["spec"] },
    {
        kind: "ScaledJob",
        groupVersions: ["keda.sh/v1alpha1"],
        podSpecPath: ["spec", "jobTargetRef", "template", "spec"],
        podMetadataPath: ["spec", "jobTargetRef", "template", "metadata"],
    },
    // Argo Workflows: every template of a workflow runs containers of its own.
    ...["Workflow", "WorkflowTemplate", "ClusterWorkflowTemplate"].map((kind) => ({
        kind,
        groupVersions: ["argoproj.io/v1alpha1"],
        podSpecPath: ["spec"],
        templatesPath: ["spec", "templates"],
    })),
    {
        kind: "CronWorkflow",
        groupVersions: ["argoproj.io/v1alpha1"],
        podSpecPath: ["spec", "workflowSpec"],
        templatesPath: ["spec", "workflowSpec", "templates"],
    },
    { kind: "CloneSet", groupVersions: ["apps.kruise.io/v1alpha1"], podSpecPath: templateSpec, podMetadataPath: templateMetadata },
    {
        kind: "StatefulSet",
        groupVersions: ["apps.kruise.io/v1beta1", "apps.kruise.io/v1alpha1"],
        podSpecPath: templateSpec,
        podMetadataPath: templateMetadata,
    },
    { kind: "DaemonSet", groupVersions: ["apps.kruise.io/v1alpha1"], podSpecPath: templateSpec, podMetadataPath: templateMetadata },
];

/** The type token of the generic `kubernetes.apiextensions.CustomResource`, whose props name its apiVersion and kind. */
export const customResourceType = "kubernetes:apiextensions.k8s.io:CustomResource";

/** What a type token says about a pod-bearing resource. */
export interface KubernetesWorkloadType {
    readonly kind: string;
    /** `apps/v1`, or `v1` for the core group, as in a manifest's `apiVersion`. */
    readonly apiVersion: string;
    readonly isPatch: boolean;
    readonly podSpecPath: PropertyPath;
    readonly podMetadataPath?: PropertyPath;
    readonly templatesPath?: PropertyPath;
}

function apiVersionOf(groupVersion: string): string {
    return groupVersion.startsWith("core/") ? groupVersion.slice("core/".length) : groupVersion;
}

const byTypeToken: ReadonlyMap<string, KubernetesWorkloadType> = (() => {
    const table = new Map<string, KubernetesWorkloadType>();
    for (const k of [...podBearingKinds, ...customResourceKinds]) {
        for (const gv of k.groupVersions) {
            const base = {
                kind: k.kind,
                apiVersion: apiVersionOf(gv),
                podSpecPath: k.podSpecPath,
                podMetadataPath: k.podMetadataPath,
                templatesPath: k.templatesPath,
            };
            table.set(`kubernetes:${gv}:${k.kind}`, { ...base, isPatch: false });
            table.set(`kubernetes:${gv}:${k.kind}Patch`, { ...base, isPatch: true });
        }
    }
    return table;
})();

/** Every type token the pack judges as a Kubernetes workload (patches included). */
export const kubernetesWorkloadTypeTokens: readonly string[] = [...byTypeToken.keys()];

/** The workload type of a type token, or undefined when it carries no pod spec. */
export function kubernetesWorkloadType(typeToken: string): KubernetesWorkloadType | undefined {
    return byTypeToken.get(typeToken);
}

/** The type token of a manifest's `apiVersion` and `kind` (`v1` → `core/v1`). */
export function typeTokenOf(apiVersion: string, kind: string): string {
    const groupVersion = apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`;
    return `kubernetes:${groupVersion}:${kind}`;
}
