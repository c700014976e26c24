// Issue #13 through the command: immutable-check reads a size in a manifest or Compose file as the
// platform reads it (policy-pack/workloads/quantities.ts) — a Kubernetes quantity in exponent form
// is a bound, `64 bananas` is not one anywhere.
import * as assert from "assert";
import { runCli } from "./run";

const image = `registry.example.com/web@sha256:${"a".repeat(64)}`;

function manifest(sizeLimit: string): string {
    return [
        "apiVersion: v1",
        "kind: Pod",
        "metadata: {name: web}",
        "spec:",
        "  containers:",
        `  - {name: app, image: "${image}", securityContext: {readOnlyRootFilesystem: true}, volumeMounts: [{name: tmp, mountPath: /tmp}]}`,
        "  volumes:",
        `  - {name: tmp, emptyDir: {medium: Memory, sizeLimit: ${sizeLimit}}}`,
        "",
    ].join("\n");
}

function composeLong(size: string): string {
    return `services:\n  web:\n    image: "${image}"\n    read_only: true\n    volumes:\n      - type: tmpfs\n        target: /tmp\n        tmpfs:\n          size: ${size}\n`;
}

function composeShort(options: string): string {
    return `services:\n  web:\n    image: "${image}"\n    read_only: true\n    tmpfs:\n      - "/tmp:${options}"\n`;
}

/** The writable-paths-in-memory messages immutable-check prints for `input`, and its exit status. */
async function sizeFindings(input: string): Promise<{ code: number; messages: string[] }> {
    const r = await runCli(["--format", "json", "-"], input);
    const report = JSON.parse(r.stdout) as { findings: Array<{ policy: string; message: string }> };
    return { code: r.code, messages: report.findings.filter((f) => f.policy === "writable-paths-in-memory").map((f) => f.message) };
}

describe("immutable-check reads sizes as the platform does (issue #13)", () => {
    const cases: Array<{ title: string; input: string; bounded: boolean }> = [
        { title: 'Kubernetes sizeLimit "1e8" (a quantity in exponent form)', input: manifest('"1e8"'), bounded: true },
        { title: "Kubernetes sizeLimit 1e8 (a YAML number)", input: manifest("1e8"), bounded: true },
        { title: "Kubernetes sizeLimit 64Mi", input: manifest("64Mi"), bounded: true },
        { title: 'Kubernetes sizeLimit "64 bananas"', input: manifest('"64 bananas"'), bounded: false },
        { title: "Kubernetes sizeLimit 64MB (no such suffix)", input: manifest("64MB"), bounded: false },
        { title: "Compose tmpfs.size 64m", input: composeLong("64m"), bounded: true },
        { title: 'Compose tmpfs.size "1e8" (units.RAMInBytes reads 100000000)', input: composeLong('"1e8"'), bounded: true },
        { title: "Compose tmpfs.size 64MiB", input: composeLong("64MiB"), bounded: true },
        { title: "Compose tmpfs.size 64 bananas", input: composeLong("64 bananas"), bounded: false },
        { title: "Compose tmpfs.size 64Mi (compose-go refuses the suffix)", input: composeLong("64Mi"), bounded: false },
        { title: "Compose tmpfs: size=64m", input: composeShort("size=64m"), bounded: true },
        { title: "Compose tmpfs: size=64 bananas", input: composeShort("size=64 bananas"), bounded: false },
        { title: "Compose tmpfs: size=1.5g (the kernel refuses a fraction)", input: composeShort("size=1.5g"), bounded: false },
    ];
    for (const { title, input, bounded } of cases) {
        it(`${title} ${bounded ? "bounds the writable path" : "bounds nothing"}`, async () => {
            const { code, messages } = await sizeFindings(input);
            assert.strictEqual(code, 0, "writable-paths-in-memory is advisory");
            if (bounded) {
                assert.deepStrictEqual(messages, []);
            } else {
                assert.strictEqual(messages.length, 1, JSON.stringify(messages));
                assert.match(messages[0], /bounds nothing/);
            }
        });
    }
});
