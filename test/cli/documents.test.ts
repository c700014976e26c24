// YAML streams read as Kubernetes and Compose tooling read them, with positions.
import * as assert from "assert";
import { excessiveNesting, parseYamlStream, SourceDocument } from "../../cli/documents";

function documents(text: string): readonly SourceDocument[] {
    const parsed = parseYamlStream(text);
    assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
    return parsed.documents;
}

describe("cli/documents", () => {
    it("reads YAML 1.1 booleans as PyYAML does (yes/on, but not y/n)", () => {
        const [d] = documents("a: yes\nb: on\nc: y\nn: 1\nd: off\n");
        assert.deepStrictEqual(d.value, { a: true, b: true, c: "y", n: 1, d: false });
    });

    it("resolves merge keys, own keys winning, the first merged map winning", () => {
        const [d] = documents("x: &x {a: 1, b: 1}\ny: &y {b: 2, c: 2}\nz:\n  <<: [*x, *y]\n  a: 0\n");
        assert.deepStrictEqual((d.value as Record<string, unknown>).z, { a: 0, b: 1, c: 2 });
        // Positions follow the same rule.
        assert.deepStrictEqual(d.rangeOf(["z", "a"]).line, 5);
        assert.deepStrictEqual(d.rangeOf(["z", "b"]).line, 1);
        assert.deepStrictEqual(d.rangeOf(["z", "c"]).line, 2);
    });

    it("counts every document, empty ones included, as PyYAML's safe_load_all", () => {
        const docs = documents("---\n---\na: 1\n---\n# only a comment\n---\nb: 2\n");
        assert.deepStrictEqual(
            docs.map((d) => [d.index, d.value]),
            [
                [0, null],
                [1, { a: 1 }],
                [2, null],
                [3, { b: 2 }],
            ],
        );
    });

    it("gives the range of a key, of a sequence item, and of the nearest ancestor of a missing path", () => {
        const [d] = documents("spec:\n  containers:\n    - name: app\n      image: x\n");
        assert.deepStrictEqual(d.rangeOf(["spec", "containers", 0, "image"]), { line: 4, column: 7, endLine: 4, endColumn: 15 });
        assert.deepStrictEqual(d.rangeOf(["spec", "containers", 0]).line, 3);
        assert.deepStrictEqual(d.rangeOf(["spec", "containers", 0]).column, 7);
        assert.deepStrictEqual(d.rangeOf(["spec", "containers", 0, "securityContext", "readOnlyRootFilesystem"]).column, 7);
        assert.deepStrictEqual(d.rangeOf(["nope"]), { line: 1, column: 1, endLine: 5, endColumn: 1 });
    });

    it("accepts the heavy but legitimate anchor use of large Compose files (60 services merging one anchor)", () => {
        const keys = Array.from({ length: 40 }, (_, i) => `  k${i}: [a, b, {c: d}]`).join("\n");
        const services = Array.from({ length: 60 }, (_, i) => `  s${i}:\n    <<: *defaults\n    image: i${i}`).join("\n");
        const [d] = documents(`x-defaults: &defaults\n${keys}\nservices:\n${services}\n`);
        assert.strictEqual(Object.keys((d.value as { services: object }).services).length, 60);
    });

    it("reports parser errors with positions, and refuses alias bombs and absurd nesting", () => {
        const broken = parseYamlStream("a: [1, 2\nb: c\n");
        assert.ok(!broken.ok && broken.problems[0].line !== undefined);
        const dup = parseYamlStream("a: 1\na: 2\n");
        assert.ok(!dup.ok && /unique/.test(dup.problems[0].message));
        assert.deepStrictEqual(excessiveNesting("a: '[[[['\nb: [1] # [[[\n"), undefined);
        assert.deepStrictEqual(excessiveNesting("[".repeat(501)), { line: 1, column: 501 });
    });
});
