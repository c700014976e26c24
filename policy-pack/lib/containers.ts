// Which containers of a workload a per-container policy checks, and how messages name them.
// Shared by every per-container policy so that `checkInitContainers` / `checkEphemeralContainers`
// mean the same thing everywhere and every message names a container the same way.
import { PolicyConfigSchema } from "@pulumi/policy";
import { ContainerView, WorkloadView } from "../workloads";

/** The container-selection config keys every per-container policy accepts. */
export interface ContainerSelectionConfig {
    readonly checkInitContainers: boolean;
    readonly checkEphemeralContainers: boolean;
}

/** Schema of the container-selection keys, with their defaults. */
export const containerSelectionConfigProperties: PolicyConfigSchema["properties"] = {
    checkInitContainers: {
        type: "boolean",
        default: true,
        description: "Check initContainers (native sidecars included).",
    },
    checkEphemeralContainers: {
        type: "boolean",
        default: true,
        description: "Check ephemeralContainers (debug containers).",
    },
};

/** The containers this config asks to check. */
export function selectedContainers(view: WorkloadView, config: ContainerSelectionConfig): ContainerView[] {
    return view.containers.filter(
        (c) =>
            (c.list !== "initContainers" || config.checkInitContainers !== false) &&
            (c.list !== "ephemeralContainers" || config.checkEphemeralContainers !== false),
    );
}

/** `Deployment "web"`, `Docker container "web"`, `Swarm service "web"`. */
export function workloadLabel(view: WorkloadView): string {
    if (view.platform === "swarm") {
        return `Swarm service "${view.name}"`;
    }
    if (view.platform === "docker") {
        return `Docker container "${view.name}"`;
    }
    return `${view.kind} "${view.name}"`;
}

/** `Deployment "web" containers[0] "app"`; Docker and Swarm have one container, named by the workload. */
export function containerLabel(view: WorkloadView, container: ContainerView): string {
    if (view.platform !== "kubernetes") {
        return workloadLabel(view);
    }
    return `${workloadLabel(view)} ${container.list}[${container.index}] "${container.name}"`;
}
