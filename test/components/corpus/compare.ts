// Compare a workload the component built with the original manifest it stands for.
//
// Both are first put in a canonical form, in which two objects that Kubernetes runs the same way
// read the same, and then flattened into `path → value` leaves:
//   - containers are keyed by name (`containers[server]`), with their role (`container`, `init`, or
//     `sidecar` for an init container with restartPolicy Always);
//   - env by variable name, ports by `<containerPort>/<protocol>` (protocol TCP when unset), and each
//     volumeMount by mount path, carrying the volume it mounts (`mounts[/tmp].volume.emptyDir…`)
//     instead of a volume name, so renamed volumes compare equal; a volume named like a StatefulSet's
//     claim template is that template;
//   - the pod's securityContext fields that apply to containers (runAsUser, runAsGroup,
//     runAsNonRoot, seccompProfile, seLinuxOptions) are moved into each container's, as kubelet
//     applies them, so pod-level and container-level settings compare equal;
//   - a ConfigMap, Secret, downward API or projected volume is mounted read-only whatever the mount
//     says (kubelet forces it), so its readOnly reads true; `fieldRef.apiVersion: v1` (the default) and
//     empty lists or objects are dropped;
//   - the beta storage-class annotation of a claim template reads as its storageClassName.
// What remains different is listed as `added`, `removed` or `changed` leaves.
/* eslint-disable @typescript-eslint/no-explicit-any */

/** One leaf that differs. */
export interface Difference {
    readonly change: "added" | "removed" | "changed";
    readonly path: string;
    readonly original?: unknown;
    readonly built?: unknown;
}

/**
 * A difference the comparison accepts, and why. `path` may use `*` for one segment (`[*]` for one
 * key) and `**` for anything; `built`, when given, is the value the component must have written.
 */
export interface AllowedDifference {
    readonly change: "added" | "removed" | "changed";
    readonly path: string;
    readonly reason: string;
    readonly built?: unknown;
}

const containerScoped = ["runAsUser", "runAsGroup", "runAsNonRoot", "seccompProfile", "seLinuxOptions", "windowsOptions"];
const readOnlySources = ["configMap", "secret", "downwardAPI", "projected"];

/** The pod template of a workload object. */
export function templateOf(workload: any): any {
    return workload.kind === "CronJob"
        ? workload.spec?.jobTemplate?.spec?.template
        : workload.kind === "Pod"
          ? { metadata: workload.metadata, spec: workload.spec }
          : workload.spec?.template;
}

function prune(value: any): any {
    if (Array.isArray(value)) {
        return value.length === 0 ? undefined : value.map(prune);
    }
    if (value !== null && typeof value === "object") {
        const entries = Object.entries(value)
            .map(([k, v]) => [k, prune(v)] as const)
            .filter(([, v]) => v !== undefined);
        return entries.length === 0 ? undefined : Object.fromEntries(entries);
    }
    return value;
}

function canonicalVolume(name: string, volume: any, claimTemplates: Map<string, any>): any {
    // A StatefulSet's claim template wins over a pod volume of the same name, as the controller does.
    if (claimTemplates.has(name)) {
        return { volumeClaimTemplate: claimTemplates.get(name) };
    }
    if (volume === undefined) return { missing: true };
    const { name: _name, ...source } = volume;
    return source;
}

function canonicalClaimTemplate(t: any): any {
    const annotations = { ...(t.metadata?.annotations ?? {}) };
    const spec = { ...(t.spec ?? {}) };
    const beta = annotations["volume.beta.kubernetes.io/storage-class"];
    if (beta !== undefined && spec.storageClassName === undefined) {
        spec.storageClassName = beta;
        delete annotations["volume.beta.kubernetes.io/storage-class"];
    }
    return { labels: t.metadata?.labels, annotations, spec };
}

function canonicalContainer(c: any, role: string, podSecurity: any, volumes: Map<string, any>, claimTemplates: Map<string, any>): any {
    const { name: _name, env, ports, volumeMounts, securityContext, restartPolicy: _rp, ...rest } = c;
    const security = {
        ...Object.fromEntries(containerScoped.filter((k) => podSecurity?.[k] !== undefined).map((k) => [k, podSecurity[k]])),
        ...(securityContext ?? {}),
    };
    const envMap = Object.fromEntries(
        (env ?? []).map((e: any) => {
            const { name, ...value } = e;
            if (value.valueFrom?.fieldRef?.apiVersion === "v1") {
                value.valueFrom = { ...value.valueFrom, fieldRef: { fieldPath: value.valueFrom.fieldRef.fieldPath } };
            }
            if (value.value === undefined && value.valueFrom === undefined) value.value = "";
            return [name, value];
        }),
    );
    const portMap = Object.fromEntries(
        (ports ?? []).map((p: any) => {
            const { containerPort, protocol, ...other } = p;
            return [`${containerPort}/${protocol ?? "TCP"}`, other];
        }),
    );
    const mountMap = Object.fromEntries(
        (volumeMounts ?? []).map((m: any) => {
            const { name, mountPath, readOnly, ...other } = m;
            const volume = canonicalVolume(name, volumes.get(name), claimTemplates);
            const forcedReadOnly = readOnlySources.some((k) => volume[k] !== undefined);
            return [mountPath, { ...other, readOnly: forcedReadOnly ? true : readOnly === true, volume }];
        }),
    );
    return { role, ...rest, securityContext: security, env: envMap, ports: portMap, mounts: mountMap };
}

