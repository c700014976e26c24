import * as assert from "assert";
import * as fc from "fast-check";
import { QuantityError, formatDockerBytes, parseCpuCores, parseDockerBytes, parseKubernetesBytes } from "../../components/quantities";

const Ki = 1024;
const Mi = 1024 ** 2;
const Gi = 1024 ** 3;

describe("quantities", () => {
    describe("parseKubernetesBytes", () => {
        const cases: Array<[string, number]> = [
            ["64Mi", 64 * Mi],
            ["1Gi", Gi],
            ["1.5Gi", 1.5 * Gi],
            ["512Ki", 512 * Ki],
            ["500M", 500e6],
            ["1G", 1e9],
            ["1k", 1000],
            ["65536", 65536],
            ["1e3", 1000],
            ["1E6", 1e6],
            ["2P", 2e15],
            ["0.001E", 1e15], // exa, not an exponent without digits
            ["+1Ki", Ki],
            ["0.1Gi", Math.ceil(0.1 * Gi)], // fractions of a byte round up, as Kubernetes does
            ["5.", 5],
            [".5Ki", 512],
            ["0", 0],
            ["1Pi", 2 ** 50],
        ];
        for (const [text, bytes] of cases) {
            it(`${text} → ${bytes}`, () => assert.strictEqual(parseKubernetesBytes(text), bytes));
        }

        const invalid: Array<[string, RegExp]> = [
            ["", /not a Kubernetes quantity/],
            ["Mi", /not a Kubernetes quantity/],
            ["64MB", /not a Kubernetes quantity/],
            ["64 Mi", /not a Kubernetes quantity/],
            [" 64Mi", /not a Kubernetes quantity/],
            ["64mi", /not a Kubernetes quantity/],
            ["1.2.3", /not a Kubernetes quantity/],
            ["-1Gi", /negative/],
            ["64m", /suffix "m".*write binary units such as 64Mi/],
            ["5u", /suffix "u"/],
            ["1e99", /exponent out of range/],
            ["8Ei", /too large/],
        ];
        for (const [text, message] of invalid) {
            it(`rejects ${JSON.stringify(text)}`, () => {
                assert.throws(
                    () => parseKubernetesBytes(text),
                    (e: unknown) => e instanceof QuantityError && message.test(e.message),
                );
            });
        }
    });

    describe("parseDockerBytes", () => {
        const cases: Array<[string, number]> = [
            ["64m", 64 * Mi],
            ["64M", 64 * Mi],
            ["64mb", 64 * Mi],
            ["64MiB", 64 * Mi],
            ["64Mi", 64 * Mi],
            ["1g", Gi],
            ["1.5g", 1.5 * Gi],
            ["512k", 512 * Ki],
            ["65536", 65536],
            ["100b", 100],
            ["64 m", 64 * Mi],
            ["64 b", 64],
            ["2t", 2 * 1024 ** 4],
            // Docker's own reading (go-units RAMInBytes): an exponent, a point with no fraction,
            // and a fraction of a byte truncated after multiplying.
            ["1e3", 1000],
            ["5.", 5],
            [".5k", 512],
            ["0.1k", 102],
            ["64 MiB", 64 * Mi],
            // A Kubernetes binary suffix, exact and rounded up as Kubernetes rounds it.
            ["0.1Ki", 103],
            ["1.5Gi", 1.5 * Gi],
        ];
        for (const [text, bytes] of cases) {
            it(`${text} → ${bytes}`, () => assert.strictEqual(parseDockerBytes(text), bytes));
        }

        for (const text of [
            "",
            "m",
            "64x",
            "64ib",
            "64bb",
            "-1m",
            "1.5.5m",
            "64 ",
            " 64m",
            "64mm",
            "64mi",
            "64 Mi",
            "64MI",
            "1_000",
            "+5",
            "64 bananas",
            ".",
            "Mi",
        ]) {
            it(`rejects ${JSON.stringify(text)}`, () => {
                assert.throws(
                    () => parseDockerBytes(text),
                    (e: unknown) => e instanceof QuantityError && /not a Docker size/.test(e.message),
                );
            });
        }
        for (const text of ["1e30", "99999999999999999999", "8Ei"]) {
            it(`rejects ${JSON.stringify(text)} as too large`, () => {
                assert.throws(
                    () => parseDockerBytes(text),
                    (e: unknown) => e instanceof QuantityError && /too large/.test(e.message),
                );
            });
        }
    });

    describe("parseCpuCores", () => {
        const cases: Array<[string, number]> = [
            ["500m", 0.5],
            ["2", 2],
            ["0.25", 0.25],
            ["1.5", 1.5],
            ["100m", 0.1],
            ["1k", 1000],
        ];
        for (const [text, cores] of cases) {
            it(`${text} → ${cores}`, () => assert.strictEqual(parseCpuCores(text), cores));
        }
        it("rejects byte suffixes and garbage", () => {
            assert.throws(() => parseCpuCores("1Gi"), /byte suffix/);
            assert.throws(() => parseCpuCores("half"), /not a Kubernetes quantity/);
        });
    });

    describe("formatDockerBytes", () => {
        const cases: Array<[number, string]> = [
            [64 * Mi, "64m"],
            [Gi, "1g"],
            [(3 * Gi) / 2, "1536m"],
            [512 * Ki, "512k"],
            [1000, "1000"],
            [1, "1"],
        ];
        for (const [bytes, text] of cases) {
            it(`${bytes} → ${text}`, () => assert.strictEqual(formatDockerBytes(bytes), text));
        }

        it("round-trips through parseDockerBytes for any byte count", () => {
            fc.assert(
                fc.property(
                    fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
                    (bytes) => parseDockerBytes(formatDockerBytes(bytes)) === bytes,
                ),
            );
        });
    });

    it("binary suffixes mean the same on Kubernetes and Docker", () => {
        fc.assert(
            fc.property(
                fc.integer({ min: 1, max: 100000 }),
                fc.constantFrom("Ki", "Mi", "Gi"),
                (n, unit) => parseKubernetesBytes(`${n}${unit}`) === parseDockerBytes(`${n}${unit}`),
            ),
        );
    });
});
