// no-writable-host-mounts: nothing a container does writes through to the host. A writable
// hostPath or bind mount outlives the container, lets it change what the node (or the next
// container) runs, and makes a read-only root filesystem beside the point.
import { PolicyConfigSchema } from "@pulumi/policy";
import { exemptionConfigProperties, globList, podTemplatesConfigProperties } from "../lib/config";
import {
    containerLabel,
    ContainerSelectionConfig,
    containerSelectionConfigProperties,
    pathIn,
    selectedContainers,
} from "../lib/containers";
import { markerNote, containerExemption, ExemptionConfig, globsMatch, workloadExemption } from "../lib/exemptions";
import { withStackPart } from "../lib/combinedPolicy";
import { Finding } from "../lib/findings";
import { workloadPolicy, WorkloadPolicyDefinition } from "../lib/resourcePolicy";
import { StackFinding, StackPolicyDefinition, stackPolicy, StackResource } from "../lib/stackPolicy";
import { platformTags } from "../platforms/registry";
import {
    BooleanField,
    ContainerView,
    formatPath,
    HostBacking,
    isUnknown,
    MountView,
    mountsOf,
    UnknownValue,
    wordingOf,
    WorkloadView,
} from "../workloads";
import {
    claimLabel,
    ContainerInStack,
    HostRoute,
    ReachedHostMount,
    SideDoorMount,
    stackHostMountsOf,
    storageLabel,
} from "../workloads/sideDoors";

/** The policy's name. */
export const noWritableHostMountsPolicyName = "no-writable-host-mounts";

/** Config of no-writable-host-mounts (defaults in the schema). */
export interface NoWritableHostMountsConfig extends ExemptionConfig, ContainerSelectionConfig {
    readonly allowedHostPaths: readonly string[];
    /** The namespace of Kubernetes objects that set none (stack part: claims and pods). */
    readonly defaultNamespace: string;
}

export const noWritableHostMountsConfigSchema: PolicyConfigSchema = {
    properties: {
        ...exemptionConfigProperties,
        ...podTemplatesConfigProperties,
        ...containerSelectionConfigProperties,
        allowedHostPaths: globList(
            "Host paths (globs, e.g. /var/run/app/**) that may be mounted writable; matched against the path as written, " +
                "without a trailing slash.",
        ),
        defaultNamespace: {
            type: "string",
            default: "default",
            description:
                "The namespace of Kubernetes objects that set none (the provider's default namespace), used to match a pod's " +
                "PersistentVolumeClaims and a PersistentVolume's claimRef in the stack.",
        },
    },
};

/** `/var/log/` and `/var/log` are the same directory. */
function normaliseHostPath(path: string): string {
    const trimmed = path.replace(/\/+$/, "");
    return trimmed === "" && path.startsWith("/") ? "/" : trimmed;
}

type HostPath = string | UnknownValue | undefined;

function allowed(hostPath: HostPath, config: NoWritableHostMountsConfig): boolean | undefined {
    const patterns = Array.isArray(config.allowedHostPaths) ? config.allowedHostPaths : [];
    if (patterns.length === 0) {
        return false;
    }
    if (isUnknown(hostPath)) {
        // Whether an unknown path is allowed is unknown: no verdict.
        return undefined;
    }
    if (hostPath === undefined) {
        return false;
    }
    const path = normaliseHostPath(hostPath);
    return globsMatch(patterns, path) || globsMatch(patterns, hostPath);
}

function pathText(hostPath: HostPath): string {
    if (typeof hostPath === "string") {
        return hostPath;
    }
    return isUnknown(hostPath) ? "a host path unknown until the update" : "an unset host path";
}

function hostPathText(backing: HostBacking): string {
    return pathText(backing.hostPath);
}

function readOnlyState(view: WorkloadView, mount: MountView): string {
    return fieldState(mount.readOnly, wordingOf(view).readOnlyMountField?.(view, mount) ?? pathIn(view, mount.readOnlyPath));
}

