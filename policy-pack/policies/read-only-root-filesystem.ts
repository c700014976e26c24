// read-only-root-filesystem: every container runs with a read-only root filesystem. The heart
// of an immutable deployment: what was tested is what runs, and nothing can write code into it.
import { PolicyConfigSchema } from "@pulumi/policy";
import { exemptionConfigProperties, podTemplatesConfigProperties } from "../lib/config";
import {
    containerLabel,
    ContainerSelectionConfig,
    containerSelectionConfigProperties,
    pathIn,
    selectedContainers,
    workloadLabel,
} from "../lib/containers";
import { markerNote, containerExemption, ExemptionConfig, workloadExemption } from "../lib/exemptions";
import { Finding } from "../lib/findings";
import { copyProps, setAt } from "../lib/remediation";
import { workloadPolicy, WorkloadPolicyDefinition } from "../lib/resourcePolicy";
import { guidanceOf, platformTags } from "../platforms/registry";
import { ContainerView, RemountGrant, wordingOf, WorkloadView } from "../workloads";

/** The policy's name, a contract other code relies on. */
export const readOnlyRootFilesystemPolicyName = "read-only-root-filesystem";

/** Config of read-only-root-filesystem (defaults in the schema). */
export interface ReadOnlyRootFilesystemConfig extends ExemptionConfig, ContainerSelectionConfig {
    readonly remediateExplicitFalse: boolean;
}

export const readOnlyRootFilesystemConfigSchema: PolicyConfigSchema = {
    properties: {
        ...exemptionConfigProperties,
        ...podTemplatesConfigProperties,
        ...containerSelectionConfigProperties,
        remediateExplicitFalse: {
            type: "boolean",
            default: false,
            description: "At enforcement level remediate, also turn an explicit false (or a non-boolean value) into true.",
        },
    },
};

/** The containers this config asks to check. */
export function checkedContainers(view: WorkloadView, config: ContainerSelectionConfig): ContainerView[] {
    return selectedContainers(view, config);
}

function describeState(view: WorkloadView, container: ContainerView): string {
    const field = wordingOf(view).readOnlyField?.(view, container) ?? container.readOnlyRootFilesystemField;
    const s = container.readOnlyRootFilesystem;
    switch (s.state) {
        case "unset":
            return `${field} is unset`;
        case "false":
            return `${field} is explicitly false`;
        case "invalid":
            return `${field} is ${JSON.stringify(s.value)} (a ${typeof s.value}), not the boolean true`;
        default:
            return `${field} is ${s.state}`;
    }
}

function podLevelNote(view: WorkloadView): string {
    const podLevel = view.podLevelReadOnlyRootFilesystem;
    if (!podLevel) {
        return "";
    }
    return (
        ` ${pathIn(view, podLevel.path)} is set at pod level, which is not a Kubernetes field and protects nothing: ` +
        `move readOnlyRootFilesystem to each container's securityContext.`
    );
}

/** Whether a container's field state is a violation (patches change only what they set). */
function violates(view: WorkloadView, container: ContainerView): boolean {
    const state = container.readOnlyRootFilesystem.state;
    if (state === "true" || state === "unknown") {
        return false;
    }
    return view.isPatch ? state !== "unset" : true;
}

