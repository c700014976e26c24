// End-to-end from other languages: ImmutableService through the component package
// (component-package/) with the real engine and our pack — from Pulumi YAML (the upstream YAML
// language host, built by `npm run engine:build`), from Python (the generated SDK, the `pulumi`
// package from PyPI, and our minimal Python language host) and from Go (the generated SDK, the
// Go SDK sdk/v3 from the Go module proxy, and our minimal Go language host). The component's children pass; a
// Deployment written by hand next to it stops the preview; without it the preview passes and
// `pulumi up` (renderYamlToDirectory) writes manifests in which every container is read-only.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse, parseAllDocuments, stringify } from "yaml";
import { Engine, printedViolations, repositoryRoot } from "./engine";
import { componentPackageDir, ensureVenv, generatePythonSdk } from "../helpers/python";

const yamlExample = path.join(repositoryRoot, "examples", "yaml-immutable-service");
/** The YAML example's secret config, set with --secret. */
const dbPasswordKey = "secret:yaml-immutable-service:dbPassword";
const dbPassword = "e2e-db-password-4c1d";
const pythonProgram = path.join(__dirname, "programs", "python-immutable-service");
const goProgram = path.join(__dirname, "programs", "go-immutable-service");
/** Where the Go program's go.mod `replace`s the generated SDK's module from. */
const goSdkOut = path.join(repositoryRoot, ".cache", "component-package-sdk");

interface Container {
    name: string;
    securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
    volumeMounts?: Array<{ name: string; mountPath: string }>;
}
interface Manifest {
    kind: string;
    metadata: { name: string };
    spec?: {
        template?: {
            spec?: { containers?: Container[]; volumes?: Array<{ name: string; emptyDir?: { medium?: string; sizeLimit?: string } }> };
        };
    };
}

/** Every YAML document under `dir`, recursively. */
function manifestsIn(dir: string): Manifest[] {
    const found: Manifest[] = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) found.push(...manifestsIn(file));
        else if (/\.ya?ml$/.test(entry.name))
            found.push(
                ...parseAllDocuments(fs.readFileSync(file, "utf8"))
                    .map((d) => d.toJS() as Manifest)
                    .filter(Boolean),
            );
    }
    return found;
}

/** The mandatory violations of a preview, as [policy, resource] pairs. */
function mandatory(output: string): string[][] {
    return printedViolations(output)
        .filter((v) => v.level === "mandatory")
        .map((v) => [v.policy, v.resource]);
}

