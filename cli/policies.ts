// The pack's policies as the checker describes them (config schemas for `--config`, rules for
// SARIF): every definition list that policy-pack/definitions.ts exports, whatever kinds of
// policy it grows, so that no list of policies is kept here.
import { EnforcementLevel, PolicyConfigSchema, Severity } from "@pulumi/policy";
import * as definitions from "../policy-pack/definitions";

/** What every policy definition of the pack has, whatever it judges. */
export interface PolicyDescription {
    readonly name: string;
    readonly displayName: string;
    readonly description: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly severity: Severity;
    readonly tags: readonly string[];
    readonly remediationSteps: string;
    readonly configSchema: PolicyConfigSchema;
}

function isDescription(value: unknown): value is PolicyDescription {
    const v = value as Partial<PolicyDescription> | null;
    return v !== null && typeof v === "object" && typeof v.name === "string" && typeof v.configSchema === "object";
}

/** Every policy of the pack, in the order definitions.ts lists them, each name once. */
export function packPolicies(): PolicyDescription[] {
    const seen = new Set<string>();
    const out: PolicyDescription[] = [];
    for (const exported of Object.values(definitions) as unknown[]) {
        if (!Array.isArray(exported)) {
            continue;
        }
        for (const def of exported) {
            if (isDescription(def) && !seen.has(def.name)) {
                seen.add(def.name);
                out.push(def);
            }
        }
    }
    return out;
}
