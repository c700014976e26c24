// Whether a document is a Compose file: cheap, so that the Compose reader (./compose.ts and the
// extends, YAML and syntax modules behind it) is loaded only for runs that have one.

/** True for a document the checker reads as a Compose file: it has a top-level `services` map. */
export function isComposeFile(value: unknown): boolean {
    const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
    return isObject(value) && !("apiVersion" in value && "kind" in value) && isObject(value.services);
}
