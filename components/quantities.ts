// Sizes and CPU amounts as users write them, turned into exact numbers.
//
// No library in the dependency tree parses quantities into numbers (`kubernetes-models` only checks
// the syntax with a regular expression), so the two grammars are implemented here, exactly and
// with BigInt arithmetic: `1.5Gi` must become 1610612736 bytes, not a float that is off by one.

/**
 * Why a size or CPU string was rejected. The message is one sentence fragment in plain words,
 * meant to be embedded in a larger error that names the argument.
 */
export class QuantityError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "QuantityError";
    }
}

/** A non-negative rational number, kept exact until it is rounded once at the end. */
interface Ratio {
    readonly numerator: bigint;
    readonly denominator: bigint;
}

// Kubernetes resource.Quantity grammar (k8s.io/apimachinery/pkg/api/resource/quantity.go):
//   <quantity> ::= <signedNumber><suffix>
//   <suffix>   ::= <binarySI> | <decimalExponent> | <decimalSI>
// The regular expression captures sign, integer part, fraction, and the suffix.
const kubernetesQuantityPattern = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|[numkMGTPE])?$/;

const binarySuffixPowers: Readonly<Record<string, bigint>> = { Ki: 10n, Mi: 20n, Gi: 30n, Ti: 40n, Pi: 50n, Ei: 60n };
const decimalSuffixExponents: Readonly<Record<string, number>> = {
    n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18,
};

/** `10^exponent` as a ratio, so that negative exponents stay exact. */
function powerOfTen(exponent: number): Ratio {
    return exponent >= 0
        ? { numerator: 10n ** BigInt(exponent), denominator: 1n }
        : { numerator: 1n, denominator: 10n ** BigInt(-exponent) };
}

/** The plain decimal `integer.fraction` as an exact ratio. */
function decimalRatio(integer: string, fraction: string): Ratio {
    return {
        numerator: BigInt((integer || "0") + fraction),
        denominator: 10n ** BigInt(fraction.length),
    };
}

function multiply(a: Ratio, b: Ratio): Ratio {
    return { numerator: a.numerator * b.numerator, denominator: a.denominator * b.denominator };
}

/** Smallest integer not below the ratio — Kubernetes rounds quantities up the same way. */
function ceiling(r: Ratio): bigint {
    return (r.numerator + r.denominator - 1n) / r.denominator;
}

/** Parse a Kubernetes quantity into an exact, non-negative ratio, remembering its suffix. */
function parseKubernetesRatio(text: string): { value: Ratio; suffix: string } {
    const match = kubernetesQuantityPattern.exec(text);
    // An empty mantissa ("Mi", ".") matches the pattern's optional groups but is not a number.
    if (!match || (match[2] === "" && (match[3] ?? "") === "")) {
        throw new QuantityError(`"${text}" is not a Kubernetes quantity (examples: 64Mi, 1Gi, 500M, 0.5)`);
    }
    const [, sign, integer, fraction = "", suffix = ""] = match;
    let value = decimalRatio(integer, fraction);
    if (sign === "-" && value.numerator !== 0n) {
        throw new QuantityError(`"${text}" is negative`);
    }
    if (suffix in binarySuffixPowers) {
        value = multiply(value, { numerator: 1n << binarySuffixPowers[suffix], denominator: 1n });
    } else if (suffix in decimalSuffixExponents) {
        value = multiply(value, powerOfTen(decimalSuffixExponents[suffix]));
    } else if (suffix !== "") {
        const exponent = Number(suffix.slice(1));
        // Anything beyond this is far outside what a size or CPU count could mean, and 10n ** huge
        // would spend unbounded time and memory on a typo.
        if (Math.abs(exponent) > 30) {
            throw new QuantityError(`"${text}" has an exponent out of range`);
        }
        value = multiply(value, powerOfTen(exponent));
    }
    return { value, suffix };
}

