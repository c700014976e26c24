// The rollout's middle step (README "Rolling out across an organisation"): the pack at advisory
// everywhere with policy-pack/config.advisory.json, a --policy-pack-config / `pulumi policy enable
// --config` file that must name every policy the pack has and pass the pack's own config schemas.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { validatePackConfig } from "../../cli/config";
import { packPolicies } from "../../cli/policies";

const file = path.join(__dirname, "..", "..", "policy-pack", "config.advisory.json");

describe("policy-pack/config.advisory.json", () => {
    const config = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, { enforcementLevel?: string }>;

    it("names every policy of the pack, and nothing else", () => {
        assert.deepStrictEqual(
            Object.keys(config).sort(),
            packPolicies()
                .map((p) => p.name)
                .sort(),
        );
    });

    it("sets every one of them to advisory", () => {
        for (const [name, entry] of Object.entries(config)) {
            assert.strictEqual(entry.enforcementLevel, "advisory", name);
        }
    });

    it("validates against the pack's config schemas, as the engine validates --policy-pack-config", () => {
        const validated = validatePackConfig(config);
        assert.ok("config" in validated, JSON.stringify(validated));
        // The same check refuses what the engine would refuse.
        assert.ok("errors" in validatePackConfig({ ...config, "read-only-root-filesystem": { enforcementLevel: "sometimes" } }));
    });
});
