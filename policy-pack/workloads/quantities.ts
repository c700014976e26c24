// Sizes, read exactly as the platform that acts on them reads them, so that a verdict about a bound
// is a verdict about the bound that gets deployed. Each grammar is a port of the upstream code it
// names, down to its quirks; where this module deliberately parts from upstream, the doc comment
// says so. Pure: no SDK import, no I/O. The pack, immutable-check and the tests read sizes here;
// the component (components/quantities.ts) may not import the pack and keeps its own parser of the
// user-facing grammar, which test/components/quantities-agreement.test.ts proves to agree.
//
//   text in…                                            is read by…                      here
//   Kubernetes quantity (`emptyDir.sizeLimit`, limits)   apimachinery resource.Quantity   parseKubernetesQuantity, decodeKubernetesQuantity
//   Docker size (`--shm-size`, `tmpfs-size=`, …)         go-units RAMInBytes              parseDockerSize
//   Compose `tmpfs: {size: …}` (long syntax)             compose-go types.UnitBytes       parseComposeSize
//   tmpfs option `size=` (Docker `--tmpfs`, `tmpfs:`)    the Linux kernel (mount(2))      parseTmpfsSize
//   a size a person types into our tools                 this project                     parseHumanSize
//
// Byte counts are bigints: `1.5Gi` is 1610612736 exactly, and nothing is a float that is off by one.

/** How a text reads as a number of bytes: the count, or why it is not one. */
export type SizeReading = { readonly ok: true; readonly bytes: bigint } | { readonly ok: false; readonly reason: string };

/**
 * How the kernel reads a tmpfs `size=` value: a byte count, or a percentage of the host's memory
 * (`size=50%`); 0 in either means "no limit". Or why the mount would fail.
 */
export type TmpfsSizeReading =
    | { readonly ok: true; readonly bytes: bigint }
    | { readonly ok: true; readonly percentOfMemory: bigint }
    | { readonly ok: false; readonly reason: string };

/** The largest int64, where Kubernetes and Docker sizes end. */
export const maxInt64 = (1n << 63n) - 1n;

const refuse = (reason: string): SizeReading => ({ ok: false, reason });
const accept = (bytes: bigint): SizeReading => ({ ok: true, bytes });

function isDigit(c: string | undefined): boolean {
    return c !== undefined && c >= "0" && c <= "9";
}

// ---------------------------------------------------------------------------------------------
// Kubernetes: k8s.io/apimachinery/pkg/api/resource (quantity.go, suffix.go), v0.34.
//
//   <quantity>        ::= <signedNumber><suffix>
//   <signedNumber>    ::= <number> | <sign><number>        <number> ::= <digits> | <digits>.<digits> | <digits>. | .<digits>
//   <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI>
//   <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei
//   <decimalSI>       ::= n | u | m | "" | k | M | G | T | P | E
//   <decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber>
//
// That is the documented grammar; ParseQuantity's scanner (parseQuantityString) is what the API
// server runs, and it also takes a number with no digits as 0 ("Mi", ".", "+") when the fast
// path handles it, and wraps the exponent to 32 bits ("1e4294967296" is 1). Both are reproduced.

/** Characters parseQuantityString takes into a suffix before its optional sign and digits. */
const quantitySuffixCharacters = "eEinumkKMGTP";

/** What parseQuantityString makes of a text: `value` is the number as written, sign included. */
interface ScannedQuantity {
    readonly positive: boolean;
    readonly value: string;
    readonly num: string;
    readonly denom: string;
    readonly suffix: string;
}

