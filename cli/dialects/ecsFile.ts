// Findings about an ECS task definition JSON file: paths as written in the file (under
// `taskDefinition.` in describe-task-definition output).
import { ecsWording } from "../../policy-pack/platforms/ecs/wording";
import type { Dialect, Platform } from "../../policy-pack/platforms/platform";
import { formatPath } from "../../policy-pack/workloads";
import { ManifestResource } from "../resources";

/** The dialect of one task definition read from a JSON file. */
export function ecsFileDialect(resource: ManifestResource): Dialect {
    const wording = ecsWording({ path: (_view, p) => formatPath(resource.yamlPathOf(p)) });
    return { id: "ecs-json", wordingFor: (platform: Platform) => (platform.id === "ecs" ? wording : undefined) };
}
