// What views build for every container and mount: paths (`pathWith`, in place of array spreads
// that over-allocate) and boolean field states (one frozen object per state that carries no value).
// Both are read-only data whose sharing must change nothing a policy can see.
import * as assert from "assert";
import fc from "fast-check";
import { booleanField, pathThrough, pathWith, PropertyPath, unknownValue } from "../../../policy-pack/workloads/values";

const key = fc.oneof(fc.string(), fc.nat());

describe("values: paths and boolean states of views", () => {
    it("pathWith(path, k1…k4) is [...path, k1…k4], a new array of that length, the path left as it was", () => {
        fc.assert(
            fc.property(fc.array(key, { maxLength: 12 }), fc.array(key, { minLength: 1, maxLength: 4 }), (base, keys) => {
                const before = [...base];
                const [k1, k2, k3, k4] = keys;
                const out = pathWith(base, k1, k2, k3, k4);
                assert.deepStrictEqual(out, [...base, ...keys]);
                assert.strictEqual(out.length, base.length + keys.length);
                assert.notStrictEqual(out, base);
                assert.deepStrictEqual(base, before);
                // A dense array, as a spread makes: every index is there.
                for (let i = 0; i < out.length; i++) {
                    assert.ok(i in out, `index ${i} of ${JSON.stringify(out)}`);
                }
            }),
        );
    });

    it("pathThrough(path, key, tail) is [...path, key, ...tail], a dense new array, path and tail left as they were", () => {
        fc.assert(
            fc.property(fc.array(key, { maxLength: 12 }), key, fc.array(key, { maxLength: 6 }), (base, k, tail) => {
                const [baseBefore, tailBefore] = [[...base], [...tail]];
                const out = pathThrough(base, k, tail);
                assert.deepStrictEqual(out, [...base, k, ...tail]);
                assert.strictEqual(out.length, base.length + 1 + tail.length);
                assert.deepStrictEqual([base, tail], [baseBefore, tailBefore]);
                for (let i = 0; i < out.length; i++) {
                    assert.ok(i in out, `index ${i} of ${JSON.stringify(out)}`);
                }
            }),
        );
    });

    it("pathWith keeps keys that are falsy (0, the empty string)", () => {
        const base: PropertyPath = ["spec"];
        assert.deepStrictEqual(pathWith(base, 0), ["spec", 0]);
        assert.deepStrictEqual(pathWith(base, "", 0), ["spec", "", 0]);
        assert.deepStrictEqual(pathWith(base, 0, "", 0, ""), ["spec", 0, "", 0, ""]);
    });

    it("booleanField: each state without a value is one frozen object; invalid values are each their own", () => {
        const cases: Array<[unknown, string]> = [
            [{ f: true }, "true"],
            [{ f: false }, "false"],
            [{}, "unset"],
            [{ f: null }, "unset"],
            [{ f: unknownValue }, "unknown"],
            [{ g: unknownValue }, "unset"],
        ];
        for (const [obj, state] of cases) {
            const a = booleanField(obj, ["f"]);
            // Another object holding the same value: the state is the same object.
            const b = booleanField({ ...(obj as object) }, ["f"]);
            assert.deepStrictEqual(a, { state });
            assert.ok(Object.isFrozen(a), `${state} is frozen`);
            assert.strictEqual(a, b, `${state}: the same object each time`);
        }
        assert.throws(() => {
            "use strict";
            (booleanField({ f: true }, ["f"]) as { state: string }).state = "false";
        }, TypeError);
        assert.deepStrictEqual(booleanField({ f: true }, ["f"]), { state: "true" });
        const invalid = booleanField({ f: "yes" }, ["f"]);
        assert.deepStrictEqual(invalid, { state: "invalid", value: "yes" });
        assert.notStrictEqual(booleanField({ f: "yes" }, ["f"]), invalid);
    });
});
