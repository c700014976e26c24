// Kubernetes objects: finds the pod spec of every pod-bearing kind and the containers in its
// three container lists, reading every field defensively.
import { customResourceType, kubernetesWorkloadType, KubernetesWorkloadType, typeTokenOf } from "./kinds";
import { markerInMap } from "../../workloads/marker";
import { remountGrantsOf } from "../../workloads/remount";
import { ContainerList, ContainerView, WorkloadView } from "../../workloads/model";
import { asRecord, asString, booleanField, field, fieldAt, isUnknown, malformedStep, plain, PropertyPath } from "../../workloads/values";

/** The container lists of a pod spec, in the order Kubernetes starts them. */
export const podContainerLists: readonly ContainerList[] = ["initContainers", "containers", "ephemeralContainers"];

const readOnlyField: PropertyPath = ["securityContext", "readOnlyRootFilesystem"];
const kubernetesRemountFields = { privileged: ["securityContext", "privileged"], capabilitiesAdded: ["securityContext", "capabilities", "add"] };

type Malformed = Array<{ path: PropertyPath; value: unknown }>;

function containersOf(podSpec: unknown, specPath: PropertyPath, unknowns: PropertyPath[], malformed: Malformed): ContainerView[] {
    const found: ContainerView[] = [];
    for (const list of podContainerLists) {
        const listPath = [...specPath, list];
        const entries = field(podSpec, list);
        if (isUnknown(entries)) {
            unknowns.push(listPath);
            continue;
        }
        if (!Array.isArray(entries)) {
            if (entries !== undefined && entries !== null) {
                malformed.push({ path: listPath, value: entries });
            }
            continue;
        }
        entries.forEach((entry, index) => {
            const path = [...listPath, index];
            const spec = asRecord(entry);
            if (!spec) {
                if (isUnknown(plain(entry))) {
                    unknowns.push(path);
                } else {
                    malformed.push({ path, value: plain(entry) });
                }
                return;
            }
            const image = field(spec, "image");
            found.push({
                list,
                index,
                name: asString(field(spec, "name")) ?? `#${index}`,
                path,
                image: isUnknown(image) ? image : asString(image),
                imagePath: [...path, "image"],
                readOnlyRootFilesystem: booleanField(spec, readOnlyField),
                readOnlyRootFilesystemPath: [...path, ...readOnlyField],
                readOnlyRootFilesystemField: "securityContext.readOnlyRootFilesystem",
                remountGrants: remountGrantsOf(spec, path, kubernetesRemountFields),
                spec,
            });
        });
    }
    return found;
}

/** The workload view of a Kubernetes resource of a pod-bearing type. */
export function kubernetesWorkload(
    typeToken: string,
    workloadType: KubernetesWorkloadType,
    props: Record<string, unknown>,
    resourceName: string,
): WorkloadView {
    const { podSpecPath } = workloadType;
    const podSpec = fieldAt(props, podSpecPath);
    const unknownContainers: PropertyPath[] = [];
    const malformedContainers: Malformed = [];
    if (isUnknown(podSpec)) {
        unknownContainers.push(podSpecPath);
    } else if (podSpec !== undefined && podSpec !== null && !asRecord(podSpec)) {
        malformedContainers.push({ path: podSpecPath, value: podSpec });
    } else {
        // `spec: "x"` or `spec.template: 1` hide the pod spec as well as a malformed one does.
        const step = malformedStep(props, podSpecPath);
        if (step) {
            malformedContainers.push(step);
        }
    }
    const osName = fieldAt(podSpec, ["os", "name"]);
    const podLevelPath = [...podSpecPath, ...readOnlyField];
    const podLevel = booleanField(podSpec, readOnlyField);
    const namespace = fieldAt(props, ["metadata", "namespace"]);
    return {
        platform: "kubernetes",
        typeToken,
        kind: workloadType.kind,
        apiVersion: workloadType.apiVersion,
        isPatch: workloadType.isPatch,
        name: asString(fieldAt(props, ["metadata", "name"])) ?? resourceName,
        resourceName,
        namespace: asString(namespace),
        exemption: markerInMap(fieldAt(props, ["metadata", "annotations"]), ["metadata", "annotations"]),
        notApplicable:
            asString(osName)?.toLowerCase() === "windows"
                ? "Windows pods cannot set readOnlyRootFilesystem (the API rejects it when spec.os.name is windows)"
                : undefined,
        specPath: podSpecPath,
        podLevelReadOnlyRootFilesystem: podLevel.state === "unset" ? undefined : { path: podLevelPath, value: podLevel },
        containers: asRecord(podSpec) ? containersOf(podSpec, podSpecPath, unknownContainers, malformedContainers) : [],
        unknownContainers,
        malformedContainers,
        props,
    };
}

/** The workload view of any resource whose type token is a pod-bearing Kubernetes kind. */
export function kubernetesWorkloadOf(
    typeToken: string,
    props: Record<string, unknown>,
    resourceName: string,
): WorkloadView | undefined {
    const workloadType = kubernetesWorkloadType(typeToken) ?? customResourceWorkloadType(typeToken, props);
    return workloadType ? kubernetesWorkload(typeToken, workloadType, props, resourceName) : undefined;
}

/**
 * A generic CustomResource is created as the apiVersion and kind its props name: one naming a
 * pod-bearing kind (an Argo Rollout, or even apps/v1 Deployment) is judged as that kind.
 */
export function customResourceWorkloadType(typeToken: string, props: unknown): KubernetesWorkloadType | undefined {
    if (typeToken !== customResourceType) {
        return undefined;
    }
    const apiVersion = asString(field(props, "apiVersion"));
    const kind = asString(field(props, "kind"));
    return apiVersion && kind ? kubernetesWorkloadType(typeTokenOf(apiVersion, kind)) : undefined;
}
