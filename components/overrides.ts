// The escape hatch, and the guarantee that survives it.
//
// Any field the arguments do not cover can still be set: as data (`podSpecOverrides`,
// `containerOverrides`, `workloadSpecOverrides`, each sidecar's `overrides`), merged into what the
// component built, or in TypeScript with `transform`, a function that receives the whole workload
// object. Both run BEFORE the component re-asserts immutability: every container's root filesystem
// read-only, no privileged mode nor SYS_ADMIN/ALL capability (which could remount it), every
// writable in-memory volume bounded, at most 5 of them per container, and no writable host path.
// An override that contradicts this is refused at construction, naming the field; fields it leaves
// unset are filled in (a sidecar added by an override is made read-only like the others).
import { Platform } from "./args";
import { Problem } from "./problem";
import { QuantityError, parseDockerBytes, parseKubernetesBytes } from "./quantities";

/* eslint-disable @typescript-eslint/no-explicit-any */

/** The escape-hatch arguments. */
export interface OverrideArgs {
    /**
     * Kubernetes: fields merged into the pod spec (e.g. `{ hostNetwork: true, dnsPolicy:
     * "ClusterFirstWithHostNet" }`). Objects merge key by key; lists of named objects (`containers`,
     * `volumes`, `env`, …) merge by `name`, other lists are replaced; `null` removes a field.
     * Applied before immutability is re-asserted: an override that makes a root filesystem writable,
     * an in-memory volume unbounded or a host path writable is refused.
     */
    podSpecOverrides?: Record<string, any>;
    /** Kubernetes: fields merged into the main container (e.g. `lifecycle`), as `podSpecOverrides` merges. */
    containerOverrides?: Record<string, any>;
    /** Kubernetes: fields merged into the controller's spec (e.g. `{ revisionHistoryLimit: 3 }`), outside the pod template. */
    workloadSpecOverrides?: Record<string, any>;
    /**
     * TypeScript only (not in the component package's schema): a function given the workload's
     * arguments as built — Kubernetes: the whole `{ apiVersion, kind, metadata, spec }` object;
     * Docker: the `docker.ContainerArgs`; Swarm: the `docker.ServiceArgs` — that changes them in place
     * or returns replacements. Applied after the data overrides and before immutability is
     * re-asserted. It is called twice (once to check, once to build), so it must not have side effects.
     */
    transform?: (workload: Record<string, any>) => Record<string, any> | void;
}

const isObject = (v: unknown): v is Record<string, any> => v !== null && typeof v === "object" && !Array.isArray(v) && !isOutputLike(v);

/** An Output or a Promise: its contents cannot be merged or checked at construction. */
function isOutputLike(v: unknown): boolean {
    return v !== null && typeof v === "object" && (typeof (v as any).apply === "function" || typeof (v as any).then === "function");
}

/**
 * `overrides` merged into `base` (neither is changed): objects key by key, lists whose items all
 * have a `name` by name, other lists replaced, `null` removes the key.
 */
export function mergeOverrides(base: any, overrides: any): any {
    if (overrides === undefined) {
        return base;
    }
    if (isObject(base) && isObject(overrides)) {
        const result: Record<string, any> = { ...base };
        for (const [key, value] of Object.entries(overrides)) {
            if (value === null) {
                delete result[key];
            } else {
                result[key] = mergeOverrides(base[key], value);
            }
        }
        return result;
    }
    const named = (list: unknown) => Array.isArray(list) && list.every((item) => isObject(item) && typeof item.name === "string");
    if (named(base) && named(overrides)) {
        const result = [...(base as any[])];
        for (const item of overrides as any[]) {
            const at = result.findIndex((b) => b.name === item.name);
            if (at >= 0) {
                result[at] = mergeOverrides(result[at], item);
            } else {
                result.push(item);
            }
        }
        return result;
    }
    return overrides;
}

/** Check that `value` (an override argument) is a plain object. */
export function checkOverrideObject(value: unknown, argument: string): Record<string, any> | undefined {
    if (value === undefined) {
        return undefined;
    }
    if (!isObject(value)) {
        throw new Problem(argument, "is not an object of fields; write e.g. { hostNetwork: true }");
    }
    return value;
}

/** Refuse Kubernetes-only overrides elsewhere; check `transform` is a function. */
export function resolveOverrides(platform: Platform, args: OverrideArgs): void {
    if (platform !== "kubernetes") {
        for (const field of ["podSpecOverrides", "containerOverrides", "workloadSpecOverrides"] as const) {
            if (args[field] !== undefined) {
                throw new Problem(
                    field,
                    `changes a Kubernetes object, which the ${platform} platform does not build; use transform, which receives the ${platform === "docker" ? "docker.ContainerArgs" : "docker.ServiceArgs"}`,
                );
            }
        }
    }
    checkOverrideObject(args.podSpecOverrides, "podSpecOverrides");
    checkOverrideObject(args.containerOverrides, "containerOverrides");
    checkOverrideObject(args.workloadSpecOverrides, "workloadSpecOverrides");
    if (args.transform !== undefined && typeof args.transform !== "function") {
        throw new Problem(
            "transform",
            "is not a function; give (workload) => { … } in TypeScript, or use podSpecOverrides / containerOverrides",
        );
    }
}

