// One policy name for a rule that is judged both per resource and over the stack.
//
// `@pulumi/policy` types a policy as either a ResourceValidationPolicy (`validateResource`, run
// by Analyze) or a StackValidationPolicy (`validateStack`, run by AnalyzeStack), and names must be
// unique in a pack. Its server, though, decides per call: Analyze runs every policy that has a
// `validateResource`, AnalyzeStack every policy that has a `validateStack` (`isResourcePolicy` /
// `isStackPolicy` in @pulumi/policy 1.x are independent tests), with the same name, enforcement
// level and config for both. So a rule like no-writable-host-mounts keeps one name, one level and
// one config for what one resource shows (a bind mount) and what only the stack shows (a named
// volume that is a bind). The engine's policy summary counts such a policy as a resource policy
// (GetAnalyzerInfo reports the first kind), which only affects the "passed" tally of the stack
// summary; its violations are reported either way. The protocol tests pin this behaviour.
import { Policies, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

/** A resource policy that also validates the stack, under the same name. */
export type CombinedPolicy = ResourceValidationPolicy & Pick<StackValidationPolicy, "validateStack">;

/** The resource policy with the stack policy's `validateStack`; both must have the same name. */
export function withStackPart(resource: ResourceValidationPolicy, stack: StackValidationPolicy): CombinedPolicy {
    if (resource.name !== stack.name) {
        throw new Error(`withStackPart: ${resource.name} and ${stack.name} are different policies`);
    }
    return { ...resource, validateStack: stack.validateStack };
}

function hasResourcePart(p: object): p is ResourceValidationPolicy {
    return (
        typeof (p as ResourceValidationPolicy).validateResource === "function" ||
        Array.isArray((p as ResourceValidationPolicy).validateResource)
    );
}

function hasStackPart(p: object): p is StackValidationPolicy {
    return typeof (p as StackValidationPolicy).validateStack === "function";
}

/**
 * The policies with each name once: a stack policy that shares its name with a resource policy is
 * folded into it (see `withStackPart`). Order is that of each name's first appearance.
 */
export function mergePoliciesByName(policies: Policies): Policies {
    const byName = new Map<string, Policies[number]>();
    for (const p of policies) {
        const seen = byName.get(p.name);
        if (!seen) {
            byName.set(p.name, p);
        } else if (hasResourcePart(seen) && hasStackPart(p) && !hasStackPart(seen)) {
            byName.set(p.name, withStackPart(seen, p));
        } else if (hasStackPart(seen) && hasResourcePart(p) && !hasResourcePart(seen)) {
            byName.set(p.name, withStackPart(p, seen));
        } else {
            throw new Error(`two policies named ${p.name}`);
        }
    }
    return [...byName.values()];
}
