// Findings about an ECS task definition JSON file: paths as written in the file (under
// `taskDefinition.` in describe-task-definition output).
import { ecsWording } from "../../policy-pack/platforms/ecs/wording";
import { formatPath } from "../../policy-pack/workloads";
import { dialectFamily, resourceOfView } from "./resourceDialect";

/** The dialect of one task definition read from a JSON file. */
export const ecsFileDialect = dialectFamily("ecs-json", ecsWording({ path: (view, p) => formatPath(resourceOfView(view).yamlPathOf(p)) }), [
    "ecs",
]);
