import * as assert from "assert";
import { findPodSpecs } from "../../../policy-pack/workloads/podSpecSearch";
import { duringPreview, engineProps, secretOnTheWire, unknownOnTheWire } from "../../helpers/policyArgs";

const pod = (image: unknown = "nginx") => ({ containers: [{ name: "app", image }] });

describe("workloads/podSpecSearch", () => {
    duringPreview();

    it("finds pod specs in document order, with their known containers", () => {
        const r = findPodSpecs(
            engineProps({
                a: { spec: pod("a") },
                b: [
                    { x: 1 },
                    {
                        template: {
                            spec: { containers: [{ image: "b" }, { name: "n", image: unknownOnTheWire }, { name: "c", image: "c" }] },
                        },
                    },
                ],
            }),
        );
        assert.deepStrictEqual(r.found, [
            { path: ["a", "spec"], containers: [{ name: "app", image: "a" }] },
            {
                path: ["b", 1, "template", "spec"],
                containers: [
                    { name: undefined, image: "b" },
                    { name: "c", image: "c" },
                ],
            },
        ]);
        assert.strictEqual(r.stoppedBy, undefined);
    });

    it("skips the judged pod spec and everything under it", () => {
        const r = findPodSpecs({ spec: { template: { spec: { ...pod(), extra: { spec: pod("inner") } } } }, other: pod("x") }, [
            ["spec", "template", "spec"],
        ]);
        assert.deepStrictEqual(
            r.found.map((f) => f.path),
            [["other"]],
        );
    });

    it("the props themselves can be the pod spec", () => {
        assert.deepStrictEqual(
            findPodSpecs(pod()).found.map((f) => f.path),
            [[]],
        );
    });

    it("reads through secrets", () => {
        assert.deepStrictEqual(
            findPodSpecs(engineProps({ s: secretOnTheWire(pod()) })).found.map((f) => f.path),
            [["s"]],
        );
    });

    it("unknown values give nothing", () => {
        assert.deepStrictEqual(
            findPodSpecs(engineProps({ a: unknownOnTheWire, b: { containers: unknownOnTheWire }, c: pod(unknownOnTheWire) })).found,
            [],
        );
    });

    it("not pod specs: strings, containers that are not a list or have no image", () => {
        assert.deepStrictEqual(
            findPodSpecs({
                a: "containers: [{image: x}]",
                b: { containers: { image: "x" } },
                c: { containers: [{ name: "x" }, "nginx", null] },
                d: { containers: [{ image: "" }] },
            }).found,
            [],
        );
    });

    it("limits: node budget and number found", () => {
        const many = { list: Array.from({ length: 50 }, () => pod()) };
        const capped = findPodSpecs(many, [], { maxNodes: 1_000_000, maxFound: 5 });
        assert.deepStrictEqual([capped.found.length, capped.stoppedBy], [5, "found"]);
        const budget = findPodSpecs({ big: Array.from({ length: 1000 }, (_, i) => i), last: pod() }, [], { maxNodes: 100, maxFound: 20 });
        assert.deepStrictEqual([budget.found.length, budget.stoppedBy], [0, "nodes"]);
    });

    it("a budget that ends exactly with the last value, or a count reached with nothing left, stops nothing", () => {
        // { big: [0..97], last: pod } is 1 + 1 + 98 + (pod: 1 object; its containers are not walked) = 101 values.
        const props = { big: Array.from({ length: 98 }, (_, i) => i), last: pod() };
        const whole = findPodSpecs(props, [], { maxNodes: 101, maxFound: 20 });
        assert.deepStrictEqual([whole.found.length, whole.stoppedBy], [1, undefined]);
        const short = findPodSpecs(props, [], { maxNodes: 100, maxFound: 20 });
        assert.deepStrictEqual([short.found.length, short.stoppedBy], [0, "nodes"]);
        const lastFound = findPodSpecs({ a: pod(), b: pod() }, [], { maxNodes: 1000, maxFound: 2 });
        assert.deepStrictEqual([lastFound.found.length, lastFound.stoppedBy], [2, undefined]);
    });

    it("shared and cyclic references are walked once", () => {
        const shared = pod();
        const a: Record<string, unknown> = { x: shared, y: shared };
        a.self = a;
        assert.deepStrictEqual(
            findPodSpecs(a).found.map((f) => f.path),
            [["x"]],
        );
    });

    it("a getter that throws stops the walk without throwing", () => {
        const hostile = { ok: pod() } as Record<string, unknown>;
        Object.defineProperty(hostile, "bad", {
            enumerable: true,
            get: () => {
                throw new Error("boom");
            },
        });
        const r = findPodSpecs(hostile);
        assert.strictEqual(r.stoppedBy, "error");
    });
});
