// The Remediate fast path (policy-pack/lib/grpcFastPaths.ts) against the SDK alone: the pack as
// built, and a reference pack made of the same policies served by `@pulumi/policy` without the fast
// path, both started as the engine starts them, get the same request bytes and must answer the
// same response bytes, under every configuration the engine can send.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { RemediationLevels } from "../../policy-pack/lib/grpcFastPaths";
import { repositoryPackDir, secretOnTheWire, unknownOnTheWire } from "../helpers/analyzer";
import { built, RawPack, repositoryRoot, startRaw, writeReferencePack } from "./fastpath-packs";

type Level = "advisory" | "mandatory" | "disabled" | "remediate";
const levelValues: Record<Level, pb.EnforcementLevel> = {
    advisory: pb.EnforcementLevel.ADVISORY,
    mandatory: pb.EnforcementLevel.MANDATORY,
    disabled: pb.EnforcementLevel.DISABLED,
    remediate: pb.EnforcementLevel.REMEDIATE,
};

function configureRequest(config: Record<string, Level>): Uint8Array {
    const request = new pb.ConfigureAnalyzerRequest();
    for (const [policy, level] of Object.entries(config)) {
        request
            .getPolicyconfigMap()
            .set(policy, new pb.PolicyConfig().setEnforcementlevel(levelValues[level]).setProperties(Struct.fromJavaScript({})));
    }
    return request.serializeBinary();
}

function remediateRequest(type: string, name: string, props: Record<string, unknown>): Uint8Array {
    return new pb.AnalyzeRequest()
        .setType(type)
        .setName(name)
        .setUrn(`urn:pulumi:test::immutable-workloads::${type}::${name}`)
        .setProperties(Struct.fromJavaScript(props as never))
        .setOptions(new pb.AnalyzerResourceOptions().setCustomtimeouts(new pb.AnalyzerResourceOptions.CustomTimeouts()))
        .serializeBinary();
}

const deploymentType = "kubernetes:apps/v1:Deployment";
const deployment = (containers: unknown[]) => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web" },
    spec: { template: { spec: { containers } } },
});

/** Resources the engine sends: writable and read-only workloads, secrets, unknowns, other types. */
const resources: Array<[string, string, Record<string, unknown>]> = [
    [deploymentType, "writable", deployment([{ name: "app", image: "nginx:1.27" }])],
    [deploymentType, "read-only", deployment([{ name: "app", image: "nginx:1.27", securityContext: { readOnlyRootFilesystem: true } }])],
    [
        deploymentType,
        "secret",
        deployment([
            { name: "app", image: secretOnTheWire("nginx:1.27"), securityContext: secretOnTheWire({ readOnlyRootFilesystem: false }) },
        ]),
    ],
    [
        deploymentType,
        "unknown",
        deployment([unknownOnTheWire, { name: "b", securityContext: { readOnlyRootFilesystem: unknownOnTheWire } }]),
    ],
    ["kubernetes:core/v1:Pod", "pod", { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "a" }] } }],
    ["docker:index/container:Container", "box", { image: "nginx", readOnly: false }],
    ["kubernetes:core/v1:ConfigMap", "cm", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm" }, data: { a: "b" } }],
    ["pulumi:providers:kubernetes", "default", {}],
];

/** The configurations a run goes through, in order (each replaces the one before, as Configure does). */
const configurations: Array<Record<string, Level>> = [
    {},
    { "read-only-root-filesystem": "remediate" },
    { "read-only-root-filesystem": "mandatory" },
    { "read-only-root-filesystem": "remediate", "pinned-image": "remediate" },
    { "pinned-image": "remediate" },
    { "read-only-root-filesystem": "disabled", "immutable-configuration": "remediate" },
    { all: "remediate" },
    {},
];

