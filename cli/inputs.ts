// What the checker reads: files named on the command line, the YAML files of directories, and
// standard input. Anything that is not text we can parse is turned into a clear error here, so
// that the rest of the checker only ever sees decoded text.
import { promises as fs } from "fs";
import * as path from "path";

/** The name standard input is reported under. */
export const stdinName = "<stdin>";

/** Inputs above this size are refused unless `--max-bytes` says otherwise (16 MiB). */
export const defaultMaxBytes = 16 * 1024 * 1024;

/** One input: its decoded text, or why it cannot be checked. */
export type Input =
    | { readonly name: string; readonly text: string }
    | { readonly name: string; readonly error: string };

/** Where inputs come from. */
export interface InputOptions {
    readonly stdin: NodeJS.ReadableStream;
    readonly maxBytes: number;
    /** What relative paths are relative to; names are reported as given. */
    readonly cwd?: string;
}

const yamlExtension = /\.ya?ml$/i;

// Directories a walk does not enter: dependencies and VCS/tool state, which hold YAML that is
// not the user's deployment (a named directory is always entered, whatever its name).
function skippedDirectory(name: string): boolean {
    return name === "node_modules" || name.startsWith(".");
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

async function readStdin(stream: NodeJS.ReadableStream, maxBytes: number): Promise<Input> {
    const chunks: Buffer[] = [];
    let size = 0;
    try {
        for await (const chunk of stream as AsyncIterable<Buffer | string>) {
            const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
            size += buf.length;
            if (size <= maxBytes) {
                chunks.push(buf);
            }
        }
    } catch (err) {
        return { name: stdinName, error: `cannot read standard input: ${(err as Error).message}` };
    }
    if (size > maxBytes) {
        return { name: stdinName, error: tooLarge(size, maxBytes) };
    }
    const decoded = decodeText(Buffer.concat(chunks), maxBytes);
    return "text" in decoded ? { name: stdinName, text: decoded.text } : { name: stdinName, error: decoded.error };
}

async function readFile(file: string, maxBytes: number, cwd: string): Promise<Input> {
    const at = path.resolve(cwd, file);
    try {
        const stat = await fs.stat(at);
        if (stat.size > maxBytes) {
            return { name: file, error: tooLarge(stat.size, maxBytes) };
        }
        const decoded = decodeText(await fs.readFile(at), maxBytes);
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

// The YAML files under a directory, sorted so that reports are stable; symlinked directories
// are followed once (a loop is cut where it closes).
async function walk(dir: string, cwd: string, seen: Set<string>, out: string[]): Promise<void> {
    const real = await fs.realpath(path.resolve(cwd, dir));
    if (seen.has(real)) {
        return;
    }
    seen.add(real);
    const entries = (await fs.readdir(real, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
        const full = path.join(dir, entry.name);
        let isDir = entry.isDirectory();
        let isFile = entry.isFile();
        if (entry.isSymbolicLink()) {
            const stat = await fs.stat(path.resolve(cwd, full)).catch(() => undefined);
            isDir = stat?.isDirectory() ?? false;
            isFile = stat?.isFile() ?? false;
        }
        if (isDir && !skippedDirectory(entry.name)) {
            await walk(full, cwd, seen, out);
        } else if (isFile && yamlExtension.test(entry.name)) {
            out.push(full);
        }
    }
}

/**
 * Every input named by `paths`, in order: `-` is standard input (read once), a directory is
 * walked for `*.yaml` / `*.yml`, anything else is read as a file whatever its name.
 */
export async function collectInputs(paths: readonly string[], options: InputOptions): Promise<Input[]> {
    const inputs: Input[] = [];
    const cwd = options.cwd ?? process.cwd();
    let stdinRead = false;
    for (const p of paths) {
        if (p === "-") {
            if (!stdinRead) {
                stdinRead = true;
                inputs.push(await readStdin(options.stdin, options.maxBytes));
            }
            continue;
        }
        const stat = await fs.stat(path.resolve(cwd, p)).catch((err: unknown) => err as NodeJS.ErrnoException);
        if (stat instanceof Error) {
            inputs.push({ name: p, error: describeFsError(stat) });
            continue;
        }
        if (stat.isDirectory()) {
            const files: string[] = [];
            try {
                await walk(p, cwd, new Set(), files);
            } catch (err) {
                inputs.push({ name: p, error: describeFsError(err) });
                continue;
            }
            for (const f of files) {
                inputs.push(await readFile(f, options.maxBytes, cwd));
            }
            continue;
        }
        inputs.push(await readFile(p, options.maxBytes, cwd));
    }
    return inputs;
}
