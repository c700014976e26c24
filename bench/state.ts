// `immutable-check` on a large Pulumi stack (issue 18's target: a 10,000-resource export judged in
// under 2 s). It writes a `pulumi stack export` of N resources — the benchmark's resource mix
// (bench/resources.ts) as the Kubernetes and Docker providers record it: inputs, and outputs that
// repeat them with the provider's internal `__inputs` / `__fieldManager` keys — with encrypted
// secrets and unknown values sprinkled in, and the same stack as `pulumi preview --json
// --show-sames` (every step a same). Then it measures:
// - the real command (`node bin/immutable-check.js --format json`, built by `npm run build`):
//   wall and CPU time and peak memory from `/usr/bin/time -v`, node's own start included;
// - in-process, the reading and judging alone (`checkPulumiInput`), after one warm-up run.
// Every run must judge all N resources and report findings, or the benchmark fails.
// Settings: BENCH_STATE_SIZE (default 10000), BENCH_STATE_ROUNDS (default 5; medians are printed).
// With BENCH_BASELINE=<dir>[,<dir>…] (built checkouts of other commits, e.g. made with
// `git archive <commit> | tar -x -C <dir>`, `ln -s $PWD/node_modules <dir>/` and `npm run build`
// there), the same files also run through those checkouts' commands, alternating with this one's
// in every round, so that a machine shared with other jobs weighs on all of them alike; each must
// report the same findings as this checkout.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { computedPlaceholder, pulumiSignatures } from "../cli/pulumiState";
import { checkPulumiInput } from "../cli/stateCheck";
import { checkoutsToMeasure, median, timeCommand } from "./measure";
import { resourceMix } from "./resources";

const repoRoot = path.resolve(__dirname, "..");
const size = Number(process.env.BENCH_STATE_SIZE ?? 10_000);
const rounds = Number(process.env.BENCH_STATE_ROUNDS ?? 5);
const targetSeconds = 2;

const cipher = (i: number) => ({
    [pulumiSignatures.key]: pulumiSignatures.secret,
    ciphertext: `v1:${i.toString(16).padStart(8, "0")}:${"QUJD".repeat(24)}`,
});

type Json = Record<string, unknown>;

// Secrets and unknowns where real stacks have them: an encrypted value in one container's
// environment of every 25th workload, an encrypted read-only flag in every 100th, and a value
// Pulumi records as unknown in every 250th.
function withSecrets(props: Json, i: number): Json {
    const copy = JSON.parse(JSON.stringify(props)) as Json;
    const containers = findContainers(copy);
    if (containers.length > 0) {
        if (i % 25 === 0) {
            (containers[0].env as Json[] | undefined)?.push({ name: "TOKEN", value: cipher(i) });
        }
        if (i % 100 === 0) {
            containers[0].securityContext = { ...(containers[0].securityContext as Json), readOnlyRootFilesystem: cipher(i) };
        }
        if (i % 250 === 0) {
            containers[0].image = computedPlaceholder;
        }
    }
    return copy;
}

function findContainers(value: unknown): Json[] {
    if (Array.isArray(value)) {
        return value.flatMap(findContainers);
    }
    if (value === null || typeof value !== "object") {
        return [];
    }
    const o = value as Json;
    if (Array.isArray(o.containers)) {
        return o.containers as Json[];
    }
    return Object.values(o).flatMap(findContainers);
}

/** The export and the preview of one stack of `n` resources. */
export function largeStack(n: number): { exported: string; previewed: string } {
    const stack = "bench";
    const project = "immutable-workloads-bench";
    const urnOf = (type: string, name: string) => `urn:pulumi:${stack}::${project}::${type}::${name}`;
    const provider = {
        urn: urnOf("pulumi:providers:kubernetes", "default"),
        custom: true,
        id: "0",
        type: "pulumi:providers:kubernetes",
        inputs: {},
        outputs: {},
    };
    const resources: Json[] = [
        { urn: urnOf("pulumi:pulumi:Stack", `${project}-${stack}`), custom: false, type: "pulumi:pulumi:Stack" },
        provider,
    ];
    resourceMix(n).forEach((r, i) => {
        const inputs = withSecrets(r.props, i);
        const outputs = r.type.startsWith("kubernetes:")
            ? { __fieldManager: "pulumi-kubernetes-bench", __inputs: inputs, ...inputs, status: {} }
            : inputs;
        resources.push({
            urn: urnOf(r.type, r.name ?? `r${i}`),
            custom: true,
            id: `id-${i}`,
            type: r.type,
            inputs,
            outputs,
            provider: `${provider.urn}::0`,
            created: "2026-11-30T00:00:00Z",
            modified: "2026-11-30T00:00:00Z",
        });
    });
    const exported = JSON.stringify(
        { version: 3, deployment: { manifest: { time: "2026-11-30T00:00:00Z", magic: "", version: "v3.274.1" }, resources } },
        null,
        4,
    );
    const steps = resources.map((r) => ({
        op: "same",
        urn: r.urn,
        oldState: r,
        newState: { ...r, outputs: undefined },
        detailedDiff: null,
    }));
    const previewed = JSON.stringify({ steps, duration: 1, changeSummary: { same: resources.length } }, null, 4);
    return { exported, previewed };
}

