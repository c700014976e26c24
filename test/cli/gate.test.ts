// The gate holds in immutable-check: a file never holds unknowns, and user data is never a proxy.
import * as assert from "assert";
import { runCli } from "./run";
import { sentinels } from "../helpers/sdkSentinels";

function deployment(containerYaml: string, annotations = "", podSpecExtra = ""): string {
    return (
        [
            "apiVersion: apps/v1",
            "kind: Deployment",
            "metadata:",
            "  name: web",
            annotations ? `  annotations:\n${annotations}` : "",
            "spec:",
            "  selector: {matchLabels: {app: web}}",
            "  template:",
            "    metadata: {labels: {app: web}}",
            "    spec:",
            podSpecExtra,
            "      containers:",
            containerYaml,
        ]
            .filter((l) => l !== "")
            .join("\n") + "\n"
    );
}

const writableContainer = "      - name: app\n        image: nginx:1.27\n";
const readOnlyContainer = (sc: string) =>
    `      - name: app\n        image: nginx:1.27\n        securityContext: {readOnlyRootFilesystem: true${sc}}\n`;

async function mandatory(yaml: string): Promise<Array<{ policy: string; message: string }>> {
    const r = await runCli(["--format", "json", "-"], yaml);
    const report = JSON.parse(r.stdout) as { findings: Array<{ policy: string; level: string; message: string }> };
    assert.strictEqual(r.code, report.findings.some((f) => f.level === "mandatory") ? 1 : 0, r.stderr);
    return report.findings.filter((f) => f.level === "mandatory");
}

describe("immutable-check: the gate holds", () => {
    for (const sentinel of sentinels) {
        it(`an exemption annotation ${sentinel} exempts nothing (a file never holds unknowns)`, async () => {
            const found = await mandatory(deployment(writableContainer, `    immutable-workloads/exempt: "${sentinel}"`));
            assert.strictEqual(found.filter((f) => f.policy === "read-only-root-filesystem").length, 1, JSON.stringify(found));
            assert.match(found[0].message, /exempts nothing/);
        });
    }
    it(`readOnlyRootFilesystem: "${sentinels[0]}" is not true`, async () => {
        const found = await mandatory(
            deployment(
                `      - name: app\n        image: nginx:1.27\n        securityContext: {readOnlyRootFilesystem: "${sentinels[0]}"}\n`,
            ),
        );
        assert.strictEqual(found.filter((f) => f.policy === "read-only-root-filesystem").length, 1, JSON.stringify(found));
    });
    it("__getSpecialProxyTarget under the pod spec replaces nothing", async () => {
        const found = await mandatory(deployment(writableContainer, "", "      __getSpecialProxyTarget: {containers: []}"));
        assert.strictEqual(found.filter((f) => f.policy === "read-only-root-filesystem").length, 1, JSON.stringify(found));
    });
    it("privileged: true next to readOnlyRootFilesystem: true is a mandatory finding", async () => {
        const found = await mandatory(deployment(readOnlyContainer(", privileged: true")));
        assert.strictEqual(found.length, 1, JSON.stringify(found));
        assert.match(found[0].message, /remount,rw/);
    });
    it("capabilities.add [SYS_ADMIN] next to readOnlyRootFilesystem: true is a mandatory finding", async () => {
        const found = await mandatory(deployment(readOnlyContainer(", capabilities: {add: [SYS_ADMIN]}")));
        assert.strictEqual(found.length, 1, JSON.stringify(found));
    });
    describe("Compose: a root that can be remounted is not read-only", () => {
        const cases: Array<[string, string, number]> = [
            ["privileged: true", "    read_only: true\n    privileged: true\n", 1],
            ["cap_add: [SYS_ADMIN]", "    read_only: true\n    cap_add: [SYS_ADMIN]\n", 1],
            ["cap_add: [ALL]", "    read_only: true\n    cap_add: [ALL]\n", 1],
            [
                "cap_add: [CAP_SYS_ADMIN] in a service with deploy:",
                "    read_only: true\n    cap_add: [CAP_SYS_ADMIN]\n    deploy: {replicas: 1}\n",
                1,
            ],
            [
                "privileged: true in a service with deploy: (docker compose up honours it)",
                "    read_only: true\n    privileged: true\n    deploy: {replicas: 1}\n",
                1,
            ],
            ["cap_add: [NET_BIND_SERVICE]: nothing", "    read_only: true\n    cap_add: [NET_BIND_SERVICE]\n", 0],
            ["privileged: false: nothing", "    read_only: true\n    privileged: false\n", 0],
        ];
        for (const [title, service, count] of cases) {
            it(title, async () => {
                const r = await runCli(["--format", "json", "-"], `services:\n  web:\n    image: nginx:1.27\n${service}`);
                const report = JSON.parse(r.stdout) as {
                    findings: Array<{ policy: string; level: string; message: string; line?: number }>;
                };
                const found = report.findings.filter((f) => f.level === "mandatory");
                assert.strictEqual(found.length, count, JSON.stringify(report));
                assert.strictEqual(r.code, count > 0 ? 1 : 0, r.stderr);
                if (count > 0) {
                    assert.match(found[0].message, /remount,rw/);
                }
            });
        }
    });
    it("a justification of a zero-width space exempts nothing", async () => {
        const found = await mandatory(deployment(writableContainer, '    immutable-workloads/exempt: "\\u200b"'));
        assert.strictEqual(found.length, 1, JSON.stringify(found));
    });
    it("a real justification exempts", async () => {
        assert.deepStrictEqual(
            await mandatory(deployment(writableContainer, "    immutable-workloads/exempt: legacy app writes its cache")),
            [],
        );
    });
});