/** The canonical form of a workload object (see the file comment). */
export function canonical(workload: any): any {
    const template = templateOf(workload) ?? {};
    const pod = template.spec ?? {};
    const claimTemplates = new Map<string, any>(
        (workload.spec?.volumeClaimTemplates ?? []).map((t: any) => [t.metadata?.name, canonicalClaimTemplate(t)]),
    );
    const volumes = new Map<string, any>((pod.volumes ?? []).map((v: any) => [v.name, v]));
    const { containers, initContainers, volumes: _v, securityContext, ...podRest } = pod;
    const podSecurity = securityContext ?? {};
    const containerMap: Record<string, any> = {};
    for (const c of containers ?? []) containerMap[c.name] = canonicalContainer(c, "container", podSecurity, volumes, claimTemplates);
    for (const c of initContainers ?? [])
        containerMap[c.name] = canonicalContainer(
            c,
            c.restartPolicy === "Always" ? "sidecar" : "init",
            podSecurity,
            volumes,
            claimTemplates,
        );
    const podSecurityRest = Object.fromEntries(Object.entries(podSecurity).filter(([k]) => !containerScoped.includes(k)));
    const controller = JSON.parse(JSON.stringify(workload.spec ?? {}));
    if (workload.kind === "CronJob") {
        delete controller.jobTemplate?.spec?.template;
    } else {
        delete controller.template;
    }
    delete controller.volumeClaimTemplates;
    return prune({
        kind: workload.kind,
        metadata: {
            name: workload.metadata?.name,
            namespace: workload.metadata?.namespace,
            labels: workload.metadata?.labels,
            annotations: workload.metadata?.annotations,
        },
        spec: controller,
        pod: {
            name: template.metadata?.name,
            labels: template.metadata?.labels,
            annotations: template.metadata?.annotations,
            spec: { ...podRest, securityContext: podSecurityRest },
            containers: containerMap,
        },
    });
}

/** Objects keyed by data rather than by field name: their keys are written `[key]`. */
const mapFields = new Set([
    "containers",
    "env",
    "ports",
    "mounts",
    "labels",
    "annotations",
    "matchLabels",
    "nodeSelector",
    "limits",
    "requests",
]);

/** `value` as `path → leaf` (lists of scalars are one leaf; lists of objects are indexed). */
export function flatten(value: any, prefix = "", out = new Map<string, string>()): Map<string, string> {
    if (Array.isArray(value) && value.some((v) => v !== null && typeof v === "object")) {
        value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
    } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        const field = /([A-Za-z]+)$/.exec(prefix)?.[1] ?? "";
        const isMap = mapFields.has(field) && !prefix.endsWith("]");
        for (const [k, v] of Object.entries(value)) {
            const key = isMap || !/^[A-Za-z0-9_-]+$/.test(k) ? `[${k}]` : k;
            flatten(v, prefix === "" ? key : key.startsWith("[") ? `${prefix}${key}` : `${prefix}.${key}`, out);
        }
    } else {
        out.set(prefix, JSON.stringify(value));
    }
    return out;
}

/** Every leaf in which the built workload differs from the original. */
export function differences(original: any, built: any): Difference[] {
    const a = flatten(canonical(original));
    const b = flatten(canonical(built));
    const result: Difference[] = [];
    for (const [path, value] of a) {
        if (!b.has(path)) result.push({ change: "removed", path, original: JSON.parse(value) });
        else if (b.get(path) !== value)
            result.push({ change: "changed", path, original: JSON.parse(value), built: JSON.parse(b.get(path) as string) });
    }
    for (const [path, value] of b) {
        if (!a.has(path)) result.push({ change: "added", path, built: JSON.parse(value) });
    }
    return result;
}