function fieldState(s: BooleanField, field: string): string {
    switch (s.state) {
        case "unset":
            return `${field} is unset`;
        case "false":
            return `${field} is false`;
        case "invalid":
            return `${field} is ${JSON.stringify(s.value)}, not the boolean true`;
        default:
            return `${field} is ${s.state}`;
    }
}

function violates(view: WorkloadView, mount: MountView): boolean {
    switch (mount.readOnly.state) {
        case "true":
        case "unknown":
            return false;
        case "unset":
            // A patch that leaves readOnly unset changes nothing about it.
            return !view.isPatch;
        default:
            return true;
    }
}

function finding(
    view: WorkloadView,
    container: ContainerView,
    mount: MountView,
    backing: HostBacking,
    config: NoWritableHostMountsConfig,
): Finding {
    const wording = wordingOf(view);
    return {
        container: container.name,
        path: mount.readOnlyPath,
        facts: { platform: view.platform, problem: "writable-host-mount", state: mount.readOnly.state, fix: "mount-read-only" },
        message:
            `${containerLabel(view, container)} ${wording.hostMount(view, mount, backing, hostPathText(backing))}: ${readOnlyState(view, mount)}, so the ` +
            `container can change files on the host. ${wording.hostMountFix(view, mount)}; or add the path to allowedHostPaths if it must be written.` +
            markerNote(view, config),
    };
}

/** The findings of no-writable-host-mounts for one workload. Pure. */
export function findWritableHostMounts(view: WorkloadView, config: NoWritableHostMountsConfig): Finding[] {
    // Windows pods are not exempt here: a writable hostPath writes to a Windows node just the same.
    if (workloadExemption(view, config)) {
        return [];
    }
    const findings: Finding[] = [];
    for (const container of selectedContainers(view, config)) {
        if (containerExemption(container, config)) {
            continue;
        }
        for (const mount of mountsOf(view, container).mounts) {
            const backing = mount.backing;
            if (backing.kind !== "host" || !violates(view, mount) || allowed(backing.hostPath, config) !== false) {
                continue;
            }
            findings.push(finding(view, container, mount, backing, config));
        }
    }
    return findings;
}

// ---------------------------------------------------------------------------------------------
// The stack part: host mounts through the side door (workloads/sideDoors.ts).

/** Whether the side door is writable: every read-only switch on the way is off (and known). */
function sideDoorViolates(door: SideDoorMount): boolean {
    if (!violates(door.view, door.mount)) {
        return false;
    }
    const also = door.alsoReadOnly?.state.state;
    return also !== "true" && also !== "unknown";
}

function storageNamespace(namespace: string, explicit: unknown): string {
    return typeof explicit === "string" && !isUnknown(explicit) && explicit !== "" ? `namespace ${namespace}, ` : "";
}

function nodeDirectoryText(route: Extract<HostRoute, { kind: "claim" | "claimTemplate" }>): string {
    const d = route.directory;
    return `a ${d.source === "local" ? "local volume" : "hostPath"} of ${pathText(d.path)} on the node (${formatPath(d.pathPath)})`;
}

