// Host mounts through the side door: a container mount that names something else of the stack
// which is a directory of the host. A Docker named volume whose local-driver options bind a host
// directory; a Kubernetes claim bound to a PersistentVolume that is a node directory (`hostPath`,
// `local`); Docker's `volumes[].fromContainer` (`--volumes-from`), which copies every mount of
// another container. No single resource shows these, so this joins the resources of a stack.
//
// Binding rules (what the PersistentVolume controller does, as far as a stack can show it):
// a claim is bound to a volume when the claim's `spec.volumeName` names the volume and the
// volume's `spec.claimRef` is unset or names that claim, or when the volume's `spec.claimRef`
// names the claim and the claim's `spec.volumeName` is unset or names the volume. A storage
// class alone binds nothing in particular (the controller picks any matching volume, or none):
// such a volume is reported as one the pack cannot attribute, not as a mount of any one pod.
// Any unknown (at preview) on the way makes a binding unknown: never a definite host mount.
import { MaybeKnownString, workloadNamespaceOf } from "./configRefs";
import { workloadOf } from "./index";
import { ContainerView, WorkloadView } from "./model";
import { HostBacking, MountView, VolumeReference } from "./mounts";
import { mountsOf } from "./mountsOf";
import { Dialect, platformOf } from "../platforms/registry";
import {
    dockerVolumeOf,
    DockerVolumeView,
    NodeDirectory,
    persistentVolumeClaimOf,
    PersistentVolumeClaimView,
    persistentVolumeOf,
    PersistentVolumeView,
} from "./storage";
import { BooleanField, field, isUnknown, PropertyPath } from "./values";
import { pushTo } from "./multiMap";

/** A resource of the stack (the shape of `@pulumi/policy`'s PolicyResource that matters here). */
export interface StackEntry {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly props: unknown;
    /** Who findings about it are written for (see WorkloadView.dialect). */
    readonly dialect?: Dialect;
}

/** One container of one workload of the stack. */
export interface ContainerInStack {
    readonly resource: StackEntry;
    readonly view: WorkloadView;
    readonly container: ContainerView;
}

/** A host directory and where it is written. */
export interface HostDirectory {
    readonly path: MaybeKnownString;
    /** Path of the directory in the props of `holder`. */
    readonly pathPath: PropertyPath;
    /** The resource whose props name the directory (the container, the volume, the PersistentVolume). */
    readonly holder: StackEntry;
}

/** How a mount of a container reaches a host directory. */
export type HostRoute =
    /** The mount itself is a host mount (a bind, a hostPath…): what the resource part judges. */
    | { readonly kind: "own"; readonly backing: HostBacking }
    /** A Docker named volume whose local-driver options bind a host directory. */
    | { readonly kind: "dockerVolume"; readonly volume: DockerVolumeView; readonly volumeResource: StackEntry }
    /** A claim bound to a PersistentVolume that is a node directory. */
    | {
          readonly kind: "claim";
          readonly claim: PersistentVolumeClaimView;
          readonly claimNamespace: string;
          readonly volume: PersistentVolumeView;
          readonly volumeResource: StackEntry;
          readonly directory: NodeDirectory;
          /** Which side of the binding names the other. */
          readonly by: "volumeName" | "claimRef";
      }
    /** A claim template (ephemeral volume, StatefulSet) whose claims are bound to such a PersistentVolume. */
    | {
          readonly kind: "claimTemplate";
          readonly volume: PersistentVolumeView;
          readonly volumeResource: StackEntry;
          readonly directory: NodeDirectory;
          readonly by: "volumeName" | "claimRef";
          /** The claim the volume's claimRef names, when bound that way. */
          readonly claimName?: string;
      };

/** A writable mount of a container that reaches a host directory. */
export interface ReachedHostMount {
    /** The container whose own props hold the mount. */
    readonly owner: ContainerInStack;
    readonly mount: MountView;
    readonly directory: HostDirectory;
    readonly route: HostRoute;
}

/**
 * A mount of a container that reaches a host directory only through the stack: the container
 * mounts a named volume, a claim or another container's mounts, and that is a host directory.
 */
export interface SideDoorMount extends ContainerInStack {
    /** The container's own mount entry (a volume mount, a claim mount, a `fromContainer` entry). */
    readonly mount: MountView;
    /** More read-only switches besides `mount.readOnly` (a claim volume's `persistentVolumeClaim.readOnly`). */
    readonly alsoReadOnly?: { readonly state: BooleanField; readonly path: PropertyPath };
    /** The host mount reached: this container's own mount, or (volumes-from) the owner's. */
    readonly reached: ReachedHostMount;
    /** Volumes-from: the containers whose mounts are copied, from the one this container names to the owner. */
    readonly volumesFrom?: readonly ContainerInStack[];
}

