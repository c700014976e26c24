// Defensive reading of resource props as the policy SDK hands them over.
//
// `@pulumi/policy` wraps props in proxies: one throws `UnknownValueError` on every access to a
// value that is unknown during preview, another (in Remediate) unwraps secrets on read. Policies
// must judge what is known and never throw, so this module reads the proxies' targets directly
// and turns unknown sentinels into a value that can be tested for, instead of an exception.
import { types } from "util";
import { isSdkSecret, isSentinel, proxyTarget } from "./sdkValues";

export { setPreview, unknownsPossible } from "./sdkValues";

/** A value that cannot be known until `pulumi up` (an output of a resource not yet created). */
export interface UnknownValue {
    readonly unknown: true;
}

/** The one instance of {@link UnknownValue}; compare with `isUnknown`. */
export const unknownValue: UnknownValue = Object.freeze({ unknown: true as const });

/** A JSON path into a resource's props: object keys and array indexes. */
export type PropertyPath = ReadonlyArray<string | number>;

type PathKey = string | number;

/**
 * `path` with one to four keys appended, as a new array of exactly that length. Views build a
 * path for every container, mount and volume of every workload; a spread (`[...path, key]`)
 * grows its array as it goes and leaves it about twice as large as needed.
 */
export function pathWith(path: PropertyPath, k1: PathKey, k2?: PathKey, k3?: PathKey, k4?: PathKey): PropertyPath {
    const n = path.length;
    const extra = k4 !== undefined ? 4 : k3 !== undefined ? 3 : k2 !== undefined ? 2 : 1;
    const out = new Array<PathKey>(n + extra);
    for (let i = 0; i < n; i++) {
        out[i] = path[i];
    }
    out[n] = k1;
    if (extra > 1) {
        out[n + 1] = k2!;
    }
    if (extra > 2) {
        out[n + 2] = k3!;
    }
    if (extra > 3) {
        out[n + 3] = k4!;
    }
    return out;
}

/** `path`, then `key`, then the keys of `tail`, as one array of exactly that length (see pathWith). */
export function pathThrough(path: PropertyPath, key: PathKey, tail: PropertyPath): PropertyPath {
    const n = path.length;
    const out = new Array<PathKey>(n + 1 + tail.length);
    for (let i = 0; i < n; i++) {
        out[i] = path[i];
    }
    out[n] = key;
    for (let i = 0; i < tail.length; i++) {
        out[n + 1 + i] = tail[i];
    }
    return out;
}

/** True for the unknown marker, and for an engine sentinel string during a preview only. */
export function isUnknown(value: unknown): value is UnknownValue {
    return value === unknownValue || isSentinel(value);
}

const objectPrototype = Object.prototype;
const arrayPrototype = Array.prototype;

/**
 * True for a value that is certainly plain data: a primitive other than a string, or an object
 * that is not a Proxy and whose prototype is `Object.prototype`, `Array.prototype` or null (what
 * JSON, YAML and protobuf give). Neither an SDK secret (its class has its own prototype) nor a
 * proxy is one, so `plain` may hand such a value back as it is: the fast path for the
 * checker's JSON and YAML, where every field of every resource is read through `plain`.
 */
