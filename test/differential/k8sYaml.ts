// The reference reading of Kubernetes manifests (test/differential/k8s-yaml, Go): built once with
// `go build` into .cache/differential/, then run with many texts per process.
import { createHash } from "crypto";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const repoRoot = path.resolve(__dirname, "..", "..");
const sourceDir = path.join(repoRoot, "test", "differential", "k8s-yaml");
const cacheDir = path.join(repoRoot, ".cache", "differential");

/** What the reference reader says about one text. */
export type K8sYamlAnswer = { readonly documents?: unknown[]; readonly json?: unknown; readonly error?: string };

/** How a text is read: a stream as kubectl reads files, or one document through YAMLToJSON / YAMLToJSONStrict. */
export type K8sYamlMode = "stream" | "yamltojson" | "strict";

/** Seconds the last build took (0 when the binary was already there). */
export let lastBuildSeconds = 0;

/**
 * The path of the built reader, building it when its sources changed. Throws, naming what is
 * missing, when Go is not installed: the differential tests need it and must not pass without it.
 */
export function k8sYamlReader(): string {
    const hash = createHash("sha256");
    for (const f of ["go.mod", "go.sum", "main.go"]) {
        hash.update(fs.readFileSync(path.join(sourceDir, f)));
    }
    const binary = path.join(cacheDir, `k8s-yaml-${hash.digest("hex").slice(0, 16)}`);
    if (fs.existsSync(binary)) {
        lastBuildSeconds = 0;
        return binary;
    }
    const go = spawnSync("go", ["version"], { encoding: "utf8" });
    if (go.error || go.status !== 0) {
        throw new Error(
            "the Kubernetes YAML differential test needs Go: `go` is not on PATH (install Go 1.24 or newer; " +
                "it builds test/differential/k8s-yaml, with sigs.k8s.io/yaml and k8s.io/apimachinery from the Go module proxy)",
        );
    }
    fs.mkdirSync(cacheDir, { recursive: true });
    // Keep the cache out of git without touching the repository's .gitignore.
    fs.writeFileSync(path.join(repoRoot, ".cache", ".gitignore"), "*\n");
    const started = process.hrtime.bigint();
    const partial = `${binary}.${process.pid}.tmp`;
    try {
        execFileSync("go", ["build", "-o", partial, "."], {
            cwd: sourceDir,
            env: { ...process.env, GOFLAGS: "-mod=mod", CGO_ENABLED: "0" },
            stdio: ["ignore", "pipe", "pipe"],
        });
    } catch (err) {
        const e = err as { stderr?: Buffer; message: string };
        throw new Error(`go build of test/differential/k8s-yaml failed: ${e.stderr?.toString() || e.message}`);
    }
    fs.renameSync(partial, binary);
    lastBuildSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    return binary;
}

/** Reads every text with the reference reader, in one process. */
export function readLikeKubectl(texts: readonly string[], mode: K8sYamlMode = "stream"): K8sYamlAnswer[] {
    const input = JSON.stringify(texts.map((text) => ({ mode, text })));
    const out = execFileSync(k8sYamlReader(), { input, maxBuffer: 1024 * 1024 * 1024 });
    // Go leaves an empty list of documents out of its answer.
    const answers = (JSON.parse(out.toString("utf8")) as K8sYamlAnswer[]).map((a) => (mode === "stream" && a.error === undefined ? { ...a, documents: a.documents ?? [] } : a));
    if (answers.length !== texts.length) {
        throw new Error(`the reference reader answered ${answers.length} of ${texts.length} texts`);
    }
    return answers;
}
