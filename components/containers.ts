// More than one container: init containers (run to completion before the others start) and
// sidecars (run beside the main container; on Kubernetes as native sidecars, init containers with
// `restartPolicy: Always`, unless `nativeSidecars: false`). Each is read-only like the main container,
// with its own in-memory `writablePaths`; containers share an in-memory directory when their
// writable paths name the same `volumeName`, and a persistent path of the service when they list it
// in `persistentPaths`. Kubernetes only: Docker and Swarm run one container per service.
import * as pulumi from "@pulumi/pulumi";
import { PortSpec, Resources, UserSpec, WritablePath } from "./args";
import { EnvSourceArgs } from "./envSources";
import { ProbeArgs } from "./probes";

/** When the kubelet pulls the image. */
export const ImagePullPolicy = {
    Always: "Always",
    IfNotPresent: "IfNotPresent",
    Never: "Never",
} as const;
/** When the kubelet pulls the image. */
export type ImagePullPolicy = (typeof ImagePullPolicy)[keyof typeof ImagePullPolicy];

/** The seccomp profile of a container. */
export const SeccompProfile = {
    /** The container runtime's default profile. */
    RuntimeDefault: "RuntimeDefault",
    /** No seccomp filtering. */
    Unconfined: "Unconfined",
} as const;
/** The seccomp profile of a container. */
export type SeccompProfile = (typeof SeccompProfile)[keyof typeof SeccompProfile];

/**
 * Linux capabilities to add and drop, e.g. `{ drop: ["ALL"], add: ["NET_BIND_SERVICE"] }`.
 * `SYS_ADMIN` and `ALL` cannot be added: with them a process can remount the root filesystem
 * read-write. Kubernetes `securityContext.capabilities`, Docker `capabilities`, Swarm `capAdds`/`capDrops`.
 */
export interface Capabilities {
    add?: string[];
    drop?: string[];
}

/** Container settings beyond the image and the process, for the main container and the others. */
export interface ContainerSettings {
    /** Kubernetes: working directory of the process; default the image's. Docker: `workingDir`. */
    workingDir?: string;
    /** Kubernetes: when the image is pulled. */
    imagePullPolicy?: ImagePullPolicy;
    /** Capabilities to add and drop. */
    capabilities?: Capabilities;
    /** Kubernetes: seccomp profile of the container. */
    seccompProfile?: SeccompProfile;
    /**
     * Kubernetes: refuse to start the container as root (`runAsNonRoot`), without choosing the uid
     * (the image's non-root USER is used). Implied by `user`.
     */
    runAsNonRoot?: boolean;
}

/**
 * An init container or a sidecar. Read-only like the main container: what it writes goes to its
 * own `writablePaths` (in memory, bounded), or to a persistent path of the service it mounts.
 */
export interface ContainerSpec extends ProbeArgs, EnvSourceArgs, ContainerSettings {
    /** Container name, unique in the pod (a DNS label, e.g. `copy-config`). */
    name: string;
    /** Image; must not be empty. */
    image: pulumi.Input<string>;
    /** Replaces the image's entrypoint. */
    command?: pulumi.Input<string>[];
    /** Replaces the image's default arguments. */
    args?: pulumi.Input<string>[];
    /** Environment variables, by name. */
    env?: Record<string, pulumi.Input<string>>;
    /** Ports it listens on (sidecars); they join the Service. */
    ports?: PortSpec[];
    /** CPU and memory limits and requests. */
    resources?: Resources;
    /**
     * In-memory writable paths (at most 5). Give a writable path the same `volumeName` as one of
     * another container to share it (an init container that prepares files for the main one).
     */
    writablePaths?: WritablePath[];
    /** Paths of the service's `persistentPaths` this container mounts too, at the same path. */
    persistentPaths?: string[];
    /** Run as this uid/gid (a sidecar's own user). */
    user?: UserSpec;
    /**
     * Kubernetes: any other container field (e.g. `lifecycle`), merged into the container before the
     * component re-asserts immutability; see `containerOverrides`.
     */
    overrides?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** The arguments of this file. */
export interface MultiContainerArgs {
    /** Kubernetes: containers that run to completion, in order, before the others start. */
    initContainers?: ContainerSpec[];
    /** Kubernetes: containers that run beside the main one for the pod's lifetime. */
    sidecars?: ContainerSpec[];
    /**
     * Kubernetes: run sidecars as native sidecars (init containers with `restartPolicy: Always`,
     * Kubernetes 1.29+: started before and stopped after the main container, and they do not keep a
     * Job from completing). Default true; false puts them in `containers` after the main one.
     */
    nativeSidecars?: boolean;
}