/** What the stack does not let the pack decide (reported as advisory, never as mandatory). */
export type SideDoorBlindSpot =
    | {
          /** A writable mount of a Docker volume whose name is unknown at preview, with bind volumes in the stack. */
          readonly kind: "volumeNameUnknown";
          readonly consumer: ContainerInStack;
          readonly mount: MountView;
          readonly namePath: PropertyPath;
          readonly candidates: ReadonlyArray<{ readonly volume: DockerVolumeView; readonly resource: StackEntry }>;
      }
    | {
          /** A writable mount of a Docker volume whose driver or options are unknown at preview. */
          readonly kind: "volumeOptionsUnknown";
          readonly consumer: ContainerInStack;
          readonly mount: MountView;
          readonly volume: DockerVolumeView;
          readonly resource: StackEntry;
      }
    | {
          /** A writable claim mount whose claim name is unknown at preview, with claims bound to node directories in the stack. */
          readonly kind: "claimNameUnknown";
          readonly consumer: ContainerInStack;
          readonly mount: MountView;
          readonly claimNamePath: PropertyPath;
          readonly candidates: ReadonlyArray<{ readonly claim: PersistentVolumeClaimView; readonly volume: PersistentVolumeView }>;
      }
    | {
          /** Writable volumes-from a container that is not in the stack: its mounts cannot be seen. */
          readonly kind: "volumesFromOutside";
          readonly consumer: ContainerInStack;
          readonly mount: MountView;
          readonly containerName: string;
          readonly path: PropertyPath;
      }
    | {
          /** Writable volumes-from a container whose name is unknown at preview. */
          readonly kind: "volumesFromUnknown";
          readonly consumer: ContainerInStack;
          readonly mount: MountView;
          readonly path: PropertyPath;
      }
    | {
          /** A PersistentVolume on a node directory that no claim of the stack is known to be bound to. */
          readonly kind: "nodeVolumeUnattributed";
          readonly volume: PersistentVolumeView;
          readonly resource: StackEntry;
          readonly directory: NodeDirectory;
          readonly why: NodeVolumeUnattributed;
      };

/** Why a node-directory PersistentVolume cannot be attributed to the pods that mount it. */
export type NodeVolumeUnattributed =
    /** Something that decides the binding is unknown at preview (`what` says which field). */
    | { readonly kind: "unknown"; readonly what: string }
    /** Its claimRef names a claim that is not in the stack. */
    | { readonly kind: "claimOutside"; readonly namespace: string; readonly name: string }
    /** Nothing names it: any claim of its storage class can bind it. */
    | {
          readonly kind: "unclaimed";
          readonly storageClassName: string;
          /** How many claims of the stack could be bound to it. */
          readonly candidateCount: number;
          /** A few of them (those mounted writable first). */
          readonly candidates: ReadonlyArray<{
              readonly claim: PersistentVolumeClaimView;
              readonly namespace: string;
              readonly writableBy: readonly WorkloadView[];
          }>;
      };

/** Everything the stack view finds. */
export interface StackHostMounts {
    readonly sideDoors: readonly SideDoorMount[];
    readonly blindSpots: readonly SideDoorBlindSpot[];
}

/** How names are resolved in the stack. */
export interface SideDoorOptions {
    /** The namespace of Kubernetes objects that set none (the provider's default namespace). */
    readonly defaultNamespace: string;
}

// ---------------------------------------------------------------------------------------------
// Names

// Pulumi auto-names an object without a name `<resource name>-<hex suffix>`: 8 hex digits for
// Kubernetes objects, 7 for most other providers.
const autoNameSuffix = /-[0-9a-f]{7,8}$/;

/** Items by scope (namespace) and name; an item without a name is found by its resource name. */
class NameIndex<T> {
    private readonly named = new Map<string, T[]>();
    private readonly autoNamed = new Map<string, T[]>();

    /** False when the item's name is unknown at preview: no reference can be matched to it. */
    add(scope: string, name: MaybeKnownString, resourceName: string, item: T): boolean {
        if (isUnknown(name)) {
            return false;
        }
        if (name !== undefined && name !== "") {
            pushTo(this.named, key(scope, name), item);
        } else {
            pushTo(this.autoNamed, key(scope, resourceName), item);
        }
        return true;
    }

