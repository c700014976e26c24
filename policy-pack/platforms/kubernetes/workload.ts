// Kubernetes objects: finds the pod spec of every pod-bearing kind and the containers in its
// three container lists, reading every field defensively.
import { customResourceType, kubernetesWorkloadType, KubernetesWorkloadType, typeTokenOf } from "./kinds";
import { markerInMap } from "../../workloads/marker";
import { remountGrantsOf } from "../../workloads/remount";
import { ContainerList, ContainerView, WorkloadView } from "../../workloads/model";
import { declaredPodTemplate, PodTemplate } from "../../workloads/podTemplates";
import {
    asRecord,
    asString,
    booleanField,
    field,
    fieldAt,
    isUnknown,
    malformedStep,
    plain,
    PropertyPath,
    pathWith,
} from "../../workloads/values";

/** The container lists of a pod spec, in the order Kubernetes starts them. */
export const podContainerLists: readonly ContainerList[] = ["initContainers", "containers", "ephemeralContainers"];

const readOnlyField: PropertyPath = ["securityContext", "readOnlyRootFilesystem"];
const kubernetesRemountFields = {
    privileged: ["securityContext", "privileged"],
    capabilitiesAdded: ["securityContext", "capabilities", "add"],
};

type Malformed = Array<{ path: PropertyPath; value: unknown }>;

function containerView(
    list: ContainerList,
    index: number,
    spec: Record<string, unknown>,
    path: PropertyPath,
    label?: string,
    fallbackName?: string,
): ContainerView {
    const image = field(spec, "image");
    return {
        list,
        index,
        name: asString(field(spec, "name")) ?? fallbackName ?? `#${index}`,
        path,
        label,
        image: isUnknown(image) ? image : asString(image),
        imagePath: pathWith(path, "image"),
        readOnlyRootFilesystem: booleanField(spec, readOnlyField),
        readOnlyRootFilesystemPath: pathWith(path, "securityContext", "readOnlyRootFilesystem"),
        readOnlyRootFilesystemField: "securityContext.readOnlyRootFilesystem",
        remountGrants: remountGrantsOf(spec, path, kubernetesRemountFields),
        spec,
    };
}

/** The containers of one list (`containers`, `sidecars`…) of an object; unknown and malformed entries noted. */
function listContainers(
    owner: unknown,
    listPath: PropertyPath,
    key: string,
    list: ContainerList,
    found: ContainerView[],
    unknowns: PropertyPath[],
    malformed: Malformed,
    labelPrefix?: string,
): void {
    const entries = field(owner, key);
    if (isUnknown(entries)) {
        unknowns.push(listPath);
        return;
    }
    if (!Array.isArray(entries)) {
        if (entries !== undefined && entries !== null) {
            malformed.push({ path: listPath, value: entries });
        }
        return;
    }
    entries.forEach((entry, index) => {
        const path = pathWith(listPath, index);
        const spec = asRecord(entry);
        if (!spec) {
            if (isUnknown(plain(entry))) {
                unknowns.push(path);
            } else {
                malformed.push({ path, value: plain(entry) });
            }
            return;
        }
        found.push(containerView(list, index, spec, path, labelPrefix === undefined ? undefined : `${labelPrefix}[${index}]`));
    });
}

function containersOf(podSpec: unknown, specPath: PropertyPath, unknowns: PropertyPath[], malformed: Malformed): ContainerView[] {
    const found: ContainerView[] = [];
    for (const list of podContainerLists) {
        listContainers(podSpec, pathWith(specPath, list), list, list, found, unknowns, malformed);
    }
    return found;
}

/**
 * The containers of every Argo Workflows template: `container` and `script` (one each, merged
 * over `templateDefaults` the way Argo merges them), `initContainers`, `sidecars` and
 * `containerSet.containers`.
 */
