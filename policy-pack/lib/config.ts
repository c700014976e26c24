// Policy configuration: JSON schemas with defaults, and the defaults applied to what the engine
// sends. `@pulumi/policy` hands a policy only the keys a user set, so defaults live here.
import { PolicyConfigSchema } from "@pulumi/policy";

type JsonSchemaProperty = PolicyConfigSchema["properties"][string];

/** A string-list config property with an empty default. */
export function globList(description: string): JsonSchemaProperty {
    return { type: "array", items: { type: "string" }, default: [], description };
}

/**
 * Whether the exemption marker exempts. The marker is written in the program or manifest, by the
 * people the policy gates; an organisation that wants every exemption decided in the pack's config
 * (the config `pulumi policy enable --config` gives, which its users cannot change) turns it off.
 */
export const exemptionMarkerConfigProperties: PolicyConfigSchema["properties"] = {
    honourExemptionMarker: {
        type: "boolean",
        default: true,
        description:
            "Whether the immutable-workloads/exempt annotation (Kubernetes), label (Docker, Swarm) or tag (ECS) on a workload " +
            "exempts it. Set false in an organisation's enforced config so that only the exemptions in this config count.",
    },
};

/** The exemption keys every per-container policy accepts. */
export const exemptionConfigProperties: PolicyConfigSchema["properties"] = {
    ...exemptionMarkerConfigProperties,
    exemptContainers: globList("Container names (globs) that are not checked."),
    exemptImages: globList(
        "Image references (globs) that are not checked, matched against the normalised reference " +
            "(`nginx:1.27` is `docker.io/library/nginx:1.27`); a pattern without a tag matches every tag.",
    ),
    exemptNamespaces: globList("Kubernetes namespaces (globs) whose workloads are not checked."),
    exemptResources: globList(
        "Resources (globs) that are not checked, matched against the Pulumi resource name, the object's name and `<Kind>/<name>`.",
    ),
};

// A schema's defaults, computed once: the same schema is applied to every resource of a preview.
const defaultsBySchema = new WeakMap<PolicyConfigSchema, Readonly<Record<string, unknown>>>();

function defaultsOf(schema: PolicyConfigSchema): Readonly<Record<string, unknown>> {
    let defaults = defaultsBySchema.get(schema);
    if (!defaults) {
        const d: Record<string, unknown> = {};
        for (const [key, property] of Object.entries(schema.properties)) {
            const def = (property as { default?: unknown }).default;
            if (def !== undefined) {
                d[key] = Array.isArray(def) ? Object.freeze([...def]) : def;
            }
        }
        defaults = Object.freeze(d);
        defaultsBySchema.set(schema, defaults);
    }
    return defaults;
}

/**
 * The values of a config schema's defaults, then what the user set on top. The result is
 * read-only (policies take their config as `readonly`), so without user keys the shared defaults
 * object itself is returned.
 */
export function withDefaults<T>(schema: PolicyConfigSchema, configured: unknown): T {
    const defaults = defaultsOf(schema);
    if (configured === null || typeof configured !== "object" || Array.isArray(configured)) {
        return defaults as T;
    }
    const keys = Object.keys(configured).filter(
        (k) => k !== "enforcementLevel" && (configured as Record<string, unknown>)[k] !== undefined,
    );
    if (keys.length === 0) {
        return defaults as T;
    }
    const result: Record<string, unknown> = { ...defaults };
    for (const key of keys) {
        result[key] = (configured as Record<string, unknown>)[key];
    }
    return result as T;
}

/**
 * `podTemplates`: an organisation's own operators whose objects carry a pod spec, declared in
 * config instead of code. Each entry names an apiVersion (a glob: `example.com/*`), a kind, and
 * the dotted path of the pod spec in the object (`spec.template.spec`).
 */
export const podTemplatesConfigProperties: PolicyConfigSchema["properties"] = {
    podTemplates: {
        type: "array",
        default: [],
        description:
            "Custom resource kinds that carry a pod spec, judged like built-in workloads: " +
            '[{ "apiVersion": "example.com/*", "kind": "Worker", "podSpecPath": "spec.template.spec" }]. ' +
            "Set the same list on every policy that should judge them.",
        items: {
            type: "object",
            additionalProperties: false,
            required: ["apiVersion", "kind", "podSpecPath"],
            properties: {
                apiVersion: { type: "string", minLength: 1, description: "The apiVersion (group/version), a glob." },
                kind: { type: "string", pattern: "^[A-Za-z][A-Za-z0-9]*$", description: "The kind, exactly." },
                podSpecPath: {
                    type: "string",
                    pattern: "^[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)*$",
                    description: "The dotted path of the pod spec in the object, e.g. spec.template.spec.",
                },
            },
        },
    },
};
