// The pack's policies as pure definitions, for everything that judges resources without the
// engine (the immutable-check command, benchmarks, tests). policies.ts turns them into
// `@pulumi/policy` objects.
import { OpaqueResourcePolicyDefinition } from "./lib/opaquePolicy";
import { StackPolicyDefinition } from "./lib/stackPolicy";
import { WorkloadPolicyDefinition } from "./lib/resourcePolicy";
import { immutableConfigurationDefinition } from "./policies/immutable-configuration";
import { inspectableWorkloadsDefinition, inspectableWorkloadsStackDefinition } from "./policies/inspectable-workloads";
import { noWritableHostMountsDefinition, noWritableHostMountsStackDefinition } from "./policies/no-writable-host-mounts";
import { pinnedImageDefinition } from "./policies/pinned-image";
import { readOnlyRootFilesystemDefinition } from "./policies/read-only-root-filesystem";
import { writablePathsInMemoryDefinition } from "./policies/writable-paths-in-memory";

/** Per-resource policies, in report order. Config types differ per policy, hence `never`. */
export const workloadPolicyDefinitions: ReadonlyArray<WorkloadPolicyDefinition<never>> = [
    readOnlyRootFilesystemDefinition as WorkloadPolicyDefinition<never>,
    writablePathsInMemoryDefinition as WorkloadPolicyDefinition<never>,
    noWritableHostMountsDefinition as WorkloadPolicyDefinition<never>,
    pinnedImageDefinition as WorkloadPolicyDefinition<never>,
];

/** Policies over resources whose workloads the pack cannot see (workloads/opaque.ts). */
export const opaqueResourcePolicyDefinitions: ReadonlyArray<OpaqueResourcePolicyDefinition<never>> = [
    inspectableWorkloadsDefinition as OpaqueResourcePolicyDefinition<never>,
];

/**
 * Stack policies, in report order. A definition that shares its name with a per-resource policy
 * is that policy's stack part: the same name, level and config (see lib/combinedPolicy.ts).
 */
export const stackPolicyDefinitions: ReadonlyArray<StackPolicyDefinition<never>> = [
    immutableConfigurationDefinition as StackPolicyDefinition<never>,
    noWritableHostMountsStackDefinition as StackPolicyDefinition<never>,
    inspectableWorkloadsStackDefinition as StackPolicyDefinition<never>,
];
