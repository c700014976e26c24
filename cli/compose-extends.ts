// A Compose service as `docker compose` builds it before deploying: `extends` followed (in the same
// file or another one, recursively), merged with compose-go's rules, `!reset` / `!override` applied
// to what is inherited, and list entries made unique the way compose-go does (a later volume with
// the same target replaces an earlier one). Every value keeps where it came from in the checked
// document, so a finding about an inherited mount points at the `extends:` that brought it in.
import { readFileSync } from "fs";
import * as path from "path";
import { PropertyPath } from "../policy-pack/workloads";
import { ComposeDocument, isMapping, readComposeYaml } from "./compose-yaml";
import { cleanPath, isHostPath, isRelativeHostPath, parseShortVolume } from "./compose-syntax";
import { decodeText, defaultMaxBytes } from "./inputs";

/** Where a value of a service came from: the YAML path, in the checked document, of a path in the value. */
export type Origin = (path: PropertyPath) => PropertyPath;

/** A value and where each part of it came from. */
export interface Located {
    readonly value: unknown;
    readonly origin: Origin;
}

/** A value written at `at` in the checked document: each part is where it is written. */
export function writtenAt(value: unknown, at: PropertyPath): Located {
    return { value, origin: (p) => [...at, ...p] };
}

// A value from another file: every part of it is attributed to one place of the checked document.
function broughtBy(value: unknown, at: PropertyPath): Located {
    return { value, origin: () => at };
}

function member(loc: Located, key: string | number): Located {
    const value = Array.isArray(loc.value) ? loc.value[key as number] : isMapping(loc.value) ? loc.value[key as string] : undefined;
    return { value, origin: (p) => loc.origin([key, ...p]) };
}

function items(loc: Located): Located[] {
    return Array.isArray(loc.value) ? loc.value.map((_, i) => member(loc, i)) : [];
}

function listOf(list: readonly Located[], at: PropertyPath): Located {
    return {
        value: list.map((l) => l.value),
        origin: (p) => (p.length === 0 ? at : (list[p[0] as number]?.origin(p.slice(1)) ?? at)),
    };
}

function mappingOf(entries: ReadonlyMap<string, Located>, at: PropertyPath): Located {
    const value: Record<string, unknown> = {};
    for (const [k, v] of entries) {
        Object.defineProperty(value, k, { value: v.value, enumerable: true, writable: true, configurable: true });
    }
    return {
        value,
        origin: (p) => (p.length === 0 ? at : (entries.get(String(p[0]))?.origin(p.slice(1)) ?? at)),
    };
}

function entriesOf(loc: Located): Map<string, Located> {
    const out = new Map<string, Located>();
    if (isMapping(loc.value)) {
        for (const k of Object.keys(loc.value)) {
            out.set(k, member(loc, k));
        }
    }
    return out;
}

/** A reason Compose refuses a service, and where to point. */
export interface ServiceError {
    readonly message: string;
    /** YAML path in the checked document. */
    readonly at: PropertyPath;
}

class Refusal extends Error {
    constructor(
        message: string,
        /** Where to point, when the refusal is about one entry. */
        readonly at?: PropertyPath,
    ) {
        super(message);
    }
}

// ---------------------------------------------------------------------------------------------
// compose-go's merge rules (override/merge.go), for `extends`

// Lists of KEY=VALUE merged by key: labels, environment…
const keyValueKeys = new Set(["labels", "annotations", "environment", "sysctls", "deploy.labels", "build.args", "build.labels"]);
// Lists (or a single string) appended without exact duplicates.
const sequenceKeys = new Set(["tmpfs", "dns", "dns_opt", "dns_search", "env_file", "label_file", "extra_hosts"]);
// Replaced, never merged.
const replacedKeys = new Set(["command", "entrypoint", "healthcheck.test"]);
// Keys whose shape decides the verdict: a shape Compose cannot merge is an error, not a guess.
const verdictKeys = new Set([
    "read_only",
    "tmpfs",
    "volumes",
    "volumes_from",
    "labels",
    "privileged",
    "cap_add",
    "user",
    "image",
    "deploy",
    "deploy.labels",
]);

