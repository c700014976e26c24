// Kubernetes custom resources that carry a pod template (issue 14, first part): Argo Rollouts,
// Knative Serving, KEDA ScaledJob, OpenKruise workloads, as typed resources and as the generic
// CustomResource; in the pack and in immutable-check.
import * as assert from "assert";
import { judgeResource } from "../../../policy-pack/checks";
import { checkInputs } from "../../../cli/check";
import { customResourceKinds } from "../../../policy-pack/platforms/kubernetes/kinds";
import { workloadOf } from "../../../policy-pack/workloads";
import { duringPreview, unknownOnTheWire } from "../../helpers/policyArgs";
import { usePack } from "../../helpers/packSuite";

const image = `nginx:1.27@sha256:${"a".repeat(64)}`;

function setAt(target: Record<string, unknown>, path: readonly (string | number)[], value: unknown): void {
    let node = target;
    path.slice(0, -1).forEach((key) => {
        node[key] ??= {};
        node = node[key] as Record<string, unknown>;
    });
    node[path[path.length - 1]] = value;
}

function object(
    apiVersion: string,
    kind: string,
    podSpecPath: readonly (string | number)[],
    readOnly: unknown,
    list: "containers" | "initContainers" = "containers",
): Record<string, unknown> {
    const o: Record<string, unknown> = { apiVersion, kind, metadata: { name: "w" } };
    const securityContext = readOnly === undefined ? {} : { readOnlyRootFilesystem: readOnly };
    const judged = { name: "app", image, securityContext };
    const readOnlyOne = (name: string) => ({ name, image, securityContext: { readOnlyRootFilesystem: true } });
    setAt(
        o,
        podSpecPath,
        list === "containers"
            ? { containers: [judged], initContainers: [readOnlyOne("init")] }
            : { containers: [readOnlyOne("main")], initContainers: [judged] },
    );
    return o;
}

const cases = customResourceKinds
    .filter((k) => !k.templatesPath)
    .flatMap((k) => k.groupVersions.map((gv) => ({ kind: k.kind, apiVersion: gv, path: k.podSpecPath })));

