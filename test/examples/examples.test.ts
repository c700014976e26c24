// Every example runs under Pulumi mocks and everything it registers goes through the real policy
// pack over the analyzer protocol: the compliant examples draw no mandatory violation (and exactly
// the advisory ones listed in ./examples.ts); the noncompliant one draws exactly the violations its
// README lists. Plus the shape every example shares (Pulumi.yaml, package.json, tsconfig, README).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { compliantExamples, exampleDirs, noncompliantExample } from "./examples";
import { analyzeProgram, describeViolations, projectNameOf, repositoryRoot, runProgram, Violation } from "./harness";
import { expectedViolations } from "./readme";
import { usePack } from "../helpers/packSuite";

const rootPackage = JSON.parse(fs.readFileSync(path.join(repositoryRoot, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
};

function exampleFile(dir: string, file: string): string {
    return path.join(repositoryRoot, "examples", dir, file);
}

const key = (v: Violation) => `${v.policy} ${v.level} ${v.resource} ${v.container}`;

describe("examples", function () {
    this.timeout(120_000);

    it("are the ones the tests know", () => {
        assert.deepStrictEqual([...exampleDirs].sort(), [...compliantExamples.map((e) => e.dir), noncompliantExample].sort());
    });

    for (const dir of exampleDirs) {
        describe(`${dir}: project files`, () => {
            it("Pulumi.yaml names the project after its folder, with runtime nodejs and a description", () => {
                const yaml = fs.readFileSync(exampleFile(dir, "Pulumi.yaml"), "utf8");
                assert.strictEqual(projectNameOf(exampleFile(dir, "Pulumi.yaml")), dir);
                assert.match(yaml, /^runtime: nodejs$/m);
                assert.match(yaml, /^description: \S.*$/m);
            });

            it("package.json is private, starts index.ts and asks for the root's @pulumi versions", () => {
                const pkg = JSON.parse(fs.readFileSync(exampleFile(dir, "package.json"), "utf8"));
                assert.strictEqual(pkg.private, true);
                assert.strictEqual(pkg.main, "index.ts");
                const pulumiDeps = Object.entries(pkg.dependencies as Record<string, string>).filter(([n]) => n.startsWith("@pulumi/"));
                assert.ok(pulumiDeps.some(([n]) => n === "@pulumi/pulumi"));
                for (const [name, range] of pulumiDeps) {
                    assert.strictEqual(range, rootPackage.devDependencies[name], name);
                }
            });

            it("tsconfig.json is strict", () => {
                const tsconfig = JSON.parse(fs.readFileSync(exampleFile(dir, "tsconfig.json"), "utf8"));
                assert.strictEqual(tsconfig.compilerOptions.strict, true);
            });

            it("README.md says how to run it, and how to import the component outside this repository", () => {
                const readme = fs.readFileSync(exampleFile(dir, "README.md"), "utf8");
                assert.match(readme, /pulumi preview --policy-pack \.\.\/\.\.\/policy-pack/);
                const source = fs.readFileSync(exampleFile(dir, "index.ts"), "utf8");
                if (source.includes("../../components")) {
                    assert.ok(readme.includes(`import { ImmutableService } from "immutable-workloads"`));
                }
            });
        });
    }

    describe("through the policy pack", () => {
        const pack = usePack();

        for (const example of compliantExamples) {
            it(`${example.dir}: no mandatory violation, and only the known advisory ones`, async () => {
                const project = projectNameOf(exampleFile(example.dir, "Pulumi.yaml"));
                const qualify = (c: Readonly<Record<string, string>> = {}) =>
                    Object.fromEntries(Object.entries(c).map(([k, v]) => [`${project}:${k}`, v]));
                const registrations = await runProgram({
                    entry: path.join("examples", example.dir, "index.ts"),
                    project,
                    config: { ...qualify(example.config), ...qualify(example.secretConfig) },
                    secretKeys: Object.keys(qualify(example.secretConfig)),
                });
                for (const type of example.workloadTypes) {
                    assert.ok(
                        registrations.some((r) => r.type === type),
                        `no ${type} registered`,
                    );
                }
                const violations = await analyzeProgram(pack, registrations);
                const mandatory = violations.filter((v) => v.level === "mandatory");
                assert.deepStrictEqual(mandatory, [], describeViolations(mandatory));
                const advisories = violations
                    .filter((v) => v.level === "advisory")
                    .map((v) => `${v.policy} ${v.resource}`)
                    .sort();
                assert.deepStrictEqual(advisories, [...example.advisories], describeViolations(violations));
            });
        }

        it(`${noncompliantExample}: exactly the violations its README lists`, async () => {
            const expected = expectedViolations(exampleFile(noncompliantExample, "README.md"));
            const registrations = await runProgram({
                entry: path.join("examples", noncompliantExample, "index.ts"),
                project: projectNameOf(exampleFile(noncompliantExample, "Pulumi.yaml")),
            });
            const actual = await analyzeProgram(pack, registrations);
            assert.deepStrictEqual(actual.map(key).sort(), expected.map(key).sort(), describeViolations(actual));
        });

        it(`${noncompliantExample}: its README quotes each message as the pack words it`, async () => {
            const expected = expectedViolations(exampleFile(noncompliantExample, "README.md"));
            const registrations = await runProgram({
                entry: path.join("examples", noncompliantExample, "index.ts"),
                project: projectNameOf(exampleFile(noncompliantExample, "Pulumi.yaml")),
            });
            const actual = new Map((await analyzeProgram(pack, registrations)).map((v) => [key(v), v.message]));
            for (const e of expected) {
                assert.strictEqual(actual.get(key(e)), e.message, `the message for ${key(e)}`);
            }
        });

        it(`${noncompliantExample}: every mistake it shows is caught by the policy it is about`, () => {
            const expected = expectedViolations(exampleFile(noncompliantExample, "README.md"));
            const policies = new Set(expected.map((e) => e.policy));
            for (const policy of [
                "read-only-root-filesystem",
                "writable-paths-in-memory",
                "no-writable-host-mounts",
                "pinned-image",
                "immutable-configuration",
                "inspectable-workloads",
            ]) {
                assert.ok(policies.has(policy), `no example of ${policy}`);
            }
        });
    });
});
