// ECS task definition JSON files, as the AWS CLI writes and reads them: the input of
// `aws ecs register-task-definition --cli-input-json` (a task definition, tags beside it) and the
// output of `aws ecs describe-task-definition` (`{ taskDefinition, tags }`). Each is judged as the
// `aws-native:ecs:TaskDefinition` of the same shape.
import { awsNativeTaskDefinitionType } from "../policy-pack/platforms/ecs/workload";
import { PropertyPath } from "../policy-pack/workloads";
import { ManifestResource } from "./resources";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

function definitionOf(value: unknown): { definition: Json; prefix: PropertyPath } | undefined {
    if (!isObject(value)) {
        return undefined;
    }
    if (Array.isArray(value.containerDefinitions)) {
        return { definition: value, prefix: [] };
    }
    if (isObject(value.taskDefinition) && Array.isArray(value.taskDefinition.containerDefinitions)) {
        return { definition: value.taskDefinition, prefix: ["taskDefinition"] };
    }
    return undefined;
}

/** Whether a document is an ECS task definition (or describe-task-definition output). */
export function isEcsTaskDefinition(value: unknown): boolean {
    return definitionOf(value) !== undefined;
}

/** The task definition of a document, in the shape the pack judges. */
export function ecsResources(value: unknown, documentIndex: number): ManifestResource[] {
    const found = definitionOf(value);
    if (!found) {
        return [];
    }
    const { definition, prefix } = found;
    // describe-task-definition puts the tags beside the task definition.
    const outerTags = prefix.length > 0 && isObject(value) ? value.tags : undefined;
    const props = outerTags !== undefined && definition.tags === undefined ? { ...definition, tags: outerTags } : definition;
    const family =
        typeof definition.family === "string" && definition.family !== "" ? definition.family : `task-definition-${documentIndex}`;
    return [
        {
            source: "ecs",
            type: awsNativeTaskDefinitionType,
            name: family,
            kind: "TaskDefinition",
            props,
            yamlPathOf: (path) =>
                path[0] === "tags" && outerTags !== undefined && definition.tags === undefined ? [...path] : [...prefix, ...path],
        },
    ];
}
