// Every check on ImmutableService's arguments, and their normalised form.
//
// `resolveServiceSpec` runs before the component registers anything: a mistake in the arguments
// must surface as one clear error at construction, not as a half-created stack or a pod that
// crash-loops at 3 a.m. because `/var/run` was not writable. The builders only ever see a
// `ServiceSpec`, so they never re-check or re-default anything.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import {
    ImmutableServiceArgs,
    PersistentAccessMode,
    PersistentPath,
    Platform,
    PortSpec,
    ResourceAmounts,
    UserSpec,
    WritablePath,
    platforms,
} from "./args";
import {
    autoNameSuffixLength,
    dns1035LabelPattern,
    dns1123LabelPattern,
    dns1123SubdomainPattern,
    labelValuePattern,
    dnsLabel,
    maxServiceComponentName,
    persistentVolumeName,
    secretKeyPattern,
    suggestedName,
    suggestedSecretKey,
    swarmServiceNamePattern,
} from "./naming";
import { Capabilities, ContainerSettings, ContainerSpec, ImagePullPolicy, SeccompProfile } from "./containers";
import { ResolvedEnvSources, resolveEnvSources } from "./envSources";
import { ResolvedFiles, resolveFiles } from "./files";
import { OverrideArgs, checkOverrideObject, resolveOverrides } from "./overrides";
import { Problem, optionalBoolean, optionalEnum, optionalStrings } from "./problem";
import { Healthcheck, ResolvedProbes, dockerHealthcheck, resolveProbes } from "./probes";
import { resolveScheduling } from "./scheduling";
import { ResolvedKind, resolveKind } from "./workloadKinds";
import { QuantityError, parseCpuCores, parseDockerBytes, parseKubernetesBytes } from "./quantities";

/** Size of a writable path whose `sizeLimit` is not given. Binary, so it means 64 MiB everywhere. */
export const defaultWritableSize = "64Mi";
/** Permission bits of a tmpfs whose `mode` is not given: like `/tmp`, writable by any uid. */
export const defaultWritableMode = "1777";
/**
 * The most writable paths one ImmutableService may have: the default `maxWritablePaths` of the policy
 * pack's writable-paths-in-memory policy, so that what the component builds never draws that
 * finding. Written here rather than imported, because the component does not depend on the pack; a
 * test holds the two equal.
 */
export const maxWritablePaths = 5;
/** The most replicas: Kubernetes stores `replicas` as an int32, and one limit keeps the argument portable. */
export const maxReplicas = 2147483647;
/** Access modes of a claim whose `accessModes` are not given. */
export const defaultAccessModes: readonly PersistentAccessMode[] = ["ReadWriteOnce"];
/**
 * The Kubernetes label that selects the component's pods. Reserved: a user label with this key
 * could point the Deployment's selector at someone else's pods.
 */
export const selectorLabelKey = "app.kubernetes.io/instance";

/** A writable path with its defaults applied and its size in bytes. */
export interface ResolvedWritablePath {
    /** Absolute path inside the container. */
    readonly path: string;
    /** The size as written (or the default), in the platform's notation. */
    readonly sizeLimit: string;
    /** The size in bytes. */
    readonly sizeBytes: number;
    /** Octal permission bits (Docker and Swarm). */
    readonly mode: string;
    /** Kubernetes pod volume name, when given (shared between containers). */
    readonly volumeName?: string;
}

/** A persistent path with its defaults applied and its size in bytes. */
export interface ResolvedPersistentPath {
    /** Absolute path inside the container. */
    readonly path: string;
    /** The size as written, in the platform's notation. */
    readonly size: string;
    /** The size in bytes. */
    readonly sizeBytes: number;
    /** Storage class of the claim (Kubernetes); the cluster default when absent. */
    readonly storageClassName?: string;
    /** Access modes of the claim (Kubernetes). */
    readonly accessModes: readonly PersistentAccessMode[];
    /** Kubernetes pod volume (and claim template) name, when given. */
    readonly volumeName?: string;
}

/** A container port with its defaults applied. */
export interface ResolvedPort {
    readonly containerPort: number;
    /** Absent: Kubernetes uses `containerPort`, Docker and Swarm pick a free port. */
    readonly publishedPort?: number;
    readonly protocol: "TCP" | "UDP";
    /** Kubernetes port name. */
    readonly name: string;
}

/** A resource amount as written and as a number. */
export interface ResolvedAmounts {
    readonly cpu?: { readonly text: string; readonly cores: number };
    readonly memory?: { readonly text: string; readonly bytes: number };
}

/** Everything a platform builder needs, checked and defaulted. */
export interface ServiceSpec {
    /** The component's logical name. */
    readonly name: string;
    readonly platform: Platform;
    readonly image: pulumi.Input<string>;
    readonly command?: pulumi.Input<string>[];
    readonly args?: pulumi.Input<string>[];
    /** Environment variables in the order given. */
    readonly env: ReadonlyArray<readonly [string, pulumi.Input<string>]>;
    /** Secret environment variables in the order given. */
    readonly secretEnv: ReadonlyArray<readonly [string, pulumi.Input<string>]>;
    readonly ports: readonly ResolvedPort[];
    readonly replicas: number;
    readonly namespace?: pulumi.Input<string>;
    readonly labels: Readonly<Record<string, string>>;
    readonly annotations: Readonly<Record<string, string>>;
    readonly limits: ResolvedAmounts;
    readonly requests: ResolvedAmounts;
    readonly writablePaths: readonly ResolvedWritablePath[];
    readonly persistentPaths: readonly ResolvedPersistentPath[];
    readonly user?: UserSpec;
    /** The controller and its settings. */
    readonly kind: ResolvedKind;
    /** The main container's probes, as Kubernetes probes. */
    readonly probes: ResolvedProbes;
    /** Docker and Swarm: the healthcheck the probes translate to. */
    readonly healthcheck?: Healthcheck;
    /** Kubernetes pod-spec fields of the identity and scheduling arguments. */
    readonly podFields: Readonly<Record<string, unknown>>;
    /** Seconds to stop, on every platform. */
    readonly terminationGracePeriodSeconds?: number;
    readonly podLabels: Readonly<Record<string, string>>;
    readonly podAnnotations: Readonly<Record<string, string>>;
    /** The main container's valueFrom, envFrom and configMounts. */
    readonly envSources: ResolvedEnvSources;
    readonly files: ResolvedFiles;
    /** The main container's extra settings. */
    readonly settings: ResolvedSettings;
    readonly containerName: string;
    readonly initContainers: readonly ResolvedContainer[];
    readonly sidecars: readonly ResolvedContainer[];
    readonly nativeSidecars: boolean;
    readonly overrides: OverrideArgs;
}

