// `containerDefinitions` of `aws.ecs.TaskDefinition` is a JSON string. Reading decodes it;
// remediation writes the changed fields back into the same text, leaving every other byte as it
// was, and keeps a secret string secret.
import { isSdkSecret, newSdkSecret, proxyTarget } from "../../workloads/sdkValues";
import { isUnknown, plain } from "../../workloads/values";

export type DecodedDefinitions =
    | { readonly state: "absent" }
    | { readonly state: "unknown" }
    | { readonly state: "malformed"; readonly value: unknown }
    | { readonly state: "list"; readonly definitions: readonly unknown[]; readonly text?: string; readonly secret: boolean };

const decodedByProps = new WeakMap<object, DecodedDefinitions>();

/** The container definitions of a task definition's props, decoded from JSON when they are a string. */
export function decodedContainerDefinitions(props: Record<string, unknown>): DecodedDefinitions {
    const cached = decodedByProps.get(props);
    if (cached) {
        return cached;
    }
    // Read without peeling secrets: a secret string must stay secret when it is written back.
    const container = plain(props) as Record<string, unknown>;
    const raw = Object.prototype.hasOwnProperty.call(container, "containerDefinitions")
        ? (proxyTarget(container.containerDefinitions) ?? container.containerDefinitions)
        : undefined;
    const secret = isSdkSecret(raw);
    const value = plain(raw);
    let decoded: DecodedDefinitions;
    if (isUnknown(raw) || isUnknown(value)) {
        decoded = { state: "unknown" };
    } else if (value === undefined || value === null) {
        decoded = { state: "absent" };
    } else if (Array.isArray(value)) {
        decoded = { state: "list", definitions: value, secret };
    } else if (typeof value === "string") {
        let parsed: unknown;
        try {
            parsed = JSON.parse(value);
        } catch {
            parsed = undefined;
        }
        decoded = Array.isArray(parsed) ? { state: "list", definitions: parsed, text: value, secret } : { state: "malformed", value };
    } else {
        decoded = { state: "malformed", value };
    }
    decodedByProps.set(props, decoded);
    return decoded;
}

/** `"key":value` pairs to set per container index. */
export type DefinitionEdits = ReadonlyMap<number, ReadonlyMap<string, unknown>>;

/**
 * The JSON text with each edit applied in place: an existing key's value is replaced, a missing
 * key is added first in its object; everything else is left byte for byte.
 */
export function editDefinitionsText(text: string, edits: DefinitionEdits): string {
    // Lazy: the pack loads the YAML parser (whose CST keeps source ranges) only to write ECS JSON.
    const { parseDocument, isMap, isSeq, isScalar } = require("yaml") as typeof import("yaml");
    const doc = parseDocument(text, { keepSourceTokens: true });
    const root = doc.contents;
    if (!isSeq(root)) {
        throw new Error("containerDefinitions is not a JSON list");
    }
    const splices: Array<{ start: number; end: number; text: string }> = [];
    for (const [index, fields] of edits) {
        const node = root.items[index];
        if (!isMap(node) || !node.range) {
            throw new Error(`containerDefinitions[${index}] is not a JSON object`);
        }
        for (const [key, value] of fields) {
            const json = JSON.stringify(value);
            const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
            const valueNode = pair?.value as { range?: [number, number, number] } | undefined;
            if (pair && valueNode?.range) {
                splices.push({ start: valueNode.range[0], end: valueNode.range[1], text: json });
            } else {
                const open = node.range[0];
                splices.push({ start: open + 1, end: open + 1, text: `${JSON.stringify(key)}:${json}${node.items.length > 0 ? "," : ""}` });
            }
        }
    }
    let out = text;
    for (const s of splices.sort((a, b) => b.start - a.start)) {
        out = out.slice(0, s.start) + s.text + out.slice(s.end);
    }
    return out;
}

/**
 * The props to return from a remediation: when the definitions were a JSON string, the changed
 * top-level fields of each definition are written back into that string (secret when it was).
 */
export function encodeRemediated(original: Record<string, unknown>, remediated: Record<string, unknown>): Record<string, unknown> {
    const decoded = decodedContainerDefinitions(original);
    if (decoded.state !== "list" || decoded.text === undefined) {
        return remediated;
    }
    const after = plain(remediated.containerDefinitions);
    if (!Array.isArray(after)) {
        return remediated;
    }
    const edits = new Map<number, Map<string, unknown>>();
    after.forEach((entry, index) => {
        const before = decoded.definitions[index] as Record<string, unknown> | undefined;
        const now = plain(entry) as Record<string, unknown> | undefined;
        if (!before || !now || typeof now !== "object") {
            return;
        }
        for (const key of Object.keys(now)) {
            if (JSON.stringify(plain(now[key])) !== JSON.stringify(before[key])) {
                const fields = edits.get(index) ?? new Map<string, unknown>();
                fields.set(key, plain(now[key]));
                edits.set(index, fields);
            }
        }
    });
    const text = editDefinitionsText(decoded.text, edits);
    return { ...remediated, containerDefinitions: decoded.secret ? newSdkSecret(text) : text };
}
