// Kubernetes mounts: each container's volumeMounts resolved against the pod's volumes (and a
// StatefulSet's volumeClaimTemplates), with what backs each one.
import { ContainerView, WorkloadView } from "../../workloads/model";
import {
    ContainerMounts,
    MountBacking,
    mountEntries,
    MountView,
    quantityBounds,
    sizeLimitOf,
    VolumeReference,
} from "../../workloads/mounts";
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
    pathWith,
} from "../../workloads/values";

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
    const listPath = pathWith(view.specPath, "volumes");
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
            volumeNamePath: pathWith(templatePath, "spec", "volumeName"),
        },
    };
}

/** What backs the pod volume `name` (a name that is not a string is undefined). */
function kubernetesBacking(volumes: PodVolumes, name: string | undefined, templates?: ClaimTemplates): MountBacking {
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
            emptyDirPath: pathWith(volumePath, "emptyDir"),
            medium: isUnknown(medium) ? unknownValue : asString(medium),
            sizeLimit: sizeLimitOf(field(emptyDir, "sizeLimit"), quantityBounds),
        };
    }
    if (sources.includes("hostPath")) {
        const hostPath = fieldAt(volume, ["hostPath", "path"]);
        return {
            kind: "host",
            hostPath: isUnknown(hostPath) ? unknownValue : asString(hostPath),
            hostPathPath: pathWith(volumePath, "hostPath", "path"),
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
        return {
            kind: "emptyDir",
            volumeName: name,
            emptyDirPath: pathWith(volumePath, "emptyDir"),
            medium: undefined,
            sizeLimit: { state: "unset" },
        };
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
            claimNamePath: pathWith(volumePath, "persistentVolumeClaim", "claimName"),
            claimReadOnly: booleanField(volume, ["persistentVolumeClaim", "readOnly"]),
            claimReadOnlyPath: pathWith(volumePath, "persistentVolumeClaim", "readOnly"),
        };
    }
    if (source === "ephemeral") {
        const templatePath = pathWith(volumePath, "ephemeral", "volumeClaimTemplate");
        const volumeName = fieldAt(volume, ["ephemeral", "volumeClaimTemplate", "spec", "volumeName"]);
        return {
            kind: "claimTemplate",
            template: "ephemeral",
            templatePath,
            volumeName: isUnknown(volumeName) ? unknownValue : asString(volumeName),
            volumeNamePath: pathWith(templatePath, "spec", "volumeName"),
        };
    }
    return undefined;
}

// What backs each volume name of a pod, kept per view: the containers of a pod mount the same
// volumes (an app and its sidecars share /tmp and the config), and a backing is read-only data,
// so each name is resolved once per pod rather than once per mount.
const backingsCache = new WeakMap<WorkloadView, Map<string | undefined, MountBacking>>();

function backingOfName(view: WorkloadView, volumeName: unknown): MountBacking {
    if (isUnknown(volumeName)) {
        return { kind: "unknown" };
    }
    const name = asString(volumeName);
    let byName = backingsCache.get(view);
    if (!byName) {
        byName = new Map();
        backingsCache.set(view, byName);
    }
    let backing = byName.get(name);
    if (!backing) {
        backing = kubernetesBacking(podVolumesOf(view), name, claimTemplatesOf(view));
        byName.set(name, backing);
    }
    return backing;
}

export function kubernetesMounts(view: WorkloadView, container: ContainerView): ContainerMounts {
    const mounts: MountView[] = [];
    const unknownMounts: PropertyPath[] = [];
    mountEntries(container, "volumeMounts", "mountPath", (entry) => backingOfName(view, field(entry, "name")), mounts, unknownMounts);
    return { mounts, unknownMounts };
}
