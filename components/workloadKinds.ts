// Which controller runs the pods: a Deployment (default), a StatefulSet (persistent paths become
// volumeClaimTemplates, one claim per pod, and a headless Service gives each pod a stable name), a
// DaemonSet (one pod per node), a Job or a CronJob. On Swarm a DaemonSet is a `global` service and a
// Deployment a `replicated` one; Docker runs one container. What a kind cannot be is refused.
import { Platform } from "./args";
import { Problem, optionalBoolean, optionalEnum, optionalInteger } from "./problem";

/** The Kubernetes controller that runs the pods. */
export const WorkloadKind = {
    /** Interchangeable replicas (the default). Swarm: a replicated service; Docker: one container. */
    Deployment: "Deployment",
    /** Replicas with stable names and one claim each per persistent path, plus a headless Service. Kubernetes only. */
    StatefulSet: "StatefulSet",
    /** One pod per node. Swarm: a global service. */
    DaemonSet: "DaemonSet",
    /** Pods that run to completion. Kubernetes only. */
    Job: "Job",
    /** A Job on a schedule. Kubernetes only. */
    CronJob: "CronJob",
} as const;
/** The Kubernetes controller that runs the pods. */
export type WorkloadKind = (typeof WorkloadKind)[keyof typeof WorkloadKind];

/** How a StatefulSet starts and stops its pods. */
export const PodManagementPolicy = {
    /** One at a time, in order (the default). */
    OrderedReady: "OrderedReady",
    /** All at once. */
    Parallel: "Parallel",
} as const;
/** How a StatefulSet starts and stops its pods. */
export type PodManagementPolicy = (typeof PodManagementPolicy)[keyof typeof PodManagementPolicy];

/** How a StatefulSet or DaemonSet replaces its pods on a change. */
export const UpdateStrategyType = {
    /** Replace pods automatically (the default). */
    RollingUpdate: "RollingUpdate",
    /** Replace a pod only when it is deleted. */
    OnDelete: "OnDelete",
} as const;
/** How a StatefulSet or DaemonSet replaces its pods on a change. */
export type UpdateStrategyType = (typeof UpdateStrategyType)[keyof typeof UpdateStrategyType];

/** StatefulSet settings (`kind: "StatefulSet"`). */
export interface StatefulSetOptions {
    /** Default `OrderedReady`. */
    podManagementPolicy?: PodManagementPolicy;
    /** Default `RollingUpdate`. */
    updateStrategy?: UpdateStrategyType;
    /**
     * Publish the pods in the headless Service's DNS before they are ready (databases that must find
     * their peers to become ready, such as CockroachDB). Default false.
     */
    publishNotReadyAddresses?: boolean;
}

/** When a Job's pod is restarted. */
export const JobRestartPolicy = {
    /** Restart the failed container in the same pod (the default). */
    OnFailure: "OnFailure",
    /** Never restart; a failure makes a new pod, up to backoffLimit. */
    Never: "Never",
} as const;
/** When a Job's pod is restarted. */
export type JobRestartPolicy = (typeof JobRestartPolicy)[keyof typeof JobRestartPolicy];

/** Job settings (`kind: "Job"`, and the jobs of a CronJob). */
export interface JobOptions {
    /** Successful pods needed; default 1. */
    completions?: number;
    /** Pods running at once; default 1. */
    parallelism?: number;
    /** Retries before the Job fails; Kubernetes default 6. */
    backoffLimit?: number;
    /** Seconds the Job may run before it is stopped. */
    activeDeadlineSeconds?: number;
    /** Seconds after it finishes that the Job is deleted. */
    ttlSecondsAfterFinished?: number;
    /** Default `OnFailure`. */
    restartPolicy?: JobRestartPolicy;
}