    lookup(scope: string, name: string): readonly T[] {
        const exact = this.named.get(key(scope, name));
        if (exact) {
            return exact;
        }
        const byResourceName = this.autoNamed.get(key(scope, name));
        if (byResourceName) {
            return byResourceName;
        }
        return autoNameSuffix.test(name) ? (this.autoNamed.get(key(scope, name.replace(autoNameSuffix, ""))) ?? []) : [];
    }
}

function key(scope: string, name: string): string {
    return `${scope}\u0000${name}`;
}

function known(value: MaybeKnownString): value is string {
    return typeof value === "string" && !isUnknown(value) && value !== "";
}

/** Known to be writable: readOnly unset, false or not a boolean. Unknown is not known. */
function knownWritable(state: BooleanField): boolean {
    return state.state === "unset" || state.state === "false" || state.state === "invalid";
}

// ---------------------------------------------------------------------------------------------
// The stack

interface Indexed<V> {
    readonly view: V;
    readonly resource: StackEntry;
}

interface ClaimEntry extends Indexed<PersistentVolumeClaimView> {
    readonly namespace: string;
}

interface VolumeEntry extends Indexed<PersistentVolumeView> {
    readonly directory: NodeDirectory | undefined | "unknown";
}

interface Binding {
    readonly volume: VolumeEntry;
    readonly by: "volumeName" | "claimRef";
}

/** The stack's storage and containers, indexed once. */
class Stack {
    readonly containers: ContainerInStack[] = [];
    readonly dockerVolumes = new NameIndex<Indexed<DockerVolumeView>>();
    readonly allDockerVolumes: Array<Indexed<DockerVolumeView>> = [];
    readonly dockerContainers = new NameIndex<ContainerInStack>();
    readonly claims = new NameIndex<ClaimEntry>();
    readonly allClaims: ClaimEntry[] = [];
    /** Claims whose name or namespace is unknown: a claimRef that finds nothing may name one. */
    unknownClaims = 0;
    readonly volumes = new NameIndex<VolumeEntry>();
    readonly allVolumes: VolumeEntry[] = [];

    constructor(
        resources: readonly StackEntry[],
        readonly options: SideDoorOptions,
    ) {
        for (const resource of resources) {
            this.add(resource);
        }
    }

    private add(resource: StackEntry): void {
        const { type, name, props } = resource;
        const dockerVolume = dockerVolumeOf(type, props, name);
        if (dockerVolume) {
            const entry = { view: dockerVolume, resource };
            this.allDockerVolumes.push(entry);
            this.dockerVolumes.add("", dockerVolume.name, dockerVolume.resourceName, entry);
            return;
        }
        const pv = persistentVolumeOf(type, props, name);
        if (pv) {
            const entry: VolumeEntry = { view: pv, resource, directory: pv.directory };
            this.allVolumes.push(entry);
            this.volumes.add("", pv.name, pv.resourceName, entry);
            return;
        }
        const pvc = persistentVolumeClaimOf(type, props, name);
        if (pvc) {
            const claimNamespace = pvc.namespace;
            if (isUnknown(claimNamespace)) {
                this.unknownClaims++;
                return;
            }
            const entry: ClaimEntry = { view: pvc, resource, namespace: this.namespaceOr(claimNamespace) };
            this.allClaims.push(entry);
            if (!this.claims.add(entry.namespace, pvc.name, pvc.resourceName, entry)) {
                this.unknownClaims++;
            }
            return;
        }
        const view = workloadOf(type, props, name, resource.dialect);
        if (!view) {
            return;
        }
        for (const container of view.containers) {
            const c: ContainerInStack = { resource, view, container };
            this.containers.push(c);
            const referenceName = platformOf(view).referenceName;
            if (referenceName) {
                this.dockerContainers.add("", referenceName(view), view.resourceName, c);
            }
        }
    }

    /** The namespace an object lands in (callers rule out unknown namespaces first). */
    namespaceOr(namespace: MaybeKnownString): string {
        return known(namespace) ? namespace : this.options.defaultNamespace;
    }

    // --- Kubernetes bindings ---------------------------------------------------------------

    private readonly bindingsOfClaim = new Map<ClaimEntry, Binding[]>();

    /** The volumes a claim is known to be bound to. */
    bindings(claim: ClaimEntry): readonly Binding[] {
        let found = this.bindingsOfClaim.get(claim);
        if (!found) {
            found = this.computeBindings(claim);
            this.bindingsOfClaim.set(claim, found);
        }
        return found;
    }

