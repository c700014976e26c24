// The reference reading of Kubernetes manifests (test/differential/k8s-yaml, Go): built once with
// `go build` into .cache/differential/, then run with many texts per process.
import { execFileSync } from "child_process";
import { goTool } from "./goTool";

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
    const tool = goTool("k8s-yaml", "sigs.k8s.io/yaml and k8s.io/apimachinery");
    lastBuildSeconds = tool.buildSeconds;
    return tool.binary;
}

/** Reads every text with the reference reader, in one process. */
export function readLikeKubectl(texts: readonly string[], mode: K8sYamlMode = "stream"): K8sYamlAnswer[] {
    const input = JSON.stringify(texts.map((text) => ({ mode, text })));
    const out = execFileSync(k8sYamlReader(), { input, maxBuffer: 1024 * 1024 * 1024 });
    // Go leaves an empty list of documents out of its answer.
    const answers = (JSON.parse(out.toString("utf8")) as K8sYamlAnswer[]).map((a) =>
        mode === "stream" && a.error === undefined ? { ...a, documents: a.documents ?? [] } : a,
    );
    if (answers.length !== texts.length) {
        throw new Error(`the reference reader answered ${answers.length} of ${texts.length} texts`);
    }
    return answers;
}
