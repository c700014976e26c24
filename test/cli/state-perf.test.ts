// What immutable-check does to read and judge large Pulumi states quickly (issue 18's
// 10,000-resource export) must give exactly what the plain path gives.
import * as assert from "assert";
import { decodeText } from "../../cli/inputs";
import { decodePulumiProperties, pulumiSignatures } from "../../cli/pulumiState";
import { checkPulumiInput } from "../../cli/stateCheck";
import { PlatformModule, registerPlatform, unknownValue } from "../../policy-pack/workloads";
import { toyBoxType, toyPlatform } from "../policy-pack/platforms/toy";

describe("immutable-check: fast paths for large Pulumi states", () => {
    describe("decoding bytes: one validating decoder for every input", () => {
        const cases: Array<[string, Uint8Array]> = [
            ["ASCII", Buffer.from('{"a": "b"}\n')],
            ["ASCII in a plain Uint8Array", new Uint8Array(Buffer.from("a: 1\n"))],
            ["ASCII in a Uint8Array over part of a larger buffer", new Uint8Array(Buffer.from("xxa: 1\nyy").buffer, 2, 5)],
            ["UTF-8 with multi-byte characters", Buffer.from("name: café ✓ 😀\n")],
            ["UTF-8 with a byte order mark", Buffer.from("\ufeffa: é\n")],
        ];
        for (const [title, bytes] of cases) {
            it(`${title}: the same text as a fatal UTF-8 decoder gives`, () => {
                const expected = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
                assert.deepStrictEqual(decodeText(bytes, 1000), { text: expected });
            });
        }
        it("a byte above 0x7f that is not UTF-8 is still refused with the same message", () => {
            for (const bytes of [Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]), Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0xff, 0x7d])]) {
                assert.deepStrictEqual(decodeText(bytes, 1000), { error: "not UTF-8 text (a binary file, or text in another encoding)" });
            }
        });
        it("an ASCII input that is empty or only whitespace is still an error", () => {
            assert.deepStrictEqual(decodeText(Buffer.from("  \n\t\n"), 1000), { error: "empty input: there is no YAML document to check" });
        });
    });

    describe("decoding properties", () => {
        it("drops every key the engine filters (starting with __) at every depth, keeps the order of the others", () => {
            const { props } = decodePulumiProperties(
                JSON.parse(
                    '{"b": 1, "__inputs": {"x": 1}, "a": {"__fieldManager": "m", "z": [{"__y": 2, "k": "v"}], "c": 3}, "__proto__": {"p": 1}}',
                ),
                false,
            );
            assert.deepStrictEqual(props, { b: 1, a: { z: [{ k: "v" }], c: 3 } });
            assert.deepStrictEqual(Object.keys(props), ["b", "a"]);
            assert.deepStrictEqual(Object.keys(props.a as object), ["z", "c"]);
        });
        it("a key something added to Object.prototype is not read as one of the resource's own", () => {
            const polluted = Object.prototype as Record<string, unknown>;
            polluted.injected = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
            try {
                const decoded = decodePulumiProperties(JSON.parse('{"__inputs": {}, "spec": {"image": "nginx"}}'), false);
                assert.deepStrictEqual(Object.keys(decoded.props), ["spec"]);
                assert.deepStrictEqual(Object.keys(decoded.props.spec as object), ["image"]);
                assert.deepStrictEqual(decoded.counts, { secrets: 0, computed: 0 });
            } finally {
                delete polluted.injected;
            }
        });
        it("a secret and a computed value under a key next to an internal one are still unknown and counted", () => {
            const secret = { [pulumiSignatures.key]: pulumiSignatures.secret, ciphertext: "v1:abc" };
            const decoded = decodePulumiProperties(
                { __inputs: { readOnly: secret }, spec: { __x: 1, readOnly: secret, image: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } },
                false,
            );
            assert.deepStrictEqual(decoded.props, { spec: { readOnly: unknownValue, image: unknownValue } });
            assert.strictEqual((decoded.props.spec as Record<string, unknown>).readOnly, unknownValue);
            assert.deepStrictEqual(decoded.counts, { secrets: 1, computed: 1 });
        });
    });

    describe("judging", () => {
        // A platform that counts how often the pack builds a view of each props object.
        const built = new Map<unknown, number>();
        const counting: PlatformModule = {
            ...toyPlatform,
            workloadOf: (type, props, name, options) => {
                built.set(props, (built.get(props) ?? 0) + 1);
                return toyPlatform.workloadOf(type, props, name, options);
            },
        };
        let unregister: () => void = () => undefined;
        before(() => {
            unregister = registerPlatform(counting);
        });
        after(() => unregister());

        it("a resource's view of its inputs is built once, also when several policies declare podTemplates", () => {
            const declared = [{ apiVersion: "example.com/v1", kind: "Runner", podSpecPath: "spec.pod" }];
            const config = {
                "read-only-root-filesystem": { podTemplates: declared },
                "no-writable-host-mounts": { podTemplates: [...declared] },
            };
            const box = { name: "b", box: { image: "toys/box:1", sealed: false } };
            const text = JSON.stringify({
                version: 3,
                deployment: {
                    resources: [
                        { urn: "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev", custom: false, type: "pulumi:pulumi:Stack" },
                        { urn: `urn:pulumi:dev::shop::${toyBoxType}::b`, custom: true, type: toyBoxType, inputs: box, outputs: box },
                    ],
                },
            });
            built.clear();
            const checked = checkPulumiInput("dev.json", text, config)!;
            assert.deepStrictEqual(
                checked.audit.failing.map((c) => [c.name, c.policies.join(",")]),
                [["b", "read-only-root-filesystem"]],
            );
            // The box's inputs and its outputs (two copies in the file): each view built once.
            const boxes = [...built].filter(([props]) => (props as { box?: unknown }).box !== undefined);
            assert.deepStrictEqual(
                boxes.map(([, n]) => n),
                [1, 1],
            );
        });
    });
});