/** Container settings, checked. */
export interface ResolvedSettings {
    readonly workingDir?: string;
    readonly imagePullPolicy?: ImagePullPolicy;
    readonly capabilities?: { add?: string[]; drop?: string[] };
    readonly seccompProfile?: SeccompProfile;
    readonly runAsNonRoot?: boolean;
}

/** An init container or sidecar, checked. */
export interface ResolvedContainer {
    readonly name: string;
    readonly image: pulumi.Input<string>;
    readonly command?: pulumi.Input<string>[];
    readonly args?: pulumi.Input<string>[];
    readonly env: ReadonlyArray<readonly [string, pulumi.Input<string>]>;
    readonly ports: readonly ResolvedPort[];
    readonly limits: ResolvedAmounts;
    readonly requests: ResolvedAmounts;
    readonly writablePaths: readonly ResolvedWritablePath[];
    /** Paths of the service's persistent paths it mounts. */
    readonly persistentPaths: readonly string[];
    readonly user?: UserSpec;
    readonly probes: ResolvedProbes;
    readonly envSources: ResolvedEnvSources;
    readonly settings: ResolvedSettings;
    readonly overrides?: Record<string, unknown>;
}

/**
 * A bad argument to `ImmutableService`. The message names the argument (`writablePaths[1]`), says
 * what is wrong with it and how to fix it.
 */
export class ImmutableServiceArgsError extends Error {
    /** The argument at fault, as a path into the args object, e.g. `writablePaths[1].sizeLimit`. */
    readonly argument: string;

    constructor(componentName: string, argument: string, problem: string) {
        super(`ImmutableService "${componentName}": ${argument} ${problem}`);
        this.name = "ImmutableServiceArgsError";
        this.argument = argument;
    }
}

/**
 * Check every argument and return the normalised spec the builders use.
 * Throws {@link ImmutableServiceArgsError} on the first bad argument.
 */
export function resolveServiceSpec(name: string, args: ImmutableServiceArgs): ServiceSpec {
    try {
        return resolve(name, args);
    } catch (error) {
        if (error instanceof Problem) {
            throw new ImmutableServiceArgsError(name, error.argument, error.message);
        }
        throw error;
    }
}

/** Run `body`, turning a Problem it raises into the component's ImmutableServiceArgsError. */
export function withArgumentErrors<T>(name: string, body: () => T): T {
    try {
        return body();
    } catch (error) {
        if (error instanceof Problem) {
            throw new ImmutableServiceArgsError(name, error.argument, error.message);
        }
        throw error;
    }
}

function resolve(name: string, args: ImmutableServiceArgs | undefined): ServiceSpec {
    if (args === undefined || args === null || typeof args !== "object") {
        throw new Problem("args", "are missing; pass at least { image }");
    }
    const platform = resolvePlatform(args.platform);
    const sidecarPorts = (args.sidecars ?? []).some((c) => Array.isArray(c?.ports) && c.ports.length > 0);
    const hasPorts = (Array.isArray(args.ports) && args.ports.length > 0) || sidecarPorts;
    checkComponentName(platform, name, hasPorts || args.kind === "StatefulSet", args.kind === "StatefulSet");
    checkImage(args.image, "image");
    const writablePaths = (args.writablePaths ?? []).map((entry, i) => resolveWritablePath(platform, entry, i, "writablePaths"));
    checkWritablePathCount(writablePaths, "writablePaths");
    const persistentPaths = (args.persistentPaths ?? []).map((entry, i) => resolvePersistentPath(platform, entry, i));
    checkPathsDistinct(writablePaths, persistentPaths);
    checkVolumeNames(platform, name, persistentPaths);
    const kind = resolveKind(platform, args, hasPorts, persistentPaths.length > 0);
    const replicas = resolveReplicas(platform, args.replicas);
    if (kind.kind !== "StatefulSet") {
        checkSharedVolumes(platform, replicas, persistentPaths);
    }
    const limits = resolveAmounts(platform, args.resources?.limits, "resources.limits");
    const requests = resolveAmounts(platform, args.resources?.requests, "resources.requests");
    checkRequestsWithinLimits(limits, requests, "resources");
    checkMemoryBudget(writablePaths, limits, "writablePaths");
    const labels = resolveStringMap(args.labels, "labels");
    const annotations = resolveStringMap(args.annotations, "annotations");
    const scheduling = resolveScheduling(platform, args);
    if (platform === "kubernetes") {
        checkKubernetesMetadata(labels, annotations, name);
        checkKubernetesMetadata(scheduling.podLabels, scheduling.podAnnotations, name, "pod");
        checkNamespace(args.namespace);
    }
    const ports = resolvePorts(args.ports);
    const env = resolveEnv(platform, args.env, "env");
    const secretEnv = resolveSecretEnv(platform, args.secretEnv, args.env);
    const probes = resolveProbes(
        args,
        "",
        ports.map((p) => p.name),
    );
    const healthcheck = platform === "kubernetes" ? undefined : dockerHealthcheck(platform, probes, args);
    const envSources = resolveEnvSources(
        platform,
        args,
        "",
        [...env, ...secretEnv].map(([n]) => n),
    );
    const files = resolveFiles(platform, args);
    checkFilePaths(files, writablePaths, persistentPaths);
    const settings = resolveSettings(platform, args, "");
    resolveOverrides(platform, args);
    const containerName = resolveContainerName(platform, args.containerName, name);
    const nativeSidecars = optionalBoolean(args.nativeSidecars, "nativeSidecars") ?? true;
    if (platform !== "kubernetes") {
        for (const field of ["initContainers", "sidecars", "nativeSidecars"] as const) {
            if (args[field] !== undefined) {
                throw new Problem(
                    field,
                    `has no counterpart on the ${platform} platform, which runs one container per ${platform === "docker" ? "container" : "service"}; run it as its own ImmutableService, or use platform "kubernetes"`,
                );
            }
        }
    }
    const initContainers = (args.initContainers ?? []).map((c, i) =>
        resolveContainer(platform, c, `initContainers[${i}]`, persistentPaths, false),
    );
    const sidecars = (args.sidecars ?? []).map((c, i) => resolveContainer(platform, c, `sidecars[${i}]`, persistentPaths, true));
    checkContainerNames(containerName, initContainers, sidecars);
    checkPodPorts(ports, sidecars);
    checkSharedWritable([
        { prefix: "", writable: writablePaths },
        ...initContainers.map((c, i) => ({ prefix: `initContainers[${i}].`, writable: c.writablePaths })),
        ...sidecars.map((c, i) => ({ prefix: `sidecars[${i}].`, writable: c.writablePaths })),
    ]);
    return {
        name,
        platform,
        image: args.image,
        command: args.command,
        args: args.args,
        env,
        secretEnv,
        ports,
        replicas,
        namespace: args.namespace,
        labels,
        annotations,
        limits,
        requests,
        writablePaths,
        persistentPaths,
        user: resolveUser(args.user, "user"),
        kind,
        probes,
        healthcheck,
        podFields: scheduling.podFields,
        terminationGracePeriodSeconds: scheduling.terminationGracePeriodSeconds,
        podLabels: scheduling.podLabels,
        podAnnotations: scheduling.podAnnotations,
        envSources,
        files,
        settings,
        containerName,
        initContainers,
        sidecars,
        nativeSidecars,
        overrides: {
            podSpecOverrides: args.podSpecOverrides,
            containerOverrides: args.containerOverrides,
            workloadSpecOverrides: args.workloadSpecOverrides,
            transform: args.transform,
        },
    };
}

const containerNamePattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function resolveContainerName(platform: Platform, given: unknown, name: string): string {
    if (given === undefined) {
        return dnsLabel(name, "app");
    }
    if (platform !== "kubernetes") {
        throw new Problem("containerName", `is Kubernetes-only; on ${platform} the container is named after the component`);
    }
    if (typeof given !== "string" || given.length > 63 || !containerNamePattern.test(given)) {
        throw new Problem(
            "containerName",
            `${JSON.stringify(given)} is not a container name; use at most 63 lowercase letters, digits and '-'`,
        );
    }
    return given;
}

/** The settings of `ContainerSettings`, checked; Kubernetes-only ones refused elsewhere. */
function resolveSettings(platform: Platform, args: ContainerSettings, prefix: string): ResolvedSettings {
    if (platform !== "kubernetes") {
        for (const field of ["imagePullPolicy", "seccompProfile", "runAsNonRoot"] as const) {
            if (args[field] !== undefined) {
                throw new Problem(`${prefix}${field}`, `is Kubernetes-only and has no counterpart on the ${platform} platform; drop it`);
            }
        }
    }
    if (args.workingDir !== undefined && (typeof args.workingDir !== "string" || !args.workingDir.startsWith("/"))) {
        throw new Problem(`${prefix}workingDir`, `${JSON.stringify(args.workingDir)} is not an absolute directory; write e.g. "/app"`);
    }
    return {
        workingDir: args.workingDir,
        imagePullPolicy: optionalEnum(args.imagePullPolicy, `${prefix}imagePullPolicy`, ["Always", "IfNotPresent", "Never"] as const),
        capabilities: resolveCapabilities(args.capabilities, `${prefix}capabilities`),
        seccompProfile: optionalEnum(args.seccompProfile, `${prefix}seccompProfile`, ["RuntimeDefault", "Unconfined"] as const),
        runAsNonRoot: optionalBoolean(args.runAsNonRoot, `${prefix}runAsNonRoot`),
    };
}

const capabilityPattern = /^(CAP_)?[A-Z_]+$/;

function resolveCapabilities(caps: Capabilities | undefined, argument: string): ResolvedSettings["capabilities"] {
    if (caps === undefined) {
        return undefined;
    }
    if (caps === null || typeof caps !== "object") {
        throw new Problem(argument, 'is not an object; write e.g. { drop: ["ALL"], add: ["NET_BIND_SERVICE"] }');
    }
    const add = optionalStrings(caps.add, `${argument}.add`);
    const drop = optionalStrings(caps.drop, `${argument}.drop`);
    [...(add ?? []).map((c, i) => [c, `${argument}.add[${i}]`]), ...(drop ?? []).map((c, i) => [c, `${argument}.drop[${i}]`])].forEach(
        ([c, where]) => {
            if (!capabilityPattern.test(c)) {
                throw new Problem(where, `"${c}" is not a Linux capability name; write e.g. "NET_BIND_SERVICE"`);
            }
        },
    );
    (add ?? []).forEach((c, i) => {
        if (["SYS_ADMIN", "ALL"].includes(c.replace(/^CAP_/, ""))) {
            throw new Problem(
                `${argument}.add[${i}]`,
                `is ${c}, with which a process can remount the root filesystem read-write, undoing the read-only root; add only the narrower capabilities the process needs`,
            );
        }
    });
    return { ...(add ? { add } : {}), ...(drop ? { drop } : {}) };
}

