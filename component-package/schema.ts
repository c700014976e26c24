// The schema's view of ImmutableService: what `pulumi package get-schema` infers (through
// @pulumi/pulumi/provider/experimental's analyzer) and every generated SDK shows.
//
// The arguments are components/args.ts's own: the interfaces here extend those of args.ts, so
// every field the schema can express comes from there unchanged (its type and its doc comment),
// and a field added to ImmutableServiceArgs reaches the schema without an edit here. The analyzer
// cannot express a union that is not an enum, so the fields whose TypeScript type is one are
// re-declared below with a narrower type it can express (string literal unions become `as const`
// enums, `number | PortSpec` becomes PortSpec, `string | WritablePath` becomes WritablePath), their
// doc comment copied from args.ts, plus a sentence on the shape where it narrows
// (test/package/schema.test.ts checks both). `extends` makes TypeScript check that each narrowed
// type is still a valid argument, so provider.ts hands the inputs to the component unchanged.
import * as pulumi from "@pulumi/pulumi";
import * as ts from "../components/args";

/** Where the workload runs. */
export const Platform = {
    /** A Deployment, plus a Service for ports and a PersistentVolumeClaim per persistent path. */
    Kubernetes: "kubernetes",
    /** A docker.Container, plus a named docker.Volume per persistent path. */
    Docker: "docker",
    /** A Swarm docker.Service, plus a named docker.Volume per persistent path. */
    Swarm: "swarm",
} as const;
/** Where the workload runs. */
export type Platform = (typeof Platform)[keyof typeof Platform];

/** Kubernetes access modes that let the process write; a persistent path exists to be written. */
export const PersistentAccessMode = {
    ReadWriteOnce: "ReadWriteOnce",
    ReadWriteOncePod: "ReadWriteOncePod",
    ReadWriteMany: "ReadWriteMany",
} as const;
/** Kubernetes access modes that let the process write; a persistent path exists to be written. */
export type PersistentAccessMode = (typeof PersistentAccessMode)[keyof typeof PersistentAccessMode];

/** Transport protocol of a port. */
export const Protocol = {
    TCP: "TCP",
    UDP: "UDP",
} as const;
/** Transport protocol of a port. */
export type Protocol = (typeof Protocol)[keyof typeof Protocol];

/**
 * An argument only a TypeScript program can give: a function cannot cross the process boundary
 * between a program in another language and this provider. Declared as an interface here only so
 * that the analyzer accepts it; provider.ts removes every such argument from the schema it serves
 * (typeScriptOnlyArgs) and refuses a value for one.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface TypeScriptOnlyTransform extends NonNullable<ts.ImmutableServiceArgs["transform"]> {}

/** Arguments that exist in TypeScript only, left out of the schema, and why. */
export const typeScriptOnlyArgs: Readonly<Record<string, string>> = {
    transform: "a function: it cannot cross the process boundary; use Pulumi's `transforms` resource option instead",
};

/** A port the container listens on. */
export interface PortSpec extends ts.PortSpec {
    /** Transport protocol; default `"TCP"`. */
    protocol?: Protocol;
}

/**
 * A directory whose contents must survive restarts and redeployments (uploads, databases).
 * Kubernetes: a `PersistentVolumeClaim` mounted at the path. Docker and Swarm: a named
 * `docker.Volume` mounted at the path.
 */
export interface PersistentPath extends ts.PersistentPath {
    /**
     * Requested capacity, in the platform's notation (see WritablePath.sizeLimit).
     * Kubernetes: the claim's `resources.requests.storage`. Docker's `local` volume driver has no
     * size limit, so there it is recorded as the volume label `immutable-workloads/size` only.
     */
    size: string;
    /**
     * Kubernetes access modes of the claim; default `["ReadWriteOnce"]`. With more than one replica
     * every persistent path needs `ReadWriteMany`, since `ReadWriteOnce` volumes cannot be shared
     * by pods on different nodes. Ignored by Docker and Swarm.
     */
    accessModes?: PersistentAccessMode[];
}

/** Compute resources in Kubernetes' shape: `cpu` in cores or millicores, `memory` in bytes. */
export interface ResourceAmounts extends ts.ResourceAmounts {
    /** Memory in the platform's size notation (see WritablePath.sizeLimit), e.g. `256Mi`. */
    memory?: string;
}

