// `npm run bench:engine`: the pack inside a real `pulumi preview`. The program in
// bench/programs/deployments registers N compliant Deployments (two containers each) through a
// provider with `renderYamlToDirectory`, so no cluster is needed; each N is previewed with and
// without `--policy-pack policy-pack`, alternating (with, without, with, …), on the offline engine
// of test/e2e/engine.ts. It prints, per N, the medians, the median of the per-pair ratios, the
// ratio of the medians and the range of the pair ratios.
//
//   BENCH_ENGINE_SIZES=50,500,2000   the Ns (default)
//   BENCH_ENGINE_PAIRS=5             pairs for every N, or one count per N (`5,5,1`); the default
//                                    is 5 pairs below 1,000 Deployments and 1 pair from 1,000 up
//   BENCH_ENGINE_PROFILE=1           instead: one preview per variant (without a pack, an empty
//                                    @pulumi/policy pack, this pack) under PULUMI_DEBUG_GRPC, and
//                                    where the time goes (pack start, Remediate/Analyze, AnalyzeStack)
//   BENCH_ENGINE_PACK=empty          measure another pack instead of this one: `empty` (an empty
//                                    @pulumi/policy pack, the machinery alone) or a pack folder
//   BENCH_ENGINE_BASELINE=<pack dir> also preview with that pack (e.g. the built policy-pack of
//                                    another checkout) in every round: with, baseline, without,
//                                    so that before and after are measured side by side
//   BENCH_ENGINE_ALONE=1             only the packs alone (see packAlone): no preview, so no engine;
//                                    with BENCH_ENGINE_BASELINE, that pack is driven too
//   PULUMI_SKIP_CHECKPOINTS=true     passed to the CLI when set (a preview without the engine's
//                                    per-step snapshot serialisation, see README "Performance")
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as readline from "readline";
import { Engine, packDir, printedViolations, repositoryRoot } from "../test/e2e/engine";
import { serializeAnalyzeRequest, serializeAnalyzeStackRequest, startPack, WireResource } from "../test/helpers/analyzer";
import { median } from "./measure";

const program = path.join(__dirname, "programs", "deployments");
const emptyPack = path.join(repositoryRoot, ".bench", "empty-pack");

const sizes = (process.env.BENCH_ENGINE_SIZES ?? "50,500,2000").split(",").map((s) => Number(s.trim()));
const pairsOf = (() => {
    const given = (process.env.BENCH_ENGINE_PAIRS ?? "")
        .split(",")
        .filter((s) => s.trim() !== "")
        .map(Number);
    return (n: number, i: number): number => (given.length === 0 ? (n < 1000 ? 5 : 1) : given.length === 1 ? given[0] : given[i]);
})();
const profile = process.env.BENCH_ENGINE_PROFILE === "1";
const alone = process.env.BENCH_ENGINE_ALONE === "1";
// A 2,000-Deployment preview takes about six minutes on 2 cores; nothing should take an hour.
const runTimeoutMs = 60 * 60_000;

type Variant = "without" | "with" | "empty" | "baseline";
const measuredPack = process.env.BENCH_ENGINE_PACK === "empty" ? emptyPack : path.resolve(process.env.BENCH_ENGINE_PACK ?? packDir);
const baselinePack = process.env.BENCH_ENGINE_BASELINE ? path.resolve(process.env.BENCH_ENGINE_BASELINE) : undefined;
const packArgs: Record<Variant, string[]> = {
    without: [],
    with: ["--policy-pack", measuredPack],
    empty: ["--policy-pack", emptyPack],
    baseline: baselinePack ? ["--policy-pack", baselinePack] : [],
};

interface Run {
    readonly ms: number;
    readonly output: string;
    /** Milliseconds since the epoch when the CLI was started and when it exited. */
    readonly startedAt: number;
    readonly endedAt: number;
}

