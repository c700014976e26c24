// The public API of the ImmutableService component. Types are exported with `export type` so that
// per-file transpilers (ts-node's transpile-only mode) need not know which names are types.
export { ImmutableService, immutableServiceType } from "./immutableService";
export { platforms } from "./args";
export type {
    ImmutableServiceArgs, PersistentAccessMode, PersistentPath, Platform, PortSpec, ResourceAmounts, Resources,
    UserSpec, WritablePath,
} from "./args";
export {
    ImmutableServiceArgsError, defaultAccessModes, defaultWritableMode, defaultWritableSize, maxReplicas, maxWritablePaths,
    selectorLabelKey,
} from "./validation";
export type { ResolvedPersistentPath, ResolvedWritablePath } from "./validation";
export { QuantityError, formatDockerBytes, parseCpuCores, parseDockerBytes, parseKubernetesBytes } from "./quantities";