/** An init container or sidecar, checked like the main container. */
function resolveContainer(
    platform: Platform,
    c: ContainerSpec,
    prefix: string,
    persistent: readonly ResolvedPersistentPath[],
    isSidecar: boolean,
): ResolvedContainer {
    if (c === null || typeof c !== "object") {
        throw new Problem(prefix, "is not an object; write { name, image, … }");
    }
    if (typeof c.name !== "string" || c.name.length > 63 || !containerNamePattern.test(c.name)) {
        throw new Problem(
            `${prefix}.name`,
            `${JSON.stringify(c.name)} is not a container name; use at most 63 lowercase letters, digits and '-', e.g. "copy-config"`,
        );
    }
    checkImage(c.image, `${prefix}.image`);
    const writablePaths = (c.writablePaths ?? []).map((entry, i) => resolveWritablePath(platform, entry, i, `${prefix}.writablePaths`));
    checkWritablePathCount(writablePaths, `${prefix}.writablePaths`);
    const mountedPersistent = optionalStrings(c.persistentPaths, `${prefix}.persistentPaths`) ?? [];
    mountedPersistent.forEach((p, i) => {
        if (!persistent.some((q) => q.path === p)) {
            throw new Problem(`${prefix}.persistentPaths[${i}]`, `"${p}" is not one of the service's persistentPaths; list it there first`);
        }
        writablePaths.forEach((w, j) => {
            if (isSameOrBelow(w.path, p) || isSameOrBelow(p, w.path)) {
                throw new Problem(
                    `${prefix}.writablePaths[${j}]`,
                    `"${w.path}" overlaps the persistent path "${p}" it also mounts; keep them apart`,
                );
            }
        });
    });
    const limits = resolveAmounts(platform, c.resources?.limits, `${prefix}.resources.limits`);
    const requests = resolveAmounts(platform, c.resources?.requests, `${prefix}.resources.requests`);
    checkRequestsWithinLimits(limits, requests, `${prefix}.resources`);
    checkMemoryBudget(writablePaths, limits, `${prefix}.writablePaths`);
    if (!isSidecar && c.ports !== undefined && c.ports.length > 0) {
        throw new Problem(
            `${prefix}.ports`,
            "are given to an init container, which stops before the pod serves; move them to the main container or a sidecar",
        );
    }
    if (!isSidecar && (c.livenessProbe !== undefined || c.readinessProbe !== undefined || c.startupProbe !== undefined)) {
        throw new Problem(
            `${prefix}.${c.livenessProbe ? "livenessProbe" : c.readinessProbe ? "readinessProbe" : "startupProbe"}`,
            "is given to an init container, which Kubernetes does not probe; drop it, or make the container a sidecar",
        );
    }
    const ports = resolvePorts(c.ports, `${prefix}.ports`);
    const env = resolveEnv(platform, c.env, `${prefix}.env`);
    return {
        name: c.name,
        image: c.image,
        command: c.command,
        args: c.args,
        env,
        ports,
        limits,
        requests,
        writablePaths,
        persistentPaths: mountedPersistent,
        user: resolveUser(c.user, `${prefix}.user`),
        probes: resolveProbes(
            c,
            `${prefix}.`,
            ports.map((p) => p.name),
        ),
        envSources: resolveEnvSources(
            platform,
            c,
            `${prefix}.`,
            env.map(([n]) => n),
        ),
        settings: resolveSettings(platform, c, `${prefix}.`),
        overrides: checkOverrideObject(c.overrides, `${prefix}.overrides`),
    };
}

function checkContainerNames(main: string, init: readonly ResolvedContainer[], sidecars: readonly ResolvedContainer[]): void {
    const all = [
        { name: main, argument: "containerName" },
        ...init.map((c, i) => ({ name: c.name, argument: `initContainers[${i}].name` })),
        ...sidecars.map((c, i) => ({ name: c.name, argument: `sidecars[${i}].name` })),
    ];
    all.forEach((c, i) => {
        const first = all.findIndex((o) => o.name === c.name);
        if (first < i) {
            throw new Problem(
                c.argument,
                `"${c.name}" is already the name of ${first === 0 ? "the main container" : all[first].argument.replace(/\.name$/, "")}; give each container its own name`,
            );
        }
    });
}

/** Ports of all the pod's containers share the pod's network and the Service. */
function checkPodPorts(main: readonly ResolvedPort[], sidecars: readonly ResolvedContainer[]): void {
    const seen = main.map((p, i) => ({ p, argument: `ports[${i}]` }));
    sidecars.forEach((c, i) =>
        c.ports.forEach((p, j) => {
            const argument = `sidecars[${i}].ports[${j}]`;
            const clash = seen.find(
                (s) =>
                    (s.p.containerPort === p.containerPort && s.p.protocol === p.protocol) ||
                    s.p.name === p.name ||
                    ((s.p.publishedPort ?? s.p.containerPort) === (p.publishedPort ?? p.containerPort) && s.p.protocol === p.protocol),
            );
            if (clash) {
                throw new Problem(
                    argument,
                    `clashes with ${clash.argument} (same port or name in one pod and one Service); give each port its own number and name`,
                );
            }
            seen.push({ p, argument });
        }),
    );
}

/** Writable paths with one volumeName are one volume: one size. */
function checkSharedWritable(groups: ReadonlyArray<{ prefix: string; writable: readonly ResolvedWritablePath[] }>): void {
    const byName = new Map<string, { argument: string; size: number; sizeLimit: string }>();
    for (const { prefix, writable } of groups) {
        const own = new Set<string>();
        writable.forEach((w, i) => {
            if (w.volumeName === undefined) return;
            const argument = `${prefix}writablePaths[${i}].volumeName`;
            if (!dns1123LabelPattern.test(w.volumeName) || w.volumeName.length > 63) {
                throw new Problem(argument, `"${w.volumeName}" is not a volume name; use at most 63 lowercase letters, digits and '-'`);
            }
            if (own.has(w.volumeName)) {
                throw new Problem(
                    argument,
                    `"${w.volumeName}" is already used by another writable path of the same container; give each its own`,
                );
            }
            own.add(w.volumeName);
            const first = byName.get(w.volumeName);
            if (first && first.size !== w.sizeBytes) {
                throw new Problem(
                    `${prefix}writablePaths[${i}].sizeLimit`,
                    `is "${w.sizeLimit}", but ${first.argument.replace(/\.volumeName$/, "")} shares volume "${w.volumeName}" with sizeLimit "${first.sizeLimit}"; give both the same size`,
                );
            }
            byName.set(w.volumeName, first ?? { argument, size: w.sizeBytes, sizeLimit: w.sizeLimit });
        });
    }
}

/** A file must not sit in (or over) a writable or persistent directory: the mounts would hide each other. */
function checkFilePaths(
    files: ResolvedFiles,
    writable: readonly ResolvedWritablePath[],
    persistent: readonly ResolvedPersistentPath[],
): void {
    const dirs = [
        ...writable.map((w, i) => ({ path: w.path, argument: `writablePaths[${i}]` })),
        ...persistent.map((p, i) => ({ path: p.path, argument: `persistentPaths[${i}]` })),
    ];
    for (const [group, list] of [
        ["files", files.files],
        ["secretFiles", files.secretFiles],
    ] as const) {
        for (const f of list) {
            const dir = dirs.find((d) => isSameOrBelow(f.path, d.path) || isSameOrBelow(d.path, f.path));
            if (dir) {
                throw new Problem(
                    `${group}["${f.path}"]`,
                    `overlaps ${dir.argument} "${dir.path}"; a read-only file inside a writable directory (or over it) hides one of them: move the file out of it`,
                );
            }
        }
    }
}

function resolvePlatform(platform: unknown): Platform {
    if (platform === undefined) {
        return "kubernetes";
    }
    if (!platforms.includes(platform as Platform)) {
        throw new Problem(
            "platform",
            `${JSON.stringify(platform)} is not a known platform; use one of ${platforms.map((p) => `"${p}"`).join(", ")}`,
        );
    }
    return platform as Platform;
}