/** Run `transform` on a copy of `workload`; its result (or the changed copy) must still be an object. */
export function applyTransform(transform: OverrideArgs["transform"], workload: Record<string, any>): Record<string, any> {
    if (transform === undefined) {
        return workload;
    }
    const copy = structuredCloneInputs(workload);
    const returned = transform(copy);
    const result = returned === undefined ? copy : returned;
    if (!isObject(result)) {
        throw new Problem(
            "transform",
            "returned something that is not an object; return the workload (or nothing, after changing it in place)",
        );
    }
    return result;
}

/** A deep copy of plain objects and lists; Outputs, Promises and resources are shared, not copied. */
function structuredCloneInputs(value: any): any {
    if (Array.isArray(value)) return value.map(structuredCloneInputs);
    if (isObject(value) && Object.getPrototypeOf(value) === Object.prototype) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, structuredCloneInputs(v)]));
    }
    return value;
}

/** The most writable in-memory paths per container: the pack's `maxWritablePaths` default. */
const maxInMemoryPerContainer = 5;
const remountCapabilities = ["SYS_ADMIN", "ALL"];

function capabilityName(cap: unknown): string {
    return String(cap).toUpperCase().replace(/^CAP_/, "");
}

function plainField(value: unknown, where: string, what: string): void {
    if (isOutputLike(value)) {
        throw new Problem(where, `is an Output, so the component cannot check at construction that it keeps ${what}; set a plain value`);
    }
}

/**
 * Re-assert immutability on a Kubernetes workload object after the overrides and `transform`
 * (`origin` names the argument to blame). Fills in what is unset; refuses what contradicts it.
 * Returns the object with the pod template's containers completed.
 */
export function reassertKubernetes(workload: Record<string, any>, templatePath: readonly string[], origin: string): Record<string, any> {
    let template: any = workload;
    for (const key of templatePath) {
        template = template?.[key];
    }
    const podSpec = template?.spec;
    if (!isObject(podSpec) || !Array.isArray(podSpec.containers) || podSpec.containers.length === 0) {
        throw new Problem(
            origin,
            `leaves the workload without a pod template with containers (${templatePath.join(".")}.spec.containers); keep the containers`,
        );
    }
    if (podSpec.ephemeralContainers !== undefined) {
        throw new Problem(
            `${origin} (spec.ephemeralContainers)`,
            "adds ephemeral containers, which are for debugging a running pod, not for its spec; remove them",
        );
    }
    const volumes = new Map<string, any>();
    // A StatefulSet's claim templates are volumes of its pods too: one persistent claim per pod.
    for (const t of Array.isArray(workload.spec?.volumeClaimTemplates) ? workload.spec.volumeClaimTemplates : []) {
        volumes.set(t?.metadata?.name, { name: t?.metadata?.name, persistentVolumeClaim: {} });
    }
    for (const v of Array.isArray(podSpec.volumes) ? podSpec.volumes : []) {
        plainField(v?.name, `${origin} (volume name)`, "its mounts resolvable");
        volumes.set(v.name, v);
    }
    const check = (list: unknown, field: string): any[] | undefined => {
        if (list === undefined) return undefined;
        if (!Array.isArray(list)) {
            throw new Problem(`${origin} (${field})`, "is not a list of containers");
        }
        return list.map((c: any, i: number) =>
            reassertContainer(c, `${origin} (${field}[${i}]${typeof c?.name === "string" ? ` "${c.name}"` : ""})`, volumes),
        );
    };
    const containers = check(podSpec.containers, "containers");
    const initContainers = check(podSpec.initContainers, "initContainers");
    return setAt(workload, [...templatePath, "spec"], {
        ...podSpec,
        containers,
        ...(initContainers !== undefined ? { initContainers } : {}),
    });
}

function setAt(object: any, keys: readonly string[], value: any): any {
    if (keys.length === 0) return value;
    const [head, ...rest] = keys;
    return { ...object, [head]: setAt(object?.[head], rest, value) };
}

