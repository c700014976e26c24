// inspectable-workloads: a workload the pack cannot see into must not pass silently.
//
// Per resource: a Helm Release (helm.sh/v3) deploys manifests that never reach the policy engine,
// so every other policy of this pack passes it without having looked; and any resource whose
// props carry a pod spec that no policy inspects (a custom resource such as an Argo Rollout, a
// ControllerRevision, a resource of a provider the pack does not know) is named with where the
// pod spec is.
//
// Over the stack: what the stack view of host mounts (no-writable-host-mounts) cannot decide, so
// that no writable host mount hides behind a name: volumes-from a container that is not in the
// stack, a name unknown at preview, a PersistentVolume on a node directory that no claim of the
// stack is known to be bound to.
import { PolicyConfigSchema } from "@pulumi/policy";
import { withStackPart } from "../lib/combinedPolicy";
import { exemptionMarkerConfigProperties, globList, podTemplatesConfigProperties } from "../lib/config";
import { containerLabel, workloadLabel } from "../lib/containers";
import { markerHonoured, namedResourceExemption } from "../lib/exemptions";
import { Finding } from "../lib/findings";
import { opaqueResourcePolicy, OpaqueResourcePolicyDefinition } from "../lib/opaquePolicy";
import { StackFinding, StackPolicyDefinition, stackPolicy, StackResource } from "../lib/stackPolicy";
import { ContainerView, formatPath, isUnknown, MountView, OpaqueResourceView, WorkloadView } from "../workloads";
import { platformTags } from "../platforms/registry";
import { defaultPodSpecSearchLimits, FoundPodSpec } from "../workloads/podSpecSearch";
import {
    claimLabel,
    ContainerInStack,
    NodeVolumeUnattributed,
    SideDoorBlindSpot,
    stackHostMountsOf,
    storageLabel,
} from "../workloads/sideDoors";
import { NodeDirectory } from "../workloads/storage";

/** The policy's name. */
export const inspectableWorkloadsPolicyName = "inspectable-workloads";

/** Config of inspectable-workloads (defaults in the schema). */
export interface InspectableWorkloadsConfig {
    /** False: a patch's exemption marker exempts nothing. */
    readonly honourExemptionMarker: boolean;
    readonly exemptNamespaces: readonly string[];
    readonly exemptResources: readonly string[];
    /** The namespace of Kubernetes objects that set none (stack part). */
    readonly defaultNamespace: string;
}

export const inspectableWorkloadsConfigSchema: PolicyConfigSchema = {
    properties: {
        ...podTemplatesConfigProperties,
        ...exemptionMarkerConfigProperties,
        exemptNamespaces: globList("Namespaces (globs) whose resources are not reported."),
        exemptResources: globList(
            "Resources (globs) that are not reported, matched against the Pulumi resource name, the object's (or release's) " +
                "name and `<Kind>/<name>` (`Release/ingress`, `Rollout/web`).",
        ),
        defaultNamespace: {
            type: "string",
            default: "default",
            description:
                "The namespace of Kubernetes objects that set none (the provider's default namespace), used to match claims " +
                "and PersistentVolumes in the stack.",
        },
    },
};

// ---------------------------------------------------------------------------------------------
// Per resource

function containersText(spec: FoundPodSpec): string {
    const shown = spec.containers.slice(0, 3);
    const more = spec.containers.length > shown.length ? ` and ${spec.containers.length - shown.length} more` : "";
    const names = shown.map((c, i) => (c.name !== undefined ? `"${c.name}"` : `#${i}`));
    const images = shown.map((c) => c.image);
    return shown.length === 1
        ? `container ${names[0]}, image ${images[0]}`
        : `containers ${names.join(", ")}${more}, images ${images.join(", ")}`;
}

function resourceText(view: OpaqueResourceView): string {
    const ns = view.namespace ? `namespace ${view.namespace}, ` : "";
    const type = view.apiVersion ? `${view.apiVersion} through ${view.typeToken}` : view.typeToken;
    return `${view.kind} "${view.name}" (${ns}${type})`;
}

