// ImmutableService on a single Docker host: one `docker.Container` with a read-only root
// filesystem, tmpfs mounts for the writable paths and named volumes for the persistent ones.
//
// The image is passed by name: a `docker.RemoteImage` would pull at `pulumi up` time and tie the
// component to one registry's credentials; the Docker daemon pulls the image itself when the
// container is created.
import * as pulumi from "@pulumi/pulumi";
import * as docker from "@pulumi/docker";
import { UserSpec } from "./args";
import { persistentVolumeName } from "./naming";
import { applyTransform, reassertDocker } from "./overrides";
import { formatDockerBytes } from "./quantities";
import { ResolvedWritablePath, ServiceSpec } from "./validation";

/** The Docker resources an ImmutableService registers on the docker platform. */
export interface DockerChildren {
    readonly container: docker.Container;
    /** One per persistent path, in the order of `persistentPaths`. */
    readonly volumes: docker.Volume[];
}

/** Label that records a persistent path's requested size, which the `local` driver cannot enforce. */
export const volumeSizeLabel = "immutable-workloads/size";

/**
 * Docker and Swarm have labels only: annotations become labels, and a label of the same key wins.
 * Sorted by key so that reordering the args does not show up as a diff.
 */
export function dockerLabels(spec: ServiceSpec): { label: string; value: string }[] {
    const merged: Record<string, string> = { ...spec.annotations, ...spec.podAnnotations, ...spec.labels };
    return Object.keys(merged)
        .sort()
        .map((label) => ({ label, value: merged[label] }));
}

/**
 * The mount options of one tmpfs. `noexec,nosuid,nodev`: a writable directory must not become a
 * place to drop and run a binary, the very thing the read-only root prevents. `size=` always,
 * because an unbounded tmpfs may use up to half the host's RAM. `uid=`/`gid=` when a user is
 * given: otherwise the tmpfs belongs to root and the process cannot create its pid file in it.
 */
export function tmpfsOptions(w: ResolvedWritablePath, user: UserSpec | undefined): string {
    return [
        "rw",
        "noexec",
        "nosuid",
        "nodev",
        `size=${formatDockerBytes(w.sizeBytes)}`,
        `mode=${w.mode}`,
        ...(user ? [`uid=${user.uid}`, `gid=${user.gid}`] : []),
    ].join(",");
}

/** Environment variables as Docker's `NAME=value` strings; `secretEnv` strings are Pulumi secrets. */
export function dockerEnv(spec: ServiceSpec): pulumi.Output<string>[] {
    return [
        ...spec.env.map(([name, value]) => pulumi.interpolate`${name}=${value}`),
        ...spec.secretEnv.map(([name, value]) => pulumi.secret(pulumi.interpolate`${name}=${value}`)),
    ];
}

/** Bytes as whole MiB, the unit of the provider's `memory` fields, rounded up so the limit never shrinks. */
export function mebibytes(bytes: number): number {
    return Math.ceil(bytes / 2 ** 20);
}

/** Everything the container needs except its volumes, which exist only once registered. */
export function containerArgs(spec: ServiceSpec, volumeNames: readonly pulumi.Input<string>[]): docker.ContainerArgs {
    const tmpfs = Object.fromEntries(spec.writablePaths.map((w) => [w.path, tmpfsOptions(w, spec.user)]));
    const labels = dockerLabels(spec);
    return {
        image: spec.image,
        readOnly: true,
        // Docker's counterpart of allowPrivilegeEscalation: false.
        securityOpts: ["no-new-privileges:true"],
        ...(spec.command ? { entrypoints: spec.command } : {}),
        ...(spec.args ? { command: spec.args } : {}),
        ...(spec.env.length + spec.secretEnv.length > 0 ? { envs: dockerEnv(spec) } : {}),
        ...(spec.user ? { user: `${spec.user.uid}:${spec.user.gid}` } : {}),
        ...(spec.writablePaths.length > 0 ? { tmpfs } : {}),
        ...(spec.persistentPaths.length > 0
            ? { volumes: spec.persistentPaths.map((p, i) => ({ volumeName: volumeNames[i], containerPath: p.path })) }
            : {}),
        ...(spec.ports.length > 0
            ? {
                  ports: spec.ports.map((p) => ({
                      internal: p.containerPort,
                      ...(p.publishedPort !== undefined ? { external: p.publishedPort } : {}),
                      protocol: p.protocol.toLowerCase(),
                  })),
              }
            : {}),
        ...(labels.length > 0 ? { labels } : {}),
        ...(spec.limits.memory ? { memory: mebibytes(spec.limits.memory.bytes) } : {}),
        ...(spec.limits.cpu ? { cpus: `${spec.limits.cpu.cores}` } : {}),
        ...(spec.requests.memory ? { memoryReservation: mebibytes(spec.requests.memory.bytes) } : {}),
        // Kubernetes turns a CPU request into cgroup shares at 1024 per core; do the same. Docker's
        // minimum is 2.
        ...(spec.requests.cpu ? { cpuShares: Math.max(2, Math.round(spec.requests.cpu.cores * 1024)) } : {}),
        ...(spec.healthcheck ? { healthcheck: { ...spec.healthcheck } } : {}),
        ...(spec.settings.workingDir ? { workingDir: spec.settings.workingDir } : {}),
        ...(spec.settings.capabilities
            ? {
                  capabilities: {
                      ...(spec.settings.capabilities.add ? { adds: spec.settings.capabilities.add } : {}),
                      ...(spec.settings.capabilities.drop ? { drops: spec.settings.capabilities.drop } : {}),
                  },
              }
            : {}),
        ...(spec.terminationGracePeriodSeconds !== undefined ? { stopTimeout: spec.terminationGracePeriodSeconds } : {}),
    };
}

/** The container's arguments after `transform`, with immutability re-asserted (throws a Problem). */
export function finalContainerArgs(spec: ServiceSpec, volumeNames: readonly pulumi.Input<string>[]): docker.ContainerArgs {
    return reassertDocker(
        applyTransform(spec.overrides.transform, containerArgs(spec, volumeNames) as unknown as Record<string, unknown>),
    ) as unknown as docker.ContainerArgs;
}

/** Check `transform` before anything is registered. */
export function checkDocker(spec: ServiceSpec): void {
    finalContainerArgs(
        spec,
        spec.persistentPaths.map(() => "volume-placeholder"),
    );
}

/** Named volumes for the persistent paths; shared by the docker and swarm builders. */
export function buildVolumes(spec: ServiceSpec, opts: pulumi.CustomResourceOptions): docker.Volume[] {
    return spec.persistentPaths.map(
        (p) =>
            new docker.Volume(
                persistentVolumeName(spec.platform, spec.name, p.path),
                { labels: [...dockerLabels(spec).filter((l) => l.label !== volumeSizeLabel), { label: volumeSizeLabel, value: p.size }] },
                opts,
            ),
    );
}

/** Register the Docker resources of `spec` as children described by `opts`. */
export function buildDocker(spec: ServiceSpec, opts: pulumi.CustomResourceOptions): DockerChildren {
    const volumes = buildVolumes(spec, opts);
    const container = new docker.Container(
        spec.name,
        finalContainerArgs(
            spec,
            volumes.map((v) => v.name),
        ),
        opts,
    );
    return { container, volumes };
}
