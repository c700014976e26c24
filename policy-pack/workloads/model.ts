// The view every policy reads: one workload (a Kubernetes object, a Docker container or a
// Swarm service) and the containers it runs, each with the JSON paths of what it is judged on.
import type { Dialect } from "../platforms/platform";
import { BooleanField, PropertyPath, UnknownValue } from "./values";

/** Where a resource runs its containers: the id of a platform (policy-pack/platforms/registry.ts). */
export type Platform = string;

/**
 * The container list a container was found in: `initContainers`, `containers`,
 * `ephemeralContainers` (Kubernetes pod specs: `checkInitContainers` / `checkEphemeralContainers`
 * select by these), or the platform's own name for where it runs one (`container`,
 * `containerSpec`, `containerDefinitions`, an Argo template's `script` or `sidecars`).
 */
export type ContainerList = string;

/** The exemption marker (`immutable-workloads/exempt`) as found on the workload. */
export type ExemptionMarker =
    | { readonly state: "absent" }
    | { readonly state: "unknown"; readonly path: PropertyPath }
    | { readonly state: "blank"; readonly path: PropertyPath }
    | { readonly state: "set"; readonly path: PropertyPath; readonly justification: string };

/** One container of a workload. */
export interface ContainerView {
    readonly list: ContainerList;
    /** Index in its list (0 for Docker and Swarm). */
    readonly index: number;
    /** The container's name, or `#<index>` when it has none (or it is unknown). */
    readonly name: string;
    /** Path to the container object in the resource's props. */
    readonly path: PropertyPath;
    /** Where it is, when `list[index]` does not say (`templates[2].container` of an Argo workflow). */
    readonly label?: string;
    /** The image reference; `unknownValue` at preview when it comes from another resource. */
    readonly image: string | UnknownValue | undefined;
    readonly imagePath: PropertyPath;
    /** The field that makes the root filesystem read-only, and its state. */
    readonly readOnlyRootFilesystem: BooleanField;
    readonly readOnlyRootFilesystemPath: PropertyPath;
    /** How users write that field relative to the container: `securityContext.readOnlyRootFilesystem`. */
    readonly readOnlyRootFilesystemField: string;
    /**
     * What lets the container's process remount its root filesystem writable
     * (`mount -o remount,rw /`), whatever the read-only flag says: privileged mode, or the
     * SYS_ADMIN capability (or ALL) added. Only known grants are listed.
     */
    readonly remountGrants: readonly RemountGrant[];
    /** The container object itself (proxies and secrets stripped at the top level only). */
    readonly spec: Record<string, unknown>;
}

/** A setting that gives a container the power to remount its root filesystem. */
export interface RemountGrant {
    /** How users write it relative to the container: `securityContext.privileged`, `capabilities.adds[0]`. */
    readonly field: string;
    /** The setting as written: `privileged: true`, `SYS_ADMIN`, `ALL`. */
    readonly value: string;
    readonly path: PropertyPath;
}

/** A resource the pack can see containers in. */
export interface WorkloadView {
    readonly platform: Platform;
    readonly typeToken: string;
    /** Kubernetes kind, or `Container` / `Service` for Docker. */
    readonly kind: string;
    /** `apps/v1`, `v1`…; undefined for Docker. */
    readonly apiVersion?: string;
    /** A `<Kind>Patch`: only explicit values change anything. */
    readonly isPatch: boolean;
    /** `metadata.name` (Kubernetes) or `name` (Docker) when known, else the Pulumi resource name. */
    readonly name: string;
    /** The Pulumi resource name the engine reported. */
    readonly resourceName: string;
    /** Kubernetes namespace when set and known. */
    readonly namespace?: string;
    readonly exemption: ExemptionMarker;
    /** Set when no container of this workload can be judged (e.g. a Windows pod). */
    readonly notApplicable?: string;
    /** Path to the pod spec (Kubernetes) or container spec (Docker, Swarm). */
    readonly specPath: PropertyPath;
    /** A pod-level `securityContext.readOnlyRootFilesystem`, which Kubernetes does not have. */
    readonly podLevelReadOnlyRootFilesystem?: { readonly path: PropertyPath; readonly value: BooleanField };
    /** Every container whose spec is known, in the order init, regular, ephemeral. */
    readonly containers: readonly ContainerView[];
    /** Container lists (or entries) that are unknown at preview and were not judged. */
    readonly unknownContainers: readonly PropertyPath[];
    /**
     * Places that should hold containers but hold something else (a pod spec that is a string, a
     * container list that is not a list, an entry that is not an object). Nothing in them can be
     * judged, and what the pack cannot judge it does not pass.
     */
    readonly malformedContainers: readonly { readonly path: PropertyPath; readonly value: unknown }[];
    /** The resource's props with proxies stripped at the top level. */
    readonly props: Record<string, unknown>;
    /** Who its findings are written for, when not a Pulumi user (immutable-check's manifests and Compose files). */
    readonly dialect?: Dialect;
}
