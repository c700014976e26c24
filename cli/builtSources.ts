// Sources that a tool builds before anything is deployed: a kustomization, a Helm chart. What
// `kubectl apply -k`, `helm install`, Argo CD and Flux deploy from such a directory is the build
// (kustomize's patches, image overrides and generators; a chart's templates rendered with its
// values), not the files as they are. Judging those files could pass a container that the build
// makes writable (a JSON patch that sets readOnlyRootFilesystem to false is no object the checker
// reads), so such a source among the inputs is an error that names the build to check instead.
// Plain `kubectl apply -f` of such a directory fails on the kustomization or the chart's files,
// which are no objects of the cluster.
import * as path from "path";

/** The names kustomize reads a kustomization from (sigs.k8s.io/kustomize/api/konfig). */
export const kustomizationFileNames: readonly string[] = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/** kustomize's own kinds (Kustomization, Component), by their API group; Flux's Kustomization is a cluster object of another group. */
function isKustomizeObject(value: unknown): boolean {
    const apiVersion = value !== null && typeof value === "object" ? (value as Record<string, unknown>).apiVersion : undefined;
    return typeof apiVersion === "string" && apiVersion.startsWith("kustomize.config.k8s.io/");
}

/**
 * What builds the deployed objects from an input, when something does: a kustomization (by its
 * file name, or a document of kustomize's kinds) or a Helm chart (its `Chart.yaml`, the one name
 * Helm reads). Undefined for an input that is deployed as it is.
 */
export function buildOf(fileName: string, documents: readonly unknown[]): { readonly what: string; readonly check: string } | undefined {
    const dir = path.dirname(fileName);
    const base = path.basename(fileName);
    if (kustomizationFileNames.includes(base) || documents.some(isKustomizeObject)) {
        return {
            what:
                "a kustomization: kubectl apply -k, Argo CD and Flux deploy what kustomize builds from it (its patches, images and " +
                "generators change the objects beside it), not these files as they are",
            check: `kubectl kustomize ${dir} | immutable-check -`,
        };
    }
    if (base === "Chart.yaml") {
        return {
            what:
                "a Helm chart: helm install, Argo CD and Flux deploy what its templates render with its values, not the templates " +
                "as they are",
            check: `helm template ${dir} | immutable-check -`,
        };
    }
    return undefined;
}

/** The error for an input that is the source of a build, naming the build to check. */
export function buildError(build: { readonly what: string; readonly check: string }): string {
    return `${build.what}. Check the build: ${build.check}`;
}
