// The one error every argument check raises. `resolveServiceSpec` (validation.ts) turns it into an
// `ImmutableServiceArgsError` that names the component, so the per-concern checkers (probes.ts,
// files.ts, workloadKinds.ts, …) only say which argument is wrong and how to fix it.

/** A bad argument: `argument` is its path in the args (`livenessProbe.httpGet.port`). */
export class Problem extends Error {
    constructor(
        readonly argument: string,
        message: string,
    ) {
        super(message);
    }
}

/** True for a plain string (not an Output, not a Promise): only those can be checked at construction. */
export function isPlainString(value: unknown): value is string {
    return typeof value === "string";
}

/** Checks an optional whole number in [min, max]; returns it, or undefined when absent. */
export function optionalInteger(value: unknown, argument: string, min: number, max = 2147483647): number | undefined {
    if (value === undefined) {
        return undefined;
    }
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
        throw new Problem(argument, `${JSON.stringify(value)} is not a whole number from ${min} to ${max}; write e.g. ${Math.max(min, 1)}`);
    }
    return value;
}

/** Checks an optional string enum; returns it, or undefined when absent. */
export function optionalEnum<T extends string>(value: unknown, argument: string, allowed: readonly T[]): T | undefined {
    if (value === undefined) {
        return undefined;
    }
    if (!allowed.includes(value as T)) {
        throw new Problem(argument, `${JSON.stringify(value)} is not one of ${allowed.map((a) => `"${a}"`).join(", ")}; use one of them`);
    }
    return value as T;
}

/** Checks an optional boolean. */
export function optionalBoolean(value: unknown, argument: string): boolean | undefined {
    if (value !== undefined && typeof value !== "boolean") {
        throw new Problem(argument, `${JSON.stringify(value)} is not true or false`);
    }
    return value as boolean | undefined;
}

/** Checks an optional array of non-empty strings. */
export function optionalStrings(value: unknown, argument: string): string[] | undefined {
    if (value === undefined) {
        return undefined;
    }
    if (!Array.isArray(value)) {
        throw new Problem(argument, `${JSON.stringify(value)} is not a list; write e.g. ["value"]`);
    }
    value.forEach((v, i) => {
        if (typeof v !== "string" || v === "") {
            throw new Problem(`${argument}[${i}]`, `${JSON.stringify(v)} is not a non-empty string`);
        }
    });
    return [...value];
}

/** Refuses an argument the platform has no counterpart for. */
export function refuseOn(platform: string, value: unknown, argument: string, fix: string): void {
    if (value !== undefined) {
        throw new Problem(argument, `has no counterpart on the ${platform} platform; ${fix}`);
    }
}
