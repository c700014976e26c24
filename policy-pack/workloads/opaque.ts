// Opaque resources: resources that deploy workloads the engine never registers, so no policy of
// the pack can look into them. A Helm `Release` (helm.sh/v3) installs a chart from inside the
// provider; its Deployments, DaemonSets… never reach `validateResource`. The Helm `Chart`
// components (v3, v4) render the chart and register every object, so they are not opaque.
import { asString, field, fieldAt, isUnknown } from "./values";

/** What the pack knows about one opaque resource type. */
export interface OpaqueResourceType {
    readonly typeToken: string;
    /** How users call it: `Helm Release`. */
    readonly displayKind: string;
    /** Why the pack cannot see its workloads. */
    readonly why: string;
    /** What to do instead. */
    readonly fix: string;
    /** Where its namespace and release/object name live in its props. */
    readonly namePath: readonly string[];
    readonly namespacePath: readonly string[];
}

/** Every opaque resource type, by type token. */
export const opaqueResourceTypes: readonly OpaqueResourceType[] = [
    {
        typeToken: "kubernetes:helm.sh/v3:Release",
        displayKind: "Helm Release",
        why:
            "installs the chart from inside the Kubernetes provider, so none of the workloads it deploys is registered " +
            "as a Pulumi resource or checked by this policy pack",
        fix:
            "deploy the chart with kubernetes.helm.v4.Chart (kubernetes:helm.sh/v4:Chart) or helm.v3.Chart, whose rendered " +
            "resources are registered and checked, or render it into the program (helm template, then yaml.v2.ConfigGroup)",
        namePath: ["name"],
        namespacePath: ["namespace"],
    },
];

const byTypeToken: ReadonlyMap<string, OpaqueResourceType> = new Map(opaqueResourceTypes.map((t) => [t.typeToken, t]));

/** Every opaque type token. */
export const opaqueResourceTypeTokens: readonly string[] = [...byTypeToken.keys()];

/** A resource whose workloads the pack cannot see. */
export interface OpaqueResourceView {
    readonly type: OpaqueResourceType;
    readonly typeToken: string;
    /** The release name when set and known, else the Pulumi resource name. */
    readonly name: string;
    readonly resourceName: string;
    /** Namespace when set and known. */
    readonly namespace?: string;
    /** What it deploys, as far as known at preview: `chart ingress-nginx 4.11.0 from https://…`. */
    readonly deploys?: string;
}

function knownString(value: unknown): string | undefined {
    return isUnknown(value) ? undefined : asString(value);
}

function helmChartDescription(props: unknown): string | undefined {
    const chart = knownString(field(props, "chart"));
    if (chart === undefined || chart === "") {
        return undefined;
    }
    const version = knownString(field(props, "version"));
    const repo = knownString(fieldAt(props, ["repositoryOpts", "repo"]));
    return `chart ${chart}${version ? ` ${version}` : ""}${repo ? ` from ${repo}` : ""}`;
}

/** The view of an opaque resource, or undefined when the type is not opaque. Never throws. */
export function opaqueResourceOf(typeToken: string, props: unknown, resourceName: string): OpaqueResourceView | undefined {
    const type = typeof typeToken === "string" ? byTypeToken.get(typeToken) : undefined;
    if (!type) {
        return undefined;
    }
    const name = typeof resourceName === "string" ? resourceName : "";
    return {
        type,
        typeToken,
        name: knownString(fieldAt(props, type.namePath)) || name,
        resourceName: name,
        namespace: knownString(fieldAt(props, type.namespacePath)) || undefined,
        deploys: helmChartDescription(props),
    };
}
