// What each container mounts and what backs each mount: Kubernetes volumeMounts resolved against
// the pod's volumes, Docker `tmpfs` / `mounts[]` / `volumes[]`, Swarm `containerSpec.mounts[]`.
// Policies about writable paths and host mounts read this instead of walking props. Every value
// that is unknown at preview stays distinguishable, so no verdict is drawn from one.
import { localDriverVolume } from "./localDriver";
import { ContainerView, WorkloadView } from "./model";
import { decodeKubernetesQuantity, maxInt64, parseTmpfsSize, SizeReading } from "./quantities";
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
    /** Set when a Docker/Swarm `volume` mount binds the host through its local-driver options. */
    readonly via?: "volume driver options";
}

/**
 * What a mount names outside its own resource, for the stack view to resolve: a Kubernetes
 * PersistentVolumeClaim (and through it a PersistentVolume), a claim template that names a
 * PersistentVolume, a Docker named volume, or the container whose mounts Docker copies
 * (`volumes[].fromContainer`, i.e. `--volumes-from`).
 */
export type VolumeReference =
    | {
          readonly kind: "claim";
          /** The claim's name; unknown at preview when it is another resource's output. */
          readonly claimName: string | UnknownValue | undefined;
          readonly claimNamePath: PropertyPath;
          /** The pod volume's `persistentVolumeClaim.readOnly`: true makes every mount of it read-only. */
          readonly claimReadOnly: BooleanField;
          readonly claimReadOnlyPath: PropertyPath;
      }
    | {
          readonly kind: "claimTemplate";
          /** `ephemeral` (a pod volume's volumeClaimTemplate) or a StatefulSet's `volumeClaimTemplates[]`. */
          readonly template: "ephemeral" | "statefulSet";
          /** Path of the template in the props. */
          readonly templatePath: PropertyPath;
          /** The template's name (StatefulSet), which starts the name of each claim it makes. */
          readonly templateName?: string;
          /** The template's `spec.volumeName`: the PersistentVolume every claim it makes asks for. */
          readonly volumeName: string | UnknownValue | undefined;
          readonly volumeNamePath: PropertyPath;
      }
    | { readonly kind: "dockerVolume"; readonly name: string | UnknownValue | undefined; readonly namePath: PropertyPath }
    | { readonly kind: "fromContainer"; readonly container: string | UnknownValue | undefined; readonly containerPath: PropertyPath };

/** What backs a mount. */
export type MountBacking =
    | EmptyDirBacking
    | TmpfsBacking
    | HostBacking
    /** ConfigMap, Secret, projected or downwardAPI volume (the kubelet mounts these read-only). */
    | { readonly kind: "configuration"; readonly source: string; readonly volumeName: string }
    /** Anything else that stores data: a PVC, a named or anonymous Docker volume, csi, nfs… */
    | { readonly kind: "volume"; readonly source: string; readonly volumeName?: string; readonly reference?: VolumeReference }
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
// Sizes, each read in the grammar of the platform that acts on it (./quantities.ts). A size bounds
// a mount when the platform reads it as a positive size: 0 is "no limit" to kubelet and to tmpfs.

function sizeText(value: unknown): string {
    return typeof value === "string" ? value : typeof value === "number" ? String(value) : (JSON.stringify(value) ?? String(value));
}

/** A size limit judged by `bounds`, which says whether the platform reads a text or number as a positive size. */
function sizeLimitOf(value: unknown, bounds: (size: string | number) => boolean): SizeLimit {
    if (isUnknown(value)) {
        return { state: "unknown" };
    }
    if (value === undefined || value === null || value === "") {
        return { state: "unset" };
    }
    const boundsIt = (typeof value === "string" || typeof value === "number") && bounds(value);
    return { state: boundsIt ? "bounded" : "unbounded", value: sizeText(value) };
}

const positive = (r: SizeReading): boolean => r.ok && r.bytes > 0n;

/** Kubernetes `emptyDir.sizeLimit`: a resource.Quantity, as the API server decodes it. */
const quantityBounds = (size: string | number): boolean => positive(decodeKubernetesQuantity(size));