interface Measure {
    readonly seconds: number;
    readonly cpuSeconds: number;
    readonly rssMiB: number;
    readonly resources: number;
    readonly findings: number;
    readonly failing: number;
    readonly unknown: number;
}

function measureCommand(file: string, checkout = repoRoot): Measure & { readonly stdout: string } {
    const r = timeCommand(checkout, ["--format", "json", "--max-bytes", "1GiB", file]);
    const report = JSON.parse(r.stdout) as {
        findings: unknown[];
        errors: unknown[];
        summary: { resources: number };
        organisation: { failing: number; unknown: number };
    };
    if (report.errors.length > 0) {
        throw new Error(`the command reported input errors: ${JSON.stringify(report.errors.slice(0, 3))}`);
    }
    return {
        stdout: r.stdout,
        seconds: r.seconds,
        cpuSeconds: r.cpuSeconds,
        rssMiB: r.rssMiB,
        resources: report.summary.resources,
        findings: report.findings.length,
        failing: report.organisation.failing,
        unknown: report.organisation.unknown,
    };
}

function measureInProcess(text: string): number {
    const start = process.hrtime.bigint();
    const checked = checkPulumiInput("bench.json", text);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (!checked || checked.audit.resources !== size + 2) {
        throw new Error(`in-process: ${checked?.audit.resources} resources judged, not ${size + 2}`);
    }
    return seconds;
}

function main(): void {
    const checkouts = checkoutsToMeasure(repoRoot);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "immutable-check-state-bench-"));
    try {
        const { exported, previewed } = largeStack(size);
        const inputs: Array<[string, string]> = [
            ["pulumi stack export", exported],
            ["pulumi preview --json --show-sames", previewed],
        ];
        const rows: string[][] = [
            [
                "input",
                "size",
                "checker",
                "command: wall (median)",
                "command: CPU (median)",
                "peak RSS (median)",
                "read + judge in-process (median)",
                "resources",
                "findings",
                "failing / unknown containers",
            ],
        ];
        for (const [label, text] of inputs) {
            const file = path.join(dir, `${label.split(" ")[1]}.json`);
            fs.writeFileSync(file, text);
            measureInProcess(text);
            const runs = new Map<string, Measure[]>(checkouts.map(([name]) => [name, []]));
            const inProcess: number[] = [];
            for (let round = 0; round < rounds; round++) {
                let reference: string | undefined;
                for (const [name, checkout] of checkouts) {
                    const m = measureCommand(file, checkout);
                    runs.get(name)!.push(m);
                    // The JSON report names no checkout: every one must say the same.
                    if (reference !== undefined && m.stdout !== reference) {
                        throw new Error(`${label}: ${name} reports other findings than ${checkouts[0][0]}`);
                    }
                    reference = m.stdout;
                }
                inProcess.push(measureInProcess(text));
            }
            for (const [name] of checkouts) {
                const command = runs.get(name)!;
                const m = command[0];
                if (m.resources !== size + 2 || m.findings === 0) {
                    throw new Error(
                        `${label} (${name}): ${m.resources} resources judged and ${m.findings} findings: expected ${size + 2} resources and some findings`,
                    );
                }
                rows.push([
                    label,
                    `${(Buffer.byteLength(text) / 1024 / 1024).toFixed(1)} MiB`,
                    name,
                    `${median(command.map((x) => x.seconds)).toFixed(2)} s`,
                    `${median(command.map((x) => x.cpuSeconds)).toFixed(2)} s`,
                    `${median(command.map((x) => x.rssMiB)).toFixed(0)} MiB`,
                    name === "this checkout" ? `${median(inProcess).toFixed(2)} s` : "",
                    String(m.resources),
                    String(m.findings),
                    `${m.failing} / ${m.unknown}`,
                ]);
            }
        }
        console.log(
            `immutable-check on a ${size.toLocaleString("en")}-resource Pulumi stack: ${rounds} round(s), node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, load ${os.loadavg()[0].toFixed(1)}`,
        );
        const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
        for (const [i, r] of rows.entries()) {
            console.log(`| ${r.map((cell, c) => cell.padEnd(widths[c])).join(" | ")} |`);
            if (i === 0) {
                console.log(`| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`);
            }
        }
        const worst = Math.max(
            ...rows
                .slice(1)
                .filter((r) => r[2] === "this checkout")
                .map((r) => parseFloat(r[3])),
        );
        console.log(
            `target: the command under ${targetSeconds} s for ${size.toLocaleString("en")} resources: ${worst < targetSeconds ? "met" : "NOT met"} (slowest median ${worst.toFixed(2)} s)`,
        );
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

if (require.main === module) {
    main();
}