function podSpecFinding(view: OpaqueResourceView, spec: FoundPodSpec): Finding {
    const where = spec.path.length === 0 ? "the top level of its props" : formatPath(spec.path);
    return {
        path: spec.path,
        message:
            `${resourceText(view)} carries a pod spec at ${where} (${containersText(spec)}) that this policy pack does not ` +
            `inspect: no policy of the pack checks its containers (read-only root filesystem, writable paths, host mounts, ` +
            `pinned images), so it would pass without having been looked at. Until the pack judges ${view.kind} resources, ` +
            `review that pod spec yourself, or deploy the workload as a kind the pack inspects (Deployment, StatefulSet, ` +
            `DaemonSet, Job, CronJob, Pod); then record the review with exemptResources ("${view.kind}/${view.name}").`,
    };
}

/** The findings of inspectable-workloads for one opaque resource, or one carrying uninspected pod specs. Pure. */
export function findOpaqueWorkloads(view: OpaqueResourceView, config: InspectableWorkloadsConfig): Finding[] {
    if (namedResourceExemption({ kind: view.kind, name: view.name, resourceName: view.resourceName, namespace: view.namespace }, config)) {
        return [];
    }
    const type = view.type;
    if (type) {
        const deploys = view.deploys ? ` (${view.deploys}${view.namespace ? `, namespace ${view.namespace}` : ""})` : "";
        return [
            {
                path: [],
                message:
                    `${type.displayKind} "${view.name}"${deploys} deploys workloads this policy pack never sees: ` +
                    `${view.typeToken} ${type.why}. To have them checked, ${type.fix}.`,
            },
        ];
    }
    return [
        ...view.uninspectedPodSpecs.map((spec) => podSpecFinding(view, spec)),
        ...(view.searchIncomplete ? [incompleteSearchFinding(view)] : []),
        ...(view.patchMarkerSet && markerHonoured(config) ? [] : (view.patchContainers ?? []).map((c) => patchFinding(view, c))),
    ];
}

function incompleteSearchFinding(view: OpaqueResourceView): Finding {
    const budget = defaultPodSpecSearchLimits.maxNodes.toLocaleString("en");
    return {
        path: [],
        message:
            `${resourceText(view)} could not be searched whole for pod specs (the search stops after ${budget} values, ` +
            `or at a value it cannot read), so a pod spec in the rest of its props would pass without having been looked ` +
            `at. Review the resource yourself, or split it into smaller ones; then record the review with exemptResources ("${view.kind}/${view.name}").`,
    };
}

function patchFinding(view: OpaqueResourceView, container: ContainerView): Finding {
    const field = formatPath(container.readOnlyRootFilesystemPath);
    return {
        container: container.name,
        path: container.path,
        message:
            `${view.kind} "${view.name}" ${container.list}[${container.index}] "${container.name}" sets image ` +
            `${JSON.stringify(container.image)} but not ${container.readOnlyRootFilesystemField}: the patch is merged by ` +
            `container name, so if no container "${container.name}" exists yet it adds one whose root filesystem is ` +
            `writable (an image bump of an existing container looks the same, so this is advisory). Set ${field}: true ` +
            `in the patch entry, which is right in both cases.`,
    };
}

// ---------------------------------------------------------------------------------------------
// Over the stack

function target(mount: MountView): string {
    return typeof mount.target === "string" ? ` at ${mount.target}` : "";
}

function nodeDirectoryText(directory: NodeDirectory): string {
    const path = typeof directory.path === "string" ? directory.path : "a directory unknown until the update";
    return `a ${directory.source === "local" ? "local volume" : "hostPath"} of ${path} on the node (${formatPath(directory.pathPath)})`;
}

function list<T>(items: readonly T[], text: (item: T) => string, max = 3): string {
    const shown = items.slice(0, max).map(text);
    return shown.join(", ") + (items.length > shown.length ? ` and ${items.length - shown.length} more` : "");
}

const judgedAgain = "It is judged again at pulumi up, when the value is known";

function consumerFinding(c: ContainerInStack, path: readonly (string | number)[], message: string): StackFinding {
    return { urn: c.resource.urn, container: c.container.name, path, message: `${containerLabel(c.view, c.container)} ${message}` };
}

