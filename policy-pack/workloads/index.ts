// The one place that knows where containers live in each resource type. Policies call
// `workloadOf` and read the view; they never walk props themselves.
import { dockerWorkloadOf } from "./docker";
import { kubernetesWorkloadOf } from "./kubernetes";
import { WorkloadView } from "./model";
import { asRecord } from "./values";

export * from "./model";
export * from "./values";
export * from "./images";
export * from "./kinds";
export { exemptionMarkerKey } from "./marker";
export { dockerContainerType, dockerServiceType } from "./docker";
export { podContainerLists } from "./kubernetes";
export * from "./mounts";
export * from "./configRefs";
export * from "./opaque";

// One view per resource and request: when the policies of one Analyze call share the props
// object (see lib/sharedDeserialization.ts), the view is built once, not once per policy.
const viewsByProps = new WeakMap<object, { typeToken: string; resourceName: string; view: WorkloadView | undefined }>();

/**
 * The workload view of a resource, or undefined when the resource runs no containers (or its
 * props are not an object at all). Never throws, whatever the props hold. Views are read-only.
 */
export function workloadOf(typeToken: string, props: unknown, resourceName: string): WorkloadView | undefined {
    const record = asRecord(props);
    if (!record || typeof typeToken !== "string") {
        return undefined;
    }
    const name = typeof resourceName === "string" ? resourceName : "";
    const cached = viewsByProps.get(record);
    if (cached && cached.typeToken === typeToken && cached.resourceName === name) {
        return cached.view;
    }
    let view: WorkloadView | undefined;
    if (typeToken.startsWith("kubernetes:")) {
        view = kubernetesWorkloadOf(typeToken, record, name);
    } else if (typeToken.startsWith("docker:")) {
        view = dockerWorkloadOf(typeToken, record, name);
    }
    viewsByProps.set(record, { typeToken, resourceName: name, view });
    return view;
}
