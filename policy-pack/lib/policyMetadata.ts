// What every policy of the pack declares besides its logic, and the one way its logic runs:
// config defaults applied, and any bug of ours contained so that it never reaches the engine.
import { EnforcementLevel, Policy, PolicyConfigSchema, Severity } from "@pulumi/policy";
import { withDefaults } from "./config";

/** The metadata `@pulumi/policy` shows for a policy; every definition carries it. */
export interface PolicyMetadata {
    readonly name: string;
    readonly displayName: string;
    readonly description: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly severity: Severity;
    readonly tags: string[];
    readonly remediationSteps: string;
    readonly configSchema: PolicyConfigSchema;
}

/** The `@pulumi/policy` fields of a definition (its functions left out). */
export function policyFields(definition: PolicyMetadata): Policy {
    return {
        name: definition.name,
        displayName: definition.displayName,
        description: definition.description,
        enforcementLevel: definition.enforcementLevel,
        severity: definition.severity,
        tags: definition.tags,
        remediationSteps: definition.remediationSteps,
        configSchema: definition.configSchema,
    };
}

/**
 * Runs `evaluate` with the definition's config defaults under what the engine sent. A throw is a
 * bug of ours: it must not fail every preview in the organisation, so it is said on stderr
 * (stdout belongs to the engine) and `fallback` is returned.
 */
export function runContained<C, R>(
    definition: PolicyMetadata,
    subject: string,
    configured: unknown,
    evaluate: (config: C) => R,
    fallback: R,
): R {
    try {
        return evaluate(withDefaults<C>(definition.configSchema, configured));
    } catch (err) {
        console.error(`immutable-workloads: policy ${definition.name} failed on ${subject}: ${String(err)}`);
        return fallback;
    }
}