function unattributedText(why: NodeVolumeUnattributed): string {
    switch (why.kind) {
        case "unknown":
            return (
                `and which claim is bound to it is unknown until the update (${why.what}): a pod that mounts that claim writable ` +
                `can change files on the node. ${judgedAgain}; to have it judged now, bind the volume to one claim by name ` +
                `(spec.claimRef, or the claim's spec.volumeName, with names known before the update)`
            );
        case "claimOutside":
            return (
                `bound to claim ${why.namespace}/${why.name} (spec.claimRef), which is not in this stack: the policy pack cannot ` +
                `see which pods mount it, or whether they mount it read-only. Deploy that claim and the workloads that mount it in ` +
                `this stack, so that the pack checks them, or use storage that is not a directory of a node`
            );
        case "unclaimed": {
            const storageClass =
                why.storageClassName === "" ? `that asks for no storage class ("")` : `of storage class "${why.storageClassName}"`;
            const more = why.candidateCount > why.candidates.length ? ` and ${why.candidateCount - why.candidates.length} more` : "";
            const candidates = why.candidates.length
                ? ` (here ${list(why.candidates, (c) => `PersistentVolumeClaim "${claimLabel(c.claim)}" (namespace ${c.namespace})${c.writableBy.length ? `, mounted writable by ${list(c.writableBy, workloadLabel)}` : ""}`)}${more})`
                : "";
            return (
                `and no claim names it (no claim's spec.volumeName, no spec.claimRef): any claim ${storageClass} can be bound to it` +
                `${candidates}, so the policy pack cannot tell which pod will write to the node. A storage class is not a binding: ` +
                `bind the volume to one claim (spec.claimRef, or the claim's spec.volumeName) so that the pack checks the pods ` +
                `that mount it, or use storage that is not a directory of a node`
            );
        }
    }
}

function blindSpotFinding(spot: SideDoorBlindSpot): StackFinding {
    switch (spot.kind) {
        case "volumeNameUnknown":
            return consumerFinding(
                spot.consumer,
                spot.namePath,
                `mounts a Docker volume whose name is unknown until the update${target(spot.mount)} writable ` +
                    `(${formatPath(spot.namePath)}), and this stack has volumes that bind host directories ` +
                    `(${list(spot.candidates, (c) => `docker.Volume "${storageLabel(c.volume)}": ${c.volume.local.kind === "bind" && typeof c.volume.local.device === "string" ? c.volume.local.device : "a host directory"}`)}): ` +
                    `the policy pack cannot tell yet whether this mount is one of them, a writable mount of the host. ${judgedAgain}; ` +
                    `to have it judged now, give the volume a name known before the update, or mount it readOnly: true ` +
                    `(${formatPath(spot.mount.readOnlyPath)}).`,
            );
        case "volumeOptionsUnknown":
            return consumerFinding(
                spot.consumer,
                spot.mount.readOnlyPath,
                `mounts Docker volume "${storageLabel(spot.volume)}"${target(spot.mount)} writable (${formatPath(spot.mount.path)}), ` +
                    `whose driver options are unknown until the update (docker.Volume "${storageLabel(spot.volume)}" driver, ` +
                    `driverOpts): if they bind a host directory, the container can change files on the host. ${judgedAgain}.`,
            );
        case "claimNameUnknown":
            return consumerFinding(
                spot.consumer,
                spot.claimNamePath,
                `mounts a PersistentVolumeClaim whose name is unknown until the update${target(spot.mount)} writable ` +
                    `(${formatPath(spot.claimNamePath)}), and this stack has claims bound to node directories ` +
                    `(${list(spot.candidates, (c) => `PersistentVolumeClaim "${claimLabel(c.claim)}" → PersistentVolume "${storageLabel(c.volume)}"`)}): ` +
                    `the policy pack cannot tell yet whether this mount is one of them, a writable mount of a node's directory. ` +
                    `${judgedAgain}; or mount it readOnly: true (${formatPath(spot.mount.readOnlyPath)}).`,
            );
        case "volumesFromOutside":
            return consumerFinding(
                spot.consumer,
                spot.path,
                `takes every mount of container "${spot.containerName}" (${formatPath(spot.path)}), which is not in this stack: the ` +
                    `policy pack cannot see its mounts, so a writable host mount it has would be this container's too, unchecked. ` +
                    `Declare that container in this stack, or set ${formatPath(spot.mount.readOnlyPath)}: true, or mount what this ` +
                    `container needs directly instead of taking every mount of another container.`,
            );
        case "volumesFromUnknown":
            return consumerFinding(
                spot.consumer,
                spot.path,
                `takes every mount of a container whose name is unknown until the update (${formatPath(spot.path)}): the policy ` +
                    `pack cannot see yet which mounts it takes, a writable host mount among them would be this container's too. ` +
                    `${judgedAgain} (name the container by its name, not its id, so the pack finds it), or set ` +
                    `${formatPath(spot.mount.readOnlyPath)}: true.`,
            );
        case "nodeVolumeUnattributed":
            return {
                urn: spot.resource.urn,
                path: spot.directory.pathPath,
                message: `PersistentVolume "${storageLabel(spot.volume)}" is ${nodeDirectoryText(spot.directory)}, ${unattributedText(spot.why)}.`,
            };
    }
}