const seconds = (ms: number, digits = 1) => `${(ms / 1000).toFixed(digits)} s`;
const minutes = (ms: number) => `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;

/** The same empty pack `npm run bench` compares against: the repository's @pulumi/policy, no policies. */
function writeEmptyPack(): void {
    fs.mkdirSync(emptyPack, { recursive: true });
    fs.writeFileSync(path.join(emptyPack, "PulumiPolicy.yaml"), "runtime: nodejs\ndescription: empty baseline pack\n");
    fs.writeFileSync(path.join(emptyPack, "package.json"), JSON.stringify({ name: "empty-pack", version: "0.0.0", main: "index.js" }));
    fs.writeFileSync(
        path.join(emptyPack, "index.js"),
        'const { PolicyPack } = require("@pulumi/policy");\nnew PolicyPack("empty", { policies: [] });\n',
    );
}

function table(rows: string[][]): string {
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    return rows
        .flatMap((r, i) => {
            const line = `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(" | ")} |`;
            return i === 0 ? [line, `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`] : [line];
        })
        .join("\n");
}

class Bench {
    readonly engine = new Engine();
    private readonly extraEnv: NodeJS.ProcessEnv = process.env.PULUMI_SKIP_CHECKPOINTS
        ? { PULUMI_SKIP_CHECKPOINTS: process.env.PULUMI_SKIP_CHECKPOINTS }
        : {};
    private readonly stacks = new Map<number, string>();

    /** One stack per N, so that a preview does nothing but preview. */
    stackFor(n: number): string {
        let name = this.stacks.get(n);
        if (!name) {
            name = `bench-${n}`;
            this.engine.stack(program, name, { "bench:deployments": String(n), "bench:outDir": path.join(this.engine.dir, "rendered") });
            this.stacks.set(n, name);
        }
        return name;
    }

    /** `pulumi preview` of N Deployments; fails unless it previewed every resource with no violation. */
    preview(n: number, variant: Variant, env: NodeJS.ProcessEnv = {}): Promise<Run> {
        const args = ["preview", "--non-interactive", "--stack", this.stackFor(n), ...packArgs[variant]];
        return new Promise((resolve, reject) => {
            const startedAt = Date.now();
            const started = process.hrtime.bigint();
            const child = spawn(this.engine.pulumi, args, {
                cwd: program,
                env: { ...this.engine.env, ...this.extraEnv, ...env },
                stdio: ["ignore", "pipe", "pipe"],
            });
            const chunks: Buffer[] = [];
            child.stdout.on("data", (c: Buffer) => chunks.push(c));
            child.stderr.on("data", (c: Buffer) => chunks.push(c));
            const timer = setTimeout(() => child.kill("SIGTERM"), runTimeoutMs);
            child.on("error", reject);
            child.on("close", (status, signal) => {
                clearTimeout(timer);
                const ms = Number(process.hrtime.bigint() - started) / 1e6;
                const output = Buffer.concat(chunks).toString("utf8");
                const problem =
                    status !== 0
                        ? `exited with ${status ?? signal}`
                        : !new RegExp(`\\+ ${n + 2} to create`).test(output)
                          ? `did not preview ${n + 2} resources`
                          : ((variant === "with" && measuredPack === packDir) || variant === "baseline") &&
                              !/immutable-workloads@v[\d.]+/.test(output)
                            ? "did not run the pack"
                            : printedViolations(output).length > 0
                              ? "reported policy violations"
                              : undefined;
                if (problem) {
                    reject(new Error(`pulumi ${args.join(" ")} ${problem}:\n${output.slice(-4000)}`));
                } else {
                    resolve({ ms, output, startedAt, endedAt: Date.now() });
                }
            });
        });
    }
}

function machineLine(bench: Bench, sample: string): string {
    const cpus = os.cpus();
    const version = bench.engine.run(["version"], repositoryRoot).output.trim();
    const provider = /kubernetes is expected to have version \S+, but has ([^;\s]+)/.exec(sample)?.[1] ?? "from the plugin cache";
    return (
        `machine: ${cpus.length} × ${cpus[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${os.platform()} ${os.release()}; pulumi ${version}, kubernetes provider ${provider}` +
        (process.env.PULUMI_SKIP_CHECKPOINTS ? `; PULUMI_SKIP_CHECKPOINTS=${process.env.PULUMI_SKIP_CHECKPOINTS}` : "") +
        (measuredPack !== packDir ? `; pack measured: ${path.relative(repositoryRoot, measuredPack)}` : "") +
        (baselinePack ? `; baseline pack: ${baselinePack}` : "")
    );
}

async function measure(bench: Bench): Promise<void> {
    const header = ["N", "median without", "median with", "ratio (median of pair ratios)", "ratio of medians", "pair ratios", "pairs"];
    const rows: string[][] = [
        baselinePack ? [...header, "baseline: median", "baseline: ratio (median of pair ratios)", "baseline: pair ratios"] : header,
    ];
    let sample = "";
    // One unmeasured preview first: the provider binary, node_modules and the pack come off the disk once.
    const warm = await bench.preview(sizes[0], "with");
    console.log(`warm-up: ${sizes[0]} Deployments with the pack, ${seconds(warm.ms)}`);
    if (baselinePack) {
        await bench.preview(sizes[0], "baseline");
    }
    const range = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
    for (const [i, n] of sizes.entries()) {
        const pairs = pairsOf(n, i);
        const withMs: number[] = [];
        const withoutMs: number[] = [];
        const baselineMs: number[] = [];
        const ratios: number[] = [];
        const baselineRatios: number[] = [];
        for (let p = 0; p < pairs; p++) {
            const w = await bench.preview(n, "with");
            const b = baselinePack ? await bench.preview(n, "baseline") : undefined;
            const wo = await bench.preview(n, "without");
            sample = wo.output;
            withMs.push(w.ms);
            withoutMs.push(wo.ms);
            ratios.push(w.ms / wo.ms);
            if (b) {
                baselineMs.push(b.ms);
                baselineRatios.push(b.ms / wo.ms);
            }
            const baselineText = b ? `, baseline ${seconds(b.ms)} (ratio ${(b.ms / wo.ms).toFixed(2)})` : "";
            console.log(
                `N=${n} pair ${p + 1}/${pairs}: with ${seconds(w.ms)}, without ${seconds(wo.ms)}, ratio ${(w.ms / wo.ms).toFixed(2)}${baselineText}`,
            );
        }
        const row = [
            n.toLocaleString("en-US"),
            seconds(median(withoutMs)),
            seconds(median(withMs)),
            median(ratios).toFixed(2),
            (median(withMs) / median(withoutMs)).toFixed(2),
            range(ratios),
            String(pairs),
        ];
        rows.push(baselinePack ? [...row, seconds(median(baselineMs)), median(baselineRatios).toFixed(2), range(baselineRatios)] : row);
    }
    console.log(`\n${machineLine(bench, sample)}\n\n${table(rows)}`);
}

// ---- BENCH_ENGINE_PROFILE=1 ----

interface Calls {
    count: number;
    durations: number[];
    firstStart: number;
    lastEnd: number;
}

/** Client-side calls of the engine from a PULUMI_DEBUG_GRPC log, by method, times relative to `t0` (ms). */
async function grpcCalls(file: string, t0: number): Promise<Map<string, Calls>> {
    const calls = new Map<string, Calls>();
    const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
    for await (const line of lines) {
        // Cheap filter before parsing: only completed client calls carry a duration.
        if (!line.includes('"progress":"response_completed"')) {
            continue;
        }
        const e = JSON.parse(line) as { method: string; timestamp: string; duration?: number };
        const method = e.method.replace(/^\/pulumirpc\./, "");
        if (method.startsWith("ResourceMonitor/") || !e.duration) {
            continue; // server-side entries: their durations are not recorded
        }
        const end = Date.parse(e.timestamp) - t0;
        const ms = e.duration / 1e6;
        const c = calls.get(method) ?? { count: 0, durations: [], firstStart: Infinity, lastEnd: -Infinity };
        c.count++;
        c.durations.push(ms);
        c.firstStart = Math.min(c.firstStart, end - ms);
        c.lastEnd = Math.max(c.lastEnd, end);
        calls.set(method, c);
    }
    return calls;
}

async function profileRuns(bench: Bench): Promise<void> {
    const logDir = path.join(bench.engine.dir, "grpc");
    fs.mkdirSync(logDir, { recursive: true });
    let sample = "";
    const out: string[] = [];
    for (const n of sizes) {
        const rows: string[][] = [
            [
                "variant",
                "wall",
                "program starts",
                "first Check → last Create",
                "Remediate: n, median, sum",
                "Analyze: n, median, sum",
                "AnalyzeStack",
                "program ends → exit",
            ],
        ];
        for (const variant of ["without", "empty", "with"] as const) {
            const log = path.join(logDir, `${n}-${variant}.jsonl`);
            const run = await bench.preview(n, variant, { PULUMI_DEBUG_GRPC: log });
            sample = run.output;
            const calls = await grpcCalls(log, run.startedAt);
            fs.rmSync(log, { force: true });
            const get = (m: string) => calls.get(m);
            const sum = (c?: Calls) => (c ? c.durations.reduce((a, b) => a + b, 0) : 0);
            const rpc = (c?: Calls) => (c ? `${c.count}, ${median(c.durations).toFixed(1)} ms, ${seconds(sum(c), 2)}` : "—");
            const runCall = get("LanguageRuntime/Run");
            const check = get("ResourceProvider/Check");
            const create = get("ResourceProvider/Create");
            rows.push([
                { without: "without a pack", empty: "empty @pulumi/policy pack", with: "immutable-workloads" }[variant],
                seconds(run.ms),
                runCall ? seconds(runCall.firstStart, 2) : "?",
                check && create ? seconds(create.lastEnd - check.firstStart, 2) : "?",
                rpc(get("Analyzer/Remediate")),
                rpc(get("Analyzer/Analyze")),
                get("Analyzer/AnalyzeStack") ? seconds(sum(get("Analyzer/AnalyzeStack")), 2) : "—",
                runCall ? seconds(run.endedAt - run.startedAt - runCall.lastEnd, 2) : "?",
            ]);
            console.log(`N=${n} ${variant}: ${seconds(run.ms)} (under PULUMI_DEBUG_GRPC)`);
        }
        out.push(
            `${n.toLocaleString("en-US")} Deployments, one preview each, under PULUMI_DEBUG_GRPC (times from the CLI's start):\n\n${table(rows)}`,
        );
    }
    out.push(`The packs alone (no engine; Remediate includes building its request, as the engine's does):\n\n${await packAlone()}`);
    console.log(`\n${machineLine(bench, sample)}\n\n${out.join("\n\n")}`);
}

