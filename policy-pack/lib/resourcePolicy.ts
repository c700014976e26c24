// Turns a pure per-workload evaluation into a `ResourceValidationPolicy`: builds the workload
// view, applies config defaults, reports findings, and guarantees that nothing throws into the
// engine.
import { EnforcementLevel, PolicyConfigSchema, ResourceValidationPolicy, Severity } from "@pulumi/policy";
import { workloadOf, WorkloadView } from "../workloads";
import { withDefaults } from "./config";
import { Finding } from "./findings";

/** Everything a per-workload policy defines; the rest is done here. */
export interface WorkloadPolicyDefinition<C> {
    readonly name: string;
    readonly displayName: string;
    readonly description: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly severity: Severity;
    readonly tags: string[];
    readonly remediationSteps: string;
    readonly configSchema: PolicyConfigSchema;
    /** Pure: the findings for one workload under one config. */
    readonly evaluate: (view: WorkloadView, config: C) => Finding[];
    /** Pure: the props to return at `remediate`, or undefined to leave the resource as it is. */
    readonly remediate?: (view: WorkloadView, config: C) => Record<string, unknown> | undefined;
}

/** A policy's evaluation under the config the engine sent, errors contained. */
export function evaluateSafely<C>(
    definition: WorkloadPolicyDefinition<C>,
    view: WorkloadView,
    configured: unknown,
): Finding[] {
    try {
        return definition.evaluate(view, withDefaults<C>(definition.configSchema, configured));
    } catch (err) {
        // A bug of ours must not fail every preview in the organisation: say it on stderr
        // (stdout belongs to the engine) and judge nothing.
        console.error(`immutable-workloads: policy ${definition.name} failed on ${view.typeToken} ${view.resourceName}: ${String(err)}`);
        return [];
    }
}

/** The `@pulumi/policy` policy object of a definition. */
export function workloadPolicy<C>(definition: WorkloadPolicyDefinition<C>): ResourceValidationPolicy {
    const policy: ResourceValidationPolicy = {
        name: definition.name,
        displayName: definition.displayName,
        description: definition.description,
        enforcementLevel: definition.enforcementLevel,
        severity: definition.severity,
        tags: definition.tags,
        remediationSteps: definition.remediationSteps,
        configSchema: definition.configSchema,
        validateResource: (args, reportViolation) => {
            const view = workloadOf(args.type, args.props, args.name);
            if (!view) {
                return;
            }
            for (const finding of evaluateSafely(definition, view, args.getConfig())) {
                reportViolation(finding.message);
            }
        },
    };
    const remediate = definition.remediate;
    if (remediate) {
        policy.remediateResource = (args) => {
            try {
                const view = workloadOf(args.type, args.props, args.name);
                return view ? remediate(view, withDefaults<C>(definition.configSchema, args.getConfig())) : undefined;
            } catch (err) {
                console.error(`immutable-workloads: remediation ${definition.name} failed on ${args.type} ${args.name}: ${String(err)}`);
                return undefined;
            }
        };
    }
    return policy;
}
