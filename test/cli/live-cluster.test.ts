// `kubectl get deploy,sts,ds,cronjob,job,pod -A -o yaml | immutable-check -`: what a live cluster
// returns is a `kind: List` of objects carrying status, managedFields, ownerReferences and the
// last-applied annotation; the checker judges the objects in it like any manifest.
import * as assert from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { positionOf, runCli } from "./run";

const fixture = path.resolve(__dirname, "..", "fixtures", "live", "kubectl-get-all.yaml");

describe("immutable-check on kubectl get -o yaml output (a live cluster)", () => {
    it("judges every object of the List: the writable StatefulSet and its Pod, not the read-only Deployment", async () => {
        const text = readFileSync(fixture, "utf8");
        const r = await runCli(["--format", "json", "-"], text);
        const report = JSON.parse(r.stdout) as {
            summary: { resources: number; workloads: number };
            findings: Array<{ policy: string; level: string; kind: string; name: string; container?: string; line: number }>;
        };
        assert.strictEqual(r.code, 1, r.stderr);
        assert.deepStrictEqual([report.summary.resources, report.summary.workloads], [3, 3]);
        const mandatory = report.findings.filter((f) => f.level === "mandatory");
        assert.deepStrictEqual(
            mandatory.map((f) => [f.policy, f.kind, f.name, f.container]),
            [
                ["read-only-root-filesystem", "StatefulSet", "db", "db"],
                ["read-only-root-filesystem", "Pod", "db-0", "db"],
            ],
        );
        // Each finding points into the List, at the container of its own item.
        assert.strictEqual(mandatory[0].line, positionOf(text, "- image: postgres:17", 1).line);
        assert.strictEqual(mandatory[1].line, positionOf(text, "- image: postgres:17", 2).line);
    });
});