function goString(value: unknown): string {
    if (value === null || value === undefined) {
        return "<nil>";
    }
    return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
    if (a === b) {
        return true;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
        return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
    }
    if (isMapping(a) && isMapping(b)) {
        const ka = Object.keys(a);
        const kb = Object.keys(b);
        return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
    }
    return false;
}

// A KEY=VALUE list or mapping as compose-go's convertIntoSequence makes it.
function toKeyValueSequence(loc: Located): Located[] {
    if (Array.isArray(loc.value)) {
        return items(loc);
    }
    if (typeof loc.value === "string") {
        return [loc];
    }
    if (!isMapping(loc.value)) {
        return [];
    }
    const out: Located[] = [];
    for (const [k, v] of entriesOf(loc)) {
        if (v.value === null || v.value === undefined) {
            out.push({ value: k, origin: v.origin });
        } else if (Array.isArray(v.value)) {
            for (const item of v.value) {
                out.push({ value: `${k}=${goString(item)}`, origin: v.origin });
            }
        } else {
            out.push({ value: `${k}=${goString(v.value)}`, origin: v.origin });
        }
    }
    return out.sort((a, b) => ((a.value as string) < (b.value as string) ? -1 : (a.value as string) > (b.value as string) ? 1 : 0));
}

function toSequence(loc: Located): Located[] {
    if (typeof loc.value === "string") {
        return [loc];
    }
    return items(loc);
}

function appendWithoutDuplicates(base: readonly Located[], extra: readonly Located[]): Located[] {
    const merged = [...base];
    for (const e of extra) {
        if (!merged.some((m) => deepEqual(m.value, e.value))) {
            merged.push(e);
        }
    }
    return merged;
}

function keyValueKey(entry: Located, where: string): string {
    if (typeof entry.value !== "string") {
        throw new Refusal(`${where}: unexpected type ${typeof entry.value}, a KEY=VALUE string is needed`);
    }
    const eq = entry.value.indexOf("=");
    return eq < 0 ? entry.value : entry.value.slice(0, eq);
}

/** One entry per key: the last entry for a key takes effect, at the position of the first. */
function uniqueEntries(list: readonly Located[], keyOf: (entry: Located, index: number) => string): Located[] {
    const out: Located[] = [];
    const at = new Map<string, number>();
    list.forEach((entry, i) => {
        const key = keyOf(entry, i);
        const j = at.get(key);
        if (j === undefined) {
            at.set(key, out.length);
            out.push(entry);
        } else {
            out[j] = entry;
        }
    });
    return out;
}

function mergeValues(base: Located, over: Located, key: string, at: PropertyPath): Located {
    if (keyValueKeys.has(key)) {
        const seq = [...toKeyValueSequence(base), ...toKeyValueSequence(over)];
        return listOf(
            uniqueEntries(seq, (e) => keyValueKey(e, key)),
            at,
        );
    }
    if (sequenceKeys.has(key)) {
        return listOf(appendWithoutDuplicates(toSequence(base), toSequence(over)), at);
    }
    if (replacedKeys.has(key)) {
        return over;
    }
    if (over.value === null || over.value === undefined) {
        return base;
    }
    if (isMapping(base.value)) {
        if (!isMapping(over.value)) {
            return refuseOrReplace(key, over);
        }
        return mergeMappings(base, over, key, at);
    }
    if (Array.isArray(base.value)) {
        if (!Array.isArray(over.value)) {
            return refuseOrReplace(key, over);
        }
        return listOf(appendWithoutDuplicates(items(base), items(over)), at);
    }
    return over;
}

function refuseOrReplace(key: string, over: Located): Located {
    if (verdictKeys.has(key)) {
        throw new Refusal(
            `cannot merge ${key}: the base service and the extending one give it different shapes (a list, a mapping, a value)`,
        );
    }
    return over;
}

