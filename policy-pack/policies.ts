// The list of the pack's policies, kept apart from index.ts so that tests and tools can load
// every policy without starting the gRPC server that `new PolicyPack` starts.
import { Policies } from "@pulumi/policy";
import { opaqueResourcePolicyDefinitions, stackPolicyDefinitions, workloadPolicyDefinitions } from "./definitions";
import { mergePoliciesByName } from "./lib/combinedPolicy";
import { opaqueResourcePolicy } from "./lib/opaquePolicy";
import { workloadPolicy } from "./lib/resourcePolicy";
import { stackPolicy } from "./lib/stackPolicy";

/**
 * Every policy of the pack, in the order the engine reports them. A stack definition named like a
 * resource policy is that policy's stack part (lib/combinedPolicy.ts): one name, level and config.
 */
export const policies: Policies = mergePoliciesByName([
    ...workloadPolicyDefinitions.map(workloadPolicy),
    ...opaqueResourcePolicyDefinitions.map(opaqueResourcePolicy),
    ...stackPolicyDefinitions.map(stackPolicy),
]);
