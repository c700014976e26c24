// What the benchmarks share: medians, the built checkouts of BENCH_BASELINE, and a run of the
// built command measured by `/usr/bin/time -v` (wall and CPU time, peak resident memory).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** The median (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * The checkouts to measure: BENCH_BASELINE's (built checkouts of other commits, comma-separated),
 * then this one, each as [label, folder]. Fails when one of them is not built.
 */
export function checkoutsToMeasure(repoRoot: string): Array<[string, string]> {
    const baselines = (process.env.BENCH_BASELINE ?? "")
        .split(",")
        .filter((d) => d.trim() !== "")
        .map((d) => path.resolve(d.trim()));
    const checkouts: Array<[string, string]> = [...baselines.map((d): [string, string] => [d, d]), ["this checkout", repoRoot]];
    for (const [, dir] of checkouts) {
        if (!fs.existsSync(path.join(dir, "dist", "cli", "main.js"))) {
            throw new Error(`${dir} is not built: run npm run build there first`);
        }
    }
    return checkouts;
}

/** One measured run of a command. */
export interface TimedRun {
    readonly stdout: string;
    readonly stderr: string;
    readonly status: number | null;
    readonly seconds: number;
    /** User plus system CPU time: steadier than wall time on a busy machine. */
    readonly cpuSeconds: number;
    readonly rssMiB: number;
}

/** Runs `node <checkout>/bin/immutable-check.js <args>` under `/usr/bin/time -v`. */
export function timeCommand(checkout: string, args: readonly string[]): TimedRun {
    const bin = path.join(checkout, "bin", "immutable-check.js");
    const r = spawnSync("/usr/bin/time", ["-v", process.execPath, bin, ...args], { encoding: "utf8", maxBuffer: 1024 * 1024 * 1024 });
    if (r.error) {
        throw r.error;
    }
    const elapsed = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
    const user = /User time \(seconds\): ([\d.]+)/.exec(r.stderr);
    const system = /System time \(seconds\): ([\d.]+)/.exec(r.stderr);
    if (!elapsed || !rss) {
        throw new Error(`no figures from /usr/bin/time -v:\n${r.stderr.slice(-2000)}`);
    }
    return {
        stdout: r.stdout,
        stderr: r.stderr,
        status: r.status,
        seconds: Number(elapsed[1] ?? 0) * 3600 + Number(elapsed[2]) * 60 + Number(elapsed[3]),
        cpuSeconds: Number(user?.[1] ?? NaN) + Number(system?.[1] ?? NaN),
        rssMiB: Number(rss[1]) / 1024,
    };
}
