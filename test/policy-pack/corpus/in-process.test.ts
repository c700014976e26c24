// The shared real-world corpus through the running pack: every container whose ground truth
// (expected.json) is not `true` yields a violation naming it, and no other container does.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { typeTokenOf } from "../../../policy-pack/workloads";
import { usePack } from "../../helpers/packSuite";

const corpusDir = path.resolve(__dirname, "..", "..", "fixtures", "corpus");

interface ExpectedContainer {
    file: string;
    docIndex: number;
    kind: string;
    name: string;
    containerType: string;
    containerName: string;
    readOnlyRootFilesystem: boolean | null;
}

const expected = (JSON.parse(fs.readFileSync(path.join(corpusDir, "expected.json"), "utf8")) as { kubernetes: ExpectedContainer[] })
    .kubernetes;

function documentsOf(file: string): unknown[] {
    // YAML 1.1, like the ground truth's parser (PyYAML): `yes`/`on` are booleans there.
    return parseAllDocuments(fs.readFileSync(path.join(corpusDir, file), "utf8"), { version: "1.1" }).map((d) => d.toJS());
}

describe("shared corpus: Kubernetes manifests", function () {
    this.timeout(120_000);
    const pack = usePack();

    it("agrees with expected.json on every container", async () => {
        const files = [...new Set(expected.map((e) => e.file))].filter((f) => fs.existsSync(path.join(corpusDir, f)));
        assert.ok(files.length >= 29, `the Kubernetes corpus files are present (found ${files.length})`);
        let agree = 0;
        let total = 0;
        const disagreements: string[] = [];
        for (const file of files) {
            const docs = documentsOf(file);
            const rows = expected.filter((e) => e.file === file);
            for (const docIndex of [...new Set(rows.map((r) => r.docIndex))]) {
                const doc = docs[docIndex] as { apiVersion: string; kind: string; metadata: { name: string } };
                assert.ok(doc && doc.kind, `${file} document ${docIndex} exists`);
                const diags = (
                    await pack.analyze({ type: typeTokenOf(doc.apiVersion, doc.kind), name: doc.metadata.name, props: doc as never })
                ).filter((d) => d.policyName === "read-only-root-filesystem");
                const flagged = new Set(
                    diags
                        .map((d) => d.message.match(/ (\w+)\[\d+\] "([^"]+)" has a writable root filesystem/))
                        .map((m) => m && `${m[1]}/${m[2]}`),
                );
                const docRows = rows.filter((r) => r.docIndex === docIndex);
                for (const row of docRows) {
                    total++;
                    const shouldFlag = row.readOnlyRootFilesystem !== true;
                    const didFlag = flagged.has(`${row.containerType}/${row.containerName}`);
                    if (shouldFlag === didFlag) {
                        agree++;
                    } else {
                        disagreements.push(
                            `${file}#${docIndex} ${row.kind}/${row.name} ${row.containerType}/${row.containerName}: expected ${shouldFlag ? "violation" : "pass"}`,
                        );
                    }
                }
                // No container outside the ground truth is flagged.
                assert.strictEqual(
                    diags.length,
                    docRows.filter((r) => r.readOnlyRootFilesystem !== true).length,
                    `${file}#${docIndex}: ${diags.map((d) => d.message).join("\n")}`,
                );
            }
        }
        console.log(`      corpus agreement: ${agree}/${total} containers in ${files.length} files`);
        assert.deepStrictEqual(disagreements, []);
        assert.ok(total >= 60, `expected.json rows were compared (${total})`);
    });
});
