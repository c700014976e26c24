// Identity and scheduling of the pods: service account, image pull secrets, where they may run
// (node selector, tolerations, affinity, topology spread), priority and how long they get to stop.
// Kubernetes fields, passed through as written once checked; Docker and Swarm have no counterpart
// for most of them and refuse them, except the stop grace period.
import { Platform } from "./args";
import { Problem, optionalBoolean, optionalEnum, optionalInteger, optionalStrings } from "./problem";

/** How a toleration matches a taint's value. */
export const TolerationOperator = {
    /** The taint's value must equal `value` (the default). */
    Equal: "Equal",
    /** Any value; `value` must be empty. */
    Exists: "Exists",
} as const;
/** How a toleration matches a taint's value. */
export type TolerationOperator = (typeof TolerationOperator)[keyof typeof TolerationOperator];

/** The taint effect a toleration tolerates. */
export const TaintEffect = {
    NoSchedule: "NoSchedule",
    PreferNoSchedule: "PreferNoSchedule",
    NoExecute: "NoExecute",
} as const;
/** The taint effect a toleration tolerates. */
export type TaintEffect = (typeof TaintEffect)[keyof typeof TaintEffect];

/** Lets the pods run on nodes with a matching taint (Kubernetes `tolerations[]`). */
export interface Toleration {
    /** Taint key; empty with operator `Exists` tolerates every taint. */
    key?: string;
    operator?: TolerationOperator;
    value?: string;
    /** Empty: every effect. */
    effect?: TaintEffect;
    /** NoExecute only: seconds the pod stays after the taint appears. */
    tolerationSeconds?: number;
}

/** One requirement of a label selector. */
export interface LabelSelectorRequirement {
    key: string;
    /** `In`, `NotIn`, `Exists` or `DoesNotExist` (nodes also `Gt` and `Lt`). */
    operator: string;
    values?: string[];
}

/** A Kubernetes label selector. */
export interface LabelSelector {
    matchLabels?: Record<string, string>;
    matchExpressions?: LabelSelectorRequirement[];
}

/** Nodes matching all the expressions. */
export interface NodeSelectorTerm {
    matchExpressions?: LabelSelectorRequirement[];
    matchFields?: LabelSelectorRequirement[];
}

/** A node preference with its weight (1–100). */
export interface PreferredSchedulingTerm {
    weight: number;
    preference: NodeSelectorTerm;
}

/** Required node terms (any one matches). */
export interface NodeSelector {
    nodeSelectorTerms: NodeSelectorTerm[];
}

/** Kubernetes node affinity. */
export interface NodeAffinity {
    requiredDuringSchedulingIgnoredDuringExecution?: NodeSelector;
    preferredDuringSchedulingIgnoredDuringExecution?: PreferredSchedulingTerm[];
}

/** Pods (in some namespaces) that must or should share (or not share) a topology domain. */
export interface PodAffinityTerm {
    labelSelector?: LabelSelector;
    namespaces?: string[];
    namespaceSelector?: LabelSelector;
    /** Node label that defines the domain, e.g. `kubernetes.io/hostname`. */
    topologyKey: string;
}

/** A pod affinity preference with its weight (1–100). */
export interface WeightedPodAffinityTerm {
    weight: number;
    podAffinityTerm: PodAffinityTerm;
}

/** Kubernetes pod affinity or anti-affinity. */
export interface PodAffinity {
    requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
    preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTerm[];
}

/** Kubernetes `affinity`. */
export interface Affinity {
    nodeAffinity?: NodeAffinity;
    podAffinity?: PodAffinity;
    podAntiAffinity?: PodAffinity;
}

/** What the scheduler does when a spread constraint cannot be met. */
export const UnsatisfiableAction = {
    DoNotSchedule: "DoNotSchedule",
    ScheduleAnyway: "ScheduleAnyway",
} as const;
/** What the scheduler does when a spread constraint cannot be met. */
export type UnsatisfiableAction = (typeof UnsatisfiableAction)[keyof typeof UnsatisfiableAction];