function reassertContainer(container: any, where: string, volumes: Map<string, any>): any {
    if (!isObject(container)) {
        throw new Problem(where, "is not a container object");
    }
    const sc = container.securityContext === undefined ? {} : container.securityContext;
    if (!isObject(sc)) {
        throw new Problem(
            `${where}.securityContext`,
            "is not a plain object, so the component cannot check it keeps the root filesystem read-only; set a plain object",
        );
    }
    for (const field of ["readOnlyRootFilesystem", "privileged", "allowPrivilegeEscalation"] as const) {
        plainField(sc[field], `${where}.securityContext.${field}`, "the root filesystem read-only");
    }
    if (sc.readOnlyRootFilesystem !== undefined && sc.readOnlyRootFilesystem !== true) {
        throw new Problem(
            `${where}.securityContext.readOnlyRootFilesystem`,
            `is ${JSON.stringify(sc.readOnlyRootFilesystem)}, but an ImmutableService keeps every root filesystem read-only; remove the override and list the paths the process writes in writablePaths`,
        );
    }
    if (sc.privileged === true) {
        throw new Problem(
            `${where}.securityContext.privileged`,
            "is true: a privileged container can remount its root filesystem read-write; remove it, or add only the capabilities the process needs",
        );
    }
    const caps = sc.capabilities;
    if (caps !== undefined) {
        plainField(caps, `${where}.securityContext.capabilities`, "its root filesystem read-only");
        const add = caps.add ?? [];
        plainField(add, `${where}.securityContext.capabilities.add`, "its root filesystem read-only");
        for (const cap of add) {
            plainField(cap, `${where}.securityContext.capabilities.add`, "its root filesystem read-only");
            if (remountCapabilities.includes(capabilityName(cap))) {
                throw new Problem(
                    `${where}.securityContext.capabilities.add`,
                    `adds ${cap}, with which a process can remount the root filesystem read-write; add only narrower capabilities (e.g. NET_ADMIN)`,
                );
            }
        }
    }
    const mounts = container.volumeMounts === undefined ? [] : container.volumeMounts;
    if (!Array.isArray(mounts)) {
        throw new Problem(`${where}.volumeMounts`, "is not a list");
    }
    let inMemory = 0;
    for (const m of mounts) {
        plainField(m?.name, `${where}.volumeMounts`, "its writable paths bounded");
        plainField(m?.readOnly, `${where}.volumeMounts["${m?.name}"].readOnly`, "its writable paths bounded");
        const volume = volumes.get(m?.name);
        if (volume === undefined) {
            throw new Problem(`${where}.volumeMounts["${m?.name}"]`, "names no volume of the pod; add the volume or fix the name");
        }
        const readOnly = m.readOnly === true;
        if (volume.emptyDir !== undefined) {
            const e = volume.emptyDir ?? {};
            plainField(e.medium, `${where} volume "${m.name}".emptyDir.medium`, "it in memory");
            plainField(e.sizeLimit, `${where} volume "${m.name}".emptyDir.sizeLimit`, "it bounded");
            if (!readOnly) {
                if (e.medium !== "Memory") {
                    throw new Problem(
                        `${where} volume "${m.name}".emptyDir.medium`,
                        `is ${e.medium === undefined ? "unset (node disk)" : JSON.stringify(e.medium)}: a writable directory must be in memory, gone with the container; set medium: "Memory" and a sizeLimit, or list the path in writablePaths`,
                    );
                }
                if (typeof e.sizeLimit !== "string" || !boundedKubernetes(e.sizeLimit)) {
                    throw new Problem(
                        `${where} volume "${m.name}".emptyDir.sizeLimit`,
                        `is ${e.sizeLimit === undefined ? "unset" : JSON.stringify(e.sizeLimit)}: an in-memory writable directory must be bounded; set a positive size such as "64Mi"`,
                    );
                }
                inMemory++;
            }
        } else if (volume.hostPath !== undefined && !readOnly) {
            throw new Problem(
                `${where}.volumeMounts["${m.name}"].readOnly`,
                `is not true, but volume "${m.name}" is the host path ${JSON.stringify(volume.hostPath?.path)}: a writable host mount outlives the container and changes the node; mount it readOnly: true`,
            );
        }
    }
    if (inMemory > maxInMemoryPerContainer) {
        throw new Problem(
            `${where}.volumeMounts`,
            `mounts ${inMemory} writable in-memory directories, more than ${maxInMemoryPerContainer} (the pack's maxWritablePaths default); mount a common parent instead`,
        );
    }
    return {
        ...container,
        securityContext: {
            ...sc,
            readOnlyRootFilesystem: true,
            ...(sc.allowPrivilegeEscalation === undefined ? { allowPrivilegeEscalation: false } : {}),
        },
    };
}

function boundedKubernetes(size: string): boolean {
    try {
        return parseKubernetesBytes(size) > 0;
    } catch (error) {
        if (error instanceof QuantityError) return false;
        throw error;
    }
}

