// What each ECS container writes to: `mountPoints` resolved against the task's `volumes`
// (`hostPath` in @pulumi/aws, `host.sourcePath` in aws-native and the ECS API; a local-driver
// `dockerVolumeConfiguration` that binds a host directory; EFS/FSx; or task storage), the
// `linuxParameters.tmpfs` entries (EC2 only; size in MiB), and the mounts `volumesFrom` copies from
// another container of the task.
import { localDriverVolume } from "../../workloads/localDriver";
import { ContainerView, WorkloadView } from "../../workloads/model";
import { ContainerMounts, MountBacking, mountEntries, MountView, sizeLimitOf } from "../../workloads/mounts";
import {
    asArray,
    asRecord,
    asString,
    booleanField,
    field,
    fieldAt,
    isUnknown,
    plain,
    PropertyPath,
    unknownValue,
} from "../../workloads/values";

/** A tmpfs `size` (MiB, an integer the ECS API requires) bounds the mount when it is positive. */
const mebibytes = (size: string | number): boolean =>
    typeof size === "number" ? Number.isSafeInteger(size) && size > 0 : /^[0-9]+$/.test(size) && Number(size) > 0;

function volumeBacking(view: WorkloadView, sourceVolume: unknown): MountBacking {
    if (isUnknown(sourceVolume)) {
        return { kind: "unknown" };
    }
    const name = asString(sourceVolume);
    const volumes = field(view.props, "volumes");
    if (isUnknown(volumes)) {
        return { kind: "unknown" };
    }
    const list = asArray(volumes) ?? [];
    const index = list.findIndex((v) => asString(field(v, "name")) === name);
    if (index < 0) {
        return list.some((v) => isUnknown(plain(v)) || isUnknown(field(v, "name")))
            ? { kind: "unknown" }
            : { kind: "unresolved", volumeName: name ?? "" };
    }
    const volume = list[index];
    const path: PropertyPath = ["volumes", index];
    const classicHost = field(volume, "hostPath");
    const nativeHost = fieldAt(volume, ["host", "sourcePath"]);
    for (const [value, at] of [
        [classicHost, [...path, "hostPath"]],
        [nativeHost, [...path, "host", "sourcePath"]],
    ] as const) {
        if (isUnknown(value)) {
            return { kind: "host", hostPath: unknownValue, hostPathPath: at, volumeName: name, form: "host volume" };
        }
        if (asString(value)) {
            return { kind: "host", hostPath: asString(value), hostPathPath: at, volumeName: name, form: "host volume" };
        }
    }
    const docker = field(volume, "dockerVolumeConfiguration");
    if (docker !== undefined && docker !== null) {
        const optionsPath = [...path, "dockerVolumeConfiguration", "driverOpts"];
        const local = localDriverVolume(field(docker, "driver"), field(docker, "driverOpts"), optionsPath);
        if (local.kind === "unknown") {
            return { kind: "unknown" };
        }
        if (local.kind === "bind" && !local.readOnly) {
            return { kind: "host", hostPath: local.device, hostPathPath: local.devicePath, volumeName: name, via: "volume driver options" };
        }
        return { kind: "volume", source: "dockerVolumeConfiguration", volumeName: name };
    }
    for (const source of ["efsVolumeConfiguration", "fsxWindowsFileServerVolumeConfiguration"]) {
        if (field(volume, source) !== undefined && field(volume, source) !== null) {
            return { kind: "volume", source, volumeName: name };
        }
    }
    // No source: task storage (Fargate's ephemeral storage, a Docker volume on EC2).
    return { kind: "volume", source: "task storage", volumeName: name };
}

/** A container's `mountPoints`, each backed by the task volume it names (the walk is the shared `mountEntries`). */
function mountPoints(view: WorkloadView, container: ContainerView, out: MountView[], unknowns: PropertyPath[]): void {
    mountEntries(container, "mountPoints", "containerPath", (entry) => volumeBacking(view, field(entry, "sourceVolume")), out, unknowns);
}

function tmpfsMounts(container: Record<string, unknown>, containerPath: PropertyPath, out: MountView[], unknowns: PropertyPath[]): void {
    const listPath = [...containerPath, "linuxParameters", "tmpfs"];
    const list = fieldAt(container, ["linuxParameters", "tmpfs"]);
    if (isUnknown(list)) {
        unknowns.push(listPath);
        return;
    }
    (asArray(list) ?? []).forEach((entry, i) => {
        const path = [...listPath, i];
        if (!asRecord(entry)) {
            return;
        }
        const options = (asArray(field(entry, "mountOptions")) ?? []).map((o) => asString(o));
        const target = field(entry, "containerPath");
        out.push({
            path,
            target: isUnknown(target) ? unknownValue : asString(target),
            readOnly: options.includes("ro") ? { state: "true" } : { state: "unset" },
            readOnlyPath: [...path, "mountOptions"],
            backing: {
                kind: "tmpfs",
                sizeLimit: sizeLimitOf(field(entry, "size"), mebibytes),
                sizePath: [...path, "size"],
                sizeField: "size",
            },
        });
    });
}

/** Every mount of one container of a task definition. Never throws. */
export function ecsMounts(view: WorkloadView, container: ContainerView): ContainerMounts {
    const mounts: MountView[] = [];
    const unknownMounts: PropertyPath[] = [];
    mountPoints(view, container, mounts, unknownMounts);
    tmpfsMounts(container.spec, container.path, mounts, unknownMounts);
    // volumesFrom: every mount point of another container of the task, read-only when it says so.
    const fromPath = [...container.path, "volumesFrom"];
    const from = field(container.spec, "volumesFrom");
    if (isUnknown(from)) {
        unknownMounts.push(fromPath);
    } else {
        (asArray(from) ?? []).forEach((entry, i) => {
            const source = field(entry, "sourceContainer");
            const other = view.containers.find(
                (c) => c !== container && typeof asString(source) === "string" && c.name === asString(source),
            );
            if (isUnknown(source) || isUnknown(plain(entry))) {
                unknownMounts.push([...fromPath, i]);
            } else if (other) {
                // The source's mount points, as this container gets them: read-only when volumesFrom
                // says so, else as the source has them; fixed at this container's volumesFrom entry.
                const copied: MountView[] = [];
                mountPoints(view, other, copied, unknownMounts);
                const forced = booleanField(entry, ["readOnly"]);
                for (const m of copied) {
                    mounts.push({
                        ...m,
                        path: [...fromPath, i],
                        readOnly: forced.state === "true" ? forced : m.readOnly,
                        readOnlyPath: [...fromPath, i, "readOnly"],
                    });
                }
            }
        });
    }
    return { mounts, unknownMounts };
}
