// What each container mounts and what backs each mount: Kubernetes volumeMounts resolved against
// the pod's volumes, Docker `tmpfs` / `mounts[]` / `volumes[]`, Swarm `containerSpec.mounts[]`.
// Policies about writable paths and host mounts read this instead of walking props. Every value
// that is unknown at preview stays distinguishable, so no verdict is drawn from one.
import { ContainerView, WorkloadView } from "./model";
import { asArray, asRecord, asString, BooleanField, booleanField, field, fieldAt, isUnknown, plain, PropertyPath, UnknownValue, unknownValue } from "./values";

/** Whether a size limit bounds a mount. */
export type SizeLimit =
    | { readonly state: "bounded"; readonly value: string }
    | { readonly state: "unset" }
    /** Set, but to something that bounds nothing (0, which tmpfs reads as "no limit", or garbage). */
    | { readonly state: "unbounded"; readonly value: string }
    | { readonly state: "unknown" };

/** A Kubernetes `emptyDir` volume: on the node's disk unless `medium: Memory`. */
export interface EmptyDirBacking {
    readonly kind: "emptyDir";
    readonly volumeName: string;
    /** Path of the volume's `emptyDir` object in the props. */
    readonly emptyDirPath: PropertyPath;
    /** `medium` as written (`Memory`, `""`), undefined when unset. */
    readonly medium: string | UnknownValue | undefined;
    readonly sizeLimit: SizeLimit;
}

/** A tmpfs: a Docker `tmpfs` map entry, or a Docker/Swarm `mounts[]` entry of type `tmpfs`. */
export interface TmpfsBacking {
    readonly kind: "tmpfs";
    readonly sizeLimit: SizeLimit;
    /** Path of the size setting (the options string, or `tmpfsOptions.sizeBytes`). */
    readonly sizePath: PropertyPath;
    /** How the size is written: `size=` in an options string, or `tmpfsOptions.sizeBytes`. */
    readonly sizeField: "size=" | "tmpfsOptions.sizeBytes";
}

/** A directory of the host: Kubernetes `hostPath`, Docker bind mount or `volumes[].hostPath`. */
export interface HostBacking {
    readonly kind: "host";
    /** The host directory; unknown at preview when it comes from another resource. */
    readonly hostPath: string | UnknownValue | undefined;
    readonly hostPathPath: PropertyPath;
    /** Kubernetes volume name, when the mount goes through a pod volume. */
    readonly volumeName?: string;
}

/** What backs a mount. */
export type MountBacking =
    | EmptyDirBacking
    | TmpfsBacking
    | HostBacking
    /** ConfigMap, Secret, projected or downwardAPI volume (the kubelet mounts these read-only). */
    | { readonly kind: "configuration"; readonly source: string; readonly volumeName: string }
    /** Anything else that stores data: a PVC, a named or anonymous Docker volume, csi, nfs… */
    | { readonly kind: "volume"; readonly source: string; readonly volumeName?: string }
    /** Not known at preview (the volume list, the volume, its name or the mount type is unknown). */
    | { readonly kind: "unknown" }
    /** A volumeMount naming a volume the pod does not define (the API rejects it). */
    | { readonly kind: "unresolved"; readonly volumeName: string };

/** One mount of one container. */
export interface MountView {
    /** Path of the mount entry (volumeMounts[i], tmpfs[path], mounts[i], volumes[i]). */
    readonly path: PropertyPath;
    /** Where it appears in the container; unknown at preview, undefined when missing. */
    readonly target: string | UnknownValue | undefined;
    /** Whether the container can write to it. Docker tmpfs entries read the `ro` option. */
    readonly readOnly: BooleanField;
    readonly readOnlyPath: PropertyPath;
    readonly backing: MountBacking;
}

/** A container's mounts, and the mount lists that are unknown at preview. */
export interface ContainerMounts {
    readonly mounts: readonly MountView[];
    readonly unknownMounts: readonly PropertyPath[];
}

/** True when a mount is known to be writable (readOnly is not the boolean true, and is known). */
export function isWritable(mount: MountView): boolean {
    return mount.readOnly.state !== "true" && mount.readOnly.state !== "unknown";
}

// ---------------------------------------------------------------------------------------------
// Sizes

const quantityPattern = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([A-Za-z%]*)\s*$/;

function sizeFromQuantity(value: unknown): SizeLimit {
    if (isUnknown(value)) {
        return { state: "unknown" };
    }
    if (value === undefined || value === null || value === "") {
        return { state: "unset" };
    }
    if (typeof value === "number") {
        return Number.isFinite(value) && value > 0 ? { state: "bounded", value: String(value) } : { state: "unbounded", value: String(value) };
    }
    if (typeof value === "string") {
        const m = quantityPattern.exec(value);
        if (m && Number(m[1]) > 0) {
            return { state: "bounded", value };
        }
        return { state: "unbounded", value };
    }
    return { state: "unbounded", value: JSON.stringify(value) ?? String(value) };
}

