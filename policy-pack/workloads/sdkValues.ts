// How `@pulumi/policy` encodes what is not plain JSON, in one place: the unknown-value sentinels
// the engine sends during preview, and the proxies the SDK wraps props in. The values are read
// from the SDK itself (never copied), and checked when this module loads, so that an SDK update
// that changes them fails loudly instead of silently changing verdicts.
//
// The rule every reader relies on (DESIGN.md): a string from a file or a user is never an
// unknown. Only during a preview (the engine's ConfigureStack says `dry_run`) does a sentinel
// string stand for a value that is not known yet; at any other time it is the string it is.
import { types } from "util";

interface ProxyModule {
    readonly getSpecialProxyTarget: unknown;
    readonly [name: string]: unknown;
}

// The SDK's sentinel exports: one per kind of value that can be unknown.
const sentinelExports = [
    "unknownBooleanValue",
    "unknownNumberValue",
    "unknownStringValue",
    "unknownArrayValue",
    "unknownAssetValue",
    "unknownArchiveValue",
    "unknownObjectValue",
] as const;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Reads and checks the SDK's encodings; throws, naming what changed, if they are not as expected. */
export function readSdkEncodings(proxy: ProxyModule): { sentinels: ReadonlySet<string>; proxyTargetKey: string } {
    const sentinels = new Set<string>();
    for (const name of sentinelExports) {
        const value = proxy[name];
        if (typeof value !== "string" || !uuid.test(value)) {
            throw new Error(
                `immutable-workloads: @pulumi/policy/proxy.${name} is ${JSON.stringify(value)}, not a sentinel UUID string: ` +
                    "this @pulumi/policy version encodes unknown values differently; pin @pulumi/policy to a compatible 1.x minor.",
            );
        }
        sentinels.add(value);
    }
    if (typeof proxy.getSpecialProxyTarget !== "string" || proxy.getSpecialProxyTarget === "") {
        throw new Error(
            "immutable-workloads: @pulumi/policy/proxy.getSpecialProxyTarget is missing: this @pulumi/policy version " +
                "proxies props differently; pin @pulumi/policy to a compatible 1.x minor.",
        );
    }
    return { sentinels, proxyTargetKey: proxy.getSpecialProxyTarget };
}

// The proxy module has no dependencies: loading it does not load @pulumi/pulumi.
const encodings = readSdkEncodings(require("@pulumi/policy/proxy") as ProxyModule);

/** The engine's unknown-value sentinel strings, as the SDK defines them. */
export const unknownSentinels: ReadonlySet<string> = encodings.sentinels;

let preview = false;

/**
 * Whether sentinel strings stand for unknown values: true only while the engine runs a preview.
 * Set from the engine's ConfigureStack (`dry_run`) by `lib/engineSession.ts`; false everywhere
 * else (`pulumi up`, `immutable-check`, tests that do not ask for a preview).
 */
export function unknownsPossible(): boolean {
    return preview;
}

/** Sets whether this process judges a preview (see `unknownsPossible`). */
export function setPreview(isPreview: boolean): void {
    preview = isPreview === true;
}

/** True for an engine sentinel string during a preview, and only then. */
export function isSentinel(value: unknown): boolean {
    return preview && typeof value === "string" && unknownSentinels.has(value);
}

/** The SDK's `Secret` class (a wrapper with one field, `value`). */
export interface SdkSecret {
    value: unknown;
}
type SecretClass = new (value: unknown) => SdkSecret;

let secretClassLoaded: SecretClass | undefined;

/**
 * The SDK's `Secret` class, loaded on first use: `@pulumi/policy`'s main module loads
 * `@pulumi/pulumi` (half a second), which `immutable-check` never needs, since a file holds no
 * secrets. Only a value that could be one (an instance of a class named `Secret`) loads it.
 */
export function secretClass(): SecretClass {
    if (!secretClassLoaded) {
        const loaded = (require("@pulumi/policy") as { Secret?: unknown }).Secret;
        if (typeof loaded !== "function") {
            throw new Error("immutable-workloads: @pulumi/policy exports no Secret class; pin @pulumi/policy to a compatible 1.x minor.");
        }
        secretClassLoaded = loaded as SecretClass;
    }
    return secretClassLoaded;
}

/** True for an SDK secret wrapper. Plain data (protobuf, YAML, JSON) never is one. */
export function isSdkSecret(value: unknown): value is SdkSecret {
    if (value === null || typeof value !== "object") {
        return false;
    }
    const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
    // Plain objects and arrays (the common case) without reading the constructor's name.
    if (proto === Object.prototype || proto === Array.prototype || proto === null) {
        return false;
    }
    return proto.constructor?.name === "Secret" && value instanceof secretClass();
}

/** Wraps a value as an SDK secret (for remediation, which must keep secrets secret). */
export function newSdkSecret(value: unknown): SdkSecret {
    return new (secretClass())(value);
}

/** True for a string that is one of the engine's sentinels, in a preview or not. */
export function isSentinelText(value: unknown): boolean {
    return typeof value === "string" && unknownSentinels.has(value);
}

/**
 * The object behind one of the SDK's proxies, or undefined when `value` is not a proxy. User
 * data never is one (it comes from protobuf or YAML), so a key named like the SDK's special key
 * in user data is just data: only a real Proxy is asked for its target (which may be another of
 * the SDK's proxies: Remediate wraps its secrets proxy in the unknowns proxy).
 */
export function proxyTarget(value: unknown): unknown {
    if (value === null || typeof value !== "object" || !types.isProxy(value)) {
        return undefined;
    }
    try {
        const target = (value as Record<string, unknown>)[encodings.proxyTargetKey];
        return target !== value && target !== null && typeof target === "object" ? target : undefined;
    } catch {
        return undefined;
    }
}
