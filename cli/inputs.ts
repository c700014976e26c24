// What the checker reads: files named on the command line, the YAML files of directories, and
// standard input. Anything that is not text we can parse is turned into a clear error here, so
// that the rest of the checker only ever sees decoded text.
import { closeSync, Dirent, fstatSync, openSync, promises as fs, readSync, Stats, statSync } from "fs";
import { FileHandle } from "fs/promises";
import * as path from "path";
import { parseHumanSize } from "../policy-pack/workloads/quantities";
import { kustomizationFileNames } from "./builtSources";

/** The name standard input is reported under. */
export const stdinName = "<stdin>";

/** Inputs above this size are refused unless `--max-bytes` says otherwise (16 MiB). */
export const defaultMaxBytes = 16 * 1024 * 1024;

/** One input: its decoded text, or why it cannot be checked. */
export type Input = { readonly name: string; readonly text: string } | { readonly name: string; readonly error: string };

/** A directory entry a walk did not read, and why (named in every report, never silent). */
export interface SkippedEntry {
    readonly path: string;
    readonly reason: string;
}

/** The file-system calls inputs are read with; tests replace some to simulate failures. */
export interface InputFileSystem {
    stat(file: string): Promise<Stats>;
    realpath(file: string): Promise<string>;
    readdir(dir: string): Promise<Dirent[]>;
    open(file: string): Promise<FileHandle>;
}

/** The real file system. */
export const realFileSystem: InputFileSystem = {
    stat: (file) => fs.stat(file),
    realpath: (file) => fs.realpath(file),
    readdir: (dir) => fs.readdir(dir, { withFileTypes: true }),
    open: (file) => fs.open(file, "r"),
};

/** Where inputs come from. */
export interface InputOptions {
    readonly stdin: NodeJS.ReadableStream;
    readonly maxBytes: number;
    /** What relative paths are relative to; names are reported as given. */
    readonly cwd?: string;
    /** Told about every directory entry a walk skips. */
    readonly onSkip?: (entry: SkippedEntry) => void;
    /** Defaults to the real file system. */
    readonly fileSystem?: InputFileSystem;
}

/** What a directory walk reads: the extensions `kubectl apply -f DIR --recursive` reads. */
export const manifestExtensions = [".json", ".yaml", ".yml"] as const;

function isManifestName(name: string): boolean {
    const lower = name.toLowerCase();
    // `Kustomization` has no extension, and is read so that the walk reports the kustomization (./builtSources.ts).
    return manifestExtensions.some((ext) => lower.endsWith(ext)) || kustomizationFileNames.includes(name);
}

// Directories a walk does not enter: dependencies and VCS/tool state, which hold YAML that is
// not the user's deployment (a named directory is always entered, whatever its name).
function skippedDirectory(name: string): string | undefined {
    if (name === "node_modules") {
        return "dependencies (node_modules), not walked: name it to check it";
    }
    return name.startsWith(".") ? "hidden directory, not walked: name it to check it" : undefined;
}

/**
 * A byte count as `--max-bytes` reads it: policy-pack/workloads/quantities.ts's `parseHumanSize`,
 * the one grammar of sizes people type into this project — a plain number of bytes (`1048576`,
 * `1e6`), a Docker size (`64k`, `64m`, `16MB`, `16MiB`, `1.5g`: multiples of 1024, as Docker and
 * Compose read them, case-insensitive), or a number with a Kubernetes binary suffix (`512Ki`,
 * `16Mi`). At least one byte, at most 2^53 − 1.
 */
export function parseByteSize(text: string): { bytes: number } | { error: string } {
    const r = parseHumanSize(text);
    if (!r.ok && /too large/.test(r.reason)) {
        return { error: `"${text}" is too large a size` };
    }
    if (!r.ok) {
        return {
            error: `"${text}" is not a size (bytes, a Docker size or a Kubernetes binary quantity: 1048576, 64m, 16MiB, 512Ki, 16Mi)`,
        };
    }
    if (r.bytes > BigInt(Number.MAX_SAFE_INTEGER)) {
        return { error: `"${text}" is too large a size` };
    }
    if (r.bytes < 1n) {
        return { error: `"${text}" is less than one byte: every input would be refused` };
    }
    return { bytes: Number(r.bytes) };
}

