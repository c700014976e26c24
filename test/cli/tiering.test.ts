// cli/tiering.ts: the command runs without V8's optimising compiler, and turns it on once its inputs
// add up to 1.5 MiB; `--trace-opt` shows what V8 optimised in the command's process.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { optimiseFor, optimiseFromChars } from "../../cli/tiering";

const repoRoot = path.resolve(__dirname, "..", "..");
const bin = path.join(repoRoot, "bin", "immutable-check.js");

/** How many functions V8 finished optimising in a run of the command on `args`. */
function optimisedIn(args: string[]): number {
    assert.ok(fs.existsSync(path.join(repoRoot, "dist", "cli", "tiering.js")), "dist/cli/tiering.js is missing: run npm run build");
    const r = spawnSync(process.execPath, ["--trace-opt", bin, "--format", "json", ...args], {
        encoding: "utf8",
        maxBuffer: 512 * 1024 * 1024,
    });
    assert.ok(r.status === 0 || r.status === 1, `the run failed (exit ${r.status}): ${r.stderr.slice(0, 2000)}`);
    return (r.stdout.match(/completed optimizing/g) ?? []).length;
}

function deployment(i: number): string {
    return [
        "---",
        "apiVersion: apps/v1",
        "kind: Deployment",
        `metadata: {name: web-${i}}`,
        "spec:",
        "  template:",
        "    spec:",
        "      containers:",
        `      - {name: app, image: "nginx:1.27", securityContext: {readOnlyRootFilesystem: ${i % 2 === 0}}}`,
        "",
    ].join("\n");
}

describe("immutable-check lets V8 optimise only runs over large inputs", function () {
    this.timeout(120_000);
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "immutable-check-tiering-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("from 1.5 MiB of input", () => {
        assert.equal(optimiseFromChars, 1.5 * 1024 * 1024);
        assert.equal(optimiseFor(optimiseFromChars - 1), false);
        assert.equal(optimiseFor(optimiseFromChars), true);
    });

    it("a run over a few manifests optimises nothing; one over 1.5 MiB does", () => {
        const small = path.join(dir, "small.yaml");
        fs.writeFileSync(small, Array.from({ length: 50 }, (_, i) => deployment(i)).join(""));
        const large = path.join(dir, "large.yaml");
        const parts: string[] = [];
        let size = 0;
        for (let i = 0; size < optimiseFromChars; i++) {
            parts.push(deployment(i));
            size += parts[parts.length - 1].length;
        }
        fs.writeFileSync(large, parts.join(""));
        assert.equal(optimisedIn([small]), 0, "V8 optimised functions in a small run");
        assert.ok(optimisedIn([large]) > 0, "V8 optimised nothing in a run over 1.5 MiB");
    });
});