// A line-by-line port of parseQuantityString; undefined where it returns ErrFormatWrong.
function scanQuantity(str: string): ScannedQuantity | undefined {
    let positive = true;
    let pos = 0;
    const end = str.length;
    if (str[0] === "-") {
        positive = false;
        pos++;
    } else if (str[0] === "+") {
        pos++;
    }
    // Leading zeros; a text of nothing else is 0.
    for (let i = pos; ; i++) {
        if (i >= end) {
            return { positive, value: "0", num: "0", denom: "", suffix: "" };
        }
        if (str[i] !== "0") {
            break;
        }
        pos++;
    }
    let i = pos;
    while (i < end && isDigit(str[i])) {
        i++;
    }
    if (i >= end) {
        return { positive, value: str, num: str.slice(pos), denom: "", suffix: "" };
    }
    const num = str.slice(pos, i) || "0";
    pos = i;
    let denom = "";
    if (str[pos] === ".") {
        pos++;
        let j = pos;
        while (j < end && isDigit(str[j])) {
            j++;
        }
        if (j >= end) {
            return { positive, value: str, num, denom: str.slice(pos), suffix: "" };
        }
        denom = str.slice(pos, j);
        pos = j;
    }
    const value = str.slice(0, pos);
    const suffixStart = pos;
    while (pos < end && quantitySuffixCharacters.includes(str[pos])) {
        pos++;
    }
    if (pos < end && (str[pos] === "-" || str[pos] === "+")) {
        pos++;
    }
    while (pos < end && isDigit(str[pos])) {
        pos++;
    }
    return pos >= end ? { positive, value, num, denom, suffix: str.slice(suffixStart) } : undefined;
}

const decimalSuffixExponents: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffixExponents: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** suffixer.interpret: the base and exponent of a suffix, or undefined (ErrSuffix). */
function interpretSuffix(suffix: string): { readonly base: 2 | 10; readonly exponent: number } | undefined {
    if (Object.prototype.hasOwnProperty.call(decimalSuffixExponents, suffix)) {
        return { base: 10, exponent: decimalSuffixExponents[suffix] };
    }
    if (Object.prototype.hasOwnProperty.call(binarySuffixExponents, suffix)) {
        return { base: 2, exponent: binarySuffixExponents[suffix] };
    }
    if (suffix.length > 1 && (suffix[0] === "e" || suffix[0] === "E")) {
        // strconv.ParseInt(suffix[1:], 10, 64), then int32(parsed): an exponent beyond 32 bits wraps.
        const digits = suffix.slice(1);
        if (!/^[+-]?[0-9]+$/.test(digits)) {
            return undefined;
        }
        const parsed = BigInt(digits.startsWith("+") ? digits.slice(1) : digits);
        if (parsed > maxInt64 || parsed < -maxInt64 - 1n) {
            return undefined;
        }
        return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)) };
    }
    return undefined;
}

const int32 = (n: number): number => Number(BigInt.asIntN(32, BigInt(n)));

/** `numerator / 10^shift` rounded up, saturated at maxInt64; numerator ≥ 0, shift of any sign. */
function ceilingTimesPowerOfTen(numerator: bigint, shift: number): bigint {
    if (numerator === 0n) {
        return 0n;
    }
    const digits = numerator.toString().length;
    if (shift >= 0) {
        // numerator · 10^shift ≥ 10^(digits − 1 + shift); beyond 10^18 it no longer fits an int64.
        if (digits + shift > 19) {
            return maxInt64;
        }
        const v = numerator * 10n ** BigInt(shift);
        return v > maxInt64 ? maxInt64 : v;
    }
    if (-shift > digits) {
        return 1n; // 0 < value < 1
    }
    const divisor = 10n ** BigInt(-shift);
    const v = (numerator + divisor - 1n) / divisor;
    return v > maxInt64 ? maxInt64 : v;
}

/**
 * The bytes in a Kubernetes quantity, exactly as `resource.ParseQuantity(text)` then
 * `Quantity.Value()` read it: `64Mi` → 67108864, `1e8` → 100000000, `1.5Gi` → 1610612736,
 * `500M` → 500000000; a fraction of a byte rounds up (`0.1` → 1, `64m` → 1, since `m` is milli).
 * A number is read as the JSON number it is sent as (`1e8`, `1.5`).
 *
 * Refused, with the reason: anything ParseQuantity refuses (`64 bananas`, `64MB`, `64 Mi`,
 * ` 64Mi`, `1.5.3`, `0x10`, `1e`), and negative quantities, which no Kubernetes size may be
 * (the API server's validation refuses a negative `sizeLimit` or limit). apimachinery's own
 * quirks are kept: a number with no digits is 0 when its fast path reads it (`Mi`, `.`, `+`,
 * `e5`; but `Pi`, `Ei`, `e-10` are refused), and the exponent wraps to 32 bits. Values beyond the
 * int64 range saturate at {@link maxInt64} (BinarySI is capped there by ParseQuantity itself;
 * for the rest `Value()` would overflow).
 */
