// ImmutableService on Kubernetes: the workload (a Deployment by default; see workloadKinds.ts), a
// PersistentVolumeClaim per persistent path (a volumeClaimTemplate on a StatefulSet), a Service when
// there are ports (and a headless one for a StatefulSet), an immutable Secret for `secretEnv`, and
// the content-hashed ConfigMap / Secret of `files` / `secretFiles`.
//
// The object builders (`podSpec`, `container`, `claimSpec`, `serviceSpec`, …) are pure functions of
// the resolved spec and the names of the objects they refer to, so tests can check them without an
// engine. The workload is assembled twice: once with placeholder names, to apply the overrides and
// `transform` and re-assert immutability before anything is registered (a refused override leaves
// nothing half-created), then for real once the objects it refers to are registered.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { dnsLabel, pathSlug, persistentVolumeName } from "./naming";
import { UserSpec } from "./args";
import { ResolvedConfigMount, ResolvedEnvSources } from "./envSources";
import { buildKubernetesFiles, fileMounts, filesVolumeName, secretFilesVolumeName } from "./files";
import { applyTransform, mergeOverrides, reassertKubernetes } from "./overrides";
import { ResolvedProbes, probeKinds } from "./probes";
import {
    ResolvedAmounts,
    ResolvedContainer,
    ResolvedPersistentPath,
    ResolvedPort,
    ResolvedSettings,
    ResolvedWritablePath,
    ServiceSpec,
    headlessSuffix,
    selectorLabelKey,
} from "./validation";
import { defined, podRestartPolicy, templatePath, workloadSpec } from "./workloadKinds";

/* eslint-disable @typescript-eslint/no-explicit-any */
type PodSpec = Record<string, any>;
type Container = Record<string, any>;
type Volume = Record<string, any>;
type VolumeMount = Record<string, any>;

/** The workload resource, whatever its kind. */
export type KubernetesWorkload =
    k8s.apps.v1.Deployment | k8s.apps.v1.StatefulSet | k8s.apps.v1.DaemonSet | k8s.batch.v1.Job | k8s.batch.v1.CronJob;

/** The Kubernetes resources an ImmutableService registers. */
export interface KubernetesChildren {
    readonly workload: KubernetesWorkload;
    /** Present when there are ports. */
    readonly service?: k8s.core.v1.Service;
    /** StatefulSet: the headless Service that names its pods. */
    readonly headlessService?: k8s.core.v1.Service;
    /** One per persistent path, in the order of `persistentPaths` (none on a StatefulSet: templates). */
    readonly claims: k8s.core.v1.PersistentVolumeClaim[];
    /** The immutable Secret holding `secretEnv`, when it was given. */
    readonly envSecret?: k8s.core.v1.Secret;
    /** The immutable ConfigMap of `files`. */
    readonly filesConfigMap?: k8s.core.v1.ConfigMap;
    /** The immutable Secret of `secretFiles`. */
    readonly filesSecret?: k8s.core.v1.Secret;
}

/** Names of the objects the workload refers to: real Outputs, or placeholders for the check pass. */
export interface ReferencedNames {
    readonly claimNames: readonly pulumi.Input<string>[];
    readonly envSecretName?: pulumi.Input<string>;
    readonly headlessServiceName?: pulumi.Input<string>;
    readonly fileVolumes: readonly Volume[];
}

/** Labels that select the component's pods. */
export function selectorLabels(spec: ServiceSpec): Record<string, string> {
    return { [selectorLabelKey]: spec.name };
}

/** Labels on every resource: the user's plus the selector. */
export function resourceLabels(spec: ServiceSpec): Record<string, string> {
    return { ...spec.labels, ...selectorLabels(spec) };
}

/** Pod volume names are DNS labels; the index keeps them unique, the path keeps them readable. */
export function volumeName(kind: "writable" | "persistent", index: number, containerPath: string): string {
    return dnsLabel(`${kind}-${index}-${pathSlug(containerPath)}`, `${kind}-${index}`);
}