/** The i-th Deployment as the engine sends it to the pack (the program's inputs after the provider's Check). */
function deploymentAsSent(i: number): WireResource {
    const name = `app-${i}`;
    const labels = { "app.kubernetes.io/name": name };
    const image = "busybox:1.38.0@sha256:fd8d9aa63ba2f0982b5304e1ee8d3b90a210bc1ffb5314d980eb6962f1a9715d";
    const securityContext = {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"] },
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
    };
    return {
        type: "kubernetes:apps/v1:Deployment",
        name,
        urn: `urn:pulumi:bench::bench-engine-deployments::kubernetes:apps/v1:Deployment::${name}`,
        props: {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { labels, name },
            spec: {
                replicas: 1,
                selector: { matchLabels: labels },
                template: {
                    metadata: { labels },
                    spec: {
                        automountServiceAccountToken: false,
                        containers: [
                            {
                                command: ["httpd", "-f", "-p", "8080"],
                                image,
                                name: "web",
                                ports: [{ containerPort: 8080, name: "http" }],
                                resources: { limits: { cpu: "100m", memory: "64Mi" } },
                                securityContext,
                                volumeMounts: [{ mountPath: "/tmp", name: "tmp" }],
                            },
                            {
                                command: ["sleep", "infinity"],
                                image,
                                name: "sidecar",
                                resources: { limits: { cpu: "10m", memory: "16Mi" } },
                                securityContext,
                            },
                        ],
                        securityContext: { runAsGroup: 65534, runAsUser: 65534, seccompProfile: { type: "RuntimeDefault" } },
                        volumes: [{ emptyDir: { medium: "Memory", sizeLimit: "16Mi" }, name: "tmp" }],
                    },
                },
            },
        },
    };
}

