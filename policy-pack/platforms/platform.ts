// What a platform is to the pack: everything the policies need to know about where one family of
// resources (Kubernetes objects, Docker containers, Swarm services…) keeps its containers, and
// how its users are told what is wrong and how to fix it. Policies ask the platform of a view
// (`platformOf`, ./registry.ts); no policy names one. Adding a platform is a folder that exports
// one `Platform` and a line in ./registry.ts.
import type { ConfigReference } from "../workloads/configRefs";
import type { ContainerView, RemountGrant, WorkloadView } from "../workloads/model";
import type { ContainerMounts, HostBacking, MountView, TmpfsBacking, VolumeReference } from "../workloads/mounts";
import type { PodTemplate } from "../workloads/podTemplates";
import type { PropertyPath, UnknownValue } from "../workloads/values";

/**
 * How findings about one platform's workloads are worded for one kind of user. The pack speaks
 * to Pulumi users (props paths, Pulumi resources, ImmutableService); `immutable-check` speaks
 * Kubernetes YAML to manifest users and Compose to Compose users (cli/dialects/).
 */
export interface Wording {
    /** `Deployment "web"`, `Docker container "web"`, `service "web"`. */
    workload(view: WorkloadView): string;
    /** `Deployment "web" containers[0] "app"`; a one-container workload is named by the workload. */
    container(view: WorkloadView, container: ContainerView): string;
    /** A path in the workload, as the user writes it. */
    path(view: WorkloadView, path: PropertyPath): string;
    /** Where the exemption marker goes: `annotation`, `label`. */
    readonly markerPlace: string;
    /** What to do about a writable root filesystem (a sentence, without the final period). */
    readOnlyRootFix(view: WorkloadView, container: ContainerView): string;
    /** How to bound a tmpfs's size (a phrase, e.g. `Add size= to its options`); `target` is where it is mounted. */
    tmpfsSizeFix(view: WorkloadView, backing: TmpfsBacking, target: string): string;
    /** A mount's read-only setting as the user writes it (`the :ro flag of …`); its path when absent. */
    readOnlyMountField?(view: WorkloadView, mount: MountView): string;
    /** A remount grant's field as the user writes it (`cap_add`); the platform's own name when absent. */
    grantField?(view: WorkloadView, grant: RemountGrant): string;
    /** The read-only field of a container as the user writes it; the platform's own name when absent. */
    readOnlyField?(view: WorkloadView, container: ContainerView): string;
    /** What `detail` says about a tmpfs without a bound. */
    tmpfsSizeProblem(view: WorkloadView, backing: TmpfsBacking): string;
    /** How to pin an image (a sentence, without the final period); `example` is the pinned form. */
    imagePinFix(view: WorkloadView, example: string, base: string): string;
    /** `mounts hostPath volume "logs" (/var/log, spec…path)`, `has a bind mount of /srv`, with the target. */
    hostMount(view: WorkloadView, mount: MountView, backing: HostBacking, hostPath: string): string;
    /** What a host mount is: `a bind mount of /srv`, `hostPath volume "logs" (/var/log, …path)`. */
    hostMountSource(view: WorkloadView, backing: HostBacking, hostPath: string): string;
    /** What to do about a writable host mount (a phrase, without the final period). */
    hostMountFix(view: WorkloadView, mount: MountView): string;
    /** How to mark a mount read-only: `Set <path>: true`. */
    readOnlyMountFix(view: WorkloadView, mount: MountView): string;
    /** A named volume defined outside the workload: `docker.Volume "data"`. */
    namedVolume(name: string): string;
    /** How an in-memory path is written for this platform, in the writable-paths advice. */
    readonly inMemoryPath: string;
}

/** What the config adds to how workloads are found. */
export interface WorkloadOptions {
    /** Kinds an organisation declared to carry a pod spec (`podTemplates`). */
    readonly podTemplates?: readonly PodTemplate[];
}

/** One platform: a family of resources that run containers. */
export interface Platform {
    /** `kubernetes`, `docker`, `swarm`: the `platform` of its workload views. */
    readonly id: string;
    /** `Kubernetes`, `Docker`, `Swarm`. */
    readonly title: string;
    /** The workload view of a resource of this platform, or undefined for any other resource. Never throws. */
    workloadOf(
        typeToken: string,
        props: Record<string, unknown>,
        resourceName: string,
        options?: WorkloadOptions,
    ): WorkloadView | undefined;
    /** Every mount of one container, with what backs it. Never throws. */
    mountsOf(view: WorkloadView, container: ContainerView): ContainerMounts;
    /**
     * Every kind of reference to another resource of the stack that `mountsOf` can give a mount
     * (none when absent): the stack's join of side-door host mounts reads a container's mounts only
     * when the stack holds something one of these kinds could reach, so a kind left out here is a
     * side door the pack no longer sees (test/policy-pack/platforms/mount-references.test.ts).
     */
    readonly mountReferences?: ReadonlyArray<VolumeReference["kind"]>;
    /** The ConfigMaps and Secrets a workload consumes (platforms without them return none). */
    configReferencesOf?(view: WorkloadView): ConfigReference[];
    /** The name other containers of the stack refer to this one by (Docker's `volumes_from`). */
    referenceName?(view: WorkloadView): string | UnknownValue | undefined;
    /**
     * The props a remediation returns, from the remediated copy of the view's props: for platforms
     * whose view decodes a field (ECS's JSON string), the field encoded again. The props as they are
     * when absent.
     */
    encodeRemediated?(original: Record<string, unknown>, remediated: Record<string, unknown>): Record<string, unknown>;
    /** Whether an image reference without a digest still names exactly one image here (a Docker image ID). */
    pinsImage?(image: string): boolean;
    /** How its users are told about findings in a Pulumi program. */
    readonly wording: Wording;
    /** Remediation advice per policy, for the pack's policy descriptions. */
    readonly guidance: {
        readonly readOnlyRoot: string;
        readonly writablePaths: string;
        readonly hostMounts: string;
    };
}

/**
 * Who a finding is written for. A dialect gives the wording for each platform it knows; for the
 * others the platform's own (Pulumi) wording is used.
 */
export interface Dialect {
    /** `pulumi`, `kubernetes-yaml`, `compose`. */
    readonly id: string;
    wordingFor(platform: Platform): Wording | undefined;
}