/** The pod volume of a persistent path (and its claim template name on a StatefulSet). */
export function persistentVolumeNameOf(p: ResolvedPersistentPath, i: number): string {
    return p.volumeName ?? volumeName("persistent", i, p.path);
}

/**
 * The security context of every container: the root filesystem read-only and no setuid escalation
 * (which could otherwise regain the rights to remount it), plus the user when one is given, and
 * the settings asked for.
 */
export function containerSecurityContext(user: UserSpec | undefined, settings: ResolvedSettings = {}): Record<string, any> {
    return {
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        ...(user ? { runAsUser: user.uid, runAsGroup: user.gid, runAsNonRoot: true } : {}),
        ...(!user && settings.runAsNonRoot !== undefined ? { runAsNonRoot: settings.runAsNonRoot } : {}),
        ...(settings.capabilities ? { capabilities: { ...settings.capabilities } } : {}),
        ...(settings.seccompProfile ? { seccompProfile: { type: settings.seccompProfile } } : {}),
    };
}

function amounts(a: ResolvedAmounts): Record<string, string> | undefined {
    const result: Record<string, string> = {};
    if (a.cpu) result.cpu = a.cpu.text;
    if (a.memory) result.memory = a.memory.text;
    return Object.keys(result).length > 0 ? result : undefined;
}

/** The parts every container has, main or not. */
interface ContainerModel {
    readonly name: string;
    readonly image: pulumi.Input<string>;
    readonly command?: pulumi.Input<string>[];
    readonly args?: pulumi.Input<string>[];
    readonly env: ReadonlyArray<readonly [string, pulumi.Input<string>]>;
    readonly secretEnv: ReadonlyArray<readonly [string, pulumi.Input<string>]>;
    readonly envSources: ResolvedEnvSources;
    readonly ports: readonly ResolvedPort[];
    readonly limits: ResolvedAmounts;
    readonly requests: ResolvedAmounts;
    readonly user?: UserSpec;
    readonly probes: ResolvedProbes;
    readonly settings: ResolvedSettings;
    readonly writablePaths: readonly ResolvedWritablePath[];
    readonly configMounts: readonly ResolvedConfigMount[];
    /** Volume-name prefix of what is the container's own ("" for the main container). */
    readonly volumePrefix: string;
}

function mainModel(spec: ServiceSpec): ContainerModel {
    return {
        name: spec.containerName,
        image: spec.image,
        command: spec.command,
        args: spec.args,
        env: spec.env,
        secretEnv: spec.secretEnv,
        envSources: spec.envSources,
        ports: spec.ports,
        limits: spec.limits,
        requests: spec.requests,
        user: spec.user,
        probes: spec.probes,
        settings: spec.settings,
        writablePaths: spec.writablePaths,
        configMounts: spec.envSources.configMounts,
        volumePrefix: "",
    };
}

function otherModel(c: ResolvedContainer): ContainerModel {
    return {
        name: c.name,
        image: c.image,
        command: c.command,
        args: c.args,
        env: c.env,
        secretEnv: [],
        envSources: c.envSources,
        ports: c.ports,
        limits: c.limits,
        requests: c.requests,
        user: c.user,
        probes: c.probes,
        settings: c.settings,
        writablePaths: c.writablePaths,
        configMounts: c.envSources.configMounts,
        volumePrefix: `${c.name}-`,
    };
}

/** The pod volume of a container's writable path: its volumeName, or one derived from the container and path. */
function writableVolumeName(model: ContainerModel, w: ResolvedWritablePath, i: number): string {
    return (
        w.volumeName ??
        (model.volumePrefix === ""
            ? volumeName("writable", i, w.path)
            : dnsLabel(`${model.volumePrefix}writable-${i}-${pathSlug(w.path)}`, `${model.volumePrefix}writable-${i}`))
    );
}

function configVolumeName(model: ContainerModel, m: ResolvedConfigMount, i: number): string {
    return m.volumeName ?? dnsLabel(`${model.volumePrefix}config-${i}-${pathSlug(m.path)}`, `${model.volumePrefix}config-${i}`);
}

