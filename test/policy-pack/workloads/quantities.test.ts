// Issue #13, one quantity module: each grammar of policy-pack/workloads/quantities.ts, accepted and
// refused texts with their exact byte counts, against the upstream code's own tests and behaviour.
// quantities-differential.test.ts compares the same functions with the Go code on generated texts.
import * as assert from "assert";
import {
    SizeReading,
    decodeKubernetesQuantity,
    maxInt64,
    parseComposeSize,
    parseDockerSize,
    parseHumanSize,
    parseKubernetesQuantity,
    parseTmpfsSize,
} from "../../../policy-pack/workloads/quantities";

const Ki = 1024n;
const Mi = 1024n ** 2n;
const Gi = 1024n ** 3n;

function accepts<T extends string | number>(parse: (v: T) => SizeReading, cases: ReadonlyArray<readonly [T, bigint]>): void {
    for (const [text, bytes] of cases) {
        it(`${JSON.stringify(text)} → ${bytes}`, () => assert.deepStrictEqual(parse(text), { ok: true, bytes }));
    }
}

function refuses<T extends string | number>(parse: (v: T) => SizeReading, cases: ReadonlyArray<T>, reason = /./): void {
    for (const text of cases) {
        it(`refuses ${JSON.stringify(text)}`, () => {
            const r = parse(text);
            assert.ok(
                !r.ok && reason.test(r.reason),
                JSON.stringify(r, (_, v: unknown) => (typeof v === "bigint" ? String(v) : v)),
            );
        });
    }
}

