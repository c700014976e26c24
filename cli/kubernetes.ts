// Kubernetes manifests: every object of a document (the items of a `kind: List` included)
// becomes the resource the pack would see from @pulumi/kubernetes: its type token and the object
// itself as props, so a props path is also the object's YAML path.
import { PropertyPath, typeTokenOf } from "../policy-pack/workloads";
import { ManifestResource } from "./resources";

function asObject(value: unknown): Record<string, unknown> | undefined {
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** True for a document the checker reads as a Kubernetes object: it has `apiVersion` and `kind`. */
export function isKubernetesObject(value: unknown): value is Record<string, unknown> {
    const o = asObject(value);
    return o !== undefined && typeof o.apiVersion === "string" && typeof o.kind === "string";
}

// `kind: List` (kubectl's) and typed lists (`DeploymentList`) carry objects in `items`.
function isList(object: Record<string, unknown>): boolean {
    return typeof object.kind === "string" && object.kind.endsWith("List") && Array.isArray(object.items);
}

function nameOf(object: Record<string, unknown>, fallback: string): string {
    const metadata = asObject(object.metadata);
    const name = metadata?.name ?? metadata?.generateName;
    return typeof name === "string" && name !== "" ? name : fallback;
}

/**
 * The resources of one Kubernetes document. Objects without `apiVersion`/`kind` inside a list
 * are left out (the API server would reject them).
 */
export function kubernetesResources(value: unknown, documentIndex: number): ManifestResource[] {
    const out: ManifestResource[] = [];
    const visit = (object: Record<string, unknown>, prefix: PropertyPath, depth: number): void => {
        if (isList(object) && depth < 8) {
            (object.items as unknown[]).forEach((item, i) => {
                if (isKubernetesObject(item)) {
                    visit(item, [...prefix, "items", i], depth + 1);
                }
            });
            return;
        }
        const kind = object.kind as string;
        const metadata = asObject(object.metadata);
        const namespace = typeof metadata?.namespace === "string" ? metadata.namespace : undefined;
        out.push({
            source: "kubernetes",
            type: typeTokenOf(object.apiVersion as string, kind),
            name: nameOf(object, `${kind.toLowerCase()}-${documentIndex}${prefix.length ? `-${prefix.join("-")}` : ""}`),
            kind,
            namespace,
            props: object,
            yamlPathOf: (path) => [...prefix, ...path],
        });
    };
    if (isKubernetesObject(value)) {
        visit(value, [], 0);
    }
    return out;
}