describe("end-to-end: ImmutableService from other languages, through the component package", function () {
    this.timeout(900_000);
    let engine: Engine;
    before(() => {
        engine = new Engine();
        const missing = ["pulumi-language-yaml", "pulumi-language-python", "pulumi-language-go"].filter(
            (host) => !(engine.env.PATH ?? "").split(path.delimiter).some((d) => fs.existsSync(path.join(d, host))),
        );
        assert.deepStrictEqual(
            missing,
            [],
            `language hosts not found on PATH or in .engine/bin: ${missing.join(", ")}; run \`npm run engine:build\``,
        );
    });
    after(() => engine?.cleanUp());

    describe("Pulumi YAML (examples/yaml-immutable-service)", () => {
        it("the component's children pass; the writable Deployment next to them stops the preview", () => {
            const result = engine.stack(yamlExample, "e2e-yaml", { [dbPasswordKey]: dbPassword }).preview();
            assert.notStrictEqual(result.status, 0, result.output);
            assert.match(result.output, /immutable-workloads@v[\d.]+/, "the pack ran");
            // The component ran in its provider and registered its children.
            assert.match(result.output, /\+\s+immutable-workloads:index:ImmutableService\s+hello\s+create/, result.output);
            assert.match(result.output, /\+\s+kubernetes:apps\/v1:Deployment\s+hello\s+create/, result.output);
            assert.match(result.output, /\+\s+kubernetes:core\/v1:Service\s+hello\s+create/, result.output);
            assert.deepStrictEqual(mandatory(result.output), [["read-only-root-filesystem", "handwritten"]], result.output);
            assert.deepStrictEqual(
                printedViolations(result.output).filter((v) => v.resource !== "handwritten"),
                [],
                "nothing the component made is reported, at any level",
            );
        });

        it("without the writable Deployment the preview passes and `pulumi up` writes manifests whose containers are all read-only, the secret in an immutable Secret only", () => {
            // A copy of the example without `handwritten`, pointing at the component package by absolute path.
            const dir = path.join(engine.dir, "yaml-compliant");
            fs.mkdirSync(dir);
            const project = parse(fs.readFileSync(path.join(yamlExample, "Pulumi.yaml"), "utf8")) as {
                packages: Record<string, string>;
                resources: Record<string, unknown>;
            };
            assert.ok(project.resources.handwritten, "the example has the writable Deployment");
            delete project.resources.handwritten;
            project.packages["immutable-workloads"] = componentPackageDir;
            fs.writeFileSync(path.join(dir, "Pulumi.yaml"), stringify(project));

            const stack = engine.stack(dir, "e2e-yaml-compliant", { [dbPasswordKey]: dbPassword });
            const preview = stack.preview();
            assert.strictEqual(preview.status, 0, preview.output);
            assert.deepStrictEqual(mandatory(preview.output), [], preview.output);

            const up = stack.up();
            assert.strictEqual(up.status, 0, up.output);
            const manifests = manifestsIn(path.join(dir, "rendered"));
            const deployments = manifests.filter((m) => m.kind === "Deployment");
            assert.deepStrictEqual(
                deployments.map((d) => d.metadata.name.replace(/-[0-9a-f]{8}$/, "")),
                ["hello"],
                JSON.stringify(manifests.map((m) => m.kind)),
            );
            assert.ok(
                manifests.some((m) => m.kind === "Service"),
                "the Service for the port",
            );
            type Volume = { name: string; emptyDir?: { medium?: string; sizeLimit?: string } };
            for (const d of deployments) {
                const pod = d.spec?.template?.spec;
                assert.ok(pod?.containers?.length, `${d.metadata.name} has containers`);
                for (const c of pod.containers) {
                    assert.strictEqual(c.securityContext?.readOnlyRootFilesystem, true, `${d.metadata.name} container ${c.name}`);
                    assert.strictEqual(c.securityContext?.allowPrivilegeEscalation, false, `${d.metadata.name} container ${c.name}`);
                    const tmp = c.volumeMounts?.find((m) => m.mountPath === "/tmp");
                    const volume: Volume | undefined = pod.volumes?.find((v) => v.name === tmp?.name);
                    assert.deepStrictEqual(
                        volume?.emptyDir,
                        { medium: "Memory", sizeLimit: "16Mi" },
                        `${d.metadata.name}: /tmp in memory, bounded`,
                    );
                }
            }
            // The secret crossed into the provider as a secret: in an immutable Secret the
            // Deployment reads by secretKeyRef, and nowhere in the stack's state in plaintext.
            const secrets = manifests.filter((m) => m.kind === "Secret") as Array<
                Manifest & { immutable?: boolean; data?: Record<string, string> }
            >;
            assert.strictEqual(secrets.length, 1, "one Secret for secretEnv");
            assert.strictEqual(secrets[0].immutable, true);
            assert.strictEqual(Buffer.from(secrets[0].data?.DB_PASSWORD ?? "", "base64").toString(), dbPassword);
            const deploymentText = JSON.stringify(deployments);
            assert.ok(!deploymentText.includes(dbPassword), "the Deployment does not hold the password");
            assert.match(deploymentText, /"secretKeyRef":\{"key":"DB_PASSWORD","name":"hello-env-[0-9a-f]{8}"\}/);
            const state = engine.run(["stack", "export", "--stack", "e2e-yaml-compliant"], dir);
            assert.strictEqual(state.status, 0, state.output);
            assert.ok(!state.output.includes(dbPassword), "the state holds the password only encrypted");
        });
    });

    describe("Python (test/e2e/programs/python-immutable-service, the generated SDK)", () => {
        before(() => {
            ensureVenv();
            generatePythonSdk(engine, path.join(engine.dir, "python-sdk"));
        });

        it("the component's children pass; the writable Deployment next to them stops the preview", () => {
            const result = engine.stack(pythonProgram, "e2e-python").preview();
            assert.notStrictEqual(result.status, 0, result.output);
            assert.match(result.output, /\+\s+immutable-workloads:index:ImmutableService\s+hello\s+create/, result.output);
            assert.match(result.output, /\+\s+kubernetes:apps\/v1:Deployment\s+hello\s+create/, result.output);
            assert.deepStrictEqual(mandatory(result.output), [["read-only-root-filesystem", "handwritten"]], result.output);
            assert.deepStrictEqual(
                printedViolations(result.output).filter((v) => v.resource !== "handwritten"),
                [],
                result.output,
            );
        });

        it("without it (includeWritable=false) the preview passes", () => {
            const result = engine
                .stack(pythonProgram, "e2e-python-compliant", { "python-immutable-service:includeWritable": "false" })
                .preview();
            assert.strictEqual(result.status, 0, result.output);
            assert.match(result.output, /\+\s+kubernetes:apps\/v1:Deployment\s+hello\s+create/, result.output);
            assert.deepStrictEqual(mandatory(result.output), [], result.output);
        });
    });

    describe("Go (test/e2e/programs/go-immutable-service, the generated SDK)", () => {
        before(() => {
            const result = engine.run(["package", "gen-sdk", componentPackageDir, "--language", "go", "--out", goSdkOut], repositoryRoot);
            assert.strictEqual(
                result.status,
                0,
                `pulumi package gen-sdk --language go failed (it needs the pulumi-language-go host: \`npm run engine:build\` builds ours):\n${result.output}`,
            );
            assert.ok(
                fs.existsSync(path.join(goSdkOut, "go", "immutableworkloads", "go.mod")),
                "the generated SDK has the go.mod the program's replace points at",
            );
        });

        it("the component's children pass; the writable Deployment next to them stops the preview", () => {
            const result = engine.stack(goProgram, "e2e-go").preview();
            assert.notStrictEqual(result.status, 0, result.output);
            assert.match(result.output, /\+\s+immutable-workloads:index:ImmutableService\s+hello\s+create/, result.output);
            assert.match(result.output, /\+\s+kubernetes:apps\/v1:Deployment\s+hello\s+create/, result.output);
            assert.deepStrictEqual(mandatory(result.output), [["read-only-root-filesystem", "handwritten"]], result.output);
            assert.deepStrictEqual(
                printedViolations(result.output).filter((v) => v.resource !== "handwritten"),
                [],
                result.output,
            );
        });

        it("without it (includeWritable=false) the preview passes", () => {
            const result = engine.stack(goProgram, "e2e-go-compliant", { "go-immutable-service:includeWritable": "false" }).preview();
            assert.strictEqual(result.status, 0, result.output);
            assert.match(result.output, /\+\s+kubernetes:apps\/v1:Deployment\s+hello\s+create/, result.output);
            assert.deepStrictEqual(mandatory(result.output), [], result.output);
        });
    });
});
