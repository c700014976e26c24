import * as pulumi from "@pulumi/pulumi";
import type { ContainerSettings, MultiContainerArgs } from "./containers";
import type { EnvSourceArgs } from "./envSources";
import type { FileArgs } from "./files";
import type { OverrideArgs } from "./overrides";
import type { ProbeArgs } from "./probes";
import type { SchedulingArgs } from "./scheduling";
import type { WorkloadKindArgs } from "./workloadKinds";

/** Where the workload runs. */
export type Platform = "kubernetes" | "docker" | "swarm";

/** Every platform `ImmutableService` can build for, in documentation order. */
export const platforms: readonly Platform[] = ["kubernetes", "docker", "swarm"];

/**
 * A directory the process must be able to write, held in memory and gone when the container stops.
 * Kubernetes: an `emptyDir { medium: Memory, sizeLimit }` volume. Docker: a `tmpfs` mount with
 * `noexec,nosuid,nodev,size=…`. Swarm: a `tmpfs` mount with `tmpfsOptions.sizeBytes`.
 */
export interface WritablePath {
    /** Absolute, normalised path inside the container, e.g. `/var/run/nginx`. Not `/`. */
    path: string;
    /**
     * Upper bound on what may be written there; default `64Mi`. Written in the platform's own
     * notation: a Kubernetes quantity on Kubernetes (`64Mi`, `1Gi`, `500M` = 500·10⁶ bytes), a
     * Docker size on Docker and Swarm (`64m`, `1g`, `65536`; every unit binary). Binary suffixes
     * such as `64Mi` mean the same on every platform, so prefer them in portable code. The memory
     * counts against the container's memory limit, which is why it is always bounded.
     */
    sizeLimit?: string;
    /**
     * Octal permission bits of the mount's root directory on Docker and Swarm; default `"1777"`
     * (world-writable with the sticky bit, like `/tmp`), so that a non-root process can write even
     * where the platform cannot set the owner (Swarm). Kubernetes ignores it: kubelet always
     * creates `emptyDir` volumes world-writable.
     */
    mode?: string;
    /**
     * Kubernetes pod volume name; default derived from the container and the path. Writable paths
     * of different containers (init containers, sidecars) with the same `volumeName` share one
     * in-memory volume, so they must give the same size.
     */
    volumeName?: string;
}

/** Kubernetes access modes that let the process write; a persistent path exists to be written. */
export type PersistentAccessMode = "ReadWriteOnce" | "ReadWriteOncePod" | "ReadWriteMany";

/**
 * A directory whose contents must survive restarts and redeployments (uploads, databases).
 * Kubernetes: a `PersistentVolumeClaim` mounted at the path. Docker and Swarm: a named
 * `docker.Volume` mounted at the path.
 */
export interface PersistentPath {
    /** Absolute, normalised path inside the container, e.g. `/var/www/html/wp-content/uploads`. */
    path: string;
    /**
     * Requested capacity, in the platform's notation (see {@link WritablePath.sizeLimit}).
     * Kubernetes: the claim's `resources.requests.storage`. Docker's `local` volume driver has no
     * size limit, so there it is recorded as the volume label `immutable-workloads/size` only.
     */
    size: string;
    /** Kubernetes storage class of the claim; the cluster's default class when omitted. Ignored by Docker and Swarm. */
    storageClassName?: string;
    /**
     * Kubernetes access modes of the claim; default `["ReadWriteOnce"]`. With more than one replica
     * every persistent path needs `ReadWriteMany`, since `ReadWriteOnce` volumes cannot be shared
     * by pods on different nodes. Ignored by Docker and Swarm.
     */
    accessModes?: PersistentAccessMode[];
    /**
     * Kubernetes pod volume name (and, on a StatefulSet, volumeClaimTemplate name); default derived
     * from the path.
     */
    volumeName?: string;
}

/** A port the container listens on. */
export interface PortSpec {
    /** Port the process listens on inside the container (1–65535). */
    containerPort: number;
    /**
     * Port that clients use. Kubernetes: the Service port (default: `containerPort`). Docker: the
     * host port (default: a free port Docker picks). Swarm: the published port on the routing mesh
     * (default: a free port Swarm picks).
     */
    publishedPort?: number;
    /** Transport protocol; default `"TCP"`. */
    protocol?: "TCP" | "UDP";
    /**
     * Kubernetes port name (at most 15 lowercase letters, digits and single hyphens, with at least
     * one letter); default `<protocol>-<containerPort>`, e.g. `tcp-8080`.
     */
    name?: string;
}

/** Compute resources in Kubernetes' shape: `cpu` in cores or millicores, `memory` in bytes. */
export interface ResourceAmounts {
    /** CPU as a Kubernetes quantity: `0.5`, `500m`, `2`. Same notation on every platform. */
    cpu?: string;
    /** Memory in the platform's size notation (see {@link WritablePath.sizeLimit}), e.g. `256Mi`. */
    memory?: string;
}

