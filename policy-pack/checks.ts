// Judging resources with the pack's rules outside the engine: the same definitions, the same
// config format as `--policy-pack-config`, and the levels the engine would report.
import { EnforcementLevel } from "@pulumi/policy";
import { opaqueResourcePolicyDefinitions, stackPolicyDefinitions, workloadPolicyDefinitions } from "./definitions";
import { Finding } from "./lib/findings";
import { PolicyMetadata } from "./lib/policyMetadata";
import { evaluateOpaqueSafely } from "./lib/opaquePolicy";
import { evaluateSafely } from "./lib/resourcePolicy";
import { evaluateStackSafely, StackResource } from "./lib/stackPolicy";
import type { Dialect } from "./platforms/platform";
import { opaqueResourceOf, PodTemplate, podTemplatesOf, workloadOf } from "./workloads";

/** `--policy-pack-config` JSON: per policy, a level or an object with `enforcementLevel` and keys. */
export type PackConfig = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

/** A finding with the policy that made it and the level the engine would report it at. */
export interface Judgement extends Finding {
    readonly policy: string;
    readonly level: Exclude<EnforcementLevel, "disabled" | "remediate">;
    /** The resource's URN or name, for stack findings that point at another resource. */
    readonly urn?: string;
}

function levelOf(policy: string, fallback: EnforcementLevel, config: PackConfig): EnforcementLevel {
    const c = config[policy];
    const level = typeof c === "string" ? c : (c?.enforcementLevel ?? fallback);
    return level;
}

function propertiesOf(policy: string, config: PackConfig): unknown {
    const c = config[policy];
    return typeof c === "object" && c !== null ? c : {};
}

// The engine reports a `remediate` policy's violations as mandatory when it cannot remediate.
function reported(level: EnforcementLevel): Judgement["level"] | undefined {
    if (level === "disabled") {
        return undefined;
    }
    return level === "remediate" ? "mandatory" : level;
}

/**
 * The findings of each definition at the level the config gives it; `evaluate` runs one
 * definition under the user's keys for it (defaults are applied by the definition's runner).
 */
function judgeWith<D extends PolicyMetadata>(
    definitions: readonly D[],
    config: PackConfig,
    evaluate: (definition: D, configured: unknown) => Array<Finding & { urn?: string }>,
): Judgement[] {
    const out: Judgement[] = [];
    for (const def of definitions) {
        const level = reported(levelOf(def.name, def.enforcementLevel, config));
        if (level) {
            for (const f of evaluate(def, propertiesOf(def.name, config))) {
                out.push({ ...f, policy: def.name, level });
            }
        }
    }
    return out;
}

const podTemplatesByConfig = new WeakMap<PackConfig, readonly PodTemplate[]>();

/**
 * The kinds declared (`podTemplates`) in any policy's config: immutable-check has one config for
 * all. The same array for the same config, so that a workload's view is built once per resource.
 */
export function podTemplatesOfPack(config: PackConfig): readonly PodTemplate[] {
    let found = podTemplatesByConfig.get(config);
    if (!found) {
        found = podTemplatesOf(...Object.values(config));
        podTemplatesByConfig.set(config, found);
    }
    return found;
}

/** Every per-resource policy's findings for one resource, worded for `dialect` (a Pulumi user when absent). */
export function judgeResource(type: string, props: unknown, name: string, config: PackConfig = {}, dialect?: Dialect): Judgement[] {
    const podTemplates = podTemplatesOfPack(config);
    const view = workloadOf(type, props, name, dialect, podTemplates);
    const judged = view ? judgeWith(workloadPolicyDefinitions, config, (def, configured) => evaluateSafely(def, view, configured)) : [];
    // What the pack cannot see: a Helm Release, or a pod spec no policy inspects (in any
    // resource, a workload's own props included).
    const opaque = opaqueResourceOf(type, props, name, podTemplates);
    return opaque
        ? [
              ...judged,
              ...judgeWith(opaqueResourcePolicyDefinitions, config, (def, configured) => evaluateOpaqueSafely(def, opaque, configured)),
          ]
        : judged;
}

/** Every stack policy's findings over a set of resources. */
export function judgeStack(resources: readonly StackResource[], config: PackConfig = {}): Judgement[] {
    return judgeWith(stackPolicyDefinitions, config, (def, configured) => evaluateStackSafely(def, resources, configured));
}
