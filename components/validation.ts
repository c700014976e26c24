// Every check on ImmutableService's arguments, and their normalised form.
//
// `resolveServiceSpec` runs before the component registers anything: a mistake in the arguments
// must surface as one clear error at construction, not as a half-created stack or a pod that
// crash-loops at 3 a.m. because `/var/run` was not writable. The builders only ever see a
// `ServiceSpec`, so they never re-check or re-default anything.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import {
    ImmutableServiceArgs, PersistentAccessMode, PersistentPath, Platform, PortSpec, ResourceAmounts,
    UserSpec, WritablePath, platforms,
} from "./args";
import { pathSlug } from "./naming";
import { QuantityError, parseCpuCores, parseDockerBytes, parseKubernetesBytes } from "./quantities";

/** Size of a writable path whose `sizeLimit` is not given. Binary, so it means 64 MiB everywhere. */
export const defaultWritableSize = "64Mi";
/** Permission bits of a tmpfs whose `mode` is not given: like `/tmp`, writable by any uid. */
export const defaultWritableMode = "1777";
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

/** Raised by the small checkers below; `resolveServiceSpec` adds the component name. */
class Problem extends Error {
    constructor(readonly argument: string, message: string) {
        super(message);
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

function resolve(name: string, args: ImmutableServiceArgs | undefined): ServiceSpec {
    if (args === undefined || args === null || typeof args !== "object") {
        throw new Problem("args", "are missing; pass at least { image }");
    }
    const platform = resolvePlatform(args.platform);
    checkImage(args.image);
    const writablePaths = (args.writablePaths ?? []).map((entry, i) => resolveWritablePath(platform, entry, i));
    const persistentPaths = (args.persistentPaths ?? []).map((entry, i) => resolvePersistentPath(platform, entry, i));
    checkPathsDistinct(writablePaths, persistentPaths);
    const replicas = resolveReplicas(platform, args.replicas);
    checkSharedVolumes(platform, replicas, persistentPaths);
    const limits = resolveAmounts(platform, args.resources?.limits, "resources.limits");
    const requests = resolveAmounts(platform, args.resources?.requests, "resources.requests");
    checkRequestsWithinLimits(limits, requests);
    checkMemoryBudget(writablePaths, limits);
    const labels = resolveStringMap(args.labels, "labels");
    const annotations = resolveStringMap(args.annotations, "annotations");
    if (platform === "kubernetes") {
        checkSelectorValue(name);
        checkKubernetesMetadata(labels, annotations);
        checkNamespace(args.namespace);
    }
    return {
        name,
        platform,
        image: args.image,
        command: args.command,
        args: args.args,
        env: resolveEnv(args.env, "env"),
        secretEnv: resolveSecretEnv(args.secretEnv, args.env),
        ports: resolvePorts(args.ports),
        replicas,
        namespace: args.namespace,
        labels,
        annotations,
        limits,
        requests,
        writablePaths,
        persistentPaths,
        user: resolveUser(args.user),
    };
}

function resolvePlatform(platform: unknown): Platform {
    if (platform === undefined) {
        return "kubernetes";
    }
    if (!platforms.includes(platform as Platform)) {
        throw new Problem("platform", `${JSON.stringify(platform)} is not a known platform; use one of ${platforms.map((p) => `"${p}"`).join(", ")}`);
    }
    return platform as Platform;
}

/** Only a known string can be checked; an Output is the caller's to get right. */
function checkImage(image: unknown): void {
    if (image === undefined || image === null || (typeof image === "string" && image.trim() === "")) {
        throw new Problem("image", "is empty; give the image to run, e.g. \"nginx:1.27\" or an image digest");
    }
}

/**
 * A mount path must be absolute and already normalised: `/tmp/` and `/a//b` name the same directory
 * as `/tmp` and `/a/b` to the kernel but not to a string comparison, which would let a duplicate or
 * an overlap with a persistent path slip through the checks below.
 */
function checkMountPath(value: unknown, argument: string): string {
    if (typeof value !== "string" || value === "") {
        throw new Problem(argument, "is missing; give an absolute path such as \"/tmp\"");
    }
    if (!value.startsWith("/")) {
        throw new Problem(argument, `"${value}" is relative; write the absolute path, e.g. "${path.posix.normalize("/" + value).replace(/(.)\/$/, "$1")}"`);
    }
    const normalised = path.posix.normalize(value).replace(/(.)\/$/, "$1");
    if (normalised === "/") {
        throw new Problem(argument, `"${value}" is the root directory, which would make the whole filesystem writable; list the directories that must be written instead`);
    }
    if (normalised !== value) {
        throw new Problem(argument, `"${value}" is not normalised; write "${normalised}"`);
    }
    return value;
}

function resolveWritablePath(platform: Platform, entry: string | WritablePath, i: number): ResolvedWritablePath {
    const argument = `writablePaths[${i}]`;
    const spec: WritablePath = typeof entry === "string" ? { path: entry } : entry ?? { path: "" };
    const where = typeof entry === "string" ? argument : `${argument}.path`;
    const mountPath = checkMountPath(spec.path, where);
    const sizeLimit = spec.sizeLimit ?? defaultWritableSize;
    const mode = spec.mode ?? defaultWritableMode;
    if (typeof mode !== "string" || !/^[0-7]{3,4}$/.test(mode)) {
        throw new Problem(`${argument}.mode`, `${JSON.stringify(mode)} is not octal permission bits; write e.g. "1777" or "0700"`);
    }
    return { path: mountPath, sizeLimit, sizeBytes: parseSize(platform, sizeLimit, `${argument}.sizeLimit`), mode };
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
        throw new Problem(`${argument}.accessModes`, "is empty; omit it for [\"ReadWriteOnce\"] or list the modes the volume needs");
    }
    accessModes.forEach((mode, j) => {
        if (!allowed.includes(mode)) {
            throw new Problem(`${argument}.accessModes[${j}]`, `${JSON.stringify(mode)} is not a writable access mode; use one of ${allowed.join(", ")}`);
        }
    });
    return {
        path: mountPath,
        size: entry.size,
        sizeBytes: parseSize(platform, entry.size, `${argument}.size`),
        storageClassName: entry.storageClassName,
        accessModes: [...accessModes],
    };
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
            throw new Problem(entry.argument, `"${entry.path}" repeats ${all[first].argument}; list each path once, in one of writablePaths or persistentPaths`);
        }
    });
    // Volumes and claims are named after their path (see pathSlug); two paths that differ only in
    // punctuation would get one name, which Pulumi would reject as a duplicate URN.
    persistent.forEach((p, j) => {
        const first = persistent.findIndex((other) => pathSlug(other.path) === pathSlug(p.path));
        if (first < j) {
            throw new Problem(`persistentPaths[${j}]`, `"${p.path}" would share its volume name "${pathSlug(p.path)}" with persistentPaths[${first}] "${persistent[first].path}"; rename one of the directories`);
        }
    });
    writable.forEach((w, i) => persistent.forEach((p, j) => {
        if (isSameOrBelow(w.path, p.path)) {
            throw new Problem(`writablePaths[${i}]`, `"${w.path}" is inside persistentPaths[${j}] "${p.path}", which is already writable; remove it from writablePaths`);
        }
        if (isSameOrBelow(p.path, w.path)) {
            throw new Problem(`persistentPaths[${j}]`, `"${p.path}" is inside writablePaths[${i}] "${w.path}", an in-memory directory; move the persistent path out of it or drop the writable one`);
        }
    }));
}