/** What a CronJob does when the previous run is still going. */
export const ConcurrencyPolicy = {
    /** Run both (the Kubernetes default). */
    Allow: "Allow",
    /** Skip the new run. */
    Forbid: "Forbid",
    /** Stop the old run and start the new one. */
    Replace: "Replace",
} as const;
/** What a CronJob does when the previous run is still going. */
export type ConcurrencyPolicy = (typeof ConcurrencyPolicy)[keyof typeof ConcurrencyPolicy];

/** CronJob settings (`kind: "CronJob"`); `schedule` is required. */
export interface CronJobOptions {
    /** Cron schedule, five fields, e.g. `*\/2 * * * *`, or a macro such as `@hourly`. */
    schedule: string;
    /** IANA time zone of the schedule, e.g. `Europe/Paris`; default the controller's. */
    timeZone?: string;
    /** Default `Allow`. */
    concurrencyPolicy?: ConcurrencyPolicy;
    /** Finished successful Jobs kept; Kubernetes default 3. */
    successfulJobsHistoryLimit?: number;
    /** Finished failed Jobs kept; Kubernetes default 1. */
    failedJobsHistoryLimit?: number;
    /** Seconds after a missed schedule that a run may still start. */
    startingDeadlineSeconds?: number;
    /** Pause the schedule. */
    suspend?: boolean;
}

/** The kind-specific arguments. */
export interface WorkloadKindArgs {
    /**
     * The controller; default `"Deployment"`. `"StatefulSet"`: each persistent path becomes a
     * volumeClaimTemplate (one claim per pod) and a headless Service is created. `"DaemonSet"`: one
     * pod per node (Swarm: a global service). `"Job"`, `"CronJob"`: pods that run to completion
     * (Kubernetes only). Docker runs one container: only `"Deployment"`.
     */
    kind?: WorkloadKind;
    /** StatefulSet settings; only with kind "StatefulSet". */
    statefulSet?: StatefulSetOptions;
    /** Job settings; only with kind "Job" or "CronJob". */
    job?: JobOptions;
    /** CronJob settings, `schedule` required; only with kind "CronJob". */
    cronJob?: CronJobOptions;
}

/** The kind and its settings, checked. */
export interface ResolvedKind {
    readonly kind: WorkloadKind;
    readonly statefulSet?: StatefulSetOptions;
    readonly job?: JobOptions;
    readonly cronJob?: CronJobOptions;
}

const kinds = Object.values(WorkloadKind);
// Five fields of digits, `*`, ranges, steps, lists and names, or one of the macros robfig/cron reads.
const cronPattern = /^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|(\S+\s+){4}\S+)$/;

/**
 * Check the kind and its options against the platform and the other arguments: `hasPorts` (a Job
 * has no Service), `hasPersistent` (a DaemonSet's pods cannot share one ReadWriteOnce claim).
 */
