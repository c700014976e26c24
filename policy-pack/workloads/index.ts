// The one place policies find workloads: `workloadOf` asks each platform
// (policy-pack/platforms/registry.ts) whether a resource is one of its workloads, and policies
// read the view; they never walk props themselves.
import { Dialect, platformOf, registeredPlatforms } from "../platforms/registry";
import { ConfigReference } from "./configRefs";
import { PodTemplate } from "./podTemplates";
import { WorkloadView } from "./model";
import { asRecord } from "./values";

export * from "./model";
export * from "./values";
export * from "./images";
export { kubernetesWorkloadType, kubernetesWorkloadTypeTokens, podBearingKinds, typeTokenOf } from "../platforms/kubernetes/kinds";
export type { KubernetesWorkloadType, PodBearingKind } from "../platforms/kubernetes/kinds";
export { exemptionMarkerKey } from "./marker";
export { dockerContainerType, dockerServiceType } from "../platforms/docker/workload";
export { podContainerLists } from "../platforms/kubernetes/workload";
export * from "./mounts";
export { mountsOf } from "./mountsOf";
export * from "./configRefs";
export * from "./opaque";
export { podTemplatesOf } from "./podTemplates";
export type { PodTemplate } from "./podTemplates";
export { platformOf, wordingOf, registerPlatform, registeredPlatforms } from "../platforms/registry";
export type { Dialect, Platform as PlatformModule, Wording } from "../platforms/registry";

// One view per resource, request and dialect: when the policies of one Analyze call share the
// props object (see lib/sharedDeserialization.ts), the view is built once, not once per policy.
const viewsByProps = new WeakMap<
    object,
    { typeToken: string; resourceName: string; dialect?: Dialect; podTemplates?: readonly PodTemplate[]; view: WorkloadView | undefined }
>();

/**
 * The workload view of a resource, or undefined when the resource runs no containers (or its
 * props are not an object at all). Never throws, whatever the props hold. Views are read-only.
 * `dialect` says who its findings are written for (a Pulumi user when absent).
 */
export function workloadOf(
    typeToken: string,
    props: unknown,
    resourceName: string,
    dialect?: Dialect,
    podTemplates?: readonly PodTemplate[],
): WorkloadView | undefined {
    const record = asRecord(props);
    if (!record || typeof typeToken !== "string") {
        return undefined;
    }
    const name = typeof resourceName === "string" ? resourceName : "";
    const cached = viewsByProps.get(record);
    if (
        cached &&
        cached.typeToken === typeToken &&
        cached.resourceName === name &&
        cached.dialect === dialect &&
        cached.podTemplates === podTemplates
    ) {
        return cached.view;
    }
    let view: WorkloadView | undefined;
    for (const platform of registeredPlatforms()) {
        view = platform.workloadOf(typeToken, record, name, podTemplates ? { podTemplates } : undefined);
        if (view) {
            break;
        }
    }
    if (view && dialect) {
        view = { ...view, dialect };
    }
    viewsByProps.set(record, { typeToken, resourceName: name, dialect, podTemplates, view });
    return view;
}

/**
 * Every ConfigMap and Secret a workload consumes, as its platform finds them (none on platforms
 * without them).
 */
export function configReferencesOf(view: WorkloadView): ConfigReference[] {
    return platformOf(view).configReferencesOf?.(view) ?? [];
}
