// Docker Compose files judged as the Docker resources the pack knows: a service becomes a
// `docker.Container`, or a Swarm `docker.Service` when it has a `deploy:` section. Every props
// path produced here remembers the YAML path it came from, so findings point into the file.
//
// Compose versions differ little here: `read_only`, `tmpfs`, `volumes` (short and long syntax)
// and `labels` mean the same in v2, v2.x, v3.x and the unversioned Compose Specification.
import { dockerContainerType, dockerServiceType, PropertyPath } from "../policy-pack/workloads";
import { ManifestResource } from "./resources";

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | undefined {
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : undefined;
}

/** True for a document the checker reads as a Compose file: it has a top-level `services` map. */
export function isComposeFile(value: unknown): boolean {
    const o = asObject(value);
    return o !== undefined && !("apiVersion" in o && "kind" in o) && asObject(o.services) !== undefined;
}

/**
 * Compose's own reading of a boolean field: after interpolation it casts the strings
 * `y`/`yes`/`true`/`on` and `n`/`no`/`false`/`off` (any case); other values stay what they are,
 * so that the pack reports them as invalid.
 */
export function composeBoolean(value: unknown): unknown {
    if (typeof value !== "string") {
        return value;
    }
    const v = value.trim().toLowerCase();
    if (["y", "yes", "true", "on"].includes(v)) {
        return true;
    }
    if (["n", "no", "false", "off"].includes(v)) {
        return false;
    }
    return value;
}

const units: Record<string, number> = { "": 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/**
 * A size as Docker reads one (`64m`, `1gb`, `10000`, `1.5GiB`; binary multiples), in bytes, or
 * undefined when it is not a size.
 */
export function parseSize(value: unknown): number | undefined {
    if (typeof value === "number") {
        return Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
    }
    if (typeof value !== "string") {
        return undefined;
    }
    const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)(?:i?b)?\s*$/i.exec(value);
    return m ? Math.floor(Number(m[1]) * units[m[2].toLowerCase()]) : undefined;
}

/** The `key=value` options of a mount option string (`uid=33,size=64m`). */
export function mountOptions(options: string): Map<string, string> {
    const out = new Map<string, string>();
    for (const part of options.split(",")) {
        const p = part.trim();
        if (p === "") {
            continue;
        }
        const eq = p.indexOf("=");
        out.set(eq < 0 ? p : p.slice(0, eq), eq < 0 ? "" : p.slice(eq + 1));
    }
    return out;
}

/** Splits a short-syntax volume at `:`, leaving `${VAR:-default}` interpolations whole. */
export function splitVolumeSpec(spec: string): string[] {
    const parts: string[] = [];
    let current = "";
    let depth = 0;
    for (let i = 0; i < spec.length; i++) {
        const c = spec[i];
        if (c === "$" && spec[i + 1] === "{") {
            depth++;
            current += "${";
            i++;
            continue;
        }
        if (c === "}" && depth > 0) {
            depth--;
        } else if (c === ":" && depth === 0) {
            parts.push(current);
            current = "";
            continue;
        }
        current += c;
    }
    parts.push(current);
    // A Windows drive letter (`C:\data:/data`) is part of the source.
    if (parts.length >= 3 && /^[A-Za-z]$/.test(parts[0]) && /^[\\/]/.test(parts[1])) {
        parts.splice(0, 2, `${parts[0]}:${parts[1]}`);
    }
    return parts;
}

/**
 * A host path, as Compose tells one from a volume name: absolute, relative (`.`), home (`~`),
 * a Windows drive, or an interpolation (which, in practice, names a host directory).
 */
export function isHostPath(source: string): boolean {
    return /^[/.~$]/.test(source) || /^[A-Za-z]:[\\/]/.test(source);
}

/** What a top-level named volume is, as far as the pack cares. */
interface NamedVolume {
    readonly tmpfs: boolean;
    readonly sizeBytes?: number;
    /** YAML path of the definition and of its size option. */
    readonly path: PropertyPath;
    readonly sizePath?: PropertyPath;
}

