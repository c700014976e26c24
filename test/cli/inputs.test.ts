// Bad inputs: clear errors with the file (and the parser's position), no crash, exit 2, and the
// other inputs still checked and reported.
import * as assert from "assert";
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import { collectInputs, decodeText } from "../../cli/inputs";
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
        { name: "malformed.yaml", content: "services:\n  web:\n    image: [nginx\n", error: /malformed\.yaml:\d+:\d+: .*(flow|sequence|\])/i },
        { name: "tabs.yaml", content: "services:\n\tweb: {}\n", error: /tabs\.yaml:2:\d+: /i },
        { name: "binary.yaml", content: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]), error: /binary\.yaml: binary file/ },
        { name: "latin1.yaml", content: Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0xe8, 0x0a]), error: /latin1\.yaml: not UTF-8 text/ },
        { name: "empty.yaml", content: "", error: /empty\.yaml: empty input/ },
        { name: "blank.yaml", content: "\n  \n", error: /blank\.yaml: empty input/ },
        {
            name: "bomb.yaml",
            content: 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n',
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

    it("walks directories for *.yaml / *.yml only, skipping node_modules and dot-folders", async () => {
        await fs.mkdir(path.join(dir, "sub"));
        await fs.mkdir(path.join(dir, "node_modules"));
        await fs.mkdir(path.join(dir, ".git"));
        for (const f of ["a.yaml", "sub/b.YML", "c.json", "node_modules/d.yaml", ".git/e.yml", "README.md"]) {
            await fs.writeFile(path.join(dir, f), writable);
        }
        const inputs = await collectInputs([dir], { stdin: process.stdin, maxBytes: 1 << 20 });
        assert.deepStrictEqual(
            inputs.map((i) => path.relative(dir, i.name)),
            ["a.yaml", path.join("sub", "b.YML")],
        );
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
