import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as docker from "@pulumi/docker";
import { ImmutableServiceArgs, Platform } from "./args";
import { buildDocker } from "./docker";
import { buildKubernetes } from "./kubernetes";
import { buildSwarm } from "./swarm";
import { ResolvedPersistentPath, ResolvedWritablePath, ServiceSpec, resolveServiceSpec } from "./validation";

/** The component's type token, part of every ImmutableService URN. */
export const immutableServiceType = "immutable-workloads:index:ImmutableService";

/**
 * A workload whose root filesystem is read-only, with only the listed paths writable — in memory
 * and bounded — and the listed persistent paths on real volumes. On Kubernetes a Deployment (plus
 * PersistentVolumeClaims and a Service), on Docker a Container, on Swarm a Service; everything it
 * creates passes the `immutable-workloads` policy pack.
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

    /** Kubernetes: the Deployment. */
    readonly deployment?: k8s.apps.v1.Deployment;
    /** Kubernetes: the Service, when ports were given. */
    readonly service?: k8s.core.v1.Service;
    /** Kubernetes: one PersistentVolumeClaim per persistent path. */
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
        super(immutableServiceType, name, {}, opts);

        // Providers given in opts (`provider`, `providers`) reach the children through `parent`.
        const childOpts: pulumi.CustomResourceOptions = { parent: this };
        this.platform = spec.platform;
        this.writablePaths = spec.writablePaths;
        this.persistentPaths = spec.persistentPaths;
        this.claims = [];
        this.volumes = [];

        const built = buildFor(spec, childOpts);
        switch (built.platform) {
            case "kubernetes":
                this.deployment = built.deployment;
                this.service = built.service;
                this.claims = built.claims;
                this.envSecret = built.envSecret;
                this.workloadName = built.deployment.metadata.name;
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
