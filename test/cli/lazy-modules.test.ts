// immutable-check's start: a run over Kubernetes manifests loads neither the Pulumi state reader,
// the Compose reader, the YAML library, the schema validator nor the glob compiler; each is loaded
// by the first input (or config) that needs it.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { mayBePulumiDocument } from "../../cli/pulumiDetect";

const repoRoot = path.resolve(__dirname, "..", "..");

/** The modules (paths relative to the repository) a run of the built command on `args` loaded. */
function modulesLoaded(args: string[]): string[] {
    const main = path.join(repoRoot, "dist", "cli", "main.js");
    assert.ok(fs.existsSync(main), "dist/cli/main.js is missing: run npm run build");
    const r = spawnSync(
        process.execPath,
        [
            "-e",
            `process.on("exit", () => process.stderr.write("LOADED " + JSON.stringify(Object.keys(require.cache)) + "\\n")); ` +
                `process.argv = [process.argv[0], "immutable-check", ...${JSON.stringify(args)}]; require(${JSON.stringify(main)}).main()`,
        ],
        { encoding: "utf8" },
    );
    const m = /LOADED (.*)/.exec(r.stderr);
    assert.ok(m, `no module list (exit ${r.status}): ${r.stderr.slice(0, 2000)}`);
    return (JSON.parse(m[1]) as string[]).map((f) => path.relative(repoRoot, f));
}

const lazy = {
    stateReader: /^dist\/cli\/(stateCheck|pulumiState)\.js$/,
    composeReader: /^dist\/cli\/compose(-extends|-yaml|-syntax)?\.js$/,
    yaml: /^node_modules\/yaml\//,
    ajv: /^node_modules\/ajv\//,
    picomatch: /^node_modules\/picomatch\//,
};

describe("immutable-check loads a reader when an input needs it", function () {
    this.timeout(60_000);
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "immutable-check-lazy-"));
        fs.writeFileSync(
            path.join(dir, "deploy.yaml"),
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - {name: a, image: nginx}\n",
        );
        fs.writeFileSync(path.join(dir, "compose.yaml"), "services:\n  web:\n    image: nginx\n");
        fs.writeFileSync(
            path.join(dir, "state.json"),
            JSON.stringify({
                version: 3,
                deployment: {
                    manifest: {},
                    resources: [{ urn: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev", type: "pulumi:pulumi:Stack" }],
                },
            }),
        );
        fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify({ "read-only-root-filesystem": { exemptImages: ["nginx*"] } }));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("a Kubernetes manifest loads none of them", () => {
        const loaded = modulesLoaded([path.join(dir, "deploy.yaml")]);
        assert.ok(
            loaded.some((f) => f === "dist/cli/check.js"),
            "the run loaded the checker",
        );
        for (const [name, pattern] of Object.entries(lazy)) {
            assert.deepEqual(
                loaded.filter((f) => pattern.test(f)),
                [],
                `${name} loaded for a manifest`,
            );
        }
    });

    it("a Compose file loads the Compose reader, a state the state reader, a config with globs ajv and picomatch", () => {
        assert.ok(modulesLoaded([path.join(dir, "compose.yaml")]).some((f) => lazy.composeReader.test(f)));
        assert.ok(modulesLoaded([path.join(dir, "state.json")]).some((f) => lazy.stateReader.test(f)));
        const withConfig = modulesLoaded(["--config", path.join(dir, "config.json"), path.join(dir, "deploy.yaml")]);
        assert.ok(
            withConfig.some((f) => lazy.ajv.test(f)),
            "ajv for the config",
        );
        assert.ok(
            withConfig.some((f) => lazy.picomatch.test(f)),
            "picomatch for exemptImages",
        );
    });

    // What the command users run (the launcher and its bundle) starts, with standard output and
    // error both pipes as in a pre-commit hook: Node builtins it does not need cost milliseconds.
    function launcherStart(args: string[]): { status: number | null; builtins: string[]; stderrCreated: boolean; stdout: string } {
        const record = path.join(dir, "start.json");
        const preload = path.join(dir, "preload.js");
        fs.writeFileSync(
            preload,
            [
                "const fs = require('fs');",
                "let stderrCreated = false;",
                "const getter = Object.getOwnPropertyDescriptor(process, 'stderr').get;",
                "Object.defineProperty(process, 'stderr', { configurable: true, enumerable: true, get() { stderrCreated = true; return getter.call(process); } });",
                `process.on('exit', () => fs.writeFileSync(${JSON.stringify(record)}, JSON.stringify({ builtins: process.moduleLoadList, stderrCreated })));`,
            ].join("\n"),
        );
        fs.rmSync(record, { force: true });
        const r = spawnSync(process.execPath, ["-r", preload, path.join(repoRoot, "bin", "immutable-check.js"), ...args], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        });
        assert.ok(fs.existsSync(record), `no record of the start (exit ${r.status}): ${r.stderr.slice(0, 2000)}`);
        const { builtins, stderrCreated } = JSON.parse(fs.readFileSync(record, "utf8")) as { builtins: string[]; stderrCreated: boolean };
        return { status: r.status, builtins, stderrCreated, stdout: r.stdout };
    }

    it("the launcher's start on a manifest loads no child_process, and a run with nothing for stderr never creates process.stderr", () => {
        assert.ok(fs.existsSync(path.join(repoRoot, "dist", "cli", "immutable-check.js")), "the bundle is missing: run npm run build");
        const start = launcherStart([path.join(dir, "deploy.yaml")]);
        // The manifest's container is writable: a mandatory finding, on standard output.
        assert.equal(start.status, 1);
        assert.match(start.stdout, /read-only-root-filesystem/);
        assert.deepEqual(
            start.builtins.filter((m) => /child_process|dgram/.test(m)),
            [],
            "child_process (commander's, for executable subcommands) is loaded only when used",
        );
        assert.equal(start.stderrCreated, false, "process.stderr was created for a run that writes nothing to it");
        // The JSON report's errors go to stderr when there are any: then it is created and written.
        const broken = path.join(dir, "broken.yaml");
        fs.writeFileSync(broken, "kind: [\n");
        const withError = launcherStart(["--format", "json", broken]);
        assert.equal(withError.status, 2);
        assert.equal(withError.stderrCreated, true);
    });

    it("tells a possible Pulumi document from anything else by its first character", () => {
        assert.equal(mayBePulumiDocument('{"deployment": {}}'), true);
        assert.equal(mayBePulumiDocument('\ufeff \n\t{"steps": []}'), true);
        assert.equal(mayBePulumiDocument("apiVersion: v1\nkind: Pod\n"), false);
        assert.equal(mayBePulumiDocument("[1]"), false);
        assert.equal(mayBePulumiDocument("  \n"), false);
        assert.equal(mayBePulumiDocument(""), false);
    });
});
