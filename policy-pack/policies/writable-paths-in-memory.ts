// writable-paths-in-memory: the few paths a read-only container may write are held in memory,
// bounded in size, and gone when the container stops. A disk-backed emptyDir outlives a container
// restart and fills the node's disk; an unbounded tmpfs can take the host's memory; and every
// extra writable path is one more place code can be written to.
import { PolicyConfigSchema } from "@pulumi/policy";
import { exemptionConfigProperties, podTemplatesConfigProperties } from "../lib/config";
import {
    containerLabel,
    ContainerSelectionConfig,
    containerSelectionConfigProperties,
    pathIn,
    selectedContainers,
} from "../lib/containers";
import { markerNote, containerExemption, ExemptionConfig, workloadExemption } from "../lib/exemptions";
import { Finding } from "../lib/findings";
import { workloadPolicy, WorkloadPolicyDefinition } from "../lib/resourcePolicy";
import {
    ContainerView,
    EmptyDirBacking,
    isUnknown,
    isWritable,
    MountView,
    mountsOf,
    PropertyPath,
    SizeLimit,
    TmpfsBacking,
    wordingOf,
    WorkloadView,
    pathWith,
} from "../workloads";
import { guidanceOf, platformTags } from "../platforms/registry";

/** The policy's name. */
export const writablePathsInMemoryPolicyName = "writable-paths-in-memory";

/** Config of writable-paths-in-memory (defaults in the schema). */
export interface WritablePathsInMemoryConfig extends ExemptionConfig, ContainerSelectionConfig {
    readonly requireMemoryMedium: boolean;
    readonly requireSizeLimit: boolean;
    readonly maxWritablePaths: number;
}

const defaultMaxWritablePaths = 5;

export const writablePathsInMemoryConfigSchema: PolicyConfigSchema = {
    properties: {
        ...exemptionConfigProperties,
        ...podTemplatesConfigProperties,
        ...containerSelectionConfigProperties,
        requireMemoryMedium: {
            type: "boolean",
            default: true,
            description: "A writable emptyDir mount must use medium: Memory.",
        },
        requireSizeLimit: {
            type: "boolean",
            default: true,
            description: "A writable emptyDir must set sizeLimit, a Docker tmpfs entry size=, a tmpfs mount tmpfsOptions.sizeBytes.",
        },
        maxWritablePaths: {
            type: "integer",
            minimum: 0,
            default: defaultMaxWritablePaths,
            description: "The most writable emptyDir / tmpfs mounts one container may have.",
        },
    },
};

/** How a mount's target reads in a message. */
function targetText(mount: MountView): string {
    if (typeof mount.target === "string") {
        return mount.target;
    }
    return isUnknown(mount.target) ? "a path unknown until the update" : "no mountPath";
}

interface Problem {
    readonly text: string;
    readonly path: PropertyPath;
}

/** What is wrong with a size limit, or undefined when it bounds the mount (or is unknown). */
// The path is spelled only for a problem: most mounts of a compliant stack have none.
function sizeProblem(size: SizeLimit, view: WorkloadView, path: () => PropertyPath, isPatch: boolean): Problem | undefined {
    switch (size.state) {
        case "unset": {
            // A patch that does not set the limit leaves the live object's limit alone.
            if (isPatch) {
                return undefined;
            }
            const p = path();
            return { text: `${pathIn(view, p)} is unset`, path: p };
        }
        case "unbounded": {
            const p = path();
            return { text: `${pathIn(view, p)} is ${JSON.stringify(size.value)}, which bounds nothing`, path: p };
        }
        default:
            return undefined;
    }
}

function emptyDirFinding(
    view: WorkloadView,
    container: ContainerView,
    mount: MountView,
    backing: EmptyDirBacking,
    config: WritablePathsInMemoryConfig,
): Finding | undefined {
    const problems: Problem[] = [];
    let mediumPath: PropertyPath | undefined;
    if (config.requireMemoryMedium !== false && !isUnknown(backing.medium) && backing.medium !== "Memory") {
        mediumPath = pathWith(backing.emptyDirPath, "medium");
        if (backing.medium === undefined) {
            if (!view.isPatch) {
                problems.push({ text: `it is on the node's disk (${pathIn(view, mediumPath)} is unset)`, path: mediumPath });
            }
        } else {
            problems.push({
                text: `it is on the node's disk (${pathIn(view, mediumPath)} is ${JSON.stringify(backing.medium)})`,
                path: mediumPath,
            });
        }
    }
    if (config.requireSizeLimit !== false) {
        const p = sizeProblem(backing.sizeLimit, view, () => pathWith(backing.emptyDirPath, "sizeLimit"), view.isPatch);
        if (p) {
            problems.push({ text: `it is unbounded (${p.text})`, path: p.path });
        }
    }
    if (problems.length === 0) {
        return undefined;
    }
    return {
        container: container.name,
        path: problems[0].path,
        facts: {
            platform: view.platform,
            problem: problems[0].path === mediumPath ? "disk-backed-path" : "unbounded-path",
            state: problems[0].path === mediumPath ? "disk" : backing.sizeLimit.state,
            fix: "memory-and-size",
        },
        message:
            `${containerLabel(view, container)} mounts emptyDir volume "${backing.volumeName}" writable at ${targetText(mount)} ` +
            `(${pathIn(view, mount.path)}), but ${problems.map((p) => p.text).join(" and ")}. ` +
            `Set medium: Memory and a sizeLimit (e.g. 64Mi) on ${pathIn(view, backing.emptyDirPath)}, so the writable path is held ` +
            `in memory, bounded, and gone when the pod stops; or mount it readOnly: true if the container only reads it.` +
            markerNote(view, config),
    };
}

