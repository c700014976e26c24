// Kubernetes custom resources that carry a pod template (issue 14, first part): Argo Rollouts,
// Knative Serving, KEDA ScaledJob, OpenKruise workloads, as typed resources and as the generic
// CustomResource; in the pack and in immutable-check.
import * as assert from "assert";
import { judgeResource } from "../../../policy-pack/checks";
import { checkInputs } from "../../../cli/check";
import { customResourceKinds } from "../../../policy-pack/platforms/kubernetes/kinds";
import { workloadOf } from "../../../policy-pack/workloads";

const image = `nginx:1.27@sha256:${"a".repeat(64)}`;

function setAt(target: Record<string, unknown>, path: readonly (string | number)[], value: unknown): void {
    let node = target;
    path.slice(0, -1).forEach((key) => {
        node[key] ??= {};
        node = node[key] as Record<string, unknown>;
    });
    node[path[path.length - 1]] = value;
}

function object(apiVersion: string, kind: string, podSpecPath: readonly (string | number)[], readOnly: unknown): Record<string, unknown> {
    const o: Record<string, unknown> = { apiVersion, kind, metadata: { name: "w" } };
    const securityContext = readOnly === undefined ? {} : { readOnlyRootFilesystem: readOnly };
    setAt(o, podSpecPath, { containers: [{ name: "app", image, securityContext }], initContainers: [{ name: "init", image, securityContext: { readOnlyRootFilesystem: true } }] });
    return o;
}

const cases = customResourceKinds.flatMap((k) => k.groupVersions.map((gv) => ({ kind: k.kind, apiVersion: gv, path: k.podSpecPath })));

describe("custom resources with pod templates", () => {
    for (const c of cases) {
        describe(`${c.apiVersion} ${c.kind}`, () => {
            for (const [shape, type] of [
                ["typed", `kubernetes:${c.apiVersion}:${c.kind}`],
                ["generic CustomResource", "kubernetes:apiextensions.k8s.io:CustomResource"],
            ]) {
                it(`${shape}: unset and false are mandatory findings, true passes, unknown draws no verdict`, () => {
                    for (const [value, expected] of [
                        [undefined, ["read-only-root-filesystem:mandatory"]],
                        [false, ["read-only-root-filesystem:mandatory"]],
                        [true, []],
                    ] as const) {
                        const found = judgeResource(type, object(c.apiVersion, c.kind, c.path, value), "w").map((j) => `${j.policy}:${j.level}`);
                        assert.deepStrictEqual(found, expected, `readOnlyRootFilesystem ${String(value)}`);
                    }
                    const view = workloadOf(type, object(c.apiVersion, c.kind, c.path, false), "w");
                    assert.deepStrictEqual(view?.containers.map((x) => `${x.list}[${x.index}]`), ["initContainers[0]", "containers[0]"]);
                });
            }
        });
    }

    it("a generic CustomResource naming apps/v1 Deployment is judged as the Deployment it creates", () => {
        const found = judgeResource("kubernetes:apiextensions.k8s.io:CustomResource", object("apps/v1", "Deployment", ["spec", "template", "spec"], undefined), "w");
        assert.deepStrictEqual(found.map((j) => j.policy), ["read-only-root-filesystem"]);
    });

    it("immutable-check judges a Rollout manifest", () => {
        const rollout = object("argoproj.io/v1alpha1", "Rollout", ["spec", "template", "spec"], undefined);
        const result = checkInputs([{ name: "rollout.json", text: JSON.stringify(rollout) }]);
        assert.deepStrictEqual(result.findings.map((f) => `${f.policy}:${f.level}:${f.kind}`), ["read-only-root-filesystem:mandatory:Rollout"]);
        assert.strictEqual(result.summary.workloads, 1);
    });
});