/**
 * `tmpfsOptions.sizeBytes` of a Docker or Swarm mount: an int64 in the Docker API, so a whole
 * number; a string counts only when it is the digits of one.
 */
const byteCountBounds = (size: string | number): boolean =>
    typeof size === "number" ? Number.isSafeInteger(size) && size > 0 : /^[0-9]+$/.test(size) && BigInt(size) > 0n && BigInt(size) <= maxInt64;

/** A tmpfs option `size=` value, as the kernel reads it (a percentage of memory bounds it too). */
function tmpfsOptionBounds(size: string): SizeLimit {
    const r = parseTmpfsSize(size);
    const boundsIt = r.ok && ("bytes" in r ? r.bytes > 0n : r.percentOfMemory > 0n);
    return { state: boundsIt ? "bounded" : "unbounded", value: size };
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
            // The kernel refuses an empty size=, so it is set, to nothing.
            sizeLimit = tmpfsOptionBounds(part.slice("size=".length));
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

/** A StatefulSet's `spec.volumeClaimTemplates`, by template name. */
interface ClaimTemplates {
    /** Undefined when the list is unknown at preview. */
    readonly byName?: ReadonlyMap<string, { readonly index: number; readonly template: unknown }>;
    /** Some entry or name is unknown: any volume name may be one of them. */
    readonly incomplete: boolean;
    readonly listPath: PropertyPath;
}

const claimTemplatesCache = new WeakMap<WorkloadView, ClaimTemplates | undefined>();

function claimTemplatesOf(view: WorkloadView): ClaimTemplates | undefined {
    if (claimTemplatesCache.has(view)) {
        return claimTemplatesCache.get(view);
    }
    let result: ClaimTemplates | undefined;
    if (view.kind === "StatefulSet") {
        const listPath: PropertyPath = ["spec", "volumeClaimTemplates"];
        const list = fieldAt(view.props, listPath);
        if (isUnknown(list)) {
            result = { incomplete: true, listPath };
        } else {
            const byName = new Map<string, { index: number; template: unknown }>();
            let incomplete = false;
            (asArray(list) ?? []).forEach((template, index) => {
                const name = fieldAt(template, ["metadata", "name"]);
                if (isUnknown(plain(template)) || isUnknown(name)) {
                    incomplete = true;
                    return;
                }
                const n = asString(name);
                if (n !== undefined && n !== "" && !byName.has(n)) {
                    byName.set(n, { index, template });
                }
            });
            result = byName.size > 0 || incomplete ? { byName, incomplete, listPath } : undefined;
        }
    }
    claimTemplatesCache.set(view, result);
    return result;
}

function claimTemplateBacking(templates: ClaimTemplates, name: string, found: { index: number; template: unknown }): MountBacking {
    const templatePath = [...templates.listPath, found.index];
    const volumeName = fieldAt(found.template, ["spec", "volumeName"]);
    return {
        kind: "volume",
        source: "volumeClaimTemplate",
        volumeName: name,
        reference: {
            kind: "claimTemplate",
            template: "statefulSet",
            templatePath,
            templateName: name,
            volumeName: isUnknown(volumeName) ? unknownValue : asString(volumeName),
            volumeNamePath: [...templatePath, "spec", "volumeName"],
        },
    };
}

function kubernetesBacking(volumes: PodVolumes, volumeName: unknown, templates?: ClaimTemplates): MountBacking {
    if (isUnknown(volumeName)) {
        return { kind: "unknown" };
    }
    const name = asString(volumeName);
    // The StatefulSet controller gives each pod a claim per template, as a pod volume of the
    // template's name that replaces any pod volume of that name.
    if (templates && name !== undefined) {
        const template = templates.byName?.get(name);
        if (template) {
            return claimTemplateBacking(templates, name, template);
        }
        if (!templates.byName || templates.incomplete) {
            return { kind: "unknown" };
        }
    }
    if (!volumes.byName) {
        return { kind: "unknown" };
    }
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
            sizeLimit: sizeLimitOf(field(emptyDir, "sizeLimit"), quantityBounds),
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
    return { kind: "volume", source: sources[0], volumeName: name, reference: claimReference(volume, volumePath, sources[0]) };
}

// A PersistentVolumeClaim, or an ephemeral volume's claim template, that the stack view can
// follow to a PersistentVolume.
function claimReference(volume: Record<string, unknown>, volumePath: PropertyPath, source: string): VolumeReference | undefined {
    if (source === "persistentVolumeClaim") {
        const claimName = fieldAt(volume, ["persistentVolumeClaim", "claimName"]);
        return {
            kind: "claim",
            claimName: isUnknown(claimName) ? unknownValue : asString(claimName),
            claimNamePath: [...volumePath, "persistentVolumeClaim", "claimName"],
            claimReadOnly: booleanField(volume, ["persistentVolumeClaim", "readOnly"]),
            claimReadOnlyPath: [...volumePath, "persistentVolumeClaim", "readOnly"],
        };
    }
    if (source === "ephemeral") {
        const templatePath = [...volumePath, "ephemeral", "volumeClaimTemplate"];
        const volumeName = fieldAt(volume, ["ephemeral", "volumeClaimTemplate", "spec", "volumeName"]);
        return {
            kind: "claimTemplate",
            template: "ephemeral",
            templatePath,
            volumeName: isUnknown(volumeName) ? unknownValue : asString(volumeName),
            volumeNamePath: [...templatePath, "spec", "volumeName"],
        };
    }
    return undefined;
}

function kubernetesMounts(view: WorkloadView, container: ContainerView): ContainerMounts {
    const volumes = podVolumesOf(view);
    const mounts: MountView[] = [];
    const unknownMounts: PropertyPath[] = [];
    const templates = claimTemplatesOf(view);
    mountEntries(container, "volumeMounts", "mountPath", (entry) => kubernetesBacking(volumes, field(entry, "name"), templates), mounts, unknownMounts);
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
            return { kind: "tmpfs", sizeLimit: sizeLimitOf(fieldAt(entry, ["tmpfsOptions", "sizeBytes"]), byteCountBounds), sizePath, sizeField: "tmpfsOptions.sizeBytes" };
        }
        case "bind": {
            const source = field(entry, "source");
            return { kind: "host", hostPath: isUnknown(source) ? unknownValue : asString(source), hostPathPath: [...path, "source"] };
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
    const optionsPath = [...path, "volumeOptions", "driverOptions"];
    const local = localDriverVolume(fieldAt(entry, ["volumeOptions", "driverName"]), fieldAt(entry, ["volumeOptions", "driverOptions"]), optionsPath);
    if (local.kind === "bind" && !local.readOnly) {
        return { kind: "host", hostPath: local.device, hostPathPath: local.devicePath, via: "volume driver options" };
    }
    const source = field(entry, "source");
    const name = isUnknown(source) ? unknownValue : asString(source);
    return {
        kind: "volume",
        source: "volume",
        volumeName: typeof name === "string" ? name : undefined,
        reference: name === undefined || name === "" ? undefined : { kind: "dockerVolume", name, namePath: [...path, "source"] },
    };
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
    const fromContainer = field(entry, "fromContainer");
    if (fromContainer !== undefined && fromContainer !== null && fromContainer !== "") {
        return {
            kind: "volume",
            source: "fromContainer",
            reference: { kind: "fromContainer", container: isUnknown(fromContainer) ? unknownValue : asString(fromContainer), containerPath: [...path, "fromContainer"] },
        };
    }
    const volumeName = field(entry, "volumeName");
    const name = isUnknown(volumeName) ? unknownValue : asString(volumeName);
    return {
        kind: "volume",
        source: "volume",
        volumeName: typeof name === "string" ? name : undefined,
        reference: name === undefined || name === "" ? undefined : { kind: "dockerVolume", name, namePath: [...path, "volumeName"] },
    };
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