/**
 * Spread the pods across topology domains (Kubernetes `topologySpreadConstraints[]`). Without a
 * `labelSelector`, the component's own pods are selected.
 */
export interface TopologySpreadConstraint {
    maxSkew: number;
    topologyKey: string;
    whenUnsatisfiable: UnsatisfiableAction;
    labelSelector?: LabelSelector;
    minDomains?: number;
}

/** Identity and scheduling arguments. */
export interface SchedulingArgs {
    /** Kubernetes service account the pods run as. */
    serviceAccountName?: string;
    /** Kubernetes: mount the service account's token into the pods (false when the process never calls the API). */
    automountServiceAccountToken?: boolean;
    /** Kubernetes Secrets (type `kubernetes.io/dockerconfigjson`) used to pull the images. */
    imagePullSecrets?: string[];
    /** Kubernetes: run only on nodes with these labels. */
    nodeSelector?: Record<string, string>;
    /** Kubernetes tolerations. */
    tolerations?: Toleration[];
    /** Kubernetes affinity and anti-affinity. */
    affinity?: Affinity;
    /** Kubernetes topology spread constraints. */
    topologySpreadConstraints?: TopologySpreadConstraint[];
    /** Kubernetes PriorityClass of the pods. */
    priorityClassName?: string;
    /**
     * Seconds between the stop signal and the kill. Kubernetes `terminationGracePeriodSeconds`,
     * Docker `stopTimeout`, Swarm `stopGracePeriod`.
     */
    terminationGracePeriodSeconds?: number;
    /** Kubernetes: labels on the pods only (not on the controller), e.g. for a NetworkPolicy. */
    podLabels?: Record<string, string>;
    /** Kubernetes: annotations on the pods only (e.g. `prometheus.io/scrape`). Docker and Swarm: labels. */
    podAnnotations?: Record<string, string>;
}

/** The pod-spec fields of the scheduling arguments (Kubernetes), checked. */
export type ResolvedScheduling = Record<string, unknown>;

const kubernetesOnly: ReadonlyArray<keyof SchedulingArgs> = [
    "serviceAccountName",
    "automountServiceAccountToken",
    "imagePullSecrets",
    "nodeSelector",
    "tolerations",
    "affinity",
    "topologySpreadConstraints",
    "priorityClassName",
    "podLabels",
];

const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function checkName(value: unknown, argument: string): string | undefined {
    if (value === undefined) {
        return undefined;
    }
    if (typeof value !== "string" || value.length > 253 || !dnsSubdomain.test(value)) {
        throw new Problem(argument, `${JSON.stringify(value)} is not a Kubernetes object name; use lowercase letters, digits, '-' and '.'`);
    }
    return value;
}

function checkStringMap(value: unknown, argument: string): Record<string, string> | undefined {
    if (value === undefined) {
        return undefined;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        throw new Problem(argument, 'is not a map of strings; write e.g. { "kubernetes.io/os": "linux" }');
    }
    for (const [k, v] of Object.entries(value)) {
        if (typeof v !== "string") {
            throw new Problem(`${argument}["${k}"]`, `is ${JSON.stringify(v)}, not a string; quote it`);
        }
    }
    return { ...(value as Record<string, string>) };
}

function checkArray(value: unknown, argument: string): unknown[] | undefined {
    if (value !== undefined && !Array.isArray(value)) {
        throw new Problem(argument, "is not a list");
    }
    return value as unknown[] | undefined;
}

/**
 * Check the scheduling arguments; return the pod-spec fields they set (Kubernetes) and the stop
 * grace period (every platform).
 */