function mergeMappings(base: Located, over: Located, prefix: string, at: PropertyPath): Located {
    const merged = entriesOf(base);
    for (const [k, v] of entriesOf(over)) {
        const existing = merged.get(k);
        merged.set(k, existing === undefined ? v : mergeValues(existing, v, prefix === "" ? k : `${prefix}.${k}`, over.origin([k])));
    }
    return mappingOf(merged, at);
}

// ---------------------------------------------------------------------------------------------
// compose-go's EnforceUnicity (override/uncity.go), applied to every service

function volumeTarget(entry: Located, where: string, clean: boolean): string {
    if (typeof entry.value === "string") {
        const parsed = parseShortVolume(entry.value);
        if ("error" in parsed) {
            throw new Refusal(`${where}: ${parsed.error}`);
        }
        return clean ? cleanPath(parsed.target) : parsed.target;
    }
    if (isMapping(entry.value)) {
        if (typeof entry.value.target !== "string") {
            throw new Refusal(`${where}: the volume has no target`);
        }
        return entry.value.target;
    }
    throw new Refusal(`${where}: a volume is a string or a mapping, not ${goString(entry.value)}`);
}

const uniqueByKeyValue = ["tmpfs", "cap_add", "cap_drop", "labels", "dns", "dns_opt", "dns_search", "profiles", "sysctls", "links"];

function enforceUnicity(service: Located, name: string): Located {
    const entries = entriesOf(service);
    const volumes = entries.get("volumes");
    if (volumes && Array.isArray(volumes.value)) {
        const where = (i: number) => `services.${name}.volumes[${i}]`;
        // Twice, as compose-go does: by the target as written, then (short syntax) by the clean target.
        const first = uniqueEntries(items(volumes), (e, i) => volumeTarget(e, where(i), false));
        const second = uniqueEntries(first, (e, i) => volumeTarget(e, where(i), typeof e.value === "string"));
        entries.set("volumes", listOf(second, volumes.origin([])));
    }
    for (const key of uniqueByKeyValue) {
        const list = entries.get(key);
        if (list && Array.isArray(list.value)) {
            entries.set(
                key,
                listOf(
                    uniqueEntries(items(list), (e) => keyValueKey(e, `services.${name}.${key}`)),
                    list.origin([]),
                ),
            );
        }
    }
    const deploy = entries.get("deploy");
    if (deploy && isMapping(deploy.value) && Array.isArray(deploy.value.labels)) {
        const d = entriesOf(deploy);
        const labels = member(deploy, "labels");
        d.set(
            "labels",
            listOf(
                uniqueEntries(items(labels), (e) => keyValueKey(e, `services.${name}.deploy.labels`)),
                labels.origin([]),
            ),
        );
        entries.set("deploy", mappingOf(d, deploy.origin([])));
    }
    return mappingOf(entries, service.origin([]));
}

// A short-syntax volume in compose-go's canonical (long) form, as every file but the checked one
// is loaded before an `extends` merges it: the target clean, the source classified.
function canonicalVolume(entry: Located, where: string): Located {
    if (typeof entry.value !== "string") {
        return entry;
    }
    const parsed = parseShortVolume(entry.value);
    if ("error" in parsed) {
        throw new Refusal(`${where}: ${parsed.error}`, entry.origin([]));
    }
    const target = cleanPath(parsed.target);
    const value: Record<string, unknown> =
        parsed.source === undefined
            ? { type: "volume", target, volume: {} }
            : isHostPath(parsed.source)
              ? { type: "bind", source: parsed.source, target, bind: { create_host_path: true } }
              : { type: "volume", source: parsed.source, target, volume: {} };
    if (parsed.readOnly === true) {
        value.read_only = true;
    }
    return { value, origin: entry.origin };
}