/** The container's environment: downward-API and object references first (so values can use them), plain values, then `secretEnv`. */
export function containerEnv(spec: ServiceSpec, envSecretName?: pulumi.Input<string>): Record<string, any>[] {
    return envOf(mainModel(spec), envSecretName);
}

function envOf(model: ContainerModel, envSecretName?: pulumi.Input<string>): Record<string, any>[] {
    return [
        ...model.envSources.valueFrom.map((v) => ({ name: v.name, valueFrom: v.valueFrom })),
        ...model.env.map(([name, value]) => ({ name, value })),
        ...(envSecretName === undefined
            ? []
            : model.secretEnv.map(([name]) => ({ name, valueFrom: { secretKeyRef: { name: envSecretName, key: name } } }))),
    ];
}

function containerOf(model: ContainerModel, mounts: VolumeMount[], envSecretName?: pulumi.Input<string>): Container {
    const env = envOf(model, envSecretName);
    const limits = amounts(model.limits);
    const requests = amounts(model.requests);
    return {
        name: model.name,
        image: model.image,
        ...(model.settings.imagePullPolicy ? { imagePullPolicy: model.settings.imagePullPolicy } : {}),
        ...(model.command ? { command: model.command } : {}),
        ...(model.args ? { args: model.args } : {}),
        ...(model.settings.workingDir ? { workingDir: model.settings.workingDir } : {}),
        ...(env.length > 0 ? { env } : {}),
        ...(model.envSources.envFrom.length > 0 ? { envFrom: model.envSources.envFrom.map((e) => ({ ...e })) } : {}),
        ...(model.ports.length > 0
            ? { ports: model.ports.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol })) }
            : {}),
        ...(limits || requests ? { resources: { ...(limits ? { limits } : {}), ...(requests ? { requests } : {}) } } : {}),
        ...Object.fromEntries(probeKinds.filter((k) => model.probes[k] !== undefined).map((k) => [k, model.probes[k]])),
        securityContext: containerSecurityContext(model.user, model.settings),
        ...(mounts.length > 0 ? { volumeMounts: mounts } : {}),
    };
}

/** The mounts of a container, and the volumes they need (shared ones once). */
function mountsOf(
    spec: ServiceSpec,
    model: ContainerModel,
    persistentMounted: readonly string[],
    fileMountList: VolumeMount[],
): { mounts: VolumeMount[]; volumes: Volume[] } {
    const volumes: Volume[] = [];
    const mounts: VolumeMount[] = [];
    model.writablePaths.forEach((w, i) => {
        const name = writableVolumeName(model, w, i);
        volumes.push({ name, emptyDir: { medium: "Memory", sizeLimit: w.sizeLimit } });
        mounts.push({ name, mountPath: w.path });
    });
    spec.persistentPaths.forEach((p, i) => {
        if (persistentMounted.includes(p.path)) {
            mounts.push({ name: persistentVolumeNameOf(p, i), mountPath: p.path });
        }
    });
    model.configMounts.forEach((m, i) => {
        const name = configVolumeName(model, m, i);
        const source = defined({
            items: m.items?.map((item) => ({ ...item })),
            optional: m.optional,
            defaultMode: m.defaultMode,
        });
        volumes.push(
            m.kind === "configMap" ? { name, configMap: { name: m.name, ...source } } : { name, secret: { secretName: m.name, ...source } },
        );
        mounts.push({ name, mountPath: m.path, readOnly: true, ...(m.subPath !== undefined ? { subPath: m.subPath } : {}) });
    });
    mounts.push(...fileMountList);
    return { mounts, volumes };
}

/** Memory-backed, size-bounded `emptyDir` volumes for the writable paths, then the claims. */
export function podVolumes(spec: ServiceSpec, claimNames: readonly pulumi.Input<string>[]): Volume[] {
    return podSpec(spec, { claimNames, fileVolumes: [] }).volumes ?? [];
}

export function volumeMounts(spec: ServiceSpec): VolumeMount[] {
    return mountsOf(
        spec,
        mainModel(spec),
        spec.persistentPaths.map((p) => p.path),
        fileMounts(spec.files),
    ).mounts;
}

