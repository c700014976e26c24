// --config: the --policy-pack-config JSON, validated against each policy's own schema.
import * as assert from "assert";
import { validatePackConfig } from "../../cli/config";

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
        ["a key of the wrong type", { "read-only-root-filesystem": { exemptImages: "nginx" } }, /read-only-root-filesystem\.exemptImages: must be array/],
        ["not an object", ["read-only-root-filesystem"], /must be a JSON object/],
    ];
    for (const [name, json, error] of invalid) {
        it(`rejects ${name}`, () => {
            const r = validatePackConfig(json);
            assert.ok("errors" in r);
            assert.match(r.errors.join("\n"), error);
        });
    }
});
