// ImmutableService on Kubernetes: a Deployment, a PersistentVolumeClaim per persistent path, and a
// Service when there are ports.
//
// The object builders (`deploymentSpec`, `podSpec`, `claimSpec`, `serviceSpec`, …) are pure
// functions of the resolved spec, so tests can check them without an engine; `buildKubernetes`
// only registers resources.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { dnsLabel, pathSlug, persistentVolumeName } from "./naming";
import { UserSpec } from "./args";
import { ResolvedAmounts, ResolvedPersistentPath, ServiceSpec, selectorLabelKey } from "./validation";

type PodSpec = k8s.types.input.core.v1.PodSpec;
type Container = k8s.types.input.core.v1.Container;
type SecurityContext = k8s.types.input.core.v1.SecurityContext;
type Volume = k8s.types.input.core.v1.Volume;
type VolumeMount = k8s.types.input.core.v1.VolumeMount;

/** The Kubernetes resources an ImmutableService registers. */
export interface KubernetesChildren {
    readonly deployment: k8s.apps.v1.Deployment;
    /** Present when `ports` were given. */
    readonly service?: k8s.core.v1.Service;
    /** One per persistent path, in the order of `persistentPaths`. */
    readonly claims: k8s.core.v1.PersistentVolumeClaim[];
    /** The immutable Secret holding `secretEnv`, when it was given. */
    readonly envSecret?: k8s.core.v1.Secret;
}

/** Labels that select the component's pods. */
export function selectorLabels(spec: ServiceSpec): Record<string, string> {
    return { [selectorLabelKey]: spec.name };
}

/** Labels on every resource: the user's plus the selector. */
export function resourceLabels(spec: ServiceSpec): Record<string, string> {
    return { ...spec.labels, ...selectorLabels(spec) };
}

/** Pod volume names are DNS labels; the index keeps them unique, the path keeps them readable. */
export function volumeName(kind: "writable" | "persistent", index: number, containerPath: string): string {
    return dnsLabel(`${kind}-${index}-${pathSlug(containerPath)}`, `${kind}-${index}`);
}

/**
 * The security context of every container: the root filesystem read-only and no setuid escalation
 * (which could otherwise regain the rights to remount it), plus the user when one is given.
 */
export function containerSecurityContext(user: UserSpec | undefined): SecurityContext {
    return {
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        ...(user ? { runAsUser: user.uid, runAsGroup: user.gid, runAsNonRoot: true } : {}),
    };
}

function amounts(a: ResolvedAmounts): Record<string, string> | undefined {
    const result: Record<string, string> = {};
    if (a.cpu) result.cpu = a.cpu.text;
    if (a.memory) result.memory = a.memory.text;
    return Object.keys(result).length > 0 ? result : undefined;
}

/** Memory-backed, size-bounded `emptyDir` volumes for the writable paths, then the claims. */
export function podVolumes(spec: ServiceSpec, claimNames: readonly pulumi.Input<string>[]): Volume[] {
    return [
        ...spec.writablePaths.map((w, i): Volume => ({
            name: volumeName("writable", i, w.path),
            emptyDir: { medium: "Memory", sizeLimit: w.sizeLimit },
        })),
        ...spec.persistentPaths.map((p, i): Volume => ({
            name: volumeName("persistent", i, p.path),
            persistentVolumeClaim: { claimName: claimNames[i] },
        })),
    ];
}

export function volumeMounts(spec: ServiceSpec): VolumeMount[] {
    return [
        ...spec.writablePaths.map((w, i) => ({ name: volumeName("writable", i, w.path), mountPath: w.path })),
        ...spec.persistentPaths.map((p, i) => ({ name: volumeName("persistent", i, p.path), mountPath: p.path })),
    ];
}

/** The container's environment: plain values, then `secretEnv` read from the Secret `envSecretName`. */
export function containerEnv(spec: ServiceSpec, envSecretName?: pulumi.Input<string>): k8s.types.input.core.v1.EnvVar[] {
    return [
        ...spec.env.map(([name, value]) => ({ name, value })),
        ...(envSecretName === undefined ? [] : spec.secretEnv.map(([name]) => ({ name, valueFrom: { secretKeyRef: { name: envSecretName, key: name } } }))),
    ];
}

export function container(spec: ServiceSpec, envSecretName?: pulumi.Input<string>): Container {
    const env = containerEnv(spec, envSecretName);
    const limits = amounts(spec.limits);
    const requests = amounts(spec.requests);
    const mounts = volumeMounts(spec);
    return {
        name: dnsLabel(spec.name, "app"),
        image: spec.image,
        ...(spec.command ? { command: spec.command } : {}),
        ...(spec.args ? { args: spec.args } : {}),
        ...(env.length > 0 ? { env } : {}),
        ...(spec.ports.length > 0
            ? { ports: spec.ports.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol })) }
            : {}),
        ...(limits || requests ? { resources: { ...(limits ? { limits } : {}), ...(requests ? { requests } : {}) } } : {}),
        securityContext: containerSecurityContext(spec.user),
        ...(mounts.length > 0 ? { volumeMounts: mounts } : {}),
    };
}

