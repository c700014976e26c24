// The README's ImmutableService section shows one real example per capability: every TypeScript
// block of its subsections type-checks against components/ and builds under Pulumi mocks, so the
// README cannot show arguments the component would refuse.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import * as components from "../../components";
import * as pulumi from "@pulumi/pulumi";
import { section } from "../examples/readme";
import { captureResources, drain } from "./mocks";

/* eslint-disable @typescript-eslint/no-explicit-any */

const root = path.join(__dirname, "..", "..");
const prelude = [
    'import * as pulumi from "@pulumi/pulumi";',
    'import { ImmutableService } from "immutable-workloads";',
    'const tlsKey = pulumi.secret("-----BEGIN PRIVATE KEY-----");',
].join("\n");

/** The ```ts blocks of the section's subsections (the first block, before them, is the overview). */
function examples(): string[] {
    const text = section(fs.readFileSync(path.join(root, "README.md"), "utf8"), "## ImmutableService");
    const subsections = text.slice(text.indexOf("### "));
    return [...subsections.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/** Type-check `code` as a file of test/components, with "immutable-workloads" read as ../../components. */
function typeCheck(code: string): string[] {
    const fileName = path.join(root, "test", "components", "readme-example.ts");
    const source = code.replace(/from "immutable-workloads"/g, 'from "../../components"');
    const options: ts.CompilerOptions = {
        strict: true,
        noEmit: true,
        esModuleInterop: true,
        skipLibCheck: true,
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2020,
        noUnusedLocals: false,
    };
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, version) =>
        path.resolve(name) === fileName ? ts.createSourceFile(name, source, version) : getSourceFile(name, version);
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => path.resolve(name) === fileName || fileExists(name);
    const program = ts.createProgram([fileName], options, host);
    return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("README: the ImmutableService examples", function () {
    this.timeout(120_000);

    it("shows an example for each new capability", () => {
        const blocks = examples();
        assert.ok(blocks.length >= 7, `only ${blocks.length} examples`);
        const all = blocks.join("\n");
        for (const field of [
            'kind: "StatefulSet"',
            'kind: "CronJob"',
            "grpc:",
            "exec:",
            "affinity:",
            "files:",
            "secretFiles:",
            "valueFrom:",
            "envFrom:",
            "configMounts:",
            "initContainers:",
            "sidecars:",
            "volumeName:",
            "podSpecOverrides:",
            "containerOverrides:",
            "transform:",
        ]) {
            assert.ok(all.includes(field), `no example uses ${field}`);
        }
    });

    it("every example type-checks against the component", () => {
        const diagnostics = typeCheck(`${prelude}\n${examples().join("\n")}`);
        assert.deepStrictEqual(diagnostics, []);
    });

    it("every example builds under mocks, every container read-only", async () => {
        for (const block of examples()) {
            const capture = await captureResources();
            const js = ts.transpileModule(`${prelude}\n${block}`, {
                compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 },
            }).outputText;
            const requireFor = (id: string) => (id === "immutable-workloads" ? components : id === "@pulumi/pulumi" ? pulumi : require(id));
            new Function("require", "exports", js)(requireFor, {});
            await drain(50);
            const workloads = capture.custom.filter((r) =>
                /^kubernetes:(apps|batch)\/v1:|^docker:index\/(container:Container|service:Service)$/.test(r.type),
            );
            assert.ok(workloads.length > 0, `nothing built by:\n${block}`);
            for (const w of workloads) {
                const inputs = w.inputs as any;
                if (w.type === "docker:index/container:Container") {
                    assert.strictEqual(inputs.readOnly, true, w.name);
                } else if (w.type === "docker:index/service:Service") {
                    assert.strictEqual(inputs.taskSpec.containerSpec.readOnly, true, w.name);
                } else {
                    const template = w.type.endsWith("CronJob") ? inputs.spec.jobTemplate.spec.template : inputs.spec.template;
                    for (const c of [...template.spec.containers, ...(template.spec.initContainers ?? [])]) {
                        assert.strictEqual(c.securityContext.readOnlyRootFilesystem, true, `${w.name}/${c.name}`);
                    }
                }
            }
        }
    });
});
