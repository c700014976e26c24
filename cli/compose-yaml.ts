// Compose files read as `docker compose` reads them (compose-go on go-yaml), not as kubectl reads
// manifests: YAML 1.2 scalars (`yes`, `on` and `n` are strings, so a service or volume named `on`
// keeps its name), `<<` merge keys, and Compose's two local tags:
//
// - `!reset` drops the key (or list item) it tags, as if it were not written: `read_only: !reset
//   true` leaves read_only unset. In an `extends` it also drops what the base service sets there.
// - `!override` keeps its value but makes it replace the base service's, instead of merging.
//
// The generic reader (documents.ts) resolves an unknown tag to its plain scalar, so `!reset true`
// reads as "true" there; this module keeps the tag's meaning. It never throws.
import type { Document, Node, Scalar } from "yaml";
import type * as YamlModule from "yaml";
import { PropertyPath } from "../policy-pack/workloads";
import { excessiveNesting, maxAliasCount, maxFlowDepth } from "./documents";

// The `yaml` package is loaded when a document needs it (Compose and other non-Kubernetes YAML):
// a run over Kubernetes manifests alone never pays for loading it.
let yamlModule: typeof YamlModule | undefined;
function yaml(): typeof YamlModule {
    return (yamlModule ??= require("yaml") as typeof YamlModule);
}

/** Compose's tag that removes a value. */
export const resetTag = "!reset";
/** Compose's tag that replaces a value instead of merging it. */
export const overrideTag = "!override";

/** One YAML document of a Compose file, with Compose's tags applied. */
export interface ComposeDocument {
    /** The document's value: `!reset` entries removed, `!override` values in place. */
    readonly value: unknown;
    /** Where `!reset` entries were (key paths in `value`, where the entry would have been). */
    readonly resets: readonly PropertyPath[];
    /** Where `!override` values are. */
    readonly overrides: readonly PropertyPath[];
}

/** The documents of a Compose file, or why it cannot be read. */
export type ComposeStream =
    { readonly ok: true; readonly documents: readonly ComposeDocument[] } | { readonly ok: false; readonly problems: readonly string[] };

// What a `!reset` node reads as before it is removed: no YAML value can be this symbol.
const reset = Symbol("compose !reset");

// An `!override` value: its plain value, marked, so that its path can be recorded.
class Overridden {
    constructor(readonly value: unknown) {}
}

// Stands in for an `!override` node during toJS: converts the node as usual, then marks it.
// The class extends the `yaml` package's Scalar, so it is made when first needed (see yaml()).
type StandInClass = new (node: Node) => Scalar;
let overrideStandInClass: StandInClass | undefined;
function overrideStandIn(node: Node): Scalar {
    overrideStandInClass ??= class OverrideStandIn extends yaml().Scalar {
        constructor(private readonly node: Node) {
            super(null);
        }

        override toJSON(arg?: unknown, ctx?: unknown): Overridden {
            const inner = this.node as unknown as { toJSON(arg: unknown, ctx: unknown): unknown };
            // An anchored stand-in: aliases to it must read the mark too, not just the inner value
            // (the YAML library hands the converted value to aliases through ctx.onCreate).
            const c = ctx as { onCreate?: (res: unknown) => void } | undefined;
            const onCreate = c?.onCreate;
            if (c) {
                delete c.onCreate;
            }
            const marked = new Overridden(inner.toJSON(arg, ctx));
            onCreate?.(marked);
            return marked;
        }
    };
    return new overrideStandInClass(node);
}

function tagOf(node: unknown): string | undefined {
    return node !== null && typeof node === "object" && "tag" in node ? (node as { tag?: string }).tag : undefined;
}

function isMergeKey(key: unknown): boolean {
    return yaml().isScalar(key) && (key.value === "<<" || typeof key.value === "symbol");
}

// True when `node`, reached through `ancestors`, is a merge source: the value of `<<:` or an item
// of a list that is. Compose drops a `!reset` merge source; the YAML library would refuse it.
function isMergeSource(ancestors: readonly unknown[]): boolean {
    const parent = ancestors[ancestors.length - 1];
    if (yaml().isPair(parent)) {
        return isMergeKey(parent.key);
    }
    const grandparent = ancestors[ancestors.length - 2];
    return yaml().isSeq(parent) && yaml().isPair(grandparent) && isMergeKey(grandparent.key);
}

// Replaces each tagged node (a value or a list item; compose-go ignores tags on keys) by a stand-in
// that keeps its anchor, so that aliases to it read the tag's meaning too, as in compose-go. The
// children of an `!override` node are left alone: compose-go does not look inside one either.
function applyComposeTags(doc: Document): void {
    yaml().visit(doc, {
        Pair(_, pair) {
            return isMergeKey(pair.key) && tagOf(pair.value) === resetTag ? yaml().visit.REMOVE : undefined;
        },
        Node(key, node, ancestors) {
            const tag = tagOf(node);
            if (key === "key" || yaml().isAlias(node) || (tag !== resetTag && tag !== overrideTag)) {
                return undefined;
            }
            if (isMergeSource(ancestors)) {
                if (tag === resetTag) {
                    return yaml().visit.REMOVE;
                }
                (node as { tag?: string }).tag = undefined;
                return undefined;
            }
            const standIn = tag === resetTag ? new (yaml().Scalar)(reset) : overrideStandIn(node);
            standIn.anchor = (node as { anchor?: string }).anchor;
            standIn.range = node.range;
            return standIn;
        },
    });
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Overridden);
}

