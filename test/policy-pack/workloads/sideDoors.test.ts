// The stack view of host mounts (workloads/sideDoors.ts): what it finds, and two properties over
// random stacks of claims, PersistentVolumes, Docker volumes and containers: it never throws, and
// making any value unknown (as in a preview) never adds a mandatory finding.
import * as assert from "assert";
import fc from "fast-check";
import { withDefaults } from "../../../policy-pack/lib/config";
import { findSideDoorHostMounts, noWritableHostMountsStackDefinition } from "../../../policy-pack/policies/no-writable-host-mounts";
import { findUndecidableHostMounts, inspectableWorkloadsStackDefinition } from "../../../policy-pack/policies/inspectable-workloads";
import { stackHostMountsOf } from "../../../policy-pack/workloads/sideDoors";
import { duringPreview, engineProps, unknownOnTheWire } from "../../helpers/policyArgs";

interface Leaf {
    readonly leaf: true;
    readonly value: unknown;
    readonly unknown: boolean;
}
const leaf = (...values: unknown[]) =>
    fc.record({ leaf: fc.constant(true as const), value: fc.constantFrom(...values), unknown: fc.boolean() });

/** The template with every leaf's value, or (masked) the sentinel where the leaf says unknown. */
function materialise(t: unknown, masked: boolean): unknown {
    if (Array.isArray(t)) {
        return t.map((x) => materialise(x, masked));
    }
    if (t !== null && typeof t === "object") {
        if ((t as Leaf).leaf === true) {
            const l = t as Leaf;
            return masked && l.unknown ? unknownOnTheWire : l.value;
        }
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(t)) {
            const m = materialise(v, masked);
            if (m !== undefined) {
                out[k] = m;
            }
        }
        return out;
    }
    return t;
}

const pv = fc.record({
    type: fc.constant("kubernetes:core/v1:PersistentVolume"),
    name: fc.constantFrom("pv-a", "pv-b"),
    props: fc.record({
        metadata: fc.record({ name: leaf("a", "b", undefined) }),
        spec: fc.record({
            storageClassName: leaf("manual", undefined),
            hostPath: fc.option(fc.record({ path: leaf("/etc", "/var/lib") }), { nil: undefined }),
            claimRef: fc.option(fc.record({ namespace: leaf("default", "x"), name: leaf("c", "d") }), { nil: undefined }),
        }),
    }),
});
const pvc = fc.record({
    type: fc.constant("kubernetes:core/v1:PersistentVolumeClaim"),
    name: fc.constantFrom("c", "d"),
    props: fc.record({
        metadata: fc.record({ name: leaf("c", "d", undefined), namespace: leaf(undefined, "x") }),
        spec: fc.record({ volumeName: leaf(undefined, "a", "b"), storageClassName: leaf("manual", undefined) }),
    }),
});
const pod = fc.record({
    type: fc.constantFrom("kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:StatefulSet"),
    name: fc.constantFrom("web", "db"),
    props: fc.record({
        metadata: fc.record({ name: leaf("web", "db"), namespace: leaf(undefined, "x") }),
        spec: fc.record({
            template: fc.record({
                spec: fc.record({
                    containers: fc.tuple(
                        fc.record({
                            name: fc.constant("app"),
                            image: fc.constant("nginx"),
                            volumeMounts: fc.tuple(
                                fc.record({
                                    name: leaf("data", "tpl"),
                                    mountPath: fc.constant("/data"),
                                    readOnly: leaf(undefined, true, false),
                                }),
                            ),
                        }),
                    ),
                    volumes: fc.tuple(
                        fc.record({
                            name: fc.constant("data"),
                            persistentVolumeClaim: fc.record({ claimName: leaf("c", "d"), readOnly: leaf(undefined, true) }),
                        }),
                    ),
                }),
            }),
            volumeClaimTemplates: fc.tuple(
                fc.record({ metadata: fc.record({ name: leaf("tpl") }), spec: fc.record({ volumeName: leaf(undefined, "a") }) }),
            ),
        }),
    }),
});
const dockerVolume = fc.record({
    type: fc.constant("docker:index/volume:Volume"),
    name: fc.constantFrom("v", "w"),
    props: fc.record({
        name: leaf("v", "w", undefined),
        driver: leaf(undefined, "local", "other"),
        driverOpts: fc.record({ type: leaf("none"), o: leaf("bind", "bind,ro", "addr=1"), device: leaf("/etc") }),
    }),
});
const volumeEntry = fc.oneof(
    fc.record({ volumeName: leaf("v", "w"), containerPath: fc.constant("/v"), readOnly: leaf(undefined, true, false) }),
    fc.record({ fromContainer: leaf("k", "l", "m", "z"), readOnly: leaf(undefined, true) }),
    fc.record({ hostPath: leaf("/srv"), containerPath: fc.constant("/s"), readOnly: leaf(undefined, true) }),
);
const container = fc.record({
    type: fc.constant("docker:index/container:Container"),
    name: fc.constantFrom("k", "l", "m"),
    props: fc.record({
        name: leaf("k", "l", "m", undefined),
        image: fc.constant("nginx"),
        volumes: fc.array(volumeEntry, { maxLength: 3 }),
        mounts: fc.array(
            fc.record({
                type: leaf("volume", "bind"),
                source: leaf("v", "/srv"),
                target: fc.constant("/m"),
                readOnly: leaf(undefined, true),
            }),
            { maxLength: 2 },
        ),
    }),
});
const stack = fc.array(fc.oneof(pv, pvc, pod, dockerVolume, container), { maxLength: 8 });

