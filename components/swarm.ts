// ImmutableService on Docker Swarm: one replicated `docker.Service` whose tasks have a read-only
// root filesystem, tmpfs mounts for the writable paths and named volumes for the persistent ones.
//
// Swarm's tmpfs mounts take only a size and a mode (the provider exposes no uid/gid options), so
// the default mode 1777 is what lets a non-root task write there.
import * as pulumi from "@pulumi/pulumi";
import * as docker from "@pulumi/docker";
import { buildVolumes, dockerLabels } from "./docker";
import { ResolvedAmounts, ServiceSpec } from "./validation";

type Mount = docker.types.input.ServiceTaskSpecContainerSpecMount;

/** The Docker resources an ImmutableService registers on the swarm platform. */
export interface SwarmChildren {
    readonly swarmService: docker.Service;
    /** One per persistent path, in the order of `persistentPaths`. */
    readonly volumes: docker.Volume[];
}

/** tmpfs mounts for the writable paths, then volume mounts for the persistent ones. */
export function swarmMounts(spec: ServiceSpec, volumeNames: readonly pulumi.Input<string>[]): Mount[] {
    return [
        ...spec.writablePaths.map((w): Mount => ({
            type: "tmpfs",
            target: w.path,
            tmpfsOptions: { sizeBytes: w.sizeBytes, mode: parseInt(w.mode, 8) },
        })),
        ...spec.persistentPaths.map((p, i): Mount => ({ type: "volume", source: volumeNames[i], target: p.path })),
    ];
}

/** Swarm counts CPUs in billionths of a core. */
function swarmAmounts(a: ResolvedAmounts): { memoryBytes?: number; nanoCpus?: number } | undefined {
    if (!a.cpu && !a.memory) {
        return undefined;
    }
    return {
        ...(a.memory ? { memoryBytes: a.memory.bytes } : {}),
        ...(a.cpu ? { nanoCpus: Math.round(a.cpu.cores * 1e9) } : {}),
    };
}

export function swarmServiceArgs(spec: ServiceSpec, volumeNames: readonly pulumi.Input<string>[]): docker.ServiceArgs {
    const labels = dockerLabels(spec);
    const mounts = swarmMounts(spec, volumeNames);
    const limits = swarmAmounts(spec.limits);
    const reservation = swarmAmounts(spec.requests);
    return {
        ...(labels.length > 0 ? { labels } : {}),
        mode: { replicated: { replicas: spec.replicas } },
        taskSpec: {
            containerSpec: {
                image: spec.image,
                readOnly: true,
                ...(spec.command ? { commands: spec.command } : {}),
                ...(spec.args ? { args: spec.args } : {}),
                ...(spec.env.length + spec.secretEnv.length > 0
                    ? { env: Object.fromEntries([...spec.env, ...spec.secretEnv.map(([name, value]) => [name, pulumi.secret(value)])]) }
                    : {}),
                ...(spec.user ? { user: `${spec.user.uid}:${spec.user.gid}` } : {}),
                ...(mounts.length > 0 ? { mounts } : {}),
                ...(labels.length > 0 ? { labels } : {}),
            },
            ...(limits || reservation
                ? { resources: { ...(limits ? { limits } : {}), ...(reservation ? { reservation } : {}) } }
                : {}),
        },
        ...(spec.ports.length > 0
            ? {
                endpointSpec: {
                    ports: spec.ports.map((p) => ({
                        name: p.name,
                        targetPort: p.containerPort,
                        ...(p.publishedPort !== undefined ? { publishedPort: p.publishedPort } : {}),
                        protocol: p.protocol.toLowerCase(),
                    })),
                },
            }
            : {}),
    };
}

/** Register the Swarm resources of `spec` as children described by `opts`. */
export function buildSwarm(spec: ServiceSpec, opts: pulumi.CustomResourceOptions): SwarmChildren {
    const volumes = buildVolumes(spec, opts);
    const swarmService = new docker.Service(spec.name, swarmServiceArgs(spec, volumes.map((v) => v.name)), opts);
    return { swarmService, volumes };
}
