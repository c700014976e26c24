import * as assert from "assert";
import { dockerVolumeOf, persistentVolumeClaimOf, persistentVolumeOf } from "../../../policy-pack/workloads/storage";
import { unknownValue } from "../../../policy-pack/workloads";
import { duringPreview, engineProps, unknownOnTheWire } from "../../helpers/policyArgs";

const pvType = "kubernetes:core/v1:PersistentVolume";
const pvcType = "kubernetes:core/v1:PersistentVolumeClaim";
const volumeType = "docker:index/volume:Volume";

describe("workloads/storage", () => {
    duringPreview();

    it("only its own types", () => {
        assert.strictEqual(persistentVolumeOf(pvcType, {}, "x"), undefined);
        assert.strictEqual(persistentVolumeClaimOf(pvType, {}, "x"), undefined);
        assert.strictEqual(dockerVolumeOf("docker:index/container:Container", {}, "x"), undefined);
    });

    it("a hostPath PersistentVolume with a claimRef", () => {
        const v = persistentVolumeOf(
            pvType,
            engineProps({
                metadata: { name: "pv" },
                spec: { storageClassName: "manual", hostPath: { path: "/etc" }, claimRef: { namespace: "a", name: "b" } },
            }),
            "res",
        );
        assert.deepStrictEqual(v, {
            resourceName: "res",
            name: "pv",
            directory: { source: "hostPath", path: "/etc", pathPath: ["spec", "hostPath", "path"] },
            claimRef: { namespace: "a", name: "b" },
            storageClassName: "manual",
        });
    });

    it("a local PersistentVolume; other storage is no directory", () => {
        assert.deepStrictEqual(persistentVolumeOf(pvType, { spec: { local: { path: "/mnt/ssd" } } }, "r")?.directory, {
            source: "local",
            path: "/mnt/ssd",
            pathPath: ["spec", "local", "path"],
        });
        assert.strictEqual(persistentVolumeOf(pvType, { spec: { nfs: { server: "s", path: "/x" } } }, "r")?.directory, undefined);
    });

    it("unknowns at preview stay unknown", () => {
        const v = persistentVolumeOf(
            pvType,
            engineProps({ metadata: { name: unknownOnTheWire }, spec: { hostPath: unknownOnTheWire, claimRef: unknownOnTheWire } }),
            "r",
        );
        assert.deepStrictEqual([v?.name, v?.directory, v?.claimRef], [unknownValue, "unknown", "unknown"]);
        assert.strictEqual(persistentVolumeOf(pvType, engineProps({ spec: unknownOnTheWire }), "r")?.directory, "unknown");
    });

    it("a claim: name, namespace, volumeName (empty means none)", () => {
        const c = persistentVolumeClaimOf(
            pvcType,
            engineProps({ metadata: { name: "d", namespace: "n" }, spec: { volumeName: "pv", storageClassName: "" } }),
            "r",
        );
        assert.deepStrictEqual([c?.name, c?.namespace, c?.volumeName, c?.storageClassName], ["d", "n", "pv", ""]);
        assert.strictEqual(persistentVolumeClaimOf(pvcType, { spec: { volumeName: "" } }, "r")?.volumeName, undefined);
    });

    it("a Docker volume: name and what its driver makes of it", () => {
        const v = dockerVolumeOf(
            volumeType,
            engineProps({ name: "etc", driver: "local", driverOpts: { type: "none", o: "bind", device: "/etc" } }),
            "r",
        );
        assert.deepStrictEqual(
            [v?.name, v?.local],
            ["etc", { kind: "bind", device: "/etc", devicePath: ["driverOpts", "device"], readOnly: false }],
        );
        assert.strictEqual(dockerVolumeOf(volumeType, { name: "" }, "r")?.name, undefined);
    });

    it("never throws on malformed props", () => {
        for (const p of [null, 1, "x", [], { spec: 3 }, { spec: { hostPath: "x", claimRef: [] } }, { metadata: [], driverOpts: 5 }]) {
            persistentVolumeOf(pvType, p, "r");
            persistentVolumeClaimOf(pvcType, p, "r");
            dockerVolumeOf(volumeType, p, "r");
        }
    });
});
