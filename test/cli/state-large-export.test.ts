// Issue 18's hand-made 10,000-resource export: every resource is read and judged, and the verdicts
// are the ones the benchmark's mix was built to have (bench/resources.ts says which container of
// which resource is writable), not the ones the checker happens to give. The time it takes is
// measured by `npm run bench:state`, not here.
import * as assert from "assert";
import { largeStack } from "../../bench/state";
import { checkPulumiInput } from "../../cli/stateCheck";

interface ResourceRecord {
    readonly urn: string;
    readonly type: string;
}

/**
 * The containers the mix makes fail a mandatory policy, and those whose verdict hangs on a
 * secret, by resource name and container, from the rules the mix and the benchmark's export
 * follow: of the i-th workload (named `r<i>`, slot i % 10, k = ⌊i / 10⌋),
 * - a pod (slots 0–5: Deployment, Deployment, Deployment, CronJob, Pod, StatefulSet) has a
 *   writable `app` when k % 23 == 0 and a writable `agent` when k % 37 == 0;
 * - a Docker container (slot 6) is writable when k % 20 == 3;
 * - every 100th workload's `app` has its read-only flag as an encrypted secret: unknown.
 */
function expectedVerdicts(names: readonly string[]): { failing: string[]; unknown: string[] } {
    const failing: string[] = [];
    const unknown: string[] = [];
    for (const name of names) {
        const m = /^r(\d+)$/.exec(name);
        if (!m) {
            continue;
        }
        const i = Number(m[1]);
        const slot = i % 10;
        const k = Math.floor(i / 10);
        if (slot <= 5) {
            if (i % 100 === 0) {
                unknown.push(`${name}/app`);
            } else if (k % 23 === 0) {
                failing.push(`${name}/app`);
            }
            if (k % 37 === 0) {
                failing.push(`${name}/agent`);
            }
        } else if (slot === 6 && k % 20 === 3) {
            failing.push(`${name}/${name}`);
        }
    }
    return { failing: failing.sort(), unknown: unknown.sort() };
}

describe("immutable-check: a 10,000-resource Pulumi export", () => {
    // At the density of a large real stack (85 MB for about 30,000 resources, pulumi/pulumi#24408):
    // container workloads among cloud objects, Kubernetes objects and encrypted passwords.
    const size = 10_000;
    const { exported } = largeStack(size, 2_833);
    const records = (JSON.parse(exported) as { deployment: { resources: ResourceRecord[] } }).deployment.resources;
    const names = records.map((r) => r.urn.slice(r.urn.lastIndexOf("::") + 2));

    it("is about 28 MB with hundreds of workloads and thousands of resources without a container", () => {
        assert.ok(exported.length > 27e6 && exported.length < 30e6, `${exported.length} bytes`);
        assert.strictEqual(records.length, size + 2);
        const workloads = names.filter((n) => /^r\d+$/.test(n)).length;
        assert.ok(workloads > 300 && workloads < 400, `${workloads} workloads`);
        assert.ok(records.some((r) => r.type === "random:index/randomPassword:RandomPassword"));
    });

    it("judges every resource and finds exactly the writable containers and the ones a secret hides", () => {
        const checked = checkPulumiInput("bench.json", exported);
        assert.ok(checked, "read as a Pulumi export");
        assert.deepStrictEqual(checked.errors, []);
        assert.strictEqual(checked.audit.resources, size + 2);
        assert.strictEqual(checked.audit.stack, "immutable-workloads-bench/bench");
        const expected = expectedVerdicts(names);
        assert.ok(expected.failing.length > 10 && expected.unknown.length > 0, JSON.stringify(expected));
        const verdicts = (list: ReadonlyArray<{ name: string; container?: string }>) =>
            list.map((c) => `${c.name}/${c.container ?? ""}`).sort();
        assert.deepStrictEqual(verdicts(checked.audit.failing), expected.failing);
        assert.deepStrictEqual(verdicts(checked.audit.unknown), expected.unknown);
        for (const c of checked.audit.failing) {
            assert.deepStrictEqual(c.policies, ["read-only-root-filesystem"], `${c.name}/${c.container}`);
        }
        // Every finding names the stack and one of the export's resources, at the line of its URN.
        const lines = exported.split("\n");
        const urns = new Set(records.map((r) => r.urn));
        for (const f of checked.findings) {
            assert.ok(urns.has(f.urn!), f.urn);
            assert.strictEqual(f.stack, "immutable-workloads-bench/bench");
            assert.ok(lines[f.range.line - 1].includes(JSON.stringify(f.urn)), `${f.urn} at line ${f.range.line}`);
        }
    });
});
