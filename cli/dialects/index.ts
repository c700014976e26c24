// Who a resource's findings are written for: the author of the file it came from.
import { ManifestResource } from "../resources";
import { composeDialect } from "./compose";
import { ecsFileDialect } from "./ecsFile";
import { manifestDialect } from "./manifest";
import { ResourceDialect } from "./resourceDialect";

const dialects = new WeakMap<ManifestResource, ResourceDialect>();

/** The dialect of a resource read by immutable-check (one per resource: paths are the file's). */
export function dialectOf(resource: ManifestResource): ResourceDialect {
    let d = dialects.get(resource);
    if (!d) {
        d =
            resource.source === "compose"
                ? composeDialect(resource)
                : resource.source === "ecs"
                  ? ecsFileDialect(resource)
                  : manifestDialect(resource);
        dialects.set(resource, d);
    }
    return d;
}