describe("gRPC fast path: Remediate", function () {
    this.timeout(180_000);
    const referenceDir = path.join(repositoryRoot, ".cache", `fastpath-reference-pack-${process.pid}`);
    let fast: RawPack | undefined;
    let reference: RawPack | undefined;

    before(async () => {
        assert.ok(fs.existsSync(path.join(built, "lib", "grpcFastPaths.js")), "the pack is built (npm run build)");
        writeReferencePack(referenceDir);
        [fast, reference] = await Promise.all([startRaw(repositoryPackDir), startRaw(referenceDir)]);
        const stack = new pb.AnalyzerStackConfigureRequest()
            .setStack("test")
            .setProject("immutable-workloads")
            .setDryRun(true)
            .serializeBinary();
        await Promise.all([fast.call("ConfigureStack", stack), reference.call("ConfigureStack", stack)]);
    });
    after(async () => {
        await Promise.all([fast?.close(), reference?.close()]);
        fs.rmSync(referenceDir, { recursive: true, force: true });
    });

    it("answers every Remediate with the SDK's bytes, under every configuration in turn", async () => {
        let remediations = 0;
        for (const config of configurations) {
            const c = configureRequest(config);
            await Promise.all([fast!.call("Configure", c), reference!.call("Configure", c)]);
            for (const [type, name, props] of resources) {
                const request = remediateRequest(type, name, props);
                const [mine, theirs] = await Promise.all([fast!.call("Remediate", request), reference!.call("Remediate", request)]);
                assert.ok(
                    mine.equals(theirs),
                    `${JSON.stringify(config)} ${type} ${name}: ${mine.toString("hex")} vs ${theirs.toString("hex")}`,
                );
                remediations += pb.RemediateResponse.deserializeBinary(mine).getRemediationsList().length;
            }
        }
        // The comparison covered real remediations, not only empty answers.
        assert.ok(remediations >= 4, `${remediations} remediations compared`);
    });

    it("keeps the levels when the SDK refuses a Configure", async () => {
        const good = configureRequest({ "read-only-root-filesystem": "remediate" });
        await Promise.all([fast!.call("Configure", good), reference!.call("Configure", good)]);
        const stillRemediating = async () => {
            const request = remediateRequest(...resources[0]);
            const [mine, theirs] = await Promise.all([fast!.call("Remediate", request), reference!.call("Remediate", request)]);
            assert.ok(mine.equals(theirs));
            assert.strictEqual(pb.RemediateResponse.deserializeBinary(mine).getRemediationsList().length, 1, "still remediating");
        };
        // The same error (its stack has one more frame, the wrapper's).
        const refusedByBoth = async (request: pb.ConfigureAnalyzerRequest) => {
            const outcomes = await Promise.all(
                [fast!, reference!].map((p) =>
                    p.call("Configure", request.serializeBinary()).then(
                        () => "ok",
                        (e: Error) => e.message.split("\n")[0],
                    ),
                ),
            );
            assert.notStrictEqual(outcomes[1], "ok", "the SDK refuses it");
            assert.strictEqual(outcomes[0], outcomes[1]);
        };
        // A config whose level reads well but which has no properties: the SDK refuses it whole.
        const noProperties = new pb.ConfigureAnalyzerRequest();
        noProperties
            .getPolicyconfigMap()
            .set("read-only-root-filesystem", new pb.PolicyConfig().setEnforcementlevel(pb.EnforcementLevel.MANDATORY));
        await refusedByBoth(noProperties);
        await stillRemediating();
        // A level the SDK does not know.
        const bad = new pb.ConfigureAnalyzerRequest();
        bad.getPolicyconfigMap().set(
            "read-only-root-filesystem",
            new pb.PolicyConfig().setEnforcementlevel(42 as pb.EnforcementLevel).setProperties(Struct.fromJavaScript({})),
        );
        await refusedByBoth(bad);
        await stillRemediating();
    });

    it("answers without decoding the request when no policy remediates (so the fast path, not the SDK, answered)", async () => {
        const none = configureRequest({});
        await Promise.all([fast!.call("Configure", none), reference!.call("Configure", none)]);
        // Bytes no protobuf decoder accepts: the SDK's server never answers them (its decoder throws).
        const garbage = Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]);
        // (The reference pack stays unusable after that: this test comes last.)
        await assert.rejects(reference!.call("Remediate", garbage, 2000));
        const answer = await fast!.call("Remediate", garbage);
        assert.strictEqual(answer.length, 0, "the empty RemediateResponse");
        // With a policy at remediate the request is decoded, and refused.
        await fast!.call("Configure", configureRequest({ "read-only-root-filesystem": "remediate" }));
        await assert.rejects(fast!.call("Remediate", garbage, 2000));
        assert.strictEqual(fast!.stderr(), "");
    });
});

describe("lib/grpcFastPaths RemediationLevels", () => {
    const isResourcePolicy = (require("@pulumi/policy/policy") as { isResourcePolicy(p: unknown): boolean }).isResourcePolicy;
    const resourcePolicy = (name: string, enforcementLevel?: string) => ({ name, enforcementLevel, validateResource: () => undefined });

    it("computes a level as the SDK does: configured, else the policy's, else the pack's", () => {
        const levels = new RemediationLevels(
            { policies: [resourcePolicy("a", "mandatory"), resourcePolicy("b")], enforcementLevel: "remediate" },
            isResourcePolicy,
        );
        assert.strictEqual(levels.levelOf({ name: "a", enforcementLevel: "mandatory" }), "mandatory");
        assert.strictEqual(levels.levelOf({ name: "b" }), "remediate");
        assert.strictEqual(levels.anyRemediates(), true, "b inherits the pack's remediate");
        levels.configure(new Map([["b", "advisory"]]));
        assert.strictEqual(levels.anyRemediates(), false);
        levels.configure(new Map([["a", "remediate"]]));
        assert.strictEqual(levels.anyRemediates(), true);
        // The configured level wins over the policy's, which wins over the pack's.
        const advisoryPack = new RemediationLevels(
            { policies: [resourcePolicy("a", "mandatory"), resourcePolicy("b")], enforcementLevel: "advisory" },
            isResourcePolicy,
        );
        advisoryPack.configure(new Map([["a", "remediate"]]));
        assert.strictEqual(advisoryPack.levelOf({ name: "a", enforcementLevel: "mandatory" }), "remediate");
        assert.strictEqual(advisoryPack.anyRemediates(), true);
        advisoryPack.configure(new Map([["a", "disabled"]]));
        assert.strictEqual(advisoryPack.anyRemediates(), false);
        assert.strictEqual(advisoryPack.levelOf({ name: "b" }), "advisory");
    });

    it("ignores stack policies at remediate (the SDK's Remediate skips them)", () => {
        const stackOnly = { name: "s", enforcementLevel: "remediate", validateStack: () => undefined };
        assert.strictEqual(
            new RemediationLevels({ policies: [stackOnly], enforcementLevel: "advisory" }, isResourcePolicy).anyRemediates(),
            false,
        );
    });

    it("hands every call to the SDK after a Configure it could not read", () => {
        const levels = new RemediationLevels(
            { policies: [resourcePolicy("a", "mandatory")], enforcementLevel: "advisory" },
            isResourcePolicy,
        );
        assert.strictEqual(levels.anyRemediates(), false);
        levels.configure(undefined);
        assert.strictEqual(levels.anyRemediates(), true);
    });
});
