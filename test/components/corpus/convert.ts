// Write a corpus workload as ImmutableService arguments, mechanically, to count how many of the
// corpus's workloads the component can express (corpusCount.test.ts). First-class arguments are used
// wherever one exists; what has none goes to the data escape hatch (podSpecOverrides,
// containerOverrides, workloadSpecOverrides, a sidecar's overrides), and the converter records which
// fields did. What immutability forbids (a privileged container, a capability that can remount the
// root, a writable host path, a bare Pod…) is reported as not expressible, with the reason.
import { ImmutableServiceArgs } from "../../../components";
import { ContainerSpec } from "../../../components/containers";
import { Probe } from "../../../components/probes";
import { CorpusWorkload } from "./load";

/* eslint-disable @typescript-eslint/no-explicit-any */

/** The arguments, or why there are none. */
export interface Conversion {
    readonly args?: ImmutableServiceArgs;
    /** Why the workload cannot be an ImmutableService. */
    readonly refused?: string;
    /** Fields that went to the escape hatch, as paths in the original. */
    readonly overridden: string[];
}

class Refused extends Error {}

const componentKinds = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"];

function templateOf(o: any): any {
    return o.kind === "CronJob" ? o.spec.jobTemplate.spec.template : o.spec.template;
}

function probeOf(p: any): Probe {
    const { exec, httpGet, tcpSocket, grpc, ...timing } = p;
    const port = (x: any) =>
        typeof x.port === "number" ? { port: x.port } : /^\d+$/.test(String(x.port)) ? { port: Number(x.port) } : { portName: x.port };
    const withoutPort = (x: any) => Object.fromEntries(Object.entries(x).filter(([k]) => k !== "port"));
    return {
        ...(exec ? { exec: exec.command } : {}),
        ...(httpGet ? { httpGet: { ...withoutPort(httpGet), ...port(httpGet) } } : {}),
        ...(tcpSocket ? { tcpSocket: { ...withoutPort(tcpSocket), ...port(tcpSocket) } } : {}),
        ...(grpc ? { grpc } : {}),
        ...timing,
    };
}

/** A memory limit in bytes, when it is a plain binary quantity. */
function memoryBytes(limit: unknown): number | undefined {
    const m = /^(\d+)(Ki|Mi|Gi)?$/.exec(String(limit ?? ""));
    if (!m) return undefined;
    return Number(m[1]) * ({ Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 } as Record<string, number>)[m[2] ?? ""] || Number(m[1]);
}

interface Context {
    readonly workload: CorpusWorkload;
    readonly pod: any;
    readonly claimTemplates: Map<string, any>;
    readonly overridden: string[];
    /** Volumes and mounts that go through the escape hatch. */
    readonly extraVolumes: any[];
    readonly podOverrides: Record<string, any>;
}

