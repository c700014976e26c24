// Every Kubernetes manifest of the shared corpus (verbatim copies under test/fixtures) through the
// whole pack over gRPC, as the engine would send it: each object to Analyze, each file as one
// stack to AnalyzeStack. Not one gRPC error; the findings per policy are printed.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { typeTokenOf } from "../../../policy-pack/workloads";
import { WireResource } from "../../helpers/analyzer";
import { usePack } from "../../helpers/packSuite";

const corpusDir = path.resolve(__dirname, "..", "..", "fixtures", "corpus", "kubernetes");

function resourcesOf(file: string): WireResource[] {
    const out: WireResource[] = [];
    parseAllDocuments(fs.readFileSync(path.join(corpusDir, file), "utf8")).forEach((doc, i) => {
        const object = doc.toJS() as unknown;
        if (object === null || typeof object !== "object" || Array.isArray(object)) {
            return;
        }
        const o = object as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } };
        if (typeof o.apiVersion !== "string" || typeof o.kind !== "string") {
            return;
        }
        const name = typeof o.metadata?.name === "string" ? o.metadata.name : `${o.kind}-${i}`;
        const type = typeTokenOf(o.apiVersion, o.kind);
        out.push({ type, name, urn: `urn:pulumi:corpus::${file}::${type}::${name}-${i}`, props: object as Record<string, unknown> });
    });
    return out;
}

describe("shared Kubernetes corpus through the whole pack over gRPC", function () {
    this.timeout(300_000);
    const pack = usePack();

    it("analyzes every object and every file as a stack without a gRPC error", async () => {
        const files = fs
            .readdirSync(corpusDir)
            .filter((f) => /\.ya?ml$/.test(f))
            .sort();
        assert.ok(files.length > 0, `no corpus files in ${corpusDir}`);
        const counts: Record<string, number> = {};
        let objects = 0;
        for (const file of files) {
            const resources = resourcesOf(file);
            for (const r of resources) {
                objects++;
                for (const d of await pack.analyze(r)) {
                    counts[d.policyName] = (counts[d.policyName] ?? 0) + 1;
                }
            }
            for (const d of await pack.analyzeStack(resources)) {
                counts[d.policyName] = (counts[d.policyName] ?? 0) + 1;
            }
        }
        const info = await pack.info();
        const table = info.policiesList.map((p) => `${p.name}=${counts[p.name] ?? 0}`).join(", ");
        console.log(`      ${files.length} files, ${objects} objects; findings per policy: ${table}`);
        assert.ok(!/failed/.test(pack.stderr()), pack.stderr());
        // The corpus has writable host mounts (flannel, node-exporter…) and unpinned images: the
        // new policies must find something, and every finding must name a policy of the pack.
        for (const name of ["writable-paths-in-memory", "no-writable-host-mounts", "pinned-image", "immutable-configuration"]) {
            assert.ok((counts[name] ?? 0) > 0, `${name} found nothing in the corpus`);
        }
        assert.deepStrictEqual(
            Object.keys(counts).filter((k) => !info.policiesList.some((p) => p.name === k)),
            [],
        );
    });
});
