// The JSON report is written a piece at a time (cli/jsonChunks.ts) so that a large one is never
// held as one string; its bytes must be exactly JSON.stringify's.
import { strict as assert } from "assert";
import * as fc from "fast-check";
import { checkInputs } from "../../cli/check";
import { writeJson } from "../../cli/jsonChunks";
import { formatJson, writeJsonReport } from "../../cli/report";

function pieces(value: unknown, indent: number, chunkSize?: number): string[] {
    const out: string[] = [];
    writeJson(value, indent, (c) => out.push(c), chunkSize);
    return out;
}

describe("writeJson: JSON.stringify a piece at a time", () => {
    it("writes JSON.stringify's bytes for any JSON value, any indent and any piece size", () => {
        fc.assert(
            fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 200 }), (value, indent, size) => {
                assert.equal(pieces(value, indent, size).join(""), JSON.stringify(value, null, indent) ?? "");
            }),
            { numRuns: 500 },
        );
    });

    it("keeps JSON.stringify's rules for what JSON cannot hold: undefined, functions, toJSON, dates", () => {
        const withToJson = Object.assign([1, 2], { toJSON: () => "list" });
        const cases: unknown[] = [
            { a: undefined, b: () => 1, c: [undefined, () => 1, Symbol("s")], d: 1 },
            { only: undefined },
            [undefined],
            { when: new Date(0), list: withToJson, nested: { list: withToJson, empty: [], none: {} } },
            { toJSON: () => ({ replaced: true }) },
            { findings: [], errors: [{}], s: 'line\nbreak \u2028 "quoted"' },
            undefined,
            null,
            "text",
        ];
        for (const value of cases) {
            for (const indent of [0, 2]) {
                assert.equal(pieces(value, indent).join(""), JSON.stringify(value, null, indent) ?? "", JSON.stringify(value));
            }
        }
    });

    it("writes a large array in pieces no longer than about the piece size", () => {
        const findings = Array.from({ length: 2000 }, (_, i) => ({ line: i, message: "m".repeat(100) }));
        const out = pieces({ findings, summary: { n: 2000 } }, 2, 4096);
        assert.ok(out.length > 50, `${out.length} pieces`);
        assert.ok(Math.max(...out.map((p) => p.length)) < 4096 + 400, "a piece is one element longer than the size at most");
        assert.equal(out.join(""), JSON.stringify({ findings, summary: { n: 2000 } }, null, 2));
    });

    it("writes the report of a real run as formatJson does", () => {
        const manifest = [
            "apiVersion: apps/v1",
            "kind: Deployment",
            "metadata: {name: web}",
            "spec:",
            "  template:",
            "    spec:",
            "      containers:",
            "        - name: a",
            "          image: nginx",
            "        - name: b",
            "          image: nginx:1.27",
        ].join("\n");
        const result = checkInputs([{ name: "d.yaml", text: manifest }]);
        assert.ok(result.findings.length >= 2);
        const out: string[] = [];
        writeJsonReport(result, [], (c) => out.push(c));
        assert.equal(out.join(""), formatJson(result));
        assert.equal(out.join(""), JSON.stringify(JSON.parse(out.join("")), null, 2) + "\n", "JSON.stringify's layout");
        const parsed = JSON.parse(out.join("")) as { findings: Array<{ message: string }> };
        assert.deepEqual(
            parsed.findings.map((f) => f.message),
            result.findings.map((f) => f.message),
        );
    });
});
