// Sizes and CPU amounts as users write them, turned into exact numbers.
//
// No library in the dependency tree parses quantities into numbers (`kubernetes-models` only checks
// the syntax with a regular expression), so the grammars are implemented here, with BigInt
// arithmetic where the platform is exact: `1.5Gi` must become 1610612736 bytes, not a float that
// is off by one.
//
// The pack reads the same sizes in policy-pack/workloads/quantities.ts, ported from the platforms'
// own code. The component does not import the pack (it is published on its own; the pack ships
// alone with `pulumi policy publish`), so it keeps these parsers, written independently, and
// test/components/quantities-agreement.test.ts proves on generated texts that the two agree: a
// Kubernetes size the component accepts is the same number of bytes to the API server, and a
// Docker size reads as `parseHumanSize` reads it.

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
    n: -9,
    u: -6,
    m: -3,
    k: 3,
    M: 6,
    G: 9,
    T: 12,
    P: 15,
    E: 18,
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

// Sizes for Docker and Swarm: the plain spellings of a Docker size (go-units RAMInBytes, which
// `docker run --memory`, `--shm-size` and `tmpfs-size=` use: a number, an optional space, and a
// case-insensitive binary unit with optional `b` or `ib`), and, so that a size means the same on
// every platform, a number with a Kubernetes binary suffix (`64Mi`). The pack's `parseHumanSize`
// is this grammar, and `immutable-check --max-bytes` reads it.
const dockerSizePattern = /^((?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)(?: ?(?:([kmgtp])(?:i?b)?|b))?$/i;
const binarySizePattern = /^(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei)$/;

/**
 * Bytes in a size for Docker or Swarm: `64m`, `1g`, `512k`, `16MiB`, `64 mb`, `1.5g`, `1e6`,
 * `65536` (units binary and case-insensitive; a fraction of a byte is dropped, as Docker drops
 * it), or `64Mi`, `1.5Gi` (a Kubernetes binary suffix; a fraction of a byte rounds up, as
 * Kubernetes rounds it).
 */
export function parseDockerBytes(text: string): number {
    const docker = dockerSizePattern.exec(text);
    if (docker) {
        const [, number, unit] = docker;
        // RAMInBytes multiplies a float64 and truncates: `0.1k` is 102 bytes to Docker. Powers of
        // two multiply a double exactly, and a JavaScript number parses a decimal as Go does.
        const multiple = unit === undefined ? 1 : 1024 ** ("kmgtp".indexOf(unit.toLowerCase()) + 1);
        const bytes = Math.trunc(Number(number) * multiple);
        if (!(bytes <= Number.MAX_SAFE_INTEGER)) {
            throw new QuantityError(`"${text}" is too large`);
        }
        return bytes;
    }
    const binary = binarySizePattern.exec(text);
    if (binary && (binary[1] !== "" || (binary[2] ?? "") !== "")) {
        const [, integer, fraction = "", suffix] = binary;
        const value = multiply(decimalRatio(integer, fraction), { numerator: 1n << binarySuffixPowers[suffix], denominator: 1n });
        return toSafeInteger(ceiling(value), text);
    }
    throw new QuantityError(`"${text}" is not a Docker size (examples: 64m, 1g, 512k, 65536, 64Mi)`);
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
    const units: ReadonlyArray<[string, number]> = [
        ["g", 2 ** 30],
        ["m", 2 ** 20],
        ["k", 2 ** 10],
    ];
    for (const [unit, size] of units) {
        if (bytes >= size && bytes % size === 0) {
            return `${bytes / size}${unit}`;
        }
    }
    return `${bytes}`;
}
