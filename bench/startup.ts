// `immutable-check` start-up on one small manifest against `node -e 0` (what Node itself costs),
// as users run it: a cold process each time, the built launcher (`node bin/immutable-check.js`).
// Cases alternate within each round so that a busy machine weighs on all of them alike; the
// figures are medians. With BENCH_BASELINE=<dir>[,<dir>…] (built checkouts of other commits, as
// for bench/cli.ts) those run in the same rounds. BENCH_STARTUP_ROUNDS (default 15).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const repoRoot = path.resolve(__dirname, "..");
const rounds = Number(process.env.BENCH_STARTUP_ROUNDS ?? 15);
const baselines = (process.env.BENCH_BASELINE ?? "").split(",").filter((d) => d !== "");

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
}

function seconds(args: string[]): number {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { encoding: "utf8" });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    if (r.status !== 0 && r.status !== 1) {
        throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    }
    return elapsed;
}

function median(values: number[]): number {
    const s = [...values].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function main(): void {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "immutable-check-startup-"));
    const file = path.join(dir, "deployment.yaml");
    fs.writeFileSync(file, manifest);
    const cases: Case[] = [
        { name: "node -e 0", args: ["-e", "0"] },
        { name: "immutable-check (this checkout)", args: [path.join(repoRoot, "bin", "immutable-check.js"), file] },
        ...baselines.map((b) => ({ name: `immutable-check (${b})`, args: [path.join(b, "bin", "immutable-check.js"), file] })),
    ];
    const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
    for (const c of cases) {
        seconds(c.args); // warm the file system cache, not the process
    }
    for (let r = 0; r < rounds; r++) {
        for (const c of cases) {
            times.get(c.name)!.push(seconds(c.args));
        }
    }
    const node = median(times.get("node -e 0")!);
    console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, node ${process.version}; ${rounds} rounds, medians`);
    console.log("| case | wall | vs node -e 0 | target |");
    console.log("| --- | --- | --- | --- |");
    for (const c of cases) {
        const m = median(times.get(c.name)!);
        const target = c.name.startsWith("immutable-check (this") ? "≤ 2" : "";
        console.log(`| ${c.name} | ${(m * 1000).toFixed(0)} ms | ${(m / node).toFixed(2)} | ${target} |`);
    }
    fs.rmSync(dir, { recursive: true, force: true });
}

main();