/** Resource limits and requests of the container. */
export interface Resources {
    /**
     * Hard limits. Kubernetes: `resources.limits`. Docker: `cpus` and `memory` (rounded up to whole
     * MiB, the provider's unit). Swarm: `resources.limits`. When `memory` is given, the in-memory
     * writable paths must fit inside it, since their contents are charged to the container.
     */
    limits?: ResourceAmounts;
    /**
     * Guaranteed amounts. Kubernetes: `resources.requests`. Docker: `memoryReservation` and
     * `cpuShares` (1024 per core, as kubelet does). Swarm: `resources.reservation`.
     */
    requests?: ResourceAmounts;
}

/** The numeric identity the process runs as. */
export interface UserSpec {
    /** User id; must not be 0 (the point is to run as non-root). */
    uid: number;
    /** Group id. */
    gid: number;
}

/**
 * Arguments of {@link ImmutableService}: one workload whose root filesystem is read-only, with
 * only the listed paths writable. Fields marked "Kubernetes" or "Docker" are honoured on that
 * platform; everything else applies to all three.
 */
export interface ImmutableServiceArgs
    extends WorkloadKindArgs, ProbeArgs, SchedulingArgs, EnvSourceArgs, FileArgs, MultiContainerArgs, ContainerSettings, OverrideArgs {
    /** Target platform; default `"kubernetes"`. */
    platform?: Platform;
    /** Container image reference, e.g. `nginx:1.27` or an image digest. Must not be empty. */
    image: pulumi.Input<string>;
    /**
     * Replaces the image's entrypoint (Kubernetes `command`, Docker `entrypoint`, Swarm `command`).
     * Omit to keep the image's entrypoint.
     */
    command?: pulumi.Input<string>[];
    /**
     * Replaces the image's default arguments (Kubernetes `args`, Docker `command`, Swarm `args`).
     * Omit to keep the image's `CMD`.
     */
    args?: pulumi.Input<string>[];
    /**
     * Environment variables, by name. Names must not be empty or contain `=`; on Kubernetes they must
     * also be printable ASCII (clusters before 1.32 want letters, digits, `_`, `-` and `.`, not
     * starting with a digit).
     */
    env?: Record<string, pulumi.Input<string>>;
    /**
     * Environment variables whose values are secrets (passwords, keys), by name; a name may not
     * also be in `env`. Kubernetes: kept in an immutable `Secret` the component creates (named by
     * Pulumi, so a changed value makes a new Secret and rolls the pods) and read with
     * `secretKeyRef`, so the values never appear in the Deployment; there each name is also the
     * Secret's key, so it must be at most 253 letters, digits, `-`, `_` and `.` (not `.`, nor starting
     * with `..`). Docker and Swarm, which have
     * no secret store for environment variables: set in the environment, marked secret in Pulumi's
     * state.
     */
    secretEnv?: Record<string, pulumi.Input<string>>;
    /**
     * Ports the container listens on, as numbers (TCP, same port outside) or {@link PortSpec}s.
     * On Kubernetes a `Service` (ClusterIP) is created for them.
     */
    ports?: (number | PortSpec)[];
    /**
     * Number of copies; default 1, at most 2147483647 (Kubernetes' int32). Kubernetes: Deployment or
     * StatefulSet replicas (a DaemonSet, Job or CronJob takes none). Swarm: replicated mode replicas.
     * Docker runs exactly one container, so only 1 is accepted there.
     */
    replicas?: number;
    /** Kubernetes namespace of every namespaced resource; the provider's default namespace when omitted. */
    namespace?: pulumi.Input<string>;
    /**
     * Labels on every resource created (Kubernetes metadata and pod template; Docker and Swarm
     * labels). The key `app.kubernetes.io/instance` is the selector's: it may only carry the
     * component's name.
     */
    labels?: Record<string, string>;
    /**
     * Kubernetes: annotations on the workload and its pod template. Docker and Swarm have no
     * annotations, so there they become labels (a label of the same key wins).
     */
    annotations?: Record<string, string>;
    /** CPU and memory limits and requests. */
    resources?: Resources;
    /**
     * Paths the process must write (pid files, caches, sockets, `/tmp`), each as a path string
     * (64Mi default size) or a {@link WritablePath}. Everything else is read-only. At most 5, the
     * default `maxWritablePaths` of the policy pack: mount a parent directory rather than several
     * of its subdirectories.
     */
    writablePaths?: (string | WritablePath)[];
    /**
     * Run as this uid/gid instead of the image's user. Kubernetes: `runAsUser`, `runAsGroup`,
     * `runAsNonRoot` and the pod's `fsGroup` (so persistent volumes are writable). Docker: `user`
     * and the tmpfs `uid=`/`gid=` options, without which a tmpfs belongs to root.
     */
    user?: UserSpec;
    /**
     * Paths whose data must survive the container: uploads, databases. Never nested with a writable
     * path. Each volume is named `<name>-<path>` with the path's punctuation as `-` (lowercased on
     * Kubernetes, whose claim names are lowercase), so two paths that would give one name, such as
     * `/a-b` and `/a/b`, or on Kubernetes `/Data` and `/data`, are refused.
     */
    persistentPaths?: PersistentPath[];
    /** Kubernetes: name of the main container; default derived from the component's name. */
    containerName?: string;
}
