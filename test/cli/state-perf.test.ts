// The fast paths immutable-check takes on large Pulumi states (issue 18's 10,000-resource export):
// each must give exactly what the plain path gives.
import * as assert from "assert";
import { decodeText } from "../../cli/inputs";
import { decodePulumiProperties, pulumiSignatures } from "../../cli/pulumiState";
import { unknownValue } from "../../policy-pack/workloads";

describe("immutable-check: fast paths for large Pulumi states", () => {
    describe("decoding bytes (ASCII is copied, anything else goes through the validating decoder)", () => {
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
});