// A service of another file as compose-go loads it (loadYamlFile with extends skipped): list
// entries made unique, volumes in the canonical form, and made unique again.
function canonicalService(service: Located, name: string): Located {
    const unique = enforceUnicity(service, name);
    const entries = entriesOf(unique);
    const volumes = entries.get("volumes");
    if (!volumes || !Array.isArray(volumes.value)) {
        return unique;
    }
    entries.set(
        "volumes",
        listOf(
            items(volumes).map((e, i) => canonicalVolume(e, `services.${name}.volumes[${i}]`)),
            volumes.origin([]),
        ),
    );
    return enforceUnicity(mappingOf(entries, unique.origin([])), name);
}

// compose-go's consistency check (loader/validate.go): one mount per target, tmpfs entries and
// volumes alike (volume targets compared clean, as Compose normalises them).
function checkMountTargets(service: Located, name: string): void {
    const mounts = new Map<string, string>();
    const tmpfs = member(service, "tmpfs");
    const tmpfsEntries = typeof tmpfs.value === "string" ? [tmpfs] : items(tmpfs);
    tmpfsEntries.forEach((entry, i) => {
        if (typeof entry.value !== "string") {
            return;
        }
        const where = `services.${name}.tmpfs[${i}]`;
        const target = entry.value.split(":")[0];
        const earlier = mounts.get(target);
        if (earlier !== undefined) {
            throw new Refusal(`${where}: target ${target} is already mounted by ${earlier}`, entry.origin([]));
        }
        mounts.set(target, where);
    });
    items(member(service, "volumes")).forEach((entry, i) => {
        const where = `services.${name}.volumes[${i}]`;
        const target = cleanPath(volumeTarget(entry, where, true));
        const earlier = mounts.get(target);
        if (earlier !== undefined) {
            throw new Refusal(`${where}: target ${target} is already mounted by ${earlier}`, entry.origin([]));
        }
        mounts.set(target, where);
    });
}

// ---------------------------------------------------------------------------------------------
// Files and `extends`

/** Reads a file another Compose file names; its text, or why not. */
export type ReadFile = (absolutePath: string) => { readonly text: string } | { readonly error: string };

/** Reads a file from disk as the checker reads its inputs (UTF-8/UTF-16 text, 16 MiB at most). */
export function readFileFromDisk(absolutePath: string): { text: string } | { error: string } {
    let bytes: Buffer;
    try {
        bytes = readFileSync(absolutePath);
    } catch (err) {
        const code = (err as NodeJS.ErrnoException)?.code;
        const reason =
            code === "ENOENT"
                ? "no such file or directory"
                : code === "EACCES" || code === "EPERM"
                  ? "permission denied"
                  : code === "EISDIR"
                    ? "is a directory"
                    : String((err as Error)?.message ?? err);
        return { error: reason };
    }
    return decodeText(bytes, defaultMaxBytes);
}

/** The checked Compose document and where it lives. */
export interface ComposeSourceFile {
    readonly document: ComposeDocument;
    /** Absolute path of the file; undefined for standard input. */
    readonly file?: string;
    /** The directory relative paths are relative to: the file's, or the working directory for standard input. */
    readonly dir: string;
}

interface FileContext {
    /** Identifies the file in cycle reports. */
    readonly key: string;
    readonly name: string;
    readonly dir: string;
    readonly document: ComposeDocument;
    readonly services: Record<string, unknown>;
    /** True for the checked document, whose paths findings can point at. */
    readonly checked: boolean;
}

const stdinKey = "<stdin>";

/** Follows `extends` and applies Compose's merge rules, for the services of one document. */
export class ServiceResolver {
    private readonly main: FileContext;
    private readonly files = new Map<string, FileContext | { error: string }>();
    private readonly resolved = new Map<string, Located | ServiceError>();

