// End-to-end with the real Pulumi engine: the CLI, the Node.js language host and the Kubernetes
// provider run our examples with our pack, offline, on fresh stacks.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { containerOf } from "../examples/harness";
import { expectedViolations } from "../examples/readme";
import { Engine, printedViolations, repositoryRoot } from "./engine";

const examples = path.join(repositoryRoot, "examples");
const programs = path.join(__dirname, "programs");
// Docker resources need a Docker daemon and a Helm Release fetches its chart: neither exists here.
const notPreviewableHere = new Set(["docker-writable", "swarm-writable", "ingress"]);

describe("end-to-end: pulumi preview --policy-pack with the real engine", function () {
    this.timeout(600_000);
    let engine: Engine;
    before(() => {
        engine = new Engine();
        const version = engine.run(["version"], repositoryRoot);
        assert.strictEqual(version.status, 0, version.output);
        console.log(`      pulumi ${version.output.trim()} (${engine.pulumi})`);
    });
    after(() => engine?.cleanUp());

    describe("compliant programs pass with no mandatory violation", () => {
        const cases: Array<[string, string, Record<string, string>]> = [
            ["the root demo stack", repositoryRoot, { "demo:includeViolation": "false" }],
            ["examples/kubernetes-plain", path.join(examples, "kubernetes-plain"), {}],
            [
                "examples/kubernetes-wordpress",
                path.join(examples, "kubernetes-wordpress"),
                { "secret:kubernetes-wordpress:dbPassword": "e2e-db-password", "secret:kubernetes-wordpress:saltSeed": "e2e-salt-seed" },
            ],
        ];
        for (const [title, dir, config] of cases) {
            it(title, () => {
                const stack = engine.stack(dir, `e2e-${path.basename(dir)}`, config);
                const result = stack.preview();
                assert.strictEqual(result.status, 0, result.output);
                assert.match(result.output, /immutable-workloads@v[\d.]+/, "the pack ran");
                assert.deepStrictEqual(
                    printedViolations(result.output).filter((v) => v.level === "mandatory"),
                    [],
                    result.output,
                );
            });
        }
    });

    it("the demo with demo:includeViolation is stopped by the pack", () => {
        const stack = engine.stack(repositoryRoot, "e2e-demo-violation", { "demo:includeViolation": "true" });
        const result = stack.preview();
        assert.notStrictEqual(result.status, 0, result.output);
        const mandatory = printedViolations(result.output).filter((v) => v.level === "mandatory");
        assert.deepStrictEqual(
            mandatory.map((v) => [v.policy, v.resource]),
            [["read-only-root-filesystem", "handwritten"]],
            result.output,
        );
    });

    describe("the noncompliant example", () => {
        const dir = path.join(examples, "noncompliant");
        const config = { "noncompliant:includeDocker": "false", "noncompliant:includeHelmRelease": "false" };
        const expected = expectedViolations(path.join(dir, "README.md")).filter((v) => !notPreviewableHere.has(v.resource));

        it("fails, naming the policy, the resource and the container of every violation its README lists", () => {
            const stack = engine.stack(dir, "e2e-noncompliant", config, { KUBECONFIG: engine.unreachableKubeconfig });
            const result = stack.preview();
            assert.notStrictEqual(result.status, 0, result.output);
            const printed = printedViolations(result.output).map((v) => ({
                policy: v.policy,
                level: v.level,
                resource: v.resource,
                container: containerOf(v.text),
            }));
            const key = (v: { policy: string; level: string; resource: string; container: string }) =>
                `${v.policy} ${v.level} ${v.resource} [${v.container}]`;
            assert.deepStrictEqual(printed.map(key).sort(), expected.map(key).sort(), result.output);
            assert.match(result.output, /error: preview failed/);
        });

        it("with --policy-pack-config exempting one workload: it passes, the rest still fail", () => {
            const stack = engine.stack(dir, "e2e-noncompliant-exempt", config, { KUBECONFIG: engine.unreachableKubeconfig });
            const result = stack.preview({ "read-only-root-filesystem": { exemptResources: ["field-unset"] } });
            assert.notStrictEqual(result.status, 0, result.output);
            const mandatory = printedViolations(result.output).filter((v) => v.level === "mandatory");
            assert.ok(!mandatory.some((v) => v.resource === "field-unset"), result.output);
            const stillFailing = expected
                .filter((v) => v.level === "mandatory" && v.resource !== "field-unset")
                .map((v) => v.resource)
                .sort();
            assert.deepStrictEqual(mandatory.map((v) => v.resource).sort(), stillFailing, result.output);
        });
    });

    it("remediation: pulumi up with the core policy at remediate writes read-only manifests", () => {
        const outDir = path.join(engine.dir, "rendered");
        const stack = engine.stack(path.join(programs, "writable-deployment"), "e2e-remediate", { "e2e:outDir": outDir });
        const result = stack.up({ "read-only-root-filesystem": "remediate" });
        assert.strictEqual(result.status, 0, result.output);
        const manifests = fs
            .readdirSync(outDir, { recursive: true })
            .map(String)
            .filter((f) => f.endsWith(".yaml"));
        const deployments = manifests
            .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(outDir, f), "utf8")).map((d) => d.toJS()))
            .filter((d) => d?.kind === "Deployment");
        assert.strictEqual(deployments.length, 1, `rendered: ${manifests.join(", ")}`);
        const spec = deployments[0].spec.template.spec;
        const containers = [...spec.initContainers, ...spec.containers];
        assert.strictEqual(containers.length, 3);
        for (const c of containers) {
            assert.strictEqual(c.securityContext?.readOnlyRootFilesystem, true, `${c.name}: ${JSON.stringify(c.securityContext)}`);
        }
        // What the container already had is kept.
        assert.strictEqual(containers.find((c: { name: string }) => c.name === "sidecar").securityContext.runAsUser, 65534);
    });

    describe("only a preview has unknowns (the engine's dry_run)", () => {
        const dir = path.join(programs, "unknown-until-up");
        it("a read-only flag unknown in the preview: no mandatory violation (the pack read dry_run), and up writes it true", () => {
            const outDir = path.join(engine.dir, "rendered-computed");
            const stack = engine.stack(dir, "e2e-unknown-computed", { "e2e:mode": "computed", "e2e:outDir": outDir });
            const preview = stack.preview();
            assert.strictEqual(preview.status, 0, preview.output);
            assert.deepStrictEqual(
                printedViolations(preview.output).filter((v) => v.level === "mandatory"),
                [],
                preview.output,
            );
            const up = stack.up();
            assert.strictEqual(up.status, 0, up.output);
        });
        it("Pulumi's unknown placeholder written as text: the engine drops it in the update, and the pack stops pulumi up", () => {
            const outDir = path.join(engine.dir, "rendered-placeholder");
            const stack = engine.stack(dir, "e2e-unknown-placeholder", { "e2e:mode": "placeholder", "e2e:outDir": outDir });
            const up = stack.up();
            assert.notStrictEqual(up.status, 0, up.output);
            const mandatory = printedViolations(up.output).filter((v) => v.level === "mandatory");
            assert.deepStrictEqual(
                mandatory.map((v) => [v.policy, v.resource, containerOf(v.text)]),
                [["read-only-root-filesystem", "later", "app"]],
                up.output,
            );
            // What the engine hands the pack in the update: the placeholder is gone, the field unset.
            assert.match(mandatory[0].text, /readOnlyRootFilesystem is unset/);
            const written = fs.existsSync(outDir)
                ? fs
                      .readdirSync(outDir, { recursive: true })
                      .map(String)
                      .filter((f) => /deployment/i.test(f))
                : [];
            assert.deepStrictEqual(written, [], "no Deployment manifest may be written");
        });
    });

    describe("a program with no reachable cluster", () => {
        const dir = path.join(programs, "no-cluster");
        it("previews through the provider's unreachable-cluster path", () => {
            const result = engine.stack(dir, "e2e-no-cluster", {}, { KUBECONFIG: engine.unreachableKubeconfig }).preview();
            assert.strictEqual(result.status, 0, result.output);
            assert.match(result.output, /kubernetes:apps\/v1:Deployment\s+immutable\s+create/);
        });
        it("and the pack still judges the resources", () => {
            const result = engine
                .stack(dir, "e2e-no-cluster-writable", { "e2e:includeWritable": "true" }, { KUBECONFIG: engine.unreachableKubeconfig })
                .preview();
            assert.notStrictEqual(result.status, 0, result.output);
            const mandatory = printedViolations(result.output).filter((v) => v.level === "mandatory");
            assert.deepStrictEqual(
                mandatory.map((v) => [v.policy, v.resource, containerOf(v.text)]),
                [["read-only-root-filesystem", "writable", "app"]],
                result.output,
            );
        });
    });
});
