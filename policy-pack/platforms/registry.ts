// Every platform the pack judges, in one list. A view names its platform by id; policies ask
// `platformOf(view)` for what differs between platforms.
import type { WorkloadView } from "../workloads/model";
import { dockerPlatform } from "./docker";
import { ecsPlatform } from "./ecs";
import { kubernetesPlatform } from "./kubernetes";
import { Platform, Wording } from "./platform";
import { swarmPlatform } from "./swarm";

export type { Dialect, Platform, Wording } from "./platform";

const platforms: Platform[] = [kubernetesPlatform, dockerPlatform, swarmPlatform, ecsPlatform];

/** The platforms the pack judges, in the order they are asked about a resource. */
export function registeredPlatforms(): readonly Platform[] {
    return platforms;
}

/**
 * Adds a platform (a plug-in, or a test's toy platform) after the built-in ones; returns what
 * removes it again. A platform whose id is taken is refused.
 */
export function registerPlatform(platform: Platform): () => void {
    if (platforms.some((p) => p.id === platform.id)) {
        throw new Error(`a platform with id "${platform.id}" is already registered`);
    }
    platforms.push(platform);
    return () => {
        const i = platforms.indexOf(platform);
        if (i >= 0) {
            platforms.splice(i, 1);
        }
    };
}

/** The platform of a view. */
export function platformOf(view: WorkloadView): Platform {
    const found = platforms.find((p) => p.id === view.platform);
    if (!found) {
        throw new Error(`no platform "${view.platform}" is registered`);
    }
    return found;
}

/** How this view's findings are worded: its dialect's wording when it has one, else the platform's. */
export function wordingOf(view: WorkloadView): Wording {
    const platform = platformOf(view);
    return view.dialect?.wordingFor(platform) ?? platform.wording;
}

/** Every platform's tag (or those `which` keeps), for the policies' metadata. */
export function platformTags(which: (p: Platform) => boolean = () => true): string[] {
    return platforms.filter(which).map((p) => p.id);
}

/** `Kubernetes: … Docker: …`: each platform's advice for one policy. */
export function guidanceOf(key: keyof Platform["guidance"]): string {
    return platforms.map((p) => `${p.title}: ${p.guidance[key]}`).join(" ");
}
