// Returning changed props to the engine: a deep copy in which secrets stay secrets, with values
// set at JSON paths taken from the workload view.
import { PropertyPath } from "../workloads";
import { isSdkSecret, newSdkSecret, proxyTarget } from "../workloads/sdkValues";

// Strips the SDK's proxies but keeps `Secret` wrappers, so that the copy serialises as secret.
function withoutProxy(value: unknown): unknown {
    let current = value;
    for (let depth = 0; depth < 8 && current !== null && typeof current === "object"; depth++) {
        if (isSdkSecret(current)) {
            break;
        }
        const target = proxyTarget(current);
        if (target === undefined) {
            break;
        }
        current = target;
    }
    return current;
}

/** A deep copy of props, proxies removed, secrets kept as `Secret`. */
export function copyProps(value: unknown): unknown {
    const v = withoutProxy(value);
    if (isSdkSecret(v)) {
        return newSdkSecret(copyProps(v.value));
    }
    if (Array.isArray(v)) {
        return v.map(copyProps);
    }
    if (v !== null && typeof v === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
            out[k] = copyProps(child);
        }
        return out;
    }
    return v;
}

function isPlainObject(v: unknown): v is Record<string | number, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v) && !isSdkSecret(v);
}

/**
 * Sets `value` at `path` in a copy made by `copyProps`, descending into secrets (the value stays
 * secret). A missing or malformed step (an array or scalar where the API wants an object, which
 * the API server would reject anyway) becomes an empty object. Array steps must exist.
 */
export function setAt(root: unknown, path: PropertyPath, value: unknown): boolean {
    let current: unknown = root;
    for (let i = 0; i < path.length; i++) {
        while (isSdkSecret(current)) {
            current = current.value;
        }
        const key = path[i];
        if (typeof key === "number" ? !Array.isArray(current) : !isPlainObject(current)) {
            return false;
        }
        const container = current as Record<string | number, unknown>;
        if (i === path.length - 1) {
            if (isSdkSecret(container[key])) {
                (container[key] as { value: unknown }).value = value;
            } else {
                container[key] = value;
            }
            return true;
        }
        const nextIsIndex = typeof path[i + 1] === "number";
        let next = container[key];
        // Keep a secret wrapper, fix what it wraps.
        const holder = isSdkSecret(next) ? next : undefined;
        if (holder) {
            next = holder.value;
        }
        if (!nextIsIndex && !isPlainObject(next)) {
            next = {};
            if (holder) {
                holder.value = next;
            } else {
                container[key] = next;
            }
        }
        current = holder ?? next;
    }
    return false;
}