    private computeBindings(claim: ClaimEntry): Binding[] {
        const volumeName = claim.view.volumeName;
        if (isUnknown(volumeName)) {
            return [];
        }
        if (known(volumeName)) {
            return this.volumes
                .lookup("", volumeName)
                .filter((v) => this.claimRefAdmits(v, claim) === true)
                .map((volume) => ({ volume, by: "volumeName" as const }));
        }
        // No volumeName: bound to the volumes whose claimRef names it.
        return (this.claimRefsByClaim().get(claim) ?? []).map((volume) => ({ volume, by: "claimRef" as const }));
    }

    private claimRefIndex?: Map<ClaimEntry, VolumeEntry[]>;

    /** The volumes whose (known) claimRef names each claim: one pass over the volumes. */
    private claimRefsByClaim(): Map<ClaimEntry, VolumeEntry[]> {
        if (!this.claimRefIndex) {
            this.claimRefIndex = new Map();
            for (const volume of this.allVolumes) {
                const ref = volume.view.claimRef;
                if (ref === undefined || ref === "unknown" || !known(ref.name) || isUnknown(ref.namespace)) {
                    continue;
                }
                for (const claim of this.claims.lookup(this.namespaceOr(ref.namespace), ref.name)) {
                    pushTo(this.claimRefIndex, claim, volume);
                }
            }
        }
        return this.claimRefIndex;
    }

    /** Whether a volume's claimRef lets this claim bind it: unset, or naming the claim. Undefined when unknown. */
    private claimRefAdmits(volume: VolumeEntry, claim: ClaimEntry): boolean | undefined {
        return volume.view.claimRef === undefined ? true : this.claimRefNames(volume, claim);
    }

    /** Whether a volume's claimRef names this claim; undefined when it is unknown. */
    private claimRefNames(volume: VolumeEntry, claim: ClaimEntry): boolean | undefined {
        const ref = volume.view.claimRef;
        if (ref === undefined) {
            return false;
        }
        if (ref === "unknown" || isUnknown(ref.name) || isUnknown(ref.namespace)) {
            return undefined;
        }
        if (!known(ref.name)) {
            return false;
        }
        return this.claims.lookup(this.namespaceOr(ref.namespace), ref.name).includes(claim);
    }

    private reachableKinds?: ReadonlySet<VolumeReference["kind"]>;

    /**
     * The kinds of mount reference that can lead somewhere in this stack: a Docker volume only
     * with a Docker volume in it, a claim (or claim template) only with a PersistentVolume that is
     * a node directory, another container's volumes always (one the stack does not hold is a blind
     * spot).
     */
    reaches(kind: VolumeReference["kind"]): boolean {
        if (!this.reachableKinds) {
            const kinds = new Set<VolumeReference["kind"]>(["fromContainer"]);
            if (this.allDockerVolumes.length > 0) {
                kinds.add("dockerVolume");
            }
            if (this.allVolumes.some((v) => nodeDirectoryOf(v))) {
                kinds.add("claim");
                kinds.add("claimTemplate");
            }
            this.reachableKinds = kinds;
        }
        return this.reachableKinds.has(kind);
    }

    /** Whether a volume is the one a name (a claim's or a template's volumeName) asks for. */
    volumeNamed(name: string, volume: VolumeEntry): boolean {
        return this.volumes.lookup("", name).includes(volume);
    }
}

// ---------------------------------------------------------------------------------------------
// Routes from one container mount

function nodeDirectoryOf(entry: VolumeEntry): NodeDirectory | undefined {
    return typeof entry.directory === "object" ? entry.directory : undefined;
}

function hostDirectoryOfVolume(entry: VolumeEntry, directory: NodeDirectory): HostDirectory {
    return { path: directory.path, pathPath: directory.pathPath, holder: entry.resource };
}

