// Docker Compose files judged as the Docker resources the pack knows: a service becomes a
// `docker.Container`, or a Swarm `docker.Service` when it has a `deploy:` section. Every props
// path produced here remembers the YAML path it came from, so findings point into the file.
//
// Compose versions differ little here: `read_only`, `tmpfs`, `volumes` (short and long syntax)
// and `labels` mean the same in v2, v2.x, v3.x and the unversioned Compose Specification.
//
// What `docker compose` does before it deploys a service is done here too, so that the verdict is
// about what runs: Compose's `!reset` / `!override` tags (compose-yaml.ts), `extends` (in the file
// or another one) and compose-go's merge and uniqueness rules (compose-extends.ts), the mounts a
// service takes from others with `volumes_from`, and named volumes that are binds of a host
// directory (`driver_opts: {o: bind, device: /etc}`).
import { dockerContainerType, dockerServiceType, PropertyPath } from "../policy-pack/workloads";
import { parseComposeSize, parseTmpfsSize } from "../policy-pack/workloads/quantities";
import { Located, ReadFile, ServiceResolver } from "./compose-extends";
import { cleanPath, composeBoolean, isHostPath, parseShortVolume } from "./compose-syntax";
import { ComposeDocument, readComposeYaml } from "./compose-yaml";
import { ManifestResource } from "./resources";

export { composeBoolean, isHostPath } from "./compose-syntax";

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | undefined {
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : undefined;
}

import { isComposeFile } from "./composeDetect";

export { isComposeFile };

/**
 * Bytes in a Compose size (`tmpfs: {size: …}` of a long-syntax volume) as compose-go reads it
 * (`types.UnitBytes`: a YAML integer, or a string through strconv.ParseInt, then
 * units.RAMInBytes: `64m`, `1gb`, `1.5GiB`, `10000`), or undefined when it is not a size.
 */
export function composeSizeBytes(value: unknown): number | undefined {
    if (typeof value !== "string" && typeof value !== "number") {
        return undefined;
    }
    const r = parseComposeSize(value);
    return r.ok ? Number(r.bytes) : undefined;
}

/**
 * Bytes in a tmpfs `size=` option (`tmpfs: /run:size=64m`, a tmpfs volume's `o: size=16m`) as the
 * kernel reads it when Docker mounts the tmpfs: `64m`, `0x10m`, `65536`; undefined when it is no
 * byte count (`64mb` and `1.5g` fail the mount; `50%` is relative to the host's memory).
 */
