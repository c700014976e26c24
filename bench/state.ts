// `immutable-check` on a large Pulumi stack (issue 18's target: a 10,000-resource export judged in
// under 2 s). It writes a `pulumi stack export` of N resources — the benchmark's resource mix
// (bench/resources.ts) as the Kubernetes and Docker providers record it: inputs, and outputs that
// repeat them with the provider's internal `__inputs` / `__fieldManager` keys — with encrypted
// secrets and unknown values sprinkled in, and the same stack as `pulumi preview --json
// --show-sames` (every step a same). Nearly every resource of that mix is a workload or its
// configuration (24 KB per resource in the export), so it also writes exports of N resources at
// the density of a large real stack (2.8 KB per resource: pulumi/pulumi#24408 reports 85 MB for
// about 30,000 resources) and at 10 KB, with cloud objects, Kubernetes objects and encrypted
// passwords between the workloads. The time grows with the bytes, not the resources. Then it measures:
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
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { computedPlaceholder, pulumiSignatures } from "../cli/pulumiState";
import { checkPulumiInput } from "../cli/stateCheck";
import { checkoutsToMeasure, median, timeCommand } from "./measure";
import { resourceAt } from "./resources";

const repoRoot = path.resolve(__dirname, "..");
const size = Number(process.env.BENCH_STATE_SIZE ?? 10_000);
const rounds = Number(process.env.BENCH_STATE_ROUNDS ?? 5);
const targetSeconds = 2;

const cipher = (i: number) => ({
    [pulumiSignatures.key]: pulumiSignatures.secret,
    ciphertext: `v1:${i.toString(16).padStart(8, "0")}:${"QUJD".repeat(24)}`,
});

type Json = Record<string, unknown>;

const pulumiVersion = "v3.274.1";
// The manifest's magic as Pulumi computes it (pkg/resource/deploy/manifest.go, NewMagic): with
// any other, `pulumi stack import` calls the file tampered with.
const magicOf = (version: string) => crypto.createHash("sha256").update(version).digest("hex");

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

// What most resources of a large stack are: cloud objects and Kubernetes objects without a
// container, recorded as their providers record them (inputs, and outputs that add what the cloud
// assigned). The pack judges them too, and finds nothing to judge.
function lightResource(i: number, urnOf: (type: string, name: string) => string, providerRef: string): Json {
    const name = `light-${i}`;
    const tags = { team: `team-${i % 4}`, env: "prod", "cost-centre": `cc-${i % 13}` };
    let type: string;
    let inputs: Json;
    let extra: Json;
    switch (i % 4) {
        case 0:
            type = "aws:iam/role:Role";
            inputs = {
                name,
                path: "/",
                maxSessionDuration: 3600,
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
                }),
                tags,
            };
            extra = {
                arn: `arn:aws:iam::123456789012:role/${name}`,
                createDate: "2026-11-30T00:00:00Z",
                uniqueId: `AROA${i.toString(36).toUpperCase().padStart(17, "X")}`,
                description: "",
                forceDetachPolicies: false,
                inlinePolicies: [],
                managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
                permissionsBoundary: "",
                tagsAll: tags,
            };
            break;
        case 1:
            type = "aws:s3/bucketV2:BucketV2";
            inputs = { bucket: `${name}-bucket`, forceDestroy: false, tags };
            extra = {
                arn: `arn:aws:s3:::${name}-bucket`,
                bucketDomainName: `${name}-bucket.s3.amazonaws.com`,
                bucketRegionalDomainName: `${name}-bucket.s3.eu-west-1.amazonaws.com`,
                hostedZoneId: "Z1BKCTXD74EZPE",
                region: "eu-west-1",
                objectLockEnabled: false,
                requestPayer: "BucketOwner",
                serverSideEncryptionConfigurations: [
                    {
                        rules: [
                            {
                                applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "AES256", kmsMasterKeyId: "" }],
                                bucketKeyEnabled: false,
                            },
                        ],
                    },
                ],
                versionings: [{ enabled: false, mfaDelete: false }],
                tagsAll: tags,
            };
            break;
        case 2:
            type = "random:index/randomPassword:RandomPassword";
            inputs = { length: 32, special: true, overrideSpecial: "!#$%&*()-_=+[]{}<>:?" };
            extra = { result: cipher(i), bcryptHash: cipher(i + 1), lower: true, upper: true, numeric: true, minLower: 0, minUpper: 0 };
            break;
        default:
            type = "kubernetes:core/v1:ServiceAccount";
            inputs = { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace: `team-${i % 4}`, labels: { app: name } } };
            extra = { __fieldManager: "pulumi-kubernetes-bench", __inputs: inputs, automountServiceAccountToken: false };
            break;
    }
    return {
        urn: urnOf(type, name),
        custom: true,
        id: `light-id-${i}`,
        type,
        inputs,
        outputs: { ...inputs, ...extra, id: `light-id-${i}` },
        provider: providerRef,
        created: "2026-11-30T00:00:00Z",
        modified: "2026-11-30T00:00:00Z",
    };
}

