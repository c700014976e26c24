// The field reader's fast path for plain data (values.ts `plain`, sdkValues.ts `isSdkSecret`):
// plain JSON comes back as it is, by identity, while everything that is not plain data — the
// SDK's proxies, its Secret wrapper, an engine sentinel in a preview, objects of other classes —
// still takes the exact path.
import * as assert from "assert";
import { Secret } from "@pulumi/policy";
import { field, fieldAt, isUnknown, plain, setPreview, unknownValue } from "../../../policy-pack/workloads/values";
import { isSdkSecret } from "../../../policy-pack/workloads/sdkValues";
import { podTemplatesOf } from "../../../policy-pack/workloads";

// The SDK's proxy module ships without type declarations for these.
const { unknownCheckingProxy, unknownBooleanValue, unknownObjectValue } = require("@pulumi/policy/proxy") as {
    unknownCheckingProxy: <T>(value: T) => T;
    unknownBooleanValue: string;
    unknownObjectValue: string;
};

describe("values: the fast path for plain data", () => {
    afterEach(() => setPreview(false));

    it("hands plain objects, arrays and null-prototype objects back by identity", () => {
        const obj = { a: 1 };
        const arr = [obj];
        const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: 2 });
        for (const v of [obj, arr, bare, null, undefined, 3, true]) {
            assert.strictEqual(plain(v), v);
        }
        assert.strictEqual(fieldAt({ x: { y: arr } }, ["x", "y", 0, "a"]), 1);
        assert.strictEqual(field(bare, "a"), 2);
    });

    it("still unwraps the SDK's proxies, even around plain objects and arrays", () => {
        const target = { spec: { containers: [{ name: "c" }] } };
        const proxied = unknownCheckingProxy(target);
        assert.strictEqual(plain(proxied), target);
        assert.strictEqual(fieldAt(proxied, ["spec", "containers", 0, "name"]), "c");
        const proxiedArray = unknownCheckingProxy([1, 2]);
        assert.deepStrictEqual(plain(proxiedArray), [1, 2]);
        assert.notStrictEqual(plain(proxiedArray), proxiedArray);
    });

    it("still unwraps the SDK's secrets, and a proxy inside a secret", () => {
        const inner = { readOnlyRootFilesystem: true };
        const secret = new Secret(unknownCheckingProxy(inner));
        assert.strictEqual(isSdkSecret(secret), true);
        assert.strictEqual(plain(secret), inner);
        assert.strictEqual(fieldAt({ sc: secret }, ["sc", "readOnlyRootFilesystem"]), true);
        assert.strictEqual(isSdkSecret({ value: 1 }), false);
        assert.strictEqual(isSdkSecret([1]), false);
    });

    it("a sentinel string is unknown in a preview only; the unknown marker stays unknown", () => {
        assert.strictEqual(plain(unknownBooleanValue), unknownBooleanValue);
        setPreview(true);
        assert.strictEqual(plain(unknownBooleanValue), unknownValue);
        assert.strictEqual(isUnknown(fieldAt({ a: { b: unknownObjectValue } }, ["a", "b", "c"])), true);
        assert.strictEqual(plain("plain text"), "plain text");
        assert.strictEqual(plain(unknownValue), unknownValue);
    });

    it("objects of other classes are not plain data: a class named Secret that is not the SDK's is read as is", () => {
        class Secret {
            constructor(readonly value: unknown) {}
        }
        const lookalike = new Secret(1);
        assert.strictEqual(isSdkSecret(lookalike), false);
        assert.strictEqual(plain(lookalike), lookalike);
    });

    it("podTemplatesOf: one shared empty list without declared kinds (the view cache's key), a fresh list with them", () => {
        assert.strictEqual(podTemplatesOf({}), podTemplatesOf({ podTemplates: "no" }, undefined));
        assert.deepStrictEqual(podTemplatesOf(), []);
        const declared = podTemplatesOf({ podTemplates: [{ apiVersion: "x/v1", kind: "Job", podSpecPath: "spec.template.spec" }] });
        assert.strictEqual(declared.length, 1);
        assert.notStrictEqual(declared, podTemplatesOf({}));
    });
});