function plainData(value: unknown): boolean {
    if (typeof value !== "object") {
        return typeof value !== "string";
    }
    if (value === null) {
        return true;
    }
    if (value === unknownValue || types.isProxy(value)) {
        return false;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    return proto === objectPrototype || proto === arrayPrototype || proto === null;
}

/** Strips the SDK's proxies and secret wrappers; turns sentinels (in a preview) into `unknownValue`. */
export function plain(value: unknown): unknown {
    if (plainData(value)) {
        return value;
    }
    if (typeof value === "string") {
        return isSentinel(value) ? unknownValue : value;
    }
    let current = value;
    // A secret may hold a proxy and a proxy a secret: peel until nothing changes.
    for (let depth = 0; depth < 8; depth++) {
        if (isSdkSecret(current)) {
            current = current.value;
            continue;
        }
        const target = proxyTarget(current);
        if (target !== undefined) {
            current = target;
            continue;
        }
        break;
    }
    return isUnknown(current) ? unknownValue : current;
}

/** A plain object (not an array, not null), or undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
    const v = plain(value);
    return v !== null && typeof v === "object" && !Array.isArray(v) && !isUnknown(v) ? (v as Record<string, unknown>) : undefined;
}

/** An array, or undefined. */
export function asArray(value: unknown): unknown[] | undefined {
    const v = plain(value);
    return Array.isArray(v) ? v : undefined;
}

/** A string, or undefined. */
export function asString(value: unknown): string | undefined {
    const v = plain(value);
    return typeof v === "string" ? v : undefined;
}

/** Reads `key` of `obj` through proxies and secrets; `unknownValue` when it is unknown. */
export function field(obj: unknown, key: string | number): unknown {
    const container = plain(obj);
    if (container === null || typeof container !== "object" || isUnknown(container)) {
        return undefined;
    }
    if (!Object.prototype.hasOwnProperty.call(container, key)) {
        return undefined;
    }
    return plain((container as Record<string | number, unknown>)[key]);
}

/** Reads a nested path; `unknownValue` as soon as any step is unknown. */
export function fieldAt(obj: unknown, path: PropertyPath): unknown {
    // field() step by step, without peeling each step twice (as a value, then as the next
    // step's container): a value that is plain data needs no second look.
    let current: unknown = plain(obj);
    for (const key of path) {
        if (current === null || typeof current !== "object" || isUnknown(current) || !Object.prototype.hasOwnProperty.call(current, key)) {
            return undefined;
        }
        const raw = (current as Record<string | number, unknown>)[key];
        if (plainData(raw)) {
            if (raw === undefined) {
                return undefined;
            }
            current = raw;
            continue;
        }
        const value = plain(raw);
        if (value === undefined || isUnknown(value)) {
            return value;
        }
        current = plain(value);
    }
    return current;
}

/**
 * The first step of `path` whose value is there but is not an object (a string where an object
 * belongs), or undefined when every step present is an object or unknown. A reader that stops at
 * such a step sees nothing, so callers report it instead of passing what it hides.
 */
export function malformedStep(obj: unknown, path: PropertyPath): { path: PropertyPath; value: unknown } | undefined {
    let current: unknown = obj;
    for (let i = 0; i < path.length; i++) {
        current = field(current, path[i]);
        if (current === undefined || current === null || isUnknown(current)) {
            return undefined;
        }
        const isContainer = typeof path[i + 1] === "number" ? Array.isArray(current) : asRecord(current) !== undefined;
        if (i < path.length - 1 && !isContainer) {
            return { path: path.slice(0, i + 1), value: current };
        }
    }
    return undefined;
}

/** The state of a boolean field: what remediation and messages need to know about it. */
export type BooleanField =
    | { readonly state: "true" }
    | { readonly state: "false" }
    | { readonly state: "unset" }
    | { readonly state: "unknown" }
    | { readonly state: "invalid"; readonly value: unknown };

// The states that carry no value, one frozen object each: every container and mount of every
// view has boolean fields, and these are read-only.
const fieldTrue: BooleanField = Object.freeze({ state: "true" });
const fieldFalse: BooleanField = Object.freeze({ state: "false" });
const fieldUnset: BooleanField = Object.freeze({ state: "unset" });
const fieldUnknown: BooleanField = Object.freeze({ state: "unknown" });

/** Classifies a boolean field; only the boolean `true` is `"true"`. */
export function booleanField(obj: unknown, path: PropertyPath): BooleanField {
    // Walk step by step so that an unknown parent is "unknown", a missing one "unset".
    const value = fieldAt(obj, path);
    if (isUnknown(value)) {
        return fieldUnknown;
    }
    if (value === undefined || value === null) {
        return fieldUnset;
    }
    if (value === true) {
        return fieldTrue;
    }
    if (value === false) {
        return fieldFalse;
    }
    return { state: "invalid", value };
}

/** Renders a path the way users write it: `spec.containers[0].securityContext`. */
export function formatPath(path: PropertyPath): string {
    let out = "";
    for (const key of path) {
        if (typeof key === "number") {
            out += `[${key}]`;
        } else if (/^[A-Za-z_$][\w$]*$/.test(key)) {
            out += out === "" ? key : `.${key}`;
        } else {
            out += `[${JSON.stringify(key)}]`;
        }
    }
    return out;
}
