// Docker and Swarm mounts: a container's `tmpfs` map, `mounts[]` and `volumes[]`; a Swarm
// service's `taskSpec.containerSpec.mounts[]`.
import { localDriverVolume } from "../../workloads/localDriver";
import { ContainerView } from "../../workloads/model";
import {
    byteCountBounds,
    ContainerMounts,
    MountBacking,
    mountEntries,
    MountView,
    parseTmpfsOptions,
    sizeLimitOf,
} from "../../workloads/mounts";
import { asString, field, fieldAt, isUnknown, PropertyPath, asRecord, unknownValue, pathWith } from "../../workloads/values";

function dockerTmpfsMap(container: ContainerView, mounts: MountView[], unknownMounts: PropertyPath[]): void {
    const mapPath = pathWith(container.path, "tmpfs");
    const map = field(container.spec, "tmpfs");
    if (isUnknown(map)) {
        unknownMounts.push(mapPath);
        return;
    }
    const record = asRecord(map);
    if (!record) {
        return;
    }
    for (const key of Object.keys(record)) {
        const path = pathWith(mapPath, key);
        const { sizeLimit, readOnly } = parseTmpfsOptions(field(record, key));
        mounts.push({
            path,
            target: key,
            readOnly,
            readOnlyPath: path,
            backing: { kind: "tmpfs", sizeLimit, sizePath: path, sizeField: "size=" },
        });
    }
}

function dockerMountBacking(entry: unknown, path: PropertyPath): MountBacking {
    const type = field(entry, "type");
    if (isUnknown(type)) {
        return { kind: "unknown" };
    }
    switch (asString(type)) {
        case "tmpfs": {
            const sizePath = pathWith(path, "tmpfsOptions", "sizeBytes");
            return {
                kind: "tmpfs",
                sizeLimit: sizeLimitOf(fieldAt(entry, ["tmpfsOptions", "sizeBytes"]), byteCountBounds),
                sizePath,
                sizeField: "tmpfsOptions.sizeBytes",
            };
        }
        case "bind": {
            const source = field(entry, "source");
            return {
                kind: "host",
                hostPath: isUnknown(source) ? unknownValue : asString(source),
                hostPathPath: pathWith(path, "source"),
                form: "bind mount",
            };
        }
        case "volume":
            return dockerVolumeMountBacking(entry, path);
        default:
            return { kind: "volume", source: asString(type) ?? "volume" };
    }
}

// A mount of type `volume`: a named (or anonymous) volume, which the local driver's options can
// turn into a bind of a host directory.
function dockerVolumeMountBacking(entry: unknown, path: PropertyPath): MountBacking {
    const optionsPath = pathWith(path, "volumeOptions", "driverOptions");
    const local = localDriverVolume(
        fieldAt(entry, ["volumeOptions", "driverName"]),
        fieldAt(entry, ["volumeOptions", "driverOptions"]),
        optionsPath,
    );
    if (local.kind === "bind" && !local.readOnly) {
        return { kind: "host", hostPath: local.device, hostPathPath: local.devicePath, via: "volume driver options" };
    }
    const source = field(entry, "source");
    const name = isUnknown(source) ? unknownValue : asString(source);
    return {
        kind: "volume",
        source: "volume",
        volumeName: typeof name === "string" ? name : undefined,
        reference: name === undefined || name === "" ? undefined : { kind: "dockerVolume", name, namePath: pathWith(path, "source") },
    };
}

function dockerVolumeBacking(entry: unknown, path: PropertyPath): MountBacking {
    const hostPath = field(entry, "hostPath");
    if (isUnknown(hostPath)) {
        return { kind: "host", hostPath: unknownValue, hostPathPath: pathWith(path, "hostPath"), form: "volume with hostPath" };
    }
    if (asString(hostPath) !== undefined && asString(hostPath) !== "") {
        return { kind: "host", hostPath: asString(hostPath), hostPathPath: pathWith(path, "hostPath"), form: "volume with hostPath" };
    }
    const fromContainer = field(entry, "fromContainer");
    if (fromContainer !== undefined && fromContainer !== null && fromContainer !== "") {
        return {
            kind: "volume",
            source: "fromContainer",
            reference: {
                kind: "fromContainer",
                container: isUnknown(fromContainer) ? unknownValue : asString(fromContainer),
                containerPath: pathWith(path, "fromContainer"),
            },
        };
    }
    const volumeName = field(entry, "volumeName");
    const name = isUnknown(volumeName) ? unknownValue : asString(volumeName);
    return {
        kind: "volume",
        source: "volume",
        volumeName: typeof name === "string" ? name : undefined,
        reference: name === undefined || name === "" ? undefined : { kind: "dockerVolume", name, namePath: pathWith(path, "volumeName") },
    };
}

/** Every mount of a Docker container: its tmpfs map, mounts[] and volumes[]. */
export function dockerContainerMounts(container: ContainerView): ContainerMounts {
    const mounts: MountView[] = [];
    const unknownMounts: PropertyPath[] = [];
    dockerTmpfsMap(container, mounts, unknownMounts);
    mountEntries(container, "mounts", "target", dockerMountBacking, mounts, unknownMounts);
    mountEntries(container, "volumes", "containerPath", dockerVolumeBacking, mounts, unknownMounts);
    return { mounts, unknownMounts };
}

/** Every mount of a Swarm service's container: its mounts[]. */
export function swarmServiceMounts(container: ContainerView): ContainerMounts {
    const mounts: MountView[] = [];
    const unknownMounts: PropertyPath[] = [];
    mountEntries(container, "mounts", "target", dockerMountBacking, mounts, unknownMounts);
    return { mounts, unknownMounts };
}
