// Storage objects a container reaches through a name, not through its own props: Kubernetes
// PersistentVolumes (a `hostPath` or `local` one is a directory of a node) and the claims that bind
// them, and Docker named volumes (a `local` one with bind options is a directory of the host). The
// stack view (sideDoors.ts) joins them with the containers that mount them. Unknown-at-preview
// values stay apart from unset ones: an unset name means "auto-named", an unset namespace "the
// provider's default".
import { MaybeKnownString } from "./configRefs";
import { localDriverVolume, LocalDriverVolume } from "./localDriver";
import { asRecord, asString, field, fieldAt, isUnknown, plain, PropertyPath, unknownValue } from "./values";

/** Type token of a Kubernetes PersistentVolume. */
export const persistentVolumeType = "kubernetes:core/v1:PersistentVolume";
/** Type token of a Kubernetes PersistentVolumeClaim. */
export const persistentVolumeClaimType = "kubernetes:core/v1:PersistentVolumeClaim";
/** Type token of `docker.Volume`. */
export const dockerVolumeType = "docker:index/volume:Volume";

function maybeKnown(value: unknown): MaybeKnownString {
    return isUnknown(value) ? unknownValue : asString(value);
}

/** A directory of a node that a PersistentVolume is. */
export interface NodeDirectory {
    /** `hostPath` or `local`: how the PersistentVolume names it. */
    readonly source: "hostPath" | "local";
    /** The directory; unknown at preview when another resource computes it. */
    readonly path: MaybeKnownString;
    readonly pathPath: PropertyPath;
}

/** A claim reference as a PersistentVolume's `spec.claimRef` writes it. */
export interface ClaimRef {
    readonly namespace: MaybeKnownString;
    readonly name: MaybeKnownString;
}

/** A PersistentVolume of the stack. */
export interface PersistentVolumeView {
    readonly resourceName: string;
    /** `metadata.name`; undefined when unset (Pulumi auto-names it `<resourceName>-<suffix>`). */
    readonly name: MaybeKnownString;
    /** The node directory it is; undefined for other storage; "unknown" when its spec is unknown at preview. */
    readonly directory: NodeDirectory | undefined | "unknown";
    /** `spec.claimRef`; undefined when unset, "unknown" when unknown at preview. */
    readonly claimRef: ClaimRef | undefined | "unknown";
    /** `spec.storageClassName`; undefined when unset (the volume then binds claims asking for ""). */
    readonly storageClassName: MaybeKnownString;
}

function nodeDirectory(spec: unknown): NodeDirectory | undefined | "unknown" {
    if (isUnknown(spec)) {
        return "unknown";
    }
    for (const source of ["hostPath", "local"] as const) {
        const value = field(spec, source);
        if (isUnknown(value)) {
            return "unknown";
        }
        if (asRecord(value)) {
            return { source, path: maybeKnown(field(value, "path")), pathPath: ["spec", source, "path"] };
        }
    }
    return undefined;
}

function claimRefOf(spec: unknown): ClaimRef | undefined | "unknown" {
    const ref = field(spec, "claimRef");
    if (isUnknown(ref) || isUnknown(spec)) {
        return "unknown";
    }
    if (!asRecord(ref)) {
        return undefined;
    }
    return { namespace: maybeKnown(field(ref, "namespace")), name: maybeKnown(field(ref, "name")) };
}

/** The view of a PersistentVolume, or undefined for any other type. Never throws. */
export function persistentVolumeOf(typeToken: string, props: unknown, resourceName: string): PersistentVolumeView | undefined {
    if (typeToken !== persistentVolumeType || !asRecord(props)) {
        return undefined;
    }
    const spec = field(props, "spec");
    return {
        resourceName: typeof resourceName === "string" ? resourceName : "",
        name: maybeKnown(fieldAt(props, ["metadata", "name"])),
        directory: nodeDirectory(spec),
        claimRef: claimRefOf(spec),
        storageClassName: maybeKnown(fieldAt(props, ["spec", "storageClassName"])),
    };
}

/** A PersistentVolumeClaim of the stack. */
export interface PersistentVolumeClaimView {
    readonly resourceName: string;
    readonly name: MaybeKnownString;
    readonly namespace: MaybeKnownString;
    /** `spec.volumeName`: the PersistentVolume it asks for by name. */
    readonly volumeName: MaybeKnownString;
    readonly volumeNamePath: PropertyPath;
    readonly storageClassName: MaybeKnownString;
}

/** The view of a PersistentVolumeClaim, or undefined for any other type. Never throws. */
export function persistentVolumeClaimOf(typeToken: string, props: unknown, resourceName: string): PersistentVolumeClaimView | undefined {
    if (typeToken !== persistentVolumeClaimType || !asRecord(props)) {
        return undefined;
    }
    const volumeName = maybeKnown(fieldAt(props, ["spec", "volumeName"]));
    return {
        resourceName: typeof resourceName === "string" ? resourceName : "",
        name: maybeKnown(fieldAt(props, ["metadata", "name"])),
        namespace: maybeKnown(fieldAt(props, ["metadata", "namespace"])),
        // An empty volumeName asks for no volume in particular.
        volumeName: volumeName === "" ? undefined : volumeName,
        volumeNamePath: ["spec", "volumeName"],
        storageClassName: maybeKnown(fieldAt(props, ["spec", "storageClassName"])),
    };
}

/** A `docker.Volume` of the stack. */
export interface DockerVolumeView {
    readonly resourceName: string;
    /** `name`; undefined when unset (the provider generates one). */
    readonly name: MaybeKnownString;
    /** What its driver and driver options make of it. */
    readonly local: LocalDriverVolume;
}

/** The view of a `docker.Volume`, or undefined for any other type. Never throws. */
export function dockerVolumeOf(typeToken: string, props: unknown, resourceName: string): DockerVolumeView | undefined {
    if (typeToken !== dockerVolumeType || !asRecord(props)) {
        return undefined;
    }
    const name = maybeKnown(field(props, "name"));
    return {
        resourceName: typeof resourceName === "string" ? resourceName : "",
        name: name === "" ? undefined : name,
        local: localDriverVolume(field(props, "driver"), plain(field(props, "driverOpts")), ["driverOpts"]),
    };
}
