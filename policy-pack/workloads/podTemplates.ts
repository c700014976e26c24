// Pod-bearing kinds declared in config (`podTemplates`, see lib/config.ts), read defensively: an
// entry that is not what the schema asks for is left out, never thrown on.
import { globMatches } from "../lib/globs";
import { PropertyPath } from "./values";

/** One declared kind. */
export interface PodTemplate {
    readonly apiVersion: string;
    readonly kind: string;
    readonly podSpecPath: PropertyPath;
}

const pathPattern = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$/;

const parsed = new WeakMap<object, readonly PodTemplate[]>();
// One shared empty list: workloadOf caches views by the list's identity, so calls without
// declared kinds (the common case) share one view per resource.
const noTemplates: readonly PodTemplate[] = Object.freeze([]);

/** The declared kinds of one policy's config (or of several, for immutable-check). */
export function podTemplatesOf(...configs: unknown[]): readonly PodTemplate[] {
    // One list's entries are returned as parsed (the same array every time), so that views cached
    // by their templates' identity are shared between calls; several lists are joined.
    const lists: Array<readonly PodTemplate[]> = [];
    for (const config of configs) {
        const list = config !== null && typeof config === "object" ? (config as { podTemplates?: unknown }).podTemplates : undefined;
        if (!Array.isArray(list)) {
            continue;
        }
        let entries = parsed.get(list);
        if (!entries) {
            entries = list.flatMap((e): PodTemplate[] => {
                const entry = e as Record<string, unknown> | null;
                if (entry === null || typeof entry !== "object") {
                    return [];
                }
                const { apiVersion, kind, podSpecPath } = entry;
                if (
                    typeof apiVersion !== "string" ||
                    apiVersion === "" ||
                    typeof kind !== "string" ||
                    kind === "" ||
                    typeof podSpecPath !== "string" ||
                    !pathPattern.test(podSpecPath)
                ) {
                    return [];
                }
                return [{ apiVersion, kind, podSpecPath: podSpecPath.split(".") }];
            });
            parsed.set(list, entries);
        }
        if (entries.length > 0) {
            lists.push(entries);
        }
    }
    return lists.length === 0 ? noTemplates : lists.length === 1 ? lists[0] : lists.flat();
}

/** The declared kind an object of `apiVersion` and `kind` is, if any. */
export function declaredPodTemplate(templates: readonly PodTemplate[], apiVersion: string, kind: string): PodTemplate | undefined {
    return templates.find((t) => t.kind === kind && globMatches(apiVersion, t.apiVersion));
}