function resources(template: unknown[], masked: boolean) {
    return template.map((t, i) => {
        const r = t as { type: string; name: string; props: unknown };
        return {
            type: r.type,
            name: r.name,
            urn: `urn:${i}:${r.type}::${r.name}`,
            props: engineProps(materialise(r.props, masked) as Record<string, unknown>),
        };
    });
}

const hostConfig = withDefaults<never>(noWritableHostMountsStackDefinition.configSchema, {});
const inspectConfig = withDefaults<never>(inspectableWorkloadsStackDefinition.configSchema, {});

describe("workloads/sideDoors", function () {
    this.timeout(120_000);
    duringPreview();

    it("a volumes-from chain names every container on the way, and a cycle ends", () => {
        const c = (name: string, volumes: unknown[]) => ({
            type: "docker:index/container:Container",
            name,
            urn: `urn:${name}`,
            props: { name, image: "x", volumes },
        });
        const found = stackHostMountsOf(
            [
                c("a", [{ hostPath: "/srv", containerPath: "/srv" }, { fromContainer: "c" }]),
                c("b", [{ fromContainer: "a" }]),
                c("c", [{ fromContainer: "b" }]),
            ],
            { defaultNamespace: "default" },
        );
        const chains = found.sideDoors.map((d) => [
            d.view.name,
            d.reached.owner.view.name,
            (d.volumesFrom ?? []).map((x) => x.view.name).join(">"),
        ]);
        assert.deepStrictEqual(chains.sort(), [
            ["b", "a", "a"],
            ["c", "a", "b>a"],
        ]);
    });

    it("never throws on arbitrary stacks", () => {
        fc.assert(
            fc.property(stack, fc.boolean(), (template, masked) => {
                const rs = resources(template, masked);
                findSideDoorHostMounts(rs, hostConfig);
                findUndecidableHostMounts(rs, inspectConfig);
            }),
            { numRuns: 400 },
        );
    });

    it("making values unknown never adds a mandatory finding", () => {
        fc.assert(
            fc.property(stack, (template) => {
                const known = new Set(
                    findSideDoorHostMounts(resources(template, false), hostConfig).map((f) => `${f.urn} ${f.path.join(".")} ${f.message}`),
                );
                for (const f of findSideDoorHostMounts(resources(template, true), hostConfig)) {
                    const key = `${f.urn} ${f.path.join(".")}`;
                    assert.ok(
                        [...known].some((k) => k.startsWith(key)),
                        `new finding from an unknown: ${f.message}`,
                    );
                }
            }),
            { numRuns: 400 },
        );
    });

    it("malformed props never throw", () => {
        const weird = [
            null,
            1,
            "x",
            [],
            { spec: null },
            { volumes: "x", mounts: [null, 3, { type: {} }] },
            {
                spec: {
                    template: {
                        spec: { containers: [{ volumeMounts: [{ name: "d" }] }], volumes: [{ name: "d", persistentVolumeClaim: 5 }] },
                    },
                },
            },
        ];
        const types = [
            "kubernetes:core/v1:PersistentVolume",
            "kubernetes:core/v1:PersistentVolumeClaim",
            "docker:index/volume:Volume",
            "docker:index/container:Container",
            "kubernetes:apps/v1:Deployment",
            "docker:index/service:Service",
        ];
        const rs = types.flatMap((type, i) => weird.map((props, j) => ({ type, name: `r${i}-${j}`, urn: `urn:${i}:${j}`, props })));
        findSideDoorHostMounts(rs, hostConfig);
        findUndecidableHostMounts(rs, inspectConfig);
    });

    // How the time grows with the stack is measured by `npm run bench:scaling`, not here.
    it("a stack of 5,000 resources: every bound node volume and every undecidable claim is found", () => {
        const rs: Array<{ type: string; name: string; urn: string; props: unknown }> = [];
        for (let i = 0; i < 1000; i++) {
            rs.push({
                type: "kubernetes:core/v1:PersistentVolume",
                name: `pv${i}`,
                urn: `urn:pv${i}`,
                props: { metadata: { name: `pv${i}` }, spec: { hostPath: { path: `/d/${i}` } } },
            });
            rs.push({
                type: "kubernetes:core/v1:PersistentVolumeClaim",
                name: `c${i}`,
                urn: `urn:c${i}`,
                props: { metadata: { name: `c${i}` }, spec: { volumeName: `pv${i}` } },
            });
            rs.push({
                type: "kubernetes:apps/v1:Deployment",
                name: `w${i}`,
                urn: `urn:w${i}`,
                props: {
                    metadata: { name: `w${i}` },
                    spec: {
                        template: {
                            spec: {
                                containers: [{ name: "a", image: "x", volumeMounts: [{ name: "d", mountPath: "/d" }] }],
                                volumes: [{ name: "d", persistentVolumeClaim: { claimName: `c${i}` } }],
                            },
                        },
                    },
                },
            });
        }
        // And as many node volumes that no claim names, with as many claims that name no volume.
        for (let i = 0; i < 1000; i++) {
            rs.push({
                type: "kubernetes:core/v1:PersistentVolume",
                name: `free${i}`,
                urn: `urn:free${i}`,
                props: { metadata: { name: `free${i}` }, spec: { storageClassName: "manual", hostPath: { path: `/f/${i}` } } },
            });
            rs.push({
                type: "kubernetes:core/v1:PersistentVolumeClaim",
                name: `any${i}`,
                urn: `urn:any${i}`,
                props: { metadata: { name: `any${i}` }, spec: { storageClassName: "manual" } },
            });
        }
        const found = findSideDoorHostMounts(rs, hostConfig);
        const advisories = findUndecidableHostMounts(rs, inspectConfig);
        assert.deepStrictEqual([found.length, advisories.length], [1000, 1000]);
    });
});
