// The pack as `pulumi policy publish` ships it: `npm pack` of policy-pack/ alone, unpacked in an
// empty folder outside the repository, production dependencies installed from the registry,
// started through run-policy-pack and judging a compliant and a writable Deployment.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as semver from "semver";
import { startPack } from "../helpers/analyzer";
import { npmPack, runNpm, scratchDir, untar } from "../helpers/npm";

const repoRoot = path.resolve(__dirname, "..", "..");
const packDir = path.join(repoRoot, "policy-pack");
const manifest = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")) as {
    name: string;
    main: string;
    dependencies: Record<string, string>;
};
const lock = JSON.parse(fs.readFileSync(path.join(repoRoot, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version?: string }>;
};

function deployment(readOnly: boolean | undefined) {
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: readOnly ? "compliant" : "writable" },
        spec: {
            template: {
                spec: {
                    containers: [
                        {
                            name: "app",
                            image: "nginx:1.27",
                            securityContext: readOnly === undefined ? {} : { readOnlyRootFilesystem: readOnly },
                        },
                    ],
                },
            },
        },
    };
}

// Records every file Node resolves, so the test can prove nothing came from the repository.
const resolutionTracer = `
const Module = require("module");
const fs = require("fs");
const original = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
    const resolved = original.call(this, request, parent, ...rest);
    if (typeof resolved === "string" && resolved.startsWith("/")) fs.appendFileSync(process.env.IW_TRACE_FILE, resolved + "\\n");
    return resolved;
};
`;

describe("policy pack as published", function () {
    this.timeout(600_000);

    let files: string[] = [];
    let installed = "";

    before(() => {
        const packed = npmPack(packDir);
        files = packed.files;
        installed = scratchDir("iw-published-pack-");
        untar(packed.tarball, installed);
        // As the service does: the tarball's production dependencies, from the registry.
        runNpm(["install", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund", "--no-package-lock"], installed);
    });

    it("the tarball holds the compiled pack and nothing else", () => {
        for (const required of ["package.json", "PulumiPolicy.yaml", manifest.main, "bin/policies.js", "bin/workloads/index.js"]) {
            assert.ok(files.includes(required), `tarball is missing ${required}: ${files.join(", ")}`);
        }
        const stray = files.filter(
            (f) => /(^|\/)(test|fixtures)\//.test(f) || (f.endsWith(".ts") && !f.endsWith(".d.ts")) || f.includes("node_modules"),
        );
        assert.deepStrictEqual(stray, [], "no tests, fixtures, TypeScript sources or node_modules in the tarball");
    });

    it("declares every module its JavaScript requires, with ranges the lockfile satisfies", () => {
        const required = new Set<string>();
        for (const f of files.filter((x) => x.endsWith(".js"))) {
            const text = fs.readFileSync(path.join(installed, f), "utf8");
            for (const m of text.matchAll(/require\("([^".][^"]*)"\)/g)) {
                const name = m[1].startsWith("@") ? m[1].split("/").slice(0, 2).join("/") : m[1].split("/")[0];
                required.add(name);
            }
        }
        const builtins = new Set(require("module").builtinModules as string[]);
        const undeclared = [...required].filter(
            (n) => !builtins.has(n) && !builtins.has(n.replace(/^node:/, "")) && !(n in manifest.dependencies),
        );
        assert.deepStrictEqual(undeclared, [], `modules required but not in policy-pack/package.json dependencies`);
        for (const [name, range] of Object.entries(manifest.dependencies)) {
            const locked = lock.packages[`node_modules/${name}`]?.version;
            assert.ok(locked, `${name} is not in package-lock.json`);
            assert.ok(semver.satisfies(locked, range), `${name}: lockfile has ${locked}, policy-pack/package.json says ${range}`);
        }
    });

    it("serves from the unpacked folder, judges both Deployments right, and resolves nothing from the repository", async () => {
        assert.ok(!path.resolve(installed).startsWith(repoRoot), "the scratch folder is outside the repository");
        const tracer = path.join(installed, "trace-resolution.js");
        const traceFile = path.join(installed, "resolved.txt");
        fs.writeFileSync(tracer, resolutionTracer);
        fs.writeFileSync(traceFile, "");
        const env = { PATH: process.env.PATH, HOME: process.env.HOME, IW_TRACE_FILE: traceFile, NODE_OPTIONS: `--require ${tracer}` };
        const pack = await startPack(installed, env);
        try {
            const info = await pack.info();
            assert.strictEqual(info.name, "immutable-workloads");
            const judge = async (readOnly: boolean | undefined) =>
                (await pack.analyze({ type: "kubernetes:apps/v1:Deployment", name: "d", props: deployment(readOnly) })).filter(
                    (d) => d.policyName === "read-only-root-filesystem",
                );
            assert.deepStrictEqual(await judge(true), []);
            const writable = await judge(undefined);
            assert.strictEqual(writable.length, 1);
            assert.strictEqual(writable[0].enforcementLevel, "mandatory");
        } finally {
            await pack.close();
        }
        const resolved = fs.readFileSync(traceFile, "utf8").split("\n").filter(Boolean);
        assert.ok(
            resolved.some((f) => f.startsWith(path.join(installed, "bin"))),
            "the pack's own compiled files were loaded",
        );
        const fromRepo = resolved.filter((f) => f.startsWith(repoRoot + path.sep));
        assert.deepStrictEqual(fromRepo, [], "modules resolved from the repository");
    });
});
