// Issue #12, items 3 and 4: manifests whose YAML the checker used to read differently from
// kubectl, so that a writable container passed (or a read-only one failed). Each case is a whole
// `immutable-check` run on a file; the expected verdicts are what kubectl deploys, as the
// reference reader (test/differential/k8s-yaml, sigs.k8s.io/yaml + k8s.io/apimachinery) and
// cli-runtime's resource builder read these manifests.
import * as assert from "assert";
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import { runCli } from "./run";

interface Report {
    findings: Array<{ policy: string; level: string; line: number; name: string; container?: string }>;
    summary: { workloads: number; mandatory: number };
}

async function check(text: string): Promise<{ code: number; report: Report; stderr: string }> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "yaml-kubectl-"));
    const file = path.join(dir, "manifest.yaml");
    await fs.writeFile(file, text);
    try {
        const r = await runCli(["--format", "json", file]);
        return {
            code: r.code,
            report: JSON.parse(r.stdout || '{"findings":[],"summary":{"workloads":0,"mandatory":0}}') as Report,
            stderr: r.stderr,
        };
    } finally {
        await fs.rm(dir, { recursive: true });
    }
}

function writable(report: Report): Array<{ name: string; container?: string; line: number }> {
    return report.findings
        .filter((f) => f.policy === "read-only-root-filesystem" && f.level === "mandatory")
        .map((f) => ({ name: f.name, container: f.container, line: f.line }));
}

/** A Pod whose one container's securityContext is `securityContext` (YAML, indented by 6). */
function pod(securityContext: string, preamble = ""): string {
    return `${preamble}apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: registry.example.com/app@sha256:${"a".repeat(64)}
      securityContext:
${securityContext
    .split("\n")
    .map((l) => `        ${l}`)
    .join("\n")}
`;
}