    constructor(
        source: ComposeSourceFile,
        private readonly readFile: ReadFile = readFileFromDisk,
    ) {
        const root = isMapping(source.document.value) ? source.document.value : {};
        this.main = {
            key: source.file ?? stdinKey,
            name: source.file === undefined ? stdinKey : path.basename(source.file),
            dir: source.dir,
            document: source.document,
            services: isMapping(root.services) ? root.services : {},
            checked: true,
        };
    }

    /** The service `name` of the checked document as Compose deploys it, or why Compose refuses it. */
    service(name: string): Located | ServiceError {
        let found = this.resolved.get(name);
        if (!found) {
            try {
                const merged = this.resolve(this.main, name, [], ["services", name]);
                found = enforceUnicity(merged, name);
                checkMountTargets(found, name);
            } catch (err) {
                if (err instanceof ServiceRefusal) {
                    found = { message: err.message, at: err.at };
                } else if (err instanceof Refusal) {
                    found = { message: err.message, at: err.at ?? ["services", name] };
                } else {
                    throw err;
                }
            }
            this.resolved.set(name, found);
        }
        return found;
    }

    private resolve(ctx: FileContext, name: string, chain: readonly string[], broughtAt: PropertyPath): Located {
        const raw = ctx.services[name];
        const own = ctx.checked ? writtenAt(isMapping(raw) ? raw : {}, ["services", name]) : this.canonical(ctx, name, raw, broughtAt);
        const extendsValue = isMapping(raw) ? raw.extends : undefined;
        if (extendsValue === undefined) {
            return own;
        }
        const at = ctx.checked ? ["services", name, "extends"] : broughtAt;
        const refuse = (message: string): never => {
            throw new ServiceRefusal(`services.${name}.extends: ${message}`, at);
        };
        let ref: unknown;
        let file: unknown;
        if (typeof extendsValue === "string") {
            ref = extendsValue;
        } else if (isMapping(extendsValue)) {
            ref = extendsValue.service;
            file = extendsValue.file;
        } else {
            refuse("must be a service name or a mapping with service (and file)");
        }
        if (typeof ref !== "string" || ref === "") {
            refuse("service is required (the name of the service to extend)");
        }
        const service = ref as string;
        let base: FileContext = ctx;
        if (file !== undefined && file !== null) {
            if (typeof file !== "string" || file === "") {
                refuse("file must be a path");
            }
            const loaded = this.load(path.resolve(ctx.dir, file as string));
            if ("error" in loaded) {
                refuse(`cannot read ${file as string}: ${loaded.error}`);
            }
            base = loaded as FileContext;
        }
        if (!Object.prototype.hasOwnProperty.call(base.services, service)) {
            refuse(`service "${service}" not found${base === ctx ? "" : ` in ${file as string}`}`);
        }
        const here = `${ctx.key}\u0000${name}`;
        const there = `${base.key}\u0000${service}`;
        const visited = [...chain, here];
        if (visited.includes(there)) {
            const names = [...visited, there].map((k) => k.split("\u0000")[1]);
            refuse(`circular extends: ${names.join(" extends ")}`);
        }
        // Everything another file brings in is attributed to the first `extends:` of the checked document.
        const inherited = this.resolve(base, service, visited, ctx.checked ? at : broughtAt);
        const rebased = base.dir === ctx.dir ? inherited : rebaseHostPaths(inherited, base.dir, ctx.dir);
        const kept = withoutPaths(rebased, ownTagPaths(ctx.document, name));
        let merged: Located;
        try {
            merged = mergeMappings(kept, own, "", own.origin([]));
        } catch (err) {
            if (err instanceof Refusal) {
                refuse(err.message);
            }
            throw err;
        }
        const entries = entriesOf(merged);
        entries.delete("extends");
        return mappingOf(entries, own.origin([]));
    }

    // A service of another file, canonical as compose-go loads it; what is wrong with it is
    // reported at the `extends:` of the checked document that brought it in.
    private canonical(ctx: FileContext, name: string, raw: unknown, broughtAt: PropertyPath): Located {
        try {
            return canonicalService(broughtBy(isMapping(raw) ? raw : {}, broughtAt), name);
        } catch (err) {
            if (err instanceof Refusal) {
                throw new ServiceRefusal(`${ctx.name}: ${err.message}`, broughtAt);
            }
            throw err;
        }
    }

