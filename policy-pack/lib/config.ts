// Policy configuration: JSON schemas with defaults, and the defaults applied to what the engine
// sends. `@pulumi/policy` hands a policy only the keys a user set, so defaults live here.
import { PolicyConfigSchema } from "@pulumi/policy";

type JsonSchemaProperty = PolicyConfigSchema["properties"][string];

/** A string-list config property with an empty default. */
export function globList(description: string): JsonSchemaProperty {
    return { type: "array", items: { type: "string" }, default: [], description };
}

/** The exemption keys every per-container policy accepts. */
export const exemptionConfigProperties: PolicyConfigSchema["properties"] = {
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

/** The values of a config schema's defaults, then what the user set on top. */
export function withDefaults<T>(schema: PolicyConfigSchema, configured: unknown): T {
    const result: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(schema.properties)) {
        const def = (property as { default?: unknown }).default;
        if (def !== undefined) {
            result[key] = Array.isArray(def) ? [...def] : def;
        }
    }
    if (configured !== null && typeof configured === "object" && !Array.isArray(configured)) {
        for (const [key, value] of Object.entries(configured as Record<string, unknown>)) {
            if (value !== undefined && key !== "enforcementLevel") {
                result[key] = value;
            }
        }
    }
    return result as T;
}
