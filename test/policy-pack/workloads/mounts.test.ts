import * as assert from "assert";
import { mountsOf, parseTmpfsOptions, setPreview, unknownValue, workloadOf } from "../../../policy-pack/workloads";
import { engineProps, unknownOnTheWire, duringPreview } from "../../helpers/policyArgs";
import { deployment, deploymentType, dockerContainer, dockerContainerType, dockerServiceType, swarmService } from "../policies/builders";

function mountsFor(type: string, props: Record<string, unknown>, containerIndex = 0) {
    const view = workloadOf(type, engineProps(props), "r");
    assert.ok(view);
    return mountsOf(view, view.containers[containerIndex]);
}

describe("workloads/mounts", () => {
    // Sentinel strings in these tests stand for values unknown during a preview.
    duringPreview();
    describe("parseTmpfsOptions", () => {
        const table: Array<[unknown, string, string]> = [
            ["rw,noexec,size=64m", "bounded", "false"],
            ["size=50%", "bounded", "unset"],
            ["ro,size=1g", "bounded", "true"],
            ["size=0", "unbounded", "unset"],
            ["size=lots", "unbounded", "unset"],
            ["", "unset", "unset"],
            [undefined, "unset", "unset"],
            [unknownOnTheWire, "unknown", "unknown"],
            [42, "unbounded", "invalid"],
        ];
        for (const [options, size, readOnly] of table) {
            it(`${JSON.stringify(options)} → size ${size}, readOnly ${readOnly}`, () => {
                const parsed = parseTmpfsOptions(options);
                assert.strictEqual(parsed.sizeLimit.state, size);
                assert.strictEqual(parsed.readOnly.state, readOnly);
            });
        }
    });

    describe("Kubernetes volumeMounts resolved against pod volumes", () => {
        const volumes = [
            { name: "mem", emptyDir: { medium: "Memory", sizeLimit: "64Mi" } },
            { name: "disk", emptyDir: {} },
            { name: "host", hostPath: { path: "/var/log" } },
            { name: "cm", configMap: { name: "c" } },
            { name: "sec", secret: { secretName: "s" } },
            { name: "proj", projected: { sources: [] } },
            { name: "down", downwardAPI: { items: [] } },
            { name: "pvc", persistentVolumeClaim: { claimName: "p" } },
            { name: "bare" },
            { name: "later", emptyDir: unknownOnTheWire },
        ];
        const names = ["mem", "disk", "host", "cm", "sec", "proj", "down", "pvc", "bare", "later", "missing"];
        const props = deployment({ containers: [{ name: "a", volumeMounts: names.map((n) => ({ name: n, mountPath: `/${n}` })) }], volumes });
        const expected: Record<string, string> = {
            mem: "emptyDir",
            disk: "emptyDir",
            host: "host",
            cm: "configuration",
            sec: "configuration",
            proj: "configuration",
            down: "configuration",
            pvc: "volume",
            bare: "emptyDir",
            later: "unknown",
            missing: "unresolved",
        };
        // Built while the suite is defined: in a preview, where the sentinel is an unknown.
        setPreview(true);
        const { mounts } = mountsFor(deploymentType, props);
        setPreview(false);
        names.forEach((n, i) => {
            it(`${n} → ${expected[n]}`, () => {
                assert.strictEqual(mounts[i].backing.kind, expected[n]);
                assert.strictEqual(mounts[i].target, `/${n}`);
                assert.deepStrictEqual(mounts[i].path, ["spec", "template", "spec", "containers", 0, "volumeMounts", i]);
            });
        });
        it("emptyDir details and paths", () => {
            const b = mounts[0].backing;
            assert.ok(b.kind === "emptyDir");
            assert.deepStrictEqual([b.medium, b.sizeLimit.state, b.emptyDirPath], ["Memory", "bounded", ["spec", "template", "spec", "volumes", 0, "emptyDir"]]);
            const host = mounts[2].backing;
            assert.ok(host.kind === "host");
            assert.deepStrictEqual([host.hostPath, host.hostPathPath], ["/var/log", ["spec", "template", "spec", "volumes", 2, "hostPath", "path"]]);
        });
        it("an unknown volume list makes every backing unknown", () => {
            const m = mountsFor(deploymentType, deployment({ containers: [{ name: "a", volumeMounts: [{ name: "x", mountPath: "/x" }] }], volumes: unknownOnTheWire }));
            assert.strictEqual(m.mounts[0].backing.kind, "unknown");
        });
        it("an unknown volume entry makes a missing name unknown, not unresolved", () => {
            const m = mountsFor(deploymentType, deployment({ containers: [{ name: "a", volumeMounts: [{ name: "x", mountPath: "/x" }] }], volumes: [unknownOnTheWire] }));
            assert.strictEqual(m.mounts[0].backing.kind, "unknown");
        });
        it("an unknown volumeMounts list is reported as unknown", () => {
            const m = mountsFor(deploymentType, deployment({ containers: [{ name: "a", volumeMounts: unknownOnTheWire }] }));
            assert.deepStrictEqual(m.unknownMounts, [["spec", "template", "spec", "containers", 0, "volumeMounts"]]);
        });
        it("unknown mountPath and readOnly stay distinguishable", () => {
            const m = mountsFor(deploymentType, deployment({ containers: [{ name: "a", volumeMounts: [{ name: "x", mountPath: unknownOnTheWire, readOnly: unknownOnTheWire }] }], volumes: [{ name: "x", emptyDir: {} }] }));
            assert.strictEqual(m.mounts[0].target, unknownValue);
            assert.strictEqual(m.mounts[0].readOnly.state, "unknown");
        });
    });

    describe("Docker and Swarm", () => {
        it("Container: tmpfs map, mounts[] and volumes[]", () => {
            const { mounts } = mountsFor(
                dockerContainerType,
                dockerContainer({
                    tmpfs: { "/tmp": "size=1m", "/run": "" },
                    mounts: [{ type: "tmpfs", target: "/t", tmpfsOptions: { sizeBytes: 10 } }, { type: "bind", source: "/h", target: "/b", readOnly: true }, { type: "volume", source: "v", target: "/v" }],
                    volumes: [{ hostPath: "/srv", containerPath: "/srv" }, { volumeName: "data", containerPath: "/data" }, { fromContainer: "other" }],
                }),
            );
            assert.deepStrictEqual(
                mounts.map((m) => [m.backing.kind, m.target, m.readOnly.state]),
                [
                    // Struct keys arrive sorted, as from the engine.
                    ["tmpfs", "/run", "unset"],
                    ["tmpfs", "/tmp", "unset"],
                    ["tmpfs", "/t", "unset"],
                    ["host", "/b", "true"],
                    ["volume", "/v", "unset"],
                    ["host", "/srv", "unset"],
                    ["volume", "/data", "unset"],
                    ["volume", undefined, "unset"],
                ],
            );
            assert.deepStrictEqual(mounts[1].path, ["tmpfs", "/tmp"]);
            const t = mounts[2].backing;
            assert.ok(t.kind === "tmpfs");
            assert.deepStrictEqual([t.sizeLimit.state, t.sizePath], ["bounded", ["mounts", 0, "tmpfsOptions", "sizeBytes"]]);
        });
        it("Service: containerSpec.mounts[] only", () => {
            const { mounts } = mountsFor(dockerServiceType, swarmService({ mounts: [{ type: "bind", source: "/h", target: "/b" }], tmpfs: { "/ignored": "" } }));
            assert.deepStrictEqual(
                mounts.map((m) => [m.backing.kind, m.path]),
                [["host", ["taskSpec", "containerSpec", "mounts", 0]]],
            );
        });
        it("unknown lists are reported, not guessed", () => {
            const m = mountsFor(dockerContainerType, dockerContainer({ tmpfs: unknownOnTheWire, mounts: unknownOnTheWire, volumes: [unknownOnTheWire] }));
            assert.deepStrictEqual(m.mounts, []);
            assert.deepStrictEqual(m.unknownMounts, [["tmpfs"], ["mounts"], ["volumes", 0]]);
        });
        it("an unknown hostPath is a host mount with an unknown path", () => {
            const { mounts } = mountsFor(dockerContainerType, dockerContainer({ volumes: [{ hostPath: unknownOnTheWire, containerPath: "/x" }] }));
            const b = mounts[0].backing;
            assert.ok(b.kind === "host");
            assert.strictEqual(b.hostPath, unknownValue);
        });
    });

    it("never throws on malformed mounts", () => {
        const bad: unknown[] = [null, 1, "x", [], {}, { volumeMounts: "x" }, { volumeMounts: [null, 1, { name: {} }] }];
        for (const c of bad) {
            const view = workloadOf(deploymentType, deployment({ containers: [{ name: "a", ...(typeof c === "object" && c !== null && !Array.isArray(c) ? c : { volumeMounts: c }) }], volumes: c }), "r");
            assert.ok(view);
            mountsOf(view, view.containers[0]);
        }
    });
});