/**
 * The packs alone, driven as the engine drives them in a preview but with nothing else running:
 * a fresh process (the engine starts one per preview), ConfigureStack, then one Remediate and one
 * Analyze per resource, one call at a time, then one AnalyzeStack. Medians of three starts.
 */
async function packAlone(): Promise<string> {
    const rows: string[][] = [["N", "pack", "start to port", "N × (Remediate + Analyze), serial", "per resource", "AnalyzeStack"]];
    for (const n of sizes) {
        const resources = Array.from({ length: n }, (_, i) => deploymentAsSent(i));
        const analyzeRequests = resources.map(serializeAnalyzeRequest);
        const stackRequest = serializeAnalyzeStackRequest(resources);
        const packs: Array<readonly [string, string]> = [
            ["empty @pulumi/policy pack", emptyPack],
            ["immutable-workloads", packDir],
        ];
        if (baselinePack) {
            packs.push(["immutable-workloads (baseline)", baselinePack]);
        }
        const rounds = Number(process.env.BENCH_ENGINE_ROUNDS ?? 3);
        const results = new Map(
            packs.map(([label]) => [label, { starts: [] as number[], perResource: [] as number[], stack: [] as number[] }]),
        );
        // Round by round, every pack in turn: a busy machine weighs on all of them alike.
        for (let round = 0; round < rounds; round++) {
            for (const [label, dir] of packs) {
                const { starts, perResource, stack } = results.get(label)!;
                const pack = await startPack(dir);
                starts.push(pack.startupMs);
                await pack.configureStack({ dryRun: true });
                await pack.configure({});
                const t = process.hrtime.bigint();
                for (const [i, r] of resources.entries()) {
                    await pack.remediate(r);
                    await pack.analyzeBytes(analyzeRequests[i]);
                }
                const t1 = process.hrtime.bigint();
                await pack.analyzeStackBytes(stackRequest);
                stack.push(Number(process.hrtime.bigint() - t1) / 1e6);
                perResource.push(Number(t1 - t) / 1e6);
                await pack.close();
            }
        }
        for (const [label] of packs) {
            const { starts, perResource, stack } = results.get(label)!;
            rows.push([
                n.toLocaleString("en-US"),
                label,
                `${median(starts).toFixed(0)} ms`,
                seconds(median(perResource), 2),
                `${(median(perResource) / n).toFixed(2)} ms`,
                `${median(stack).toFixed(0)} ms`,
            ]);
        }
    }
    return table(rows);
}