function namespaceOf(view: WorkloadView): string | undefined {
    return view.namespace;
}

function blindSpotExempt(spot: SideDoorBlindSpot, config: InspectableWorkloadsConfig): boolean {
    if (spot.kind === "nodeVolumeUnattributed") {
        const name = storageLabel(spot.volume);
        return namedResourceExemption({ kind: "PersistentVolume", name, resourceName: spot.volume.resourceName }, config) !== undefined;
    }
    const view = spot.consumer.view;
    return (
        namedResourceExemption(
            { kind: view.kind, name: view.name, resourceName: view.resourceName, namespace: namespaceOf(view) },
            config,
        ) !== undefined
    );
}

/** The findings of the stack part of inspectable-workloads: host mounts the stack view cannot decide. Pure. */
export function findUndecidableHostMounts(resources: readonly StackResource[], config: InspectableWorkloadsConfig): StackFinding[] {
    const defaultNamespace =
        typeof config.defaultNamespace === "string" && config.defaultNamespace !== "" && !isUnknown(config.defaultNamespace)
            ? config.defaultNamespace
            : "default";
    const { blindSpots } = stackHostMountsOf(resources, { defaultNamespace });
    return blindSpots.filter((spot) => !blindSpotExempt(spot, config)).map(blindSpotFinding);
}

export const inspectableWorkloadsDefinition: OpaqueResourcePolicyDefinition<InspectableWorkloadsConfig> = {
    name: inspectableWorkloadsPolicyName,
    displayName: "Inspectable workloads",
    description:
        "No workload is deployed where the policy pack cannot see it: a Helm Release (kubernetes:helm.sh/v3:Release) " +
        "installs manifests that are never registered as resources; a custom resource (Argo Rollout, Knative Service…), " +
        "ControllerRevision or resource of another provider can carry a pod spec no policy inspects; and a mount can reach a " +
        "host directory through something the pack cannot follow (volumes-from a container outside the stack, a " +
        "PersistentVolume on a node directory bound to no known claim, a name unknown at preview).",
    enforcementLevel: "advisory",
    severity: "medium",
    get tags() {
        return ["immutability", "visibility", ...platformTags(), "helm"];
    },
    remediationSteps:
        "Replace kubernetes.helm.v3.Release with kubernetes.helm.v4.Chart (or helm.v3.Chart): it renders the chart in the " +
        "program and registers every object, so every policy of the pack checks them. Review a pod spec the pack does not " +
        "inspect yourself (or deploy it as a Deployment, StatefulSet, DaemonSet, Job, CronJob or Pod) and record the review " +
        "in exemptResources. Bind a hostPath PersistentVolume to one claim by name, and declare in the stack the containers " +
        "whose volumes others take.",
    configSchema: inspectableWorkloadsConfigSchema,
    evaluate: findOpaqueWorkloads,
};

/** The stack part (same name, level and config): host mounts the stack view cannot decide. */
export const inspectableWorkloadsStackDefinition: StackPolicyDefinition<InspectableWorkloadsConfig> = {
    ...inspectableWorkloadsDefinition,
    evaluateStack: findUndecidableHostMounts,
};

/** The `@pulumi/policy` policy: the resource part (Analyze) and the stack part (AnalyzeStack). */
export const inspectableWorkloads = withStackPart(
    opaqueResourcePolicy(inspectableWorkloadsDefinition),
    stackPolicy(inspectableWorkloadsStackDefinition),
);