export function resolveKind(
    platform: Platform,
    args: WorkloadKindArgs & { replicas?: number },
    hasPorts: boolean,
    hasPersistent: boolean,
): ResolvedKind {
    const kind = optionalEnum(args.kind, "kind", kinds) ?? "Deployment";
    const options: Array<["statefulSet" | "job" | "cronJob", WorkloadKind]> = [
        ["statefulSet", "StatefulSet"],
        ["job", "Job"],
        ["cronJob", "CronJob"],
    ];
    for (const [field, owner] of options) {
        const allowed = field === "job" ? ["Job", "CronJob"] : [owner];
        if (args[field] !== undefined && !allowed.includes(kind)) {
            throw new Problem(
                field,
                `applies to kind "${allowed.join('" or "')}", but kind is "${kind}"; set kind: "${owner}" or drop ${field}`,
            );
        }
    }
    if (platform === "docker" && kind !== "Deployment") {
        throw new Problem(
            "kind",
            `is "${kind}", but the docker platform runs exactly one long-running container; omit kind, or use platform "kubernetes"${kind === "DaemonSet" ? ' or "swarm" (a global service)' : ""}`,
        );
    }
    if (platform === "swarm" && kind !== "Deployment" && kind !== "DaemonSet") {
        throw new Problem(
            "kind",
            `is "${kind}", which Swarm has no counterpart for here (a replicated or global service only); use kind "Deployment" or "DaemonSet", or platform "kubernetes"`,
        );
    }
    if ((kind === "DaemonSet" || kind === "Job" || kind === "CronJob") && args.replicas !== undefined) {
        const fix = kind === "DaemonSet" ? "a DaemonSet runs one pod per node" : "use job.parallelism and job.completions";
        throw new Problem("replicas", `does not apply to kind "${kind}": ${fix}; omit replicas`);
    }
    if ((kind === "Job" || kind === "CronJob") && hasPorts) {
        throw new Problem(
            "ports",
            `would create a Service for the short-lived pods of a ${kind}; drop ports (a ${kind} is not called by clients)`,
        );
    }
    if (kind === "DaemonSet" && hasPersistent) {
        throw new Problem(
            "persistentPaths",
            'cannot be given to a DaemonSet, whose pods on every node would share one claim; use kind "StatefulSet" for per-pod volumes, or keep node-local data out of the component',
        );
    }
    const resolved: { -readonly [K in keyof ResolvedKind]: ResolvedKind[K] } = { kind };
    if (args.statefulSet !== undefined) {
        const s = args.statefulSet;
        resolved.statefulSet = {
            podManagementPolicy: optionalEnum(s.podManagementPolicy, "statefulSet.podManagementPolicy", Object.values(PodManagementPolicy)),
            updateStrategy: optionalEnum(s.updateStrategy, "statefulSet.updateStrategy", Object.values(UpdateStrategyType)),
            publishNotReadyAddresses: optionalBoolean(s.publishNotReadyAddresses, "statefulSet.publishNotReadyAddresses"),
        };
    }
    if (args.job !== undefined) {
        const j = args.job;
        resolved.job = {
            completions: optionalInteger(j.completions, "job.completions", 1),
            parallelism: optionalInteger(j.parallelism, "job.parallelism", 0),
            backoffLimit: optionalInteger(j.backoffLimit, "job.backoffLimit", 0),
            activeDeadlineSeconds: optionalInteger(j.activeDeadlineSeconds, "job.activeDeadlineSeconds", 1),
            ttlSecondsAfterFinished: optionalInteger(j.ttlSecondsAfterFinished, "job.ttlSecondsAfterFinished", 0),
            restartPolicy: optionalEnum(j.restartPolicy, "job.restartPolicy", Object.values(JobRestartPolicy)),
        };
    }
    if (kind === "CronJob") {
        const c = args.cronJob;
        if (c === undefined || typeof c.schedule !== "string" || !cronPattern.test(c.schedule.trim())) {
            throw new Problem(
                "cronJob.schedule",
                `${c === undefined ? "is missing" : `${JSON.stringify(c.schedule)} is not a cron schedule`}; give five fields such as "*/2 * * * *" or a macro such as "@hourly"`,
            );
        }
        resolved.cronJob = {
            schedule: c.schedule,
            timeZone: c.timeZone,
            concurrencyPolicy: optionalEnum(c.concurrencyPolicy, "cronJob.concurrencyPolicy", Object.values(ConcurrencyPolicy)),
            successfulJobsHistoryLimit: optionalInteger(c.successfulJobsHistoryLimit, "cronJob.successfulJobsHistoryLimit", 0),
            failedJobsHistoryLimit: optionalInteger(c.failedJobsHistoryLimit, "cronJob.failedJobsHistoryLimit", 0),
            startingDeadlineSeconds: optionalInteger(c.startingDeadlineSeconds, "cronJob.startingDeadlineSeconds", 0),
            suspend: optionalBoolean(c.suspend, "cronJob.suspend"),
        };
        if (c.timeZone !== undefined && (typeof c.timeZone !== "string" || !/^[A-Za-z0-9_+\-/]+$/.test(c.timeZone))) {
            throw new Problem("cronJob.timeZone", `${JSON.stringify(c.timeZone)} is not an IANA time zone name; write e.g. "Etc/UTC"`);
        }
    }
    return resolved;
}