export function tmpfsOptionSizeBytes(text: string): number | undefined {
    const r = parseTmpfsSize(text);
    return r.ok && "bytes" in r ? Number(r.bytes) : undefined;
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

/** What a top-level named volume is, as far as the pack cares. */
interface NamedVolume {
    readonly tmpfs: boolean;
    /** The `size=` of `o` in bytes, or as written when it is no byte count (the pack finds it bounds nothing). */
    readonly sizeBytes?: number | string;
    /** YAML path of the definition and of its size option. */
    readonly path: PropertyPath;
    readonly sizePath?: PropertyPath;
    /**
     * Set when the volume is a bind of a host directory: the directory, where it is written, and
     * whether `o` makes the bind itself read-only.
     */
    readonly bind?: { readonly device: string; readonly devicePath: PropertyPath; readonly readOnly: boolean };
}

function isLocalDriver(def: Json): boolean {
    return def.driver === undefined || def.driver === null || def.driver === "local";
}

// The local driver mounts `device` with the options `o` (moby/sys/mount): `bind` (or `rbind`)
// makes the volume the host directory `device` itself, whatever `type` says, and a bind with `ro`
// (the last of `ro`/`rw` wins) is remounted read-only. `bind` is recognised with spaces around it
// (the mount fails then, so erring towards a finding costs nothing); `ro` only exactly.
function bindDevice(name: string, def: Json, opts: Json): NamedVolume["bind"] {
    if (!isLocalDriver(def) || composeBoolean(def.external) === true || typeof opts.o !== "string") {
        return undefined;
    }
    const o = opts.o.split(",");
    if (!o.some((x) => x.trim() === "bind" || x.trim() === "rbind")) {
        return undefined;
    }
    const modes = o.filter((x) => x === "ro" || x === "rw");
    const device = opts.device;
    return {
        device: typeof device === "string" ? device : device === undefined || device === null ? "" : String(device),
        devicePath: ["volumes", name, "driver_opts", device === undefined ? "o" : "device"],
        readOnly: modes[modes.length - 1] === "ro",
    };
}

// The v3 in-memory volume: the local driver with `driver_opts: {type: tmpfs, device: tmpfs}`.
function namedVolumes(file: Json): Map<string, NamedVolume> {
    const out = new Map<string, NamedVolume>();
    const volumes = asObject(file.volumes) ?? {};
    for (const [name, raw] of Object.entries(volumes)) {
        const def = asObject(raw) ?? {};
        const opts = asObject(def.driver_opts) ?? {};
        const bind = bindDevice(name, def, opts);
        const tmpfs = !bind && isLocalDriver(def) && def.external !== true && opts.type === "tmpfs" && opts.device === "tmpfs";
        const o = typeof opts.o === "string" ? mountOptions(opts.o) : new Map<string, string>();
        const size = o.get("size");
        out.set(name, {
            tmpfs,
            sizeBytes: size !== undefined ? (tmpfsOptionSizeBytes(size) ?? size) : undefined,
            path: ["volumes", name],
            sizePath: size !== undefined ? ["volumes", name, "driver_opts", "o"] : undefined,
            bind,
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
    /** The service as Compose deploys it, and where each part of it is written. */
    readonly service: Located;
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

function convertTmpfs(c: Converter): void {
    const raw = (c.service.value as Json).tmpfs;
    if (raw === undefined || raw === null) {
        return;
    }
    const entries: Array<[unknown, PropertyPath]> = Array.isArray(raw)
        ? raw.map((e, i) => [e, c.service.origin(["tmpfs", i])])
        : [[raw, c.service.origin(["tmpfs"])]];
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
            addTmpfsMount(
                c,
                target,
                size !== undefined ? (tmpfsOptionSizeBytes(size) ?? size) : undefined,
                o.get("mode"),
                yamlPath,
                yamlPath,
            );
        } else {
            c.out.set([...c.spec, "tmpfs", target], options, yamlPath);
        }
    }
}

// A writable directory of the host: a Docker `volumes[]` entry with a hostPath, a Swarm bind mount.
function addHostMount(
    c: Converter,
    hostPath: string,
    target: unknown,
    readOnly: unknown,
    yamlPath: PropertyPath,
    sources: Record<string, PropertyPath>,
): void {
    if (c.swarm) {
        const mount: Json = { type: "bind", source: hostPath };
        if (target !== undefined) {
            mount.target = target;
        }
        if (readOnly !== undefined) {
            mount.readOnly = readOnly;
        }
        addMount(c, mount, yamlPath, {
            ...(sources.hostPath ? { source: sources.hostPath } : {}),
            ...(sources.readOnly ? { readOnly: sources.readOnly } : {}),
        });
        return;
    }
    const volume: Json = { hostPath };
    if (target !== undefined) {
        volume.containerPath = target;
    }
    if (readOnly !== undefined) {
        volume.readOnly = readOnly;
    }
    const at = [...c.spec, "volumes", c.hostVolumes++];
    c.out.set(at, volume, yamlPath);
    for (const [key, path] of Object.entries(sources)) {
        c.out.from([...at, key], path);
    }
}

// A named volume: a tmpfs, a bind of a host directory, or a volume that stores data.
function addNamedVolume(
    c: Converter,
    source: string,
    target: unknown,
    readOnly: unknown,
    entry: Located,
    readOnlySources: Record<string, PropertyPath>,
): void {
    const named = c.volumes.get(source);
    const yamlPath = entry.origin([]);
    if (named?.bind) {
        const sources = named.bind.readOnly ? { readOnly: [...named.path, "driver_opts", "o"] } : readOnlySources;
        addHostMount(c, named.bind.device, target, named.bind.readOnly ? true : readOnly, yamlPath, {
            hostPath: named.bind.devicePath,
            ...sources,
        });
        return;
    }
    if (named?.tmpfs) {
        addTmpfsMount(c, target, named.sizeBytes, undefined, yamlPath, named.sizePath);
        return;
    }
    addVolumeMount(c, source, target, readOnly, yamlPath, readOnlySources);
}

function convertShortVolume(c: Converter, entry: Located): void {
    const spec = entry.value as string;
    const yamlPath = entry.origin([]);
    const parsed = parseShortVolume(spec);
    if ("error" in parsed || parsed.source === undefined) {
        // An anonymous volume: writable, but neither the root filesystem nor the host.
        addVolumeMount(c, undefined, "error" in parsed ? spec : parsed.target, undefined, yamlPath, {});
        return;
    }
    const { source, target, readOnly } = parsed;
    if (isHostPath(source)) {
        addHostMount(c, source, target, readOnly, yamlPath, {});
        return;
    }
    addNamedVolume(c, source, target, readOnly, entry, {});
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

function convertLongVolume(c: Converter, entry: Located): void {
    const value = entry.value as Json;
    const yamlPath = entry.origin([]);
    const type = value.type ?? "volume";
    const target = value.target;
    const source = typeof value.source === "string" ? value.source : undefined;
    const readOnly = value.read_only === undefined ? undefined : composeBoolean(value.read_only);
    const readOnlySources: Record<string, PropertyPath> = readOnly === undefined ? {} : { readOnly: entry.origin(["read_only"]) };
    if (type === "tmpfs") {
        const tmpfs = asObject(value.tmpfs) ?? {};
        const size = tmpfs.size;
        addTmpfsMount(
            c,
            target,
            size === undefined ? undefined : (composeSizeBytes(size) ?? size),
            tmpfs.mode,
            yamlPath,
            size === undefined ? undefined : entry.origin(["tmpfs", "size"]),
        );
        return;
    }
    if (type === "volume") {
        if (source !== undefined) {
            addNamedVolume(c, source, target, readOnly, entry, readOnlySources);
        } else {
            addVolumeMount(c, source, target, readOnly, yamlPath, readOnlySources);
        }
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

/** One mount a service gets: a `volumes` entry of its own, or one it takes with `volumes_from`. */
interface MountEntry {
    /** The `volumes` entry (short or long syntax) and where to point for it. */
    readonly entry: Located;
    /** For `volumes_from: [container:<name>]`: a container outside the file, whose mounts cannot be seen. */
    readonly container?: string;
}

function convertMount(c: Converter, m: MountEntry): void {
    if (m.container !== undefined) {
        // Every mount of a container we cannot see, writable as far as anyone can tell: judged as a
        // writable host directory named after the container (allowedHostPaths can name it).
        addHostMount(c, `container:${m.container}`, undefined, undefined, m.entry.origin([]), {});
    } else if (typeof m.entry.value === "string") {
        convertShortVolume(c, m.entry);
    } else if (asObject(m.entry.value)) {
        convertLongVolume(c, m.entry);
    }
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

function convertService(
    name: string,
    service: Located,
    mounts: readonly MountEntry[],
    volumes: Map<string, NamedVolume>,
): ManifestResource {
    const value = asObject(service.value) ?? {};
    const at = (p: PropertyPath) => service.origin(p);
    const deploy = asObject(value.deploy);
    const swarm = deploy !== undefined;
    const out = new PropsWithSources(at([]));
    const spec: PropertyPath = swarm ? ["taskSpec", "containerSpec"] : [];
    const c: Converter = { out, spec, swarm, service, volumes, mounts: 0, hostVolumes: 0 };

    out.set(["name"], name, at([]));
    if (swarm) {
        out.set(["taskSpec"], {}, at(["deploy"]));
        out.set(spec, {}, at([]));
        convertLabels(out, ["labels"], deploy.labels, at(["deploy", "labels"]));
    }
    if (value.image !== undefined) {
        out.set([...spec, "image"], value.image, at(["image"]));
    }
    if (value.read_only !== undefined) {
        out.set([...spec, "readOnly"], composeBoolean(value.read_only), at(["read_only"]));
    }
    // What lets the process remount its root read-write (the pack's read-only-root-filesystem
    // judges it): privileged mode, and added capabilities (SYS_ADMIN, ALL).
    if (value.privileged !== undefined) {
        out.set([...spec, "privileged"], composeBoolean(value.privileged), at(["privileged"]));
    }
    if (Array.isArray(value.cap_add)) {
        const capabilities: PropertyPath = swarm ? [...spec, "capAdds"] : ["capabilities", "adds"];
        if (!swarm) {
            out.set(["capabilities"], {}, at(["cap_add"]));
        }
        out.set(capabilities, [], at(["cap_add"]));
        value.cap_add.forEach((cap, i) => out.set([...capabilities, i], cap, at(["cap_add", i])));
    }
    convertTmpfs(c);
    for (const m of mounts) {
        convertMount(c, m);
    }
    convertLabels(out, [...spec, "labels"], value.labels, at(["labels"]));
    return {
        source: "compose",
        type: swarm ? dockerServiceType : dockerContainerType,
        name,
        kind: "service",
        props: out.props,
        yamlPathOf: (path) => out.yamlPathOf(path),
    };
}

/** Why Compose would refuse (part of) a file, and where in the document. */
export interface ComposeProblem {
    readonly message: string;
    readonly yamlPath: PropertyPath;
}

/** What a Compose document deploys: one resource per service it can read, and what it cannot. */
export interface ComposeReading {
    readonly resources: ManifestResource[];
    readonly problems: ComposeProblem[];
}

/** Where a Compose document comes from, so that its tags, `extends` files and paths can be read. */
export interface ComposeSource {
    /** The whole text of the stream the document is in (Compose's `!reset`/`!override` tags live there). */
    readonly text: string;
    /** 0-based index of the document in the stream. */
    readonly documentIndex: number;
    /** Absolute path of the file; undefined for standard input. */
    readonly file?: string;
    /** Directory relative paths resolve against: the file's, or the working directory for standard input. */
    readonly dir: string;
    /** Reads a file `extends` names; defaults to the disk. */
    readonly readFile?: ReadFile;
}

function composeDocument(value: unknown, source: ComposeSource | undefined, problems: ComposeProblem[]): ComposeDocument {
    if (!source) {
        return { value, resets: [], overrides: [] };
    }
    const stream = readComposeYaml(source.text);
    if (!stream.ok) {
        problems.push(...stream.problems.map((message) => ({ message: `not valid as Compose YAML: ${message}`, yamlPath: [] })));
        return { value, resets: [], overrides: [] };
    }
    // The checker cuts streams as kubectl does, YAML as the YAML library does: they agree on
    // Compose files, but a document is taken only when it has the services the checker saw
    // (their count: YAML 1.1 and 1.2 may spell a name like `on` differently).
    const count = (v: unknown) => Object.keys(asObject(asObject(v)?.services) ?? {}).length;
    const same = (d: ComposeDocument | undefined) => d !== undefined && isComposeFile(d.value) && count(d.value) === count(value);
    const at = stream.documents[source.documentIndex];
    const document = same(at) ? at : stream.documents.find(same);
    if (!document) {
        problems.push({ message: "this Compose document cannot be found again to read its !reset and !override tags", yamlPath: [] });
        return { value, resets: [], overrides: [] };
    }
    return document;
}

// The mounts of every service: its own `volumes`, then what `volumes_from` brings in. Docker copies
// every mount of the other service's container (its own `volumes_from` ones too), keeping each
// mount's own read-only flag: docker compose passes the bare container id, dropping a `:ro` or
// `:rw` written after the name. A service's own mount replaces one taken at the same target.
class MountResolver {
    private readonly done = new Map<string, MountEntry[] | ComposeProblem>();

    constructor(private readonly services: ReadonlyMap<string, Located | ComposeProblem>) {}

    mountsOf(name: string, chain: readonly string[] = []): MountEntry[] | ComposeProblem {
        const cached = this.done.get(name);
        if (cached) {
            return cached;
        }
        const found = this.compute(name, chain);
        this.done.set(name, found);
        return found;
    }

    private compute(name: string, chain: readonly string[]): MountEntry[] | ComposeProblem {
        const service = this.services.get(name);
        if (!service || "message" in service) {
            return { message: `services.${name} cannot be read`, yamlPath: ["services", name] };
        }
        const volumes = member(service, "volumes");
        const own: MountEntry[] = Array.isArray(volumes.value) ? volumes.value.map((_, i) => ({ entry: member(volumes, i) })) : [];
        const from = member(service, "volumes_from");
        if (from.value === undefined || from.value === null) {
            return own;
        }
        if (!Array.isArray(from.value)) {
            return {
                message: `services.${name}.volumes_from must be a list of service names or container:<name>`,
                yamlPath: from.origin([]),
            };
        }
        const inherited = new Map<string, MountEntry>();
        const containers: MountEntry[] = [];
        for (let i = 0; i < from.value.length; i++) {
            const ref = member(from, i);
            const at = ref.origin([]);
            if (typeof ref.value !== "string" || ref.value === "") {
                return { message: `services.${name}.volumes_from[${i}] must be a service name or container:<name>`, yamlPath: at };
            }
            const [head, ...rest] = ref.value.split(":");
            if (head === "container") {
                if (!rest[0]) {
                    return { message: `services.${name}.volumes_from[${i}]: "${ref.value}" names no container`, yamlPath: at };
                }
                containers.push({ entry: { value: ref.value, origin: () => at }, container: rest[0] });
                continue;
            }
            if (!this.services.has(head)) {
                const legacy =
                    head === "service" && rest[0]
                        ? ` (the Compose file v2 form service:<name> is not read by docker compose: write "${rest[0]}")`
                        : "";
                return { message: `services.${name}.volumes_from[${i}]: there is no service "${head}"${legacy}`, yamlPath: at };
            }
            if (head === name || chain.includes(head)) {
                return {
                    message: `services.${name}.volumes_from[${i}]: services take volumes from each other in a cycle (${[...chain, name, head].join(" → ")})`,
                    yamlPath: at,
                };
            }
            const theirs = this.mountsOf(head, [...chain, name]);
            if (!Array.isArray(theirs)) {
                return { message: theirs.message, yamlPath: at };
            }
            for (const m of theirs) {
                // A tmpfs is not a volume Docker can share; a container's mounts are not known.
                const target = m.container === undefined ? targetOf(m.entry.value) : undefined;
                const pointed: MountEntry = { entry: { value: m.entry.value, origin: () => at }, container: m.container };
                if (m.container !== undefined) {
                    containers.push(pointed);
                } else if (target !== undefined && !isTmpfsEntry(m.entry.value)) {
                    inherited.delete(target);
                    inherited.set(target, pointed);
                }
            }
        }
        const ownTargets = new Set(own.map((m) => targetOf(m.entry.value)));
        return [...own, ...[...inherited.entries()].filter(([t]) => !ownTargets.has(t)).map(([, m]) => m), ...containers];
    }
}

function member(loc: Located, key: string | number): Located {
    const v = loc.value;
    const value = Array.isArray(v) ? v[key as number] : asObject(v)?.[key as string];
    return { value, origin: (p) => loc.origin([key, ...p]) };
}

function targetOf(entry: unknown): string | undefined {
    if (typeof entry === "string") {
        const parsed = parseShortVolume(entry);
        return "error" in parsed ? undefined : cleanPath(parsed.target);
    }
    const target = asObject(entry)?.target;
    return typeof target === "string" ? cleanPath(target) : undefined;
}

function isTmpfsEntry(entry: unknown): boolean {
    return asObject(entry)?.type === "tmpfs";
}

/**
 * The resources of one Compose document, one per service in file order, and what Compose would
 * refuse. With `source`, the document is read as `docker compose` reads it: tags, `extends`
 * (files relative to `source.dir`), `volumes_from` and bind volumes; without it, `value` is taken
 * as it is. Never throws.
 */
export function readCompose(value: unknown, source?: ComposeSource): ComposeReading {
    if (!isComposeFile(value)) {
        return { resources: [], problems: [] };
    }
    const problems: ComposeProblem[] = [];
    const document = composeDocument(value, source, problems);
    const file = document.value as Json;
    const volumes = namedVolumes(file);
    const resolver = new ServiceResolver({ document, file: source?.file, dir: source?.dir ?? process.cwd() }, source?.readFile);
    const names = Object.keys(file.services as Json);
    const services = new Map<string, Located | ComposeProblem>();
    for (const name of names) {
        const s = resolver.service(name);
        services.set(name, "message" in s && "at" in s ? { message: s.message, yamlPath: s.at } : (s as Located));
    }
    const mounts = new MountResolver(services);
    const resources: ManifestResource[] = [];
    for (const name of names) {
        const service = services.get(name) as Located | ComposeProblem;
        if ("message" in service) {
            problems.push(service);
            continue;
        }
        const m = mounts.mountsOf(name);
        if (!Array.isArray(m)) {
            problems.push(m);
            continue;
        }
        resources.push(convertService(name, service, m, volumes));
    }
    return { resources, problems };
}

/** The resources of one Compose document: one per service, in file order (see readCompose). */
export function composeResources(value: unknown, source?: ComposeSource): ManifestResource[] {
    return readCompose(value, source).resources;
}