export function container(spec: ServiceSpec, envSecretName?: pulumi.Input<string>): Container {
    return containerOf(mainModel(spec), volumeMounts(spec), envSecretName);
}

/** The pod spec: the main container, the init containers and sidecars, their volumes, the pod-level fields. */
export function podSpec(spec: ServiceSpec, names: ReferencedNames): PodSpec {
    const volumes: Volume[] = [];
    const addVolumes = (list: Volume[]) => {
        for (const v of list) {
            if (!volumes.some((existing) => existing.name === v.name)) volumes.push(v);
        }
    };
    const main = mainModel(spec);
    const mainMounts = mountsOf(
        spec,
        main,
        spec.persistentPaths.map((p) => p.path),
        fileMounts(spec.files),
    );
    addVolumes(mainMounts.volumes);
    const statefulSet = spec.kind.kind === "StatefulSet";
    if (!statefulSet) {
        addVolumes(
            spec.persistentPaths.map((p, i) => ({
                name: persistentVolumeNameOf(p, i),
                persistentVolumeClaim: { claimName: names.claimNames[i] },
            })),
        );
    }
    addVolumes([...names.fileVolumes]);
    const others = (list: readonly ResolvedContainer[], restartAlways: boolean) =>
        list.map((c) => {
            const model = otherModel(c);
            const m = mountsOf(spec, model, c.persistentPaths, []);
            addVolumes(m.volumes);
            return { ...containerOf(model, m.mounts), ...(restartAlways ? { restartPolicy: "Always" } : {}) };
        });
    const initContainers = others(spec.initContainers, false);
    const sidecars = others(spec.sidecars, spec.nativeSidecars);
    const allInit = spec.nativeSidecars ? [...initContainers, ...sidecars] : initContainers;
    const restartPolicy = podRestartPolicy(spec.kind);
    return {
        ...(allInit.length > 0 ? { initContainers: allInit } : {}),
        containers: [containerOf(main, mainMounts.mounts, names.envSecretName), ...(spec.nativeSidecars ? [] : sidecars)],
        ...(volumes.length > 0 ? { volumes } : {}),
        ...spec.podFields,
        ...(restartPolicy ? { restartPolicy } : {}),
        // fsGroup makes the claims' files group-owned by the process's group, without which a
        // non-root process cannot write a freshly provisioned volume (owned by root). Changing
        // ownership only on a mismatch keeps restarts fast on volumes with many files.
        ...(spec.user ? { securityContext: { fsGroup: spec.user.gid, fsGroupChangePolicy: "OnRootMismatch" } } : {}),
    };
}

/** True when some claim can be mounted by one node or pod only. */
function hasSingleAttachClaim(persistent: readonly ResolvedPersistentPath[]): boolean {
    return persistent.some((p) => !p.accessModes.includes("ReadWriteMany"));
}

export function claimSpec(p: ResolvedPersistentPath): Record<string, any> {
    return {
        accessModes: [...p.accessModes],
        resources: { requests: { storage: p.size } },
        ...(p.storageClassName !== undefined ? { storageClassName: p.storageClassName } : {}),
    };
}

/** Every port of the pod: the main container's, then the sidecars'. */
function podPorts(spec: ServiceSpec): ResolvedPort[] {
    return [...spec.ports, ...spec.sidecars.flatMap((c) => c.ports)];
}

export function serviceSpec(spec: ServiceSpec): Record<string, any> {
    return {
        selector: selectorLabels(spec),
        ports: podPorts(spec).map((p) => ({
            name: p.name,
            port: p.publishedPort ?? p.containerPort,
            targetPort: p.containerPort,
            protocol: p.protocol,
        })),
    };
}

