// Bad inputs: clear errors with the file (and the parser's position), no crash, exit 2, and the
// other inputs still checked and reported.
import Ajv from "ajv";
import addFormats from "ajv-formats";
import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import { Readable } from "stream";
import { collectInputs, decodeText, InputFileSystem, realFileSystem, SkippedEntry } from "../../cli/inputs";
import { run } from "../../cli/main";
import { runCli } from "./run";

const seed = path.resolve(__dirname, "..", "fixtures", "seed");
const writable = "services:\n  web:\n    image: nginx:1.27\n";

describe("immutable-check inputs", () => {
    let dir: string;
    beforeEach(async () => {
        dir = await fs.mkdtemp(path.join(os.tmpdir(), "immutable-check-inputs-"));
    });
    afterEach(async () => {
        await fs.rm(dir, { recursive: true, force: true });
    });

    const bad: Array<{ name: string; content: Buffer | string; error: RegExp }> = [
        {
            name: "malformed.yaml",
            content: "services:\n  web:\n    image: [nginx\n",
            error: /malformed\.yaml:\d+:\d+: .*(flow|sequence|\])/i,
        },
        { name: "tabs.yaml", content: "services:\n\tweb: {}\n", error: /tabs\.yaml:2:\d+: /i },
        { name: "binary.yaml", content: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]), error: /binary\.yaml: binary file/ },
        { name: "latin1.yaml", content: Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0xe8, 0x0a]), error: /latin1\.yaml: not UTF-8 text/ },
        { name: "empty.yaml", content: "", error: /empty\.yaml: empty input/ },
        { name: "blank.yaml", content: "\n  \n", error: /blank\.yaml: empty input/ },
        {
            name: "bomb.yaml",
            content:
                'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n',
            error: /bomb\.yaml: .*alias/i,
        },
        { name: "deep-block.yaml", content: "- ".repeat(20000) + "x\n", error: /deep-block\.yaml:1:\d+: / },
        { name: "deep.yaml", content: "[".repeat(100000), error: /deep\.yaml:1:501: flow collections nested deeper than 500 levels/ },
    ];

    for (const b of bad) {
        it(`${b.name}: a clear error, exit 2, and the good file still reported`, async () => {
            await fs.writeFile(path.join(dir, b.name), b.content);
            await fs.writeFile(path.join(dir, "good.yml"), writable);
            const r = await runCli([dir]);
            assert.strictEqual(r.code, 2);
            assert.match(r.stderr, b.error);
            assert.match(r.stdout, /good\.yml:2:3 +mandatory +read-only-root-filesystem/);
            assert.match(r.stdout, /1 input could not be checked/);
        });
    }

    it("a huge input is refused with its size and the limit", async () => {
        const file = path.join(dir, "huge.yaml");
        await fs.writeFile(file, "items:\n" + "  - 0123456789\n".repeat(100000));
        const r = await runCli(["--max-bytes", "1MiB", file, path.join(seed, "compose-v2-tmpfs.yml")]);
        assert.strictEqual(r.code, 2);
        assert.match(r.stderr, /huge\.yaml: input is 1\.\d MiB, over the limit of 1\.0 MiB \(raise it with --max-bytes\)/);
        assert.match(r.stdout, /1 workload in 2 inputs checked/);
    });

    it("a large valid stream is checked (5,000 Deployments)", async () => {
        const doc = (i: number) =>
            `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d${i}\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: nginx@sha256:${"a".repeat(64)}\n`;
        const text = Array.from({ length: 5000 }, (_, i) => doc(i)).join("---\n");
        const r = await runCli(["--format", "json", "-"], text);
        const report = JSON.parse(r.stdout) as { summary: { workloads: number; mandatory: number } };
        assert.strictEqual(report.summary.workloads, 5000);
        assert.strictEqual(report.summary.mandatory, 5000);
        assert.strictEqual(r.code, 1);
    });

    it("a missing path is an error; the others are checked", async () => {
        const r = await runCli([path.join(dir, "nope.yaml"), path.join(seed, "compose-v2-tmpfs.yml")]);
        assert.strictEqual(r.code, 2);
        assert.match(r.stderr, /nope\.yaml: no such file or directory/);
        assert.match(r.stdout, /1 workload in 2 inputs checked/);
    });

    it("walks directories for *.json, *.yaml, *.yml (kubectl's FileExtensions), skipping node_modules and dot-folders by name", async () => {
        await fs.mkdir(path.join(dir, "sub"));
        await fs.mkdir(path.join(dir, "node_modules"));
        await fs.mkdir(path.join(dir, ".git"));
        for (const f of ["a.yaml", "sub/b.YML", "c.json", "node_modules/d.yaml", ".git/e.yml", "README.md", "f.yaml.orig"]) {
            await fs.writeFile(path.join(dir, f), writable);
        }
        const skipped: SkippedEntry[] = [];
        const inputs = await collectInputs([dir], { stdin: process.stdin, maxBytes: 1 << 20, onSkip: (s) => skipped.push(s) });
        assert.deepStrictEqual(
            inputs.map((i) => path.relative(dir, i.name)),
            ["a.yaml", "c.json", path.join("sub", "b.YML")],
        );
        assert.deepStrictEqual(
            skipped.map((s) => [path.relative(dir, s.path), s.reason]),
            [
                [".git", "hidden directory, not walked: name it to check it"],
                ["node_modules", "dependencies (node_modules), not walked: name it to check it"],
            ],
        );
    });

    it("a JSON manifest with a writable container in a directory is found, with its position", async () => {
        const deployment = {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: "web" },
            spec: { template: { spec: { containers: [{ name: "app", image: "nginx:1.27" }] } } },
        };
        await fs.writeFile(path.join(dir, "deploy.json"), JSON.stringify(deployment, null, 2));
        const r = await runCli([dir]);
        assert.strictEqual(r.code, 1, r.stderr);
        assert.match(r.stdout, /deploy\.json:\d+:\d+ +mandatory +read-only-root-filesystem +Deployment web, container "app"/);
        assert.match(r.stdout, /1 workload in 1 input checked/);
    });

    describe("what a walk skips is named, and the readable files are still reported", () => {
        beforeEach(async () => {
            await fs.writeFile(path.join(dir, "good.yml"), writable);
            await fs.mkdir(path.join(dir, ".git"));
            await fs.writeFile(path.join(dir, ".git", "hidden.yaml"), writable);
            await fs.mkdir(path.join(dir, "node_modules"));
            await fs.writeFile(path.join(dir, "node_modules", "dep.yaml"), writable);
            await fs.symlink(path.join(dir, "missing.yaml"), path.join(dir, "dangling.yaml"));
            await fs.symlink(".", path.join(dir, "loop"));
            await fs.symlink("self.yaml", path.join(dir, "self.yaml"));
            execFileSync("mkfifo", [path.join(dir, "fifo.yaml")]);
        });
        const expected: Array<[string, RegExp]> = [
            [".git", /hidden directory/],
            ["dangling.yaml", /dangling symbolic link/],
            ["fifo.yaml", /a FIFO, not a regular file/],
            ["loop", /symbolic link loop back to /],
            ["node_modules", /dependencies \(node_modules\)/],
            ["self.yaml", /symbolic link loop/],
        ];

        it("text: a line per skipped entry on stdout and on stderr; exit 1 from the readable file's finding", async () => {
            const r = await runCli([dir]);
            assert.strictEqual(r.code, 1, r.stderr);
            assert.match(r.stdout, /good\.yml:2:3 +mandatory +read-only-root-filesystem/);
            for (const [name, reason] of expected) {
                const at = path.join(dir, name).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
                assert.match(r.stdout, new RegExp(`^${at}  skipped  ${reason.source}`, "m"), name);
                assert.match(r.stderr, new RegExp(`^immutable-check: ${at}: skipped: ${reason.source}`, "m"), name);
            }
        });

        it("json: a skipped list with path and reason", async () => {
            const r = await runCli(["--format", "json", dir]);
            assert.strictEqual(r.code, 1, r.stderr);
            const report = JSON.parse(r.stdout) as { skipped: Array<{ path: string; reason: string }>; summary: { mandatory: number } };
            assert.deepStrictEqual(
                report.skipped.map((s) => path.relative(dir, s.path)),
                expected.map(([name]) => name),
            );
            report.skipped.forEach((s, i) => assert.match(s.reason, expected[i][1]));
            assert.strictEqual(report.summary.mandatory, 1);
        });

        it("sarif: each skipped entry is a tool notification of level note", async () => {
            const r = await runCli(["--format", "sarif", dir]);
            assert.strictEqual(r.code, 1, r.stderr);
            const log = JSON.parse(r.stdout) as {
                runs: Array<{
                    results: unknown[];
                    invocations: Array<{
                        executionSuccessful: boolean;
                        toolExecutionNotifications: Array<{ level: string; message: { text: string } }>;
                    }>;
                }>;
            };
            const notes = log.runs[0].invocations[0].toolExecutionNotifications.filter((n) => n.level === "note");
            assert.strictEqual(notes.length, expected.length);
            for (const [name] of expected) {
                assert.ok(
                    notes.some((n) => n.message.text.startsWith(`${path.join(dir, name)}: skipped: `)),
                    name,
                );
            }
            assert.strictEqual(log.runs[0].invocations[0].executionSuccessful, true);
            assert.ok(log.runs[0].results.length > 0);
            const ajv = new Ajv({ allErrors: true, strict: false });
            addFormats(ajv);
            const validate = ajv.compile(
                JSON.parse(await fs.readFile(path.join(__dirname, "..", "fixtures", "sarif-schema-2.1.0.json"), "utf8")) as object,
            );
            assert.ok(validate(log), JSON.stringify(validate.errors));
        });
    });

    it("unreadable entries (simulated EACCES on readdir and open, as chmod 000 does for non-root) are errors naming them; the rest is checked", async () => {
        await fs.mkdir(path.join(dir, "locked"));
        await fs.writeFile(path.join(dir, "locked", "inside.yaml"), writable);
        await fs.writeFile(path.join(dir, "secret.yaml"), writable);
        await fs.writeFile(path.join(dir, "good.yml"), writable);
        const denied = () => Promise.reject(Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" }));
        const fileSystem: InputFileSystem = {
            ...realFileSystem,
            readdir: (d) => (path.basename(d) === "locked" ? denied() : realFileSystem.readdir(d)),
            open: (f) => (path.basename(f) === "secret.yaml" ? denied() : realFileSystem.open(f)),
        };
        let stdout = "";
        let stderr = "";
        const code = await run([dir], {
            stdin: Readable.from([]),
            stdout: { write: (s: string) => (stdout += s) },
            stderr: { write: (s: string) => (stderr += s) },
            env: {},
            fileSystem,
        });
        assert.strictEqual(code, 2, stderr);
        assert.match(stderr, new RegExp(`${path.join(dir, "locked").replace(/[.]/g, "\\.")}: cannot list directory: permission denied`));
        assert.match(stderr, /secret\.yaml: permission denied/);
        assert.match(stdout, /good\.yml:2:3 +mandatory +read-only-root-filesystem/);
        assert.match(stdout, /2 inputs could not be checked/);
    });

    it("a mode-000 directory and file are errors naming them (as root, run as nobody: chmod does not stop root)", async function () {
        await fs.mkdir(path.join(dir, "locked"));
        await fs.writeFile(path.join(dir, "secret.yaml"), writable);
        await fs.writeFile(path.join(dir, "good.yml"), writable);
        await fs.chmod(path.join(dir, "locked"), 0);
        await fs.chmod(path.join(dir, "secret.yaml"), 0);
        try {
            let r: { code: number; stdout: string; stderr: string };
            if (process.getuid?.() === 0) {
                // Root reads mode-000 files, so the built command runs as nobody (setpriv, util-linux).
                await fs.chmod(dir, 0o755);
                await fs.chmod(path.join(dir, "good.yml"), 0o644);
                const launcher = path.resolve(__dirname, "..", "..", "bin", "immutable-check.js");
                const child = spawnSync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, launcher, dir], {
                    encoding: "utf8",
                });
                if (child.error) {
                    throw new Error(`this test runs as root and needs setpriv (util-linux) to drop to uid 65534: ${child.error.message}`);
                }
                r = { code: child.status ?? -1, stdout: child.stdout, stderr: child.stderr };
            } else {
                r = await runCli([dir]);
            }
            assert.strictEqual(r.code, 2, r.stderr);
            assert.match(r.stderr, /locked: cannot list directory: permission denied/);
            assert.match(r.stderr, /secret\.yaml: permission denied/);
            assert.match(r.stdout, /good\.yml:2:3 +mandatory +read-only-root-filesystem/);
        } finally {
            await fs.chmod(path.join(dir, "locked"), 0o755);
        }
    });

    it("a directory with nothing to check is an error, exit 2, like empty standard input", async () => {
        const empty = await runCli([dir]);
        assert.strictEqual(empty.code, 2);
        assert.match(empty.stderr, /: no \.json, \.yaml, \.yml file to check in this directory/);
        await fs.mkdir(path.join(dir, "node_modules"));
        await fs.writeFile(path.join(dir, "node_modules", "dep.yaml"), writable);
        await fs.writeFile(path.join(dir, "README.md"), "# not a manifest\n");
        const onlySkipped = await runCli(["--format", "json", dir]);
        assert.strictEqual(onlySkipped.code, 2);
        assert.match(onlySkipped.stderr, /no \.json, \.yaml, \.yml file to check in this directory \(skipped: node_modules\)/);
        assert.match(onlySkipped.stderr, /node_modules: skipped: dependencies/);
    });

    it("reads standard input for -, once", async () => {
        const r = await runCli(["--format", "json", "-", "-"], writable);
        const report = JSON.parse(r.stdout) as { findings: Array<{ file: string }>; summary: { inputs: number } };
        assert.strictEqual(report.summary.inputs, 1);
        assert.strictEqual(report.findings[0].file, "<stdin>");
        assert.strictEqual(r.code, 1);
    });

    it("empty standard input is an error, not a pass (a failed `helm template | immutable-check -`)", async () => {
        const r = await runCli(["-"], "");
        assert.strictEqual(r.code, 2);
        assert.match(r.stderr, /<stdin>: empty input/);
    });

    it("decodes UTF-16 with a byte order mark and strips a UTF-8 one", () => {
        const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("a: 1\n", "utf16le")]);
        assert.deepStrictEqual(decodeText(utf16, 1000), { text: "a: 1\n" });
        assert.deepStrictEqual(decodeText(Buffer.from("\ufeffa: 1\n"), 1000), { text: "a: 1\n" });
    });

    it("counts documents that are neither Kubernetes nor Compose as skipped", async () => {
        const r = await runCli(["--format", "json", "-"], "---\nfoo: bar\n---\n---\n- 1\n---\n" + writable);
        const report = JSON.parse(r.stdout) as { summary: { documents: number; skippedDocuments: number; workloads: number } };
        assert.deepStrictEqual(
            { documents: report.summary.documents, skipped: report.summary.skippedDocuments, workloads: report.summary.workloads },
            { documents: 4, skipped: 3, workloads: 1 },
        );
    });
});