    private load(file: string): FileContext | { error: string } {
        let found = this.files.get(file);
        if (!found) {
            found = this.loadUncached(file);
            this.files.set(file, found);
        }
        return found;
    }

    private loadUncached(file: string): FileContext | { error: string } {
        const read = this.readFile(file);
        if ("error" in read) {
            return { error: read.error };
        }
        const stream = readComposeYaml(read.text);
        if (!stream.ok) {
            return { error: `not valid YAML: ${stream.problems[0]}` };
        }
        const document = stream.documents.find((d) => d.value !== null) ?? stream.documents[0];
        const root = document?.value;
        if (!isMapping(root) || !isMapping(root.services)) {
            return { error: "it has no services mapping" };
        }
        return { key: file, name: path.basename(file), dir: path.dirname(file), document, services: root.services, checked: false };
    }
}

class ServiceRefusal extends Error {
    constructor(
        message: string,
        readonly at: PropertyPath,
    ) {
        super(message);
    }
}

/** The paths under `services.<name>` that carry `!reset` or `!override` in a document. */
function ownTagPaths(document: ComposeDocument, name: string): PropertyPath[] {
    return [...document.resets, ...document.overrides]
        .filter((p) => p.length > 2 && p[0] === "services" && p[1] === name)
        .map((p) => p.slice(2));
}

// What `!reset` and `!override` do to the base of an `extends`: the keys they tag are removed
// from it (list items are not: compose-go leaves a base's list entries in place).
function withoutPaths(loc: Located, paths: readonly PropertyPath[]): Located {
    if (paths.length === 0 || !isMapping(loc.value)) {
        return loc;
    }
    const entries = entriesOf(loc);
    for (const [k, v] of [...entries]) {
        const here = paths.filter((p) => String(p[0]) === k);
        if (here.some((p) => p.length === 1)) {
            entries.delete(k);
        } else if (here.length > 0) {
            entries.set(
                k,
                withoutPaths(
                    v,
                    here.map((p) => p.slice(1)),
                ),
            );
        }
    }
    return mappingOf(entries, loc.origin([]));
}

// A relative bind source of a service from another directory, made relative to `toDir` instead,
// as Compose resolves it against the directory of the file it is written in.
function rebase(source: string, fromDir: string, toDir: string): string {
    const rel = path.relative(toDir, path.resolve(fromDir, source)).split(path.sep).join("/");
    return rel === "" ? "." : rel.startsWith("..") || path.isAbsolute(rel) ? rel : `./${rel}`;
}

function rebaseHostPaths(service: Located, fromDir: string, toDir: string): Located {
    const entries = entriesOf(service);
    const volumes = entries.get("volumes");
    if (!volumes || !Array.isArray(volumes.value)) {
        return service;
    }
    const list = items(volumes).map((entry): Located => {
        if (typeof entry.value === "string") {
            const parsed = parseShortVolume(entry.value);
            if (!("error" in parsed) && parsed.source !== undefined && isRelativeHostPath(parsed.source)) {
                return { value: rebase(parsed.source, fromDir, toDir) + entry.value.slice(parsed.source.length), origin: entry.origin };
            }
            return entry;
        }
        if (isMapping(entry.value) && entry.value.type === "bind" && typeof entry.value.source === "string") {
            const source = entry.value.source;
            if (source !== "" && !path.isAbsolute(source) && !/^[~$]/.test(source) && !/^[A-Za-z]:[\\/]/.test(source)) {
                return { value: { ...entry.value, source: rebase(source, fromDir, toDir) }, origin: entry.origin };
            }
        }
        return entry;
    });
    entries.set("volumes", listOf(list, volumes.origin([])));
    return mappingOf(entries, service.origin([]));
}
