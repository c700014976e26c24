// Pod specs the pack does not inspect. Custom resources (Argo Rollouts, Knative Services, KEDA
// ScaledJobs…), ControllerRevisions and resources of providers the pack has never heard of can
// carry a pod spec that no policy judges; until the platform modules learn them, finding them is
// the least the pack owes its users. A pod spec is recognised by its shape: an object with a
// `containers` array holding at least one object whose `image` is a known, non-empty string.
//
// The search is an iterative walk (no recursion: a deep input cannot overflow the stack), visits
// each object once (shared or cyclic references, which YAML aliases can make, are not walked
// twice), stops after a node budget, and never throws. Unknown values are not walked: no finding
// comes from them.
import { asArray, asRecord, asString, isUnknown, plain, PropertyPath } from "./values";

/** One container of a pod spec that was found, as far as it is known. */
export interface FoundContainer {
    readonly name?: string;
    readonly image: string;
}

/** A pod-spec-shaped object and where it is. */
export interface FoundPodSpec {
    readonly path: PropertyPath;
    /** Its containers that have a known image, in order. */
    readonly containers: readonly FoundContainer[];
}

/** Limits of one search. */
export interface PodSpecSearchLimits {
    /** The most nodes (objects, arrays and values) visited; the walk stops there. */
    readonly maxNodes: number;
    /** The most pod specs reported. */
    readonly maxFound: number;
}

/** Generous for any real resource (a Helm values file, a CRD instance), bounded for a hostile one. */
export const defaultPodSpecSearchLimits: PodSpecSearchLimits = { maxNodes: 200_000, maxFound: 20 };

/** The result of a search. */
export interface PodSpecSearch {
    readonly found: readonly FoundPodSpec[];
    /**
     * What stopped the walk before it visited everything, if anything did: the node budget (the
     * rest of the props was never searched), the most pod specs reported (the rest may hold more),
     * or a value that threw when read.
     */
    readonly stoppedBy?: "nodes" | "found" | "error";
}

function podSpecContainers(record: Record<string, unknown>): FoundContainer[] | undefined {
    if (!Object.prototype.hasOwnProperty.call(record, "containers")) {
        return undefined;
    }
    const list = asArray(record.containers);
    if (!list) {
        return undefined;
    }
    const found: FoundContainer[] = [];
    for (const entry of list) {
        const container = asRecord(entry);
        if (!container || !Object.prototype.hasOwnProperty.call(container, "image")) {
            continue;
        }
        const image = plain(container.image);
        if (typeof image !== "string" || isUnknown(image) || image.trim() === "") {
            continue;
        }
        const name = asString(container.name);
        found.push({ name: name !== undefined && !isUnknown(name) && name !== "" ? name : undefined, image });
    }
    return found.length > 0 ? found : undefined;
}

// Paths are kept as parent links while walking (a deep input would make copied arrays quadratic)
// and spelled out only for what is reported or compared.
interface PathLink {
    readonly parent?: PathLink;
    readonly key: string | number;
    readonly depth: number;
}

function spell(link: PathLink | undefined): PropertyPath {
    const keys: Array<string | number> = [];
    for (let l = link; l; l = l.parent) {
        keys.push(l.key);
    }
    return keys.reverse();
}

function samePath(link: PathLink | undefined, path: PropertyPath): boolean {
    let l = link;
    for (let i = path.length - 1; i >= 0; i--) {
        if (!l || l.key !== path[i]) {
            return false;
        }
        l = l.parent;
    }
    return l === undefined;
}

/**
 * Every pod-spec-shaped object in `props`, except at the paths in `skip` (the pod specs the pack
 * judges, whose subtrees are not searched either). Pod specs are not searched inside: a pod spec
 * holds no other. Never throws.
 */
export function findPodSpecs(
    props: unknown,
    skip: readonly PropertyPath[] = [],
    limits: PodSpecSearchLimits = defaultPodSpecSearchLimits,
): PodSpecSearch {
    const found: FoundPodSpec[] = [];
    const seen = new WeakSet<object>();
    // The nodes still to visit, as three parallel stacks: the value, the link of its parent, and
    // its key there (undefined for the root). A node's own link is made only when it is an object
    // or array, whose children need it: most nodes are strings and numbers.
    const values: unknown[] = [props];
    const parents: Array<PathLink | undefined> = [undefined];
    const keys: Array<string | number | undefined> = [undefined];
    const skipDepths = new Set(skip.map((p) => p.length));
    let nodes = 0;
    let stoppedBy: PodSpecSearch["stoppedBy"];
    try {
        while (values.length > 0) {
            const value = values.pop();
            const parent = parents.pop();
            const key = keys.pop();
            if (++nodes > limits.maxNodes) {
                stoppedBy = "nodes";
                break;
            }
            const v = plain(value);
            if (v === null || typeof v !== "object" || isUnknown(v) || seen.has(v)) {
                continue;
            }
            seen.add(v);
            const link: PathLink | undefined = key === undefined ? undefined : { parent, key, depth: (parent?.depth ?? 0) + 1 };
            const depth = link?.depth ?? 0;
            if (skipDepths.has(depth) && skip.some((p) => samePath(link, p))) {
                continue;
            }
            if (Array.isArray(v)) {
                // Pushed in reverse so that the walk visits (and reports) in document order.
                for (let i = v.length - 1; i >= 0; i--) {
                    values.push(v[i]);
                    parents.push(link);
                    keys.push(i);
                }
                continue;
            }
            const record = v as Record<string, unknown>;
            const containers = podSpecContainers(record);
            if (containers) {
                found.push({ path: spell(link), containers });
                if (found.length >= limits.maxFound) {
                    stoppedBy = values.length > 0 ? "found" : undefined;
                    break;
                }
                continue;
            }
            const names = Object.keys(record);
            for (let i = names.length - 1; i >= 0; i--) {
                values.push(record[names[i]]);
                parents.push(link);
                keys.push(names[i]);
            }
        }
    } catch {
        // A getter that throws (a hostile proxy): what was found so far stands.
        stoppedBy = "error";
    }
    return stoppedBy ? { found, stoppedBy } : { found };
}