/** The host directories a Kubernetes claim or claim-template mount reaches through the stack. */
function claimRoutes(stack: Stack, c: ContainerInStack, reference: VolumeReference): Array<{ directory: HostDirectory; route: HostRoute }> {
    const out: Array<{ directory: HostDirectory; route: HostRoute }> = [];
    const podNamespace = workloadNamespaceOf(c.view);
    if (isUnknown(podNamespace)) {
        return out;
    }
    const namespace = stack.namespaceOr(podNamespace);
    if (reference.kind === "claim") {
        if (!known(reference.claimName)) {
            return out;
        }
        for (const claim of stack.claims.lookup(namespace, reference.claimName)) {
            for (const binding of stack.bindings(claim)) {
                const directory = nodeDirectoryOf(binding.volume);
                if (directory) {
                    out.push({
                        directory: hostDirectoryOfVolume(binding.volume, directory),
                        route: {
                            kind: "claim",
                            claim: claim.view,
                            claimNamespace: claim.namespace,
                            volume: binding.volume.view,
                            volumeResource: binding.volume.resource,
                            directory,
                            by: binding.by,
                        },
                    });
                }
            }
        }
        return out;
    }
    if (reference.kind !== "claimTemplate" || isUnknown(reference.volumeName)) {
        return out;
    }
    if (known(reference.volumeName)) {
        for (const volume of stack.volumes.lookup("", reference.volumeName)) {
            const directory = nodeDirectoryOf(volume);
            const ref = volume.view.claimRef;
            const admits =
                ref === undefined ||
                (reference.template === "statefulSet" &&
                    claimRefMatchesTemplate(stack, ref, c.view, reference.templateName, namespace) !== undefined);
            if (directory && admits) {
                out.push({
                    directory: hostDirectoryOfVolume(volume, directory),
                    route: { kind: "claimTemplate", volume: volume.view, volumeResource: volume.resource, directory, by: "volumeName" },
                });
            }
        }
        return out;
    }
    if (reference.template === "statefulSet") {
        for (const volume of stack.allVolumes) {
            const directory = nodeDirectoryOf(volume);
            const ref = volume.view.claimRef;
            const claimName =
                ref === undefined ? undefined : claimRefMatchesTemplate(stack, ref, c.view, reference.templateName, namespace);
            if (directory && claimName !== undefined) {
                out.push({
                    directory: hostDirectoryOfVolume(volume, directory),
                    route: {
                        kind: "claimTemplate",
                        volume: volume.view,
                        volumeResource: volume.resource,
                        directory,
                        by: "claimRef",
                        claimName,
                    },
                });
            }
        }
    }
    return out;
}

// The StatefulSet controller names each claim `<template>-<statefulset>-<ordinal>`.
function claimRefMatchesTemplate(
    stack: Stack,
    ref: PersistentVolumeView["claimRef"],
    view: WorkloadView,
    templateName: string | undefined,
    namespace: string,
): string | undefined {
    if (ref === undefined || ref === "unknown" || !known(ref.name) || isUnknown(ref.namespace) || templateName === undefined) {
        return undefined;
    }
    const setName = field(field(view.props, "metadata"), "name");
    if (typeof setName !== "string" || isUnknown(setName) || stack.namespaceOr(ref.namespace) !== namespace) {
        return undefined;
    }
    return ref.name.startsWith(`${templateName}-${setName}-`) && /^\d+$/.test(ref.name.slice(templateName.length + setName.length + 2))
        ? ref.name
        : undefined;
}

