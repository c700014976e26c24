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

/**
 * The workload view of a resource, or undefined when the resource runs no containers (or its
 * props are not an object at all). Never throws, whatever the props hold.
 */
export function workloadOf(typeToken: string, props: unknown, resourceName: string): WorkloadView | undefined {
    const record = asRecord(props);
    if (!record || typeof typeToken !== "string") {
        return undefined;
    }
    const name = typeof resourceName === "string" ? resourceName : "";
    if (typeToken.startsWith("kubernetes:")) {
        return kubernetesWorkloadOf(typeToken, record, name);
    }
    if (typeToken.startsWith("docker:")) {
        return dockerWorkloadOf(typeToken, record, name);
    }
    return undefined;
}
