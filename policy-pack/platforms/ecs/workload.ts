// AWS ECS task definitions: `aws:ecs/taskDefinition:TaskDefinition` (@pulumi/aws), whose
// `containerDefinitions` is a JSON string, and `aws-native:ecs:TaskDefinition`, where it is a list
// (the shape of `aws ecs register-task-definition --cli-input-json` too). The view reads the
// decoded definitions: paths point into them (`containerDefinitions[0].readonlyRootFilesystem`),
// and ./encoding.ts writes a remediation back into the JSON string.
import { firstMarker, markerInLabelList, markerInMap } from "../../workloads/marker";
import { ContainerView, WorkloadView } from "../../workloads/model";
import { remountGrantsOf } from "../../workloads/remount";
import { asRecord, asString, booleanField, field, isUnknown, plain, PropertyPath } from "../../workloads/values";
import { decodedContainerDefinitions } from "./encoding";

/** Type token of `aws.ecs.TaskDefinition`. */
export const awsTaskDefinitionType = "aws:ecs/taskDefinition:TaskDefinition";
/** Type token of `awsnative.ecs.TaskDefinition`. */
export const awsNativeTaskDefinitionType = "aws-native:ecs:TaskDefinition";

const listPath: PropertyPath = ["containerDefinitions"];
const remountFields = { privileged: ["privileged"], capabilitiesAdded: ["linuxParameters", "capabilities", "add"] };

type Malformed = Array<{ path: PropertyPath; value: unknown }>;

function containersOf(definitions: readonly unknown[], unknowns: PropertyPath[], malformed: Malformed): ContainerView[] {
    const out: ContainerView[] = [];
    definitions.forEach((entry, index) => {
        const path = [...listPath, index];
        const spec = asRecord(entry);
        if (!spec) {
            if (isUnknown(plain(entry))) {
                unknowns.push(path);
            } else {
                malformed.push({ path, value: plain(entry) });
            }
            return;
        }
        const image = field(spec, "image");
        out.push({
            list: "containerDefinitions",
            index,
            name: asString(field(spec, "name")) ?? `#${index}`,
            path,
            image: isUnknown(image) ? image : asString(image),
            imagePath: [...path, "image"],
            readOnlyRootFilesystem: booleanField(spec, ["readonlyRootFilesystem"]),
            readOnlyRootFilesystemPath: [...path, "readonlyRootFilesystem"],
            readOnlyRootFilesystemField: "readonlyRootFilesystem",
            remountGrants: remountGrantsOf(spec, path, remountFields),
            spec,
        });
    });
    return out;
}

// ECS does not support readonlyRootFilesystem for Windows containers.
function windows(props: Record<string, unknown>): boolean {
    const family = asString(field(field(props, "runtimePlatform"), "operatingSystemFamily"));
    return family !== undefined && family.toUpperCase().startsWith("WINDOWS");
}

/** The workload view of an ECS task definition, or undefined for other types. */
export function ecsWorkloadOf(typeToken: string, props: Record<string, unknown>, resourceName: string): WorkloadView | undefined {
    if (typeToken !== awsTaskDefinitionType && typeToken !== awsNativeTaskDefinitionType) {
        return undefined;
    }
    const decoded = decodedContainerDefinitions(props);
    const unknownContainers: PropertyPath[] = [];
    const malformedContainers: Malformed = [];
    let containers: ContainerView[] = [];
    if (decoded.state === "unknown") {
        unknownContainers.push(listPath);
    } else if (decoded.state === "malformed") {
        malformedContainers.push({ path: listPath, value: decoded.value });
    } else if (decoded.state === "list") {
        containers = containersOf(decoded.definitions, unknownContainers, malformedContainers);
    }
    const viewProps = decoded.state === "list" ? { ...props, containerDefinitions: decoded.definitions } : props;
    const tags = field(props, "tags");
    return {
        platform: "ecs",
        typeToken,
        kind: "TaskDefinition",
        isPatch: false,
        name: asString(field(props, "family")) ?? resourceName,
        resourceName,
        exemption: Array.isArray(plain(tags)) ? markerInLabelList(tags, ["tags"], "key") : firstMarker(markerInMap(tags, ["tags"])),
        notApplicable: windows(props) ? "ECS does not support readonlyRootFilesystem for Windows containers" : undefined,
        specPath: [],
        containers,
        unknownContainers,
        malformedContainers,
        props: viewProps,
    };
}