/** The container's own part of the arguments (shared by the main container and the others). */
function containerArgs(
    ctx: Context,
    c: any,
    where: string,
    isMain: boolean,
): { args: Record<string, any>; overrides: Record<string, any> } {
    const podSecurity = ctx.pod.securityContext ?? {};
    const security = {
        ...Object.fromEntries(
            ["runAsUser", "runAsGroup", "runAsNonRoot", "seccompProfile"]
                .filter((k) => podSecurity[k] !== undefined)
                .map((k) => [k, podSecurity[k]]),
        ),
        ...(c.securityContext ?? {}),
    };
    const overrides: Record<string, any> = {};
    const args: Record<string, any> = {};
    const {
        name,
        image,
        command,
        args: cargs,
        workingDir,
        imagePullPolicy,
        env,
        envFrom,
        ports,
        resources,
        volumeMounts,
        livenessProbe,
        readinessProbe,
        startupProbe,
        securityContext: _sc,
        restartPolicy: _rp,
        ...rest
    } = c;
    void name;
    args.image = image;
    if (command) args.command = command;
    if (cargs) args.args = cargs;
    if (workingDir) args.workingDir = workingDir;
    if (imagePullPolicy) args.imagePullPolicy = imagePullPolicy;
    for (const [key, value] of Object.entries(rest)) {
        overrides[key] = value;
        ctx.overridden.push(`${where}.${key}`);
    }
    // Environment.
    const plain: Record<string, string> = {};
    const valueFrom: Record<string, any> = {};
    for (const e of env ?? []) {
        if (e.valueFrom === undefined) {
            plain[e.name] = e.value ?? "";
        } else if (e.valueFrom.configMapKeyRef) {
            valueFrom[e.name] = { configMapKey: e.valueFrom.configMapKeyRef };
        } else if (e.valueFrom.secretKeyRef) {
            valueFrom[e.name] = { secretKey: e.valueFrom.secretKeyRef };
        } else if (e.valueFrom.fieldRef) {
            valueFrom[e.name] = { fieldPath: e.valueFrom.fieldRef.fieldPath };
        } else if (e.valueFrom.resourceFieldRef) {
            valueFrom[e.name] = { resourceField: e.valueFrom.resourceFieldRef };
        }
    }
    if (Object.keys(plain).length > 0) args.env = plain;
    if (Object.keys(valueFrom).length > 0) args.valueFrom = valueFrom;
    if (envFrom && envFrom.length > 0) {
        args.envFrom = envFrom.map((e: any) => ({
            ...(e.configMapRef
                ? {
                      configMap: e.configMapRef.name,
                      ...(e.configMapRef.optional !== undefined ? { optional: e.configMapRef.optional } : {}),
                  }
                : {}),
            ...(e.secretRef
                ? { secret: e.secretRef.name, ...(e.secretRef.optional !== undefined ? { optional: e.secretRef.optional } : {}) }
                : {}),
            ...(e.prefix !== undefined ? { prefix: e.prefix } : {}),
        }));
    }
    // Ports: a hostPort (or any other field) has no argument.
    if (ports && ports.length > 0) {
        args.ports = ports.map((p: any) => ({
            containerPort: p.containerPort,
            ...(p.name ? { name: p.name } : {}),
            ...(p.protocol ? { protocol: p.protocol } : {}),
        }));
        if (ports.some((p: any) => Object.keys(p).some((k) => !["containerPort", "name", "protocol"].includes(k)))) {
            overrides.ports = ports;
            ctx.overridden.push(`${where}.ports (hostPort)`);
        }
    }
    if (resources) {
        const pick = (a: any) =>
            a
                ? Object.fromEntries(
                      Object.entries(a)
                          .filter(([k]) => k === "cpu" || k === "memory")
                          .map(([k, v]) => [k, String(v)]),
                  )
                : undefined;
        const limits = pick(resources.limits);
        const requests = pick(resources.requests);
        args.resources = {
            ...(limits && Object.keys(limits).length ? { limits } : {}),
            ...(requests && Object.keys(requests).length ? { requests } : {}),
        };
        const other = ["limits", "requests"].some((k) => Object.keys(resources[k] ?? {}).some((r) => r !== "cpu" && r !== "memory"));
        if (other || Object.keys(resources).some((k) => k !== "limits" && k !== "requests")) {
            overrides.resources = resources;
            ctx.overridden.push(`${where}.resources (other resources)`);
        }
    }
    if (livenessProbe) args.livenessProbe = probeOf(livenessProbe);
    if (readinessProbe) args.readinessProbe = probeOf(readinessProbe);
    if (startupProbe) args.startupProbe = probeOf(startupProbe);
    // Security.
    if (security.privileged === true) {
        throw new Refused(`${where} is privileged, which can remount its root filesystem read-write`);
    }
    const adds: string[] = security.capabilities?.add ?? [];
    const remount = adds.find((a) => ["SYS_ADMIN", "ALL"].includes(String(a).toUpperCase().replace(/^CAP_/, "")));
    if (remount) {
        throw new Refused(`${where} adds capability ${remount}, which can remount its root filesystem read-write`);
    }
    const scOverrides: Record<string, any> = {};
    if (
        typeof security.runAsUser === "number" &&
        typeof security.runAsGroup === "number" &&
        security.runAsUser !== 0 &&
        security.runAsNonRoot !== false
    ) {
        args.user = { uid: security.runAsUser, gid: security.runAsGroup };
    } else {
        for (const k of ["runAsUser", "runAsGroup"]) if (security[k] !== undefined) scOverrides[k] = security[k];
        if (security.runAsNonRoot !== undefined) args.runAsNonRoot = security.runAsNonRoot;
    }
    if (security.capabilities) args.capabilities = { ...security.capabilities };
    if (security.seccompProfile?.type === "RuntimeDefault" || security.seccompProfile?.type === "Unconfined") {
        args.seccompProfile = security.seccompProfile.type;
    } else if (security.seccompProfile) {
        scOverrides.seccompProfile = security.seccompProfile;
    }
    for (const [k, v] of Object.entries(security)) {
        if (["runAsUser", "runAsGroup", "runAsNonRoot", "capabilities", "seccompProfile", "readOnlyRootFilesystem"].includes(k)) continue;
        if (k === "allowPrivilegeEscalation" && v === false) continue;
        scOverrides[k] = v;
    }
    if (Object.keys(scOverrides).length > 0) {
        overrides.securityContext = scOverrides;
        ctx.overridden.push(
            `${where}.securityContext (${Object.entries(scOverrides)
                .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
                .join(", ")})`,
        );
    }
    // Mounts.
    const writable: any[] = [];
    const persistent: string[] = [];
    const configMounts: any[] = [];
    const extraMounts: any[] = [];
    const volumes = new Map<string, any>((ctx.pod.volumes ?? []).map((v: any) => [v.name, v]));
    for (const m of volumeMounts ?? []) {
        const v = volumes.get(m.name);
        const template = ctx.claimTemplates.get(m.name);
        const plainMount = Object.keys(m).every((k) => ["name", "mountPath", "readOnly", "subPath"].includes(k));
        if (template) {
            persistent.push(m.mountPath);
            continue;
        }
        if (v?.emptyDir && !m.readOnly && !m.subPath && plainMount) {
            const limit = memoryBytes(c.resources?.limits?.memory);
            writable.push({
                path: m.mountPath,
                volumeName: m.name,
                ...(v.emptyDir.sizeLimit ? { sizeLimit: String(v.emptyDir.sizeLimit) } : {}),
                limit,
            });
            continue;
        }
        if ((v?.configMap || v?.secret) && plainMount) {
            const src = v.configMap ?? v.secret;
            configMounts.push({
                path: m.mountPath,
                ...(v.configMap ? { configMap: src.name } : { secret: src.secretName }),
                ...(src.items ? { items: src.items } : {}),
                ...(src.optional !== undefined ? { optional: src.optional } : {}),
                ...(src.defaultMode !== undefined ? { defaultMode: src.defaultMode } : {}),
                ...(m.subPath !== undefined ? { subPath: m.subPath } : {}),
                volumeName: m.name,
            });
            continue;
        }
        if (v?.hostPath && m.readOnly !== true) {
            throw new Refused(`${where} mounts the host path ${v.hostPath.path} writable (volume "${m.name}")`);
        }
        if (v === undefined) {
            throw new Refused(`${where} mounts volume "${m.name}", which the pod does not define`);
        }
        extraMounts.push(m);
        if (!ctx.extraVolumes.some((x) => x.name === v.name)) ctx.extraVolumes.push(v);
        ctx.overridden.push(
            `${where}.volumeMounts["${m.mountPath}"] (${Object.keys(v)
                .filter((k) => k !== "name")
                .join(", ")}${plainMount ? "" : ", mount options"})`,
        );
    }
    if (writable.length > 5) {
        throw new Refused(
            `${where} has ${writable.length} writable directories, more than the 5 a container may have (the pack's maxWritablePaths)`,
        );
    }
    if (writable.length > 0) {
        // Unsized emptyDirs get the default 64Mi, or an equal share of the memory limit when that is smaller.
        const limit = writable[0].limit as number | undefined;
        const share = limit === undefined ? undefined : Math.floor(limit / (writable.length + 1) / 2 ** 20);
        args.writablePaths = writable.map(({ limit: _l, ...w }) =>
            w.sizeLimit === undefined && share !== undefined && share < 64 ? { ...w, sizeLimit: `${Math.max(share, 1)}Mi` } : w,
        );
    }
    if (persistent.length > 0 && !isMain) args.persistentPaths = persistent;
    if (configMounts.length > 0) args.configMounts = configMounts;
    if (extraMounts.length > 0) overrides.volumeMounts = extraMounts;
    return { args, overrides };
}

