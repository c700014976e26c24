import * as assert from "assert";
import { opaqueResourceOf, opaqueResourceTypeTokens, workloadOf } from "../../../policy-pack/workloads";
import { engineProps, unknownOnTheWire, duringPreview } from "../../helpers/policyArgs";

describe("workloads/opaque", () => {
    // Sentinel strings in these tests stand for values unknown during a preview.
    duringPreview();
    it("knows the Helm v3 Release, and not the Chart components that register their resources", () => {
        assert.deepStrictEqual(opaqueResourceTypeTokens, ["kubernetes:helm.sh/v3:Release"]);
        for (const t of [
            "kubernetes:helm.sh/v3:Chart",
            "kubernetes:helm.sh/v4:Chart",
            "kubernetes:yaml/v2:ConfigGroup",
            "kubernetes:apps/v1:Deployment",
        ]) {
            assert.strictEqual(opaqueResourceOf(t, {}, "x"), undefined, t);
        }
    });

    it("a Release is not a workload (workloadOf is unchanged)", () => {
        assert.strictEqual(workloadOf("kubernetes:helm.sh/v3:Release", { chart: "x" }, "r"), undefined);
    });

    it("reads release name, namespace and chart", () => {
        const v = opaqueResourceOf(
            "kubernetes:helm.sh/v3:Release",
            engineProps({ name: "ing", namespace: "n", chart: "c", version: "1", repositoryOpts: { repo: "https://r" } }),
            "res",
        );
        assert.deepStrictEqual([v?.name, v?.resourceName, v?.namespace, v?.deploys], ["ing", "res", "n", "chart c 1 from https://r"]);
    });

    it("unknown values fall back to what is known", () => {
        const v = opaqueResourceOf(
            "kubernetes:helm.sh/v3:Release",
            engineProps({ name: unknownOnTheWire, namespace: unknownOnTheWire, chart: unknownOnTheWire }),
            "res",
        );
        assert.deepStrictEqual([v?.name, v?.namespace, v?.deploys], ["res", undefined, undefined]);
    });

    it("never throws on malformed props", () => {
        for (const p of [null, 1, "x", [], { name: {}, chart: [] }]) {
            assert.ok(opaqueResourceOf("kubernetes:helm.sh/v3:Release", p, "r"));
        }
    });
});
