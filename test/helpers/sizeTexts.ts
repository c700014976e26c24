// Texts for the size grammars' property tests (policy-pack/workloads/quantities.ts): numbers with
// and without fractions, exponents, signs, underscores and white space, followed by Kubernetes and
// Docker suffixes, their near misses and garbage, so that a sample holds sizes of every grammar
// and the texts one character away from them.
import fc from "fast-check";

const digits = (min: number, max: number, alphabet = "0123456789") =>
    fc.string({ unit: fc.constantFrom(...alphabet), minLength: min, maxLength: max });
/** Mostly `usual`, sometimes one of `rare`. */
const mostly = (usual: string, rare: readonly string[]) =>
    fc.oneof({ arbitrary: fc.constant(usual), weight: 12 }, { arbitrary: fc.constantFrom(...rare), weight: 1 });
const sign = mostly("", ["+", "-"]);
const space = mostly("", [" ", "  ", "\t", "\u00a0", "\u0085", "\u3000"]);
const numberText = fc.oneof(
    { arbitrary: fc.tuple(digits(1, 7), fc.option(digits(0, 5), { freq: 3 })).map(([w, f]) => (f === null ? w : `${w}.${f}`)), weight: 8 },
    { arbitrary: digits(0, 4).map((f) => `.${f}`), weight: 1 },
    {
        arbitrary: fc
            .tuple(digits(1, 4, "0123456789_"), fc.option(digits(0, 3, "0123456789_")))
            .map(([w, f]) => (f === null ? w : `${w}.${f}`)),
        weight: 1,
    },
);
const exponent = fc.oneof(
    { arbitrary: fc.constant(""), weight: 4 },
    { arbitrary: fc.tuple(fc.constantFrom("e", "E"), sign, digits(1, 4)).map((p) => p.join("")), weight: 1 },
);
const suffix = fc.oneof(
    { arbitrary: fc.constantFrom("", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m", "k", "M", "G", "T", "P", "E"), weight: 3 },
    { arbitrary: fc.constantFrom("b", "B", "kb", "KB", "mb", "MiB", "mib", "GiB", "g", "t", "p", "pb", "kib"), weight: 3 },
    {
        arbitrary: fc.constantFrom(
            "K",
            "mi",
            "KI",
            "MB",
            "Mib",
            "i",
            "e",
            "E+",
            "e-",
            "ib",
            "bb",
            "kk",
            "kibb",
            "\u212a",
            "\u212ab",
            "\u0130",
        ),
        weight: 2,
    },
    { arbitrary: fc.constantFrom(" bananas", "x", "%", "_", ".", "..5", "0x", "1", " "), weight: 1 },
);
const structured = fc
    .tuple(space, sign, numberText, exponent, mostly("", [" ", "  "]), suffix, space)
    .map(([before, s, n, e, mid, sfx, after]) => `${before}${s}${n}${e}${mid}${sfx}${after}`);
const alphabet = [..."0123456789012345.+-_eEinumkKMGTPbBgtpx% \tI"];
const anything = fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 12 });
// Exponents of five digits and more send apimachinery's inf.Dec into minutes of arithmetic; the
// unusual texts hold the large ones that matter.
export const sizeText: fc.Arbitrary<string> = fc
    .oneof({ arbitrary: structured, weight: 4 }, { arbitrary: anything, weight: 1 })
    .filter((t) => !/[eE][+-]?[0-9_]{5,}/.test(t));

/** Fixed texts where the grammars' upstream code has its quirks and edges. */
export const unusualSizeTexts: readonly string[] = [
    "",
    "0",
    "-0",
    "+0",
    "00",
    "Mi",
    "Pi",
    "Ei",
    ".",
    "+",
    "-",
    ".k",
    "e5",
    "e-9",
    "e-10",
    ".e-10",
    "5.",
    ".5",
    "1.e3",
    "1e8",
    "1E8",
    "1e+8",
    "1e-8",
    "1e18",
    "1e19",
    "1e4294967296",
    "1e4294967297",
    "1e9223372036854775808",
    "8Ei",
    "9Ei",
    "-8Ei",
    "64 bananas",
    "64Mi",
    "64mi",
    "64m",
    "64M",
    "64MB",
    "64MiB",
    "64 MiB",
    "64  MiB",
    "1.5.3",
    "0x10",
    "0x1p4",
    "0X1P-2 k",
    " 64Mi",
    "64Mi ",
    "\u00a064Mi",
    "64Mi\t",
    "64Mi\u2028",
    "64\u212a",
    "64 \u212a",
    "1_000",
    "1__000",
    "_1000",
    "1000_",
    "1_000.5",
    "1e1_0",
    "Inf ",
    "inf k",
    "NaN ",
    "-Inf ",
    "infinity b",
    "9007199254740993",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551616",
    "99999999999999999999k",
    "1e308 k",
    "1e309",
    "1e-400",
    "0.1k",
    "1.0000000001k",
    "64 ",
    "64 m",
    "1e2 k",
    "-1",
    "-1m",
    "+5",
    "12345678901234567890123",
];