/** How the container's own mount reaches the host directory, stack routes only. */
function routeText(door: SideDoorMount, route: HostRoute): string {
    const mount = door.mount;
    const target = typeof mount.target === "string" ? ` at ${mount.target}` : "";
    const volumeName = mount.backing.kind === "volume" ? (mount.backing.volumeName ?? "") : "";
    const reference = mount.backing.kind === "volume" ? mount.backing.reference : undefined;
    switch (route.kind) {
        case "dockerVolume": {
            const name =
                reference?.kind === "dockerVolume" && typeof reference.name === "string" ? reference.name : storageLabel(route.volume);
            return (
                `mounts Docker volume "${name}"${target} writable (${pathIn(door.view, mount.path)}), and ` +
                `${wordingOf(door.view).namedVolume(storageLabel(route.volume))} binds the host's ${pathText(door.reached.directory.path)} (${formatPath(door.reached.directory.pathPath)})`
            );
        }
        case "claim": {
            const claimPath = reference?.kind === "claim" ? `, ${pathIn(door.view, reference.claimNamePath)}` : "";
            const by = route.by === "volumeName" ? "the claim's spec.volumeName" : "its spec.claimRef";
            return (
                `mounts PersistentVolumeClaim "${claimLabel(route.claim)}" (${storageNamespace(route.claimNamespace, route.claim.namespace)}volume ` +
                `"${volumeName}"${claimPath})${target} writable, and the claim is bound to PersistentVolume ` +
                `"${storageLabel(route.volume)}" (${by}), ${nodeDirectoryText(route)}`
            );
        }
        case "claimTemplate": {
            const template = reference?.kind === "claimTemplate" ? reference : undefined;
            const what = template?.template === "statefulSet" ? `volumeClaimTemplate "${volumeName}"` : `ephemeral volume "${volumeName}"`;
            const where = template ? ` (${pathIn(door.view, template.templatePath)})` : "";
            const bound =
                route.by === "volumeName"
                    ? `its claim template names PersistentVolume "${storageLabel(route.volume)}"${template ? ` (${pathIn(door.view, template.volumeNamePath)})` : ""}`
                    : `claim ${route.claimName ?? ""} is bound to PersistentVolume "${storageLabel(route.volume)}" (its spec.claimRef)`;
            return `mounts ${what}${where}${target} writable, and ${bound}, ${nodeDirectoryText(route)}`;
        }
        default:
            return "";
    }
}

/** The host mount a container copies by volumes-from, as the owner has it. */
function reachedText(view: WorkloadView, reached: ReachedHostMount): string {
    const mount = reached.mount;
    const target = typeof mount.target === "string" ? ` at ${mount.target}` : "";
    const route = reached.route;
    if (route.kind === "own") {
        return `${wordingOf(view).hostMountSource(view, route.backing, pathText(route.backing.hostPath))}${target}`;
    }
    if (route.kind === "dockerVolume") {
        const reference = mount.backing.kind === "volume" ? mount.backing.reference : undefined;
        const name = reference?.kind === "dockerVolume" && typeof reference.name === "string" ? reference.name : storageLabel(route.volume);
        return `Docker volume "${name}" (a bind of the host's ${pathText(reached.directory.path)})${target}`;
    }
    return `${pathText(reached.directory.path)}${target}`;
}

function sourceName(c: ContainerInStack): string {
    return c.view.name;
}

function sideDoorFinding(door: SideDoorMount, config: NoWritableHostMountsConfig): StackFinding {
    const label = containerLabel(door.view, door.container);
    const path = pathText(door.reached.directory.path);
    const setReadOnly = wordingOf(door.view).readOnlyMountFix(door.view, door.mount);
    let what: string;
    let fix: string;
    if (door.volumesFrom && door.volumesFrom.length > 0) {
        const source = door.volumesFrom[0];
        const reference = door.mount.backing.kind === "volume" ? door.mount.backing.reference : undefined;
        const fromPath =
            reference?.kind === "fromContainer" ? pathIn(door.view, reference.containerPath) : pathIn(door.view, door.mount.path);
        const between = door.volumesFrom.slice(0, -1);
        const via = between.length > 0 ? `, by way of ${between.map((c) => `"${sourceName(c)}"`).join(", ")}` : "";
        what =
            `takes every mount of Docker container "${sourceName(source)}" (${fromPath}), among them ${reachedText(door.reached.owner.view, door.reached)} ` +
            `writable (${pathIn(door.reached.owner.view, door.reached.mount.path)} of "${sourceName(door.reached.owner)}"${via})`;
        fix =
            `${setReadOnly} (every mount it takes is then read-only in this container), ` +
            `or mount only what it needs, read-only, instead of taking every mount of "${sourceName(source)}"`;
    } else {
        what = routeText(door, door.reached.route);
        const claimFix = door.alsoReadOnly ? ` (or ${pathIn(door.view, door.alsoReadOnly.path)}: true)` : "";
        fix =
            door.reached.route.kind === "dockerVolume"
                ? `${setReadOnly}, or keep what the container writes in a tmpfs or a volume that is not a bind of a host directory`
                : `${setReadOnly}${claimFix}, or back the claim with storage that is not a directory of a node`;
    }
    return {
        urn: door.resource.urn,
        container: door.container.name,
        path: door.mount.readOnlyPath,
        facts: { platform: door.view.platform, problem: "writable-host-mount", state: door.mount.readOnly.state, fix: "mount-read-only" },
        message:
            `${label} ${what}: ${readOnlyState(door.view, door.mount)}, so the container can change files on the host. ${fix}; or add ` +
            `${typeof door.reached.directory.path === "string" ? path : "the path"} to allowedHostPaths if it must be written.` +
            markerNote(door.view, config),
    };
}

