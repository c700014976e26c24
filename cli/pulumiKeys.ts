// The keys of Pulumi's records as Pulumi itself reads them. `pulumi stack import` and the backends
// decode a deployment or a checkpoint with Go's encoding/json into structs (apitype's
// UntypedDeployment, DeploymentV3, ResourceV3, VersionedCheckpoint, CheckpointV3), and Go reads
// the keys of a struct differently from JSON.parse:
// - a key names a field by its exact name or, failing that, by the name folded (ASCII case, and
//   the Kelvin sign and long s, which fold to k and s): `Inputs`, `INPUTS` and `input\u017f` are
//   all the field `inputs`;
// - a field written twice keeps what its first value left where its type lets it: a map
//   (`inputs`, `outputs`) adds the second's entries to the first's, a list (`resources`) decodes
//   its elements over the earlier list's, field by field, and a pointer (`latest`) decodes into
//   the struct the first made.
// JSON.parse keeps only the last value of a key written twice, and reads `Inputs` as a key of its
// own, so such a file would be judged on other props than Pulumi holds: a writable container that
// Pulumi reads could pass. Pulumi never writes one (its encoder writes each field once, by its
// exact name), so the checker refuses such a file instead of guessing what was meant. Both ways
// were checked against Go 1.26's encoding/json (test/cli/state-keys.test.ts says how).
//
// Keys inside `inputs` and `outputs` are keys of a Go map: matched exactly, the last one kept, as
// JSON.parse does.

import { jsonStringEnd } from "./jsonText";

/** A key as Go's encoding/json compares it with a field's name when the exact name is absent. */
export function goFoldedKey(key: string): string {
    return key
        .toLowerCase()
        .replace(/\u017f/g, "s")
        .replace(/\u212a/g, "k");
}

/**
 * The keys of `obj` that Go's decoder reads as one of `fields` without being its exact name
 * (`Inputs` for `inputs`), with the field each stands for.
 */
export function foldedFieldKeys(obj: Record<string, unknown>, fields: readonly string[]): Array<{ key: string; field: string }> {
    const out: Array<{ key: string; field: string }> = [];
    for (const key of Object.keys(obj)) {
        // Folding keeps a key's length (the letters that fold to ASCII ones are one code unit each).
        if (fields.includes(key) || !fields.some((f) => f.length === key.length)) {
            continue;
        }
        const folded = goFoldedKey(key);
        const field = fields.find((f) => f.length === key.length && goFoldedKey(f) === folded);
        if (field !== undefined) {
            out.push({ key, field });
        }
    }
    return out;
}

/**
 * The value Go's decoder gives the field `name` of `obj`: the last of the keys that name it,
 * exactly or folded, in the order they are written (JSON.parse keeps that order for distinct
 * keys). `{"deployment": 1, "Deployment": {…}}` is the object to Go.
 */
export function goField(obj: Record<string, unknown>, name: string): unknown {
    const folded = goFoldedKey(name);
    let value: unknown;
    for (const key of Object.keys(obj)) {
        if (key === name || (key.length === name.length && goFoldedKey(key) === folded)) {
            value = obj[key];
        }
    }
    return value;
}

/**
 * The fields whose second value Go's decoder merges into the first, and what their values are
 * when it does: a map (an object) or a list (an array). A second value of another kind replaces
 * the first (null) or makes Pulumi refuse the file (anything else), as JSON.parse does or better.
 */
export const mergedFields = { inputs: "{", outputs: "{", latest: "{", resources: "[" } as const;
export type MergedField = keyof typeof mergedFields;
const mergedNames = Object.keys(mergedFields) as MergedField[];