function tmpfsFinding(
    view: WorkloadView,
    container: ContainerView,
    mount: MountView,
    backing: TmpfsBacking,
    config: WritablePathsInMemoryConfig,
): Finding | undefined {
    const p = sizeProblem(backing.sizeLimit, view, () => backing.sizePath, false);
    if (!p) {
        return undefined;
    }
    const wording = wordingOf(view);
    return {
        container: container.name,
        path: p.path,
        facts: { platform: view.platform, problem: "unbounded-path", state: backing.sizeLimit.state, fix: "set-size" },
        message:
            `${containerLabel(view, container)} has a tmpfs at ${targetText(mount)} with no size limit: ${wording.tmpfsSizeProblem(view, backing)}. ` +
            `${wording.tmpfsSizeFix(view, backing, typeof mount.target === "string" ? mount.target : "/tmp")}, so the writable path is bounded in memory; an unbounded tmpfs can take the host's memory.` +
            markerNote(view, config),
    };
}

/** A container's writable emptyDir and tmpfs mounts: the writable paths this policy governs. */
function writablePaths(mounts: readonly MountView[]): MountView[] {
    return mounts.filter((m) => isWritable(m) && (m.backing.kind === "emptyDir" || m.backing.kind === "tmpfs"));
}

function countFinding(
    view: WorkloadView,
    container: ContainerView,
    paths: readonly MountView[],
    max: number,
    config: WritablePathsInMemoryConfig,
): Finding | undefined {
    if (paths.length <= max) {
        return undefined;
    }
    return {
        container: container.name,
        path: paths[max].path,
        facts: { platform: view.platform, problem: "too-many-paths", state: String(paths.length), fix: "fewer-paths" },
        message:
            `${containerLabel(view, container)} has ${paths.length} writable in-memory paths ` +
            `(${paths.map((m) => `${targetText(m)} at ${pathIn(view, m.path)}`).join(", ")}), more than maxWritablePaths (${max}). ` +
            `Each is a place code can be written to: gather them under fewer directories, mount readOnly: true what ` +
            `the container only reads, or raise maxWritablePaths for this workload.` +
            markerNote(view, config),
    };
}

/** The findings of writable-paths-in-memory for one workload. Pure. */
export function findUnboundedWritablePaths(view: WorkloadView, config: WritablePathsInMemoryConfig): Finding[] {
    // A Windows pod has no memory-backed emptyDir: nothing here applies to it.
    if (view.notApplicable || workloadExemption(view, config)) {
        return [];
    }
    const max =
        typeof config.maxWritablePaths === "number" && Number.isFinite(config.maxWritablePaths) && config.maxWritablePaths >= 0
            ? Math.floor(config.maxWritablePaths)
            : defaultMaxWritablePaths;
    const findings: Finding[] = [];
    for (const container of selectedContainers(view, config)) {
        if (containerExemption(container, config)) {
            continue;
        }
        const paths = writablePaths(mountsOf(view, container).mounts);
        for (const mount of paths) {
            const f =
                mount.backing.kind === "emptyDir"
                    ? emptyDirFinding(view, container, mount, mount.backing, config)
                    : mount.backing.kind === "tmpfs" && config.requireSizeLimit !== false
                      ? tmpfsFinding(view, container, mount, mount.backing, config)
                      : undefined;
            if (f) {
                findings.push(f);
            }
        }
        // Mounts whose writability is unknown are not counted: a count above the limit from the
        // known ones alone is a sure verdict, one that needs the unknown ones is none.
        const tooMany = countFinding(view, container, paths, max, config);
        if (tooMany) {
            findings.push(tooMany);
        }
    }
    return findings;
}

export const writablePathsInMemoryDefinition: WorkloadPolicyDefinition<WritablePathsInMemoryConfig> = {
    name: writablePathsInMemoryPolicyName,
    displayName: "Writable paths in memory",
    description:
        "The few paths a container may write are in memory and bounded (an emptyDir with medium: Memory and a sizeLimit, a " +
        "tmpfs with a size), and a container has at most maxWritablePaths of them.",
    enforcementLevel: "advisory",
    severity: "medium",
    get tags() {
        return ["immutability", "resource-limits", ...platformTags()];
    },
    get remediationSteps() {
        return (
            `${guidanceOf("writablePaths")} Keep the writable paths few: gather them under one directory, and mount ` +
            "read-only what is only read. ImmutableService builds all of this."
        );
    },
    configSchema: writablePathsInMemoryConfigSchema,
    evaluate: findUnboundedWritablePaths,
};

/** The `@pulumi/policy` policy. */
export const writablePathsInMemory = workloadPolicy(writablePathsInMemoryDefinition);