function formatBytes(n: number): string {
    if (n >= 1024 * 1024) {
        return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
    }
    return n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} bytes`;
}

function tooLarge(size: number, maxBytes: number): string {
    return `input is ${formatBytes(size)}, over the limit of ${formatBytes(maxBytes)} (raise it with --max-bytes)`;
}

/**
 * Why an input over the limit was refused: its size when `stat` knew it, else (devices, pipes,
 * standard input, a file that grew) that reading stopped one byte past the limit.
 */
export function overLimit(maxBytes: number, size?: number): string {
    if (size !== undefined) {
        return tooLarge(size, maxBytes);
    }
    return `input is larger than the limit of ${formatBytes(maxBytes)} (reading stopped at the limit; raise it with --max-bytes)`;
}

/** Decodes bytes as YAML text, or says why they are not. */
export function decodeText(bytes: Uint8Array, maxBytes: number): { text: string } | { error: string } {
    if (bytes.length > maxBytes) {
        return { error: tooLarge(bytes.length, maxBytes) };
    }
    // YAML streams may be UTF-16 when they say so with a byte order mark.
    if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
        const text = new TextDecoder(bytes[0] === 0xff ? "utf-16le" : "utf-16be").decode(bytes);
        return checkText(text);
    }
    const head = bytes.subarray(0, Math.min(bytes.length, 64 * 1024));
    if (head.includes(0)) {
        return { error: "binary file (it contains NUL bytes), not YAML text" };
    }
    let text: string;
    try {
        text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
        return { error: "not UTF-8 text (a binary file, or text in another encoding)" };
    }
    return checkText(text);
}

function checkText(text: string): { text: string } | { error: string } {
    // An empty input is an error, not a pass: `helm template … | immutable-check -` with a failing
    // helm must not report that everything is fine.
    if (text.trim() === "") {
        return { error: "empty input: there is no YAML document to check" };
    }
    return { text };
}

// Standard input, up to the limit: past it, reading stops and the stream is destroyed, so an
// endless producer (`yes | immutable-check -`, `- < /dev/zero`) gets EPIPE instead of us
// reading forever.
async function readStdin(stream: NodeJS.ReadableStream, maxBytes: number): Promise<Input> {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    try {
        for await (const chunk of stream as AsyncIterable<Buffer | string>) {
            const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
            if (size + buf.length > maxBytes) {
                over = true;
                break;
            }
            chunks.push(buf);
            size += buf.length;
        }
    } catch (err) {
        return { name: stdinName, error: `cannot read standard input: ${(err as Error).message}` };
    } finally {
        if (over) {
            // `break` already ends a Readable's iterator; other streams are told here.
            const destroyable = stream as NodeJS.ReadableStream & { destroy?: () => void };
            destroyable.destroy?.();
        }
    }
    if (over) {
        return { name: stdinName, error: overLimit(maxBytes) };
    }
    const decoded = decodeText(Buffer.concat(chunks), maxBytes);
    return "text" in decoded ? { name: stdinName, text: decoded.text } : { name: stdinName, error: decoded.error };
}

/**
 * At most `maxBytes` bytes of a file, device or FIFO: it reads no more than `maxBytes + 1`
 * bytes whatever `stat` says (a device says 0, a file can grow after `stat`), then closes it.
 */
export async function readBounded(
    file: string,
    maxBytes: number,
    fileSystem: InputFileSystem = realFileSystem,
): Promise<{ bytes: Buffer } | { tooLarge: number | undefined }> {
    if (fileSystem === realFileSystem) {
        return readBoundedSync(file, maxBytes);
    }
    const handle = await fileSystem.open(file);
    try {
        const read = new BoundedRead(await handle.stat(), maxBytes);
        for (;;) {
            const room = read.room();
            if ("tooLarge" in room) {
                return room;
            }
            const { bytesRead } = await handle.read(room.buffer, room.offset, room.length, null);
            if (bytesRead === 0) {
                return { bytes: read.bytes() };
            }
            read.advance(bytesRead);
        }
    } finally {
        await handle.close();
    }
}

/**
 * `readBounded` on the real file system with synchronous calls: the same reads, without a trip
 * through libuv's thread pool for each open, stat, read and close (most of the time of a run over
 * a few dozen small files). Nothing else runs meanwhile in the command, so nothing waits for it.
 */
function readBoundedSync(file: string, maxBytes: number): { bytes: Buffer } | { tooLarge: number | undefined } {
    const fd = openSync(file, "r");
    try {
        const read = new BoundedRead(fstatSync(fd), maxBytes);
        for (;;) {
            const room = read.room();
            if ("tooLarge" in room) {
                return room;
            }
            const bytesRead = readSync(fd, room.buffer, room.offset, room.length, null);
            if (bytesRead === 0) {
                return { bytes: read.bytes() };
            }
            read.advance(bytesRead);
        }
    } finally {
        closeSync(fd);
    }
}

/**
 * One bounded read, whichever calls do the reading: a directory is refused, a file whose size is
 * over the limit is too large at once, and the buffer grows until it holds `maxBytes + 1` bytes,
 * at which point the input is too large (a device says 0, a file can grow after `stat`).
 */
class BoundedRead {
    private buffer: Buffer;
    private total = 0;
    private readonly limit: number;
    private readonly tooLargeAtOnce: number | undefined;

    constructor(stat: { isDirectory(): boolean; isFile(): boolean; size: number }, maxBytes: number) {
        if (stat.isDirectory()) {
            throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
        }
        this.tooLargeAtOnce = stat.isFile() && stat.size > maxBytes ? stat.size : undefined;
        this.limit = maxBytes + 1;
        this.buffer = Buffer.allocUnsafe(
            this.tooLargeAtOnce !== undefined ? 0 : Math.min(this.limit, stat.isFile() ? stat.size + 1 : 64 * 1024),
        );
    }

    /** Where the next read goes, or the verdict when no read may follow. */
    room(): { buffer: Buffer; offset: number; length: number } | { tooLarge: number | undefined } {
        if (this.tooLargeAtOnce !== undefined) {
            return { tooLarge: this.tooLargeAtOnce };
        }
        if (this.total === this.buffer.length) {
            if (this.buffer.length >= this.limit) {
                return { tooLarge: undefined };
            }
            const grown = Buffer.allocUnsafe(Math.min(this.limit, this.buffer.length * 2));
            this.buffer.copy(grown, 0, 0, this.total);
            this.buffer = grown;
        }
        return { buffer: this.buffer, offset: this.total, length: this.buffer.length - this.total };
    }

    advance(bytesRead: number): void {
        this.total += bytesRead;
    }

    /** The bytes read, at the end of the input. */
    bytes(): Buffer {
        return this.buffer.subarray(0, this.total);
    }
}

async function readFile(file: string, maxBytes: number, cwd: string, fileSystem: InputFileSystem): Promise<Input> {
    try {
        const read = await readBounded(path.resolve(cwd, file), maxBytes, fileSystem);
        if ("tooLarge" in read) {
            return { name: file, error: overLimit(maxBytes, read.tooLarge) };
        }
        const decoded = decodeText(read.bytes, maxBytes);
        return "text" in decoded ? { name: file, text: decoded.text } : { name: file, error: decoded.error };
    } catch (err) {
        return { name: file, error: describeFsError(err) };
    }
}

function describeFsError(err: unknown): string {
    const e = err as NodeJS.ErrnoException;
    switch (e?.code) {
        case "ENOENT":
            return "no such file or directory";
        case "EACCES":
        case "EPERM":
            return "permission denied";
        case "EISDIR":
            return "is a directory";
        default:
            return `cannot read: ${e?.message ?? String(err)}`;
    }
}

function fileTypeOf(stat: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
    if (stat.isFIFO()) {
        return "a FIFO";
    }
    if (stat.isSocket()) {
        return "a socket";
    }
    return stat.isCharacterDevice() || stat.isBlockDevice() ? "a device" : "not a file or directory";
}

/** What a walk found, in order: files to read and entries that could not be read. */
type Found = { readonly file: string } | Input;

interface Walk {
    readonly cwd: string;
    readonly fileSystem: InputFileSystem;
    /** Real path of every directory walked so far → the name it was walked under. */
    readonly seen: Map<string, string>;
    readonly found: Found[];
    readonly skip: (entry: SkippedEntry) => void;
}

// The manifests under a directory, sorted so that reports are stable. Symlinked directories
// are followed once (a loop is cut where it closes); everything not read is either an error
// (it could hold manifests we could not read) or a named skip, never silently dropped.
async function walk(dir: string, real: string, w: Walk): Promise<void> {
    w.seen.set(real, dir);
    let entries: Dirent[];
    try {
        entries = await w.fileSystem.readdir(real);
    } catch (err) {
        w.found.push({ name: dir, error: `cannot list directory: ${describeFsError(err)}` });
        return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
        const full = path.join(dir, entry.name);
        const at = path.resolve(w.cwd, full);
        let stat: Pick<Stats, "isFile" | "isDirectory" | "isFIFO" | "isSocket" | "isCharacterDevice" | "isBlockDevice"> = entry;
        if (entry.isSymbolicLink()) {
            try {
                stat = await w.fileSystem.stat(at);
            } catch (err) {
                const code = (err as NodeJS.ErrnoException).code;
                if (code === "ENOENT" || code === "ENOTDIR") {
                    w.skip({ path: full, reason: "dangling symbolic link: its target does not exist" });
                } else if (code === "ELOOP") {
                    w.skip({ path: full, reason: "symbolic link loop: it never reaches a file" });
                } else {
                    w.found.push({ name: full, error: `cannot follow symbolic link: ${describeFsError(err)}` });
                }
                continue;
            }
        }
        if (stat.isDirectory()) {
            const skipped = skippedDirectory(entry.name);
            if (skipped !== undefined) {
                w.skip({ path: full, reason: skipped });
                continue;
            }
            let target: string;
            try {
                target = await w.fileSystem.realpath(at);
            } catch (err) {
                w.found.push({ name: full, error: `cannot list directory: ${describeFsError(err)}` });
                continue;
            }
            const earlier = w.seen.get(target);
            if (earlier !== undefined) {
                const loop = at.startsWith(target + path.sep);
                w.skip({
                    path: full,
                    reason: loop
                        ? `symbolic link loop back to ${earlier}, which is being walked`
                        : `same directory as ${earlier}, already walked`,
                });
                continue;
            }
            await walk(full, target, w);
        } else if (isManifestName(entry.name)) {
            if (stat.isFile()) {
                w.found.push({ file: full });
            } else {
                // Reading a FIFO or a device found by a walk could block or never end.
                w.skip({ path: full, reason: `${fileTypeOf(stat)}, not a regular file: name it to read it` });
            }
        }
    }
}

// fs.statSync, the error returned rather than thrown (as the asynchronous stat's is caught).
function statOrError(file: string): Stats | NodeJS.ErrnoException {
    try {
        return statSync(file);
    } catch (err) {
        return err as NodeJS.ErrnoException;
    }
}

/**
 * Every input named by `paths`, in order: `-` is standard input (read once), a directory is
 * walked for `*.json`, `*.yaml` and `*.yml` as `kubectl apply -f DIR --recursive` reads it,
 * anything else is read as a file whatever its name. No input is read past `maxBytes`.
 */
export async function collectInputs(paths: readonly string[], options: InputOptions): Promise<Input[]> {
    const inputs: Input[] = [];
    const cwd = options.cwd ?? process.cwd();
    const fileSystem = options.fileSystem ?? realFileSystem;
    let stdinRead = false;
    for (const p of paths) {
        if (p === "-") {
            if (!stdinRead) {
                stdinRead = true;
                inputs.push(await readStdin(options.stdin, options.maxBytes));
            }
            continue;
        }
        const at = path.resolve(cwd, p);
        const stat =
            fileSystem === realFileSystem
                ? statOrError(at)
                : await fileSystem.stat(at).catch((err: unknown) => err as NodeJS.ErrnoException);
        if (stat instanceof Error) {
            inputs.push({ name: p, error: describeFsError(stat) });
            continue;
        }
        if (stat.isDirectory()) {
            const skipped: SkippedEntry[] = [];
            const w: Walk = {
                cwd,
                fileSystem,
                seen: new Map(),
                found: [],
                skip: (entry) => {
                    skipped.push(entry);
                    options.onSkip?.(entry);
                },
            };
            let real: string;
            try {
                real = await fileSystem.realpath(at);
            } catch (err) {
                inputs.push({ name: p, error: `cannot list directory: ${describeFsError(err)}` });
                continue;
            }
            await walk(p, real, w);
            if (w.found.length === 0) {
                // Like empty standard input: nothing to check is no verdict, not a pass.
                const names = skipped.slice(0, 3).map((s) => path.relative(p, s.path));
                const more = skipped.length > 3 ? ` and ${skipped.length - 3} more` : "";
                const also = skipped.length > 0 ? ` (skipped: ${names.join(", ")}${more})` : "";
                inputs.push({ name: p, error: `no ${manifestExtensions.join(", ")} file to check in this directory${also}` });
                continue;
            }
            for (const f of w.found) {
                inputs.push("file" in f ? await readFile(f.file, options.maxBytes, cwd, fileSystem) : f);
            }
            continue;
        }
        inputs.push(await readFile(p, options.maxBytes, cwd, fileSystem));
    }
    return inputs;
}
