// The SDK's unknown sentinels (@pulumi/policy/proxy), listed here apart from the pack's own list
// (policy-pack/workloads/sdkValues.ts), so that a sentinel the pack forgets still fails a test.
export const sdkProxy = require("@pulumi/policy/proxy") as Record<string, string>;

export const sentinelNames = [
    "unknownBooleanValue",
    "unknownNumberValue",
    "unknownStringValue",
    "unknownArrayValue",
    "unknownAssetValue",
    "unknownArchiveValue",
    "unknownObjectValue",
] as const;

/** Each sentinel's value, in the order of sentinelNames. */
export const sentinels: readonly string[] = sentinelNames.map((n) => sdkProxy[n]);
