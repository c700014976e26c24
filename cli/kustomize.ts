// Kustomizations. What `kubectl apply -k`, Argo CD and Flux deploy from a directory with a
// kustomization is what kustomize builds from it: its patches, image overrides, generators,
// components and remote bases change the objects beside it, or bring others. Judging those files
// as they are could pass a container that the build makes writable (a JSON patch that sets
// readOnlyRootFilesystem to false is no object the checker reads). So a kustomization among the
// inputs is an error that names the build to check instead; plain `kubectl apply -f` of such a
// directory fails on the kustomization itself, which is no object of the cluster.
import * as path from "path";

/** The names kustomize reads a kustomization from (sigs.k8s.io/kustomize/api/konfig). */
export const kustomizationFileNames: readonly string[] = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/** kustomize's own kinds (Kustomization, Component), by their API group; Flux's Kustomization is a cluster object of another group. */
function isKustomizeObject(value: unknown): boolean {
    const apiVersion = value !== null && typeof value === "object" ? (value as Record<string, unknown>).apiVersion : undefined;
    return typeof apiVersion === "string" && apiVersion.startsWith("kustomize.config.k8s.io/");
}

/** Whether an input is a kustomization: by its file name, or by a document of kustomize's kinds. */
export function isKustomization(fileName: string, documents: readonly unknown[]): boolean {
    return kustomizationFileNames.includes(path.basename(fileName)) || documents.some(isKustomizeObject);
}

/** The error for a kustomization among the inputs, naming the build to check. */
export function kustomizationError(fileName: string): string {
    const dir = path.dirname(fileName);
    return (
        "a kustomization: kubectl apply -k, Argo CD and Flux deploy what kustomize builds from it (its patches, images and " +
        "generators change the objects beside it), not these files as they are. Check the build: " +
        `kubectl kustomize ${dir} | immutable-check -`
    );
}
