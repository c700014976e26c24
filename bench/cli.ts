// `immutable-check` on large multi-document manifests: wall time and peak resident memory of the
// real command (`node bin/immutable-check.js`, built), measured by `/usr/bin/time -v` on a child
// process, for 1 MiB and 16 MiB inputs made of the corpus's Kubernetes manifests repeated.
//
// With BENCH_BASELINE=<dir>[,<dir>…] (built checkouts of other commits, e.g. made with
// `git archive <commit> | tar -x -C <dir>`, `ln -s $PWD/node_modules <dir>/` and `npm run build`
// there), the same inputs also run through those checkouts, alternating, in the same run.
// BENCH_CLI_ROUNDS (default 3) sets how many rounds; the figures are medians.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { largeManifest } from "../test/helpers/largeManifest";
import { checkoutsToMeasure, median, timeCommand } from "./measure";

const repoRoot = path.resolve(__dirname, "..");
const rounds = Number(process.env.BENCH_CLI_ROUNDS ?? 3);
const sizes = [1, 16].map((mib) => mib * 1024 * 1024);

interface Measure {
    readonly seconds: number;
    /** User plus system CPU time: steadier than wall time on a busy machine. */
    readonly cpuSeconds: number;
    readonly rssMiB: number;
    readonly exit: number;
    readonly workloads: number;
    readonly findings: number;
}

function measure(checkout: string, file: string): Measure {
    const r = timeCommand(checkout, ["--format", "json", "--max-bytes", String(64 * 1024 * 1024), file]);
    let report: { findings: unknown[]; summary: { workloads: number } } | undefined;
    try {
        report = JSON.parse(r.stdout);
    } catch {
        throw new Error(`${checkout}: the command did not print a JSON report (exit ${r.status}):\n${r.stderr.slice(0, 2000)}`);
    }
    return {
        seconds: r.seconds,
        cpuSeconds: r.cpuSeconds,
        rssMiB: r.rssMiB,
        exit: r.status ?? -1,
        workloads: report?.summary.workloads ?? 0,
        findings: report?.findings.length ?? 0,
    };
}

/** Runs the measures and prints a Markdown table. */
export function benchCli(): void {
    const checkouts = checkoutsToMeasure(repoRoot);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "immutable-check-bench-"));
    try {
        const rows: string[][] = [
            [
                "input",
                "checker",
                "wall time (median)",
                "CPU time (median)",
                "peak RSS (median)",
                "RSS / input",
                "workloads",
                "findings",
                "exit",
            ],
        ];
        for (const bytes of sizes) {
            const file = path.join(dir, `manifests-${bytes}.yaml`);
            fs.writeFileSync(file, largeManifest(bytes));
            const runs = new Map<string, Measure[]>(checkouts.map(([label]) => [label, []]));
            for (let round = 0; round < rounds; round++) {
                for (const [label, checkout] of checkouts) {
                    runs.get(label)!.push(measure(checkout, file));
                }
            }
            for (const [label] of checkouts) {
                const ms = runs.get(label)!;
                const rss = median(ms.map((m) => m.rssMiB));
                rows.push([
                    `${bytes / 1024 / 1024} MiB`,
                    label,
                    `${median(ms.map((m) => m.seconds)).toFixed(2)} s`,
                    `${median(ms.map((m) => m.cpuSeconds)).toFixed(2)} s`,
                    `${rss.toFixed(0)} MiB`,
                    `${(rss / (bytes / 1024 / 1024)).toFixed(1)}×`,
                    String(ms[0].workloads),
                    String(ms[0].findings),
                    String(ms[0].exit),
                ]);
            }
        }
        console.log(
            `immutable-check on large manifests: ${rounds} round(s), node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}`,
        );
        const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
        for (const [i, r] of rows.entries()) {
            console.log(`| ${r.map((cell, c) => cell.padEnd(widths[c])).join(" | ")} |`);
            if (i === 0) {
                console.log(`| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`);
            }
        }
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

if (require.main === module) {
    try {
        benchCli();
    } catch (err) {
        console.error(err);
        process.exit(1);
    }
}
