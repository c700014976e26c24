// cli/memory.ts: for large inputs the command's own process trades some CPU for memory (V8's young
// generation kept at its initial size, the old generation grown by a fifth at a time); smaller
// inputs, and `run` called in-process, keep V8's defaults.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { largeManifest } from "../helpers/largeManifest";
import { favourMemoryFromLargeYaml, heapSettingsFor, largeInputChars, shortRunSettingsFor } from "../../cli/memory";

const repoRoot = path.resolve(__dirname, "..", "..");

/**
 * Runs the command as its bin does (main(), this process's streams) in a child process on `file`,
 * and returns the size of V8's young generation at exit, in MiB.
 */
function youngGenerationAfter(file: string, inProcessRun: boolean): number {
    const main = path.join(repoRoot, "dist", "cli", "main.js");
    assert.ok(fs.existsSync(main), "dist/cli/main.js is missing: run npm run build");
    const script = inProcessRun
        ? `require(${JSON.stringify(main)}).run(["--format", "json", ${JSON.stringify(file)}], { stdin: process.stdin, stdout: { write() {} }, stderr: process.stderr })`
        : `process.argv = [process.argv[0], "immutable-check", "--format", "json", ${JSON.stringify(file)}]; require(${JSON.stringify(main)}).main()`;
    const r = spawnSync(
        process.execPath,
        [
            "-e",
            `process.on("exit", () => { const s = require("v8").getHeapSpaceStatistics().find((x) => x.space_name === "new_space"); process.stderr.write("NEW_SPACE " + s.space_size + "\\n"); }); ${script}`,
        ],
        { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
    );
    const m = /NEW_SPACE (\d+)/.exec(r.stderr);
    assert.ok(m, `no heap figures (exit ${r.status}): ${r.stderr.slice(0, 2000)}`);
    assert.ok(r.status === 0 || r.status === 1, `the run failed (exit ${r.status}): ${r.stderr.slice(0, 2000)}`);
    return Number(m[1]) / (1024 * 1024);
}

describe("immutable-check on large inputs: memory before speed", () => {
    it("uses V8's defaults below 4 MiB of input and favours memory from there", () => {
        assert.deepEqual(heapSettingsFor(0), []);
        assert.deepEqual(heapSettingsFor(largeInputChars - 1), []);
        assert.deepEqual(heapSettingsFor(largeInputChars), ["--semi-space-growth-factor=1", "--heap-growing-percent=20"]);
        assert.equal(largeInputChars, 4 * 1024 * 1024);
    });

    it("lets a short run's young generation grow at once, and leaves larger runs to V8", () => {
        assert.deepEqual(shortRunSettingsFor(0), ["--semi-space-growth-factor=16"]);
        assert.deepEqual(shortRunSettingsFor(largeInputChars - 1), ["--semi-space-growth-factor=16"]);
        assert.deepEqual(shortRunSettingsFor(largeInputChars), []);
    });

    it("collects a short run's young generation a few times, not at every megabyte", function () {
        this.timeout(60_000);
        const corpus = path.join(repoRoot, "test", "fixtures", "corpus", "kubernetes");
        const files = fs.readdirSync(corpus).map((f) => path.join(corpus, f));
        const r = spawnSync(process.execPath, ["--trace-gc", path.join(repoRoot, "bin", "immutable-check.js"), ...files], {
            encoding: "utf8",
        });
        assert.ok(r.status === 0 || r.status === 1, r.stderr);
        const scavenges = (r.stdout.match(/Scavenge/g) ?? []).length;
        assert.ok(scavenges <= 5, `${scavenges} young-generation collections for the corpus (8 or 9 with V8's growth)`);
    });

    it("applies the settings once, when the YAML streams of a run add up to 4 MiB", () => {
        const applied: string[] = [];
        const onYaml = favourMemoryFromLargeYaml((s) => applied.push(s));
        onYaml(largeInputChars / 2);
        assert.deepEqual(applied, []);
        onYaml(largeInputChars / 2);
        assert.deepEqual(applied, heapSettingsFor(largeInputChars));
        onYaml(largeInputChars);
        assert.equal(applied.length, 2, "applied once");
    });

    describe("the command's process", function () {
        this.timeout(120_000);
        let dir: string;
        let large: string;
        let state: string;
        before(() => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "immutable-check-memory-"));
            large = path.join(dir, "large.yaml");
            fs.writeFileSync(large, largeManifest(largeInputChars + 1024));
            // A `pulumi stack export` of the same size: one writable Deployment, many times.
            const urn = (type: string, name: string) => `urn:pulumi:dev::memory::${type}::${name}`;
            const resources: unknown[] = [{ urn: urn("pulumi:pulumi:Stack", "memory-dev"), custom: false, type: "pulumi:pulumi:Stack" }];
            const padding = "x".repeat(2000);
            for (let i = 0; JSON.stringify(resources).length < largeInputChars + 1024; i++) {
                const inputs = {
                    apiVersion: "apps/v1",
                    kind: "Deployment",
                    metadata: { name: `web-${i}`, annotations: { note: padding } },
                    spec: { template: { spec: { containers: [{ name: "app", image: "nginx" }] } } },
                };
                resources.push({
                    urn: urn("kubernetes:apps/v1:Deployment", `web-${i}`),
                    custom: true,
                    type: "kubernetes:apps/v1:Deployment",
                    inputs,
                    outputs: inputs,
                });
            }
            state = path.join(dir, "state.json");
            fs.writeFileSync(
                state,
                JSON.stringify({ version: 3, deployment: { manifest: { time: "", magic: "", version: "" }, resources } }),
            );
        });
        after(() => fs.rmSync(dir, { recursive: true, force: true }));

        it("keeps V8's young generation small for a large input", () => {
            const command = youngGenerationAfter(large, false);
            const embedded = youngGenerationAfter(large, true);
            assert.ok(command <= 4, `the command's young generation grew to ${command} MiB`);
            // run() in someone else's process leaves V8 as it is: the young generation grows as usual.
            assert.ok(embedded >= 16, `run() in-process: young generation ${embedded} MiB (V8's default growth expected)`);
        });

        it("keeps V8's defaults for a Pulumi state of the same size (JSON parsed whole, not a YAML stream)", () => {
            const young = youngGenerationAfter(state, false);
            assert.ok(young >= 16, `the command's young generation on a state export: ${young} MiB (V8's default growth expected)`);
        });
    });
});