export function podSpec(spec: ServiceSpec, claimNames: readonly pulumi.Input<string>[], envSecretName?: pulumi.Input<string>): PodSpec {
    const volumes = podVolumes(spec, claimNames);
    return {
        containers: [container(spec, envSecretName)],
        ...(volumes.length > 0 ? { volumes } : {}),
        // fsGroup makes the claims' files group-owned by the process's group, without which a
        // non-root process cannot write a freshly provisioned volume (owned by root). Changing
        // ownership only on a mismatch keeps restarts fast on volumes with many files.
        ...(spec.user
            ? { securityContext: { fsGroup: spec.user.gid, fsGroupChangePolicy: "OnRootMismatch" } }
            : {}),
    };
}

/** True when some claim can be mounted by one node or pod only. */
function hasSingleAttachClaim(persistent: readonly ResolvedPersistentPath[]): boolean {
    return persistent.some((p) => !p.accessModes.includes("ReadWriteMany"));
}

export function deploymentSpec(
    spec: ServiceSpec,
    claimNames: readonly pulumi.Input<string>[],
    envSecretName?: pulumi.Input<string>,
): k8s.types.input.apps.v1.DeploymentSpec {
    return {
        replicas: spec.replicas,
        selector: { matchLabels: selectorLabels(spec) },
        // A rolling update starts the new pod before stopping the old one; with a ReadWriteOnce
        // claim the new pod can wait forever for a volume the old one still holds.
        ...(hasSingleAttachClaim(spec.persistentPaths) ? { strategy: { type: "Recreate" } } : {}),
        template: {
            metadata: {
                labels: resourceLabels(spec),
                ...(Object.keys(spec.annotations).length > 0 ? { annotations: { ...spec.annotations } } : {}),
            },
            spec: podSpec(spec, claimNames, envSecretName),
        },
    };
}

export function claimSpec(p: ResolvedPersistentPath): k8s.types.input.core.v1.PersistentVolumeClaimSpec {
    return {
        accessModes: [...p.accessModes],
        resources: { requests: { storage: p.size } },
        ...(p.storageClassName !== undefined ? { storageClassName: p.storageClassName } : {}),
    };
}

export function serviceSpec(spec: ServiceSpec): k8s.types.input.core.v1.ServiceSpec {
    return {
        selector: selectorLabels(spec),
        ports: spec.ports.map((p) => ({
            name: p.name,
            port: p.publishedPort ?? p.containerPort,
            targetPort: p.containerPort,
            protocol: p.protocol,
        })),
    };
}

function metadata(spec: ServiceSpec, withAnnotations: boolean): k8s.types.input.meta.v1.ObjectMeta {
    return {
        labels: resourceLabels(spec),
        ...(withAnnotations && Object.keys(spec.annotations).length > 0 ? { annotations: { ...spec.annotations } } : {}),
        ...(spec.namespace !== undefined ? { namespace: spec.namespace } : {}),
    };
}

/** Register the Kubernetes resources of `spec` as children described by `opts`. */
export function buildKubernetes(spec: ServiceSpec, opts: pulumi.CustomResourceOptions): KubernetesChildren {
    const claims = spec.persistentPaths.map((p) => new k8s.core.v1.PersistentVolumeClaim(
        persistentVolumeName("kubernetes", spec.name, p.path),
        { metadata: metadata(spec, false), spec: claimSpec(p) },
        opts,
    ));
    // Immutable, and named by Pulumi: a changed value replaces the Secret under a new name, which
    // changes the pod template and rolls the pods, instead of changing what running pods read.
    const envSecret = spec.secretEnv.length > 0
        ? new k8s.core.v1.Secret(
            `${spec.name}-env`,
            {
                metadata: metadata(spec, false),
                immutable: true,
                type: "Opaque",
                stringData: Object.fromEntries(spec.secretEnv.map(([name, value]) => [name, pulumi.secret(value)])),
            },
            opts,
        )
        : undefined;
    const deployment = new k8s.apps.v1.Deployment(
        spec.name,
        { metadata: metadata(spec, true), spec: deploymentSpec(spec, claims.map((c) => c.metadata.name), envSecret?.metadata.name) },
        opts,
    );
    const service = spec.ports.length > 0
        ? new k8s.core.v1.Service(spec.name, { metadata: metadata(spec, false), spec: serviceSpec(spec) }, opts)
        : undefined;
    return { deployment, service, claims, envSecret };
}
