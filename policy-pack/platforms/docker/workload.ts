// Docker containers and Swarm services (`@pulumi/docker`): one container each, judged on
// `readOnly`.
import { firstMarker, markerInLabelList } from "../../workloads/marker";
import { remountGrantsOf, RemountFields } from "../../workloads/remount";
import { ContainerList, ContainerView, WorkloadView } from "../../workloads/model";
import { asRecord, asString, booleanField, field, fieldAt, isUnknown, malformedStep, PropertyPath, pathWith } from "../../workloads/values";

/** Type token of `docker.Container`. */
export const dockerContainerType = "docker:index/container:Container";
/** Type token of `docker.Service` (a Swarm service). */
export const dockerServiceType = "docker:index/service:Service";

const containerSpecPath: PropertyPath = ["taskSpec", "containerSpec"];
const dockerRemountFields: RemountFields = { privileged: ["privileged"], capabilitiesAdded: ["capabilities", "adds"] };
// Swarm has no privileged mode, but a Compose file with a deploy section is also run by
// `docker compose up`, which honours `privileged`: read it where immutable-check puts it.
const swarmRemountFields: RemountFields = { privileged: ["privileged"], capabilitiesAdded: ["capAdds"] };

function dockerContainer(list: ContainerList, spec: Record<string, unknown>, path: PropertyPath, name: string): ContainerView {
    const image = field(spec, "image");
    return {
        list,
        index: 0,
        name,
        path,
        image: isUnknown(image) ? image : asString(image),
        imagePath: pathWith(path, "image"),
        readOnlyRootFilesystem: booleanField(spec, ["readOnly"]),
        readOnlyRootFilesystemPath: pathWith(path, "readOnly"),
        readOnlyRootFilesystemField: "readOnly",
        remountGrants: remountGrantsOf(spec, path, list === "containerSpec" ? swarmRemountFields : dockerRemountFields),
        spec,
    };
}

function view(
    platform: string,
    typeToken: string,
    kind: string,
    props: Record<string, unknown>,
    resourceName: string,
    specPath: PropertyPath,
    list: ContainerList,
): WorkloadView {
    const name = asString(field(props, "name")) ?? resourceName;
    const specValue = specPath.length === 0 ? props : fieldAt(props, specPath);
    const spec = asRecord(specValue);
    const markers = [markerInLabelList(field(props, "labels"), ["labels"])];
    if (specPath.length > 0) {
        markers.push(markerInLabelList(fieldAt(props, pathWith(specPath, "labels")), pathWith(specPath, "labels")));
    }
    return {
        platform,
        typeToken,
        kind,
        isPatch: false,
        name,
        resourceName,
        exemption: firstMarker(...markers),
        specPath,
        containers: spec ? [dockerContainer(list, spec, specPath, name)] : [],
        unknownContainers: isUnknown(specValue) ? [specPath] : [],
        malformedContainers:
            !spec && !isUnknown(specValue) && specValue !== undefined && specValue !== null
                ? [{ path: specPath, value: specValue }]
                : [malformedStep(props, specPath)].filter((m): m is { path: PropertyPath; value: unknown } => m !== undefined),
        props,
    };
}

/** The workload view of a `docker.Container`, or undefined for other types. */
export function dockerContainerWorkloadOf(
    typeToken: string,
    props: Record<string, unknown>,
    resourceName: string,
): WorkloadView | undefined {
    return typeToken === dockerContainerType ? view("docker", typeToken, "Container", props, resourceName, [], "container") : undefined;
}

/** The workload view of a `docker.Service` (Swarm), or undefined for other types. */
export function swarmServiceWorkloadOf(typeToken: string, props: Record<string, unknown>, resourceName: string): WorkloadView | undefined {
    return typeToken === dockerServiceType
        ? view("swarm", typeToken, "Service", props, resourceName, containerSpecPath, "containerSpec")
        : undefined;
}
