// The Analyze fast path (policy-pack/lib/grpcFastPaths.ts: the props' Struct decoded by
// policy-pack/lib/structDecoder.ts, when a policy asks) against google-protobuf and the SDK alone:
// the decoder gives exactly `Struct.deserializeBinary(bytes).toJavaScript()` or gives up, and the
// pack answers every Analyze with the bytes the SDK alone answers.
import * as assert from "assert";
import * as fc from "fast-check";
import * as fs from "fs";
import * as path from "path";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { parse as parseYaml } from "yaml";
import { structToJavaScript } from "../../policy-pack/lib/structDecoder";
import { secretOnTheWire, unknownOnTheWire } from "../helpers/analyzer";
import { RawPack, repositoryRoot, startRaw, writeReferencePack } from "./fastpath-packs";
import { repositoryPackDir } from "../helpers/analyzer";

const corpus = path.join(repositoryRoot, "test", "fixtures", "corpus");

/** Every object of the corpus's Kubernetes and Compose files, as JSON values. */
function corpusObjects(): Array<Record<string, unknown>> {
    const out: Array<Record<string, unknown>> = [];
    for (const dir of ["kubernetes", "compose"]) {
        for (const file of fs.readdirSync(path.join(corpus, dir)).filter((f) => /\.ya?ml$/.test(f))) {
            for (const part of fs.readFileSync(path.join(corpus, dir, file), "utf8").split(/^---.*$/m)) {
                let value: unknown;
                try {
                    value = JSON.parse(JSON.stringify(parseYaml(part, { merge: true, maxAliasCount: -1 }) ?? null));
                } catch {
                    continue;
                }
                if (value !== null && typeof value === "object" && !Array.isArray(value)) {
                    out.push(value as Record<string, unknown>);
                }
            }
        }
    }
    return out;
}

/** The same value and the same key order, all the way down. */
function sameAsGoogleProtobuf(bytes: Uint8Array): boolean {
    const mine = structToJavaScript(bytes);
    if (mine === undefined) {
        return false;
    }
    const theirs = Struct.deserializeBinary(bytes).toJavaScript();
    assert.deepStrictEqual(mine, theirs);
    assert.strictEqual(JSON.stringify(mine), JSON.stringify(theirs), "key order");
    return true;
}

// Wire-format helpers for hand-made Structs.
const varint = (n: number): number[] => {
    const out: number[] = [];
    do {
        out.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
        n = Math.floor(n / 128);
    } while (n > 0);
    return out;
};
const field = (number: number, wire: number, body: number[]): number[] =>
    wire === 2 ? [...varint((number << 3) | 2), ...varint(body.length), ...body] : [...varint((number << 3) | wire), ...body];
const utf8 = (s: string) => [...Buffer.from(s, "utf8")];
const stringValue = (s: string) => field(3, 2, utf8(s));
const entry = (key: number[] | undefined, value: number[] | undefined) =>
    field(1, 2, [...(key ? field(1, 2, key) : []), ...(value ? field(2, 2, value) : [])]);