export function parseKubernetesQuantity(value: string | number): SizeReading {
    const text = typeof value === "number" ? jsonNumberText(value) : value;
    if (text === undefined) {
        return refuse(`${String(value)} is not a finite number`);
    }
    if (text === "") {
        return refuse("a quantity cannot be empty");
    }
    if (text === "0") {
        return accept(0n);
    }
    const scanned = scanQuantity(text);
    if (!scanned) {
        return refuse(`"${text}" does not match <number><suffix> (examples: 64Mi, 1Gi, 500M, 1e8)`);
    }
    const suffix = interpretSuffix(scanned.suffix);
    if (!suffix) {
        return refuse(`"${scanned.suffix}" is not a quantity suffix (Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or e<exponent>)`);
    }
    const { num, denom } = scanned;
    const mantissa = BigInt(num + denom);
    let bytes: bigint;
    if (suffix.base === 2) {
        // ParseQuantity's fast path takes a plain integer with a small enough suffix; the rest goes
        // through inf.Dec, which needs a digit ("Pi" alone fails there).
        const fast = denom === "" && 15 - num.length - Math.trunc((Math.fround(suffix.exponent) * 3) / 10) - 1 >= 0;
        if (!fast && !/[0-9]/.test(scanned.value)) {
            return refuse(`"${text}" has no digits`);
        }
        const divisor = 10n ** BigInt(denom.length);
        const v = ((mantissa << BigInt(suffix.exponent)) + divisor - 1n) / divisor;
        bytes = v > maxInt64 ? maxInt64 : v;
    } else {
        // The fast path scales by int32(exponent − len(denom)); the slow one by inf.Dec's int32
        // scale len(denom) + int32(−exponent). Both wrap only for exponents near −2^31.
        const fastScale = int32(suffix.exponent - denom.length);
        const fast = 18 - (num.length + denom.length) >= 0 && fastScale >= -9;
        if (!fast && !/[0-9]/.test(scanned.value)) {
            return refuse(`"${text}" has no digits`);
        }
        const shift = fast ? fastScale : -int32(denom.length + int32(-suffix.exponent));
        bytes = ceilingTimesPowerOfTen(mantissa, shift);
    }
    if (!scanned.positive && bytes !== 0n) {
        return refuse(`"${text}" is negative`);
    }
    return accept(bytes);
}

// Go's encoding/json leaves these white space characters unescaped in a string, and
// Quantity.UnmarshalJSON strings.TrimSpace()s the raw string before parsing. Tabs, newlines and
// U+2028/U+2029 travel escaped (`\t`), so they are not trimmed: they make the quantity invalid.
const jsonUntouchedGoSpace = "[ \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000]";
const surroundingGoSpace = new RegExp(`^${jsonUntouchedGoSpace}+|${jsonUntouchedGoSpace}+$`, "g");

/**
 * A Kubernetes quantity as the API server decodes it from a manifest or a provider's request
 * (`Quantity.UnmarshalJSON`): {@link parseKubernetesQuantity} after trimming surrounding spaces,
 * so `" 64Mi "` is 64 MiB there.
 */
export function decodeKubernetesQuantity(value: string | number): SizeReading {
    return parseKubernetesQuantity(typeof value === "string" ? value.replace(surroundingGoSpace, "") : value);
}

