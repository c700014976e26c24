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
// so a Node release other than the build's runs exactly as without a cache. Two checks V8 does not
// make by default are made here: that the data is intact (V8 crashes on a damaged cache unless it
// is told to keep and verify a checksum, which it then does in the time it takes to read the data),
// and that the cache was made from this very bundle (V8 compares only the script's length): the
// build writes a build id at the top of the bundle and into the cache file, and a cache whose id is
// not the bundle's is not used.
// The bundle holds the same modules as dist/ (the libraries the command loads only when an input
// needs them, yaml and ajv, and the Pulumi SDK stay outside it).
import * as fs from "fs";
import { createRequire } from "module";
import * as path from "path";
import * as v8 from "v8";
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

// The cache file: a header naming the build, then V8's data. The bundle's first line names its build.
const magic = "immutable-check code cache 2 ";
const bannerPrefix = "/* immutable-check build ";

/** The first line of a bundle made for build `id`. */
export function bundleBanner(id: string): string {
    return `${bannerPrefix}${id} */`;
}

function buildOf(bundle: Buffer): string | undefined {
    const firstLine = bundle.subarray(0, 128).toString("latin1").split("\n", 1)[0];
    return firstLine.startsWith(bannerPrefix) && firstLine.endsWith(" */") ? firstLine.slice(bannerPrefix.length, -3) : undefined;
}

/** The cache file's bytes for V8's `data`, made from `bundle`. */
export function cacheFileBytes(bundle: Buffer, data: Buffer): Buffer {
    const id = buildOf(bundle);
    if (id === undefined) {
        throw new Error("the bundle has no build id on its first line");
    }
    return Buffer.concat([Buffer.from(`${magic}${id}\n`, "latin1"), data]);
}

/** V8's data from a cache file's bytes, or undefined when they were not made for `bundle`. */
export function cachedDataOf(bundle: Buffer, file: Buffer): Buffer | undefined {
    const id = buildOf(bundle);
    const header = id === undefined ? undefined : Buffer.from(`${magic}${id}\n`, "latin1");
    return header && file.length > header.length && file.subarray(0, header.length).equals(header)
        ? file.subarray(header.length)
        : undefined;
}

/** Has V8 keep a checksum in the code caches it makes and verify it in those it reads (the build and every run). */
function verifiedCodeCaches(): void {
    v8.setFlagsFromString("--verify-snapshot-checksum");
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
    verifiedCodeCaches();
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