/** The headless Service of a StatefulSet: DNS names for its pods, `<pod>.<service>`. */
export function headlessServiceSpec(spec: ServiceSpec): Record<string, any> {
    const ports = podPorts(spec);
    return {
        clusterIP: "None",
        selector: selectorLabels(spec),
        ...(spec.kind.statefulSet?.publishNotReadyAddresses !== undefined
            ? { publishNotReadyAddresses: spec.kind.statefulSet.publishNotReadyAddresses }
            : {}),
        ...(ports.length > 0
            ? { ports: ports.map((p) => ({ name: p.name, port: p.containerPort, targetPort: p.containerPort, protocol: p.protocol })) }
            : {}),
    };
}

function metadata(spec: ServiceSpec, withAnnotations: boolean): Record<string, any> {
    return {
        labels: resourceLabels(spec),
        ...(withAnnotations && Object.keys(spec.annotations).length > 0 ? { annotations: { ...spec.annotations } } : {}),
        ...(spec.namespace !== undefined ? { namespace: spec.namespace } : {}),
    };
}

/** The workload object as built, before overrides: `{ apiVersion, kind, metadata, spec }`. */
export function workloadObject(spec: ServiceSpec, names: ReferencedNames): Record<string, any> {
    const podAnnotations = { ...spec.annotations, ...spec.podAnnotations };
    const template = {
        metadata: {
            labels: { ...spec.labels, ...spec.podLabels, ...selectorLabels(spec) },
            ...(Object.keys(podAnnotations).length > 0 ? { annotations: podAnnotations } : {}),
        },
        spec: podSpec(spec, names),
    };
    const k = spec.kind.kind;
    return {
        apiVersion: k === "Job" || k === "CronJob" ? "batch/v1" : "apps/v1",
        kind: k,
        metadata: metadata(spec, true),
        spec: workloadSpec(spec.kind, {
            replicas: spec.replicas,
            selector: selectorLabels(spec),
            template,
            // A rolling update starts the new pod before stopping the old one; with a ReadWriteOnce
            // claim the new pod can wait forever for a volume the old one still holds.
            recreate: hasSingleAttachClaim(spec.persistentPaths),
            serviceName: names.headlessServiceName,
            volumeClaimTemplates: spec.persistentPaths.map((p, i) => ({
                metadata: { name: persistentVolumeNameOf(p, i), labels: resourceLabels(spec) },
                spec: claimSpec(p),
            })),
        }),
    };
}

/** Merge one container's overrides into the container of that name, wherever it sits. */
function overrideContainer(pod: PodSpec, name: string, overrides: Record<string, any> | undefined): PodSpec {
    if (overrides === undefined) return pod;
    const apply = (list: Container[] | undefined) => list?.map((c) => (c.name === name ? mergeOverrides(c, overrides) : c));
    return { ...pod, containers: apply(pod.containers), ...(pod.initContainers ? { initContainers: apply(pod.initContainers) } : {}) };
}

/**
 * The workload object with the overrides and `transform` applied and immutability re-asserted:
 * container overrides, then `podSpecOverrides`, then `workloadSpecOverrides`, then `transform`.
 * Throws a Problem when an override undoes immutability.
 */
export function finalWorkloadObject(spec: ServiceSpec, names: ReferencedNames): Record<string, any> {
    const built = workloadObject(spec, names);
    const path = templatePath(spec.kind.kind);
    let template: any = built;
    for (const key of path) template = template[key];
    let pod: PodSpec = template.spec;
    pod = overrideContainer(pod, spec.containerName, spec.overrides.containerOverrides);
    for (const c of [...spec.initContainers, ...spec.sidecars]) {
        pod = overrideContainer(pod, c.name, c.overrides);
    }
    pod = mergeOverrides(pod, spec.overrides.podSpecOverrides);
    let object = setPath(built, [...path, "spec"], pod);
    if (spec.overrides.workloadSpecOverrides !== undefined) {
        object = { ...object, spec: mergeOverrides(object.spec, spec.overrides.workloadSpecOverrides) };
    }
    const culprit = spec.overrides.transform
        ? "transform"
        : spec.overrides.podSpecOverrides
          ? "podSpecOverrides"
          : spec.overrides.containerOverrides
            ? "containerOverrides"
            : "overrides";
    const transformed = applyTransform(spec.overrides.transform, object);
    return reassertKubernetes(transformed, path, culprit);
}

