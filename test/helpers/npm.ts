// npm as a test dependency: packing a folder the way `npm pack` / `pulumi policy publish` does and
// installing into a scratch folder outside the repository, failing loudly with npm's own output.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** Runs npm in `cwd`; throws with npm's stderr when it fails. */
export function runNpm(args: string[], cwd: string): string {
    try {
        return execFileSync(npm, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
    } catch (err) {
        const e = err as { stderr?: string; stdout?: string; message: string };
        throw new Error(`npm ${args.join(" ")} failed in ${cwd}:\n${e.stderr ?? ""}\n${e.stdout ?? ""}\n${e.message}`);
    }
}

/** What `npm pack --json` reports. */
export interface PackedTarball {
    tarball: string;
    files: string[];
}

/** `npm pack` of `folder` into a fresh scratch folder (prepack scripts run, as on publish). */
export function npmPack(folder: string): PackedTarball {
    const destination = fs.mkdtempSync(path.join(os.tmpdir(), "iw-pack-"));
    const out = runNpm(["pack", "--json", "--pack-destination", destination], folder);
    // Lifecycle scripts may print before the JSON array.
    const report = JSON.parse(out.slice(out.indexOf("[\n"))) as Array<{ filename: string; files: Array<{ path: string }> }>;
    return { tarball: path.join(destination, report[0].filename), files: report[0].files.map((f) => f.path) };
}

/** A scratch folder outside the repository. */
export function scratchDir(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Extracts a tarball's `package/` folder into `into`. */
export function untar(tarball: string, into: string): void {
    execFileSync("tar", ["-xzf", tarball, "-C", into, "--strip-components=1"]);
}