/**
 * The component name for a workload: its app.kubernetes.io/instance label when it has one (the
 * component's selector label, which must then carry the same value), else its own name.
 */
export function componentName(w: CorpusWorkload): string {
    return w.object.metadata?.labels?.["app.kubernetes.io/instance"] ?? w.name;
}

/**
 * A bare Pod, ReplicationController or ReplicaSet as the Deployment that replaces it today: the
 * same pod template (a Pod's own labels and spec), the same replicas. Undefined when the pod must
 * not restart (a Deployment's pods always do).
 */
export function asDeployment(w: CorpusWorkload): CorpusWorkload | undefined {
    const o = w.object;
    const template =
        o.kind === "Pod"
            ? { metadata: { labels: o.metadata?.labels, annotations: o.metadata?.annotations }, spec: o.spec }
            : o.spec?.template;
    if (template?.spec?.restartPolicy !== undefined && template.spec.restartPolicy !== "Always") {
        return undefined;
    }
    const object = {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: {
            name: o.metadata?.name,
            namespace: o.metadata?.namespace,
            labels: o.metadata?.labels,
            ...(o.kind !== "Pod" && o.metadata?.annotations ? { annotations: o.metadata.annotations } : {}),
        },
        spec: {
            ...(o.kind === "Pod" ? {} : Object.fromEntries(Object.entries(o.spec).filter(([k]) => k !== "selector" && k !== "template"))),
            template,
        },
    };
    return { ...w, kind: "Deployment", object };
}