/**
 * The export and the preview of one stack of `n` resources. Every resource comes from the
 * benchmark's mix (nearly all of them workloads and their configuration) unless
 * `bytesPerResource` is given: then cloud and Kubernetes objects without a container come between
 * them, as many as bring the export to about that many bytes per resource.
 */
export function largeStack(n: number, bytesPerResource?: number): { exported: string; previewed: string } {
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
    // The size a resource takes in the export, indented at its depth (three levels: 12 spaces).
    const sizeOf = (r: Json) => {
        const text = JSON.stringify(r, null, 4);
        return text.length + 12 * (text.split("\n").length - 1);
    };
    let bytes = 0;
    let heavy = 0;
    for (let i = 0; i < n; i++) {
        if (bytesPerResource !== undefined && i > 0 && bytes / i > bytesPerResource) {
            const light = lightResource(i, urnOf, `${provider.urn}::0`);
            resources.push(light);
            bytes += sizeOf(light);
            continue;
        }
        const r = resourceAt(heavy);
        const inputs = withSecrets(r.props, heavy);
        const outputs = r.type.startsWith("kubernetes:")
            ? { __fieldManager: "pulumi-kubernetes-bench", __inputs: inputs, ...inputs, status: {} }
            : inputs;
        const record = {
            urn: urnOf(r.type, r.name ?? `r${heavy}`),
            custom: true,
            id: `id-${heavy}`,
            type: r.type,
            inputs,
            outputs,
            provider: `${provider.urn}::0`,
            created: "2026-11-30T00:00:00Z",
            modified: "2026-11-30T00:00:00Z",
        };
        resources.push(record);
        heavy++;
        if (bytesPerResource !== undefined) {
            bytes += sizeOf(record);
        }
    }
    const exported = JSON.stringify(
        {
            version: 3,
            deployment: { manifest: { time: "2026-11-30T00:00:00Z", magic: magicOf(pulumiVersion), version: pulumiVersion }, resources },
        },
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
        // The same number of resources at the density of a large real stack (85 MB for about
        // 30,000 resources: pulumi/pulumi#24408), and at 10 KB per resource, between that and the
        // mix above (every resource a workload or its configuration).
        const densities: Array<[string, number]> = [
            ["2.8 KB per resource", 2_833],
            ["10 KB per resource", 10_000],
        ];
        const inputs: Array<[string, string]> = [
            ...densities.map(([label, bytes]): [string, string] => [`pulumi stack export (${label})`, largeStack(size, bytes).exported]),
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
            const file = path.join(dir, `${label.replace(/[^a-z0-9]+/gi, "-")}.json`);
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
        // Each input on its own: the time grows with the bytes, so which exports meet it is the answer.
        const mine = rows.slice(1).filter((r) => r[2] === "this checkout");
        console.log(`target: the command under ${targetSeconds} s for ${size.toLocaleString("en")} resources:`);
        for (const r of mine) {
            const seconds = parseFloat(r[3]);
            console.log(`  ${r[0]} (${r[1]}): ${seconds < targetSeconds ? "met" : "NOT met"}, median ${seconds.toFixed(2)} s`);
        }
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

if (require.main === module) {
    main();
}
