// Issue #13: the component may not import the pack, so it keeps its own size parsers
// (components/quantities.ts); these properties prove on generated texts, sizes and garbage alike,
// that they agree with the pack's (policy-pack/workloads/quantities.ts, itself checked against the
// platforms' Go code by test/policy-pack/workloads/quantities-differential.test.ts):
// - on Docker and Swarm, the component reads exactly the sizes `parseHumanSize` reads (the grammar
//   of `immutable-check --max-bytes`), as the same number of bytes;
// - on Kubernetes, the component writes the user's text as `emptyDir.sizeLimit`: every text it
//   accepts is the same number of bytes to the API server, and it refuses only what the pack
//   refuses or what is a mistake as a byte size (a milli/micro/nano suffix, no digits, an
//   exponent beyond ±30, more than 2^53 − 1 bytes);
// - what the component writes for Docker (`size=` options) reads back as the same bytes.
import * as assert from "assert";
import fc from "fast-check";
import { QuantityError, formatDockerBytes, parseDockerBytes, parseKubernetesBytes } from "../../components/quantities";
import {
    SizeReading,
    decodeKubernetesQuantity,
    parseDockerSize,
    parseHumanSize,
    parseKubernetesQuantity,
    parseTmpfsSize,
} from "../../policy-pack/workloads/quantities";
import { sizeText, unusualSizeTexts } from "../helpers/sizeTexts";

const runs = Number(process.env.SIZES_RUNS ?? 5000);
const maxSafe = BigInt(Number.MAX_SAFE_INTEGER);

/** The component's answer: its byte count, or the QuantityError it throws. */
function component(parse: (text: string) => number, text: string): number | QuantityError {
    try {
        return parse(text);
    } catch (e) {
        if (e instanceof QuantityError) {
            return e;
        }
        throw e;
    }
}

const show = (r: SizeReading) => (r.ok ? `${r.bytes} bytes` : `refused (${r.reason})`);
const texts = fc.oneof({ arbitrary: sizeText, weight: 20 }, { arbitrary: fc.constantFrom(...unusualSizeTexts), weight: 1 });

describe("the component's sizes agree with the pack's (issue #13)", () => {
    it("Docker and Swarm: parseDockerBytes reads every text as parseHumanSize does", () => {
        fc.assert(
            fc.property(texts, (text) => {
                const pack = parseHumanSize(text);
                const mine = component(parseDockerBytes, text);
                if (pack.ok && pack.bytes <= maxSafe) {
                    assert.strictEqual(mine, Number(pack.bytes), `${JSON.stringify(text)}: pack ${show(pack)}`);
                } else {
                    assert.ok(mine instanceof QuantityError, `${JSON.stringify(text)}: component ${String(mine)}, pack ${show(pack)}`);
                }
            }),
            { numRuns: runs },
        );
    });

    it("Kubernetes: a sizeLimit the component accepts is the same bytes to the API server; it refuses only mistakes", () => {
        fc.assert(
            fc.property(texts, (text) => {
                const pack = parseKubernetesQuantity(text);
                const mine = component(parseKubernetesBytes, text);
                if (typeof mine === "number") {
                    assert.ok(pack.ok && pack.bytes === BigInt(mine), `${JSON.stringify(text)}: component ${mine}, pack ${show(pack)}`);
                    const decoded = decodeKubernetesQuantity(text);
                    assert.ok(decoded.ok && decoded.bytes === BigInt(mine), `${JSON.stringify(text)} decodes as ${show(decoded)}`);
                    return;
                }
                const mistake =
                    /[mun]$/.test(text) || // a fraction of a byte: a Docker-ism
                    !/[0-9]/.test(text.replace(/[eE][+-]?[0-9]+$/, "")) || // no digits: apimachinery reads 0
                    (/[eE][+-]?0*[0-9]{2,}$/.test(text) && Math.abs(Number(text.replace(/^.*[eE]/, ""))) > 30) ||
                    (pack.ok && pack.bytes > maxSafe);
                assert.ok(!pack.ok || mistake, `${JSON.stringify(text)}: component refuses (${mine.message}), pack ${show(pack)}`);
            }),
            { numRuns: runs },
        );
    });

    it("binary suffixes mean the same on Kubernetes and Docker, in the component and in the pack", () => {
        fc.assert(
            fc.property(
                fc.integer({ min: 0, max: 100000 }),
                fc.option(fc.integer({ min: 0, max: 999 })),
                fc.constantFrom("Ki", "Mi", "Gi"),
                (n, fraction, unit) => {
                    const text = fraction === null ? `${n}${unit}` : `${n}.${fraction}${unit}`;
                    const k8s = parseKubernetesQuantity(text);
                    assert.ok(k8s.ok);
                    assert.strictEqual(BigInt(parseKubernetesBytes(text)), k8s.bytes);
                    assert.strictEqual(BigInt(parseDockerBytes(text)), k8s.bytes);
                },
            ),
            { numRuns: 500 },
        );
    });

    it("what the component writes for Docker, size=<formatDockerBytes>, is the same bytes to the kernel and to Docker", () => {
        fc.assert(
            fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (bytes) => {
                const text = formatDockerBytes(bytes);
                const kernel = parseTmpfsSize(text);
                assert.ok(kernel.ok && "bytes" in kernel && kernel.bytes === BigInt(bytes), `size=${text}`);
                const docker = parseDockerSize(text);
                assert.ok(docker.ok && docker.bytes === BigInt(bytes), text);
                assert.strictEqual(parseDockerBytes(text), bytes);
            }),
            { numRuns: 2000 },
        );
    });
});
