// Differential test of policy-pack/workloads/quantities.ts against the Go code it ports, built
// from the Go modules the platforms use (test/differential/sizes): every generated text — sizes,
// near-sizes and garbage — is read by both, and both must accept it with the same byte count or
// both refuse it.
//   parseKubernetesQuantity   ↔ resource.ParseQuantity + Quantity.Value()   (k8s.io/apimachinery v0.34.1)
//   decodeKubernetesQuantity  ↔ Quantity.UnmarshalJSON of the JSON string    (what the API server decodes)
//   parseDockerSize           ↔ units.RAMInBytes                            (github.com/docker/go-units v0.5.0)
//   parseComposeSize          ↔ types.UnitBytes                             (compose-go v2.16.2)
// The one deliberate difference: Go's hexadecimal floats (`0x1p20`), which RAMInBytes takes
// through strconv.ParseFloat, are refused by the module. The kernel's tmpfs `size=` has no Go
// reference; quantities.test.ts checks it against what mount(2) did.
// Needs Go: without `go` on PATH the suite fails, naming it.
import * as assert from "assert";
import fc from "fast-check";
import {
    SizeReading,
    decodeKubernetesQuantity,
    parseComposeSize,
    parseDockerSize,
    parseKubernetesQuantity,
} from "../../../policy-pack/workloads/quantities";
import { GoSizeAnswer, SizeKind, lastBuildSeconds, readSizesWithGo, sizesReader } from "../../differential/sizes";
import { sizeText, unusualSizeTexts } from "../../helpers/sizeTexts";

const runs = Number(process.env.SIZES_RUNS ?? 3000);
const seed = Number(process.env.SIZES_SEED ?? 20261213);

const fixed = unusualSizeTexts;

function moduleAnswer(reading: SizeReading): GoSizeAnswer {
    if (reading.ok) {
        return { bytes: String(reading.bytes) };
    }
    return /negative/.test(reading.reason) ? { negative: true } : { error: reading.reason };
}

const readers: Record<SizeKind, (text: string) => SizeReading> = {
    quantity: parseKubernetesQuantity,
    json: decodeKubernetesQuantity,
    docker: parseDockerSize,
    compose: parseComposeSize,
};

/** Go's answer in the module's terms: Docker's negative int64s are refusals (an overflow, or compose-go's "-1"). */
function expected(kind: SizeKind, go: GoSizeAnswer): "refused" | "negative" | string {
    if (go.error !== undefined) {
        return "refused";
    }
    if (go.negative) {
        return "negative";
    }
    if (kind === "docker" || kind === "compose") {
        return BigInt(go.bytes ?? "0") < 0n ? "refused" : (go.bytes as string);
    }
    return go.bytes as string;
}

function actual(kind: SizeKind, m: GoSizeAnswer): "refused" | "negative" | string {
    if (m.bytes !== undefined) {
        return m.bytes;
    }
    // The module names every negative size; Docker and Compose simply refuse one.
    return m.negative && kind !== "docker" && kind !== "compose" ? "negative" : "refused";
}

describe("size grammars against the Go code they port (differential)", function () {
    this.timeout(300000);
    let texts: string[] = [];

    before(function () {
        this.timeout(900000);
        sizesReader();
        if (lastBuildSeconds > 0) {
            console.log(`      built test/differential/sizes in ${lastBuildSeconds.toFixed(1)} s`);
        }
        texts = [...fixed, ...fc.sample(sizeText, { numRuns: runs, seed })];
    });

    for (const kind of ["quantity", "json", "docker", "compose"] as const) {
        it(`${kind}: the same bytes, or both refuse (${fixed.length} fixed texts and ${runs} generated, seed ${seed})`, () => {
            const go = readSizesWithGo(kind, texts);
            const mismatches: string[] = [];
            let hexFloats = 0;
            let accepted = 0;
            texts.forEach((text, i) => {
                const want = expected(kind, go[i]);
                const got = actual(kind, moduleAnswer(readers[kind](text)));
                if (want !== "refused" && want !== "negative") {
                    accepted++;
                }
                if (want === got) {
                    return;
                }
                if ((kind === "docker" || kind === "compose") && got === "refused" && /0[xX]/.test(text)) {
                    hexFloats++; // Go's hexadecimal float, refused on purpose
                    return;
                }
                mismatches.push(`${JSON.stringify(text)}: Go ${JSON.stringify(go[i])}, module ${got}`);
            });
            assert.deepStrictEqual(mismatches.slice(0, 20), [], `${mismatches.length} of ${texts.length} differ`);
            // The sample must exercise both sides of the grammar, not only garbage.
            assert.ok(accepted > texts.length / 6, `only ${accepted} of ${texts.length} texts were sizes`);
            assert.ok(hexFloats < texts.length / 100);
        });
    }

    it("every number reads as the JSON number Kubernetes is sent", () => {
        fc.assert(
            fc.property(fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true, min: 0 })), (n) => {
                const [go] = readSizesWithGo("json", [JSON.stringify(n)]);
                return expected("json", go) === actual("json", moduleAnswer(decodeKubernetesQuantity(n)));
            }),
            { numRuns: 50, seed },
        );
    });
});
