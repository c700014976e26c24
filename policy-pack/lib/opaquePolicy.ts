// Policies about opaque resources (see workloads/opaque.ts): resources that deploy workloads the
// engine never registers. Built like workload policies, from a pure definition, errors contained.
import { EnforcementLevel, PolicyConfigSchema, ResourceValidationPolicy, Severity } from "@pulumi/policy";
import { opaqueResourceOf, OpaqueResourceView } from "../workloads";
import { withDefaults } from "./config";
import { Finding } from "./findings";

/** Everything a policy over opaque resources defines; the rest is done here. */
export interface OpaqueResourcePolicyDefinition<C> {
    readonly name: string;
    readonly displayName: string;
    readonly description: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly severity: Severity;
    readonly tags: string[];
    readonly remediationSteps: string;
    readonly configSchema: PolicyConfigSchema;
    /** Pure: the findings for one opaque resource under one config. */
    readonly evaluate: (view: OpaqueResourceView, config: C) => Finding[];
}

/** A definition's evaluation under the config the engine sent, errors contained. */
export function evaluateOpaqueSafely<C>(
    definition: OpaqueResourcePolicyDefinition<C>,
    view: OpaqueResourceView,
    configured: unknown,
): Finding[] {
    try {
        return definition.evaluate(view, withDefaults<C>(definition.configSchema, configured));
    } catch (err) {
        // stdout belongs to the engine: report our own bug on stderr and judge nothing.
        console.error(`immutable-workloads: policy ${definition.name} failed on ${view.typeToken} ${view.resourceName}: ${String(err)}`);
        return [];
    }
}

/** The `@pulumi/policy` policy object of a definition. */
export function opaqueResourcePolicy<C>(definition: OpaqueResourcePolicyDefinition<C>): ResourceValidationPolicy {
    return {
        name: definition.name,
        displayName: definition.displayName,
        description: definition.description,
        enforcementLevel: definition.enforcementLevel,
        severity: definition.severity,
        tags: definition.tags,
        remediationSteps: definition.remediationSteps,
        configSchema: definition.configSchema,
        validateResource: (args, reportViolation) => {
            const view = opaqueResourceOf(args.type, args.props, args.name);
            if (!view) {
                return;
            }
            for (const finding of evaluateOpaqueSafely(definition, view, args.getConfig())) {
                reportViolation(finding.message);
            }
        },
    };
}
