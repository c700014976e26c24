// A policy that throws is contained (the engine never sees the throw) and fails closed: the
// resource it could not judge is reported at the policy's level, never passed. The real
// definitions never throw on any input the property tests generate; here one is made to.
import * as assert from "assert";
import { ResourceValidation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { judgeResource, judgeStack } from "../../../policy-pack/checks";
import { evaluateOpaqueSafely, opaqueResourcePolicy } from "../../../policy-pack/lib/opaquePolicy";
import { evaluateSafely, workloadPolicy } from "../../../policy-pack/lib/resourcePolicy";
import { evaluateStackSafely, stackPolicy } from "../../../policy-pack/lib/stackPolicy";
import { inspectableWorkloadsDefinition } from "../../../policy-pack/policies/inspectable-workloads";
import { noWritableHostMountsStackDefinition } from "../../../policy-pack/policies/no-writable-host-mounts";
import { readOnlyRootFilesystemDefinition } from "../../../policy-pack/policies/read-only-root-filesystem";
import { opaqueResourceOf, workloadOf } from "../../../policy-pack/workloads";
import { deployment, deploymentType, podSpec } from "../../helpers/builders";

const readOnly = deployment(podSpec({ securityContext: { readOnlyRootFilesystem: true } }));
const writable = deployment(podSpec({}));
const boom = () => {
    throw new TypeError("Cannot read properties of undefined (reading 'x')\nat a line the user need not see");
};

/** Runs `body` with `definition[key]` replaced by a function that throws, and silences the stderr line. */
function withThrowing<T>(definition: object, key: string, body: () => T): T {
    const original = (definition as Record<string, unknown>)[key];
    const error = console.error;
    (definition as Record<string, unknown>)[key] = boom;
    const said: string[] = [];
    console.error = (...args: unknown[]) => said.push(args.join(" "));
    try {
        return body();
    } finally {
        (definition as Record<string, unknown>)[key] = original;
        console.error = error;
        assert.ok(
            said.some((s) => s.startsWith(`immutable-workloads: policy ${(definition as { name: string }).name} failed on `)),
            `the failure is said on stderr: ${JSON.stringify(said)}`,
        );
    }
}

const couldNotJudge = (policy: string, subject: string) =>
    new RegExp(
        `^policy ${policy} could not judge ${subject.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} \\(TypeError: Cannot read properties of undefined \\(reading 'x'\\)\\), so it reports it instead of passing it\\.`,
    );

describe("lib: a policy that throws fails closed", () => {
    it("a workload policy: one finding naming the policy, the resource and the error's first line", () => {
        const view = workloadOf(deploymentType, readOnly, "web")!;
        const found = withThrowing(readOnlyRootFilesystemDefinition, "evaluate", () =>
            evaluateSafely(readOnlyRootFilesystemDefinition, view, {}),
        );
        assert.strictEqual(found.length, 1);
        assert.match(found[0].message, couldNotJudge("read-only-root-filesystem", `${deploymentType} web`));
        assert.ok(!found[0].message.includes("at a line"), "only the error's first line");
        assert.deepStrictEqual(found[0].facts, { platform: "kubernetes", problem: "cannot-judge", state: "policy-error", fix: "report" });
    });

    it("through the pack's judging: the read-only Deployment the policy could not judge is a mandatory finding, not a pass", () => {
        assert.deepStrictEqual(
            judgeResource(deploymentType, readOnly, "web").filter((j) => j.level === "mandatory"),
            [],
        );
        const judged = withThrowing(readOnlyRootFilesystemDefinition, "evaluate", () => judgeResource(deploymentType, readOnly, "web"));
        assert.deepStrictEqual(
            judged.filter((j) => j.level === "mandatory").map((j) => [j.policy, j.facts?.problem]),
            [["read-only-root-filesystem", "cannot-judge"]],
        );
        // At the level configured, like any finding of the policy.
        const advisory = withThrowing(readOnlyRootFilesystemDefinition, "evaluate", () =>
            judgeResource(deploymentType, writable, "web", { "read-only-root-filesystem": "advisory" }),
        );
        assert.deepStrictEqual(
            advisory.filter((j) => j.policy === "read-only-root-filesystem").map((j) => j.level),
            ["advisory"],
        );
    });

    it("the SDK adapter reports it to the engine; the remediation leaves the props alone", () => {
        const policy = workloadPolicy(readOnlyRootFilesystemDefinition);
        const args = { type: deploymentType, name: "web", urn: "urn:x", props: readOnly, getConfig: () => ({}) };
        const reported: string[] = [];
        withThrowing(readOnlyRootFilesystemDefinition, "evaluate", () =>
            (policy.validateResource as ResourceValidation)(args as unknown as ResourceValidationArgs, (m: string) => reported.push(m)),
        );
        assert.strictEqual(reported.length, 1);
        assert.match(reported[0], couldNotJudge("read-only-root-filesystem", `${deploymentType} web`));
        // The adapter takes the remediation when it is made: made here, with the throwing one.
        const remediated = withThrowing(readOnlyRootFilesystemDefinition, "remediate", () =>
            workloadPolicy(readOnlyRootFilesystemDefinition).remediateResource!(args as unknown as ResourceValidationArgs),
        );
        assert.strictEqual(remediated, undefined);
    });

    it("a policy over opaque resources: the resource is reported", () => {
        const release = { chart: "ingress-nginx", version: "4.11.0" };
        const view = opaqueResourceOf("kubernetes:helm.sh/v3:Release", release, "ingress")!;
        const found = withThrowing(inspectableWorkloadsDefinition, "evaluate", () =>
            evaluateOpaqueSafely(inspectableWorkloadsDefinition, view, {}),
        );
        assert.strictEqual(found.length, 1);
        assert.match(found[0].message, couldNotJudge("inspectable-workloads", "kubernetes:helm.sh/v3:Release ingress"));
        const reported: string[] = [];
        withThrowing(inspectableWorkloadsDefinition, "evaluate", () =>
            (opaqueResourcePolicy(inspectableWorkloadsDefinition).validateResource as ResourceValidation)(
                {
                    type: "kubernetes:helm.sh/v3:Release",
                    name: "ingress",
                    props: release,
                    getConfig: () => ({}),
                } as unknown as ResourceValidationArgs,
                (m: string) => reported.push(m),
            ),
        );
        assert.strictEqual(reported.length, 1);
    });

    it("a stack policy: one finding about the stack as a whole, reported to the engine without a URN", () => {
        const resources = [{ type: deploymentType, name: "web", urn: "urn:web", props: readOnly }];
        const found = withThrowing(noWritableHostMountsStackDefinition, "evaluateStack", () =>
            evaluateStackSafely(noWritableHostMountsStackDefinition, resources, {}),
        );
        assert.strictEqual(found.length, 1);
        assert.strictEqual(found[0].urn, undefined);
        assert.match(found[0].message, couldNotJudge("no-writable-host-mounts", "a stack of 1 resources"));
        const judged = withThrowing(noWritableHostMountsStackDefinition, "evaluateStack", () => judgeStack(resources));
        assert.deepStrictEqual(
            judged.map((j) => [j.policy, j.level]),
            [["no-writable-host-mounts", "mandatory"]],
        );
        const reported: Array<[string, string | undefined]> = [];
        withThrowing(noWritableHostMountsStackDefinition, "evaluateStack", () =>
            stackPolicy(noWritableHostMountsStackDefinition).validateStack(
                { resources, getConfig: () => ({}) } as unknown as StackValidationArgs,
                (m: string, urn?: string) => reported.push([m, urn]),
            ),
        );
        assert.strictEqual(reported.length, 1);
        assert.strictEqual(reported[0][1], undefined);
    });

    it("a thrown value that is no Error, or cannot be printed, is still a finding", () => {
        const view = workloadOf(deploymentType, readOnly, "web")!;
        const def = readOnlyRootFilesystemDefinition as unknown as Record<string, unknown>;
        const original = def.evaluate;
        const error = console.error;
        console.error = () => undefined;
        try {
            def.evaluate = () => {
                throw "plain text";
            };
            assert.match(evaluateSafely(readOnlyRootFilesystemDefinition, view, {})[0].message, /\(plain text\)/);
            def.evaluate = () => {
                throw {
                    toString() {
                        throw new Error("no");
                    },
                };
            };
            assert.match(evaluateSafely(readOnlyRootFilesystemDefinition, view, {})[0].message, /\(an error that cannot be printed\)/);
        } finally {
            def.evaluate = original;
            console.error = error;
        }
    });
});