/** Turn an exact byte count into a JavaScript number, refusing what a number cannot hold exactly. */
function toSafeInteger(bytes: bigint, text: string): number {
    if (bytes > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new QuantityError(`"${text}" is too large`);
    }
    return Number(bytes);
}

/**
 * Bytes in a Kubernetes quantity such as `64Mi`, `1Gi`, `500M`, `1e9` or `1.5Gi`.
 *
 * The milli, micro and nano suffixes (`m`, `u`, `n`) are refused: a byte size of `64m` is 0.064
 * bytes to Kubernetes, and is always a Docker-ism (`64m` = 64 MiB there) written by mistake.
 * Fractions of a byte that remain after a legitimate suffix round up, as Kubernetes does.
 */
export function parseKubernetesBytes(text: string): number {
    const { value, suffix } = parseKubernetesRatio(text);
    if (suffix === "m" || suffix === "u" || suffix === "n") {
        throw new QuantityError(
            `"${text}" uses the Kubernetes suffix "${suffix}" (a fraction of a byte); ` +
            `write binary units such as ${text.replace(/[mun]$/, "Mi")}`,
        );
    }
    return toSafeInteger(ceiling(value), text);
}

// Docker's sizes (github.com/docker/go-units RAMInBytes, used by `--memory`, `--shm-size`,
// `--tmpfs size=`): a number, an optional space, and a case-insensitive unit with optional `i`
// and `b`. Every unit is binary: `64m`, `64M`, `64mb` and `64Mi` are all 64 MiB.
const dockerSizePattern = /^(\d+)(?:\.(\d+))?(?: ?(?:([kmgtp])i?b?|b))?$/i;
const dockerUnitPowers: Readonly<Record<string, bigint>> = { "": 0n, k: 10n, m: 20n, g: 30n, t: 40n, p: 50n };

/**
 * Bytes in a Docker size such as `64m`, `1g`, `512k`, `1.5g`, `64Mi` or a plain byte count
 * (`65536`). Units are binary and case-insensitive, as in `docker run --memory`.
 */
export function parseDockerBytes(text: string): number {
    const match = dockerSizePattern.exec(text);
    if (!match) {
        throw new QuantityError(`"${text}" is not a Docker size (examples: 64m, 1g, 512k, 65536)`);
    }
    const [, integer, fraction = "", unit = ""] = match;
    const value = multiply(decimalRatio(integer, fraction), {
        numerator: 1n << dockerUnitPowers[unit.toLowerCase()],
        denominator: 1n,
    });
    return toSafeInteger(ceiling(value), text);
}

/**
 * CPU cores in a Kubernetes quantity: `500m` is 0.5, `2` is 2, `0.25` is 0.25. Docker's `--cpus`
 * values (`1.5`) are valid quantities too, so one grammar serves every platform.
 */
export function parseCpuCores(text: string): number {
    const { value, suffix } = parseKubernetesRatio(text);
    if (suffix in binarySuffixPowers) {
        throw new QuantityError(`"${text}" uses a byte suffix; write CPUs as cores (0.5) or millicores (500m)`);
    }
    // Kubernetes keeps at most millicore precision; a CPU amount is never large enough for a
    // double to lose that.
    return Number(ceiling(multiply(value, { numerator: 1000n, denominator: 1n }))) / 1000;
}

/**
 * The shortest exact spelling of a byte count in the units that Docker and the kernel's tmpfs
 * `size=` option accept (`k`, `m`, `g`, binary), e.g. 67108864 → `64m`, 1000 → `1000`.
 */
export function formatDockerBytes(bytes: number): string {
    const units: ReadonlyArray<[string, number]> = [["g", 2 ** 30], ["m", 2 ** 20], ["k", 2 ** 10]];
    for (const [unit, size] of units) {
        if (bytes >= size && bytes % size === 0) {
            return `${bytes / size}${unit}`;
        }
    }
    return `${bytes}`;
}