/** The findings of read-only-root-filesystem for one workload. Pure. */
export function findWritableRootFilesystems(view: WorkloadView, config: ReadOnlyRootFilesystemConfig): Finding[] {
    if (view.notApplicable || workloadExemption(view, config)) {
        return [];
    }
    const findings: Finding[] = [];
    for (const container of checkedContainers(view, config)) {
        if (containerExemption(container, config)) {
            continue;
        }
        if (violates(view, container)) {
            findings.push({
                container: container.name,
                path: container.readOnlyRootFilesystemPath,
                facts: {
                    platform: view.platform,
                    problem: "writable-root",
                    state: container.readOnlyRootFilesystem.state,
                    fix: "set-read-only",
                },
                message:
                    `${containerLabel(view, container)} has a writable root filesystem: ${describeState(view, container)} ` +
                    `(${pathIn(view, container.readOnlyRootFilesystemPath)}). ${wordingOf(view).readOnlyRootFix(view, container)}.` +
                    remountNote(view, container) +
                    podLevelNote(view) +
                    markerNote(view, config),
            });
        } else if (container.remountGrants.length > 0) {
            // Read-only on paper: a privileged process, or one with SYS_ADMIN, remounts / read-write.
            const grant = container.remountGrants[0];
            findings.push({
                container: container.name,
                path: grant.path,
                facts: { platform: view.platform, problem: "remountable-root", state: grant.value, fix: "remove-remount-grant" },
                message:
                    `${containerLabel(view, container)} can make its root filesystem writable again: ${grants(view, container)}, ` +
                    `so its process can run \`mount -o remount,rw /\` whatever ${wordingOf(view).readOnlyField?.(view, container) ?? container.readOnlyRootFilesystemField} says. ` +
                    `Remove ${grant.field.endsWith("privileged") ? "privileged mode" : "the capability"} ` +
                    `(${pathIn(view, grant.path)}); a system daemon that truly needs it carries the exemption marker with the reason.` +
                    markerNote(view, config),
            });
        }
    }
    for (const m of view.malformedContainers) {
        findings.push({
            path: m.path,
            facts: { platform: view.platform, problem: "cannot-judge", state: "malformed", fix: "rewrite" },
            message:
                `${workloadLabel(view)} cannot be judged: ${pathIn(view, m.path)} is ${describeValue(m.value)}, where containers ` +
                `belong, so no container in it can be shown to run read-only, and what the pack cannot see it does not pass. ` +
                `Write it as the API defines it (the API server refuses it as written).` +
                markerNote(view, config),
        });
    }
    return findings;
}

function describeValue(value: unknown): string {
    if (Array.isArray(value)) {
        return "a list";
    }
    return value !== null && typeof value === "object" ? "an object" : `${JSON.stringify(value)} (a ${typeof value})`;
}

function grants(view: WorkloadView, container: ContainerView): string {
    const wording = wordingOf(view);
    const field = (g: RemountGrant) => wording.grantField?.(view, g) ?? g.field;
    return container.remountGrants
        .map((g) => (g.value.startsWith("privileged") ? `${field(g)} is true` : `${field(g)} adds ${g.value}`))
        .join(" and ");
}

function remountNote(view: WorkloadView, container: ContainerView): string {
    return container.remountGrants.length === 0
        ? ""
        : ` Setting it is not enough here: ${grants(view, container)}, which lets the process remount / read-write; remove that too.`;
}

/**
 * The props with the field set to true where it is unset (and where it is false, when
 * `remediateExplicitFalse`); undefined when nothing changes, so remediation is idempotent.
 */
export function remediateReadOnlyRootFilesystem(
    view: WorkloadView,
    config: ReadOnlyRootFilesystemConfig,
): Record<string, unknown> | undefined {
    if (view.notApplicable || workloadExemption(view, config)) {
        return undefined;
    }
    const targets = checkedContainers(view, config).filter((c) => {
        if (containerExemption(c, config)) {
            return false;
        }
        const state = c.readOnlyRootFilesystem.state;
        // A patch that leaves the field unset changes nothing: remediation must not add to it.
        // An invalid value ("true", 1) is as deliberate as false: it is only replaced on request.
        return (
            (state === "unset" && !view.isPatch) || ((state === "false" || state === "invalid") && config.remediateExplicitFalse === true)
        );
    });
    if (targets.length === 0) {
        return undefined;
    }
    const props = copyProps(view.props) as Record<string, unknown>;
    for (const c of targets) {
        setAt(props, c.readOnlyRootFilesystemPath, true);
    }
    return props;
}

export const readOnlyRootFilesystemDefinition: WorkloadPolicyDefinition<ReadOnlyRootFilesystemConfig> = {
    name: readOnlyRootFilesystemPolicyName,
    displayName: "Read-only root filesystem",
    description:
        "Every container of every workload runs with a read-only root filesystem (securityContext.readOnlyRootFilesystem " +
        "/ readOnly set to true) that it cannot remount writable (no privileged mode, no SYS_ADMIN or ALL capability).",
    enforcementLevel: "mandatory",
    severity: "high",
    get tags() {
        return ["immutability", "security", ...platformTags()];
    },
    get remediationSteps() {
        return (
            `${guidanceOf("readOnlyRoot")} Or build the workload with ImmutableService. A workload that truly cannot run ` +
            "read-only carries the immutable-workloads/exempt annotation or label with the justification as its value."
        );
    },
    configSchema: readOnlyRootFilesystemConfigSchema,
    evaluate: findWritableRootFilesystems,
    remediate: remediateReadOnlyRootFilesystem,
};

/** The `@pulumi/policy` policy. */
export const readOnlyRootFilesystem = workloadPolicy(readOnlyRootFilesystemDefinition);
