// YAML streams read as Kubernetes and Compose tooling read them, with positions.
import * as assert from "assert";
import { excessiveNesting, kubectlDocuments, parseYamlStream, SourceDocument } from "../../cli/documents";

function documents(text: string): readonly SourceDocument[] {
    const parsed = parseYamlStream(text);
    assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
    return parsed.documents;
}

describe("cli/documents", () => {
    it("a document that is no Kubernetes object reads as before: YAML 1.1 booleans as PyYAML has them (yes/on, but not y/n)", () => {
        const [d] = documents("a: yes\nb: on\nc: y\nn: 1\nd: off\n");
        assert.deepStrictEqual(d.value, { a: true, b: true, c: "y", n: 1, d: false });
    });

    it("a document that is no Kubernetes object resolves merge keys as YAML says: own keys winning, the first merged map winning", () => {
        const [d] = documents("x: &x {a: 1, b: 1}\ny: &y {b: 2, c: 2}\nz:\n  <<: [*x, *y]\n  a: 0\n");
        assert.deepStrictEqual((d.value as Record<string, unknown>).z, { a: 0, b: 1, c: 2 });
        // Positions follow the same rule.
        assert.deepStrictEqual(d.rangeOf(["z", "a"]).line, 5);
        assert.deepStrictEqual(d.rangeOf(["z", "b"]).line, 1);
        assert.deepStrictEqual(d.rangeOf(["z", "c"]).line, 2);
    });

    const object = (body: string) => `apiVersion: v1\nkind: ConfigMap\n${body}`;
    const valueOf = (text: string) => documents(text)[0].value as Record<string, unknown>;

    it("a Kubernetes object reads as go-yaml v2 reads it: y/Y/n/N and on/off are booleans, and so are such keys", () => {
        const v = valueOf(object("a: y\nb: Y\nc: n\nd: N\ne: on\nf: Off\ng: oN\nh: 'y'\ny: 1\n0x10: 2\n"));
        assert.deepStrictEqual(
            { ...v, apiVersion: undefined, kind: undefined },
            {
                apiVersion: undefined,
                kind: undefined,
                a: true,
                b: true,
                c: false,
                d: false,
                e: true,
                f: false,
                g: "oN",
                h: "y",
                true: 1,
                "16": 2,
            },
        );
    });

    it("a Kubernetes object: `<<` applies where it stands, a later key or merge overriding an earlier one", () => {
        const cases: Array<[string, unknown]> = [
            ["r: 1\n<<: {r: 2}\n", 2],
            ["<<: {r: 2}\nr: 1\n", 1],
            ["<<: {r: 2}\n<<: {r: 3}\n", 3],
            ["<<: [{r: 2}, {r: 3}]\n", 2],
            ["r: 1\nr: 2\n", 2],
            ["r: 1\n'<<': {r: 2}\n", 1],
        ];
        for (const [body, r] of cases) {
            const data = valueOf(object(`data:\n${body.replace(/^/gm, "  ").trimEnd()}\n`)).data as Record<string, unknown>;
            assert.strictEqual(data.r, r, body);
        }
    });

    it("a Kubernetes object: positions follow go-yaml's precedence (the last key, the merge that set the value)", () => {
        const [d] = documents(object("data:\n  r: 1\n  <<: &m {r: 2, s: 3}\n  s: 4\n"));
        assert.strictEqual(d.rangeOf(["data", "r"]).line, 5);
        assert.strictEqual(d.rangeOf(["data", "s"]).line, 6);
        assert.deepStrictEqual(d.rangeOf(["data", "s"]), { line: 6, column: 3, endLine: 6, endColumn: 7 });
        assert.strictEqual(d.rangeOf(["data", "missing", "deeper"]).line, 3);
    });

    it("a Kubernetes object that kubectl refuses is an error, with its position (`.inf`, a null key, an unknown anchor)", () => {
        for (const body of ["a: .inf\n", "~: 1\n", "a: 1\nb: !!int y\n"]) {
            const parsed = parseYamlStream(object(body));
            assert.ok(!parsed.ok && /kubectl cannot read/.test(parsed.problems[0].message), JSON.stringify(parsed));
        }
        const anchor = parseYamlStream(object("a: *nowhere\n"));
        assert.ok(!anchor.ok && anchor.problems[0].line === 1, JSON.stringify(anchor));
    });

    it("cuts documents where kubectl cuts them: `---` lines with at most a comment; anything else after `---` is refused", () => {
        const cut = kubectlDocuments("a: 1\n--- # c\nb: 2\r\n---\r\n---\nc: 3");
        assert.ok("slots" in cut);
        assert.deepStrictEqual(
            cut.slots.map((s) => [s.line, s.explicit]),
            [
                [0, false],
                [2, true],
                [4, true],
                [5, true],
            ],
        );
        const refused = kubectlDocuments("a: 1\n--- !!map\nb: 2\n");
        assert.ok("problem" in refused && refused.problem.line === 2);
        // Inside a block scalar a `---` line still cuts for kubectl.
        const scalar = documents(object("data:\n  x: |\n    one\n---\napiVersion: v1\nkind: Pod\n"));
        assert.deepStrictEqual(
            scalar.map((d) => (d.value as { kind: string }).kind),
            ["ConfigMap", "Pod"],
        );
    });

    it("a Kubernetes document ends at `...`: what follows is never read (go-yaml reads one document)", () => {
        const docs = documents(object("data: {a: b}\n...\n[[[ not read\n"));
        assert.deepStrictEqual(docs.length, 1);
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