/**
 * The component's name becomes part of the name of everything it registers (`<name>-<8 hex>`, by
 * Pulumi's auto-naming) and, on Kubernetes, the value of the pod selector label. Refused here when
 * the platform's API would refuse one of those names at `pulumi up`.
 */
function checkComponentName(platform: Platform, name: unknown, createsService: boolean, statefulSet = false): void {
    if (typeof name !== "string") {
        throw new Problem("name", `${JSON.stringify(name)} is not a string; name the component, e.g. "web"`);
    }
    const fix = `rename the component, e.g. "${suggestedName(name)}"`;
    switch (platform) {
        case "kubernetes":
            if (name.length > 63 || !dns1123SubdomainPattern.test(name)) {
                throw new Problem(
                    "name",
                    `"${name}" cannot name Kubernetes objects: the component names its Deployment "${name}-<8 hex>" and labels its pods ${selectorLabelKey}="${name}", so the name must be at most 63 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit; ${fix}`,
                );
            }
            if (createsService && (name.length > maxServiceComponentName || !dns1035LabelPattern.test(name))) {
                throw new Problem(
                    "name",
                    `"${name}" cannot name the Service that ports create: it is named "${name}-<8 hex>", and a Service name must be an RFC 1035 label (at most 63 lowercase letters, digits and '-', starting with a letter), so the component name may have at most ${maxServiceComponentName} of them; ${fix}`,
                );
            }
            if (statefulSet && name.length > maxServiceComponentName - headlessSuffix.length) {
                throw new Problem(
                    "name",
                    `"${name}" is too long for the StatefulSet's headless Service "${name}${headlessSuffix}-<8 hex>" (at most 63 characters), so the component name may have at most ${maxServiceComponentName - headlessSuffix.length}; ${fix}`,
                );
            }
            return;
        case "docker":
            // 255 is the provider's limit on an auto-name, suffix included.
            if (name.length > 255 - autoNameSuffixLength || !/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)) {
                throw new Problem(
                    "name",
                    `"${name}" cannot name the Docker container and volumes ("${name}-<hex>"): Docker names are letters, digits, '_', '.' and '-', starting with a letter or digit (at most ${255 - autoNameSuffixLength} here); ${fix}`,
                );
            }
            return;
        case "swarm":
            if (name.length > maxServiceComponentName || !swarmServiceNamePattern.test(name)) {
                throw new Problem(
                    "name",
                    `"${name}" cannot name the Swarm service ("${name}-<hex>"): Swarm service names are at most 63 letters, digits, '-' and '_', starting and ending with a letter or digit, so the component name may have at most ${maxServiceComponentName}; ${fix}`,
                );
            }
            return;
    }
}

/** Only a known string can be checked; an Output is the caller's to get right. */
function checkImage(image: unknown, argument: string): void {
    if (image === undefined || image === null || (typeof image === "string" && image.trim() === "")) {
        throw new Problem(argument, 'is empty; give the image to run, e.g. "nginx:1.27" or an image digest');
    }
}

/** Suffix of the headless Service a StatefulSet gets. */
export const headlessSuffix = "-headless";

/**
 * A mount path must be absolute and already normalised: `/tmp/` and `/a//b` name the same directory
 * as `/tmp` and `/a/b` to the kernel but not to a string comparison, which would let a duplicate or
 * an overlap with a persistent path slip through the checks below.
 */
function checkMountPath(value: unknown, argument: string): string {
    if (typeof value !== "string" || value === "") {
        throw new Problem(argument, 'is missing; give an absolute path such as "/tmp"');
    }
    if (!value.startsWith("/")) {
        throw new Problem(
            argument,
            `"${value}" is relative; write the absolute path, e.g. "${path.posix.normalize("/" + value).replace(/(.)\/$/, "$1")}"`,
        );
    }
    const normalised = path.posix.normalize(value).replace(/(.)\/$/, "$1");
    if (normalised === "/") {
        throw new Problem(
            argument,
            `"${value}" is the root directory, which would make the whole filesystem writable; list the directories that must be written instead`,
        );
    }
    if (normalised !== value) {
        throw new Problem(argument, `"${value}" is not normalised; write "${normalised}"`);
    }
    return value;
}

function resolveWritablePath(platform: Platform, entry: string | WritablePath, i: number, base: string): ResolvedWritablePath {
    const argument = `${base}[${i}]`;
    const spec: WritablePath = typeof entry === "string" ? { path: entry } : (entry ?? { path: "" });
    const where = typeof entry === "string" ? argument : `${argument}.path`;
    const mountPath = checkMountPath(spec.path, where);
    const sizeLimit = spec.sizeLimit ?? defaultWritableSize;
    const mode = spec.mode ?? defaultWritableMode;
    if (typeof mode !== "string" || !/^[0-7]{3,4}$/.test(mode)) {
        throw new Problem(`${argument}.mode`, `${JSON.stringify(mode)} is not octal permission bits; write e.g. "1777" or "0700"`);
    }
    const volumeName = typeof entry === "string" ? undefined : entry.volumeName;
    if (volumeName !== undefined && (typeof volumeName !== "string" || !dns1123LabelPattern.test(volumeName) || volumeName.length > 63)) {
        throw new Problem(
            `${argument}.volumeName`,
            `${JSON.stringify(volumeName)} is not a volume name; use at most 63 lowercase letters, digits and '-'`,
        );
    }
    return {
        path: mountPath,
        sizeLimit,
        sizeBytes: parseSize(platform, sizeLimit, `${argument}.sizeLimit`),
        mode,
        ...(volumeName !== undefined ? { volumeName } : {}),
    };
}

/** Every writable path is one more place code can be written to; the pack counts them too. */
function checkWritablePathCount(writable: readonly ResolvedWritablePath[], argument: string): void {
    if (writable.length > maxWritablePaths) {
        throw new Problem(
            argument,
            `has ${writable.length} paths, more than ${maxWritablePaths}, the maxWritablePaths default of the policy pack's writable-paths-in-memory policy: each is a place code can be written to; mount one parent directory instead of several of its subdirectories (e.g. "/var/run" for "/var/run/a" and "/var/run/b"), or move the files the process writes under fewer directories`,
        );
    }
}

