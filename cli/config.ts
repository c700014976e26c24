// `--config`: the JSON a user passes to `pulumi preview --policy-pack-config`, checked the way
// the engine checks it — each policy's entry against that policy's own config schema.
import type AjvClass from "ajv";
import { PackConfig } from "../policy-pack/checks";
import { packPolicies } from "./policies";

const levels = ["advisory", "mandatory", "remediate", "disabled"] as const;

/** Every policy of the pack with its config schema. */
function policySchemas(): Map<string, object> {
    const out = new Map<string, object>();
    for (const def of packPolicies()) {
        out.set(def.name, {
            type: "object",
            properties: { ...def.configSchema.properties, enforcementLevel: { enum: [...levels] } },
            required: def.configSchema.required ?? [],
        });
    }
    return out;
}

/** The pack's config from a `--policy-pack-config` document, or the reasons it is invalid. */
export function validatePackConfig(json: unknown): { config: PackConfig } | { errors: string[] } {
    if (json === null || typeof json !== "object" || Array.isArray(json)) {
        return { errors: ["the config must be a JSON object keyed by policy name"] };
    }
    const schemas = policySchemas();
    // ajv is loaded only when there is a config to validate: most runs have none.
    const Ajv = (require("ajv") as { default: typeof AjvClass }).default;
    const ajv = new Ajv({ allErrors: true, strict: false });
    const errors: string[] = [];
    const config: Record<string, unknown> = {};
    // `all` sets the level of every policy not named on its own, as the engine does.
    const all = (json as Record<string, unknown>).all;
    if (all !== undefined) {
        if (typeof all !== "string" || !(levels as readonly string[]).includes(all)) {
            errors.push(`all: must be one of ${levels.join(", ")}`);
        } else {
            for (const name of schemas.keys()) {
                config[name] = all;
            }
        }
    }
    for (const [name, value] of Object.entries(json as Record<string, unknown>)) {
        if (name === "all") {
            continue;
        }
        const schema = schemas.get(name);
        if (!schema) {
            errors.push(`${name}: no such policy in the pack (policies: ${[...schemas.keys()].join(", ")})`);
            continue;
        }
        if (typeof value === "string") {
            if (!(levels as readonly string[]).includes(value)) {
                errors.push(`${name}: "${value}" is not an enforcement level (${levels.join(", ")})`);
            }
            config[name] = value;
            continue;
        }
        const validate = ajv.compile(schema);
        if (!validate(value)) {
            for (const e of validate.errors ?? []) {
                errors.push(`${name}${e.instancePath.replace(/\//g, ".")}: ${e.message ?? "is invalid"}`);
            }
            continue;
        }
        const entry = value as Record<string, unknown>;
        // An object without a level keeps the level `all` gave, else the policy's default.
        config[name] =
            entry.enforcementLevel === undefined && typeof config[name] === "string" ? { ...entry, enforcementLevel: config[name] } : entry;
    }
    return errors.length > 0 ? { errors } : { config: config as PackConfig };
}

/**
 * The text of a config file's bytes: UTF-8, with or without the byte order mark Windows editors
 * and PowerShell write, or UTF-16 when a byte order mark says so (as JSON.parse would refuse the
 * mark with "Unexpected token").
 */
export function decodeConfigText(bytes: Uint8Array): { text: string } | { error: string } {
    let encoding: "utf-8" | "utf-16le" | "utf-16be" = "utf-8";
    if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
        encoding = "utf-16le";
    } else if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
        encoding = "utf-16be";
    }
    try {
        // ignoreBOM: false strips the byte order mark of the encoding.
        return { text: new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes) };
    } catch {
        return { error: `not ${encoding === "utf-8" ? "UTF-8" : "UTF-16"} text` };
    }
}

/** The pack's config from the bytes of a `--policy-pack-config` file, or why it is not one. */
export function readPackConfig(bytes: Uint8Array): { config: PackConfig } | { error: string } | { errors: string[] } {
    const decoded = decodeConfigText(bytes);
    if ("error" in decoded) {
        return { error: `not JSON: ${decoded.error}` };
    }
    let json: unknown;
    try {
        json = JSON.parse(decoded.text);
    } catch (err) {
        return { error: `not JSON: ${(err as Error).message}` };
    }
    return validatePackConfig(json);
}