// The v3 in-memory volume: the local driver with `driver_opts: {type: tmpfs, device: tmpfs}`.
function namedVolumes(file: Json): Map<string, NamedVolume> {
    const out = new Map<string, NamedVolume>();
    const volumes = asObject(file.volumes) ?? {};
    for (const [name, raw] of Object.entries(volumes)) {
        const def = asObject(raw) ?? {};
        const opts = asObject(def.driver_opts) ?? {};
        const driver = def.driver === undefined || def.driver === null || def.driver === "local";
        const tmpfs = driver && def.external !== true && opts.type === "tmpfs" && opts.device === "tmpfs";
        const o = typeof opts.o === "string" ? mountOptions(opts.o) : new Map<string, string>();
        const size = o.get("size");
        out.set(name, {
            tmpfs,
            sizeBytes: size !== undefined ? parseSize(size) : undefined,
            path: ["volumes", name],
            sizePath: size !== undefined ? ["volumes", name, "driver_opts", "o"] : undefined,
        });
    }
    return out;
}

/** Props under construction and the YAML path of each props path. */
class PropsWithSources {
    readonly props: Json = {};
    private readonly sources = new Map<string, PropertyPath>();

    constructor(root: PropertyPath) {
        this.sources.set(JSON.stringify([]), root);
    }

    /** Records where a props path came from. */
    from(propsPath: PropertyPath, yamlPath: PropertyPath): void {
        this.sources.set(JSON.stringify(propsPath), yamlPath);
    }

    /** Sets a value and records where it came from. */
    set(propsPath: PropertyPath, value: unknown, yamlPath: PropertyPath): void {
        let target: Record<string | number, unknown> = this.props;
        for (let i = 0; i < propsPath.length - 1; i++) {
            const key = propsPath[i];
            if (target[key] === undefined) {
                target[key] = typeof propsPath[i + 1] === "number" ? [] : {};
            }
            target = target[key] as Record<string | number, unknown>;
        }
        target[propsPath[propsPath.length - 1]] = value;
        this.from(propsPath, yamlPath);
    }

    /** The YAML path of the longest recorded prefix of a props path. */
    yamlPathOf(propsPath: PropertyPath): PropertyPath {
        for (let n = propsPath.length; n >= 0; n--) {
            const y = this.sources.get(JSON.stringify(propsPath.slice(0, n)));
            if (y) {
                return y;
            }
        }
        return [];
    }
}

interface Converter {
    readonly out: PropsWithSources;
    /** Props path of the container spec: `[]` for a container, `taskSpec.containerSpec` for Swarm. */
    readonly spec: PropertyPath;
    readonly swarm: boolean;
    readonly service: PropertyPath;
    readonly volumes: Map<string, NamedVolume>;
    mounts: number;
    hostVolumes: number;
}

function addMount(c: Converter, mount: Json, yamlPath: PropertyPath, fieldSources: Record<string, PropertyPath>): void {
    const at = [...c.spec, "mounts", c.mounts++];
    c.out.set(at, mount, yamlPath);
    for (const [key, path] of Object.entries(fieldSources)) {
        c.out.from([...at, ...key.split(".")], path);
    }
}

function addTmpfsMount(
    c: Converter,
    target: unknown,
    sizeBytes: unknown,
    mode: unknown,
    yamlPath: PropertyPath,
    sizePath: PropertyPath | undefined,
): void {
    const tmpfsOptions: Json = {};
    if (sizeBytes !== undefined) {
        tmpfsOptions.sizeBytes = sizeBytes;
    }
    if (mode !== undefined) {
        tmpfsOptions.mode = mode;
    }
    const sources: Record<string, PropertyPath> = { tmpfsOptions: yamlPath };
    if (sizePath) {
        sources["tmpfsOptions.sizeBytes"] = sizePath;
    }
    addMount(c, { type: "tmpfs", target, tmpfsOptions }, yamlPath, sources);
}