function resolvePersistentPath(platform: Platform, entry: PersistentPath, i: number): ResolvedPersistentPath {
    const argument = `persistentPaths[${i}]`;
    if (entry === undefined || entry === null || typeof entry !== "object") {
        throw new Problem(argument, "is not an object; write { path, size }");
    }
    const mountPath = checkMountPath(entry.path, `${argument}.path`);
    if (entry.size === undefined) {
        throw new Problem(`${argument}.size`, `is missing; give the capacity, e.g. "${platform === "kubernetes" ? "1Gi" : "1g"}"`);
    }
    const accessModes = entry.accessModes ?? defaultAccessModes;
    const allowed: readonly PersistentAccessMode[] = ["ReadWriteOnce", "ReadWriteOncePod", "ReadWriteMany"];
    if (!Array.isArray(accessModes) || accessModes.length === 0) {
        throw new Problem(`${argument}.accessModes`, 'is empty; omit it for ["ReadWriteOnce"] or list the modes the volume needs');
    }
    accessModes.forEach((mode, j) => {
        if (!allowed.includes(mode)) {
            throw new Problem(
                `${argument}.accessModes[${j}]`,
                `${JSON.stringify(mode)} is not a writable access mode; use one of ${allowed.join(", ")}`,
            );
        }
    });
    return {
        path: mountPath,
        size: entry.size,
        sizeBytes: parseSize(platform, entry.size, `${argument}.size`),
        storageClassName: entry.storageClassName,
        accessModes: [...accessModes],
        ...(entry.volumeName !== undefined ? { volumeName: checkVolumeName(entry.volumeName, `${argument}.volumeName`) } : {}),
    };
}

function checkVolumeName(value: unknown, argument: string): string {
    if (typeof value !== "string" || !dns1123LabelPattern.test(value) || value.length > 63) {
        throw new Problem(argument, `${JSON.stringify(value)} is not a volume name; use at most 63 lowercase letters, digits and '-'`);
    }
    return value;
}

/** Sizes are read in the platform's own notation; see `WritablePath.sizeLimit`. */
function parseSize(platform: Platform, text: unknown, argument: string): number {
    const example = platform === "kubernetes" ? "64Mi or 1Gi" : "64m or 1g";
    if (typeof text !== "string") {
        throw new Problem(argument, `${JSON.stringify(text)} is not a size; write a string such as ${example}`);
    }
    let bytes: number;
    try {
        bytes = platform === "kubernetes" ? parseKubernetesBytes(text) : parseDockerBytes(text);
    } catch (error) {
        if (error instanceof QuantityError) {
            // Some parse errors already carry the exact fix ("write … 64Mi"); add the generic hint only to the rest.
            const hint = /; write /.test(error.message) ? "" : `; on ${platform} write sizes such as ${example}`;
            throw new Problem(argument, `${error.message}${hint}`);
        }
        throw error;
    }
    if (bytes === 0) {
        throw new Problem(argument, `"${text}" is zero; give a positive size such as ${example}`);
    }
    return bytes;
}

/** True when `inner` is `outer` or a directory below it. */
function isSameOrBelow(inner: string, outer: string): boolean {
    return inner === outer || inner.startsWith(outer + "/");
}

/**
 * Each path once, and no writable path nested with a persistent one either way: a tmpfs over part
 * of a volume hides data that must survive, and a volume inside a tmpfs would look persistent to
 * whoever reads the args but sit in a directory that vanishes with the container.
 */
function checkPathsDistinct(writable: readonly ResolvedWritablePath[], persistent: readonly ResolvedPersistentPath[]): void {
    const all = [
        ...writable.map((w, i) => ({ path: w.path, argument: `writablePaths[${i}]` })),
        ...persistent.map((p, i) => ({ path: p.path, argument: `persistentPaths[${i}]` })),
    ];
    all.forEach((entry, i) => {
        const first = all.findIndex((other) => other.path === entry.path);
        if (first < i) {
            throw new Problem(
                entry.argument,
                `"${entry.path}" repeats ${all[first].argument}; list each path once, in one of writablePaths or persistentPaths`,
            );
        }
    });
    writable.forEach((w, i) =>
        persistent.forEach((p, j) => {
            if (isSameOrBelow(w.path, p.path)) {
                throw new Problem(
                    `writablePaths[${i}]`,
                    `"${w.path}" is inside persistentPaths[${j}] "${p.path}", which is already writable; remove it from writablePaths`,
                );
            }
            if (isSameOrBelow(p.path, w.path)) {
                throw new Problem(
                    `persistentPaths[${j}]`,
                    `"${p.path}" is inside writablePaths[${i}] "${w.path}", an in-memory directory; move the persistent path out of it or drop the writable one`,
                );
            }
        }),
    );
}

/**
 * Claims and volumes are named after their path (see persistentVolumeName). Two paths that differ
 * only in punctuation (or, on Kubernetes, in case) would get one name, which Pulumi would reject as a
 * duplicate URN; and the name must fit the platform's length limit.
 */
function checkVolumeNames(platform: Platform, name: string, persistent: readonly ResolvedPersistentPath[]): void {
    const kind = platform === "kubernetes" ? "claim" : "volume";
    const suffix = platform === "kubernetes" ? "<8 hex>" : "<hex>";
    const names = persistent.map((p) => persistentVolumeName(platform, name, p.path));
    names.forEach((volumeName, j) => {
        const first = names.indexOf(volumeName);
        if (first < j) {
            throw new Problem(
                `persistentPaths[${j}]`,
                `"${persistent[j].path}" would share its ${kind} name "${volumeName}-${suffix}" with persistentPaths[${first}] "${persistent[first].path}"; mount a common parent directory once instead, or rename one of the directories`,
            );
        }
        // Kubernetes: a DNS-1123 subdomain, at most 253. Docker: the provider's auto-names are at most 255.
        const max = platform === "kubernetes" ? 253 : 255;
        const length = volumeName.length + autoNameSuffixLength;
        if (length > max) {
            const what = platform === "kubernetes" ? "PersistentVolumeClaim" : "Docker volume";
            const platformName = platform === "kubernetes" ? "Kubernetes" : "Docker";
            throw new Problem(
                `persistentPaths[${j}].path`,
                `is too long to name its ${what}: "${volumeName}-${suffix}" would have ${length} characters, more than the ${max} ${platformName} allows; shorten the component name, or mount a shorter parent directory`,
            );
        }
    });
}

