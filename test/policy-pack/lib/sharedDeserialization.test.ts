import * as assert from "assert";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { shareDeserializationPerRequest } from "../../../policy-pack/lib/sharedDeserialization";
import { workloadOf } from "../../../policy-pack/workloads";

const deserialize = require("@pulumi/policy/deserialize") as {
    deserializeProperties(s: Struct, proxySecrets: boolean): Record<string, unknown>;
};

describe("lib/sharedDeserialization", () => {
    const struct = () =>
        Struct.fromJavaScript({
            spec: { template: { spec: { containers: [{ name: "app", securityContext: { readOnlyRootFilesystem: true } }] } } },
        });

    it("installs once and stays installed", () => {
        assert.strictEqual(shareDeserializationPerRequest(), true);
        const installed = deserialize.deserializeProperties;
        assert.strictEqual(shareDeserializationPerRequest(), true);
        assert.strictEqual(deserialize.deserializeProperties, installed);
    });

    it("gives every Analyze-path call on one request's Struct the same copy, and other requests their own", () => {
        shareDeserializationPerRequest();
        const a = struct();
        const first = deserialize.deserializeProperties(a, false);
        assert.strictEqual(deserialize.deserializeProperties(a, false), first);
        assert.notStrictEqual(deserialize.deserializeProperties(struct(), false), first);
        assert.deepStrictEqual(first, a.toJavaScript());
    });

    it("leaves the Remediate path (secrets proxied, props a policy may change) unshared", () => {
        shareDeserializationPerRequest();
        const a = struct();
        assert.notStrictEqual(deserialize.deserializeProperties(a, true), deserialize.deserializeProperties(a, true));
    });

    it("so the workload view of a request is built once for every policy", () => {
        shareDeserializationPerRequest();
        const a = struct();
        const type = "kubernetes:apps/v1:Deployment";
        const view = workloadOf(type, deserialize.deserializeProperties(a, false), "web");
        assert.ok(view);
        assert.strictEqual(workloadOf(type, deserialize.deserializeProperties(a, false), "web"), view);
        // A different type or name for the same object is a different question.
        assert.notStrictEqual(workloadOf("kubernetes:apps/v1:StatefulSet", deserialize.deserializeProperties(a, false), "web"), view);
    });
});
