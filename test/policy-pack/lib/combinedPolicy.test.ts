import * as assert from "assert";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { mergePoliciesByName, withStackPart } from "../../../policy-pack/lib/combinedPolicy";
import { policies } from "../../../policy-pack/policies";

const resource = (name: string): ResourceValidationPolicy => ({
    name,
    description: "d",
    enforcementLevel: "advisory",
    validateResource: () => undefined,
});
const stack = (name: string): StackValidationPolicy => ({
    name,
    description: "d",
    enforcementLevel: "advisory",
    validateStack: () => undefined,
});

describe("lib/combinedPolicy", () => {
    it("folds a stack policy into the resource policy of the same name, keeping the first position", () => {
        const merged = mergePoliciesByName([resource("a"), resource("b"), stack("c"), stack("a")]);
        assert.deepStrictEqual(
            merged.map((p) => p.name),
            ["a", "b", "c"],
        );
        const a = merged[0] as ResourceValidationPolicy & StackValidationPolicy;
        assert.strictEqual(typeof a.validateResource, "function");
        assert.strictEqual(typeof a.validateStack, "function");
    });

    it("refuses two policies of one kind under one name, and parts of different policies", () => {
        assert.throws(() => mergePoliciesByName([resource("a"), resource("a")]), /two policies named a/);
        assert.throws(() => withStackPart(resource("a"), stack("b")), /different policies/);
    });

    it("the pack: every name once; no-writable-host-mounts and inspectable-workloads have both parts", () => {
        const names = policies.map((p) => p.name);
        assert.deepStrictEqual(names, [...new Set(names)]);
        for (const name of ["no-writable-host-mounts", "inspectable-workloads"]) {
            const p = policies.find((x) => x.name === name) as Partial<ResourceValidationPolicy & StackValidationPolicy>;
            assert.strictEqual(typeof p.validateResource, "function", name);
            assert.strictEqual(typeof p.validateStack, "function", name);
        }
        const ic = policies.find((x) => x.name === "immutable-configuration") as Partial<ResourceValidationPolicy>;
        assert.strictEqual(ic.validateResource, undefined);
    });
});
