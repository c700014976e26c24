// ImmutableService on Docker Swarm: one replicated `docker.Service` whose tasks have a read-only
// root filesystem, tmpfs mounts for the writable paths and named volumes for the persistent ones.
//
// Swarm's tmpfs mounts take only a size and a mode (the provider exposes no uid/gid options), so
// the default mode 1777 is what lets a non-root task write there.
import * as pulumi from "@pulumi/pulumi";
import * as docker from "@pulumi/docker";
import { buildVolumes, dockerLabels } from "./docker";
import { buildSwarmFiles } from "./files";
import { applyTransform, reassertSwarm } from "./overrides";
import { ResolvedAmounts, ServiceSpec } from "./validation";

type Mount = docker.types.input.ServiceTaskSpecContainerSpecMount;

/** The Docker resources an ImmutableService registers on the swarm platform. */
export interface SwarmChildren {
    readonly swarmService: docker.Service;
    /** One per persistent path, in the order of `persistentPaths`. */
    readonly volumes: docker.Volume[];
    /** One per file of `files`. */
    readonly configs: docker.ServiceConfig[];
    /** One per file of `secretFiles`. */
    readonly secrets: docker.Secret[];
}

/** References of the task to its configs and secrets. */
export interface SwarmFileRefs {
    readonly configs: docker.types.input.ServiceTaskSpecContainerSpecConfig[];
    readonly secrets: docker.types.input.ServiceTaskSpecContainerSpecSecret[];
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

export function swarmServiceArgs(
    spec: ServiceSpec,
    volumeNames: readonly pulumi.Input<string>[],
    files: SwarmFileRefs = { configs: [], secrets: [] },
): docker.ServiceArgs {
    const labels = dockerLabels(spec);
    const mounts = swarmMounts(spec, volumeNames);
    const limits = swarmAmounts(spec.limits);
    const reservation = swarmAmounts(spec.requests);
    return {
        ...(labels.length > 0 ? { labels } : {}),
        // A DaemonSet's counterpart: one task on every node.
        mode: spec.kind.kind === "DaemonSet" ? { global: true } : { replicated: { replicas: spec.replicas } },
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
                ...(spec.healthcheck ? { healthcheck: { ...spec.healthcheck } } : {}),
                ...(spec.settings.workingDir ? { dir: spec.settings.workingDir } : {}),
                ...(spec.settings.capabilities?.add ? { capAdds: spec.settings.capabilities.add } : {}),
                ...(spec.settings.capabilities?.drop ? { capDrops: spec.settings.capabilities.drop } : {}),
                ...(spec.terminationGracePeriodSeconds !== undefined ? { stopGracePeriod: `${spec.terminationGracePeriodSeconds}s` } : {}),
                ...(files.configs.length > 0 ? { configs: files.configs } : {}),
                ...(files.secrets.length > 0 ? { secrets: files.secrets } : {}),
            },
            ...(limits || reservation ? { resources: { ...(limits ? { limits } : {}), ...(reservation ? { reservation } : {}) } } : {}),
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

/** The service's arguments after `transform`, with immutability re-asserted (throws a Problem). */
export function finalSwarmServiceArgs(
    spec: ServiceSpec,
    volumeNames: readonly pulumi.Input<string>[],
    files?: SwarmFileRefs,
): docker.ServiceArgs {
    return reassertSwarm(
        applyTransform(spec.overrides.transform, swarmServiceArgs(spec, volumeNames, files) as unknown as Record<string, unknown>),
    ) as unknown as docker.ServiceArgs;
}

/** Check `transform` before anything is registered. */
export function checkSwarm(spec: ServiceSpec): void {
    finalSwarmServiceArgs(
        spec,
        spec.persistentPaths.map(() => "volume-placeholder"),
    );
}

/** Register the Swarm resources of `spec` as children described by `opts`. */
export function buildSwarm(spec: ServiceSpec, opts: pulumi.CustomResourceOptions): SwarmChildren {
    const volumes = buildVolumes(spec, opts);
    const files = buildSwarmFiles(spec.name, spec.files, opts);
    const swarmService = new docker.Service(
        spec.name,
        finalSwarmServiceArgs(
            spec,
            volumes.map((v) => v.name),
            { configs: files.configRefs, secrets: files.secretRefs },
        ),
        opts,
    );
    return { swarmService, volumes, configs: files.configs, secrets: files.secrets };
}