describe("workloads/quantities", () => {
    // k8s.io/apimachinery/pkg/api/resource v0.34.1: quantity.go (ParseQuantity, Value), quantity_test.go.
    describe("parseKubernetesQuantity (resource.ParseQuantity, then Quantity.Value())", () => {
        accepts(parseKubernetesQuantity, [
            ["64Mi", 64n * Mi],
            ["1Gi", Gi],
            ["1.5Gi", 1610612736n],
            [".5Ki", 512n],
            ["5.", 5n],
            ["1.e3", 1000n],
            ["500M", 500_000_000n],
            ["1k", 1000n],
            ["1E", 10n ** 18n], // exa, not an exponent without digits
            ["1e8", 100_000_000n], // issue #13: the exponent form
            ["1E8", 100_000_000n],
            ["1e+8", 100_000_000n],
            ["100e-2", 1n],
            ["+1Ki", Ki],
            ["-0", 0n],
            ["0", 0n],
            ["00012", 12n],
            ["0.1Gi", 107374183n], // Value() rounds a fraction of a byte up
            ["64m", 1n], // milli: 0.064 bytes, rounded up
            ["1n", 1n],
            ["1e-8", 1n],
            ["1Ei", 2n ** 60n],
            ["8Ei", maxInt64], // BinarySI is capped at int64 by ParseQuantity
            ["1e19", maxInt64], // Value() would overflow: saturated
            ["123456789012345678901234", maxInt64],
            [1e8, 100_000_000n], // a number is read as its JSON text
            [1.5, 2n],
            [1e21, maxInt64],
        ]);
        refuses(parseKubernetesQuantity, [
            "64 bananas",
            "64MB",
            "64mi",
            "64 Mi",
            "64Mi ",
            " 64Mi",
            "1.5.3",
            "0x10",
            "1K",
            "1ki",
            "64i",
            // quantity_test.go's invalid table
            "1.1.M",
            "1+1.0M",
            "0.1mi",
            "0.1am",
            "aoeu",
            ".5i",
            "1i",
            "-3.01i",
            "-3.01e-",
            " 1",
            "1 ",
            "",
            "1e",
            "1e+",
            "1Mi5",
            "1e9223372036854775808",
            NaN,
            Infinity,
        ]);
        refuses(parseKubernetesQuantity, ["-1Gi", "-5", "-0.0000000001", -1], /negative/);
        describe("apimachinery's own quirks, kept", () => {
            // parseQuantityString takes a number without digits as 0 when the fast path reads it…
            accepts(parseKubernetesQuantity, [
                ["Mi", 0n],
                [".", 0n],
                ["+", 0n],
                ["-", 0n],
                [".k", 0n],
                ["e-9", 0n],
                ["Ti", 0n],
            ]);
            // …and inf.Dec refuses it on the slow path.
            refuses(parseKubernetesQuantity, ["Pi", "Ei", "e-10", ".e-10"], /no digits/);
            // int32(exponent): 2^32 wraps to 0.
            accepts(parseKubernetesQuantity, [
                ["1e4294967296", 1n],
                ["1e4294967297", 10n],
            ]);
        });
    });

    describe("decodeKubernetesQuantity (Quantity.UnmarshalJSON, what the API server decodes)", () => {
        accepts(decodeKubernetesQuantity, [
            [" 64Mi ", 64n * Mi],
            ["\u00a064Mi", 64n * Mi],
            ["64Mi\u3000", 64n * Mi],
            ["1e8", 100_000_000n],
            [1e8, 100_000_000n],
        ]);
        // encoding/json sends these escaped (`\t`), and the backslash is no quantity.
        refuses(decodeKubernetesQuantity, ["64Mi\t", "\n64Mi", "64Mi\u2028", "64 bananas", "6 4Mi"]);
    });

    // github.com/docker/go-units v0.5.0 size.go RAMInBytes; the cases of size_test.go TestRAMInBytes first.
    describe("parseDockerSize (units.RAMInBytes)", () => {
        accepts(parseDockerSize, [
            ["32", 32n],
            ["32b", 32n],
            ["32B", 32n],
            ["32k", 32n * Ki],
            ["32K", 32n * Ki],
            ["32kb", 32n * Ki],
            ["32Kb", 32n * Ki],
            ["32Kib", 32n * Ki],
            ["32KIB", 32n * Ki],
            ["32Mb", 32n * Mi],
            ["32Gb", 32n * Gi],
            ["32Tb", 32n * 1024n ** 4n],
            ["32Pb", 32n * 1024n ** 5n],
            ["32PB", 32n * 1024n ** 5n],
            ["32P", 32n * 1024n ** 5n],
            ["32.3", 32n],
            ["32.3 mb", BigInt(Math.trunc(32.3 * 2 ** 20))],
            ["0.3MB", BigInt(Math.trunc(0.3 * 2 ** 20))],
            // and what else strconv.ParseFloat and the suffix rules let through
            ["64m", 64n * Mi],
            ["64MiB", 64n * Mi],
            ["64 m", 64n * Mi],
            ["1.5g", 1610612736n],
            ["0.1k", 102n],
            ["5.", 5n],
            [".5k", 512n],
            ["1e8", 100_000_000n],
            ["1e2 k", 100n * Ki],
            ["1_000", 1000n],
            ["64 ", 64n],
            ["+5", 5n],
            ["-0", 0n],
            ["64\u212a", 64n * Ki],
            ["9007199254740993", 9007199254740992n], // a float64, as Go parses it
            [67108864, 67108864n],
        ]);
        refuses(parseDockerSize, [
            "",
            "hello",
            "-32",
            " 32 ",
            "32m b",
            "32bm", // size_test.go
            "64 bananas",
            "64Mi",
            "64mi",
            "64  m",
            "64x",
            "1.5.5m",
            "1__000",
            "_1",
            "0x10",
            "0x1p4",
            "Inf ",
            "NaN ",
            "1e309",
            "99999999999999999999k",
            "64\u212ab",
            -1,
            1.5,
            NaN,
        ]);
    });

    // github.com/compose-spec/compose-go/v2 v2.16.2 types/bytes.go UnitBytes.parseString.
    describe("parseComposeSize (compose-go types.UnitBytes)", () => {
        accepts(parseComposeSize, [
            ["64m", 64n * Mi],
            ["1.5GiB", 1610612736n],
            ["10000", 10000n],
            ["9007199254740993", 9007199254740993n],
            ["+5", 5n],
            [42, 42n],
        ]);
        refuses(parseComposeSize, ["64 bananas", "64Mi", "", 1.5]);
        refuses(parseComposeSize, ["-1", -1], /negative/);
    });

    // Linux mm/shmem.c shmem_parse_one and lib/cmdline.c memparse. Each case was checked with
    // `mount -t tmpfs -o size=<text> tmpfs <dir>` (in `unshare -rm`) on Linux 6.18, x86-64, and
    // the size= the mount then showed in /proc/mounts.
    describe("parseTmpfsSize (the kernel's tmpfs size=)", () => {
        const cases: ReadonlyArray<readonly [string, "bytes" | "percent" | "refused", bigint?]> = [
            ["64m", "bytes", 64n * Mi],
            ["64M", "bytes", 64n * Mi],
            ["1g", "bytes", Gi],
            ["100k", "bytes", 100n * Ki],
            ["65536", "bytes", 65536n],
            ["1", "bytes", 1n], // a page
            ["0x10m", "bytes", 16n * Mi],
            ["0X10k", "bytes", 16n * Ki],
            ["010m", "bytes", 8n * Mi], // octal
            ["1e", "bytes", 2n ** 60n], // exbi
            ["2p", "bytes", 2n ** 51n],
            ["0", "bytes", 0n], // no limit
            ["m", "bytes", 0n], // no digits: 0, no limit
            ["16e", "bytes", 0n], // 2^64 wraps to 0
            ["18446744073709551615", "bytes", 0n], // rounds up to 2^64 / PAGE_SIZE pages, which wraps to none
            ["50%", "percent", 50n],
            ["1k%", "percent", 1024n],
            ["0%", "percent", 0n],
            ["%", "percent", 0n],
            // refused: the mount fails
            ["", "refused"],
            ["64mb", "refused"],
            ["64Mi", "refused"],
            ["1.5g", "refused"],
            ["1e3", "refused"],
            ["64 m", "refused"],
            [" 64m", "refused"],
            ["64m ", "refused"],
            ["08m", "refused"],
            ["+5m", "refused"],
            ["-5m", "refused"],
            ["0x", "refused"],
            ["0xg", "refused"],
            ["1x", "refused"],
            ["1%k", "refused"],
            ["64 bananas", "refused"],
        ];
        for (const [text, kind, n] of cases) {
            it(`${JSON.stringify(text)} → ${kind}${n === undefined ? "" : ` ${n}`}`, () => {
                const r = parseTmpfsSize(text);
                if (kind === "refused") {
                    assert.ok(
                        !r.ok,
                        JSON.stringify(r, (_, v: unknown) => (typeof v === "bigint" ? String(v) : v)),
                    );
                } else {
                    assert.deepStrictEqual(r, kind === "bytes" ? { ok: true, bytes: n } : { ok: true, percentOfMemory: n });
                }
            });
        }
    });

    describe("parseHumanSize (what people type: --max-bytes, the component's Docker sizes)", () => {
        accepts(parseHumanSize, [
            ["1048576", 1048576n],
            ["64m", 64n * Mi],
            ["64M", 64n * Mi],
            ["16MB", 16n * Mi],
            ["16MiB", 16n * Mi],
            ["16mib", 16n * Mi],
            ["64 mb", 64n * Mi],
            ["1.5g", 1610612736n],
            ["1e6", 1_000_000n],
            ["100B", 100n],
            ["5.", 5n],
            [".5k", 512n],
            ["16Mi", 16n * Mi],
            ["512Ki", 512n * Ki],
            ["1.5Gi", 1610612736n],
            ["0.1Ki", 103n],
            ["0", 0n],
        ]);
        refuses(parseHumanSize, [
            "64 bananas",
            "",
            " 16MiB",
            "16MiB ",
            "64 ",
            "+5",
            "-5",
            "1_000",
            "0x10",
            "16mi",
            "16 Mi",
            "16MI",
            "Mi",
            ".",
            "64\u212a",
            "500n",
            "1E",
        ]);
        refuses(parseHumanSize, ["1e30", "99999999999999999999"], /too large/);
    });
});
