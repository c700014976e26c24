// The public API of the ImmutableService component. Types are exported with `export type` so that
// per-file transpilers (ts-node's transpile-only mode) need not know which names are types.
export { ImmutableService, immutableServiceType } from "./immutableService";
export { platforms } from "./args";
export type {
    ImmutableServiceArgs,
    PersistentAccessMode,
    PersistentPath,
    Platform,
    PortSpec,
    ResourceAmounts,
    Resources,
    UserSpec,
    WritablePath,
} from "./args";
export { ConcurrencyPolicy, JobRestartPolicy, PodManagementPolicy, UpdateStrategyType, WorkloadKind } from "./workloadKinds";
export type { CronJobOptions, JobOptions, StatefulSetOptions, WorkloadKindArgs } from "./workloadKinds";
export { ProbeScheme } from "./probes";
export type { GrpcProbe, HttpGetProbe, HttpHeader, Probe, ProbeArgs, TcpSocketProbe } from "./probes";
export { TaintEffect, TolerationOperator, UnsatisfiableAction } from "./scheduling";
export type {
    Affinity,
    LabelSelector,
    LabelSelectorRequirement,
    NodeAffinity,
    NodeSelector,
    NodeSelectorTerm,
    PodAffinity,
    PodAffinityTerm,
    PreferredSchedulingTerm,
    SchedulingArgs,
    Toleration,
    TopologySpreadConstraint,
    WeightedPodAffinityTerm,
} from "./scheduling";
export type {
    ConfigMount,
    EnvFromSource,
    EnvSourceArgs,
    EnvValueSource,
    KeyReference,
    KeyToPath,
    ResourceFieldReference,
} from "./envSources";
export type { FileArgs } from "./files";
export { contentHash, fileKey } from "./files";
export { ImagePullPolicy, SeccompProfile } from "./containers";
export type { Capabilities, ContainerSettings, ContainerSpec, MultiContainerArgs } from "./containers";
export type { OverrideArgs } from "./overrides";
export {
    ImmutableServiceArgsError,
    defaultAccessModes,
    defaultWritableMode,
    defaultWritableSize,
    maxReplicas,
    maxWritablePaths,
    selectorLabelKey,
} from "./validation";
export type { ResolvedPersistentPath, ResolvedWritablePath } from "./validation";
export { QuantityError, formatDockerBytes, parseCpuCores, parseDockerBytes, parseKubernetesBytes } from "./quantities";