/** Resource limits and requests of the container. */
export interface Resources extends ts.Resources {
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

/**
 * Arguments of {@link ImmutableService}: one workload whose root filesystem is read-only, with
 * only the listed paths writable. Fields marked "Kubernetes" or "Docker" are honoured on that
 * platform; everything else applies to all three.
 */
export interface ImmutableServiceArgs extends ts.ImmutableServiceArgs {
    /** Target platform; default `"kubernetes"`. */
    platform?: Platform;
    /**
     * Ports the container listens on, as numbers (TCP, same port outside) or PortSpecs.
     * On Kubernetes a `Service` (ClusterIP) is created for them.
     *
     * In the schema each port is a PortSpec: write the number `8080` as `{containerPort: 8080}`.
     */
    ports?: PortSpec[];
    /**
     * Paths the process must write (pid files, caches, sockets, `/tmp`), each as a path string
     * (64Mi default size) or a WritablePath. Everything else is read-only. At most 5, the
     * default `maxWritablePaths` of the policy pack: mount a parent directory rather than several
     * of its subdirectories.
     *
     * In the schema each path is a WritablePath: write the string `"/tmp"` as `{path: "/tmp"}`.
     */
    writablePaths?: ts.WritablePath[];
    /**
     * Paths whose data must survive the container: uploads, databases. Never nested with a writable
     * path. Each volume is named `<name>-<path>` with the path's punctuation as `-` (lowercased on
     * Kubernetes, whose claim names are lowercase), so two paths that would give one name, such as
     * `/a-b` and `/a/b`, or on Kubernetes `/Data` and `/data`, are refused.
     */
    persistentPaths?: PersistentPath[];
    /** CPU and memory limits and requests. */
    resources?: Resources;
    /** TypeScript only (see typeScriptOnlyArgs): removed from the schema. */
    transform?: TypeScriptOnlyTransform;
}

/** A writable path with its defaults applied and its size in bytes. */
export interface ResolvedWritablePath {
    /** Absolute path inside the container. */
    path: string;
    /** The size as written (or the default), in the platform's notation. */
    sizeLimit: string;
    /** The size in bytes. */
    sizeBytes: number;
    /** Octal permission bits (Docker and Swarm). */
    mode: string;
}

/** A persistent path with its defaults applied and its size in bytes. */
export interface ResolvedPersistentPath {
    /** Absolute path inside the container. */
    path: string;
    /** The size as written, in the platform's notation. */
    size: string;
    /** The size in bytes. */
    sizeBytes: number;
    /** Storage class of the claim (Kubernetes); the cluster default when absent. */
    storageClassName?: string;
    /** Access modes of the claim (Kubernetes). */
    accessModes: PersistentAccessMode[];
}

/**
 * A workload whose root filesystem is read-only, with only the listed paths writable — in memory
 * and bounded — and the listed persistent paths on real volumes. On Kubernetes a Deployment (or a
 * StatefulSet, DaemonSet, Job or CronJob; plus PersistentVolumeClaims, Services and the immutable
 * ConfigMap / Secrets of its configuration), on Docker a Container, on Swarm a Service; everything
 * it creates passes the `immutable-workloads` policy pack.
 *
 * Bad arguments fail the deployment before anything is registered, with an error naming the
 * argument and the fix.
 *
 * The name becomes part of every object's name (`<name>-<8 hex>`, by Pulumi's auto-naming), so it
 * must suit the platform: on Kubernetes at most 63 lowercase letters, digits, `-` and `.`, starting
 * and ending with a letter or digit, and with `ports` (a Service, an RFC 1035 label) at most 54
 * lowercase letters, digits and `-`, starting with a letter; on Docker letters, digits, `_`, `.` and
 * `-`, starting with a letter or digit; on Swarm at most 54 letters, digits, `-` and `_`, starting
 * and ending with a letter or digit. A name like `web` or `web-api` suits all three.
 */
// The doc comment is components/immutableService.ts's, without the TypeScript example; the schema
// test checks that every other paragraph of it is here.
export declare class ImmutableService extends pulumi.ComponentResource {
    /** The platform the workload was built for. */
    readonly platform: Platform;
    /** Name of the Deployment, Container or Swarm service. */
    readonly workloadName: pulumi.Output<string>;
    /** Name of the Kubernetes Service; undefined without ports and on Docker and Swarm. */
    readonly serviceName: pulumi.Output<string | undefined>;
    /** The writable paths with their defaults applied and sizes in bytes. */
    readonly writablePaths: ResolvedWritablePath[];
    /** The persistent paths with their defaults applied and sizes in bytes. */
    readonly persistentPaths: ResolvedPersistentPath[];

    constructor(name: string, args: ImmutableServiceArgs, opts?: pulumi.ComponentResourceOptions);
}