/** Convert one corpus workload. */
export function convert(workload: CorpusWorkload): Conversion {
    const overridden: string[] = [];
    try {
        return { args: convertOrThrow(workload, overridden), overridden };
    } catch (error) {
        if (error instanceof Refused) {
            return { refused: error.message, overridden };
        }
        throw error;
    }
}

function convertOrThrow(w: CorpusWorkload, overridden: string[]): ImmutableServiceArgs {
    const o = w.object;
    if (!componentKinds.includes(o.kind)) {
        throw new Refused(
            `kind ${o.kind}: the component builds a Deployment, StatefulSet, DaemonSet, Job or CronJob${o.kind === "Pod" ? " (a bare Pod is not restarted on another node; a Deployment of 1 replica replaces it)" : " (a Deployment replaces it)"}`,
        );
    }
    const template = templateOf(o);
    const pod = template.spec;
    const claimTemplates = new Map<string, any>((o.spec.volumeClaimTemplates ?? []).map((t: any) => [t.metadata.name, t]));
    const ctx: Context = { workload: w, pod, claimTemplates, overridden, extraVolumes: [], podOverrides: {} };
    const [main, ...others] = pod.containers;
    const mainPart = containerArgs(ctx, main, `containers["${main.name}"]`, true);
    const args: Record<string, any> = { kind: o.kind, containerName: main.name, ...mainPart.args };
    if (Object.keys(mainPart.overrides).length > 0) args.containerOverrides = mainPart.overrides;
    const otherSpec = (c: any, where: string): ContainerSpec => {
        const part = containerArgs(ctx, c, where, false);
        return {
            name: c.name,
            ...part.args,
            ...(Object.keys(part.overrides).length > 0 ? { overrides: part.overrides } : {}),
        } as ContainerSpec;
    };
    const nativeSidecars = (pod.initContainers ?? []).filter((c: any) => c.restartPolicy === "Always");
    if (nativeSidecars.length > 0 && others.length > 0) {
        throw new Refused("has both native sidecars and extra containers, and the component places all sidecars one way");
    }
    const inits = (pod.initContainers ?? []).filter((c: any) => c.restartPolicy !== "Always");
    if (inits.length > 0) args.initContainers = inits.map((c: any) => otherSpec(c, `initContainers["${c.name}"]`));
    if (others.length > 0) {
        args.sidecars = others.map((c: any) => otherSpec(c, `containers["${c.name}"]`));
        args.nativeSidecars = false;
    }
    if (nativeSidecars.length > 0) args.sidecars = nativeSidecars.map((c: any) => otherSpec(c, `initContainers["${c.name}"]`));
    // Persistent paths: claim templates (StatefulSet), or claims defined in the same file.
    const persistentPaths: any[] = [];
    for (const m of main.volumeMounts ?? []) {
        const t = claimTemplates.get(m.name);
        if (t) {
            persistentPaths.push({
                path: m.mountPath,
                size: String(t.spec.resources.requests.storage),
                volumeName: m.name,
                ...((t.spec.storageClassName ?? t.metadata.annotations?.["volume.beta.kubernetes.io/storage-class"])
                    ? { storageClassName: t.spec.storageClassName ?? t.metadata.annotations["volume.beta.kubernetes.io/storage-class"] }
                    : {}),
                ...(t.spec.accessModes ? { accessModes: t.spec.accessModes } : {}),
            });
        }
    }
    if (persistentPaths.length > 0) args.persistentPaths = persistentPaths;
    // Pod-level fields.
    const first = [
        "serviceAccountName",
        "automountServiceAccountToken",
        "nodeSelector",
        "tolerations",
        "affinity",
        "topologySpreadConstraints",
        "priorityClassName",
        "terminationGracePeriodSeconds",
    ];
    const podOverrides: Record<string, any> = {};
    for (const [key, value] of Object.entries(pod)) {
        if (["containers", "initContainers", "volumes"].includes(key)) continue;
        if (first.includes(key)) {
            args[key] = value;
        } else if (key === "imagePullSecrets") {
            args.imagePullSecrets = (value as any[]).map((s) => s.name);
        } else if (key === "restartPolicy" && (o.kind === "Job" || o.kind === "CronJob")) {
            args.job = { ...(args.job ?? {}), restartPolicy: value };
        } else if (key === "securityContext") {
            const rest = Object.fromEntries(
                Object.entries(value as any).filter(([k]) => !["runAsUser", "runAsGroup", "runAsNonRoot", "seccompProfile"].includes(k)),
            );
            const user = args.user as { gid: number } | undefined;
            if (user && rest.fsGroup === user.gid) delete rest.fsGroup;
            if (Object.keys(rest).length > 0) {
                podOverrides.securityContext = rest;
                overridden.push(`pod securityContext (${Object.keys(rest).join(", ")})`);
            }
        } else {
            podOverrides[key] = value;
            overridden.push(`pod ${key}`);
        }
    }
    if (ctx.extraVolumes.length > 0) podOverrides.volumes = ctx.extraVolumes;
    if (Object.keys(podOverrides).length > 0) args.podSpecOverrides = podOverrides;
    // Metadata: the controller's labels go everywhere, the pods' own as podLabels.
    const labels = o.metadata.labels ?? {};
    const podLabels = Object.fromEntries(Object.entries(template.metadata?.labels ?? {}).filter(([k, v]) => labels[k] !== v));
    if (Object.keys(labels).length > 0) args.labels = labels;
    if (Object.keys(podLabels).length > 0) args.podLabels = podLabels;
    if (o.metadata.annotations) args.annotations = o.metadata.annotations;
    if (template.metadata?.annotations) args.podAnnotations = template.metadata.annotations;
    if (o.metadata.namespace) args.namespace = o.metadata.namespace;
    // Controller fields.
    const spec = o.kind === "CronJob" ? o.spec : o.spec;
    const workloadOverrides: Record<string, any> = {};
    for (const [key, value] of Object.entries(spec)) {
        if (["template", "selector", "volumeClaimTemplates", "jobTemplate", "serviceName"].includes(key)) continue;
        if (key === "replicas") {
            args.replicas = value;
        } else if (
            o.kind === "CronJob" &&
            [
                "schedule",
                "timeZone",
                "concurrencyPolicy",
                "successfulJobsHistoryLimit",
                "failedJobsHistoryLimit",
                "startingDeadlineSeconds",
                "suspend",
            ].includes(key)
        ) {
            args.cronJob = { ...(args.cronJob ?? {}), [key]: value };
        } else if (
            o.kind === "Job" &&
            ["completions", "parallelism", "backoffLimit", "activeDeadlineSeconds", "ttlSecondsAfterFinished"].includes(key)
        ) {
            args.job = { ...(args.job ?? {}), [key]: value };
        } else if (o.kind === "StatefulSet" && key === "podManagementPolicy") {
            args.statefulSet = { ...(args.statefulSet ?? {}), podManagementPolicy: value };
        } else {
            workloadOverrides[key] = value;
            overridden.push(`spec.${key}`);
        }
    }
    if (o.kind === "CronJob") {
        for (const [key, value] of Object.entries(o.spec.jobTemplate.spec)) {
            if (key === "template") continue;
            if (["completions", "parallelism", "backoffLimit", "activeDeadlineSeconds", "ttlSecondsAfterFinished"].includes(key)) {
                args.job = { ...(args.job ?? {}), [key]: value };
            } else {
                overridden.push(`spec.jobTemplate.spec.${key}`);
                workloadOverrides.jobTemplate = { spec: { ...(workloadOverrides.jobTemplate?.spec ?? {}), [key]: value } };
            }
        }
    }
    if (Object.keys(workloadOverrides).length > 0) args.workloadSpecOverrides = workloadOverrides;
    return args as ImmutableServiceArgs;
}
