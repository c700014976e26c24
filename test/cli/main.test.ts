// The command as users run it: arguments, formats, exit statuses, colour; in-process through
// `run`, and as a real process through the launcher.
import * as assert from "assert";
import { spawnSync } from "child_process";
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import { runCli } from "./run";

const root = path.resolve(__dirname, "..", "..");
const seed = path.join(root, "test", "fixtures", "seed");
const writable = "services:\n  web:\n    image: nginx:1.27\n";
const passing = path.join(seed, "compose-v2-tmpfs.yml");

describe("immutable-check command", () => {
    describe("exit statuses", () => {
        const cases: Array<[string, string[], string, number]> = [
            ["no mandatory finding", [passing], "", 0],
            ["a mandatory finding", ["-"], writable, 1],
            ["no input named", [], "", 2],
            ["an unknown option", ["--frobnicate", passing], "", 2],
            ["an unknown format", ["--format", "xml", passing], "", 2],
            ["a --max-bytes that is not a size", ["--max-bytes", "lots", passing], "", 2],
            ["a --max-bytes of 16Mi", ["--max-bytes", "16Mi", passing], "", 0],
            ["a config file that does not exist", ["--config", "/nonexistent.json", passing], "", 2],
            ["--help", ["--help"], "", 0],
            ["--version", ["--version"], "", 0],
        ];
        for (const [name, args, stdin, code] of cases) {
            it(`${code} for ${name}`, async () => {
                const r = await runCli(args, stdin);
                assert.strictEqual(r.code, code, r.stderr);
            });
        }
    });

    it("--config at remediate: a file cannot be remediated, so the finding is mandatory and the exit 1, as the engine reports it", async () => {
        const dir = await fs.mkdtemp(path.join(os.tmpdir(), "immutable-check-config-"));
        const config = path.join(dir, "config.json");
        await fs.writeFile(config, JSON.stringify({ "read-only-root-filesystem": "remediate" }));
        const r = await runCli(["--config", config, "--format", "json", "-"], writable);
        const report = JSON.parse(r.stdout) as { findings: Array<{ policy: string; level: string }> };
        assert.deepStrictEqual(
            report.findings.filter((f) => f.policy === "read-only-root-filesystem").map((f) => f.level),
            ["mandatory"],
        );
        assert.strictEqual(r.code, 1, r.stderr);
    });

    it("--config downgrades a policy as --policy-pack-config does", async () => {
        const dir = await fs.mkdtemp(path.join(os.tmpdir(), "immutable-check-config-"));
        const config = path.join(dir, "config.json");
        await fs.writeFile(config, JSON.stringify({ "read-only-root-filesystem": "advisory" }));
        const r = await runCli(["--config", config, "--format", "json", "-"], writable);
        const report = JSON.parse(r.stdout) as { findings: Array<{ policy: string; level: string }> };
        assert.ok(report.findings.some((f) => f.policy === "read-only-root-filesystem" && f.level === "advisory"));
        assert.strictEqual(r.code, 0);
        await fs.writeFile(config, JSON.stringify({ "read-only-root-filesystem": { exemptImages: 3 } }));
        const bad = await runCli(["--config", config, "-"], writable);
        assert.strictEqual(bad.code, 2);
        assert.match(bad.stderr, /invalid config .*\n {2}read-only-root-filesystem\.exemptImages: must be array/);
        await fs.rm(dir, { recursive: true });
    });

    it("--config with a UTF-8 byte order mark is read, not refused with Unexpected token", async () => {
        const dir = await fs.mkdtemp(path.join(os.tmpdir(), "immutable-check-config-"));
        try {
            const config = path.join(dir, "config.json");
            await fs.writeFile(
                config,
                Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ "read-only-root-filesystem": "advisory" }))]),
            );
            const r = await runCli(["--config", config, "--format", "json", "-"], writable);
            assert.strictEqual(r.code, 0, r.stderr);
            const report = JSON.parse(r.stdout) as { findings: Array<{ policy: string; level: string }> };
            assert.ok(report.findings.some((f) => f.policy === "read-only-root-filesystem" && f.level === "advisory"));
        } finally {
            await fs.rm(dir, { recursive: true });
        }
    });

    it("--config is read no further than --max-bytes (a config of /dev/zero fails fast)", async () => {
        const r = await runCli(["--max-bytes", "4Ki", "--config", "/dev/zero", "-"], writable);
        assert.strictEqual(r.code, 2);
        assert.match(r.stderr, /config \/dev\/zero: input is larger than the limit of 4\.0 KiB .*--max-bytes/);
    });

    it("--help names what directories are walked for, the --max-bytes grammar and the exit statuses", async () => {
        const r = await runCli(["--help"]);
        assert.strictEqual(r.code, 0);
        const help = r.stdout.replace(/\s+/g, " ");
        assert.match(help, /\*\.json, \*\.yaml, \*\.yml/);
        assert.match(help, /--max-bytes <size> .*16MiB/);
        assert.match(help, /Exit status: 0 no mandatory finding, 1 at least one, 2 /);
    });

    it("--format json lists findings with positions, the errors and the counts", async () => {
        const r = await runCli(["--format", "json", "-"], writable);
        const report = JSON.parse(r.stdout) as {
            findings: Array<Record<string, unknown>>;
            errors: unknown[];
            summary: Record<string, number>;
        };
        const f = report.findings.find((x) => x.policy === "read-only-root-filesystem");
        assert.deepStrictEqual(
            { file: f?.file, line: f?.line, column: f?.column, level: f?.level, kind: f?.kind, name: f?.name, path: f?.path },
            { file: "<stdin>", line: 2, column: 3, level: "mandatory", kind: "service", name: "web", path: "readOnly" },
        );
        assert.deepStrictEqual(report.errors, []);
        assert.strictEqual(report.summary.mandatory, 1);
    });

    const esc = "\u001b[";
    it("colours the text report only on a terminal", async () => {
        const piped = await runCli(["-"], writable);
        assert.ok(!piped.stdout.includes(esc));
        const tty = await runCli(["-"], writable, { tty: true });
        assert.ok(tty.stdout.includes(`${esc}31mmandatory${esc}0m`));
        const forcedOff = await runCli(["--no-color", "-"], writable, { tty: true });
        assert.ok(!forcedOff.stdout.includes(esc));
        const forcedOn = await runCli(["--color", "-"], writable);
        assert.ok(forcedOn.stdout.includes(esc));
    });

    it("ends the text report with a summary line with counts", async () => {
        const r = await runCli(["-"], writable + "---\nfoo: bar\n");
        const last = r.stdout.trimEnd().split("\n").pop();
        assert.match(
            last ?? "",
            /^1 mandatory finding, \d+ advisory findings?: 1 workload in 1 input checked, 2 documents read, 1 skipped/,
        );
    });

    describe("as a real process", function () {
        this.timeout(120000);
        // The sources through ts-node, so that a stale dist/ cannot stand in for them.
        const command = ["-r", "ts-node/register/transpile-only", path.join(root, "cli", "main.ts")];
        const spawnOptions = { cwd: root, encoding: "utf8" as const };

        it("reads standard input and exits 1 on a mandatory finding", () => {
            const p = spawnSync(process.execPath, [...command, "--format", "json", "-"], { ...spawnOptions, input: writable });
            assert.strictEqual(p.status, 1, p.stderr);
            const report = JSON.parse(p.stdout) as { summary: { mandatory: number } };
            assert.strictEqual(report.summary.mandatory, 1);
        });

        it("exits 0 on the seed examples and 2 on an unreadable file, reporting the rest", () => {
            const ok = spawnSync(process.execPath, [...command, seed], spawnOptions);
            assert.strictEqual(ok.status, 0, ok.stdout + ok.stderr);
            const bad = spawnSync(process.execPath, [...command, path.join(seed, "missing.yaml"), passing], spawnOptions);
            assert.strictEqual(bad.status, 2);
            assert.match(bad.stderr, /missing\.yaml: no such file or directory/);
            assert.match(bad.stdout, /1 workload in 2 inputs checked/);
        });

        it("the bin launcher starts the command", () => {
            const p = spawnSync(process.execPath, [path.join(root, "bin", "immutable-check.js"), "--version"], spawnOptions);
            assert.strictEqual(p.status, 0, p.stderr);
            assert.match(p.stdout, /^\d+\.\d+\.\d+/);
        });
    });
});
