// What each container mounts and what backs each mount: Kubernetes volumeMounts resolved against
// the pod's volumes, Docker `tmpfs` / `mounts[]` / `volumes[]`, Swarm `containerSpec.mounts[]`.
// This file holds the model and the parts every platform shares; each platform finds its own
// mounts (policy-pack/platforms/<platform>/mounts.ts), and `mountsOf` asks the platform.
// Every value that is unknown at preview stays distinguishable, so no verdict is drawn from one.
import { ContainerView } from "./model";
import { decodeKubernetesQuantity, maxInt64, parseTmpfsSize, SizeReading } from "./quantities";
import {
    asArray,
    asRecord,
    asString,
    BooleanField,
    booleanField,
    field,
    isUnknown,
    plain,
    PropertyPath,
    UnknownValue,
    unknownValue,
    pathWith,
} from "./values";

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
    /** How the size is written: `size=` in an options string, `tmpfsOptions.sizeBytes`, or a platform's own field. */
    readonly sizeField: string;
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
    /** How a Docker/Swarm mount reaches the host: a bind mount, or a `volumes[]` entry with a hostPath. */
    readonly form?: "bind mount" | "volume with hostPath" | "host volume";
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
export function sizeLimitOf(value: unknown, bounds: (size: string | number) => boolean): SizeLimit {
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
export const quantityBounds = (size: string | number): boolean => positive(decodeKubernetesQuantity(size));

/**
 * `tmpfsOptions.sizeBytes` of a Docker or Swarm mount: an int64 in the Docker API, so a whole
 * number; a string counts only when it is the digits of one.
 */
export const byteCountBounds = (size: string | number): boolean =>
    typeof size === "number"
        ? Number.isSafeInteger(size) && size > 0
        : /^[0-9]+$/.test(size) && BigInt(size) > 0n && BigInt(size) <= maxInt64;

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
        return {
            sizeLimit: { state: "unbounded", value: JSON.stringify(options) ?? String(options) },
            readOnly: { state: "invalid", value: options },
        };
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

// Kubernetes `volumeMounts[]`, Docker `mounts[]` and `volumes[]`, Swarm `mounts[]`: the lists
// differ only in the key naming the target and in what backs an entry; the walk, and its care
// for unknowns, is the same.
const readOnlyKey: PropertyPath = ["readOnly"];

export function mountEntries(
    container: ContainerView,
    key: string,
    targetKey: string,
    backingOf: (entry: unknown, path: PropertyPath) => MountBacking,
    mounts: MountView[],
    unknownMounts: PropertyPath[],
): void {
    const list = field(container.spec, key);
    if (isUnknown(list)) {
        unknownMounts.push(pathWith(container.path, key));
        return;
    }
    const entries = asArray(list);
    if (!entries || entries.length === 0) {
        return;
    }
    const listPath = pathWith(container.path, key);
    entries.forEach((entry, index) => {
        const path = pathWith(listPath, index);
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
            readOnly: booleanField(entry, readOnlyKey),
            readOnlyPath: pathWith(path, "readOnly"),
            backing: backingOf(entry, path),
        });
    });
}
