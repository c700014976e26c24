import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as docker from "@pulumi/docker";
import { ImmutableServiceArgs, Platform } from "./args";
import { buildDocker, checkDocker } from "./docker";
import { KubernetesWorkload, buildKubernetes, checkKubernetes } from "./kubernetes";
import { buildSwarm, checkSwarm } from "./swarm";
import { ResolvedPersistentPath, ResolvedWritablePath, ServiceSpec, resolveServiceSpec, withArgumentErrors } from "./validation";

/** The component's type token, part of every ImmutableService URN. */
export const immutableServiceType = "immutable-workloads:index:ImmutableService";

/**
 * A workload whose root filesystem is read-only, with only the listed paths writable — in memory
 * and bounded — and the listed persistent paths on real volumes. On Kubernetes a Deployment (or a
 * StatefulSet, DaemonSet, Job or CronJob; plus PersistentVolumeClaims, Services and the immutable
 * ConfigMap / Secrets of its configuration), on Docker a Container, on Swarm a Service; everything
 * it creates passes the `immutable-workloads` policy pack.
 *
 * ```ts
 * const web = new ImmutableService("web", {
 *     image: "nginx:1.27",
 *     ports: [8080],
 *     user: { uid: 101, gid: 101 },
 *     writablePaths: ["/var/cache/nginx", "/var/run", { path: "/tmp", sizeLimit: "16Mi" }],
 * });
 * ```
 *
 * Bad arguments throw an {@link ImmutableServiceArgsError} from the constructor, before anything
 * is registered.
 *
 * The name becomes part of every object's name (`<name>-<8 hex>`, by Pulumi's auto-naming), so it
 * must suit the platform: on Kubernetes at most 63 lowercase letters, digits, `-` and `.`, starting
 * and ending with a letter or digit, and with `ports` (a Service, an RFC 1035 label) at most 54
 * lowercase letters, digits and `-`, starting with a letter; on Docker letters, digits, `_`, `.` and
 * `-`, starting with a letter or digit; on Swarm at most 54 letters, digits, `-` and `_`, starting
 * and ending with a letter or digit. A name like `web` or `web-api` suits all three.
 */
export class ImmutableService extends pulumi.ComponentResource {
    /** The platform the workload was built for. */
    readonly platform: Platform;
    /** Name of the Deployment, Container or Swarm service. */
    readonly workloadName: pulumi.Output<string>;
    /** Name of the Kubernetes Service; undefined without ports and on Docker and Swarm. */
    readonly serviceName: pulumi.Output<string | undefined>;
    /** The writable paths with their defaults applied and sizes in bytes. */
    readonly writablePaths: readonly ResolvedWritablePath[];
    /** The persistent paths with their defaults applied and sizes in bytes. */
    readonly persistentPaths: readonly ResolvedPersistentPath[];

    /** Kubernetes: the workload, whatever its kind. */
    readonly workload?: KubernetesWorkload;
    /** Kubernetes: the Deployment (kind "Deployment"). */
    readonly deployment?: k8s.apps.v1.Deployment;
    /** Kubernetes: the StatefulSet (kind "StatefulSet"). */
    readonly statefulSet?: k8s.apps.v1.StatefulSet;
    /** Kubernetes: the DaemonSet (kind "DaemonSet"). */
    readonly daemonSet?: k8s.apps.v1.DaemonSet;
    /** Kubernetes: the Job (kind "Job"). */
    readonly job?: k8s.batch.v1.Job;
    /** Kubernetes: the CronJob (kind "CronJob"). */
    readonly cronJob?: k8s.batch.v1.CronJob;
    /** Kubernetes: the Service, when ports were given. */
    readonly service?: k8s.core.v1.Service;
    /** Kubernetes: a StatefulSet's headless Service. */
    readonly headlessService?: k8s.core.v1.Service;
    /** Kubernetes: the immutable, content-named ConfigMap of `files`. */
    readonly filesConfigMap?: k8s.core.v1.ConfigMap;
    /** Kubernetes: the immutable, content-named Secret of `secretFiles`. */
    readonly filesSecret?: k8s.core.v1.Secret;
    /** Swarm: one config per file of `files`. */
    readonly configs: readonly docker.ServiceConfig[];
    /** Swarm: one secret per file of `secretFiles`. */
    readonly secrets: readonly docker.Secret[];
    /** Kubernetes: one PersistentVolumeClaim per persistent path (none on a StatefulSet, whose claims come from its templates). */
    readonly claims: readonly k8s.core.v1.PersistentVolumeClaim[];
    /** Kubernetes: the immutable Secret holding `secretEnv`, when it was given. */
    readonly envSecret?: k8s.core.v1.Secret;
    /** Docker: the container. */
    readonly container?: docker.Container;
    /** Swarm: the service. */
    readonly swarmService?: docker.Service;
    /** Docker and Swarm: one named volume per persistent path. */
    readonly volumes: readonly docker.Volume[];

