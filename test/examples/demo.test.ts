// The root demo stack (Pulumi.yaml, demo/index.ts) and `npm run demo` (scripts/demo.js).
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { analyzeProgram, describeViolations, projectNameOf, repositoryRoot, runProgram } from "./harness";
import { usePack } from "../helpers/packSuite";

const pulumiYaml = path.join(repositoryRoot, "Pulumi.yaml");

describe("demo stack", function () {
    this.timeout(120_000);
    const pack = usePack();

    it("Pulumi.yaml is the nodejs project immutable-workloads-demo, started from demo/index.ts", () => {
        const yaml = fs.readFileSync(pulumiYaml, "utf8");
        assert.strictEqual(projectNameOf(pulumiYaml), "immutable-workloads-demo");
        assert.match(yaml, /^runtime: nodejs$/m);
        assert.match(yaml, /^main: demo\/index\.ts$/m);
        assert.ok(fs.existsSync(path.join(repositoryRoot, "demo", "index.ts")));
    });

    const run = (config: Record<string, string>) => runProgram({ entry: "demo/index.ts", project: projectNameOf(pulumiYaml), config });

    it("renders through a Kubernetes provider with renderYamlToDirectory, used by every Kubernetes resource", async () => {
        const registrations = await run({});
        const provider = registrations.filter((r) => r.type === "pulumi:providers:kubernetes");
        assert.strictEqual(provider.length, 1);
        assert.strictEqual(provider[0].inputs.renderYamlToDirectory, path.join(repositoryRoot, "demo-output"));
        const kubernetes = registrations.filter((r) => r.custom && r.type.startsWith("kubernetes:"));
        assert.ok(kubernetes.length > 0);
        for (const r of kubernetes) {
            assert.ok(r.provider?.startsWith(provider[0].urn), `${r.type} ${r.name} uses ${r.provider}`);
        }
    });

    it("passes the pack without demo:includeViolation: nothing at any level", async () => {
        const registrations = await run({});
        assert.ok(registrations.some((r) => r.type === "kubernetes:apps/v1:Deployment"));
        const violations = await analyzeProgram(pack, registrations);
        assert.deepStrictEqual(violations, [], describeViolations(violations));
    });

    it("with demo:includeViolation=false it is the same stack", async () => {
        const registrations = await run({ "demo:includeViolation": "false" });
        assert.deepStrictEqual(await analyzeProgram(pack, registrations), []);
    });

    it("with demo:includeViolation=true the writable Deployment is reported mandatory, and nothing else", async () => {
        const registrations = await run({ "demo:includeViolation": "true" });
        const violations = await analyzeProgram(pack, registrations);
        assert.deepStrictEqual(
            violations.map((v) => `${v.policy} ${v.level} ${v.resource} ${v.container}`),
            ["read-only-root-filesystem mandatory handwritten app"],
            describeViolations(violations),
        );
    });
});

describe("npm run demo (scripts/demo.js)", function () {
    this.timeout(60_000);
    const script = path.join(repositoryRoot, "scripts", "demo.js");
    let scratch: string;
    beforeEach(() => {
        scratch = fs.mkdtempSync(path.join(os.tmpdir(), "demo-script-"));
    });
    afterEach(() => {
        fs.rmSync(scratch, { recursive: true, force: true });
    });

    /** A fake `pulumi` that appends its arguments and the demo's environment to a log, one JSON line per call. */
    function fakePulumi(dir: string, exitCodes: Record<string, number> = {}): string {
        fs.mkdirSync(dir, { recursive: true });
        const log = path.join(dir, "calls.log");
        const fake = path.join(dir, "pulumi");
        fs.writeFileSync(
            fake,
            `#!${process.execPath}
const fs = require("fs");
const args = process.argv.slice(2);
const env = {};
for (const k of ["PULUMI_BACKEND_URL", "PULUMI_CONFIG_PASSPHRASE", "PULUMI_SKIP_UPDATE_CHECK"]) env[k] = process.env[k];
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({ args, env, cwd: process.cwd() }) + "\\n");
process.exit(${JSON.stringify(exitCodes)}[args[0]] ?? 0);
`,
            { mode: 0o755 },
        );
        return log;
    }

    const calls = (log: string) =>
        fs
            .readFileSync(log, "utf8")
            .trim()
            .split("\n")
            .map((l) => JSON.parse(l));

    it("without a Pulumi CLI, says how to get one and exits 1", () => {
        // A copy of the script in a folder without .engine/bin, with a PATH that has no pulumi.
        const copy = path.join(scratch, "repo", "scripts", "demo.js");
        fs.mkdirSync(path.dirname(copy), { recursive: true });
        fs.copyFileSync(script, copy);
        const emptyBin = path.join(scratch, "bin");
        fs.mkdirSync(emptyBin);
        const result = spawnSync(process.execPath, [copy], { env: { PATH: emptyBin }, encoding: "utf8" });
        assert.strictEqual(result.status, 1, result.stderr);
        assert.match(result.stderr, /curl -fsSL https:\/\/get\.pulumi\.com \| sh/);
        assert.match(result.stderr, /brew install pulumi\/tap\/pulumi/);
        assert.match(result.stderr, /npm run engine:build/);
        assert.ok(!fs.existsSync(path.join(scratch, "repo", ".pulumi-demo-state")), "no state before a CLI is found");
    });

    it("with the CLI on PATH: selects the demo stack on a local file backend and previews with the pack", () => {
        const bin = path.join(scratch, "bin");
        const log = fakePulumi(bin);
        const result = spawnSync(process.execPath, [script], {
            env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, PULUMI_CONFIG_PASSPHRASE: "" },
            encoding: "utf8",
        });
        assert.strictEqual(result.status, 0, `${result.stdout}\n${result.stderr}`);
        const made = calls(log);
        assert.deepStrictEqual(
            made.map((c) => c.args),
            [
                ["stack", "select", "--create", "demo", "--non-interactive"],
                ["config", "set", "--stack", "demo", "demo:includeViolation", "false"],
                ["preview", "--stack", "demo", "--policy-pack", path.join(repositoryRoot, "policy-pack"), "--non-interactive"],
            ],
        );
        for (const call of made) {
            assert.strictEqual(call.cwd, repositoryRoot);
            assert.deepStrictEqual(call.env, {
                PULUMI_BACKEND_URL: `file://${path.join(repositoryRoot, ".pulumi-demo-state")}`,
                PULUMI_CONFIG_PASSPHRASE: "",
                PULUMI_SKIP_UPDATE_CHECK: "true",
            });
        }
    });

    it("--violation sets demo:includeViolation=true and passes on the preview's failure", () => {
        const bin = path.join(scratch, "bin");
        const log = fakePulumi(bin, { preview: 255 });
        const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` };
        delete env.PULUMI_CONFIG_PASSPHRASE;
        const result = spawnSync(process.execPath, [script, "--violation"], { env, encoding: "utf8" });
        assert.strictEqual(result.status, 255);
        assert.match(result.stdout, /policy pack stopped the preview/);
        const made = calls(log);
        assert.deepStrictEqual(made[1].args, ["config", "set", "--stack", "demo", "demo:includeViolation", "true"]);
        assert.strictEqual(made[2].env.PULUMI_CONFIG_PASSPHRASE, "demo");
    });

    it("rejects an unknown option", () => {
        const result = spawnSync(process.execPath, [script, "--frobnicate"], { encoding: "utf8" });
        assert.strictEqual(result.status, 2);
        assert.match(result.stderr, /unknown option --frobnicate/);
    });
});
