// The component as other stacks install it: `npm pack` of the root package, installed into a
// fresh Pulumi TypeScript program outside the repository, type-checked against the shipped
// declarations and run under Pulumi mocks.
import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as semver from "semver";
import { npmPack, PackedTarball, runNpm, scratchDir } from "../helpers/npm";

const repoRoot = path.resolve(__dirname, "..", "..");
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
    name: string;
    main: string;
    types: string;
    dependencies: Record<string, string>;
    peerDependencies: Record<string, string>;
    devDependencies: Record<string, string>;
};
const lock = JSON.parse(fs.readFileSync(path.join(repoRoot, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version?: string }>;
};
const locked = (name: string) => lock.packages[`node_modules/${name}`]?.version;

const program = `
import * as pulumi from "@pulumi/pulumi";
import { ImmutableService, ImmutableServiceArgs } from "${manifest.name}";

const args: ImmutableServiceArgs = {
    image: "nginx:1.27",
    ports: [8080],
    writablePaths: ["/tmp", { path: "/var/cache/nginx", sizeLimit: "32Mi" }],
    user: { uid: 101, gid: 101 },
    persistentPaths: [{ path: "/srv/uploads", size: "1Gi" }],
};
export const web = new ImmutableService("web", args);
export const edge = new ImmutableService("edge", { platform: "docker", image: "nginx:1.27", writablePaths: ["/var/run"], user: { uid: 101, gid: 101 } });
export const workload: pulumi.Output<string> = pulumi.output(web.workloadName);
`;

// Sets mocks, loads the compiled program, prints every registration once all have resolved.
const runner = `
const pulumi = require("@pulumi/pulumi");
const registered = [];
pulumi.runtime.setMocks({
    newResource: (a) => { registered.push({ type: a.type, name: a.name, inputs: a.inputs }); return { id: a.name + "-id", state: a.inputs }; },
    call: (a) => a.inputs,
}, "consumer", "test", true);
const program = require("./out/index.js");
pulumi.output(program.workload).apply(() => new Promise((r) => setTimeout(r, 200))).apply(() => {
    process.stdout.write(JSON.stringify(registered));
});
`;

describe("ImmutableService as an installed package", function () {
    this.timeout(600_000);
    let packed: PackedTarball;
    let consumer = "";

    before(() => {
        packed = npmPack(repoRoot);
        consumer = scratchDir("iw-consumer-");
        const peers = ["@pulumi/pulumi", "@pulumi/kubernetes", "@pulumi/docker"];
        const dependencies: Record<string, string> = { [manifest.name]: `file:${packed.tarball}` };
        for (const p of peers) {
            dependencies[p] = locked(p)!;
        }
        fs.writeFileSync(
            path.join(consumer, "package.json"),
            JSON.stringify(
                {
                    name: "consumer",
                    version: "0.0.0",
                    private: true,
                    main: "out/index.js",
                    dependencies,
                    devDependencies: { typescript: locked("typescript"), "@types/node": locked("@types/node") },
                },
                null,
                2,
            ),
        );
        fs.writeFileSync(path.join(consumer, "Pulumi.yaml"), "name: consumer\nruntime: nodejs\n");
        fs.writeFileSync(
            path.join(consumer, "tsconfig.json"),
            JSON.stringify({
                compilerOptions: {
                    strict: true,
                    target: "ES2020",
                    module: "commonjs",
                    moduleResolution: "node",
                    outDir: "out",
                    types: ["node"],
                },
                files: ["index.ts"],
            }),
        );
        fs.writeFileSync(path.join(consumer, "index.ts"), program);
        fs.writeFileSync(path.join(consumer, "run-with-mocks.js"), runner);
        runNpm(["install", "--ignore-scripts", "--no-audit", "--no-fund"], consumer);
    });

    it("ships compiled JavaScript with declarations and no TypeScript sources or tests", () => {
        for (const f of [
            manifest.main,
            manifest.types,
            "dist/components/immutableService.js",
            "dist/components/immutableService.d.ts",
            "package.json",
        ]) {
            assert.ok(packed.files.includes(f), `tarball is missing ${f}`);
        }
        const stray = packed.files.filter(
            (f) => f.startsWith("test/") || f.includes("fixtures") || (f.endsWith(".ts") && !f.endsWith(".d.ts")),
        );
        assert.deepStrictEqual(stray, []);
    });

    it("declares @pulumi/pulumi, @pulumi/kubernetes and @pulumi/docker as peers the lockfile satisfies", () => {
        for (const p of ["@pulumi/pulumi", "@pulumi/kubernetes", "@pulumi/docker"]) {
            const range = manifest.peerDependencies[p];
            assert.ok(range, `${p} is a peer dependency`);
            assert.ok(!(p in manifest.dependencies), `${p} must not be a dependency (one copy of it per program)`);
            assert.ok(semver.satisfies(locked(p)!, range), `${p}: lockfile ${locked(p)} does not satisfy ${range}`);
        }
        for (const [name, range] of Object.entries(manifest.dependencies)) {
            assert.ok(semver.satisfies(locked(name)!, range), `${name}: lockfile ${locked(name)} does not satisfy ${range}`);
        }
    });

    it("installs with exactly one copy of @pulumi/pulumi", () => {
        const out = execFileSync("find", ["node_modules", "-path", "*/@pulumi/pulumi/package.json"], { cwd: consumer, encoding: "utf8" });
        assert.deepStrictEqual(out.trim().split("\n"), ["node_modules/@pulumi/pulumi/package.json"]);
    });

    it("type-checks a program against the shipped declarations", () => {
        const tsc = path.join(consumer, "node_modules", "typescript", "bin", "tsc");
        try {
            execFileSync(process.execPath, [tsc, "-p", "."], { cwd: consumer, encoding: "utf8", stdio: "pipe" });
        } catch (err) {
            assert.fail(`tsc failed against the package's declarations:\n${(err as { stdout?: string }).stdout}`);
        }
        assert.ok(fs.existsSync(path.join(consumer, "out", "index.js")));
    });

    it("runs under Pulumi mocks and registers the expected resources", () => {
        const out = execFileSync(process.execPath, ["run-with-mocks.js"], { cwd: consumer, encoding: "utf8", timeout: 120_000 });
        const registered = JSON.parse(out) as Array<{ type: string; name: string; inputs: Record<string, unknown> }>;
        const types = registered.map((r) => r.type).sort();
        for (const t of [
            "immutable-workloads:index:ImmutableService",
            "kubernetes:apps/v1:Deployment",
            "kubernetes:core/v1:Service",
            "kubernetes:core/v1:PersistentVolumeClaim",
            "docker:index/container:Container",
        ]) {
            assert.ok(types.includes(t), `${t} registered (got ${types.join(", ")})`);
        }
        const deployment = registered.find((r) => r.type === "kubernetes:apps/v1:Deployment")!;
        const containers = (
            deployment.inputs.spec as { template: { spec: { containers: Array<{ securityContext: Record<string, unknown> }> } } }
        ).template.spec.containers;
        assert.ok(containers.every((c) => c.securityContext.readOnlyRootFilesystem === true));
        const container = registered.find((r) => r.type === "docker:index/container:Container")!;
        assert.strictEqual(container.inputs.readOnly, true);
    });

    it("ships the immutable-check command, which judges as the repository's and starts from its code cache", () => {
        for (const f of [
            "bin/immutable-check.js",
            "dist/cli/immutable-check.js",
            "dist/cli/immutable-check.cache",
            "dist/cli/bundleLoader.js",
        ]) {
            assert.ok(packed.files.includes(f), `tarball is missing ${f}`);
        }
        const corpus = path.join(repoRoot, "test", "fixtures", "corpus", "kubernetes");
        const inputs = fs
            .readdirSync(corpus)
            .sort()
            .map((f) => path.join(corpus, f));
        const run = (bin: string) =>
            spawnSync(process.execPath, [bin, "--format", "json", ...inputs], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
        const installed = run(path.join(consumer, "node_modules", ".bin", "immutable-check"));
        const repository = run(path.join(repoRoot, "bin", "immutable-check.js"));
        assert.equal(installed.status, repository.status, installed.stderr);
        assert.ok(installed.stdout.includes('"findings"'), installed.stderr);
        assert.equal(installed.stdout, repository.stdout);
        const dist = path.join(consumer, "node_modules", manifest.name, "dist", "cli");
        const verdict = spawnSync(
            process.execPath,
            [
                "-e",
                `require(${JSON.stringify(path.join(dist, "tiering.js"))}).startUnoptimised(); process.stdout.write(require(${JSON.stringify(path.join(dist, "bundleLoader.js"))}).loadBundle().cache)`,
            ],
            { encoding: "utf8" },
        );
        assert.equal(verdict.stdout, "accepted", verdict.stderr);
    });
});
