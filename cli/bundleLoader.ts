// How the command starts. `npm run build` bundles the checker into one script
// (dist/cli/immutable-check.js, scripts/bundle-cli.js) and saves V8's code cache for it
// (dist/cli/immutable-check.cache): the bytecode of the functions a run over sample inputs
// compiled. Most of a short run's own time was compiling: on one small manifest about three fifths
// of the instructions the command adds to `node -e 0` went to parsing and compiling its modules.
// With the cache V8 starts from that bytecode instead.
//
// The cache is made once, by the build, and read by every run; no run writes anything, so the
// first run after an install is as fast as any other. V8 accepts a cache only from the same V8
// version and flags; otherwise it says so (`cachedDataRejected`) and compiles the script as usual,
// so a Node release other than the build's runs exactly as without a cache. V8 does not check that
// the cache is intact (a damaged one crashes the process) nor that it was made from this script's
// text (only its length), so the file carries both checks: SHA-256 digests of the bundle it was
// made from and of V8's data, verified before V8 sees the data; a mismatch is a rejected cache.
// The bundle holds the same modules as dist/ (the libraries the command loads only when an input
// needs them, yaml and ajv, and the Pulumi SDK stay outside it).
import { createHash } from "crypto";
import * as fs from "fs";
import { createRequire } from "module";
import * as path from "path";
import * as vm from "vm";

/** The bundled command. */
export const bundleFile = path.join(__dirname, "immutable-check.js");
/** V8's code cache for it. */
export const cacheFile = path.join(__dirname, "immutable-check.cache");

/** The bundle, run as a CommonJS module. */
export interface LoadedBundle {
    /** The bundle's exports: those of cli/main.ts. */
    readonly exports: { main(): void; run: typeof import("./main").run };
    /** What V8 did with the code cache. */
    readonly cache: "accepted" | "rejected" | "absent";
    /** The compiled script (the build makes the cache from it). */
    readonly script: vm.Script;
}

// The cache file: this header, the digest of the bundle, the digest of V8's data, V8's data.
const magic = Buffer.from("immutable-check code cache 1\n");
const digestLength = 32;

function sha256(bytes: Buffer): Buffer {
    return createHash("sha256").update(bytes).digest();
}

/** The cache file's bytes for V8's `data`, made from the bundle whose text is `bundle`. */
export function cacheFileBytes(bundle: Buffer, data: Buffer): Buffer {
    return Buffer.concat([magic, sha256(bundle), sha256(data), data]);
}

/** V8's data from a cache file's bytes, or undefined when they were not made from `bundle` or are damaged. */
export function cachedDataOf(bundle: Buffer, file: Buffer): Buffer | undefined {
    const start = magic.length + 2 * digestLength;
    if (file.length <= start || !file.subarray(0, magic.length).equals(magic)) {
        return undefined;
    }
    const data = file.subarray(start);
    const ok =
        file.subarray(magic.length, magic.length + digestLength).equals(sha256(bundle)) &&
        file.subarray(magic.length + digestLength, start).equals(sha256(data));
    return ok ? data : undefined;
}

/** Loads `file` as a CommonJS module compiled with the code cache in `cache` when there is one (none when `cache` is null). */
export function loadBundle(file: string = bundleFile, cache: string | null = cacheFile): LoadedBundle {
    const bytes = fs.readFileSync(file);
    let stored: Buffer | undefined;
    if (cache !== null) {
        try {
            stored = fs.readFileSync(cache);
        } catch {
            stored = undefined;
        }
    }
    const cachedData = stored === undefined ? undefined : cachedDataOf(bytes, stored);
    // The wrapper Node gives every CommonJS module.
    const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${bytes.toString("utf8")}\n})`, {
        filename: file,
        cachedData,
    });
    const wrapper = script.runInThisContext() as (
        exports: unknown,
        require: NodeJS.Require,
        module: { exports: unknown },
        filename: string,
        dirname: string,
    ) => void;
    const mod = { exports: {} as unknown };
    wrapper.call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file));
    return {
        exports: mod.exports as LoadedBundle["exports"],
        cache: stored === undefined ? "absent" : cachedData === undefined || script.cachedDataRejected === true ? "rejected" : "accepted",
        script,
    };
}