/**
 * The findings of the stack part of no-writable-host-mounts: writable mounts that reach a host
 * directory only through another resource of the stack. Pure; linear in the stack's size (plus
 * the volumes-from chains).
 */
export function findSideDoorHostMounts(resources: readonly StackResource[], config: NoWritableHostMountsConfig): StackFinding[] {
    const defaultNamespace =
        typeof config.defaultNamespace === "string" && config.defaultNamespace !== "" ? config.defaultNamespace : "default";
    const { sideDoors } = stackHostMountsOf(resources, { defaultNamespace });
    const findings: StackFinding[] = [];
    const exempt = new Map<WorkloadView, boolean>();
    for (const door of sideDoors) {
        let workloadExempt = exempt.get(door.view);
        if (workloadExempt === undefined) {
            workloadExempt = workloadExemption(door.view, config) !== undefined;
            exempt.set(door.view, workloadExempt);
        }
        if (
            workloadExempt ||
            !selectedContainers(door.view, config).includes(door.container) ||
            containerExemption(door.container, config) ||
            !sideDoorViolates(door) ||
            allowed(door.reached.directory.path, config) !== false
        ) {
            continue;
        }
        findings.push(sideDoorFinding(door, config));
    }
    return findings;
}

export const noWritableHostMountsDefinition: WorkloadPolicyDefinition<NoWritableHostMountsConfig> = {
    name: noWritableHostMountsPolicyName,
    displayName: "No writable host mounts",
    description:
        "No container mounts a directory of the host writable: every Kubernetes hostPath mount, Docker volumes[] entry " +
        "with a hostPath and Docker/Swarm bind mount sets readOnly: true, unless its path is in allowedHostPaths; and over " +
        "the stack, no writable mount reaches a host directory through a name: a Docker volume whose local-driver options " +
        "bind one, a claim bound to a hostPath/local PersistentVolume, or volumes-from a container that has such a mount.",
    enforcementLevel: "mandatory",
    severity: "high",
    get tags() {
        return ["immutability", "security", ...platformTags()];
    },
    remediationSteps:
        "Set readOnly: true on the volumeMount (Kubernetes), the volumes[] entry or the bind mount (Docker, Swarm); on a " +
        "volumes[] fromContainer entry it makes every mount taken read-only. If the container must write, write to an " +
        "emptyDir with medium: Memory / a tmpfs (scratch) or a PersistentVolumeClaim on real storage / a named volume that " +
        "is not a bind (data that must survive) instead of the host. A host path that must be written (a node agent's " +
        "socket directory) goes into allowedHostPaths, or the workload carries the immutable-workloads/exempt marker with " +
        "the justification.",
    configSchema: noWritableHostMountsConfigSchema,
    evaluate: findWritableHostMounts,
};

/** The stack part (same name, level and config): host mounts through the side door. */
export const noWritableHostMountsStackDefinition: StackPolicyDefinition<NoWritableHostMountsConfig> = {
    ...noWritableHostMountsDefinition,
    evaluateStack: findSideDoorHostMounts,
};

/** The `@pulumi/policy` policy: the resource part (Analyze) and the stack part (AnalyzeStack). */
export const noWritableHostMounts = withStackPart(
    workloadPolicy(noWritableHostMountsDefinition),
    stackPolicy(noWritableHostMountsStackDefinition),
);