/** The text of a number in JSON, as a Kubernetes client sends it; undefined for NaN and ±Infinity. */
function jsonNumberText(n: number): string | undefined {
    return Number.isFinite(n) ? JSON.stringify(n) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Docker: github.com/docker/go-units v0.5.0 size.go, RAMInBytes → parseSize(sizeStr, binaryMap).
//
// The number is everything up to the last digit, dot or space (a space itself is dropped), read by
// strconv.ParseFloat; the rest is a suffix of at most 3 bytes, lowercased: `b`, or one of
// `k m g t p` (1024^1…1024^5) optionally followed by `b` or `ib`. The float is multiplied and
// truncated to int64. So `64m`, `64M`, `64mb`, `64MiB`, `64 m`, `1.5g`, `1e3`, `1_000`, `64 ` are
// sizes, and `64Mi`, `64 bananas`, `-1`, `64  m` are not.

const binaryMultiples: Readonly<Record<string, number>> = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50 };

/** strconv.ParseFloat's underscoreOK: `_` only between digits. */
function underscoresBetweenDigits(s: string): boolean {
    let saw = "^";
    const body = s[0] === "+" || s[0] === "-" ? s.slice(1) : s;
    for (const c of body) {
        if (isDigit(c)) {
            saw = "0";
        } else if (c === "_") {
            if (saw !== "0") {
                return false;
            }
            saw = "_";
        } else {
            if (saw === "_") {
                return false;
            }
            saw = "!";
        }
    }
    return saw !== "_";
}

const goDecimalFloat = /^[+-]?[0-9_]*(?:\.[0-9_]*)?(?:[eE][+-]?[0-9][0-9_]*)?$/;

/**
 * strconv.ParseFloat(s, 64) for decimal text: sign, digits with an optional point, optional
 * exponent, `_` between digits, `inf`/`infinity`/`nan`; undefined for a syntax or range error.
 * Hexadecimal floats (`0x1p20`), which Go also reads, are refused here: nobody writes a size so,
 * and refusing errs towards a finding.
 */
function goParseFloat(s: string): number | undefined {
    if (/^[+-]?(?:inf|infinity)$/i.test(s)) {
        return s.startsWith("-") ? -Infinity : Infinity;
    }
    if (/^nan$/i.test(s)) {
        return NaN;
    }
    // readFloat: the mantissa needs a digit; underscoreOK then vets every `_`.
    if (!goDecimalFloat.test(s) || !/[0-9]/.test(s.replace(/[eE].*$/, "")) || (s.includes("_") && !underscoresBetweenDigits(s))) {
        return undefined;
    }
    const f = Number(s.replace(/_/g, ""));
    return Number.isFinite(f) ? f : undefined;
}

/** Go's int64(f) for f ≥ 0 or NaN; a value it cannot hold (amd64 makes it −2^63) is refused. */
function truncatedToInt64(f: number, text: string): SizeReading {
    if (Number.isNaN(f) || f >= 2 ** 63) {
        return refuse(`"${text}" is too large`);
    }
    return accept(BigInt(Math.trunc(f)));
}

/** Bytes of UTF-8 that a Go string of `s` takes (a lone surrogate travels as U+FFFD). */
function utf8Length(s: string): number {
    let n = 0;
    for (const c of s) {
        const cp = c.codePointAt(0) ?? 0;
        n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }
    return n;
}

/** strings.ToLower, as far as it can make ASCII: only A–Z, the Kelvin sign (→ k) and İ (→ i) do. */
function goLowerToAscii(s: string): string {
    return s.replace(/[A-Z\u212a\u0130]/g, (c) => (c === "\u212a" ? "k" : c === "\u0130" ? "i" : c.toLowerCase()));
}

