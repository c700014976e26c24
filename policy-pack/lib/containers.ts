// Which containers of a workload a per-container policy checks, and how messages name them.
// Shared by every per-container policy so that `checkInitContainers` / `checkEphemeralContainers`
// mean the same thing everywhere and every message names a container the same way.
import { PolicyConfigSchema } from "@pulumi/policy";
import { ContainerView, PropertyPath, wordingOf, WorkloadView } from "../workloads";

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

/** `Deployment "web"`, `Docker container "web"`, `Swarm service "web"`: as its platform and dialect name it. */
export function workloadLabel(view: WorkloadView): string {
    return wordingOf(view).workload(view);
}

/** `Deployment "web" containers[0] "app"`; a one-container workload is named by the workload. */
export function containerLabel(view: WorkloadView, container: ContainerView): string {
    return wordingOf(view).container(view, container);
}

/** A path of the workload's props as its user writes it (a props path, a YAML path, a Compose key). */
export function pathIn(view: WorkloadView, path: PropertyPath): string {
    return wordingOf(view).path(view, path);
}