describe("lib/structDecoder", () => {
    it("decodes every object of the corpus as google-protobuf does", () => {
        const objects = corpusObjects();
        assert.ok(objects.length > 150, `${objects.length} objects`);
        for (const o of objects) {
            assert.ok(sameAsGoogleProtobuf(Struct.fromJavaScript(o as never).serializeBinary()), JSON.stringify(o).slice(0, 200));
        }
    });

    it("decodes any JSON object as google-protobuf does: numbers, Unicode, odd keys, nesting", () => {
        const key = fc.oneof(fc.string(), fc.constantFrom("", "10", "9", "__proto__", "constructor", "é", "a.b", "💥"));
        const json = fc.letrec((tie) => ({
            value: fc.oneof(
                { depthSize: "small" },
                fc.constant(null),
                fc.boolean(),
                fc.double({ noNaN: false }),
                fc.string({ unit: "grapheme" }),
                fc.array(tie("value")),
                tie("object"),
            ),
            object: fc.dictionary(key, tie("value")),
        })).object;
        fc.assert(
            fc.property(json, (o) => {
                assert.ok(sameAsGoogleProtobuf(Struct.fromJavaScript(o as never).serializeBinary()));
            }),
            { numRuns: 1000 },
        );
    });

    it("reads what google-protobuf reads in wire forms no encoder writes: keys out of order, a repeated key, an entry without a key", () => {
        const cases = [
            [...entry(utf8("b"), stringValue("1")), ...entry(utf8("a"), stringValue("2"))],
            [...entry(utf8("a"), stringValue("1")), ...entry(utf8("a"), stringValue("2"))],
            [...entry(undefined, stringValue("x"))],
            [...entry(utf8("n"), field(1, 0, [5]))],
        ];
        for (const bytes of cases) {
            assert.ok(sameAsGoogleProtobuf(Uint8Array.from(bytes)), JSON.stringify(bytes));
        }
    });

    it("gives up on what it does not read (and google-protobuf decodes it, or fails, instead)", () => {
        const cases: Array<[string, number[]]> = [
            ["a Value without kind", entry(utf8("a"), [])],
            ["a Value with two kinds", entry(utf8("a"), [...stringValue("x"), ...field(4, 0, [1])])],
            ["an entry without a value", entry(utf8("a"), undefined)],
            ["an unknown field", [...entry(utf8("a"), stringValue("x")), ...field(7, 0, [1])]],
            ["text that is not UTF-8", entry([0xff, 0xfe], stringValue("x"))],
            ["a truncated message", entry(utf8("a"), stringValue("x")).slice(0, -1)],
            ["a bool that is neither 0 nor 1", entry(utf8("a"), field(4, 0, [2]))],
        ];
        for (const [what, bytes] of cases) {
            assert.strictEqual(structToJavaScript(Uint8Array.from(bytes)), undefined, what);
        }
    });
});