/** The options of a Docker tmpfs entry (`rw,noexec,size=64m`): its size and whether it is `ro`. */
export function parseTmpfsOptions(options: unknown): { readonly sizeLimit: SizeLimit; readonly readOnly: BooleanField } {
    if (isUnknown(options)) {
        return { sizeLimit: { state: "unknown" }, readOnly: { state: "unknown" } };
    }
    if (options === undefined || options === null) {
        return { sizeLimit: { state: "unset" }, readOnly: { state: "unset" } };
    }
    if (typeof options !== "string") {
        return { sizeLimit: { state: "unbounded", value: JSON.stringify(options) ?? String(options) }, readOnly: { state: "invalid", value: options } };
    }
    const parts = options.split(",").map((p) => p.trim());
    let sizeLimit: SizeLimit = { state: "unset" };
    let readOnly: BooleanField = { state: "unset" };
    for (const part of parts) {
        if (part.toLowerCase().startsWith("size=")) {
            sizeLimit = sizeFromQuantity(part.slice("size=".length));
        } else if (part === "ro") {
            readOnly = { state: "true" };
        } else if (part === "rw") {
            readOnly = { state: "false" };
        }
    }
    return { sizeLimit, readOnly };
}

// ---------------------------------------------------------------------------------------------
// Kubernetes

const configurationSources = ["configMap", "secret", "projected", "downwardAPI"];

interface PodVolumes {
    /** Volumes by name, with their index; undefined when the list is unknown. */
    readonly byName?: ReadonlyMap<string, { readonly index: number; readonly volume: unknown }>;
    /** Some entry or name is unknown: a name not found may be that one. */
    readonly incomplete: boolean;
    readonly listPath: PropertyPath;
}

const podVolumesCache = new WeakMap<WorkloadView, PodVolumes>();

function podVolumesOf(view: WorkloadView): PodVolumes {
    const cached = podVolumesCache.get(view);
    if (cached) {
        return cached;
    }
    const listPath = [...view.specPath, "volumes"];
    const list = fieldAt(view.props, listPath);
    let result: PodVolumes;
    if (isUnknown(list)) {
        result = { incomplete: true, listPath };
    } else {
        const byName = new Map<string, { index: number; volume: unknown }>();
        let incomplete = false;
        (asArray(list) ?? []).forEach((entry, index) => {
            const name = field(entry, "name");
            if (isUnknown(plain(entry)) || isUnknown(name)) {
                incomplete = true;
                return;
            }
            const n = asString(name);
            if (n !== undefined && !byName.has(n)) {
                byName.set(n, { index, volume: entry });
            }
        });
        result = { byName, incomplete, listPath };
    }
    podVolumesCache.set(view, result);
    return result;
}

function kubernetesBacking(volumes: PodVolumes, volumeName: unknown): MountBacking {
    if (isUnknown(volumeName) || !volumes.byName) {
        return { kind: "unknown" };
    }
    const name = asString(volumeName);
    if (name === undefined) {
        return { kind: "unresolved", volumeName: "" };
    }
    const found = volumes.byName.get(name);
    if (!found) {
        return volumes.incomplete ? { kind: "unknown" } : { kind: "unresolved", volumeName: name };
    }
    const volume = asRecord(found.volume);
    const volumePath = [...volumes.listPath, found.index];
    if (!volume) {
        return { kind: "unknown" };
    }
    const sources = Object.keys(volume).filter((k) => k !== "name" && field(volume, k) !== undefined && field(volume, k) !== null);
    if (sources.some((k) => isUnknown(field(volume, k)))) {
        return { kind: "unknown" };
    }
    if (sources.includes("emptyDir")) {
        const emptyDir = field(volume, "emptyDir");
        const medium = field(emptyDir, "medium");
        return {
            kind: "emptyDir",
            volumeName: name,
            emptyDirPath: [...volumePath, "emptyDir"],
            medium: isUnknown(medium) ? unknownValue : asString(medium),
            sizeLimit: sizeFromQuantity(field(emptyDir, "sizeLimit")),
        };
    }
    if (sources.includes("hostPath")) {
        const hostPath = fieldAt(volume, ["hostPath", "path"]);
        return {
            kind: "host",
            hostPath: isUnknown(hostPath) ? unknownValue : asString(hostPath),
            hostPathPath: [...volumePath, "hostPath", "path"],
            volumeName: name,
        };
    }
    const configuration = sources.find((k) => configurationSources.includes(k));
    if (configuration) {
        return { kind: "configuration", source: configuration, volumeName: name };
    }
    // A volume with no source is defaulted to an empty emptyDir by the API server: judge it as
    // the disk-backed emptyDir it becomes.
    if (sources.length === 0) {
        return { kind: "emptyDir", volumeName: name, emptyDirPath: [...volumePath, "emptyDir"], medium: undefined, sizeLimit: { state: "unset" } };
    }
    return { kind: "volume", source: sources[0], volumeName: name };
}

