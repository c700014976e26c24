// Opaque resources: resources that deploy workloads the engine never registers, so no policy of
// the pack can look into them. A Helm `Release` (helm.sh/v3) installs a chart from inside the
// provider; its Deployments, DaemonSets… never reach `validateResource`. The Helm `Chart`
// components (v3, v4) render the chart and register every object, so they are not opaque.
//
// And resources whose props carry a pod spec that no policy inspects (podSpecSearch.ts): custom
// resources (Argo Rollout, Knative Service, KEDA ScaledJob…), ControllerRevisions, resources of
// any provider; or a pod-bearing kind carrying another pod spec besides the one the pack judges.
import { kubernetesWorkloadOf, kubernetesWorkloadTypeOf } from "../platforms/kubernetes/workload";
import { PodTemplate } from "./podTemplates";
import { ContainerView, WorkloadView } from "./model";
import { findPodSpecs, FoundPodSpec } from "./podSpecSearch";
import { asRecord, asString, field, fieldAt, isUnknown } from "./values";

/** What the pack knows about one opaque resource type. */
export interface OpaqueResourceType {
    readonly typeToken: string;
    /** How users call it: `Helm Release`. */
    readonly displayKind: string;
    /** Why the pack cannot see its workloads. */
    readonly why: string;
    /** What to do instead. */
    readonly fix: string;
    /** Where its namespace and release/object name live in its props. */
    readonly namePath: readonly string[];
    readonly namespacePath: readonly string[];
}

/** Every opaque resource type, by type token. */
export const opaqueResourceTypes: readonly OpaqueResourceType[] = [
    {
        typeToken: "kubernetes:helm.sh/v3:Release",
        displayKind: "Helm Release",
        why:
            "installs the chart from inside the Kubernetes provider, so none of the workloads it deploys is registered " +
            "as a Pulumi resource or checked by this policy pack",
        fix:
            "deploy the chart with kubernetes.helm.v4.Chart (kubernetes:helm.sh/v4:Chart) or helm.v3.Chart, whose rendered " +
            "resources are registered and checked, or render it into the program (helm template, then yaml.v2.ConfigGroup)",
        namePath: ["name"],
        namespacePath: ["namespace"],
    },
];

const byTypeToken: ReadonlyMap<string, OpaqueResourceType> = new Map(opaqueResourceTypes.map((t) => [t.typeToken, t]));

/** Every opaque type token. */
export const opaqueResourceTypeTokens: readonly string[] = [...byTypeToken.keys()];

/**
 * Components that render objects and register each of them as a resource of its own (checked
 * there): a pod spec in their inputs is inspected where it is deployed, so it is not searched for.
 */
export const renderingComponentTypeTokens: readonly string[] = [
    "kubernetes:yaml/v2:ConfigGroup",
    "kubernetes:yaml/v2:ConfigFile",
    "kubernetes:yaml:ConfigGroup",
    "kubernetes:yaml:ConfigFile",
    "kubernetes:helm.sh/v4:Chart",
    "kubernetes:helm.sh/v3:Chart",
    "kubernetes:helm.sh/v2:Chart",
    "kubernetes:kustomize/v2:Directory",
    "kubernetes:kustomize:Directory",
    "immutable-workloads:index:ImmutableService",
];

const renderingComponents: ReadonlySet<string> = new Set(renderingComponentTypeTokens);

/** The type token of the generic custom resource of @pulumi/kubernetes (`apiextensions.CustomResource`). */
export const genericCustomResourceType = "kubernetes:apiextensions.k8s.io:CustomResource";

