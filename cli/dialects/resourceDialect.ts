// A dialect is one small object per resource: the resource it speaks for, and a wording shared by
// every resource of its kind of file. The wording finds a view's resource through the view's
// dialect, so no resource carries a set of closures of its own (4,000 workloads of a 16 MiB
// manifest carried 15 MiB of them).
import type { Dialect, Platform, Wording } from "../../policy-pack/platforms/platform";
import type { WorkloadView } from "../../policy-pack/workloads";
import { ManifestResource } from "../resources";

/** The dialect of one resource read by immutable-check. */
export interface ResourceDialect extends Dialect {
    readonly resource: ManifestResource;
}

/** The resource a view of a resource read by immutable-check was made from. */
export function resourceOfView(view: WorkloadView): ManifestResource {
    const dialect = view.dialect as ResourceDialect | undefined;
    if (!dialect?.resource) {
        throw new Error(
            `${view.kind} "${view.name}" was not made from a file read by immutable-check: no resource to word its findings for`,
        );
    }
    return dialect.resource;
}

/**
 * A family of dialects: `id`, the wording every resource of that kind of file shares, and the
 * platforms it words (the others keep the pack's words).
 */
export function dialectFamily(id: string, wording: Wording, platforms: readonly string[]): (resource: ManifestResource) => ResourceDialect {
    const wordingFor = (platform: Platform) => (platforms.includes(platform.id) ? wording : undefined);
    return (resource) => ({ id, resource, wordingFor });
}
