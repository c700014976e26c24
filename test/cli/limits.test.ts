// Issue #12, limits that hold for every input: `--max-bytes` stops the reading of devices,
// FIFOs, process substitution and standard input at the limit (exit 2, naming the limit and
// the option), and accepts the sizes people write.
import * as assert from "assert";
import { execFileSync, spawn, spawnSync } from "child_process";
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import { Readable } from "stream";
import { parseByteSize } from "../../cli/inputs";
import { run } from "../../cli/main";
import { runCli } from "./run";

const root = path.resolve(__dirname, "..", "..");
const passing = path.join(root, "test", "fixtures", "seed", "compose-v2-tmpfs.yml");
const overLimit = /limit of 64\.0 KiB.*--max-bytes/;

describe("immutable-check limits", () => {
    describe("--max-bytes sizes (parseByteSize)", () => {
        const accepted: Array<[string, number]> = [
            ["1048576", 1048576],
            ["1", 1],
            ["16Mi", 16 * 1024 ** 2],
            ["16MiB", 16 * 1024 ** 2],
            ["16mib", 16 * 1024 ** 2],
            ["512Ki", 512 * 1024],
            ["512KiB", 512 * 1024],
            ["2Gi", 2 * 1024 ** 3],
            ["1Ti", 1024 ** 4],
            // Docker's and Compose's grammar, which this command already read: binary multiples.
            ["64m", 64 * 1024 ** 2],
            ["16MB", 16 * 1024 ** 2],
            ["64k", 64 * 1024],
            ["1.5Mi", 1.5 * 1024 ** 2],
            ["100B", 100],
            ["16 MiB", 16 * 1024 ** 2],
            ["1e6", 1000000],
            // One grammar with the component's Docker sizes (policy-pack/workloads/quantities.ts parseHumanSize).
            ["1.5g", 1.5 * 1024 ** 3],
            ["0.5Ki", 512],
            ["1.5Ti", 1.5 * 1024 ** 4],
            ["5.", 5],
        ];
        for (const [text, bytes] of accepted) {
            it(`reads ${JSON.stringify(text)} as ${bytes} bytes`, () => {
                assert.deepStrictEqual(parseByteSize(text), { bytes });
            });
        }
        // Surrounding spaces, signs, underscores and Docker's other Go-literal spellings are no size
        // people type; `16mi` and `16 Mi` are neither Docker's nor Kubernetes' spelling.
        const refused = [
            "64 bananas",
            "lots",
            "",
            "0",
            "0.1",
            "-1",
            "16Mx",
            "Mi",
            "1.2.3",
            "16 M i B",
            "1e400",
            "0x10",
            "Infinity",
            " 16 MiB ",
            "16 ",
            "+16m",
            "1_000",
            "16mi",
            "16 Mi",
            "16MiBB",
            "1e30",
            "9Ei",
            "16\u212a",
        ];
        for (const text of refused) {
            it(`refuses ${JSON.stringify(text)}`, () => {
                const r = parseByteSize(text);
                assert.ok("error" in r, JSON.stringify(r));
            });
        }

        it("the command accepts 16Mi and refuses 64 bananas, exit 2 naming --max-bytes", async () => {
            const ok = await runCli(["--max-bytes", "16Mi", passing]);
            assert.strictEqual(ok.code, 0, ok.stderr);
            const bad = await runCli(["--max-bytes", "64 bananas", passing]);
            assert.strictEqual(bad.code, 2);
            assert.match(bad.stderr, /--max-bytes: "64 bananas" is not a size/);
            assert.strictEqual(bad.stdout, "");
        });
    });

    describe("inputs whose size is unknown in advance", function () {
        this.timeout(20000);
        let dir: string;
        beforeEach(async () => {
            dir = await fs.mkdtemp(path.join(os.tmpdir(), "immutable-check-limits-"));
        });
        afterEach(async () => {
            await fs.rm(dir, { recursive: true, force: true });
        });

        it("/dev/zero as a file stops at the limit: exit 2 naming the limit and --max-bytes, the other input still checked", async () => {
            // An endless read would hang until the test's timeout; the message proves the stop.
            const r = await runCli(["--max-bytes", "64KiB", "/dev/zero", passing]);
            assert.strictEqual(r.code, 2, r.stderr);
            assert.match(r.stderr, /\/dev\/zero: input is larger than the limit of 64\.0 KiB/);
            assert.match(r.stderr, overLimit);
            assert.match(r.stdout, /1 workload in 2 inputs checked/);
        });

        it("a FIFO with an endless writer: exit 2, and the writer gets EPIPE", async () => {
            const fifo = path.join(dir, "endless.yaml");
            execFileSync("mkfifo", [fifo]);
            // The writer writes until the reader goes away; Node ignores SIGPIPE, so it sees EPIPE.
            const writer = spawn(
                process.execPath,
                [
                    "-e",
                    `const fs = require("fs"); const fd = fs.openSync(process.argv[1], "w"); const b = Buffer.alloc(65536, 0x20);
                     try { for (;;) fs.writeSync(fd, b); } catch (e) { process.stdout.write(e.code); process.exit(42); }`,
                    fifo,
                ],
                { stdio: ["ignore", "pipe", "inherit"] },
            );
            let said = "";
            writer.stdout.on("data", (d: Buffer) => (said += d.toString()));
            const exited = new Promise<number | null>((resolve) => writer.on("exit", (code) => resolve(code)));
            try {
                const r = await runCli(["--max-bytes", "64KiB", fifo]);
                assert.strictEqual(r.code, 2, r.stderr);
                assert.match(r.stderr, /endless\.yaml: input is larger than the limit of 64\.0 KiB/);
                assert.match(r.stderr, overLimit);
                const code = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve("still writing"), 5000))]);
                assert.strictEqual(code, 42, "the writer stopped with EPIPE");
                assert.strictEqual(said, "EPIPE");
            } finally {
                writer.kill();
            }
        });

        it("endless standard input: exit 2 and the stream is destroyed", async function () {
            this.timeout(5000);
            let pulled = 0;
            // Chunks come from setImmediate, so a reader that never stops fails by timeout
            // instead of starving the event loop.
            const stdin = new Readable({
                read() {
                    pulled++;
                    setImmediate(() => this.push(Buffer.alloc(16384, 0x20)));
                },
            });
            let stderr = "";
            const code = await run(["--max-bytes", "64KiB", "-"], {
                stdin,
                stdout: { write: () => true },
                stderr: { write: (s: string) => (stderr += s) },
                env: {},
            });
            assert.strictEqual(code, 2, stderr);
            assert.match(stderr, /<stdin>: input is larger than the limit of 64\.0 KiB/);
            assert.match(stderr, overLimit);
            assert.strictEqual(stdin.destroyed, true);
            assert.ok(pulled < 64, `pulled ${pulled} chunks of 16 KiB for a 64 KiB limit`);
        });

        it("as a real process: process substitution and `- < /dev/zero` stop at the limit", function () {
            if (spawnSync("bash", ["-c", "true"]).status !== 0) {
                this.skip();
            }
            this.timeout(120000);
            const main = ["-r", "ts-node/register/transpile-only", path.join(root, "cli", "main.ts")].map((a) => `'${a}'`).join(" ");
            const p = spawnSync("bash", ["-c", `exec '${process.execPath}' ${main} --max-bytes 64KiB <(yes 'a: b') - < /dev/zero`], {
                cwd: root,
                encoding: "utf8",
                timeout: 90000,
            });
            assert.strictEqual(p.signal, null, `killed by ${p.signal}: ${p.stderr}`);
            assert.strictEqual(p.status, 2, p.stderr);
            assert.match(p.stderr, /\/dev\/fd\/\d+: input is larger than the limit of 64\.0 KiB/);
            assert.match(p.stderr, /<stdin>: input is larger than the limit of 64\.0 KiB/);
        });
    });
});