function resolveReplicas(platform: Platform, replicas: unknown): number {
    if (replicas === undefined) {
        return 1;
    }
    if (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 0) {
        throw new Problem("replicas", `${JSON.stringify(replicas)} is not a whole number of copies; write e.g. 1 or 3`);
    }
    if (replicas > maxReplicas) {
        throw new Problem(
            "replicas",
            `${replicas} is more than ${maxReplicas}, the most replicas Kubernetes accepts (an int32), which the component holds every platform to; write a smaller count`,
        );
    }
    if (platform === "docker" && replicas !== 1) {
        throw new Problem(
            "replicas",
            `is ${replicas}, but the docker platform runs exactly one container; omit replicas or use platform "swarm"`,
        );
    }
    return replicas;
}

/**
 * A ReadWriteOnce claim attaches to one node; a second replica scheduled elsewhere would hang in
 * ContainerCreating forever. Caught here rather than by the scheduler.
 */
function checkSharedVolumes(platform: Platform, replicas: number, persistent: readonly ResolvedPersistentPath[]): void {
    if (platform !== "kubernetes" || replicas <= 1) {
        return;
    }
    persistent.forEach((p, i) => {
        if (!p.accessModes.includes("ReadWriteMany")) {
            throw new Problem(
                `persistentPaths[${i}].accessModes`,
                `are [${p.accessModes.join(", ")}], which one pod at a time can mount, but replicas is ${replicas}; set replicas to 1, or use accessModes ["ReadWriteMany"] with a storage class that supports it`,
            );
        }
    });
}

function resolveAmounts(platform: Platform, amounts: ResourceAmounts | undefined, argument: string): ResolvedAmounts {
    if (amounts === undefined) {
        return {};
    }
    let cpu: ResolvedAmounts["cpu"];
    if (amounts.cpu !== undefined) {
        let cores: number;
        try {
            cores = parseCpuCores(String(amounts.cpu));
        } catch (error) {
            if (error instanceof QuantityError) {
                throw new Problem(`${argument}.cpu`, `${error.message}; write cores such as "0.5" or millicores such as "500m"`);
            }
            throw error;
        }
        if (cores === 0) {
            throw new Problem(`${argument}.cpu`, `"${amounts.cpu}" is zero; give a positive amount such as "500m"`);
        }
        cpu = { text: String(amounts.cpu), cores };
    }
    const memory =
        amounts.memory === undefined
            ? undefined
            : { text: amounts.memory, bytes: parseSize(platform, amounts.memory, `${argument}.memory`) };
    return { cpu, memory };
}

/** Kubernetes rejects a request above its limit at admission; say so before that. */
function checkRequestsWithinLimits(limits: ResolvedAmounts, requests: ResolvedAmounts, base: string): void {
    if (limits.memory && requests.memory && requests.memory.bytes > limits.memory.bytes) {
        throw new Problem(
            `${base}.requests.memory`,
            `"${requests.memory.text}" is above ${base}.limits.memory "${limits.memory.text}"; lower the request or raise the limit`,
        );
    }
    if (limits.cpu && requests.cpu && requests.cpu.cores > limits.cpu.cores) {
        throw new Problem(
            `${base}.requests.cpu`,
            `"${requests.cpu.text}" is above ${base}.limits.cpu "${limits.cpu.text}"; lower the request or raise the limit`,
        );
    }
}

/** Bytes as a human would write them: `192Mi` when exact, otherwise the plain count. */
export function describeBytes(bytes: number): string {
    const units: ReadonlyArray<[string, number]> = [
        ["Gi", 2 ** 30],
        ["Mi", 2 ** 20],
        ["Ki", 2 ** 10],
    ];
    const unit = units.find(([, size]) => bytes >= size && bytes % size === 0);
    return unit ? `${bytes / unit[1]}${unit[0]}` : `${bytes} bytes`;
}

/**
 * Files in a memory-backed volume are charged to the container's memory cgroup, on Kubernetes and
 * on Docker alike. If the writable paths may hold more than the limit, filling them gets the
 * process OOM-killed instead of a clean ENOSPC.
 */
function checkMemoryBudget(writable: readonly ResolvedWritablePath[], limits: ResolvedAmounts, argument: string): void {
    if (!limits.memory) {
        return;
    }
    const total = writable.reduce((sum, w) => sum + w.sizeBytes, 0);
    if (total > limits.memory.bytes) {
        throw new Problem(
            argument,
            `may hold ${describeBytes(total)} in memory (${writable.map((w) => `${w.path}: ${w.sizeLimit}`).join(", ")}), more than resources.limits.memory "${limits.memory.text}"; lower their sizeLimit or raise the memory limit`,
        );
    }
}

function resolveStringMap(map: Record<string, string> | undefined, argument: string): Record<string, string> {
    if (map === undefined) {
        return {};
    }
    for (const [key, value] of Object.entries(map)) {
        if (typeof value !== "string") {
            throw new Problem(`${argument}["${key}"]`, `is ${JSON.stringify(value)}, not a string; quote it`);
        }
    }
    return { ...map };
}

// Kubernetes label syntax (k8s.io/apimachinery/pkg/util/validation): an optional DNS subdomain
// prefix and a name of at most 63 characters. The API server would reject anything else at
// `pulumi up`, long after preview looked fine.
function isQualifiedName(key: string): boolean {
    const slash = key.lastIndexOf("/");
    const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
    const nameOnly = slash >= 0 ? key.slice(slash + 1) : key;
    const prefixOk = prefix === undefined || (prefix.length <= 253 && dns1123SubdomainPattern.test(prefix));
    return prefixOk && nameOnly.length <= 63 && labelValuePattern.test(nameOnly);
}

function checkKubernetesMetadata(labels: Record<string, string>, annotations: Record<string, string>, name: string, scope?: "pod"): void {
    const labelsArg = scope === "pod" ? "podLabels" : "labels";
    const annotationsArg = scope === "pod" ? "podAnnotations" : "annotations";
    for (const [key, value] of Object.entries(labels)) {
        // The selector label with the component's own name says what the component writes anyway.
        if (key === selectorLabelKey && value !== name) {
            throw new Problem(
                `${labelsArg}["${key}"]`,
                `is reserved for the component's pod selector, whose value is the component's name "${name}"; use another key, or name the component "${value}"`,
            );
        }
        if (!isQualifiedName(key)) {
            throw new Problem(
                `${labelsArg}["${key}"]`,
                "is not a valid Kubernetes label key; use [prefix/]name with at most 63 letters, digits, '-', '_' or '.'",
            );
        }
        if (value !== "" && (value.length > 63 || !labelValuePattern.test(value))) {
            throw new Problem(
                `${labelsArg}["${key}"]`,
                `value "${value}" is not a valid Kubernetes label value; use at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric (or put it in annotations)`,
            );
        }
    }
    for (const key of Object.keys(annotations)) {
        if (!isQualifiedName(key)) {
            throw new Problem(
                `${annotationsArg}["${key}"]`,
                "is not a valid Kubernetes annotation key; use [prefix/]name with at most 63 letters, digits, '-', '_' or '.'",
            );
        }
    }
}