export function resolveScheduling(
    platform: Platform,
    args: SchedulingArgs,
): {
    podFields: ResolvedScheduling;
    terminationGracePeriodSeconds?: number;
    podLabels: Record<string, string>;
    podAnnotations: Record<string, string>;
} {
    if (platform !== "kubernetes") {
        for (const field of kubernetesOnly) {
            if (args[field] !== undefined) {
                throw new Problem(
                    field,
                    `is Kubernetes-only and has no counterpart on the ${platform} platform; drop it, or use platform "kubernetes"`,
                );
            }
        }
    }
    const grace = optionalInteger(args.terminationGracePeriodSeconds, "terminationGracePeriodSeconds", 0);
    const tolerations = checkArray(args.tolerations, "tolerations")?.map((t, i) => {
        const tol = t as Toleration;
        if (tol === null || typeof tol !== "object") {
            throw new Problem(
                `tolerations[${i}]`,
                'is not an object; write e.g. { key: "dedicated", operator: "Exists", effect: "NoSchedule" }',
            );
        }
        const operator = optionalEnum(tol.operator, `tolerations[${i}].operator`, Object.values(TolerationOperator));
        optionalEnum(tol.effect, `tolerations[${i}].effect`, Object.values(TaintEffect));
        optionalInteger(tol.tolerationSeconds, `tolerations[${i}].tolerationSeconds`, 0, Number.MAX_SAFE_INTEGER);
        if (operator === "Exists" && tol.value !== undefined && tol.value !== "") {
            throw new Problem(`tolerations[${i}].value`, 'must be empty with operator "Exists"; drop value, or use operator "Equal"');
        }
        if ((tol.key === undefined || tol.key === "") && operator !== "Exists") {
            throw new Problem(`tolerations[${i}].operator`, 'must be "Exists" when key is empty (tolerate every taint)');
        }
        return { ...tol };
    });
    const spreads = checkArray(args.topologySpreadConstraints, "topologySpreadConstraints")?.map((c, i) => {
        const s = c as TopologySpreadConstraint;
        if (s === null || typeof s !== "object" || typeof s.topologyKey !== "string" || s.topologyKey === "") {
            throw new Problem(
                `topologySpreadConstraints[${i}].topologyKey`,
                'is missing; give the node label of the domain, e.g. "topology.kubernetes.io/zone"',
            );
        }
        optionalInteger(s.maxSkew, `topologySpreadConstraints[${i}].maxSkew`, 1);
        if (s.maxSkew === undefined) {
            throw new Problem(
                `topologySpreadConstraints[${i}].maxSkew`,
                "is missing; give the largest allowed difference in pod count, e.g. 1",
            );
        }
        if (
            optionalEnum(s.whenUnsatisfiable, `topologySpreadConstraints[${i}].whenUnsatisfiable`, Object.values(UnsatisfiableAction)) ===
            undefined
        ) {
            throw new Problem(`topologySpreadConstraints[${i}].whenUnsatisfiable`, 'is missing; give "DoNotSchedule" or "ScheduleAnyway"');
        }
        return { ...s };
    });
    const affinity = args.affinity;
    if (affinity !== undefined && (affinity === null || typeof affinity !== "object" || Array.isArray(affinity))) {
        throw new Problem("affinity", "is not an object; write e.g. { podAntiAffinity: { … } }");
    }
    const pullSecrets = optionalStrings(args.imagePullSecrets, "imagePullSecrets");
    pullSecrets?.forEach((s, i) => checkName(s, `imagePullSecrets[${i}]`));
    const podFields: ResolvedScheduling = {};
    const set = (key: string, value: unknown) => {
        if (value !== undefined) {
            podFields[key] = value;
        }
    };
    set("serviceAccountName", checkName(args.serviceAccountName, "serviceAccountName"));
    set("automountServiceAccountToken", optionalBoolean(args.automountServiceAccountToken, "automountServiceAccountToken"));
    set(
        "imagePullSecrets",
        pullSecrets?.map((name) => ({ name })),
    );
    set("nodeSelector", checkStringMap(args.nodeSelector, "nodeSelector"));
    set("tolerations", tolerations);
    set("affinity", affinity === undefined ? undefined : JSON.parse(JSON.stringify(affinity)));
    set("topologySpreadConstraints", spreads);
    set("priorityClassName", checkName(args.priorityClassName, "priorityClassName"));
    set("terminationGracePeriodSeconds", grace);
    return {
        podFields,
        terminationGracePeriodSeconds: grace,
        podLabels: checkStringMap(args.podLabels, "podLabels") ?? {},
        podAnnotations: checkStringMap(args.podAnnotations, "podAnnotations") ?? {},
    };
}