async function main() {
    for (const [i, n] of sizes.entries()) {
        if (!Number.isInteger(n) || n < 1 || !Number.isInteger(pairsOf(n, i)) || pairsOf(n, i) < 1) {
            throw new Error(
                `BENCH_ENGINE_SIZES and BENCH_ENGINE_PAIRS must be positive integers (one pair count, or one per size): ${process.env.BENCH_ENGINE_SIZES ?? ""} / ${process.env.BENCH_ENGINE_PAIRS ?? ""}`,
            );
        }
    }
    if (!fs.existsSync(path.join(packDir, "bin", "index.js"))) {
        throw new Error("policy-pack/bin is missing: run `npm run build` first");
    }
    writeEmptyPack();
    const bench = new Bench();
    const cleanUp = () => bench.engine.cleanUp();
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
        process.once(signal, () => {
            cleanUp();
            process.exit(130);
        });
    }
    const started = Date.now();
    try {
        if (alone) {
            console.log(
                `The packs alone (no engine; Remediate includes building its request, as the engine's does):\n\n${await packAlone()}`,
            );
        } else {
            await (profile ? profileRuns(bench) : measure(bench));
        }
    } finally {
        cleanUp();
    }
    console.log(`\nwhole run: ${minutes(Date.now() - started)}`);
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
