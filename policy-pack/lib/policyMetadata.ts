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
 * bug of ours. It must not crash the engine, and it must not pass what it failed to judge: a
 * resource the policy could not judge is reported, not waved through (a writable container that
 * passes is worse than a preview that stops). So the throw is said on stderr (stdout belongs to
 * the engine) and `failed` turns its description into the findings to report instead.
 */
export function runContained<C, R>(
    definition: PolicyMetadata,
    subject: string,
    configured: unknown,
    evaluate: (config: C) => R,
    failed: (error: string) => R,
): R {
    try {
        return evaluate(withDefaults<C>(definition.configSchema, configured));
    } catch (err) {
        const error = describeError(err);
        console.error(`immutable-workloads: policy ${definition.name} failed on ${subject}: ${error}`);
        return failed(error);
    }
}

/** A thrown value as one line, whatever was thrown (an Error, a string, an object whose toString throws). */
function describeError(err: unknown): string {
    try {
        const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        return text.split("\n")[0].slice(0, 300);
    } catch {
        return "an error that cannot be printed";
    }
}

/**
 * The message of a finding that stands in for a judgement the policy could not make: what failed,
 * that the resource is reported rather than passed, and what to do.
 */
export function couldNotJudgeMessage(definition: PolicyMetadata, subject: string, error: string): string {
    return (
        `policy ${definition.name} could not judge ${subject} (${error}), so it reports it instead of passing it. ` +
        `This is a bug of the immutable-workloads policy pack: report it with the resource's props. Until it is ` +
        `fixed, exempt the resource in the policy's config, or lower the policy's level.`
    );
}
