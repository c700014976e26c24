// --config: the --policy-pack-config JSON, validated against each policy's own schema.
import * as assert from "assert";
import { readPackConfig, validatePackConfig } from "../../cli/config";

describe("cli/config", () => {
    const valid: Array<[string, unknown, unknown]> = [
        ["a level", { "read-only-root-filesystem": "advisory" }, { "read-only-root-filesystem": "advisory" }],
        [
            "an object with keys of the policy's schema",
            { "read-only-root-filesystem": { enforcementLevel: "mandatory", exemptImages: ["nginx:*"] } },
            { "read-only-root-filesystem": { enforcementLevel: "mandatory", exemptImages: ["nginx:*"] } },
        ],
    ];
    for (const [name, json, config] of valid) {
        it(`accepts ${name}`, () => {
            assert.deepStrictEqual(validatePackConfig(json), { config });
        });
    }

    it("`all` sets every policy's level, under the ones named", () => {
        const r = validatePackConfig({ all: "advisory", "read-only-root-filesystem": { exemptContainers: ["x"] } });
        assert.ok("config" in r);
        assert.deepStrictEqual(r.config["read-only-root-filesystem"], { exemptContainers: ["x"], enforcementLevel: "advisory" });
        assert.ok(Object.values(r.config).every((v) => v === "advisory" || (typeof v === "object" && v.enforcementLevel === "advisory")));
    });

    const invalid: Array<[string, unknown, RegExp]> = [
        ["a policy the pack does not have", { "no-such-policy": "advisory" }, /no-such-policy: no such policy/],
        ["a level that does not exist", { "read-only-root-filesystem": "fatal" }, /not an enforcement level/],
        [
            "a key of the wrong type",
            { "read-only-root-filesystem": { exemptImages: "nginx" } },
            /read-only-root-filesystem\.exemptImages: must be array/,
        ],
        ["not an object", ["read-only-root-filesystem"], /must be a JSON object/],
    ];
    for (const [name, json, error] of invalid) {
        it(`rejects ${name}`, () => {
            const r = validatePackConfig(json);
            assert.ok("errors" in r);
            assert.match(r.errors.join("\n"), error);
        });
    }

    describe("the bytes of a config file (readPackConfig)", () => {
        const json = '{"read-only-root-filesystem": "advisory"}';
        const config = { config: { "read-only-root-filesystem": "advisory" } };
        const encodings: Array<[string, Buffer]> = [
            ["UTF-8", Buffer.from(json)],
            [
                "UTF-8 with a byte order mark (Notepad, PowerShell's -Encoding utf8)",
                Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]),
            ],
            [
                "UTF-16LE with a byte order mark (Windows PowerShell's > and Out-File)",
                Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, "utf16le")]),
            ],
            ["UTF-16BE with a byte order mark", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(json, "utf16le").swap16()])],
        ];
        for (const [name, bytes] of encodings) {
            it(`reads ${name}`, () => {
                assert.deepStrictEqual(readPackConfig(bytes), config);
            });
        }

        it("refuses text that is not UTF-8, and a mark in the middle, as not JSON", () => {
            assert.deepStrictEqual(readPackConfig(Buffer.from([0x7b, 0xe9, 0x7d])), { error: "not JSON: not UTF-8 text" });
            const r = readPackConfig(Buffer.from(`{"a": 1}\ufeff`));
            assert.ok("error" in r && /^not JSON: /.test(r.error), JSON.stringify(r));
        });

        it("still validates what it read", () => {
            const r = readPackConfig(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"no-such-policy": "advisory"}')]));
            assert.ok("errors" in r);
            assert.match(r.errors.join("\n"), /no-such-policy: no such policy/);
        });
    });
});
