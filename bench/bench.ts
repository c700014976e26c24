// `npm run bench`: the pack against an empty pack built with the same @pulumi/policy, side by
// side in one run, both started as the engine starts them and driven over gRPC.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    decodeAnalyzeResponse,
    PackClient,
    repositoryPackDir,
    serializeAnalyzeRequest,
    serializeAnalyzeStackRequest,
    startPack,
} from "../test/helpers/analyzer";
import { resourceMix } from "./resources";
import { median } from "./measure";

const repoRoot = path.resolve(__dirname, "..");
const starts = Number(process.env.BENCH_STARTS ?? 11);
const analyses = Number(process.env.BENCH_ANALYSES ?? 10_000);
const inFlight = 16;
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

/** An empty pack next to the repository's node_modules, so it loads the same @pulumi/policy. */
function emptyPackDir(): string {
    const dir = path.join(repoRoot, ".bench", "empty-pack");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\ndescription: empty baseline pack\n");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "empty-pack", version: "0.0.0", main: "index.js" }));
    fs.writeFileSync(
        path.join(dir, "index.js"),
        'const { PolicyPack } = require("@pulumi/policy");\nnew PolicyPack("empty", { policies: [] });\n',
    );
    return dir;
}

async function startupMedian(dir: string): Promise<number> {
    const times: number[] = [];
    for (let i = 0; i < starts; i++) {
        const pack = await startPack(dir);
        times.push(pack.startupMs);
        await pack.close();
    }
    return median(times);
}

// Requests are serialised before the clock starts: the figures are the pack's, not the client's.
async function analyzeAll(pack: PackClient, requests: Uint8Array[]): Promise<{ ms: number; diagnostics: number }> {
    let next = 0;
    const responses: Buffer[] = [];
    const started = process.hrtime.bigint();
    const worker = async () => {
        while (next < requests.length) {
            responses.push(await pack.analyzeBytes(requests[next++]));
        }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    return { ms, diagnostics: responses.reduce((n, r) => n + decodeAnalyzeResponse(r).length, 0) };
}

async function timeStack(pack: PackClient, request: Uint8Array): Promise<number> {
    const started = process.hrtime.bigint();
    await pack.analyzeStackBytes(request);
    return Number(process.hrtime.bigint() - started) / 1e6;
}

function peakRssMiB(pid: number): number {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    return kb / 1024;
}

const fmt = (n: number, digits = 0) => n.toFixed(digits);
const ratio = (a: number, b: number) => (a / b).toFixed(2);

async function main() {
    const empty = emptyPackDir();
    console.log(
        `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${fmt(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, ${os.platform()} ${os.release()}`,
    );

    // Interleave so that both packs see the same machine conditions.
    const startEmpty = await startupMedian(empty);
    const startOurs = await startupMedian(repositoryPackDir);

    const requests = resourceMix(analyses).map(serializeAnalyzeRequest);
    const stack100 = serializeAnalyzeStackRequest(resourceMix(100));
    const stack1k = serializeAnalyzeStackRequest(resourceMix(1_000));
    const stack10k = serializeAnalyzeStackRequest(resourceMix(10_000));
    // Both packs run side by side; every measure alternates between them, `rounds` times, and
    // the medians are compared, so that a slow moment of the machine hits both alike.
    const packs = { empty: await startPack(empty), ours: await startPack(repositoryPackDir) };
    const runs = {
        empty: { analyze: [] as number[], stack1k: [] as number[], stack10k: [] as number[], diagnostics: 0 },
        ours: { analyze: [] as number[], stack1k: [] as number[], stack10k: [] as number[], diagnostics: 0 },
    };
    for (const pack of Object.values(packs)) {
        await pack.configure({});
        await analyzeAll(pack, requests.slice(0, 500)); // warm-up
        await timeStack(pack, stack100);
    }
    for (let round = 0; round < rounds; round++) {
        for (const label of ["empty", "ours"] as const) {
            const run = await analyzeAll(packs[label], requests);
            runs[label].analyze.push(run.ms);
            runs[label].diagnostics = run.diagnostics;
            runs[label].stack1k.push(await timeStack(packs[label], stack1k));
            runs[label].stack10k.push(await timeStack(packs[label], stack10k));
        }
    }
    const results = Object.fromEntries(
        (["empty", "ours"] as const).map((label) => [
            label,
            {
                analyze: median(runs[label].analyze),
                diagnostics: runs[label].diagnostics,
                stack1k: median(runs[label].stack1k),
                stack10k: median(runs[label].stack10k),
                rss: peakRssMiB(packs[label].pid),
            },
        ]),
    );
    await Promise.all(Object.values(packs).map((p) => p.close()));
    const e = results.empty;
    const o = results.ours;
    const rows: Array<[string, string, string, string, string]> = [
        ["measure", "empty pack", "immutable-workloads", "ratio", "target"],
        [
            `startup to first served port (median of ${starts})`,
            `${fmt(startEmpty)} ms`,
            `${fmt(startOurs)} ms`,
            ratio(startOurs, startEmpty),
            "≤ 1.2",
        ],
        [
            `${analyses} Analyze calls over gRPC (${inFlight} in flight, median of ${rounds})`,
            `${fmt(e.analyze)} ms`,
            `${fmt(o.analyze)} ms (${o.diagnostics} violations)`,
            ratio(o.analyze, e.analyze),
            "≤ 1.3",
        ],
        [
            `AnalyzeStack, 1,000 resources (median of ${rounds})`,
            `${fmt(e.stack1k)} ms`,
            `${fmt(o.stack1k)} ms`,
            ratio(o.stack1k, e.stack1k),
            "",
        ],
        [
            `AnalyzeStack, 10,000 resources (median of ${rounds})`,
            `${fmt(e.stack10k)} ms`,
            `${fmt(o.stack10k)} ms`,
            ratio(o.stack10k, e.stack10k),
            "",
        ],
        ["AnalyzeStack 10,000 / 1,000", ratio(e.stack10k, e.stack1k), ratio(o.stack10k, o.stack1k), "", "≤ 12"],
        ["peak resident memory of the pack process", `${fmt(e.rss, 1)} MiB`, `${fmt(o.rss, 1)} MiB`, ratio(o.rss, e.rss), "≤ 1.3"],
    ];
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    for (const [i, r] of rows.entries()) {
        console.log(`| ${r.map((cell, c) => cell.padEnd(widths[c])).join(" | ")} |`);
        if (i === 0) {
            console.log(`| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`);
        }
    }
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
