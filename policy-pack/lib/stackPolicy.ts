// Stack policies (`validateStack`) defined as pure functions over every resource of the stack.
import { EnforcementLevel, PolicyConfigSchema, Severity, StackValidationPolicy } from "@pulumi/policy";
import { withDefaults } from "./config";
import { Finding } from "./findings";

/** A resource of the stack as a stack policy sees it. */
export interface StackResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly props: unknown;
}

/** A stack finding: a finding plus the URN of the resource it concerns. */
export interface StackFinding extends Finding {
    readonly urn: string;
}

/** Everything a stack policy defines; the rest is done here. */
export interface StackPolicyDefinition<C> {
    readonly name: string;
    readonly displayName: string;
    readonly description: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly severity: Severity;
    readonly tags: string[];
    readonly remediationSteps: string;
    readonly configSchema: PolicyConfigSchema;
    /** Pure: the findings over every resource of a stack. */
    readonly evaluateStack: (resources: readonly StackResource[], config: C) => StackFinding[];
}

/** A stack policy's evaluation, errors contained. */
export function evaluateStackSafely<C>(
    definition: StackPolicyDefinition<C>,
    resources: readonly StackResource[],
    configured: unknown,
): StackFinding[] {
    try {
        return definition.evaluateStack(resources, withDefaults<C>(definition.configSchema, configured));
    } catch (err) {
        console.error(`immutable-workloads: stack policy ${definition.name} failed: ${String(err)}`);
        return [];
    }
}

/** The `@pulumi/policy` policy object of a stack policy definition. */
export function stackPolicy<C>(definition: StackPolicyDefinition<C>): StackValidationPolicy {
    return {
        name: definition.name,
        displayName: definition.displayName,
        description: definition.description,
        enforcementLevel: definition.enforcementLevel,
        severity: definition.severity,
        tags: definition.tags,
        remediationSteps: definition.remediationSteps,
        configSchema: definition.configSchema,
        validateStack: (args, reportViolation) => {
            const resources = args.resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.props }));
            for (const finding of evaluateStackSafely(definition, resources, args.getConfig())) {
                reportViolation(finding.message, finding.urn);
            }
        },
    };
}
