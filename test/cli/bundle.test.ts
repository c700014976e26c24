// The command as users run it is the bundle (dist/cli/immutable-check.js) with V8's code cache
// (cli/bundleLoader.ts, made by scripts/bundle-cli.js in `npm run build`). It must judge exactly as
// the modules do, and a cache V8 refuses (another Node release, a corrupt file) or a missing one
// must change nothing but the speed.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { sentinels } from "../helpers/sdkSentinels";
import { runCli } from "./run";

const repoRoot = path.resolve(__dirname, "..", "..");
const bin = path.join(repoRoot, "bin", "immutable-check.js");
const dist = path.join(repoRoot, "dist", "cli");
const fixtures = path.join(repoRoot, "test", "fixtures");

function filesIn(dir: string): string[] {
    return fs
        .readdirSync(dir)
        .sort()
        .map((f) => path.join(dir, f));
}

/** The command as users run it, in a child process. */
function command(args: string[], cwd = repoRoot, launcher = bin): { code: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [launcher, ...args], {
        cwd,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, NO_COLOR: "1" },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** What V8 does with `cache` for the bundle, in a process started as the command starts. */
function cacheVerdict(cache: string | null): string {
    const script = [
        `require(${JSON.stringify(path.join(dist, "tiering.js"))}).startUnoptimised();`,
        `const l = require(${JSON.stringify(path.join(dist, "bundleLoader.js"))});`,
        `const b = l.loadBundle(l.bundleFile, ${JSON.stringify(cache)});`,
        `if (typeof b.exports.run !== "function") throw new Error("no run in the bundle");`,
        `process.stdout.write(b.cache);`,
    ].join("\n");
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
}

describe("the bundled command", function () {
    this.timeout(120_000);
    before(() => {
        for (const f of ["immutable-check.js", "immutable-check.cache", "bundleLoader.js"]) {
            assert.ok(fs.existsSync(path.join(dist, f)), `dist/cli/${f} is missing: run npm run build`);
        }
    });

    it("judges every kind of input exactly as the modules do, in every format", async () => {
        const inputs = [
            ...filesIn(path.join(fixtures, "corpus", "kubernetes")),
            ...filesIn(path.join(fixtures, "corpus", "compose")),
            ...filesIn(path.join(fixtures, "ecs")),
            ...filesIn(path.join(fixtures, "state")),
            path.join(fixtures, "live", "kubectl-get-all.yaml"),
        ].map((f) => path.relative(repoRoot, f));
        for (const format of ["text", "json", "sarif"]) {
            const args = ["--format", format, ...inputs];
            const bundled = command(args);
            const modules = await runCli(args, "", { cwd: repoRoot });
            assert.ok(bundled.stdout.length > 1000, `${format}: the bundle printed ${bundled.stdout.length} characters`);
            assert.equal(bundled.stdout, modules.stdout, `${format}: the bundle's report differs from the modules'`);
            assert.equal(bundled.code, modules.code, `${format}: exit status`);
        }
    });

    it("refuses the gate's attacks from outside, as users run it: an unknown sentinel as the read-only flag or as the exemption", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "immutable-check-bundle-gate-"));
        try {
            const digest = `nginx@sha256:${"0".repeat(64)}`;
            for (const [i, sentinel] of sentinels.entries()) {
                const manifest = path.join(dir, `deployment-${i}.yaml`);
                fs.writeFileSync(
                    manifest,
                    [
                        "apiVersion: apps/v1",
                        "kind: Deployment",
                        "metadata:",
                        "  name: web",
                        `  annotations: {immutable-workloads/exempt: "${sentinel}"}`,
                        "spec:",
                        "  template:",
                        "    spec:",
                        "      containers:",
                        `      - {name: app, image: "${digest}", securityContext: {readOnlyRootFilesystem: "${sentinel}"}}`,
                        "",
                    ].join("\n"),
                );
                const compose = path.join(dir, `compose-${i}.yaml`);
                fs.writeFileSync(
                    compose,
                    `services:\n  web:\n    image: "${digest}"\n    read_only: "${sentinel}"\n    labels: {immutable-workloads/exempt: "${sentinel}"}\n`,
                );
                for (const file of [manifest, compose]) {
                    const r = command(["--format", "json", file]);
                    assert.equal(r.code, 1, `${path.basename(file)}: ${r.stdout}${r.stderr}`);
                    const findings = (JSON.parse(r.stdout) as { findings: Array<{ policy: string; level: string }> }).findings;
                    assert.ok(
                        findings.some((f) => f.policy === "read-only-root-filesystem" && f.level === "mandatory"),
                        `${path.basename(file)} passed the gate: ${r.stdout}`,
                    );
                }
            }
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("starts from the code cache the build made, and runs without one when it is missing, damaged or not this bundle's", () => {
        assert.equal(cacheVerdict(path.join(dist, "immutable-check.cache")), "accepted");
        assert.equal(cacheVerdict(null), "absent");
        assert.equal(cacheVerdict(path.join(os.tmpdir(), "no-such-immutable-check.cache")), "absent");
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "immutable-check-cache-"));
        try {
            const good = fs.readFileSync(path.join(dist, "immutable-check.cache"));
            // V8's data damaged (without its checksum V8 would crash on it), cut short, made for another build of the bundle, or not a cache at all.
            const damaged = Buffer.from(good);
            damaged.fill(7, 200, 4096);
            const otherBundle = Buffer.from(good);
            otherBundle[40] ^= 1; // a character of the build id
            for (const [name, bytes] of Object.entries({
                damaged,
                cut: good.subarray(0, good.length - 100),
                otherBundle,
                text: Buffer.from("not a cache"),
            })) {
                const file = path.join(dir, `${name}.cache`);
                fs.writeFileSync(file, bytes);
                assert.equal(cacheVerdict(file), "rejected", name);
            }
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("is what the launcher runs", () => {
        const r = spawnSync(
            process.execPath,
            [
                "-e",
                `process.on("exit", () => process.stderr.write("LOADED " + JSON.stringify(Object.keys(require.cache)) + "\\n")); require(${JSON.stringify(bin)})`,
                path.join(fixtures, "live", "kubectl-get-all.yaml"),
            ],
            { encoding: "utf8" },
        );
        const m = /LOADED (.*)/.exec(r.stderr);
        assert.ok(m, r.stderr);
        const loaded = (JSON.parse(m[1]) as string[]).map((f) => path.relative(repoRoot, f));
        assert.ok(loaded.includes("dist/cli/bundleLoader.js"), loaded.join(" "));
        assert.deepEqual(
            loaded.filter((f) => f.startsWith("dist/cli/") && !["dist/cli/bundleLoader.js", "dist/cli/tiering.js"].includes(f)),
            [],
            "the launcher loaded the checker's modules instead of the bundle",
        );
    });

    it("falls back to the compiled modules when the package has no bundle, or one older than them", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "immutable-check-nobundle-"));
        try {
            fs.mkdirSync(path.join(dir, "bin"));
            fs.copyFileSync(bin, path.join(dir, "bin", "immutable-check.js"));
            fs.cpSync(path.join(repoRoot, "dist"), path.join(dir, "dist"), { recursive: true });
            fs.rmSync(path.join(dir, "dist", "cli", "immutable-check.js"));
            fs.rmSync(path.join(dir, "dist", "cli", "immutable-check.cache"));
            fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"));
            fs.copyFileSync(path.join(repoRoot, "package.json"), path.join(dir, "package.json"));
            const manifest = path.join(
                fixtures,
                "corpus",
                "kubernetes",
                fs.readdirSync(path.join(fixtures, "corpus", "kubernetes")).sort()[0],
            );
            const fallback = command(["--format", "json", manifest], dir, path.join(dir, "bin", "immutable-check.js"));
            const bundled = command(["--format", "json", manifest]);
            assert.equal(fallback.stdout, bundled.stdout);
            assert.equal(fallback.code, bundled.code);
            assert.ok(fallback.stdout.includes('"findings"'));

            // A bundle older than the compiled modules (tsc run without npm run build) is stale: the modules run.
            const stale = path.join(dir, "dist", "cli", "immutable-check.js");
            fs.writeFileSync(stale, 'exports.main = () => { process.stdout.write("stale bundle"); };');
            const past = new Date(Date.now() - 60_000);
            fs.utimesSync(stale, past, past);
            const fresh = command(["--format", "json", manifest], dir, path.join(dir, "bin", "immutable-check.js"));
            assert.equal(fresh.stdout, bundled.stdout, "the launcher ran a bundle older than the modules");
            // The same bundle, newer than the modules, is what runs.
            const future = new Date(Date.now() + 60_000);
            fs.utimesSync(stale, future, future);
            assert.equal(command([manifest], dir, path.join(dir, "bin", "immutable-check.js")).stdout, "stale bundle");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