function convertTmpfs(c: Converter, service: Json): void {
    const raw = service.tmpfs;
    if (raw === undefined || raw === null) {
        return;
    }
    const entries: Array<[unknown, PropertyPath]> = Array.isArray(raw)
        ? raw.map((e, i) => [e, [...c.service, "tmpfs", i]])
        : [[raw, [...c.service, "tmpfs"]]];
    for (const [entry, yamlPath] of entries) {
        if (typeof entry !== "string") {
            continue;
        }
        // `/var/run:uid=33,size=64m` — the v2 form with options after the first colon.
        const colon = entry.indexOf(":");
        const target = colon < 0 ? entry : entry.slice(0, colon);
        const options = colon < 0 ? "" : entry.slice(colon + 1);
        if (c.swarm) {
            const o = mountOptions(options);
            const size = o.get("size");
            addTmpfsMount(c, target, size !== undefined ? (parseSize(size) ?? size) : undefined, o.get("mode"), yamlPath, yamlPath);
        } else {
            c.out.set([...c.spec, "tmpfs", target], options, yamlPath);
        }
    }
}

function readOnlyMode(mode: string | undefined): boolean | undefined {
    if (mode === undefined) {
        return undefined;
    }
    const flags = mode.split(",").map((f) => f.trim());
    if (flags.includes("ro")) {
        return true;
    }
    return flags.includes("rw") ? false : undefined;
}

function convertShortVolume(c: Converter, spec: string, yamlPath: PropertyPath): void {
    const parts = splitVolumeSpec(spec);
    if (parts.length === 1) {
        // An anonymous volume: writable, but neither the root filesystem nor the host.
        addVolumeMount(c, undefined, parts[0], undefined, yamlPath, {});
        return;
    }
    const [source, target, mode] = parts;
    const readOnly = readOnlyMode(mode);
    const named = c.volumes.get(source);
    if (!isHostPath(source) && named?.tmpfs) {
        addTmpfsMount(c, target, named.sizeBytes, undefined, yamlPath, named.sizePath);
        return;
    }
    if (isHostPath(source)) {
        if (c.swarm) {
            const mount: Json = { type: "bind", source, target };
            if (readOnly !== undefined) {
                mount.readOnly = readOnly;
            }
            addMount(c, mount, yamlPath, {});
            return;
        }
        const volume: Json = { hostPath: source, containerPath: target };
        if (readOnly !== undefined) {
            volume.readOnly = readOnly;
        }
        c.out.set([...c.spec, "volumes", c.hostVolumes++], volume, yamlPath);
        return;
    }
    addVolumeMount(c, source, target, readOnly, yamlPath, {});
}

// A named or anonymous volume: a Docker `volumes[]` entry for a container, a mount for Swarm.
function addVolumeMount(
    c: Converter,
    source: string | undefined,
    target: unknown,
    readOnly: unknown,
    yamlPath: PropertyPath,
    fieldSources: Record<string, PropertyPath>,
): void {
    if (c.swarm) {
        const mount: Json = { type: "volume", target };
        if (source !== undefined) {
            mount.source = source;
        }
        if (readOnly !== undefined) {
            mount.readOnly = readOnly;
        }
        addMount(c, mount, yamlPath, fieldSources);
        return;
    }
    const volume: Json = { containerPath: target };
    if (source !== undefined) {
        volume.volumeName = source;
    }
    if (readOnly !== undefined) {
        volume.readOnly = readOnly;
    }
    const at = [...c.spec, "volumes", c.hostVolumes++];
    c.out.set(at, volume, yamlPath);
    if (fieldSources.readOnly) {
        c.out.from([...at, "readOnly"], fieldSources.readOnly);
    }
}

function convertLongVolume(c: Converter, entry: Json, yamlPath: PropertyPath): void {
    const type = entry.type ?? "volume";
    const target = entry.target;
    const source = typeof entry.source === "string" ? entry.source : undefined;
    const readOnly = entry.read_only === undefined ? undefined : composeBoolean(entry.read_only);
    const readOnlySources: Record<string, PropertyPath> = readOnly === undefined ? {} : { readOnly: [...yamlPath, "read_only"] };
    if (type === "tmpfs") {
        const tmpfs = asObject(entry.tmpfs) ?? {};
        const size = tmpfs.size;
        addTmpfsMount(
            c,
            target,
            size === undefined ? undefined : (parseSize(size) ?? size),
            tmpfs.mode,
            yamlPath,
            size === undefined ? undefined : [...yamlPath, "tmpfs", "size"],
        );
        return;
    }
    if (type === "volume") {
        const named = source !== undefined ? c.volumes.get(source) : undefined;
        if (named?.tmpfs) {
            addTmpfsMount(c, target, named.sizeBytes, undefined, yamlPath, named.sizePath);
            return;
        }
        addVolumeMount(c, source, target, readOnly, yamlPath, readOnlySources);
        return;
    }
    // bind, npipe, cluster, image: mounts of their own type.
    const mount: Json = { type, target };
    if (source !== undefined) {
        mount.source = source;
    }
    if (readOnly !== undefined) {
        mount.readOnly = readOnly;
    }
    addMount(c, mount, yamlPath, readOnlySources);
}

