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

/** What a type token says about a pod-bearing resource. */
export interface KubernetesWorkloadType {
    readonly kind: string;
    /** `apps/v1`, or `v1` for the core group, as in a manifest's `apiVersion`. */
    readonly apiVersion: string;
    readonly isPatch: boolean;
    readonly podSpecPath: PropertyPath;
    readonly podMetadataPath?: PropertyPath;
}

function apiVersionOf(groupVersion: string): string {
    return groupVersion.startsWith("core/") ? groupVersion.slice("core/".length) : groupVersion;
}

const byTypeToken: ReadonlyMap<string, KubernetesWorkloadType> = (() => {
    const table = new Map<string, KubernetesWorkloadType>();
    for (const k of podBearingKinds) {
        for (const gv of k.groupVersions) {
            const base = {
                kind: k.kind,
                apiVersion: apiVersionOf(gv),
                podSpecPath: k.podSpecPath,
                podMetadataPath: k.podMetadataPath,
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
