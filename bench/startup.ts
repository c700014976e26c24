// `immutable-check` start-up on one small manifest against `node -e 0` (what Node itself costs),
// and on the whole Kubernetes corpus (test/fixtures/corpus/kubernetes) against kube-score v1.20.0,
// as users run them: a cold process each time, the built launcher (`node bin/immutable-check.js`).
// kube-score is built from its Go module into .bench/ when Go is on PATH; without Go that row is
// left out, and the output says so.
//
// Cases alternate within each round so that a busy machine weighs on all of them alike; the
// figures are medians. With BENCH_BASELINE=<dir>[,<dir>…] (built checkouts of other commits, as
// for bench/cli.ts) those run in the same rounds. BENCH_STARTUP_ROUNDS (default 15).
//
// When NODE_EXTRA_CA_CERTS is set (this development machine sets it), every node process reads and
// parses that CA bundle before it runs a line of script: about 50 ms here, which `node -e 0` pays
// too and kube-score (Go loads certificates when it first needs them) does not. immutable-check
// never opens a connection. The tables are then printed twice: with the environment as it is, and
// with NODE_EXTRA_CA_CERTS removed, as on a machine that does not set it.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkoutsToMeasure, median } from "./measure";

const repoRoot = path.resolve(__dirname, "..");
const rounds = Number(process.env.BENCH_STARTUP_ROUNDS ?? 15);
const kubeScoreModule = "github.com/zegl/kube-score/cmd/kube-score@v1.20.0";

const manifest = [
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata: {name: web}",
    "spec:",
    "  selector: {matchLabels: {app: web}}",
    "  template:",
    "    metadata: {labels: {app: web}}",
    "    spec:",
    "      containers:",
    "      - name: app",
    "        image: nginx:1.27",
    "        securityContext: {readOnlyRootFilesystem: true}",
    "",
].join("\n");

interface Case {
    readonly name: string;
    readonly args: string[];
    /** The program, when it is not node. */
    readonly command?: string;
}

/** The kube-score binary, built once into .bench/; the reason when it cannot be. */
function kubeScore(): { bin: string } | { why: string } {
    const dir = path.join(repoRoot, ".bench", "kube-score-v1.20.0");
    const bin = path.join(dir, "kube-score");
    if (fs.existsSync(bin)) {
        return { bin };
    }
    const go = spawnSync("go", ["version"], { encoding: "utf8" });
    if (go.error || go.status !== 0) {
        return { why: "go is not on PATH, so kube-score cannot be built" };
    }
    fs.mkdirSync(dir, { recursive: true });
    const built = spawnSync("go", ["install", kubeScoreModule], {
        encoding: "utf8",
        env: { ...process.env, GOBIN: dir, GOFLAGS: "-mod=mod" },
    });
    return built.status === 0 && fs.existsSync(bin)
        ? { bin }
        : { why: `go install ${kubeScoreModule} failed: ${built.stderr.trim().split("\n").pop()}` };
}

function seconds(c: Case, env: NodeJS.ProcessEnv): number {
    const started = process.hrtime.bigint();
    const r = spawnSync(c.command ?? process.execPath, c.args, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, env });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    // immutable-check exits 1 on a mandatory finding; kube-score exits 1 on a critical one.
    if (r.error || (r.status !== 0 && r.status !== 1)) {
        throw new Error(`${c.name} exited ${r.status}: ${r.error ?? r.stderr}`);
    }
    return elapsed;
}

/** Median wall time of each case, the cases alternating within every round. */
function measureCases(cases: readonly Case[], env: NodeJS.ProcessEnv): Map<string, number> {
    const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
    for (const c of cases) {
        seconds(c, env); // warm the file system cache, not the process
    }
    for (let r = 0; r < rounds; r++) {
        for (const c of cases) {
            times.get(c.name)!.push(seconds(c, env));
        }
    }
    return new Map([...times].map(([name, t]) => [name, median(t)]));
}

function table(
    title: string,
    cases: readonly Case[],
    medians: Map<string, number>,
    reference: string | undefined,
    referenceLabel: string,
    target: string,
): void {
    const ref = reference ? medians.get(reference) : undefined;
    console.log("");
    console.log(title);
    console.log(`| case | wall | vs ${referenceLabel} | target |`);
    console.log("| --- | --- | --- | --- |");
    for (const c of cases) {
        const m = medians.get(c.name)!;
        const t = c.name === "immutable-check (this checkout)" ? target : "";
        console.log(`| ${c.name} | ${(m * 1000).toFixed(0)} ms | ${ref ? (m / ref).toFixed(2) : "–"} | ${t} |`);
    }
}

function main(): void {
    console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, node ${process.version}; ${rounds} rounds, medians`);
    const environments: Array<[string, NodeJS.ProcessEnv]> = [["", process.env]];
    if (process.env.NODE_EXTRA_CA_CERTS) {
        const { NODE_EXTRA_CA_CERTS: _extra, ...without } = process.env;
        environments[0][0] = ` (NODE_EXTRA_CA_CERTS=${process.env.NODE_EXTRA_CA_CERTS}: node loads it at every start)`;
        environments.push([" (without NODE_EXTRA_CA_CERTS)", without]);
    }
    for (const [label, env] of environments) {
        run(label, env);
    }
}

function run(label: string, env: NodeJS.ProcessEnv): void {
    const checkouts = checkoutsToMeasure(repoRoot);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "immutable-check-startup-"));
    try {
        const file = path.join(dir, "deployment.yaml");
        fs.writeFileSync(file, manifest);
        const small: Case[] = [
            { name: "node -e 0", args: ["-e", "0"] },
            ...checkouts.map(([name, dir]) => ({
                name: `immutable-check (${name})`,
                args: [path.join(dir, "bin", "immutable-check.js"), file],
            })),
        ];
        table(`one small manifest${label}`, small, measureCases(small, env), "node -e 0", "node -e 0", "≤ 2");

        const corpusDir = path.join(repoRoot, "test", "fixtures", "corpus", "kubernetes");
        const files = fs
            .readdirSync(corpusDir)
            .filter((f) => /\.ya?ml$/.test(f))
            .sort()
            .map((f) => path.join(corpusDir, f));
        const ks = kubeScore();
        const corpus: Case[] = [
            ...("bin" in ks ? [{ name: "kube-score v1.20.0 score", command: ks.bin, args: ["score", ...files] }] : []),
            ...checkouts.map(([name, dir]) => ({
                name: `immutable-check (${name})`,
                args: [path.join(dir, "bin", "immutable-check.js"), ...files],
            })),
        ];
        const title = `the Kubernetes corpus (${files.length} files)${label}${"why" in ks ? `; no kube-score row: ${ks.why}` : ""}`;
        table(title, corpus, measureCases(corpus, env), "bin" in ks ? "kube-score v1.20.0 score" : undefined, "kube-score", "≤ 2.5");
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

main();