// A merged field's key written plainly, then its colon and the first character of its value.
const plainMergedKey = /"(inputs|outputs|latest|resources)"\s*:\s*([{[])/g;
// An escape that can stand for a letter of a key (`\u0069` is `i`), or for a letter that folds to one.
const letterEscape = /\\u(?:00[4-7][0-9a-fA-F]|017[fF]|212[aA])/;
// After a key: its colon, and the first character of its value.
const colonThenValue = /\s*:\s*([{[])/y;

/**
 * Calls `found` with each key written with an escape in it, and the first character of its value.
 * Walks the strings of the text from its start, each from its opening quote to its closing one,
 * so that it never starts inside a string: in linear time, whatever the text holds.
 */
function escapedKeys(text: string, found: (key: string, opener: string) => void): void {
    let backslash = text.indexOf("\\");
    for (let pos = 0; backslash >= 0;) {
        const open = text.indexOf('"', pos);
        if (open < 0) {
            return;
        }
        const close = jsonStringEnd(text, open);
        if (close < 0) {
            return;
        }
        pos = close + 1;
        if (backslash < open) {
            backslash = text.indexOf("\\", open);
        }
        if (backslash < 0 || backslash > close) {
            continue;
        }
        colonThenValue.lastIndex = pos;
        const after = colonThenValue.exec(text);
        if (after) {
            try {
                found(JSON.parse(text.slice(open, close + 1)) as string, after[1]);
            } catch {
                // Not a JSON string: the text is not valid JSON, and JSON.parse said so before.
            }
        }
    }
}

type Counts = Record<MergedField, number>;
const noCounts = (): Counts => ({ inputs: 0, outputs: 0, latest: 0, resources: 0 });

/**
 * How many times each merged field is written as a key with a value it merges (an object, or an
 * array for `resources`) in a JSON text, at any depth: plainly, or with escapes (`"\u0069nputs"`).
 * In valid JSON every such key is counted, and nothing else but a key ending in an escaped quote
 * and a field's name (`"a\"inputs"`), which only adds to a count.
 */
export function mergedKeysInText(text: string): Counts {
    const counts = noCounts();
    plainMergedKey.lastIndex = 0;
    for (let m = plainMergedKey.exec(text); m !== null; m = plainMergedKey.exec(text)) {
        const field = m[1] as MergedField;
        if (mergedFields[field] === m[2]) {
            counts[field]++;
        }
    }
    // Pulumi writes no letter as an escape: only an edited file holds one.
    if (text.indexOf("\\") >= 0 && letterEscape.test(text)) {
        escapedKeys(text, (key, opener) => {
            if ((mergedNames as string[]).includes(key) && mergedFields[key as MergedField] === opener) {
                counts[key as MergedField]++;
            }
        });
    }
    return counts;
}

const hasOwn = Object.prototype.hasOwnProperty;

// True when `for…in` over a plain object would visit a key it does not own (something in the
// process added an enumerable key to Object.prototype).
export function prototypeHasEnumerableKeys(): boolean {
    for (const key in {}) {
        return key !== undefined;
    }
    return false;
}

/** How many objects of a parsed JSON value hold each merged field with a value it merges (at any depth). */
export function mergedKeysInValue(value: unknown): Counts {
    const counts = noCounts();
    const inherited = prototypeHasEnumerableKeys();
    const walk = (v: unknown): void => {
        if (Array.isArray(v)) {
            for (let i = 0; i < v.length; i++) {
                const x: unknown = v[i];
                if (x !== null && typeof x === "object") {
                    walk(x);
                }
            }
            return;
        }
        const obj = v as Record<string, unknown>;
        // for…in rather than Object.keys: no array of keys per object (a large export has millions).
        for (const key in obj) {
            if (inherited && !hasOwn.call(obj, key)) {
                continue;
            }
            const x = obj[key];
            if (x === null || typeof x !== "object") {
                continue;
            }
            if (key === "inputs" || key === "outputs" || key === "latest") {
                counts[key] += Array.isArray(x) ? 0 : 1;
            } else if (key === "resources") {
                counts.resources += Array.isArray(x) ? 1 : 0;
            }
            walk(x);
        }
    };
    if (value !== null && typeof value === "object") {
        walk(value);
    }
    return counts;
}

/**
 * The merged fields that some object of the document holds twice: written more often in the text
 * than objects of the parsed value hold them. `held` counts the objects the caller knows of (the
 * resources' own `inputs`, the deployment's `resources`…): when the text has no more than those,
 * the value is not walked.
 */
export function mergedKeysWrittenTwice(
    text: string,
    value: unknown,
    held: Counts,
): Array<{ key: MergedField; written: number; held: number }> {
    const written = mergedKeysInText(text);
    let all: Counts | undefined;
    const out: Array<{ key: MergedField; written: number; held: number }> = [];
    for (const key of mergedNames) {
        if (written[key] <= held[key]) {
            continue;
        }
        all ??= mergedKeysInValue(value);
        if (written[key] > all[key]) {
            out.push({ key, written: written[key], held: all[key] });
        }
    }
    return out;
}
