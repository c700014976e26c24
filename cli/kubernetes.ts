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

// kubectl reads any object with an `items` list as a list (k8s.io/apimachinery's unstructured
// decoding looks for `items`, not at the kind): `kind: List`, typed lists (`DeploymentList`), and
// any other object that carries `items`.
function listItems(object: Record<string, unknown>): unknown[] | undefined {
    return Array.isArray(object.items) ? object.items : undefined;
}

/**
 * An item of a list as kubectl decodes it: one without `kind` and `apiVersion` gets the list's
 * apiVersion and its kind without the `List` suffix (a DeploymentList's bare items are
 * Deployments); anything else is itself.
 */
function itemObject(item: unknown, list: Record<string, unknown>): Record<string, unknown> | undefined {
    const o = asObject(item);
    if (!o) {
        return undefined;
    }
    const named = (v: unknown) => typeof v === "string" && v !== "";
    if (!named(o.kind) && !named(o.apiVersion) && typeof list.kind === "string" && typeof list.apiVersion === "string") {
        const kind = list.kind.endsWith("List") ? list.kind.slice(0, -"List".length) : list.kind;
        return kind !== "" ? { ...o, apiVersion: list.apiVersion, kind } : undefined;
    }
    return isKubernetesObject(o) ? o : undefined;
}

function nameOf(object: Record<string, unknown>, fallback: () => string): string {
    const metadata = asObject(object.metadata);
    const name = metadata?.name ?? metadata?.generateName;
    return typeof name === "string" && name !== "" ? name : fallback();
}

/** An object met while flattening lists: the item `index` of its parent's `items`. */
interface Queued {
    readonly object: Record<string, unknown>;
    readonly parent?: Queued;
    readonly index?: number;
}

function yamlPathTo(entry: Queued): PropertyPath {
    const path: Array<string | number> = [];
    for (let e: Queued | undefined = entry; e?.parent; e = e.parent) {
        path.push(e.index!, "items");
    }
    return path.reverse();
}

/**
 * One object of a document. A class, not an object of closures: a 16 MiB manifest has some 13,000
 * objects, each kept until the stack policies have run.
 */
class KubernetesObjectResource implements ManifestResource {
    readonly source = "kubernetes";
    private prefix: PropertyPath | undefined;

    constructor(
        readonly type: string,
        readonly name: string,
        readonly kind: string,
        readonly namespace: string | undefined,
        readonly props: Record<string, unknown>,
        private readonly entry: Queued,
    ) {}

    /** The object's props path as a YAML path: inside a list, under its item (`items[2].…`). */
    yamlPathOf(path: PropertyPath): PropertyPath {
        if (!this.entry.parent) {
            return [...path];
        }
        this.prefix ??= yamlPathTo(this.entry);
        return [...this.prefix, ...path];
    }
}

/**
 * The resources of one Kubernetes document: the object, or the items of a list, of lists in lists
 * at any depth (kubectl itself refuses a list nested in a list; judging its items costs nothing and
 * drops nothing). An object that has `items` but whose kind does not end in `List` is judged too,
 * along with its items. Items that are not objects, or have only one of `apiVersion`/`kind`, are
 * left out: kubectl and the API server refuse them.
 */
export function kubernetesResources(value: unknown, documentIndex: number): ManifestResource[] {
    const out: ManifestResource[] = [];
    if (!isKubernetesObject(value)) {
        return out;
    }
    // Breadth first, as kubectl flattens; every object is visited once and remembers only its
    // parent, so the work is bounded by the document's size, however deep the lists nest.
    const queue: Queued[] = [{ object: value }];
    for (let next = 0; next < queue.length; next++) {
        const entry = queue[next];
        const { object } = entry;
        const items = listItems(object);
        if (items) {
            items.forEach((item, index) => {
                const o = itemObject(item, object);
                if (o) {
                    queue.push({ object: o, parent: entry, index });
                }
            });
            if ((object.kind as string).endsWith("List")) {
                continue;
            }
        }
        const kind = object.kind as string;
        const metadata = asObject(object.metadata);
        const namespace = typeof metadata?.namespace === "string" ? metadata.namespace : undefined;
        const fallback = entry.parent
            ? () => `${kind.toLowerCase()}-${documentIndex}-${yamlPathTo(entry).join("-")}`
            : () => `${kind.toLowerCase()}-${documentIndex}`;
        out.push(
            new KubernetesObjectResource(
                typeTokenOf(object.apiVersion as string, kind),
                nameOf(object, fallback),
                kind,
                namespace,
                object,
                entry,
            ),
        );
    }
    return out;
}