describe("immutable-check reads manifests as kubectl does (issue #12)", () => {
    describe("merge keys: go-yaml v2 applies `<<` where it stands, so a later `<<` overrides the keys before it", () => {
        const cases: Array<[string, string, boolean]> = [
            [
                "explicit true, then a merged false (the issue's bypass)",
                "readOnlyRootFilesystem: true\n<<: {readOnlyRootFilesystem: false}",
                false,
            ],
            ["a merged false, then explicit true", "<<: {readOnlyRootFilesystem: false}\nreadOnlyRootFilesystem: true", true],
            ["two `<<` keys: the later wins", "<<: {readOnlyRootFilesystem: true}\n<<: {readOnlyRootFilesystem: false}", false],
            ["two `<<` keys, the other way round", "<<: {readOnlyRootFilesystem: false}\n<<: {readOnlyRootFilesystem: true}", true],
            ["a merged list: the first map listed wins", "<<: [{readOnlyRootFilesystem: false}, {readOnlyRootFilesystem: true}]", false],
            ["explicit true, then `!!merge <<`", "readOnlyRootFilesystem: true\n!!merge <<: {readOnlyRootFilesystem: false}", false],
            ["explicit true, then `? <<`", "readOnlyRootFilesystem: true\n? <<\n: {readOnlyRootFilesystem: false}", false],
            ["a quoted '<<' is a plain key, not a merge", "readOnlyRootFilesystem: true\n'<<': {readOnlyRootFilesystem: false}", true],
        ];
        for (const [title, securityContext, readOnly] of cases) {
            it(`${title}: ${readOnly ? "read-only, passes" : "writable, fails"}`, async () => {
                const { code, report } = await check(pod(securityContext));
                assert.strictEqual(writable(report).length, readOnly ? 0 : 1, JSON.stringify(report.findings));
                assert.strictEqual(code, readOnly ? 0 : 1);
            });
        }

        it("through anchors and aliases: an aliased writable map merged after the key", async () => {
            const text = `x-writable: &writable {readOnlyRootFilesystem: false}\n${pod("readOnlyRootFilesystem: true\n<<: *writable")}`;
            const { code, report } = await check(text);
            assert.deepStrictEqual(
                writable(report).map((f) => f.container),
                ["app"],
            );
            assert.strictEqual(code, 1);
        });
    });

    describe("duplicate keys: kubectl keeps the last one", () => {
        it("readOnlyRootFilesystem: true then false is writable (was refused as invalid YAML)", async () => {
            const { code, report } = await check(pod("readOnlyRootFilesystem: true\nreadOnlyRootFilesystem: false"));
            assert.strictEqual(writable(report).length, 1);
            assert.strictEqual(code, 1);
        });

        it("false then true is read-only", async () => {
            const { code } = await check(pod("readOnlyRootFilesystem: false\nreadOnlyRootFilesystem: true"));
            assert.strictEqual(code, 0);
        });
    });

    describe("YAML 1.1 booleans as go-yaml v2 resolves them", () => {
        for (const word of ["y", "Y", "yes", "on", "ON", "True"]) {
            it(`readOnlyRootFilesystem: ${word} is true: passes`, async () => {
                const { code, report } = await check(pod(`readOnlyRootFilesystem: ${word}`));
                assert.deepStrictEqual(writable(report), []);
                assert.strictEqual(code, 0);
            });
        }
        for (const word of ["n", "N", "no", "off", "'y'", '"true"', "!!str true", "oN", "tRUE"]) {
            it(`readOnlyRootFilesystem: ${word} is not true: fails`, async () => {
                const { code, report } = await check(pod(`readOnlyRootFilesystem: ${word}`));
                assert.strictEqual(writable(report).length, 1);
                assert.strictEqual(code, 1);
            });
        }
        it('an aliased `y` is true, `!!bool "yes"` too', async () => {
            assert.strictEqual((await check(pod("readOnlyRootFilesystem: &t y\nallowPrivilegeEscalation: false"))).code, 0);
            assert.strictEqual((await check(pod('readOnlyRootFilesystem: !!bool "yes"'))).code, 0);
        });
    });

    describe("lists: kubectl flattens any object with items", () => {
        const deployment = (name: string, readOnly: boolean) =>
            `{metadata: {name: ${name}}, spec: {selector: {matchLabels: {app: ${name}}}, template: {metadata: {labels: {app: ${name}}}, spec: {containers: [{name: c, image: "r.example.com/i@sha256:${"b".repeat(64)}", securityContext: {readOnlyRootFilesystem: ${readOnly}}}]}}}}`;

        it("a List nested 12 deep is checked to the bottom (was: 0 workloads, exit 0)", async () => {
            let inner = `{apiVersion: apps/v1, kind: Deployment, ${deployment("deep", false).slice(1)}`;
            for (let i = 0; i < 12; i++) {
                inner = `{apiVersion: v1, kind: List, items: [${inner}]}`;
            }
            const { code, report } = await check(`${inner}\n`);
            assert.strictEqual(report.summary.workloads, 1);
            assert.deepStrictEqual(
                writable(report).map((f) => f.name),
                ["deep"],
            );
            assert.strictEqual(code, 1);
        });

        const nestedLists = (depth: number) => {
            const lines: string[] = [];
            for (let i = 0; i < depth; i++) {
                const pad = "  ".repeat(i);
                lines.push(`${pad}- apiVersion: v1`, `${pad}  kind: List`, `${pad}  items:`);
            }
            const pad = "  ".repeat(depth);
            lines.push(
                `${pad}- apiVersion: v1`,
                `${pad}  kind: Pod`,
                `${pad}  metadata: {name: bottom}`,
                `${pad}  spec: {containers: [{name: c, image: x, securityContext: {readOnlyRootFilesystem: false}}]}`,
            );
            return `apiVersion: v1\nkind: List\nitems:\n${lines.join("\n")}\n`;
        };

        it("a List nested 300 deep in block style is checked to the bottom", async () => {
            const { code, report } = await check(nestedLists(300));
            assert.deepStrictEqual(
                writable(report).map((f) => f.name),
                ["bottom"],
            );
            assert.strictEqual(code, 1);
        });

        it("nesting beyond what can be read is refused, never passed: exit 2 naming the limit", async () => {
            const { code, stderr, report } = await check(nestedLists(2000));
            assert.strictEqual(code, 2);
            assert.match(stderr, /nested (deeper than \d+ levels|too deeply)/);
            assert.deepStrictEqual(report.findings, []);
        });

        it("a DeploymentList's items without kind and apiVersion are Deployments (kubectl defaults them)", async () => {
            const text = `apiVersion: apps/v1\nkind: DeploymentList\nitems:\n  - ${deployment("bare", false)}\n`;
            const { code, report } = await check(text);
            assert.deepStrictEqual(
                writable(report).map((f) => f.name),
                ["bare"],
            );
            assert.strictEqual(code, 1);
        });

        it("an object of another kind that carries items: its items are checked too", async () => {
            const text = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: carrier}\nitems:\n  - ${deployment("carried", false)}\n`;
            const { code, report } = await check(text);
            assert.ok(
                writable(report).some((f) => f.name === "carried"),
                JSON.stringify(report.findings),
            );
            assert.strictEqual(code, 1);
        });
    });

    describe("documents: cut where kubectl cuts them", () => {
        it("a `--- !!map` line is refused as kubectl refuses it (exit 2)", async () => {
            const { code, stderr } = await check(
                `${pod("readOnlyRootFilesystem: true")}--- !!map\n${pod("readOnlyRootFilesystem: false")}`,
            );
            assert.strictEqual(code, 2);
            assert.match(stderr, /document separator/);
        });

        it("`--- # comment` separates documents; each is checked", async () => {
            const { code, report } = await check(
                `${pod("readOnlyRootFilesystem: true")}--- # next\n${pod("readOnlyRootFilesystem: false")}`,
            );
            assert.strictEqual(writable(report).length, 1);
            assert.strictEqual(code, 1);
        });
    });

    it("positions of findings in a merged map point at the line that set the value", async () => {
        const text = pod("readOnlyRootFilesystem: true\n<<: {readOnlyRootFilesystem: false}");
        const { report } = await check(text);
        const line = text.split("\n").findIndex((l) => l.includes("<<: {readOnlyRootFilesystem: false}")) + 1;
        assert.deepStrictEqual(
            writable(report).map((f) => f.line),
            [line],
        );
    });
});