function checkNamespace(namespace: unknown): void {
    if (typeof namespace === "string" && (namespace.length > 63 || !dns1123LabelPattern.test(namespace))) {
        throw new Problem(
            "namespace",
            `"${namespace}" is not a valid Kubernetes namespace; use at most 63 lowercase letters, digits and '-'`,
        );
    }
}

/**
 * Variable names: never empty and without '=' on every platform. Kubernetes also wants printable
 * ASCII (`IsRelaxedEnvVarName`, the default since 1.32; clusters before it want letters, digits, '_',
 * '-' and '.', not starting with a digit).
 */
function resolveEnv(
    platform: Platform,
    env: Record<string, pulumi.Input<string>> | undefined,
    argument: string,
): Array<[string, pulumi.Input<string>]> {
    const entries = Object.entries(env ?? {});
    for (const [key] of entries) {
        if (key === "" || key.includes("=")) {
            throw new Problem(`${argument}["${key}"]`, "is not a usable variable name; names must be non-empty and must not contain '='");
        }
        if (platform === "kubernetes" && !/^[\x20-\x7e]+$/.test(key)) {
            throw new Problem(
                `${argument}["${key}"]`,
                "is not a Kubernetes environment variable name: use printable ASCII characters other than '=' (clusters before 1.32: letters, digits, '_', '-' and '.', not starting with a digit)",
            );
        }
    }
    return entries;
}

/**
 * On Kubernetes each secretEnv variable is stored in the Secret under its own name, so the name must
 * also be a Secret key (`IsConfigMapKey`).
 */
function resolveSecretEnv(
    platform: Platform,
    secretEnv: Record<string, pulumi.Input<string>> | undefined,
    env: Record<string, pulumi.Input<string>> | undefined,
): Array<[string, pulumi.Input<string>]> {
    const entries = resolveEnv(platform, secretEnv, "secretEnv");
    for (const [key] of entries) {
        if (platform === "kubernetes" && (key.length > 253 || !secretKeyPattern.test(key) || key === "." || key.startsWith(".."))) {
            throw new Problem(
                `secretEnv["${key}"]`,
                `is not a valid Kubernetes Secret key, and the component keeps each secretEnv variable in a Secret under its own name: use at most 253 letters, digits, '-', '_' and '.', not "." nor starting with "..", e.g. "${suggestedSecretKey(key)}"`,
            );
        }
        if (env && Object.prototype.hasOwnProperty.call(env, key)) {
            throw new Problem(`secretEnv["${key}"]`, `is also in env; give each variable once, in secretEnv when its value is a secret`);
        }
    }
    return entries;
}

// IANA service names, which Kubernetes requires of port names: at most 15 characters, lowercase
// alphanumerics and single inner hyphens, at least one letter.
const portNamePattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function checkPortNumber(value: unknown, argument: string): number {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 65535) {
        throw new Problem(argument, `${JSON.stringify(value)} is not a port number; use a whole number from 1 to 65535`);
    }
    return value;
}

function resolvePorts(ports: (number | PortSpec)[] | undefined, base = "ports"): ResolvedPort[] {
    const resolved = (ports ?? []).map((entry, i): ResolvedPort => {
        const argument = `${base}[${i}]`;
        const spec: PortSpec = typeof entry === "number" ? { containerPort: entry } : entry;
        if (spec === null || typeof spec !== "object") {
            throw new Problem(argument, `${JSON.stringify(entry)} is not a port; write a number or { containerPort }`);
        }
        const containerPort = checkPortNumber(spec.containerPort, typeof entry === "number" ? argument : `${argument}.containerPort`);
        const publishedPort =
            spec.publishedPort === undefined ? undefined : checkPortNumber(spec.publishedPort, `${argument}.publishedPort`);
        const protocol = spec.protocol ?? "TCP";
        if (protocol !== "TCP" && protocol !== "UDP") {
            throw new Problem(`${argument}.protocol`, `${JSON.stringify(protocol)} is not supported; use "TCP" or "UDP"`);
        }
        const name = spec.name ?? `${protocol.toLowerCase()}-${containerPort}`;
        if (name.length > 15 || !portNamePattern.test(name) || !/[a-z]/.test(name)) {
            throw new Problem(
                `${argument}.name`,
                `"${name}" is not a valid port name; use at most 15 lowercase letters, digits and single hyphens, with at least one letter`,
            );
        }
        return { containerPort, publishedPort, protocol, name };
    });
    resolved.forEach((port, i) => {
        const earlier = resolved.slice(0, i);
        const clash =
            earlier.findIndex((p) => p.containerPort === port.containerPort && p.protocol === port.protocol) >= 0
                ? "containerPort"
                : earlier.findIndex(
                        (p) =>
                            (p.publishedPort ?? p.containerPort) === (port.publishedPort ?? port.containerPort) &&
                            p.protocol === port.protocol,
                    ) >= 0
                  ? "publishedPort"
                  : earlier.findIndex((p) => p.name === port.name) >= 0
                    ? "name"
                    : undefined;
        if (clash) {
            throw new Problem(`${base}[${i}]`, `repeats the ${clash} of an earlier port; list each port once`);
        }
    });
    return resolved;
}

function resolveUser(user: UserSpec | undefined, argument: string): UserSpec | undefined {
    if (user === undefined) {
        return undefined;
    }
    const isId = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= 2147483647;
    if (!isId(user.uid)) {
        throw new Problem(`${argument}.uid`, `${JSON.stringify(user.uid)} is not a user id; use a whole number such as 1000`);
    }
    if (user.uid === 0) {
        throw new Problem(
            `${argument}.uid`,
            "is 0 (root), which Kubernetes' runAsNonRoot refuses to start; give a non-root uid such as 1000, or omit user to keep the image's user",
        );
    }
    if (!isId(user.gid)) {
        throw new Problem(`${argument}.gid`, `${JSON.stringify(user.gid)} is not a group id; use a whole number such as 1000`);
    }
    return { uid: user.uid, gid: user.gid };
}