describe("custom resources with pod templates", () => {
    for (const c of cases) {
        describe(`${c.apiVersion} ${c.kind}`, () => {
            for (const [shape, type] of [
                ["typed", `kubernetes:${c.apiVersion}:${c.kind}`],
                ["generic CustomResource", "kubernetes:apiextensions.k8s.io:CustomResource"],
            ]) {
                it(`${shape}: unset and false are mandatory findings, true passes, in containers and initContainers`, () => {
                    for (const list of ["containers", "initContainers"] as const) {
                        for (const [value, expected] of [
                            [undefined, ["read-only-root-filesystem:mandatory"]],
                            [false, ["read-only-root-filesystem:mandatory"]],
                            [true, []],
                        ] as const) {
                            const found = judgeResource(type, object(c.apiVersion, c.kind, c.path, value, list), "w").map(
                                (j) => `${j.policy}:${j.level}`,
                            );
                            assert.deepStrictEqual(found, expected, `${list} readOnlyRootFilesystem ${String(value)}`);
                        }
                    }
                    const view = workloadOf(type, object(c.apiVersion, c.kind, c.path, false), "w");
                    assert.deepStrictEqual(
                        view?.containers.map((x) => `${x.list}[${x.index}]`),
                        ["initContainers[0]", "containers[0]"],
                    );
                });
            }
        });
    }

    describe("in a preview", () => {
        duringPreview();
        it("an unknown flag or container list draws no verdict, in every kind and shape", () => {
            for (const c of cases) {
                for (const type of [`kubernetes:${c.apiVersion}:${c.kind}`, "kubernetes:apiextensions.k8s.io:CustomResource"]) {
                    assert.deepStrictEqual(
                        judgeResource(type, object(c.apiVersion, c.kind, c.path, unknownOnTheWire), "w"),
                        [],
                        `${type} ${c.kind}`,
                    );
                    const listUnknown = object(c.apiVersion, c.kind, c.path, undefined);
                    setAt(listUnknown, [...c.path, "containers"], unknownOnTheWire);
                    assert.deepStrictEqual(judgeResource(type, listUnknown, "w"), [], `${type} ${c.kind} list`);
                }
            }
        });
    });

    describe("over gRPC", function () {
        this.timeout(120_000);
        const pack = usePack();
        it("a typed Rollout and a generic CustomResource Rollout each draw the mandatory finding", async () => {
            const rollout = object("argoproj.io/v1alpha1", "Rollout", ["spec", "template", "spec"], false);
            for (const type of ["kubernetes:argoproj.io/v1alpha1:Rollout", "kubernetes:apiextensions.k8s.io:CustomResource"]) {
                const diags = await pack.analyze({ type, name: "w", props: rollout });
                assert.deepStrictEqual(
                    diags.map((d) => `${d.policyName}:${d.enforcementLevel}`),
                    ["read-only-root-filesystem:mandatory"],
                    type,
                );
            }
        });
    });

    it("a generic CustomResource naming apps/v1 Deployment is judged as the Deployment it creates", () => {
        const found = judgeResource(
            "kubernetes:apiextensions.k8s.io:CustomResource",
            object("apps/v1", "Deployment", ["spec", "template", "spec"], undefined),
            "w",
        );
        assert.deepStrictEqual(
            found.map((j) => j.policy),
            ["read-only-root-filesystem"],
        );
    });

    it("immutable-check judges a Rollout manifest", () => {
        const rollout = object("argoproj.io/v1alpha1", "Rollout", ["spec", "template", "spec"], undefined);
        const result = checkInputs([{ name: "rollout.json", text: JSON.stringify(rollout) }]);
        assert.deepStrictEqual(
            result.findings.map((f) => `${f.policy}:${f.level}:${f.kind}`),
            ["read-only-root-filesystem:mandatory:Rollout"],
        );
        assert.strictEqual(result.summary.workloads, 1);
    });

    describe("Argo Workflows: every template's containers", () => {
        const ro = { securityContext: { readOnlyRootFilesystem: true } };
        const templates = (override: Record<string, unknown> = {}) => [
            {
                name: "main",
                container: { image, ...ro },
                initContainers: [{ name: "init", image, ...ro }],
                sidecars: [{ name: "proxy", image, ...ro }],
            },
            { name: "run", script: { image, source: "echo hi", ...ro } },
            {
                name: "set",
                containerSet: {
                    containers: [
                        { name: "a", image, ...ro },
                        { name: "b", image, ...ro },
                    ],
                },
            },
            { name: "steps", steps: [[{ name: "s", template: "main" }]] },
            override,
        ];
        const kinds: Array<[string, (t: unknown[], extra?: Record<string, unknown>) => Record<string, unknown>]> = [
            [
                "Workflow",
                (t, extra = {}) => ({
                    apiVersion: "argoproj.io/v1alpha1",
                    kind: "Workflow",
                    metadata: { name: "w" },
                    spec: { entrypoint: "main", templates: t, ...extra },
                }),
            ],
            [
                "WorkflowTemplate",
                (t, extra = {}) => ({
                    apiVersion: "argoproj.io/v1alpha1",
                    kind: "WorkflowTemplate",
                    metadata: { name: "w" },
                    spec: { templates: t, ...extra },
                }),
            ],
            [
                "ClusterWorkflowTemplate",
                (t, extra = {}) => ({
                    apiVersion: "argoproj.io/v1alpha1",
                    kind: "ClusterWorkflowTemplate",
                    metadata: { name: "w" },
                    spec: { templates: t, ...extra },
                }),
            ],
            [
                "CronWorkflow",
                (t, extra = {}) => ({
                    apiVersion: "argoproj.io/v1alpha1",
                    kind: "CronWorkflow",
                    metadata: { name: "w" },
                    spec: { schedule: "* * * * *", workflowSpec: { templates: t, ...extra } },
                }),
            ],
        ];
        for (const [kind, build] of kinds) {
            const type = `kubernetes:argoproj.io/v1alpha1:${kind}`;
            it(`${kind}: read-only everywhere passes; each writable place is found and named`, () => {
                assert.deepStrictEqual(judgeResource(type, build(templates()), "w"), []);
                const view = workloadOf(type, build(templates()), "w");
                assert.deepStrictEqual(
                    view?.containers.map((c) => `${c.label}:${c.name}`),
                    [
                        "templates[0].container:main",
                        "templates[0].initContainers[0]:init",
                        "templates[0].sidecars[0]:proxy",
                        "templates[1].script:run",
                        "templates[2].containerSet.containers[0]:a",
                        "templates[2].containerSet.containers[1]:b",
                    ],
                );
                for (const writable of [
                    { name: "x", container: { image } },
                    { name: "x", script: { image, source: "true", securityContext: { readOnlyRootFilesystem: false } } },
                    { name: "x", sidecars: [{ name: "x", image }] },
                    { name: "x", initContainers: [{ name: "x", image }] },
                    { name: "x", containerSet: { containers: [{ name: "x", image }] } },
                ]) {
                    const found = judgeResource(type, build(templates(writable)), "w");
                    assert.deepStrictEqual(
                        found.map((j) => `${j.policy}:${j.level}:${j.container}`),
                        ["read-only-root-filesystem:mandatory:x"],
                        JSON.stringify(writable),
                    );
                    assert.match(found[0].message, new RegExp(`^${kind} "w" templates\\[4\\]\\.`));
                }
            });

            it(`${kind}: templateDefaults.container sets it for every container template that leaves it unset`, () => {
                const unset = { name: "x", container: { image } };
                assert.deepStrictEqual(judgeResource(type, build(templates(unset), { templateDefaults: { container: ro } }), "w"), []);
                assert.strictEqual(
                    judgeResource(
                        type,
                        build(templates(unset), {
                            templateDefaults: { container: { securityContext: { readOnlyRootFilesystem: false } } },
                        }),
                        "w",
                    ).length,
                    1,
                );
                const own = { name: "x", container: { image, securityContext: { readOnlyRootFilesystem: false } } };
                assert.strictEqual(
                    judgeResource(type, build(templates(own), { templateDefaults: { container: ro } }), "w").length,
                    1,
                    "the template's own false wins",
                );
            });
        }

        it("workflow volumes back the templates' mounts (a writable hostPath is found)", () => {
            const t = templates({ name: "x", container: { image, ...ro, volumeMounts: [{ name: "host", mountPath: "/h" }] } });
            const found = judgeResource(
                "kubernetes:argoproj.io/v1alpha1:Workflow",
                kinds[0][1](t, { volumes: [{ name: "host", hostPath: { path: "/etc" } }] }),
                "w",
            );
            assert.deepStrictEqual(
                found.map((j) => j.policy),
                ["no-writable-host-mounts"],
            );
        });

        describe("in a preview", () => {
            duringPreview();
            it("templates, or a template's container, unknown draw no verdict", () => {
                const type = "kubernetes:argoproj.io/v1alpha1:Workflow";
                const view = workloadOf(type, kinds[0][1](unknownOnTheWire as never), "w");
                assert.deepStrictEqual(view?.unknownContainers, [["spec", "templates"]]);
                assert.deepStrictEqual(judgeResource(type, kinds[0][1](unknownOnTheWire as never), "w"), []);
                const one = workloadOf(type, kinds[0][1](templates({ name: "x", container: unknownOnTheWire })), "w");
                assert.deepStrictEqual(one?.unknownContainers, [["spec", "templates", 4, "container"]]);
            });
        });

        it("immutable-check judges a Workflow manifest", () => {
            const result = checkInputs([
                { name: "wf.json", text: JSON.stringify(kinds[0][1](templates({ name: "x", container: { image } }))) },
            ]);
            assert.deepStrictEqual(
                result.findings.map((f) => `${f.policy}:${f.level}:${f.container}`),
                ["read-only-root-filesystem:mandatory:x"],
            );
        });
    });
});