function checkDockerCapabilities(adds: unknown, where: string): void {
    plainField(adds, where, "the root filesystem read-only");
    for (const cap of Array.isArray(adds) ? adds : []) {
        plainField(cap, where, "the root filesystem read-only");
        if (remountCapabilities.includes(capabilityName(cap))) {
            throw new Problem(
                where,
                `adds ${cap}, with which a process can remount the root filesystem read-write; add only narrower capabilities`,
            );
        }
    }
}

/** Re-assert immutability on `docker.ContainerArgs` after `transform`. */
export function reassertDocker(args: Record<string, any>): Record<string, any> {
    const where = "transform (docker.ContainerArgs)";
    plainField(args.readOnly, `${where}.readOnly`, "the root filesystem read-only");
    plainField(args.privileged, `${where}.privileged`, "the root filesystem read-only");
    if (args.readOnly !== undefined && args.readOnly !== true) {
        throw new Problem(
            `${where}.readOnly`,
            `is ${JSON.stringify(args.readOnly)}, but an ImmutableService keeps the root filesystem read-only; list the paths the process writes in writablePaths`,
        );
    }
    if (args.privileged === true) {
        throw new Problem(`${where}.privileged`, "is true: a privileged container can remount its root filesystem read-write; remove it");
    }
    checkDockerCapabilities(args.capabilities?.adds, `${where}.capabilities.adds`);
    const tmpfs = args.tmpfs ?? {};
    plainField(tmpfs, `${where}.tmpfs`, "its writable paths bounded");
    for (const [target, options] of Object.entries(tmpfs)) {
        plainField(options, `${where}.tmpfs["${target}"]`, "it bounded");
        const size = /(?:^|,)size=([^,]+)/.exec(String(options))?.[1];
        if (size === undefined || !boundedDocker(size)) {
            throw new Problem(
                `${where}.tmpfs["${target}"]`,
                `has no positive size= option ("${options}"): an unbounded tmpfs may take half the host's memory; add e.g. size=64m`,
            );
        }
    }
    for (const [i, m] of (Array.isArray(args.mounts) ? args.mounts : []).entries()) {
        checkDockerMount(m, `${where}.mounts[${i}]`, m?.tmpfsOptions?.sizeBytes);
    }
    for (const [i, v] of (Array.isArray(args.volumes) ? args.volumes : []).entries()) {
        if (v?.hostPath !== undefined && v.readOnly !== true) {
            throw new Problem(
                `${where}.volumes[${i}].readOnly`,
                `is not true, but it binds the host path ${JSON.stringify(v.hostPath)}: a writable host mount outlives the container; set readOnly: true`,
            );
        }
    }
    return { ...args, readOnly: true };
}

function boundedDocker(size: string): boolean {
    try {
        return parseDockerBytes(size) > 0;
    } catch (error) {
        if (error instanceof QuantityError) return false;
        throw error;
    }
}

function checkDockerMount(m: any, where: string, sizeBytes: unknown): void {
    plainField(m?.type, `${where}.type`, "it bounded");
    if (m?.type === "tmpfs" && !(typeof sizeBytes === "number" && sizeBytes > 0)) {
        throw new Problem(
            `${where}.tmpfsOptions.sizeBytes`,
            "is unset: an unbounded tmpfs may take half the host's memory; set a positive size",
        );
    }
    if (m?.type === "bind" && m.readOnly !== true) {
        throw new Problem(
            `${where}.readOnly`,
            `is not true, but it binds the host path ${JSON.stringify(m.source)}: a writable host mount outlives the container; set readOnly: true`,
        );
    }
}

/** Re-assert immutability on `docker.ServiceArgs` (Swarm) after `transform`. */
export function reassertSwarm(args: Record<string, any>): Record<string, any> {
    const where = "transform (docker.ServiceArgs)";
    const spec = args.taskSpec?.containerSpec;
    if (!isObject(spec)) {
        throw new Problem(`${where}.taskSpec.containerSpec`, "is missing or not a plain object; keep the container spec");
    }
    plainField(spec.readOnly, `${where}.taskSpec.containerSpec.readOnly`, "the root filesystem read-only");
    if (spec.readOnly !== undefined && spec.readOnly !== true) {
        throw new Problem(
            `${where}.taskSpec.containerSpec.readOnly`,
            `is ${JSON.stringify(spec.readOnly)}, but an ImmutableService keeps the root filesystem read-only; list the paths the process writes in writablePaths`,
        );
    }
    checkDockerCapabilities(spec.capAdds, `${where}.taskSpec.containerSpec.capAdds`);
    for (const [i, m] of (Array.isArray(spec.mounts) ? spec.mounts : []).entries()) {
        checkDockerMount(m, `${where}.taskSpec.containerSpec.mounts[${i}]`, m?.tmpfsOptions?.sizeBytes);
    }
    return { ...args, taskSpec: { ...args.taskSpec, containerSpec: { ...spec, readOnly: true } } };
}
