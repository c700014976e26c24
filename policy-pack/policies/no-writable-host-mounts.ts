// no-writable-host-mounts: nothing a container does writes through to the host. A writable
// hostPath or bind mount outlives the container, lets it change what the node (or the next
// container) runs, and makes a read-only root filesystem beside the point.
import { PolicyConfigSchema } from "@pulumi/policy";
import { exemptionConfigProperties, globList } from "../lib/config";
import { containerLabel, ContainerSelectionConfig, containerSelectionConfigProperties, selectedContainers } from "../lib/containers";
import { blankMarkerNote, containerExemption, ExemptionConfig, globsMatch, workloadExemption } from "../lib/exemptions";
import { Finding } from "../lib/findings";
import { workloadPolicy, WorkloadPolicyDefinition } from "../lib/resourcePolicy";
import { ContainerView, formatPath, HostBacking, isUnknown, MountView, mountsOf, WorkloadView } from "../workloads";

/** The policy's name. */
export const noWritableHostMountsPolicyName = "no-writable-host-mounts";

/** Config of no-writable-host-mounts (defaults in the schema). */
export interface NoWritableHostMountsConfig extends ExemptionConfig, ContainerSelectionConfig {
    readonly allowedHostPaths: readonly string[];
}

export const noWritableHostMountsConfigSchema: PolicyConfigSchema = {
    properties: {
        ...exemptionConfigProperties,
        ...containerSelectionConfigProperties,
        allowedHostPaths: globList(
            "Host paths (globs, e.g. /var/run/app/**) that may be mounted writable; matched against the path as written, " +
                "without a trailing slash.",
        ),
    },
};

/** `/var/log/` and `/var/log` are the same directory. */
function normaliseHostPath(path: string): string {
    const trimmed = path.replace(/\/+$/, "");
    return trimmed === "" && path.startsWith("/") ? "/" : trimmed;
}

function allowed(backing: HostBacking, config: NoWritableHostMountsConfig): boolean | undefined {
    const patterns = Array.isArray(config.allowedHostPaths) ? config.allowedHostPaths : [];
    if (patterns.length === 0) {
        return false;
    }
    if (isUnknown(backing.hostPath)) {
        // Whether an unknown path is allowed is unknown: no verdict.
        return undefined;
    }
    if (backing.hostPath === undefined) {
        return false;
    }
    const path = normaliseHostPath(backing.hostPath);
    return globsMatch(patterns, path) || globsMatch(patterns, backing.hostPath);
}

function hostPathText(backing: HostBacking): string {
    if (typeof backing.hostPath === "string") {
        return backing.hostPath;
    }
    return isUnknown(backing.hostPath) ? "a host path unknown until the update" : "an unset host path";
}

function readOnlyState(mount: MountView): string {
    const s = mount.readOnly;
    const field = formatPath(mount.readOnlyPath);
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

function describeMount(view: WorkloadView, mount: MountView, backing: HostBacking): string {
    const target = typeof mount.target === "string" ? ` at ${mount.target}` : "";
    if (view.platform === "kubernetes") {
        return `mounts hostPath volume "${backing.volumeName ?? ""}" (${hostPathText(backing)}, ${formatPath(backing.hostPathPath)})${target} writable`;
    }
    const what = mount.path.includes("volumes") ? "volume with hostPath" : "bind mount of";
    return `has a ${what} ${hostPathText(backing)}${target} writable (${formatPath(mount.path)})`;
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

function finding(view: WorkloadView, container: ContainerView, mount: MountView, backing: HostBacking): Finding {
    const fix =
        view.platform === "kubernetes"
            ? `Set ${formatPath(mount.readOnlyPath)}: true, or keep what the container writes in an emptyDir (medium: Memory) ` +
              `or a PersistentVolumeClaim instead of the node's filesystem`
            : `Set ${formatPath(mount.readOnlyPath)}: true, or keep what the container writes in a tmpfs or a named volume ` +
              `instead of the host's filesystem`;
    return {
        container: container.name,
        path: mount.readOnlyPath,
        message:
            `${containerLabel(view, container)} ${describeMount(view, mount, backing)}: ${readOnlyState(mount)}, so the ` +
            `container can change files on the host. ${fix}; or add the path to allowedHostPaths if it must be written.` +
            blankMarkerNote(view),
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
            if (backing.kind !== "host" || !violates(view, mount) || allowed(backing, config) !== false) {
                continue;
            }
            findings.push(finding(view, container, mount, backing));
        }
    }
    return findings;
}

export const noWritableHostMountsDefinition: WorkloadPolicyDefinition<NoWritableHostMountsConfig> = {
    name: noWritableHostMountsPolicyName,
    displayName: "No writable host mounts",
    description:
        "No container mounts a directory of the host writable: every Kubernetes hostPath mount, Docker volumes[] entry " +
        "with a hostPath and Docker/Swarm bind mount sets readOnly: true, unless its path is in allowedHostPaths.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["immutability", "security", "kubernetes", "docker"],
    remediationSteps:
        "Set readOnly: true on the volumeMount (Kubernetes), the volumes[] entry or the bind mount (Docker, Swarm). If the " +
        "container must write, write to an emptyDir with medium: Memory / a tmpfs (scratch) or a PersistentVolumeClaim / " +
        "named volume (data that must survive) instead of the host. A host path that must be written (a node agent's " +
        "socket directory) goes into allowedHostPaths, or the workload carries the immutable-workloads/exempt marker with " +
        "the justification.",
    configSchema: noWritableHostMountsConfigSchema,
    evaluate: findWritableHostMounts,
};

/** The `@pulumi/policy` policy. */
export const noWritableHostMounts = workloadPolicy(noWritableHostMountsDefinition);
