// The project's motivating WordPress site, in its three Compose forms and on Kubernetes: the
// compliant versions pass; their writable variants fail at the right line and column.
import * as assert from "assert";
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import { positionOf, runCli } from "./run";

const seed = path.resolve(__dirname, "..", "fixtures", "seed");
const files = ["compose-v3-read-only.yml", "compose-v3-tmpfs-volume.yml", "compose-v2-tmpfs.yml", "kubernetes-deployment.yaml"];

interface JsonFinding {
    file: string;
    line: number;
    column: number;
    policy: string;
    level: string;
    name: string;
    container?: string;
}

async function judge(text: string, name: string): Promise<{ code: number; findings: JsonFinding[] }> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "immutable-check-"));
    const file = path.join(dir, name);
    await fs.writeFile(file, text);
    const r = await runCli(["--format", "json", file]);
    await fs.rm(dir, { recursive: true });
    return { code: r.code, findings: (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings };
}

function mandatory(findings: JsonFinding[], policy: string): JsonFinding[] {
    return findings.filter((f) => f.level === "mandatory" && f.policy === policy);
}

describe("immutable-check on the seed examples", () => {
    for (const name of files) {
        it(`${name} passes: no mandatory finding, exit 0`, async () => {
            const r = await runCli(["--format", "json", path.join(seed, name)]);
            const report = JSON.parse(r.stdout) as { findings: JsonFinding[]; summary: { workloads: number } };
            assert.deepStrictEqual(
                report.findings.filter((f) => f.level === "mandatory"),
                [],
            );
            assert.ok(report.summary.workloads >= 1);
            assert.strictEqual(r.code, 0);
        });
    }

    it("the whole seed folder passes in one run", async () => {
        const r = await runCli([seed]);
        assert.strictEqual(r.code, 0, r.stdout);
        assert.match(r.stdout, /0 mandatory findings/);
    });

    const composeFiles = files.filter((f) => f.startsWith("compose"));
    for (const name of composeFiles) {
        it(`${name} with read_only: false fails at the read_only key`, async () => {
            const text = (await fs.readFile(path.join(seed, name), "utf8")).replace(/read_only: true/g, "read_only: false");
            const { code, findings } = await judge(text, name);
            const writable = mandatory(findings, "read-only-root-filesystem");
            const expected = [];
            for (let i = 1; i <= (text.match(/read_only: false/g) ?? []).length; i++) {
                expected.push(positionOf(text, "read_only: false", i));
            }
            assert.deepStrictEqual(
                writable.map((f) => ({ line: f.line, column: f.column })),
                expected,
            );
            assert.strictEqual(code, 1);
        });

        it(`${name} without read_only fails at the service`, async () => {
            const text = (await fs.readFile(path.join(seed, name), "utf8")).replace(/^ +read_only: true\n/gm, "");
            const { code, findings } = await judge(text, name);
            const writable = mandatory(findings, "read-only-root-filesystem");
            assert.ok(writable.length > 0);
            for (const f of writable) {
                const key = positionOf(text, `\n  ${f.name}:`);
                assert.deepStrictEqual({ line: f.line, column: f.column }, { line: key.line + 1, column: 3 }, f.name);
            }
            assert.strictEqual(code, 1);
        });
    }

    it("a writable host mount in the v3 file fails at its volume entry", async () => {
        const text = (await fs.readFile(path.join(seed, "compose-v3-read-only.yml"), "utf8")).replace(
            "wp_content:/var/www/html/wp-content",
            "./wp-content:/var/www/html/wp-content",
        );
        const { code, findings } = await judge(text, "compose.yml");
        const mounts = mandatory(findings, "no-writable-host-mounts");
        assert.strictEqual(mounts.length, 1);
        const at = positionOf(text, "./wp-content:");
        assert.deepStrictEqual({ line: mounts[0].line, column: mounts[0].column }, at);
        assert.strictEqual(code, 1);
        // …and `:ro` makes it read-only.
        const ro = await judge(text.replace("/var/www/html/wp-content", "/var/www/html/wp-content:ro"), "compose.yml");
        assert.deepStrictEqual(mandatory(ro.findings, "no-writable-host-mounts"), []);
    });

    it("the Deployment with readOnlyRootFilesystem: false fails at that key", async () => {
        const text = (await fs.readFile(path.join(seed, "kubernetes-deployment.yaml"), "utf8")).replace(
            "readOnlyRootFilesystem: true",
            "readOnlyRootFilesystem: false",
        );
        const { code, findings } = await judge(text, "deployment.yaml");
        const writable = mandatory(findings, "read-only-root-filesystem");
        assert.strictEqual(writable.length, 1);
        assert.strictEqual(writable[0].container, "wordpress");
        assert.deepStrictEqual({ line: writable[0].line, column: writable[0].column }, positionOf(text, "readOnlyRootFilesystem: false"));
        assert.strictEqual(code, 1);
    });

    it("the Deployment without securityContext fails at the container", async () => {
        const text = (await fs.readFile(path.join(seed, "kubernetes-deployment.yaml"), "utf8")).replace(
            /^ +securityContext:\n +readOnlyRootFilesystem: true\n +allowPrivilegeEscalation: false\n/m,
            "",
        );
        const { findings } = await judge(text, "deployment.yaml");
        const writable = mandatory(findings, "read-only-root-filesystem");
        assert.strictEqual(writable.length, 1);
        // The container's mapping starts at its first key, after "- ".
        assert.deepStrictEqual(
            { line: writable[0].line, column: writable[0].column },
            positionOf(text, "name: wordpress\n          image"),
        );
    });

    it("the exemption marker works as a Compose service label", async () => {
        const text = (await fs.readFile(path.join(seed, "compose-v3-read-only.yml"), "utf8"))
            .replace(/read_only: true/g, "read_only: false")
            .replace(
                "    image: mysql:8.0\n",
                '    image: mysql:8.0\n    labels:\n      immutable-workloads/exempt: "mysqld writes its socket beside its data"\n',
            );
        const { findings } = await judge(text, "compose.yml");
        assert.deepStrictEqual(
            mandatory(findings, "read-only-root-filesystem").map((f) => f.name),
            ["wordpress"],
        );
    });
});