const mergeKey = "<<";

function define(out: Record<string, unknown>, key: string, value: unknown): void {
    // defineProperty: a key named __proto__ is data here, as in the YAML.
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

// Removes the stand-ins from a converted value, recording their paths, and applies `<<` merge
// keys as go-yaml does once compose-go has dropped the `!reset` entries: a mapping's own keys win,
// then the merged mappings in the order listed; a `!reset` entry (own or merged) is no value, so
// it hides nothing, and its path is recorded for the mapping that merges it.
function settle(value: unknown, path: PropertyPath, resets: PropertyPath[], overrides: PropertyPath[]): unknown {
    if (value instanceof Overridden) {
        overrides.push(path);
        return settle(value.value, path, resets, overrides);
    }
    if (Array.isArray(value)) {
        const out: unknown[] = [];
        value.forEach((item, i) => {
            if (item === reset) {
                resets.push([...path, i]);
            } else {
                out.push(settle(item, [...path, out.length], resets, overrides));
            }
        });
        return out;
    }
    if (isRecord(value)) {
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(value)) {
            const item = value[key];
            if (key === mergeKey) {
                continue;
            }
            if (item === reset) {
                resets.push([...path, key]);
                continue;
            }
            define(out, key, settle(item, [...path, key], resets, overrides));
        }
        if (Object.prototype.hasOwnProperty.call(value, mergeKey)) {
            const merged = value[mergeKey];
            const list = Array.isArray(merged);
            (list ? merged : [merged]).forEach((source: unknown, i: number) => {
                const plain = source instanceof Overridden ? source.value : source;
                if (!isRecord(plain)) {
                    throw new Error("map merge requires map or sequence of maps as the value");
                }
                // compose-go records a merged `!reset` at the merging mapping's path, but, when `<<`
                // lists several mappings, with the list index in it (so it never matches a key).
                const settled = settle(plain, list ? [...path, i] : path, resets, overrides) as Record<string, unknown>;
                for (const key of Object.keys(settled)) {
                    if (!Object.prototype.hasOwnProperty.call(out, key)) {
                        define(out, key, settled[key]);
                    }
                }
            });
        }
        return out;
    }
    return value === reset ? null : value;
}

function firstLine(message: string): string {
    return message.split("\n")[0].trim();
}

// The last few texts read: the checker asks once per document of a stream, and files that
// several services extend are read once.
const recent = new Map<string, ComposeStream>();
const recentMax = 8;

/** Reads every document of a Compose file as `docker compose` does (see the module comment). */
export function readComposeYaml(text: string): ComposeStream {
    const cached = recent.get(text);
    if (cached) {
        return cached;
    }
    const stream = readUncached(text);
    if (recent.size >= recentMax) {
        recent.delete(recent.keys().next().value as string);
    }
    recent.set(text, stream);
    return stream;
}

function readUncached(text: string): ComposeStream {
    const deep = excessiveNesting(text);
    if (deep) {
        return { ok: false, problems: [`line ${deep.line}: flow collections nested deeper than ${maxFlowDepth} levels: refused`] };
    }
    let parsed: Document.Parsed[];
    try {
        // Merge keys are applied by settle(), after the `!reset` entries are gone.
        parsed = yaml().parseAllDocuments(text, {
            version: "1.2",
            merge: false,
            prettyErrors: true,
            logLevel: "error",
        }) as Document.Parsed[];
    } catch (err) {
        return { ok: false, problems: [`cannot parse YAML: ${firstLine(String((err as Error)?.message ?? err))}`] };
    }
    if (!Array.isArray(parsed)) {
        parsed = [];
    }
    const problems = parsed.flatMap((doc) => doc.errors.map((e) => firstLine(e.message)));
    if (problems.length > 0) {
        return { ok: false, problems };
    }
    const documents: ComposeDocument[] = [];
    for (const [index, doc] of parsed.entries()) {
        try {
            applyComposeTags(doc);
            const resets: PropertyPath[] = [];
            const overrides: PropertyPath[] = [];
            const value = settle(doc.toJS({ maxAliasCount }), [], resets, overrides);
            documents.push({ value: value ?? null, resets, overrides });
        } catch (err) {
            return { ok: false, problems: [`document ${index + 1}: ${firstLine(String((err as Error)?.message ?? err))}`] };
        }
    }
    return { ok: true, documents };
}

/** True when `value` is a mapping (not a list, not null). */
export function isMapping(value: unknown): value is Record<string, unknown> {
    return isRecord(value);
}
