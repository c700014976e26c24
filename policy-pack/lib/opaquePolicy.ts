// Policies about opaque resources (see workloads/opaque.ts): resources that deploy workloads the
// engine never registers. Built like workload policies, from a pure definition, errors contained.
import { ResourceValidation, ResourceValidationPolicy } from "@pulumi/policy";
import { opaqueResourceOf, OpaqueResourceView, podTemplatesOf } from "../workloads";
import { Finding } from "./findings";
import { couldNotJudgeMessage, PolicyMetadata, policyFields, runContained } from "./policyMetadata";

/** Everything a policy over opaque resources defines; the rest is done here. */
export interface OpaqueResourcePolicyDefinition<C> extends PolicyMetadata {
    /** Pure: the findings for one opaque resource under one config. */
    readonly evaluate: (view: OpaqueResourceView, config: C) => Finding[];
}

/** A definition's evaluation under the config the engine sent, errors contained. */
export function evaluateOpaqueSafely<C>(
    definition: OpaqueResourcePolicyDefinition<C>,
    view: OpaqueResourceView,
    configured: unknown,
): Finding[] {
    const subject = `${view.typeToken} ${view.resourceName}`;
    return runContained<C, Finding[]>(
        definition,
        subject,
        configured,
        (c) => definition.evaluate(view, c),
        (error) => [{ path: [], message: couldNotJudgeMessage(definition, subject, error) }],
    );
}

/** The `@pulumi/policy` policy object of a definition. */
export function opaqueResourcePolicy<C>(definition: OpaqueResourcePolicyDefinition<C>): ResourceValidationPolicy {
    const validateResource: ResourceValidation = (args, reportViolation) => {
        const configured = args.getConfig();
        const view = opaqueResourceOf(args.type, args.props, args.name, podTemplatesOf(configured));
        if (!view) {
            return;
        }
        for (const finding of evaluateOpaqueSafely(definition, view, configured)) {
            reportViolation(finding.message);
        }
    };
    // Not tagged with a type (`__pulumiType`): any resource can carry a pod spec no policy
    // inspects (workloads/opaque.ts), so the SDK must hand every resource to this validation.
    return { ...policyFields(definition), validateResource };
}