function setPath(object: any, keys: readonly string[], value: any): any {
    if (keys.length === 0) return value;
    const [head, ...rest] = keys;
    return { ...object, [head]: setPath(object?.[head], rest, value) };
}

/** Placeholder names for the check pass, before anything is registered. */
export function placeholderNames(spec: ServiceSpec): ReferencedNames {
    return {
        claimNames: spec.persistentPaths.map(() => `${spec.name}-claim-placeholder`),
        envSecretName: spec.secretEnv.length > 0 ? `${spec.name}-env-placeholder` : undefined,
        headlessServiceName: spec.kind.kind === "StatefulSet" ? `${spec.name}-headless-placeholder` : undefined,
        fileVolumes: [
            ...(spec.files.files.length > 0 ? [{ name: filesVolumeName, configMap: { name: "files-placeholder" } }] : []),
            ...(spec.files.secretFiles.length > 0
                ? [{ name: secretFilesVolumeName, secret: { secretName: "secret-files-placeholder" } }]
                : []),
        ],
    };
}

/** Check the overrides and `transform` before anything is registered (throws a Problem). */
export function checkKubernetes(spec: ServiceSpec): void {
    finalWorkloadObject(spec, placeholderNames(spec));
}

/** Register the Kubernetes resources of `spec` as children described by `opts`. */
export function buildKubernetes(spec: ServiceSpec, opts: pulumi.CustomResourceOptions): KubernetesChildren {
    const statefulSet = spec.kind.kind === "StatefulSet";
    const claims = statefulSet
        ? []
        : spec.persistentPaths.map(
              (p) =>
                  new k8s.core.v1.PersistentVolumeClaim(
                      persistentVolumeName("kubernetes", spec.name, p.path),
                      { metadata: metadata(spec, false), spec: claimSpec(p) },
                      opts,
                  ),
          );
    // Immutable, and named by Pulumi: a changed value replaces the Secret under a new name, which
    // changes the pod template and rolls the pods, instead of changing what running pods read.
    const envSecret =
        spec.secretEnv.length > 0
            ? new k8s.core.v1.Secret(
                  `${spec.name}-env`,
                  {
                      metadata: metadata(spec, false),
                      immutable: true,
                      type: "Opaque",
                      stringData: Object.fromEntries(spec.secretEnv.map(([name, value]) => [name, pulumi.secret(value)])),
                  },
                  opts,
              )
            : undefined;
    const files = buildKubernetesFiles(spec.name, spec.name, spec.files, metadata(spec, false), opts);
    const headlessService = statefulSet
        ? new k8s.core.v1.Service(
              `${spec.name}${headlessSuffix}`,
              { metadata: metadata(spec, false), spec: headlessServiceSpec(spec) },
              opts,
          )
        : undefined;
    const object = finalWorkloadObject(spec, {
        claimNames: claims.map((c) => c.metadata.name),
        envSecretName: envSecret?.metadata.name,
        headlessServiceName: headlessService?.metadata.name,
        fileVolumes: files.volumes,
    });
    const args = { metadata: object.metadata, spec: object.spec };
    const workload: KubernetesWorkload =
        spec.kind.kind === "StatefulSet"
            ? new k8s.apps.v1.StatefulSet(spec.name, args, opts)
            : spec.kind.kind === "DaemonSet"
              ? new k8s.apps.v1.DaemonSet(spec.name, args, opts)
              : spec.kind.kind === "Job"
                ? new k8s.batch.v1.Job(spec.name, args, opts)
                : spec.kind.kind === "CronJob"
                  ? new k8s.batch.v1.CronJob(spec.name, args, opts)
                  : new k8s.apps.v1.Deployment(spec.name, args, opts);
    const service =
        podPorts(spec).length > 0
            ? new k8s.core.v1.Service(spec.name, { metadata: metadata(spec, false), spec: serviceSpec(spec) }, opts)
            : undefined;
    return { workload, service, headlessService, claims, envSecret, filesConfigMap: files.configMap, filesSecret: files.secret };
}