function patternToRegExp(pattern: string): RegExp {
    let source = "";
    for (let i = 0; i < pattern.length; i++) {
        const ch = pattern[i];
        if (ch === "[" && pattern.slice(i, i + 3) === "[*]") {
            source += "\\[[^\\]]*\\]";
            i += 2;
        } else if (ch === "*" && pattern[i + 1] === "*") {
            source += ".*";
            i++;
        } else if (ch === "*") {
            source += "[^.\\[\\]]*";
        } else {
            source += ch.replace(/[.+?^${}()|[\]\\/]/g, "\\$&");
        }
    }
    return new RegExp(`^${source}$`);
}

/** Whether `allowed` covers `difference`. */
export function covers(allowed: AllowedDifference, difference: Difference): boolean {
    return (
        allowed.change === difference.change &&
        patternToRegExp(allowed.path).test(difference.path) &&
        (!("built" in allowed) || JSON.stringify(allowed.built) === JSON.stringify(difference.built))
    );
}

/**
 * The differences no allowance covers, and the allowances that cover nothing (each allowance must
 * be needed, so that the list stays exact).
 */
export function unexplained(
    found: readonly Difference[],
    allowed: readonly AllowedDifference[],
    mustBeUsed: readonly AllowedDifference[] = [],
): { unallowed: Difference[]; unused: AllowedDifference[] } {
    return {
        unallowed: found.filter((d) => !allowed.some((a) => covers(a, d))),
        unused: mustBeUsed.filter((a) => !found.some((d) => covers(a, d))),
    };
}

/** A difference as one line. */
export function describe(d: Difference): string {
    const show = (v: unknown) => JSON.stringify(v);
    return d.change === "changed"
        ? `changed ${d.path}: ${show(d.original)} → ${show(d.built)}`
        : d.change === "removed"
          ? `removed ${d.path} (was ${show(d.original)})`
          : `added ${d.path} = ${show(d.built)}`;
}

/**
 * What the component adds to every workload it builds, by design; allowed everywhere.
 * Names: Pulumi auto-names every object (`<name>-<8 hex>`), so a fixed `metadata.name` is not set,
 * and the selector is the component's own label.
 */
export const immutabilityAdditions: readonly AllowedDifference[] = [
    { change: "removed", path: "metadata.name", reason: "names: Pulumi auto-names the workload <name>-<8 hex>" },
    {
        change: "removed",
        path: "spec.selector.matchLabels[*]",
        reason: "names: the component selects its pods by app.kubernetes.io/instance=<name>",
    },
    {
        change: "removed",
        path: "spec.selector.matchExpressions**",
        reason: "names: the component selects its pods by app.kubernetes.io/instance=<name>",
    },
    { change: "added", path: "spec.selector.matchLabels[app.kubernetes.io/instance]", reason: "names: the component's pod selector" },
    { change: "added", path: "metadata.labels[app.kubernetes.io/instance]", reason: "names: the selector label on every object" },
    { change: "added", path: "pod.labels[app.kubernetes.io/instance]", reason: "names: the selector label on the pods" },
    {
        change: "added",
        path: "pod.containers[*].securityContext.readOnlyRootFilesystem",
        reason: "immutability: read-only root filesystem",
    },
    {
        change: "changed",
        path: "pod.containers[*].securityContext.readOnlyRootFilesystem",
        reason: "immutability: read-only root filesystem (the original left it writable)",
    },
    { change: "added", path: "pod.containers[*].securityContext.allowPrivilegeEscalation", reason: "immutability: no setuid escalation" },
    { change: "added", path: "pod.containers[*].mounts[*].volume.emptyDir.medium", reason: "immutability: writable paths in memory" },
    { change: "added", path: "pod.containers[*].mounts[*].volume.emptyDir.sizeLimit", reason: "immutability: writable paths bounded" },
    { change: "added", path: "pod.containers[*].ports[*].name", reason: "names: the component names every port (<protocol>-<port>)" },
    {
        change: "changed",
        path: "spec.serviceName",
        reason: "names: a StatefulSet's serviceName is the headless Service the component creates",
    },
    { change: "added", path: "spec.replicas", built: 1, reason: "defaults: the component writes Kubernetes' default of 1 replica" },
    { change: "added", path: "pod.labels[*]", reason: "labels: the component puts its labels on the pods too" },
    {
        change: "added",
        path: "pod.spec.securityContext.fsGroup",
        reason: "user: fsGroup is the user's gid, so persistent volumes are writable for it",
    },
    {
        change: "added",
        path: "pod.spec.securityContext.fsGroupChangePolicy",
        built: "OnRootMismatch",
        reason: "user: volumes are re-owned only when their root does not match",
    },
    {
        change: "added",
        path: "pod.containers[*].mounts[*].volume.volumeClaimTemplate.labels[*]",
        reason: "labels: the component's labels on the claims",
    },
    {
        change: "removed",
        path: "pod.name",
        reason: "names: a pod template's metadata.name is ignored (the controller names its pods); the component sets none",
    },
];