describe("gRPC fast path: Analyze", function () {
    this.timeout(180_000);
    const referenceDir = path.join(repositoryRoot, ".cache", `fastpath-analyze-reference-${process.pid}`);
    let fast: RawPack | undefined;
    let reference: RawPack | undefined;

    before(async () => {
        writeReferencePack(referenceDir);
        [fast, reference] = await Promise.all([startRaw(repositoryPackDir), startRaw(referenceDir)]);
        const stack = new pb.AnalyzerStackConfigureRequest()
            .setStack("test")
            .setProject("immutable-workloads")
            .setDryRun(true)
            .serializeBinary();
        const configure = new pb.ConfigureAnalyzerRequest().serializeBinary();
        for (const p of [fast, reference]) {
            await p.call("ConfigureStack", stack);
            await p.call("Configure", configure);
        }
    });
    after(async () => {
        await Promise.all([fast?.close(), reference?.close()]);
        fs.rmSync(referenceDir, { recursive: true, force: true });
    });

    const typeOf = (o: Record<string, unknown>): string => {
        const [group, version] = String(o.apiVersion ?? "v1").includes("/")
            ? String(o.apiVersion).split("/")
            : ["core", String(o.apiVersion ?? "v1")];
        return o.kind ? `kubernetes:${group}/${version}:${String(o.kind)}` : "docker:index/container:Container";
    };

    const request = (type: string, props: Record<string, unknown>, withProvider = false) => {
        const r = new pb.AnalyzeRequest()
            .setType(type)
            .setName("r")
            .setUrn(`urn:pulumi:test::p::${type}::r`)
            .setProperties(Struct.fromJavaScript(props as never))
            .setOptions(new pb.AnalyzerResourceOptions().setCustomtimeouts(new pb.AnalyzerResourceOptions.CustomTimeouts()));
        if (withProvider) {
            r.setProvider(
                new pb.AnalyzerProviderResource()
                    .setType("pulumi:providers:kubernetes")
                    .setName("k")
                    .setUrn("urn:pulumi:test::p::pulumi:providers:kubernetes::k")
                    .setProperties(Struct.fromJavaScript({ namespace: "shop" })),
            );
        }
        return r.serializeBinary();
    };

    it("answers every Analyze of the corpus's objects, secrets and unknowns with the SDK's bytes", async () => {
        const resources: Array<[string, Record<string, unknown>]> = corpusObjects().map((o) => [typeOf(o), o]);
        const writable = {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: "w" },
            spec: { template: { spec: { containers: [{ name: "a", image: secretOnTheWire("nginx") }, unknownOnTheWire] } } },
        };
        resources.push(
            [typeOf(writable), writable],
            ["docker:index/container:Container", { image: "nginx:1.27", readOnly: false, name: "box" }],
        );
        let violations = 0;
        for (const [i, [type, props]] of resources.entries()) {
            const bytes = request(type, props, i % 3 === 0);
            const [mine, theirs] = await Promise.all([fast!.call("Analyze", bytes), reference!.call("Analyze", bytes)]);
            assert.ok(mine.equals(theirs), `${type}: ${JSON.stringify(props).slice(0, 200)}`);
            violations += pb.AnalyzeResponse.deserializeBinary(mine).getDiagnosticsList().length;
        }
        assert.ok(violations > 20, `${violations} violations compared`);
        assert.strictEqual(fast!.stderr(), "");
    });

    it("answers AnalyzeStack over the corpus's objects (with parents, options, a two-kind Value) with the SDK's bytes", async () => {
        const objects = corpusObjects();
        const stack = new pb.AnalyzeStackRequest().setResourcesList(
            objects.map((o, i) => {
                const type = typeOf(o);
                const r = new pb.AnalyzerResource()
                    .setType(type)
                    .setName(`r${i}`)
                    .setUrn(`urn:pulumi:test::p::${type}::r${i}`)
                    .setProperties(Struct.fromJavaScript(o as never))
                    .setOptions(new pb.AnalyzerResourceOptions().setCustomtimeouts(new pb.AnalyzerResourceOptions.CustomTimeouts()));
                if (i > 0 && i % 5 === 0) {
                    r.setParent(`urn:pulumi:test::p::${typeOf(objects[i - 1])}::r${i - 1}`);
                }
                return r;
            }),
        );
        const bytes = stack.serializeBinary();
        // One more resource whose props google-protobuf must decode (a Value of two kinds, the last winning).
        const odd = Uint8Array.from([
            ...Struct.fromJavaScript({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm" } }).serializeBinary(),
            ...entry(utf8("data"), [...stringValue("x"), ...field(5, 2, [])]),
        ]);
        const oddResource = new pb.AnalyzerResource()
            .setType("kubernetes:core/v1:ConfigMap")
            .setName("cm")
            .setUrn("urn:pulumi:test::p::kubernetes:core/v1:ConfigMap::cm")
            .serializeBinary();
        const withOdd = Uint8Array.from([...bytes, ...field(1, 2, [...oddResource, ...field(2, 2, [...odd])])]);
        for (const request of [bytes, withOdd]) {
            const outcome = (p: RawPack) =>
                p.call("AnalyzeStack", request).then(
                    (b) => b.toString("hex"),
                    (e: Error) => e.message.split("\n")[0],
                );
            const [mine, theirs] = await Promise.all([outcome(fast!), outcome(reference!)]);
            assert.strictEqual(mine, theirs);
        }
        const diagnostics = pb.AnalyzeResponse.deserializeBinary(await fast!.call("AnalyzeStack", bytes)).getDiagnosticsList();
        assert.ok(diagnostics.length > 0, "the stack policies found something to compare");
    });

    it("answers an Analyze whose props google-protobuf must decode (a two-kind Value) as the SDK does", async () => {
        // Props with a Value of two kinds (the last wins for google-protobuf): the decoder gives up.
        const props = Struct.fromJavaScript({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" } }).serializeBinary();
        const odd = Uint8Array.from([...props, ...entry(utf8("spec"), [...stringValue("x"), ...field(5, 2, [])])]);
        assert.strictEqual(structToJavaScript(odd), undefined);
        const bytes = new pb.AnalyzeRequest()
            .setType("kubernetes:core/v1:Pod")
            .setName("p")
            .setUrn("urn:pulumi:test::p::kubernetes:core/v1:Pod::p")
            .serializeBinary();
        const withProps = Uint8Array.from([...bytes, ...field(2, 2, [...odd])]);
        // The answer, or the error's first line (its stack differs), is the same.
        const outcome = (p: RawPack) =>
            p.call("Analyze", withProps).then(
                (b) => b.toString("hex"),
                (e: Error) => e.message.split("\n")[0],
            );
        const [mine, theirs] = await Promise.all([outcome(fast!), outcome(reference!)]);
        assert.strictEqual(mine, theirs);
    });
});
