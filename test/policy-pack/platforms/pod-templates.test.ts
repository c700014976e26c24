// `podTemplates` (issue 14): an organisation declares its own operators' pod-bearing kinds in the
// pack's config, validated by the config schema, and the pack and immutable-check judge them.
import * as assert from "assert";
import { checkInputs } from "../../../cli/check";
import { podTemplatesOfPack } from "../../../policy-pack/checks";
import { podTemplatesOf, workloadOf } from "../../../policy-pack/workloads";
import { validatePackConfig } from "../../../cli/config";
import { inspectableWorkloads } from "../../../policy-pack/policies/inspectable-workloads";
import { readOnlyRootFilesystem } from "../../../policy-pack/policies/read-only-root-filesystem";
import { remediationOf, violationsOf } from "../../helpers/policyArgs";
import { usePack } from "../../helpers/packSuite";

const image = `nginx:1.27@sha256:${"a".repeat(64)}`;
const workerType = "kubernetes:batch.example.com/v1:Worker";
const podTemplates = [{ apiVersion: "batch.example.com/*", kind: "Worker", podSpecPath: "spec.runner.template.spec" }];

function worker(readOnly?: boolean, apiVersion = "batch.example.com/v1"): Record<string, unknown> {
    const securityContext = readOnly === undefined ? {} : { readOnlyRootFilesystem: readOnly };
    return {
        apiVersion,
        kind: "Worker",
        metadata: { name: "w" },
        spec: { runner: { template: { spec: { containers: [{ name: "app", image, securityContext }] } } } },
    };
}

describe("podTemplates: kinds declared in config", () => {
    it("a declared kind is judged at its pod spec path; undeclared it is only 'not inspected'", async () => {
        assert.strictEqual((await violationsOf(readOnlyRootFilesystem, workerType, worker(), { podTemplates })).length, 1);
        assert.deepStrictEqual(await violationsOf(readOnlyRootFilesystem, workerType, worker(true), { podTemplates }), []);
        assert.deepStrictEqual(await violationsOf(readOnlyRootFilesystem, workerType, worker()), []);
        assert.strictEqual((await violationsOf(inspectableWorkloads, workerType, worker())).length, 1);
        assert.deepStrictEqual(await violationsOf(inspectableWorkloads, workerType, worker(), { podTemplates }), []);
    });

    it("apiVersion is a glob, kind is exact; a generic CustomResource of the kind is judged too", async () => {
        assert.deepStrictEqual(
            await violationsOf(
                readOnlyRootFilesystem,
                "kubernetes:other.example.com/v1:Worker",
                worker(undefined, "other.example.com/v1"),
                { podTemplates },
            ),
            [],
        );
        assert.strictEqual(
            (await violationsOf(readOnlyRootFilesystem, "kubernetes:apiextensions.k8s.io:CustomResource", worker(), { podTemplates }))
                .length,
            1,
        );
        assert.strictEqual(
            (
                await violationsOf(
                    readOnlyRootFilesystem,
                    "kubernetes:batch.example.com/v2beta1:Worker",
                    worker(undefined, "batch.example.com/v2beta1"),
                    { podTemplates },
                )
            ).length,
            1,
        );
    });

    it("remediation sets the field at the declared path", async () => {
        const fixed = (await remediationOf(readOnlyRootFilesystem, workerType, worker(), { podTemplates })) as ReturnType<typeof worker>;
        const spec = fixed.spec as { runner: { template: { spec: { containers: Array<{ securityContext: unknown }> } } } };
        assert.deepStrictEqual(spec.runner.template.spec.containers[0].securityContext, { readOnlyRootFilesystem: true });
    });

    it("entries that are not what the schema asks for are left out, never thrown on", async () => {
        for (const bad of [
            null,
            1,
            "x",
            [{}],
            [{ apiVersion: "a/v1", kind: "Worker" }],
            [{ apiVersion: "a/v1", kind: "Worker", podSpecPath: "spec..x" }],
            [null],
        ]) {
            assert.deepStrictEqual(
                await violationsOf(readOnlyRootFilesystem, workerType, worker(), { podTemplates: bad }),
                [],
                JSON.stringify(bad),
            );
        }
    });

    it("the config schema (what pulumi checks --policy-pack-config against, and immutable-check --config) refuses a malformed declaration", () => {
        for (const bad of [
            [{ apiVersion: "a/v1", kind: "Worker" }],
            [{ apiVersion: "a/v1", kind: "Worker", podSpecPath: "spec[0]" }],
            [{ apiVersion: "a/v1", kind: "Worker", podSpecPath: "spec", extra: 1 }],
            [{ apiVersion: "", kind: "Worker", podSpecPath: "spec" }],
            "spec.template.spec",
        ]) {
            const result = validatePackConfig({ "read-only-root-filesystem": { podTemplates: bad } });
            assert.ok("errors" in result, JSON.stringify(bad));
            assert.match(result.errors.join("\n"), /podTemplates/, JSON.stringify(bad));
        }
        assert.ok("config" in validatePackConfig({ "read-only-root-filesystem": { podTemplates } }));
    });

    it("the same declared list gives the same array, so a workload's view is built once and shared", () => {
        const config = { podTemplates };
        assert.strictEqual(podTemplatesOf(config), podTemplatesOf(config));
        const pack = { "read-only-root-filesystem": config, "inspectable-workloads": { podTemplates } };
        assert.strictEqual(podTemplatesOfPack(pack), podTemplatesOfPack(pack));
        const props = worker();
        const view = workloadOf(workerType, props, "w", undefined, podTemplatesOf(config));
        assert.ok(view);
        assert.strictEqual(workloadOf(workerType, props, "w", undefined, podTemplatesOf(config)), view);
    });

    it("immutable-check takes them from --config", () => {
        const text = JSON.stringify(worker());
        assert.deepStrictEqual(
            checkInputs([{ name: "w.json", text }]).findings.map((f) => `${f.policy}:${f.level}`),
            ["inspectable-workloads:advisory"],
        );
        const config = { "read-only-root-filesystem": { podTemplates }, "inspectable-workloads": { podTemplates } };
        assert.deepStrictEqual(
            checkInputs([{ name: "w.json", text }], config).findings.map((f) => `${f.policy}:${f.level}:${f.container}`),
            ["read-only-root-filesystem:mandatory:app"],
        );
    });

    describe("over gRPC, through --policy-pack-config", function () {
        this.timeout(120_000);
        const pack = usePack();
        afterEach(async () => pack.configure({}));

        it("the declared kind draws a mandatory finding", async () => {
            await pack.configure({ "read-only-root-filesystem": { enforcementLevel: "mandatory", podTemplates } });
            const diags = await pack.analyze({ type: workerType, name: "w", props: worker() });
            assert.deepStrictEqual(
                diags.filter((d) => d.policyName === "read-only-root-filesystem").map((d) => d.enforcementLevel),
                ["mandatory"],
            );
        });
    });
});