/** A resource whose workloads (or some of them) the pack cannot see. */
export interface OpaqueResourceView {
    /** Set for an opaque type (a Helm Release); unset for a resource found to carry pod specs. */
    readonly type?: OpaqueResourceType;
    readonly typeToken: string;
    /** How users call its kind: `Rollout`, `ControllerRevision`, `Task` (the type token's last part). */
    readonly kind: string;
    /** The `apiVersion` a generic CustomResource carries. */
    readonly apiVersion?: string;
    /** The release name when set and known, else the Pulumi resource name. */
    readonly name: string;
    readonly resourceName: string;
    /** Namespace when set and known. */
    readonly namespace?: string;
    /** What it deploys, as far as known at preview: `chart ingress-nginx 4.11.0 from https://…`. */
    readonly deploys?: string;
    /** Pod specs in its props that no policy inspects (empty for an opaque type, reported as a whole). */
    readonly uninspectedPodSpecs: readonly FoundPodSpec[];
    /**
     * The props were too large to search whole (the node budget ran out) or could not be read:
     * a pod spec may sit in the part never searched. Such a resource is reported even when the
     * part searched held none; a padded custom resource must not pass by hiding its pod spec
     * past the budget.
     */
    readonly searchIncomplete: boolean;
    /**
     * Entries of a `<Kind>Patch` that carry an image and leave the read-only flag unset: merged
     * by name, such an entry bumps the image of an existing container, or adds a container whose
     * root filesystem is writable. The patch alone cannot tell which.
     */
    readonly patchContainers?: readonly ContainerView[];
    /**
     * The patch carries the exemption marker with a justification: its `patchContainers` are
     * exempt when the policy's config honours the marker (it does unless `honourExemptionMarker`
     * is false).
     */
    readonly patchMarkerSet?: boolean;
}

/** The entries of a patch that may add a container with a writable root filesystem. */
export function patchContainersThatMayAdd(view: WorkloadView | undefined): ContainerView[] {
    if (!view?.isPatch) {
        return [];
    }
    return view.containers.filter(
        (c) => c.readOnlyRootFilesystem.state === "unset" && typeof c.image === "string" && c.image.trim() !== "",
    );
}

function knownString(value: unknown): string | undefined {
    return isUnknown(value) ? undefined : asString(value);
}

function helmChartDescription(props: unknown): string | undefined {
    const chart = knownString(field(props, "chart"));
    if (chart === undefined || chart === "") {
        return undefined;
    }
    const version = knownString(field(props, "version"));
    const repo = knownString(fieldAt(props, ["repositoryOpts", "repo"]));
    return `chart ${chart}${version ? ` ${version}` : ""}${repo ? ` from ${repo}` : ""}`;
}

function kindOf(typeToken: string): string {
    return typeToken.slice(typeToken.lastIndexOf(":") + 1) || typeToken;
}

/**
 * The view of an opaque resource, or of any resource whose props carry a pod spec no policy
 * inspects; undefined otherwise. Never throws.
 */
export function opaqueResourceOf(
    typeToken: string,
    props: unknown,
    resourceName: string,
    podTemplates: readonly PodTemplate[] = [],
): OpaqueResourceView | undefined {
    if (typeof typeToken !== "string") {
        return undefined;
    }
    const name = typeof resourceName === "string" ? resourceName : "";
    const type = byTypeToken.get(typeToken);
    if (type) {
        return {
            type,
            typeToken,
            kind: kindOf(typeToken),
            name: knownString(fieldAt(props, type.namePath)) || name,
            resourceName: name,
            namespace: knownString(fieldAt(props, type.namespacePath)) || undefined,
            deploys: helmChartDescription(props),
            uninspectedPodSpecs: [],
            searchIncomplete: false,
        };
    }
    if (renderingComponents.has(typeToken) || !asRecord(props)) {
        return undefined;
    }
    const workloadType = kubernetesWorkloadTypeOf(typeToken, props, podTemplates);
    const judged = workloadType?.templatesPath ?? workloadType?.podSpecPath;
    const search = findPodSpecs(props, judged ? [judged] : []);
    const patch = workloadType?.isPatch ? kubernetesWorkloadOf(typeToken, asRecord(props) ?? {}, name) : undefined;
    const patchContainers = patchContainersThatMayAdd(patch);
    const searchIncomplete = search.stoppedBy === "nodes" || search.stoppedBy === "error";
    if (search.found.length === 0 && patchContainers.length === 0 && !searchIncomplete) {
        return undefined;
    }
    const generic = typeToken === genericCustomResourceType;
    const declaredKind = knownString(field(props, "kind"));
    return {
        typeToken,
        kind: generic && declaredKind ? declaredKind : kindOf(typeToken),
        apiVersion: generic ? knownString(field(props, "apiVersion")) || undefined : undefined,
        name: knownString(fieldAt(props, ["metadata", "name"])) || name,
        resourceName: name,
        namespace: knownString(fieldAt(props, ["metadata", "namespace"])) || undefined,
        uninspectedPodSpecs: search.found,
        searchIncomplete,
        patchContainers,
        patchMarkerSet: patch?.exemption.state === "set",
    };
}
