// Turns a pure per-workload evaluation into a `ResourceValidationPolicy`: builds the workload
// view, applies config defaults, reports findings, and guarantees that nothing throws into the
// engine.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { asRecord, platformOf, podTemplatesOf, workloadOf, WorkloadView } from "../workloads";
import { Finding } from "./findings";
import { couldNotJudgeMessage, PolicyMetadata, policyFields, runContained } from "./policyMetadata";

/** Everything a per-workload policy defines; the rest is done here. */
export interface WorkloadPolicyDefinition<C> extends PolicyMetadata {
    /** Pure: the findings for one workload under one config. */
    readonly evaluate: (view: WorkloadView, config: C) => Finding[];
    /** Pure: the props to return at `remediate`, or undefined to leave the resource as it is. */
    readonly remediate?: (view: WorkloadView, config: C) => Record<string, unknown> | undefined;
}

/** A policy's evaluation under the config the engine sent, errors contained. */
export function evaluateSafely<C>(definition: WorkloadPolicyDefinition<C>, view: WorkloadView, configured: unknown): Finding[] {
    const subject = `${view.typeToken} ${view.resourceName}`;
    return runContained<C, Finding[]>(
        definition,
        subject,
        configured,
        (c) => definition.evaluate(view, c),
        (error) => [
            {
                path: [],
                message: couldNotJudgeMessage(definition, subject, error),
                facts: { platform: view.platform, problem: "cannot-judge", state: "policy-error", fix: "report" },
            },
        ],
    );
}

/** The `@pulumi/policy` policy object of a definition. */
export function workloadPolicy<C>(definition: WorkloadPolicyDefinition<C>): ResourceValidationPolicy {
    const policy: ResourceValidationPolicy = {
        ...policyFields(definition),
        validateResource: (args, reportViolation) => {
            const configured = args.getConfig();
            const view = workloadOf(args.type, args.props, args.name, undefined, podTemplatesOf(configured));
            if (!view) {
                return;
            }
            for (const finding of evaluateSafely(definition, view, configured)) {
                reportViolation(finding.message);
            }
        },
    };
    const remediate = definition.remediate;
    if (remediate) {
        policy.remediateResource = (args) => {
            const configured = args.getConfig();
            const view = workloadOf(args.type, args.props, args.name, undefined, podTemplatesOf(configured));
            return view
                ? runContained<C, Record<string, unknown> | undefined>(
                      definition,
                      `${args.type} ${args.name}`,
                      configured,
                      (c) => remediateAndEncode(remediate, view, c, args.props),
                      // Nothing remediated: the validation that follows judges the props as they are.
                      () => undefined,
                  )
                : undefined;
        };
    }
    return policy;
}

/** A remediation as the engine takes it: encoded back by the platform where its view decoded a field. */
export function remediateAndEncode<C>(
    remediate: (view: WorkloadView, config: C) => Record<string, unknown> | undefined,
    view: WorkloadView,
    config: C,
    props: unknown,
): Record<string, unknown> | undefined {
    const out = remediate(view, config);
    const encode = platformOf(view).encodeRemediated;
    return out && encode ? encode(asRecord(props) ?? {}, out) : out;
}