function convertVolumes(c: Converter, service: Json): void {
    if (!Array.isArray(service.volumes)) {
        return;
    }
    service.volumes.forEach((entry, i) => {
        const yamlPath = [...c.service, "volumes", i];
        if (typeof entry === "string") {
            convertShortVolume(c, entry, yamlPath);
        } else if (asObject(entry)) {
            convertLongVolume(c, entry as Json, yamlPath);
        }
    });
}

/** Compose labels (a map, or a list of `key=value`) as Docker's `[{ label, value }]`, with sources. */
function convertLabels(out: PropsWithSources, at: PropertyPath, labels: unknown, yamlPath: PropertyPath): void {
    const list: Array<{ label: string; value: string; path: PropertyPath }> = [];
    if (Array.isArray(labels)) {
        labels.forEach((entry, i) => {
            if (typeof entry === "string") {
                const eq = entry.indexOf("=");
                list.push({
                    label: eq < 0 ? entry : entry.slice(0, eq),
                    value: eq < 0 ? "" : entry.slice(eq + 1),
                    path: [...yamlPath, i],
                });
            }
        });
    } else {
        for (const [label, value] of Object.entries(asObject(labels) ?? {})) {
            list.push({ label, value: value === null || value === undefined ? "" : String(value), path: [...yamlPath, label] });
        }
    }
    if (list.length === 0) {
        return;
    }
    out.set(at, [], yamlPath);
    list.forEach((l, i) => {
        out.set([...at, i], { label: l.label, value: l.value }, l.path);
        out.from([...at, i, "value"], l.path);
        out.from([...at, i, "label"], l.path);
    });
}

function convertService(file: Json, serviceName: string, volumes: Map<string, NamedVolume>): ManifestResource {
    const servicePath: PropertyPath = ["services", serviceName];
    const service = asObject((file.services as Json)[serviceName]) ?? {};
    const deploy = asObject(service.deploy);
    const swarm = deploy !== undefined;
    const out = new PropsWithSources(servicePath);
    const spec: PropertyPath = swarm ? ["taskSpec", "containerSpec"] : [];
    const c: Converter = { out, spec, swarm, service: servicePath, volumes, mounts: 0, hostVolumes: 0 };

    out.set(["name"], serviceName, servicePath);
    if (swarm) {
        out.set(["taskSpec"], {}, [...servicePath, "deploy"]);
        out.set(spec, {}, servicePath);
        convertLabels(out, ["labels"], deploy.labels, [...servicePath, "deploy", "labels"]);
    }
    if (service.image !== undefined) {
        out.set([...spec, "image"], service.image, [...servicePath, "image"]);
    }
    if (service.read_only !== undefined) {
        out.set([...spec, "readOnly"], composeBoolean(service.read_only), [...servicePath, "read_only"]);
    }
    convertTmpfs(c, service);
    convertVolumes(c, service);
    convertLabels(out, [...spec, "labels"], service.labels, [...servicePath, "labels"]);
    return {
        source: "compose",
        type: swarm ? dockerServiceType : dockerContainerType,
        name: serviceName,
        kind: "service",
        props: out.props,
        yamlPathOf: (path) => out.yamlPathOf(path),
    };
}

/** The resources of one Compose document: one per service, in file order. */
export function composeResources(value: unknown): ManifestResource[] {
    if (!isComposeFile(value)) {
        return [];
    }
    const file = value as Json;
    const volumes = namedVolumes(file);
    return Object.keys(file.services as Json).map((name) => convertService(file, name, volumes));
}
