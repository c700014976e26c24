// SARIF output validates against the SARIF 2.1.0 schema (vendored in test/fixtures) and says
// what code scanning needs: rules, levels, regions, notifications for inputs not checked.
import * as assert from "assert";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { readFileSync } from "fs";
import * as path from "path";
import { runCli } from "./run";

const fixtures = path.resolve(__dirname, "..", "fixtures");
const schema = JSON.parse(readFileSync(path.join(fixtures, "sarif-schema-2.1.0.json"), "utf8")) as object;

function validator() {
    // The schema is draft-07; its `uri`, `uri-reference` and `date-time` formats are checked too.
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    return ajv.compile(schema);
}

interface SarifLog {
    version: string;
    runs: Array<{
        tool: { driver: { name: string; rules: Array<{ id: string; defaultConfiguration: { level: string } }> } };
        invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: Array<{ message: { text: string } }> }>;
        results: Array<{
            ruleId: string;
            ruleIndex: number;
            level: string;
            locations: Array<{
                physicalLocation: {
                    artifactLocation: { uri: string; uriBaseId?: string };
                    region: { startLine: number; startColumn: number };
                };
            }>;
        }>;
    }>;
}

describe("immutable-check --format sarif", () => {
    it("validates against the SARIF 2.1.0 schema, for the whole corpus", async () => {
        const r = await runCli(["--format", "sarif", "corpus", "seed"], "", { cwd: fixtures });
        const log = JSON.parse(r.stdout) as SarifLog;
        const validate = validator();
        assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
        const run = log.runs[0];
        assert.strictEqual(run.tool.driver.name, "immutable-check");
        assert.ok(
            run.tool.driver.rules.some((rule) => rule.id === "read-only-root-filesystem" && rule.defaultConfiguration.level === "error"),
        );
        assert.ok(run.results.length > 0);
        for (const result of run.results) {
            assert.strictEqual(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
            const loc = result.locations[0].physicalLocation;
            assert.strictEqual(loc.artifactLocation.uriBaseId, "%SRCROOT%");
            assert.match(loc.artifactLocation.uri, /^(corpus|seed)\//);
            assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
        }
        assert.ok(run.results.some((x) => x.level === "error") && run.results.some((x) => x.level === "warning"));
        assert.strictEqual(run.invocations[0].executionSuccessful, true);
        assert.strictEqual(r.code, 1);
    });

    it("reports inputs that could not be checked as notifications, still valid", async () => {
        const r = await runCli(["--format", "sarif", "-", path.join(fixtures, "seed", "compose-v2-tmpfs.yml")], "services: [oops\n");
        const log = JSON.parse(r.stdout) as SarifLog;
        const validate = validator();
        assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
        const invocation = log.runs[0].invocations[0];
        assert.strictEqual(invocation.executionSuccessful, false);
        assert.match(invocation.toolExecutionNotifications[0].message.text, /<stdin>: /);
        assert.ok(log.runs[0].results.length > 0, "the valid file is still reported");
        assert.strictEqual(r.code, 2);
    });

    it("an empty result is valid too", async () => {
        const r = await runCli(["--format", "sarif", "-"], "kind: ConfigMap\napiVersion: v1\nmetadata: {name: x}\nimmutable: true\n");
        const log = JSON.parse(r.stdout) as SarifLog;
        assert.ok(validator()(log));
        assert.strictEqual(r.code, 0);
    });
});
