// Who is exempt: the exemption marker on the workload, and the exemption config keys. Every
// per-container policy applies the same rules through this module.
import { globMatcher as compileGlob } from "./globs";
import { ContainerView, exemptionMarkerKey, isUnknown, normaliseImageReference, repositoryOf, wordingOf, WorkloadView } from "../workloads";

/** The exemption config keys (see `exemptionConfigProperties`). */
export interface ExemptionConfig {
    /** False: the exemption marker exempts nothing (see `exemptionMarkerConfigProperties`). */
    readonly honourExemptionMarker: boolean;
    readonly exemptContainers: readonly string[];
    readonly exemptImages: readonly string[];
    readonly exemptNamespaces: readonly string[];
    readonly exemptResources: readonly string[];
}

type Matcher = (candidate: string) => boolean;
const matchers = new Map<string, Matcher>();

// Compiled globs are cached: the same config is applied to every resource of a preview.
function globMatcher(pattern: string): Matcher {
    let m = matchers.get(pattern);
    if (!m) {
        try {
            m = compileGlob(pattern);
        } catch {
            m = (candidate) => candidate === pattern;
        }
        matchers.set(pattern, m);
    }
    return m;
}

function anyMatches(patterns: readonly unknown[] | undefined, candidates: readonly string[]): boolean {
    if (!Array.isArray(patterns)) {
        return false;
    }
    return patterns.some((p) => typeof p === "string" && candidates.some((c) => globMatcher(p)(c)));
}

/** An image matches a pattern written short (`nginx:*`) or in full (`docker.io/library/nginx:*`). */
export function imageMatches(patterns: readonly unknown[] | undefined, image: string): boolean {
    if (!Array.isArray(patterns) || patterns.length === 0) {
        return false;
    }
    const candidates = [image, normaliseImageReference(image), repositoryOf(image)];
    const expanded = patterns.flatMap((p) => {
        if (typeof p !== "string") {
            return [];
        }
        // Normalise the pattern like a reference so `nginx:1.27` finds `docker.io/library/nginx:1.27`.
        return /^[*?[]/.test(p) ? [p] : [p, normalisedPattern(p)];
    });
    return anyMatches(expanded, candidates);
}

function normalisedPattern(pattern: string): string {
    const r = normaliseImageReference(pattern);
    // normaliseImageReference adds `:latest` to a bare name; a bare pattern means any tag.
    return /[:@]/.test(pattern.slice(pattern.lastIndexOf("/") + 1)) ? r : repositoryOf(pattern);
}

/** Why a whole workload is exempt, or undefined. */
export function workloadExemption(view: WorkloadView, config: ExemptionConfig): string | undefined {
    if (view.exemption.state === "set" && markerHonoured(config)) {
        return `exempt by ${exemptionMarkerKey}: ${view.exemption.justification}`;
    }
    if (view.namespace !== undefined && anyMatches(config.exemptNamespaces, [view.namespace])) {
        return `namespace ${view.namespace} is exempt by configuration`;
    }
    if (anyMatches(config.exemptResources, [view.resourceName, view.name, `${view.kind}/${view.name}`])) {
        return `resource ${view.name} is exempt by configuration`;
    }
    return undefined;
}

/** Whether the exemption marker exempts under `config` (it does unless turned off). */
export function markerHonoured(config: Partial<Pick<ExemptionConfig, "honourExemptionMarker">>): boolean {
    return config.honourExemptionMarker !== false;
}

/** Why one container is exempt, or undefined. */
export function containerExemption(container: ContainerView, config: ExemptionConfig): string | undefined {
    if (anyMatches(config.exemptContainers, [container.name])) {
        return `container ${container.name} is exempt by configuration`;
    }
    if (typeof container.image === "string" && !isUnknown(container.image) && imageMatches(config.exemptImages, container.image)) {
        return `image ${container.image} is exempt by configuration`;
    }
    return undefined;
}

/**
 * The sentence a message carries when the marker is present but exempts nothing: the policy's
 * config does not honour it (`honourExemptionMarker: false`), its value is blank (or only
 * invisible characters), or it is not known (computed by another resource during a preview, or
 * the SDK's placeholder for an unknown written as text). A justification nobody can read exempts
 * nothing.
 */
export function markerNote(view: WorkloadView, config: Pick<ExemptionConfig, "honourExemptionMarker">): string {
    const where = wordingOf(view).markerPlace;
    if (view.exemption.state !== "absent" && !markerHonoured(config)) {
        return (
            ` The ${exemptionMarkerKey} ${where} is present, but this policy's configuration does not honour it ` +
            `(honourExemptionMarker: false), so it exempts nothing: an exemption must be in the policy's config.`
        );
    }
    if (view.exemption.state === "blank") {
        return ` The ${exemptionMarkerKey} ${where} is present but empty, so it exempts nothing: its value must say why the workload needs an exemption.`;
    }
    if (view.exemption.state === "unknown") {
        return (
            ` The ${exemptionMarkerKey} ${where} is present but its justification is not known yet (a value computed by another ` +
            `resource, or Pulumi's placeholder for one), so it exempts nothing: write the justification as plain text.`
        );
    }
    return "";
}

/** A resource that is not a workload (a ConfigMap, a Helm Release) as the exemption keys see it. */
export interface NamedResource {
    readonly kind: string;
    /** The object's own name (`metadata.name`, release name) when known, else the resource name. */
    readonly name: string;
    readonly resourceName: string;
    readonly namespace?: string;
}

/**
 * Why a resource that is not a workload is exempt by `exemptNamespaces` / `exemptResources`, or
 * undefined: the same matching as `workloadExemption`, without the workload's marker.
 */
export function namedResourceExemption(
    resource: NamedResource,
    config: Pick<ExemptionConfig, "exemptNamespaces" | "exemptResources">,
): string | undefined {
    if (resource.namespace !== undefined && anyMatches(config.exemptNamespaces, [resource.namespace])) {
        return `namespace ${resource.namespace} is exempt by configuration`;
    }
    if (anyMatches(config.exemptResources, [resource.resourceName, resource.name, `${resource.kind}/${resource.name}`])) {
        return `resource ${resource.name} is exempt by configuration`;
    }
    return undefined;
}

/** True when a glob of `patterns` matches `candidate` (the exemption keys' glob semantics). */
export function globsMatch(patterns: readonly unknown[] | undefined, candidate: string): boolean {
    return anyMatches(patterns, [candidate]);
}