    constructor(name: string, args: ImmutableServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        // Checked before super(): even the component itself is not registered for bad arguments.
        const spec = resolveServiceSpec(name, args);
        // The overrides and `transform` are applied and immutability re-asserted once with placeholder
        // names, so that a refused override also fails before anything is registered.
        withArgumentErrors(name, () => checkFor(spec));
        super(immutableServiceType, name, {}, opts);

        // Providers given in opts (`provider`, `providers`) reach the children through `parent`.
        const childOpts: pulumi.CustomResourceOptions = { parent: this };
        this.platform = spec.platform;
        this.writablePaths = spec.writablePaths;
        this.persistentPaths = spec.persistentPaths;
        this.claims = [];
        this.volumes = [];
        this.configs = [];
        this.secrets = [];

        const built = withArgumentErrors(name, () => buildFor(spec, childOpts));
        switch (built.platform) {
            case "kubernetes":
                this.workload = built.workload;
                if (built.workload instanceof k8s.apps.v1.Deployment) this.deployment = built.workload;
                if (built.workload instanceof k8s.apps.v1.StatefulSet) this.statefulSet = built.workload;
                if (built.workload instanceof k8s.apps.v1.DaemonSet) this.daemonSet = built.workload;
                if (built.workload instanceof k8s.batch.v1.Job) this.job = built.workload;
                if (built.workload instanceof k8s.batch.v1.CronJob) this.cronJob = built.workload;
                this.service = built.service;
                this.headlessService = built.headlessService;
                this.claims = built.claims;
                this.envSecret = built.envSecret;
                this.filesConfigMap = built.filesConfigMap;
                this.filesSecret = built.filesSecret;
                this.workloadName = (built.workload.metadata as pulumi.Output<{ name: string }>).apply((m) => m.name);
                this.serviceName = built.service ? built.service.metadata.name : pulumi.output(undefined);
                break;
            case "docker":
                this.container = built.container;
                this.volumes = built.volumes;
                this.workloadName = built.container.name;
                this.serviceName = pulumi.output(undefined);
                break;
            case "swarm":
                this.swarmService = built.swarmService;
                this.volumes = built.volumes;
                this.configs = built.configs;
                this.secrets = built.secrets;
                this.workloadName = built.swarmService.name;
                this.serviceName = pulumi.output(undefined);
                break;
        }

        this.registerOutputs({
            platform: this.platform,
            workloadName: this.workloadName,
            serviceName: this.serviceName,
            writablePaths: this.writablePaths,
            persistentPaths: this.persistentPaths,
        });
    }
}

function checkFor(spec: ServiceSpec): void {
    switch (spec.platform) {
        case "kubernetes":
            return checkKubernetes(spec);
        case "docker":
            return checkDocker(spec);
        case "swarm":
            return checkSwarm(spec);
    }
}

type Built =
    | ({ platform: "kubernetes" } & ReturnType<typeof buildKubernetes>)
    | ({ platform: "docker" } & ReturnType<typeof buildDocker>)
    | ({ platform: "swarm" } & ReturnType<typeof buildSwarm>);

function buildFor(spec: ServiceSpec, opts: pulumi.CustomResourceOptions): Built {
    switch (spec.platform) {
        case "kubernetes":
            return { platform: "kubernetes", ...buildKubernetes(spec, opts) };
        case "docker":
            return { platform: "docker", ...buildDocker(spec, opts) };
        case "swarm":
            return { platform: "swarm", ...buildSwarm(spec, opts) };
    }
}