/** `object` without the keys whose value is undefined. */
export function defined<T extends Record<string, unknown>>(object: T): Partial<T> {
    return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Kubernetes apiVersion of each kind. */
export const apiVersions: Readonly<Record<WorkloadKind, string>> = {
    Deployment: "apps/v1",
    StatefulSet: "apps/v1",
    DaemonSet: "apps/v1",
    Job: "batch/v1",
    CronJob: "batch/v1",
};

/** What every kind's spec is made of. */
export interface WorkloadParts {
    readonly replicas: number;
    readonly selector: Record<string, string>;
    readonly template: Record<string, unknown>;
    /** Deployment: `Recreate` when a single-attach claim would deadlock a rolling update. */
    readonly recreate: boolean;
    /** StatefulSet: the headless Service's name. */
    readonly serviceName?: unknown;
    /** StatefulSet: the claim templates. */
    readonly volumeClaimTemplates?: unknown[];
}

/** The controller's `spec` for `kind`: the pod template with the kind's own settings around it. */
export function workloadSpec(k: ResolvedKind, parts: WorkloadParts): Record<string, unknown> {
    const selector = { matchLabels: parts.selector };
    switch (k.kind) {
        case "Deployment":
            return {
                replicas: parts.replicas,
                selector,
                ...(parts.recreate ? { strategy: { type: "Recreate" } } : {}),
                template: parts.template,
            };
        case "StatefulSet":
            return {
                replicas: parts.replicas,
                selector,
                serviceName: parts.serviceName,
                ...(k.statefulSet?.podManagementPolicy ? { podManagementPolicy: k.statefulSet.podManagementPolicy } : {}),
                ...(k.statefulSet?.updateStrategy ? { updateStrategy: { type: k.statefulSet.updateStrategy } } : {}),
                template: parts.template,
                ...(parts.volumeClaimTemplates && parts.volumeClaimTemplates.length > 0
                    ? { volumeClaimTemplates: parts.volumeClaimTemplates }
                    : {}),
            };
        case "DaemonSet":
            return { selector, template: parts.template };
        case "Job":
            return jobSpec(k, parts.template);
        case "CronJob":
            return {
                ...defined({
                    schedule: k.cronJob?.schedule,
                    timeZone: k.cronJob?.timeZone,
                    concurrencyPolicy: k.cronJob?.concurrencyPolicy,
                    successfulJobsHistoryLimit: k.cronJob?.successfulJobsHistoryLimit,
                    failedJobsHistoryLimit: k.cronJob?.failedJobsHistoryLimit,
                    startingDeadlineSeconds: k.cronJob?.startingDeadlineSeconds,
                    suspend: k.cronJob?.suspend,
                }),
                jobTemplate: { spec: jobSpec(k, parts.template) },
            };
    }
}

function jobSpec(k: ResolvedKind, template: Record<string, unknown>): Record<string, unknown> {
    const j = k.job ?? {};
    return {
        ...defined({
            completions: j.completions,
            parallelism: j.parallelism,
            backoffLimit: j.backoffLimit,
            activeDeadlineSeconds: j.activeDeadlineSeconds,
            ttlSecondsAfterFinished: j.ttlSecondsAfterFinished,
        }),
        template,
    };
}

/** A Job's pods must not restart forever: `restartPolicy` is `OnFailure` unless `Never` is asked. */
export function podRestartPolicy(k: ResolvedKind): string | undefined {
    return k.kind === "Job" || k.kind === "CronJob" ? (k.job?.restartPolicy ?? "OnFailure") : undefined;
}

/** The path inside the workload object where the pod template sits. */
export function templatePath(kind: WorkloadKind): string[] {
    return kind === "CronJob" ? ["spec", "jobTemplate", "spec", "template"] : ["spec", "template"];
}