function resolveReplicas(platform: Platform, replicas: unknown): number {
    if (replicas === undefined) {
        return 1;
    }
    if (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 0) {
        throw new Problem("replicas", `${JSON.stringify(replicas)} is not a whole number of copies; write e.g. 1 or 3`);
    }
    if (platform === "docker" && replicas !== 1) {
        throw new Problem("replicas", `is ${replicas}, but the docker platform runs exactly one container; omit replicas or use platform "swarm"`);
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
            throw new Problem(`persistentPaths[${i}].accessModes`, `are [${p.accessModes.join(", ")}], which one pod at a time can mount, but replicas is ${replicas}; set replicas to 1, or use accessModes ["ReadWriteMany"] with a storage class that supports it`);
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
    const memory = amounts.memory === undefined
        ? undefined
        : { text: amounts.memory, bytes: parseSize(platform, amounts.memory, `${argument}.memory`) };
    return { cpu, memory };
}

/** Kubernetes rejects a request above its limit at admission; say so before that. */
function checkRequestsWithinLimits(limits: ResolvedAmounts, requests: ResolvedAmounts): void {
    if (limits.memory && requests.memory && requests.memory.bytes > limits.memory.bytes) {
        throw new Problem("resources.requests.memory", `"${requests.memory.text}" is above resources.limits.memory "${limits.memory.text}"; lower the request or raise the limit`);
    }
    if (limits.cpu && requests.cpu && requests.cpu.cores > limits.cpu.cores) {
        throw new Problem("resources.requests.cpu", `"${requests.cpu.text}" is above resources.limits.cpu "${limits.cpu.text}"; lower the request or raise the limit`);
    }
}

/** Bytes as a human would write them: `192Mi` when exact, otherwise the plain count. */
export function describeBytes(bytes: number): string {
    const units: ReadonlyArray<[string, number]> = [["Gi", 2 ** 30], ["Mi", 2 ** 20], ["Ki", 2 ** 10]];
    const unit = units.find(([, size]) => bytes >= size && bytes % size === 0);
    return unit ? `${bytes / unit[1]}${unit[0]}` : `${bytes} bytes`;
}

/**
 * Files in a memory-backed volume are charged to the container's memory cgroup, on Kubernetes and
 * on Docker alike. If the writable paths may hold more than the limit, filling them gets the
 * process OOM-killed instead of a clean ENOSPC.
 */
function checkMemoryBudget(writable: readonly ResolvedWritablePath[], limits: ResolvedAmounts): void {
    if (!limits.memory) {
        return;
    }
    const total = writable.reduce((sum, w) => sum + w.sizeBytes, 0);
    if (total > limits.memory.bytes) {
        throw new Problem("writablePaths", `may hold ${describeBytes(total)} in memory (${writable.map((w) => `${w.path}: ${w.sizeLimit}`).join(", ")}), more than resources.limits.memory "${limits.memory.text}"; lower their sizeLimit or raise the memory limit`);
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
const qualifiedNamePart = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function isQualifiedName(key: string): boolean {
    const slash = key.lastIndexOf("/");
    const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
    const nameOnly = slash >= 0 ? key.slice(slash + 1) : key;
    const prefixOk = prefix === undefined || (prefix.length <= 253 && dnsSubdomain.test(prefix));
    return prefixOk && nameOnly.length <= 63 && qualifiedNamePart.test(nameOnly);
}

/** The component's name becomes the value of the pod selector label, so it must be a label value. */
function checkSelectorValue(name: string): void {
    if (name.length > 63 || !qualifiedNamePart.test(name)) {
        throw new Problem("name", `"${name}" is the value of the pod selector label ${selectorLabelKey}, so it must be at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric; rename the component`);
    }
}

function checkKubernetesMetadata(labels: Record<string, string>, annotations: Record<string, string>): void {
    for (const [key, value] of Object.entries(labels)) {
        if (key === selectorLabelKey) {
            throw new Problem(`labels["${key}"]`, "is reserved for the component's pod selector; use another key");
        }
        if (!isQualifiedName(key)) {
            throw new Problem(`labels["${key}"]`, "is not a valid Kubernetes label key; use [prefix/]name with at most 63 letters, digits, '-', '_' or '.'");
        }
        if (value !== "" && (value.length > 63 || !qualifiedNamePart.test(value))) {
            throw new Problem(`labels["${key}"]`, `value "${value}" is not a valid Kubernetes label value; use at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric (or put it in annotations)`);
        }
    }
    for (const key of Object.keys(annotations)) {
        if (!isQualifiedName(key)) {
            throw new Problem(`annotations["${key}"]`, "is not a valid Kubernetes annotation key; use [prefix/]name with at most 63 letters, digits, '-', '_' or '.'");
        }
    }
}

function checkNamespace(namespace: unknown): void {
    if (typeof namespace === "string" && (namespace.length > 63 || !dnsLabel.test(namespace))) {
        throw new Problem("namespace", `"${namespace}" is not a valid Kubernetes namespace; use at most 63 lowercase letters, digits and '-'`);
    }
}

function resolveEnv(env: Record<string, pulumi.Input<string>> | undefined, argument: "env" | "secretEnv"): Array<[string, pulumi.Input<string>]> {
    const entries = Object.entries(env ?? {});
    for (const [key] of entries) {
        if (key === "" || key.includes("=")) {
            throw new Problem(`${argument}["${key}"]`, "is not a usable variable name; names must be non-empty and must not contain '='");
        }
    }
    return entries;
}

function resolveSecretEnv(
    secretEnv: Record<string, pulumi.Input<string>> | undefined,
    env: Record<string, pulumi.Input<string>> | undefined,
): Array<[string, pulumi.Input<string>]> {
    const entries = resolveEnv(secretEnv, "secretEnv");
    for (const [key] of entries) {
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

function resolvePorts(ports: (number | PortSpec)[] | undefined): ResolvedPort[] {
    const resolved = (ports ?? []).map((entry, i): ResolvedPort => {
        const argument = `ports[${i}]`;
        const spec: PortSpec = typeof entry === "number" ? { containerPort: entry } : entry;
        if (spec === null || typeof spec !== "object") {
            throw new Problem(argument, `${JSON.stringify(entry)} is not a port; write a number or { containerPort }`);
        }
        const containerPort = checkPortNumber(spec.containerPort, typeof entry === "number" ? argument : `${argument}.containerPort`);
        const publishedPort = spec.publishedPort === undefined ? undefined : checkPortNumber(spec.publishedPort, `${argument}.publishedPort`);
        const protocol = spec.protocol ?? "TCP";
        if (protocol !== "TCP" && protocol !== "UDP") {
            throw new Problem(`${argument}.protocol`, `${JSON.stringify(protocol)} is not supported; use "TCP" or "UDP"`);
        }
        const name = spec.name ?? `${protocol.toLowerCase()}-${containerPort}`;
        if (name.length > 15 || !portNamePattern.test(name) || !/[a-z]/.test(name)) {
            throw new Problem(`${argument}.name`, `"${name}" is not a valid port name; use at most 15 lowercase letters, digits and single hyphens, with at least one letter`);
        }
        return { containerPort, publishedPort, protocol, name };
    });
    resolved.forEach((port, i) => {
        const earlier = resolved.slice(0, i);
        const clash =
            earlier.findIndex((p) => p.containerPort === port.containerPort && p.protocol === port.protocol) >= 0 ? "containerPort" :
            earlier.findIndex((p) => (p.publishedPort ?? p.containerPort) === (port.publishedPort ?? port.containerPort) && p.protocol === port.protocol) >= 0 ? "publishedPort" :
            earlier.findIndex((p) => p.name === port.name) >= 0 ? "name" : undefined;
        if (clash) {
            throw new Problem(`ports[${i}]`, `repeats the ${clash} of an earlier port; list each port once`);
        }
    });
    return resolved;
}

function resolveUser(user: UserSpec | undefined): UserSpec | undefined {
    if (user === undefined) {
        return undefined;
    }
    const isId = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= 2147483647;
    if (!isId(user.uid)) {
        throw new Problem("user.uid", `${JSON.stringify(user.uid)} is not a user id; use a whole number such as 1000`);
    }
    if (user.uid === 0) {
        throw new Problem("user.uid", "is 0 (root), which Kubernetes' runAsNonRoot refuses to start; give a non-root uid such as 1000, or omit user to keep the image's user");
    }
    if (!isId(user.gid)) {
        throw new Problem("user.gid", `${JSON.stringify(user.gid)} is not a group id; use a whole number such as 1000`);
    }
    return { uid: user.uid, gid: user.gid };
}