// go-units parseSize with binaryMap, line by line.
function ramInBytes(sizeStr: string): SizeReading {
    let sep = -1;
    for (let i = sizeStr.length - 1; i >= 0; i--) {
        if ("0123456789. ".includes(sizeStr[i])) {
            sep = i;
            break;
        }
    }
    if (sep === -1) {
        return refuse(`"${sizeStr}" has no digit`);
    }
    const num = sizeStr[sep] !== " " ? sizeStr.slice(0, sep + 1) : sizeStr.slice(0, sep);
    const sfx = sizeStr.slice(sep + 1);
    const size = goParseFloat(num);
    if (size === undefined) {
        return refuse(`"${num}" is not a number`);
    }
    if (size < 0) {
        return refuse(`"${sizeStr}" is negative`);
    }
    if (sfx.length === 0) {
        return truncatedToInt64(size, sizeStr);
    }
    const badSuffix = refuse(`"${sfx}" is not a unit (b, k, m, g, t, p, optionally followed by b or ib)`);
    if (utf8Length(sfx) > 3) {
        return badSuffix;
    }
    const lower = goLowerToAscii(sfx);
    if (lower[0] === "b") {
        return lower.length > 1 ? badSuffix : truncatedToInt64(size, sizeStr);
    }
    const multiple = Object.prototype.hasOwnProperty.call(binaryMultiples, lower[0]) ? binaryMultiples[lower[0]] : undefined;
    if (multiple === undefined || (lower.length === 2 && lower[1] !== "b") || (lower.length === 3 && lower.slice(1) !== "ib")) {
        return badSuffix;
    }
    return truncatedToInt64(size * multiple, sizeStr);
}

/** A number of bytes given as a number: a whole, non-negative count (Pulumi's `sizeBytes`, a YAML int). */
function wholeBytes(n: number): SizeReading {
    if (!Number.isSafeInteger(n)) {
        return refuse(`${String(n)} is not a whole number of bytes`);
    }
    return n < 0 ? refuse(`${n} is negative`) : accept(BigInt(n));
}

/**
 * The bytes in a Docker size, exactly as `units.RAMInBytes` reads it (`docker run --shm-size`,
 * `--mount type=tmpfs,tmpfs-size=`, `docker service create`, Compose via compose-go): binary
 * multiples, case-insensitive, `b`/`ib` optional, a fraction truncated after multiplying:
 * `64m` → 67108864, `1.5g` → 1610612736, `100` → 100, `64MiB` → 67108864; `64Mi` is refused, as
 * are negative sizes and values beyond int64. A number must be a whole, non-negative count.
 */
export function parseDockerSize(value: string | number): SizeReading {
    return typeof value === "number" ? wholeBytes(value) : ramInBytes(value);
}

// ---------------------------------------------------------------------------------------------
// Compose: github.com/compose-spec/compose-go/v2 types/bytes.go, UnitBytes (v2.16).

/**
 * A Compose size (`tmpfs: {size: …}` in a long-syntax volume, `shm_size`, `mem_limit`) as
 * compose-go's `UnitBytes` reads it: a YAML integer as it is; a string by
 * `strconv.ParseInt(s, 10, 64)`, exact, then by `units.RAMInBytes` ({@link parseDockerSize}).
 * compose-go takes `"-1"` as −1; as a size that is refused here, like every negative count.
 */
export function parseComposeSize(value: string | number): SizeReading {
    if (typeof value === "number") {
        return wholeBytes(value);
    }
    if (/^[+-]?[0-9]+$/.test(value)) {
        const n = BigInt(value.startsWith("+") ? value.slice(1) : value);
        if (n <= maxInt64 && n >= -maxInt64 - 1n) {
            return n < 0n ? refuse(`"${value}" is negative`) : accept(n);
        }
    }
    return ramInBytes(value);
}

// ---------------------------------------------------------------------------------------------
// Linux tmpfs `size=`: mm/shmem.c shmem_parse_one (Opt_size) → lib/cmdline.c memparse →
// lib/vsprintf.c simple_strtoull(ptr, &end, 0). Docker hands `--tmpfs` / `HostConfig.Tmpfs` /
// Compose `tmpfs:` options to mount(2) untouched (moby's MergeTmpfsOptions only dedupes them),
// and the local volume driver does the same with `driver_opts.o`.