function templateContainers(
    props: Record<string, unknown>,
    podSpecPath: PropertyPath,
    templatesPath: PropertyPath,
    unknowns: PropertyPath[],
    malformed: Malformed,
): ContainerView[] {
    const found: ContainerView[] = [];
    const templates = fieldAt(props, templatesPath);
    if (isUnknown(templates)) {
        unknowns.push(templatesPath);
        return found;
    }
    if (!Array.isArray(templates)) {
        if (templates !== undefined && templates !== null) {
            malformed.push({ path: templatesPath, value: templates });
        }
        return found;
    }
    const defaults = fieldAt(props, pathWith(podSpecPath, "templateDefaults"));
    templates.forEach((template, t) => {
        const at = pathWith(templatesPath, t);
        if (isUnknown(plain(template))) {
            unknowns.push(at);
            return;
        }
        if (!asRecord(template)) {
            malformed.push({ path: at, value: plain(template) });
            return;
        }
        const templateName = asString(field(template, "name"));
        const where = `templates[${t}]`;
        for (const single of ["container", "script"] as const) {
            const value = field(template, single);
            if (isUnknown(value)) {
                unknowns.push(pathWith(at, single));
                continue;
            }
            if (value === undefined || value === null) {
                continue;
            }
            const spec = asRecord(value);
            if (!spec) {
                malformed.push({ path: pathWith(at, single), value });
                continue;
            }
            const view = containerView(single, t, spec, pathWith(at, single), `${where}.${single}`, templateName);
            const own = view.readOnlyRootFilesystem;
            const inherited = booleanField(field(defaults, single), readOnlyField);
            found.push(own.state === "unset" && inherited.state !== "unset" ? { ...view, readOnlyRootFilesystem: inherited } : view);
        }
        listContainers(
            template,
            pathWith(at, "initContainers"),
            "initContainers",
            "initContainers",
            found,
            unknowns,
            malformed,
            `${where}.initContainers`,
        );
        listContainers(template, pathWith(at, "sidecars"), "sidecars", "sidecars", found, unknowns, malformed, `${where}.sidecars`);
        const set = field(template, "containerSet");
        if (isUnknown(set)) {
            unknowns.push(pathWith(at, "containerSet"));
        } else if (set !== undefined && set !== null) {
            listContainers(
                set,
                pathWith(at, "containerSet", "containers"),
                "containers",
                "containers",
                found,
                unknowns,
                malformed,
                `${where}.containerSet.containers`,
            );
        }
    });
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
    const podLevelPath = pathWith(podSpecPath, "securityContext", "readOnlyRootFilesystem");
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
        containers: workloadType.templatesPath
            ? templateContainers(props, podSpecPath, workloadType.templatesPath, unknownContainers, malformedContainers)
            : asRecord(podSpec)
              ? containersOf(podSpec, podSpecPath, unknownContainers, malformedContainers)
              : [],
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
    podTemplates: readonly PodTemplate[] = [],
): WorkloadView | undefined {
    const workloadType = kubernetesWorkloadTypeOf(typeToken, props, podTemplates);
    return workloadType ? kubernetesWorkload(typeToken, workloadType, props, resourceName) : undefined;
}

/** The workload type of a resource: a built-in or known kind, a CustomResource naming one, or a declared one. */
export function kubernetesWorkloadTypeOf(
    typeToken: string,
    props: unknown,
    podTemplates: readonly PodTemplate[] = [],
): KubernetesWorkloadType | undefined {
    return (
        kubernetesWorkloadType(typeToken) ??
        customResourceWorkloadType(typeToken, props) ??
        declaredWorkloadType(typeToken, props, podTemplates)
    );
}

/** `kubernetes:example.com/v1:Worker` (or a CustomResource of that apiVersion and kind) declared in `podTemplates`. */
function declaredWorkloadType(typeToken: string, props: unknown, podTemplates: readonly PodTemplate[]): KubernetesWorkloadType | undefined {
    if (podTemplates.length === 0) {
        return undefined;
    }
    let apiVersion: string | undefined;
    let kind: string | undefined;
    if (typeToken === customResourceType) {
        apiVersion = asString(field(props, "apiVersion"));
        kind = asString(field(props, "kind"));
    } else {
        const m = /^kubernetes:([^:]+):([^:]+)$/.exec(typeToken);
        if (m) {
            apiVersion = m[1].startsWith("core/") ? m[1].slice("core/".length) : m[1];
            kind = m[2];
        }
    }
    const declared = apiVersion && kind ? declaredPodTemplate(podTemplates, apiVersion, kind) : undefined;
    return declared && apiVersion && kind ? { kind, apiVersion, isPatch: false, podSpecPath: declared.podSpecPath } : undefined;
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
