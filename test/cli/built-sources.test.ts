// Sources a tool builds before deploying: a kustomization, a Helm chart. What kubectl apply -k,
// helm install, Argo CD and Flux deploy is the build, not the files, so such a source among the
// inputs is an error naming the build to check (cli/builtSources.ts). Judged as they were, a
// read-only Deployment passed while the kustomization's JSON patch, or the chart's values, make
// it writable.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runCli } from "./run";

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx@sha256:${"a".repeat(64)}
          securityContext: {readOnlyRootFilesystem: true}
`;
const writablePatch = `resources: [deployment.yaml]
patches:
  - target: {kind: Deployment, name: web}
    patch: |-
      - op: replace
        path: /spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem
        value: false
`;

function directory(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kustomize-"));
    for (const [name, text] of Object.entries(files)) {
        fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
}

describe("immutable-check: kustomizations and Helm charts", () => {
    for (const name of ["kustomization.yaml", "kustomization.yml", "Kustomization"]) {
        it(`a directory with ${name}: an error (exit 2) naming the build to check, not a pass`, async () => {
            const dir = directory({ "deployment.yaml": deployment, [name]: writablePatch });
            const r = await runCli(["--format", "json", dir]);
            assert.strictEqual(r.code, 2, r.stdout + r.stderr);
            const report = JSON.parse(r.stdout) as { errors: Array<{ file: string; message: string }>; summary: { workloads: number } };
            assert.deepStrictEqual(
                report.errors.map((e) => [path.basename(e.file), e.message.includes(`kubectl kustomize ${dir} | immutable-check -`)]),
                [[name, true]],
            );
            // The files beside it are still read.
            assert.strictEqual(report.summary.workloads, 1);
        });
    }

    it("without the kustomization, the same Deployment passes", async () => {
        const r = await runCli([directory({ "deployment.yaml": deployment })]);
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
    });

    it("kustomize's own kinds under another file name are kustomizations too", async () => {
        const component = "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches: []\n";
        const r = await runCli(["--format", "json", path.join(directory({ "writable.yaml": component }), "writable.yaml")]);
        assert.strictEqual(r.code, 2, r.stdout + r.stderr);
        assert.match(r.stdout, /a kustomization: kubectl apply -k/);
    });

    it("a Helm chart (its Chart.yaml): an error naming helm template, whatever its templates read as", async () => {
        const template = deployment.replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: {{ .Values.readOnly }}");
        const dir = directory({ "Chart.yaml": "apiVersion: v2\nname: web\nversion: 1.0.0\n", "values.yaml": "readOnly: false\n" });
        fs.mkdirSync(path.join(dir, "templates"));
        fs.writeFileSync(path.join(dir, "templates", "deployment.yaml"), template);
        const r = await runCli(["--format", "json", dir]);
        assert.strictEqual(r.code, 2, r.stdout + r.stderr);
        const report = JSON.parse(r.stdout) as { errors: Array<{ file: string; message: string }> };
        assert.ok(
            report.errors.some(
                (e) => path.basename(e.file) === "Chart.yaml" && e.message.includes(`helm template ${dir} | immutable-check -`),
            ),
            JSON.stringify(report.errors),
        );
    });

    it("a Helm template read on its own, and a Compose file with a collection key: their verdicts, and no Node warning on stderr", async () => {
        const warnings: string[] = [];
        const listen = (w: Error) => warnings.push(w.message);
        process.on("warning", listen);
        try {
            const template = deployment.replace("metadata: {name: web}", "metadata:\n  name: {{ .Values.name }}");
            assert.notStrictEqual(template, deployment);
            const helm = await runCli(["-"], template);
            assert.strictEqual(helm.code, 2, helm.stdout + helm.stderr);
            assert.match(helm.stderr, /kubectl cannot read this document: invalid map key/);
            const compose = "services:\n  web:\n    image: nginx\n    read_only: false\n    ? [a]\n    : x\n";
            const composeRun = await runCli(["-"], compose);
            assert.strictEqual(composeRun.code, 1, composeRun.stdout + composeRun.stderr);
            // Node emits process warnings on a later tick.
            await new Promise((resolve) => setImmediate(resolve));
        } finally {
            process.off("warning", listen);
        }
        assert.deepStrictEqual(warnings, []);
    });

    it("Flux's Kustomization is a cluster object, not a kustomization", async () => {
        const flux =
            "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps}\nspec: {path: ./apps, interval: 10m}\n";
        const r = await runCli([directory({ "flux.yaml": flux, "deployment.yaml": deployment })]);
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
    });
});