const tmpfsShifts: Readonly<Record<string, bigint>> = { k: 10n, m: 20n, g: 30n, t: 40n, p: 50n, e: 60n };
const mask64 = (1n << 64n) - 1n;
/** PAGE_SIZE on x86-64 and most arm64 kernels. */
const pageSize = 4096n;

/** _parse_integer's digit value of an ASCII character, up to base 16. */
function digitValue(c: string | undefined): bigint | undefined {
    if (c === undefined || !/^[0-9a-fA-F]$/.test(c)) {
        return undefined;
    }
    return BigInt(parseInt(c, 16));
}

/**
 * A tmpfs `size=` value as the kernel reads it: an unsigned integer in C notation (`0x10`
 * hexadecimal, a leading `0` octal, else decimal), then one optional suffix `k m g t p e` (binary,
 * either case), then an optional `%` (of the host's memory); nothing else. `64m` → 67108864,
 * `0x10m` → 16 MiB, `010m` → 8 MiB, `50%` → 50 percent. Refused (the mount fails): `64mb`,
 * `64Mi`, `1.5g`, `1e8`, `64 m`, `-1m`, an empty value. Arithmetic is 64-bit and wraps as the
 * kernel's does; a size the kernel rounds to zero pages (`16e` = 2^64) is 0, "no limit".
 */
export function parseTmpfsSize(text: string): TmpfsSizeReading {
    if (text === "") {
        return { ok: false, reason: "an empty size= is refused by the kernel" };
    }
    let i = 0;
    let base = 10n;
    if (text[0] === "0") {
        const hex = (text[1] === "x" || text[1] === "X") && digitValue(text[2]) !== undefined;
        base = hex ? 16n : 8n;
        i = hex ? 2 : 0;
    }
    let value = 0n;
    for (let d = digitValue(text[i]); d !== undefined && d < base; d = digitValue(text[++i])) {
        value = (value * base + d) & mask64;
    }
    const unit = text[i];
    if (unit !== undefined && /^[kmgtpeKMGTPE]$/.test(unit)) {
        value = (value << tmpfsShifts[unit.toLowerCase()]) & mask64;
        i++;
    }
    if (text[i] === "%" && i === text.length - 1) {
        return { ok: true, percentOfMemory: value };
    }
    if (i !== text.length) {
        return { ok: false, reason: `the kernel stops reading "${text}" at "${text.slice(i)}"` };
    }
    // shmem keeps DIV_ROUND_UP(size, PAGE_SIZE) pages, in 64 bits: no page at all is no limit.
    const pages = ((value + pageSize - 1n) & mask64) / pageSize;
    return { ok: true, bytes: pages === 0n ? 0n : value };
}

// ---------------------------------------------------------------------------------------------
// Sizes people type into this project's tools (`immutable-check --max-bytes`; the component's
// `sizeLimit` on Docker and Swarm keeps a copy of this grammar, see the file comment).

const humanDockerSize = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?(?: ?(?:[kmgtp](?:i?b)?|b))?$/i;
const humanKubernetesSize = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:Ki|Mi|Gi|Ti|Pi|Ei)$/;

/**
 * A size as a person writes it for one of our tools: a plain Docker size (`64m`, `1g`, `16MiB`,
 * `64 mb`, `1e6`, `65536`; binary multiples, case-insensitive, read by {@link parseDockerSize}, a
 * fraction of a byte truncated) or a number with a Kubernetes binary suffix (`16Mi`, `1.5Gi`,
 * read by {@link parseKubernetesQuantity}, a fraction rounded up). No sign, no underscores, no
 * surrounding space; the two spellings never overlap, so every accepted text means what Docker
 * or Kubernetes would read. Zero is returned as 0: the caller decides whether it is a size.
 */
export function parseHumanSize(text: string): SizeReading {
    if (humanDockerSize.test(text)) {
        return parseDockerSize(text);
    }
    if (humanKubernetesSize.test(text)) {
        return parseKubernetesQuantity(text);
    }
    return refuse(`"${text}" is not a size (examples: 65536, 64m, 1g, 16MiB, 512Ki, 16Mi)`);
}
