// Stack policies (`validateStack`) defined as pure functions over every resource of the stack.
import { StackValidationPolicy } from "@pulumi/policy";
import type { Dialect } from "../platforms/platform";
import { Finding } from "./findings";
import { couldNotJudgeMessage, PolicyMetadata, policyFields, runContained } from "./policyMetadata";

/** A resource of the stack as a stack policy sees it. */
export interface StackResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly props: unknown;
    /** Who findings about it are written for, when not a Pulumi user (see WorkloadView.dialect). */
    readonly dialect?: Dialect;
}

/** A stack finding: a finding plus the URN of the resource it concerns. */
export interface StackFinding extends Finding {
    readonly urn: string;
}

/** Everything a stack policy defines; the rest is done here. */
export interface StackPolicyDefinition<C> extends PolicyMetadata {
    /** Pure: the findings over every resource of a stack. */
    readonly evaluateStack: (resources: readonly StackResource[], config: C) => StackFinding[];
}

/** A finding of a stack policy's evaluation: about one resource (its URN), or the stack as a whole. */
export type StackJudgement = Finding & { readonly urn?: string };

/** A stack policy's evaluation, errors contained. */
export function evaluateStackSafely<C>(
    definition: StackPolicyDefinition<C>,
    resources: readonly StackResource[],
    configured: unknown,
): StackJudgement[] {
    const subject = `a stack of ${resources.length} resources`;
    return runContained<C, StackJudgement[]>(
        definition,
        subject,
        configured,
        (c) => definition.evaluateStack(resources, c),
        // About the stack as a whole: no resource's URN (the engine files it under the stack).
        (error) => [{ path: [], message: couldNotJudgeMessage(definition, subject, error) }],
    );
}

/** The `@pulumi/policy` policy object of a stack policy definition. */
export function stackPolicy<C>(definition: StackPolicyDefinition<C>): StackValidationPolicy {
    return {
        ...policyFields(definition),
        validateStack: (args, reportViolation) => {
            const resources = args.resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.props }));
            for (const finding of evaluateStackSafely(definition, resources, args.getConfig())) {
                reportViolation(finding.message, finding.urn);
            }
        },
    };
}