/** The host directories a Docker named-volume mount reaches through the stack. */
function dockerVolumeRoutes(stack: Stack, name: string): Array<{ directory: HostDirectory; route: HostRoute }> {
    const out: Array<{ directory: HostDirectory; route: HostRoute }> = [];
    for (const entry of stack.dockerVolumes.lookup("", name)) {
        const local = entry.view.local;
        if (local.kind === "bind" && !local.readOnly) {
            out.push({
                directory: { path: local.device, pathPath: local.devicePath, holder: entry.resource },
                route: { kind: "dockerVolume", volume: entry.view, volumeResource: entry.resource },
            });
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// The join

const maxVolumesFromDepth = 32;
/** How many candidates a blind spot describes (messages show a few and count the rest). */
const maxCandidates = 3;

class Join {
    readonly sideDoors: SideDoorMount[] = [];
    readonly blindSpots: SideDoorBlindSpot[] = [];
    private readonly reachCache = new Map<ContainerInStack, ReachedWithChain[]>();

    constructor(private readonly stack: Stack) {}

    run(): StackHostMounts {
        for (const c of this.stack.containers) {
            this.container(c);
        }
        this.nodeVolumes();
        return { sideDoors: this.sideDoors, blindSpots: this.blindSpots };
    }

    private container(c: ContainerInStack): void {
        // Most stacks hold no volume a mount could reach: then a container's mounts are not read
        // (building them is most of the join's cost in a large stack).
        if (!platformOf(c.view).mountReferences?.some((kind) => this.stack.reaches(kind))) {
            return;
        }
        for (const mount of mountsOf(c.view, c.container).mounts) {
            const backing = mount.backing;
            if (backing.kind !== "volume" || !backing.reference) {
                continue;
            }
            const reference = backing.reference;
            switch (reference.kind) {
                case "dockerVolume":
                    this.dockerVolumeMount(c, mount, reference);
                    break;
                case "claim":
                case "claimTemplate":
                    this.claimMount(c, mount, reference);
                    break;
                case "fromContainer":
                    this.volumesFrom(c, mount, reference);
                    break;
            }
        }
    }

    private dockerVolumeMount(c: ContainerInStack, mount: MountView, reference: Extract<VolumeReference, { kind: "dockerVolume" }>): void {
        if (isUnknown(reference.name)) {
            const candidates = this.bindVolumes();
            if (candidates.length > 0 && knownWritable(mount.readOnly)) {
                this.blindSpots.push({ kind: "volumeNameUnknown", consumer: c, mount, namePath: reference.namePath, candidates });
            }
            return;
        }
        if (!known(reference.name)) {
            return;
        }
        for (const { directory, route } of dockerVolumeRoutes(this.stack, reference.name)) {
            this.sideDoors.push({ ...c, mount, reached: { owner: c, mount, directory, route } });
        }
        for (const entry of this.stack.dockerVolumes.lookup("", reference.name)) {
            if (entry.view.local.kind === "unknown" && knownWritable(mount.readOnly)) {
                this.blindSpots.push({ kind: "volumeOptionsUnknown", consumer: c, mount, volume: entry.view, resource: entry.resource });
            }
        }
    }

    private bindVolumesCache?: Array<{ volume: DockerVolumeView; resource: StackEntry }>;

    private bindVolumes(): Array<{ volume: DockerVolumeView; resource: StackEntry }> {
        this.bindVolumesCache ??= this.stack.allDockerVolumes
            .filter((v) => v.view.local.kind === "bind" && !v.view.local.readOnly)
            .map((v) => ({ volume: v.view, resource: v.resource }));
        return this.bindVolumesCache;
    }

    private claimMount(
        c: ContainerInStack,
        mount: MountView,
        reference: Extract<VolumeReference, { kind: "claim" | "claimTemplate" }>,
    ): void {
        const alsoReadOnly = reference.kind === "claim" ? { state: reference.claimReadOnly, path: reference.claimReadOnlyPath } : undefined;
        if (reference.kind === "claim" && isUnknown(reference.claimName)) {
            const candidates = this.boundNodeClaims();
            if (candidates.length > 0 && knownWritable(mount.readOnly) && alsoReadOnly !== undefined && knownWritable(alsoReadOnly.state)) {
                this.blindSpots.push({ kind: "claimNameUnknown", consumer: c, mount, claimNamePath: reference.claimNamePath, candidates });
            }
            return;
        }
        for (const { directory, route } of claimRoutes(this.stack, c, reference)) {
            this.sideDoors.push({ ...c, mount, alsoReadOnly, reached: { owner: c, mount, directory, route } });
        }
    }

    private boundNodeCache?: Array<{ claim: PersistentVolumeClaimView; volume: PersistentVolumeView }>;

    private boundNodeClaims(): Array<{ claim: PersistentVolumeClaimView; volume: PersistentVolumeView }> {
        if (!this.boundNodeCache) {
            this.boundNodeCache = [];
            for (const claim of this.stack.allClaims) {
                for (const b of this.stack.bindings(claim)) {
                    if (nodeDirectoryOf(b.volume)) {
                        this.boundNodeCache.push({ claim: claim.view, volume: b.volume.view });
                    }
                }
            }
        }
        return this.boundNodeCache;
    }

    private volumesFrom(c: ContainerInStack, mount: MountView, reference: Extract<VolumeReference, { kind: "fromContainer" }>): void {
        // `readOnly` on the entry makes every copied mount read-only (`--volumes-from name:ro`).
        if (!knownWritable(mount.readOnly)) {
            return;
        }
        if (isUnknown(reference.container)) {
            this.blindSpots.push({ kind: "volumesFromUnknown", consumer: c, mount, path: reference.containerPath });
            return;
        }
        if (!known(reference.container)) {
            return;
        }
        const sources = this.stack.dockerContainers.lookup("", reference.container);
        if (sources.length === 0) {
            this.blindSpots.push({
                kind: "volumesFromOutside",
                consumer: c,
                mount,
                containerName: reference.container,
                path: reference.containerPath,
            });
            return;
        }
        for (const source of sources) {
            if (source === c) {
                continue;
            }
            for (const r of this.reach(source, new Set([c]))) {
                this.sideDoors.push({ ...c, mount, reached: r.reached, volumesFrom: [source, ...r.chain] });
            }
        }
    }

    /**
     * Every writable host mount a container has: its own, those through the stack, and those it
     * copies from other containers, recursively. `visiting` cuts cycles of volumes-from.
     */
    private reach(c: ContainerInStack, visiting: Set<ContainerInStack>): ReachedWithChain[] {
        const cached = this.reachCache.get(c);
        if (cached) {
            return cached;
        }
        const result: ReachedWithChain[] = [];
        let cut = false;
        visiting.add(c);
        for (const mount of mountsOf(c.view, c.container).mounts) {
            if (!knownWritable(mount.readOnly)) {
                continue;
            }
            const backing = mount.backing;
            if (backing.kind === "host") {
                result.push({
                    reached: {
                        owner: c,
                        mount,
                        directory: { path: backing.hostPath, pathPath: backing.hostPathPath, holder: c.resource },
                        route: { kind: "own", backing },
                    },
                    chain: [],
                });
                continue;
            }
            if (backing.kind !== "volume" || !backing.reference) {
                continue;
            }
            const reference = backing.reference;
            if (reference.kind === "dockerVolume" && known(reference.name)) {
                for (const { directory, route } of dockerVolumeRoutes(this.stack, reference.name)) {
                    result.push({ reached: { owner: c, mount, directory, route }, chain: [] });
                }
            } else if (reference.kind === "fromContainer" && known(reference.container)) {
                for (const source of this.stack.dockerContainers.lookup("", reference.container)) {
                    if (visiting.has(source) || visiting.size > maxVolumesFromDepth) {
                        cut = true;
                        continue;
                    }
                    for (const r of this.reach(source, visiting)) {
                        result.push({ reached: r.reached, chain: [source, ...r.chain] });
                    }
                }
            }
        }
        visiting.delete(c);
        // A result cut short by a cycle depends on where the walk entered it: not reused.
        if (!cut) {
            this.reachCache.set(c, result);
        }
        return result;
    }

    /** Node-directory PersistentVolumes that no claim of the stack is known to be bound to. */
    private nodeVolumes(): void {
        if (!this.stack.allVolumes.some((v) => nodeDirectoryOf(v))) {
            return;
        }
        const attributed = this.attributedVolumes();
        for (const volume of this.stack.allVolumes) {
            const directory = nodeDirectoryOf(volume);
            if (!directory || attributed.has(volume.view)) {
                continue;
            }
            this.blindSpots.push({
                kind: "nodeVolumeUnattributed",
                volume: volume.view,
                resource: volume.resource,
                directory,
                why: this.whyUnattributed(volume),
            });
        }
    }

    /** The volumes a claim, or a claim template, of the stack is known to be bound to: one pass. */
    private attributedVolumes(): Set<PersistentVolumeView> {
        const attributed = new Set<PersistentVolumeView>();
        for (const claim of this.stack.allClaims) {
            for (const b of this.stack.bindings(claim)) {
                attributed.add(b.volume.view);
            }
        }
        for (const c of this.stack.containers) {
            for (const mount of mountsOf(c.view, c.container).mounts) {
                const reference = mount.backing.kind === "volume" ? mount.backing.reference : undefined;
                if (reference?.kind === "claimTemplate") {
                    for (const r of claimRoutes(this.stack, c, reference)) {
                        if (r.route.kind === "claimTemplate") {
                            attributed.add(r.route.volume);
                        }
                    }
                }
            }
        }
        return attributed;
    }

    /** A claim whose volumeName is unknown (null until looked for). */
    private unknownVolumeName: ClaimEntry | undefined | null = null;

    private whyUnattributed(volume: VolumeEntry): NodeVolumeUnattributed {
        const ref = volume.view.claimRef;
        if (ref === "unknown" || (ref !== undefined && (isUnknown(ref.name) || isUnknown(ref.namespace)))) {
            return { kind: "unknown", what: "its spec.claimRef" };
        }
        if (this.unknownVolumeName === null) {
            this.unknownVolumeName = this.stack.allClaims.find((claim) => isUnknown(claim.view.volumeName));
        }
        const unknownVolumeName = this.unknownVolumeName;
        if (ref !== undefined && known(ref.name)) {
            const namespace = this.stack.namespaceOr(ref.namespace);
            const claims = this.stack.claims.lookup(namespace, ref.name);
            if (claims.some((claim) => isUnknown(claim.view.volumeName))) {
                return { kind: "unknown", what: `the spec.volumeName of claim ${namespace}/${ref.name}` };
            }
            if (claims.length === 0 && this.stack.unknownClaims > 0) {
                return { kind: "unknown", what: "the name or namespace of a claim of this stack" };
            }
            return { kind: "claimOutside", namespace, name: ref.name };
        }
        if (isUnknown(volume.view.name)) {
            return { kind: "unknown", what: "its metadata.name" };
        }
        if (unknownVolumeName) {
            return { kind: "unknown", what: `the spec.volumeName of PersistentVolumeClaim "${claimLabel(unknownVolumeName.view)}"` };
        }
        const storageClassName = known(volume.view.storageClassName) ? volume.view.storageClassName : "";
        const claims = this.unnamedClaimsByClass().get(storageClassName) ?? [];
        // Claims mounted writable first: they are the ones that matter.
        const described = claims
            .slice(0, maxCandidates * 4)
            .map((claim) => ({ claim: claim.view, namespace: claim.namespace, writableBy: this.writableConsumers(claim) }));
        described.sort((a, b) => Number(b.writableBy.length > 0) - Number(a.writableBy.length > 0));
        return { kind: "unclaimed", storageClassName, candidates: described.slice(0, maxCandidates), candidateCount: claims.length };
    }

    private unnamedByClass?: Map<string, ClaimEntry[]>;

    /** Claims that name no volume, by the storage class they ask for ("" for none). */
    private unnamedClaimsByClass(): Map<string, ClaimEntry[]> {
        if (!this.unnamedByClass) {
            this.unnamedByClass = new Map();
            for (const claim of this.stack.allClaims) {
                if (claim.view.volumeName === undefined) {
                    pushTo(this.unnamedByClass, known(claim.view.storageClassName) ? claim.view.storageClassName : "", claim);
                }
            }
        }
        return this.unnamedByClass;
    }

    private consumersIndex?: Map<ClaimEntry, WorkloadView[]>;

    /** The workloads of the stack that mount a claim writable (indexed in one pass). */
    private writableConsumers(claim: ClaimEntry): WorkloadView[] {
        if (!this.consumersIndex) {
            const index = new Map<ClaimEntry, WorkloadView[]>();
            for (const c of this.stack.containers) {
                const ns = workloadNamespaceOf(c.view);
                if (isUnknown(ns)) {
                    continue;
                }
                const namespace = this.stack.namespaceOr(ns);
                for (const mount of mountsOf(c.view, c.container).mounts) {
                    const reference = mount.backing.kind === "volume" ? mount.backing.reference : undefined;
                    if (
                        reference?.kind !== "claim" ||
                        !known(reference.claimName) ||
                        !knownWritable(mount.readOnly) ||
                        !knownWritable(reference.claimReadOnly)
                    ) {
                        continue;
                    }
                    for (const entry of this.stack.claims.lookup(namespace, reference.claimName)) {
                        const list = index.get(entry) ?? [];
                        if (!list.includes(c.view)) {
                            list.push(c.view);
                        }
                        index.set(entry, list);
                    }
                }
            }
            this.consumersIndex = index;
        }
        return this.consumersIndex.get(claim) ?? [];
    }
}

interface ReachedWithChain {
    readonly reached: ReachedHostMount;
    /** The volumes-from chain from the container asked about to the owner (empty: its own mount). */
    readonly chain: readonly ContainerInStack[];
}

/** The name a claim is known by in messages. */
export function claimLabel(claim: PersistentVolumeClaimView): string {
    return known(claim.name) ? claim.name : claim.resourceName;
}

/** The name a PersistentVolume or Docker volume is known by in messages. */
export function storageLabel(view: { readonly name: MaybeKnownString; readonly resourceName: string }): string {
    return known(view.name) ? view.name : view.resourceName;
}

// The stack policies of one judgement get the same list (policy-pack/checks.ts): two of them read
// the join, which is then made once. The engine hands each stack policy its own list.
const joinedStacks = new WeakMap<readonly StackEntry[], { readonly defaultNamespace: string; readonly found: StackHostMounts }>();

/**
 * What the stack view finds: side-door host mounts and what it cannot decide. Never throws on
 * malformed props. The result is shared by the callers with the same list: it is read-only.
 */
export function stackHostMountsOf(resources: readonly StackEntry[], options: SideDoorOptions): StackHostMounts {
    const cached = joinedStacks.get(resources);
    if (cached && cached.defaultNamespace === options.defaultNamespace) {
        return cached.found;
    }
    const found = new Join(new Stack(resources, options)).run();
    joinedStacks.set(resources, { defaultNamespace: options.defaultNamespace, found });
    return found;
}