function kubernetesMounts(view: WorkloadView, container: ContainerView): ContainerMounts {
    const volumes = podVolumesOf(view);
    const mounts: MountView[] = [];
    const unknownMounts: PropertyPath[] = [];
    mountEntries(container, "volumeMounts", "mountPath", (entry) => kubernetesBacking(volumes, field(entry, "name")), mounts, unknownMounts);
    return { mounts, unknownMounts };
}

// ---------------------------------------------------------------------------------------------
// Docker and Swarm

function dockerTmpfsMap(container: ContainerView, mounts: MountView[], unknownMounts: PropertyPath[]): void {
    const mapPath = [...container.path, "tmpfs"];
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
        const path = [...mapPath, key];
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
            const sizePath = [...path, "tmpfsOptions", "sizeBytes"];
            return { kind: "tmpfs", sizeLimit: sizeFromQuantity(fieldAt(entry, ["tmpfsOptions", "sizeBytes"])), sizePath, sizeField: "tmpfsOptions.sizeBytes" };
        }
        case "bind": {
            const source = field(entry, "source");
            return { kind: "host", hostPath: isUnknown(source) ? unknownValue : asString(source), hostPathPath: [...path, "source"] };
        }
        default:
            return { kind: "volume", source: asString(type) ?? "volume" };
    }
}

// Kubernetes `volumeMounts[]`, Docker `mounts[]` and `volumes[]`, Swarm `mounts[]`: the lists
// differ only in the key naming the target and in what backs an entry; the walk, and its care
// for unknowns, is the same.
function mountEntries(
    container: ContainerView,
    key: "volumeMounts" | "mounts" | "volumes",
    targetKey: "mountPath" | "target" | "containerPath",
    backingOf: (entry: unknown, path: PropertyPath) => MountBacking,
    mounts: MountView[],
    unknownMounts: PropertyPath[],
): void {
    const listPath = [...container.path, key];
    const list = field(container.spec, key);
    if (isUnknown(list)) {
        unknownMounts.push(listPath);
        return;
    }
    (asArray(list) ?? []).forEach((entry, index) => {
        const path = [...listPath, index];
        if (isUnknown(plain(entry))) {
            unknownMounts.push(path);
            return;
        }
        if (!asRecord(entry)) {
            return;
        }
        const target = field(entry, targetKey);
        mounts.push({
            path,
            target: isUnknown(target) ? unknownValue : asString(target),
            readOnly: booleanField(entry, ["readOnly"]),
            readOnlyPath: [...path, "readOnly"],
            backing: backingOf(entry, path),
        });
    });
}

function dockerVolumeBacking(entry: unknown, path: PropertyPath): MountBacking {
    const hostPath = field(entry, "hostPath");
    if (isUnknown(hostPath)) {
        return { kind: "host", hostPath: unknownValue, hostPathPath: [...path, "hostPath"] };
    }
    if (asString(hostPath) !== undefined && asString(hostPath) !== "") {
        return { kind: "host", hostPath: asString(hostPath), hostPathPath: [...path, "hostPath"] };
    }
    if (field(entry, "fromContainer") !== undefined) {
        return { kind: "volume", source: "fromContainer" };
    }
    const volumeName = field(entry, "volumeName");
    return { kind: "volume", source: "volume", volumeName: asString(volumeName) };
}

// Mounts per container view: two policies read them, and views are shared (see workloadOf).
const mountsByContainer = new WeakMap<ContainerView, ContainerMounts>();

/** Every mount of one container of a workload, with what backs it. Never throws. */
export function mountsOf(view: WorkloadView, container: ContainerView): ContainerMounts {
    let found = mountsByContainer.get(container);
    if (!found) {
        found = findMounts(view, container);
        mountsByContainer.set(container, found);
    }
    return found;
}

function findMounts(view: WorkloadView, container: ContainerView): ContainerMounts {
    if (view.platform === "kubernetes") {
        return kubernetesMounts(view, container);
    }
    const mounts: MountView[] = [];
    const unknownMounts: PropertyPath[] = [];
    if (view.platform === "docker") {
        dockerTmpfsMap(container, mounts, unknownMounts);
        mountEntries(container, "mounts", "target", dockerMountBacking, mounts, unknownMounts);
        mountEntries(container, "volumes", "containerPath", dockerVolumeBacking, mounts, unknownMounts);
    } else {
        mountEntries(container, "mounts", "target", dockerMountBacking, mounts, unknownMounts);
    }
    return { mounts, unknownMounts };
}
