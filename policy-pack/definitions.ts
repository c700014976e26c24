// The pack's policies as pure definitions, for everything that judges resources without the
// engine (the immutable-check command, benchmarks, tests). policies.ts turns them into
// `@pulumi/policy` objects.
import { StackPolicyDefinition } from "./lib/stackPolicy";
import { WorkloadPolicyDefinition } from "./lib/resourcePolicy";
import { readOnlyRootFilesystemDefinition } from "./policies/read-only-root-filesystem";

/** Per-resource policies, in report order. Config types differ per policy, hence `never`. */
export const workloadPolicyDefinitions: ReadonlyArray<WorkloadPolicyDefinition<never>> = [
    readOnlyRootFilesystemDefinition as WorkloadPolicyDefinition<never>,
];

/** Stack policies, in report order. */
export const stackPolicyDefinitions: ReadonlyArray<StackPolicyDefinition<never>> = [];
