import * as assert from "assert";
import { localDriverVolume } from "../../../policy-pack/workloads/localDriver";
import { unknownValue } from "../../../policy-pack/workloads";
import { asEngineRuns, unknownOnTheWire } from "../../helpers/policyArgs";

describe("workloads/localDriver", () => {
    const table: Array<[string, unknown, unknown, string, unknown?, boolean?]> = [
        ["type none, o bind", undefined, { type: "none", o: "bind", device: "/etc" }, "bind", "/etc", false],
        ["driver local", "local", { type: "none", o: "bind", device: "/etc" }, "bind", "/etc", false],
        ["rbind with other options", "", { type: "none", o: "rbind,nosuid", device: "/srv" }, "bind", "/srv", false],
        ["bind,ro is read-only", undefined, { type: "none", o: "bind,ro", device: "/etc" }, "bind", "/etc", true],
        ["case-insensitive options", undefined, { type: "none", o: "BIND", device: "/etc" }, "bind", "/etc", false],
        ["nfs", undefined, { type: "nfs", o: "addr=10.0.0.1", device: ":/export" }, "other"],
        ["tmpfs", undefined, { type: "tmpfs", o: "size=100m", device: "tmpfs" }, "other"],
        ["another driver", "rexray", { type: "none", o: "bind", device: "/etc" }, "other"],
        ["no options", undefined, undefined, "other"],
        ["options not a map", undefined, "bind", "other"],
        ["options unknown", undefined, unknownOnTheWire, "unknown"],
        ["driver unknown", unknownOnTheWire, { type: "none", o: "bind", device: "/etc" }, "unknown"],
        ["o unknown", undefined, { type: "none", o: unknownOnTheWire, device: "/etc" }, "unknown"],
        ["device unknown", undefined, { type: "none", o: "bind", device: unknownOnTheWire }, "bind", unknownValue, false],
    ];
    for (const [title, driver, options, kind, device, readOnly] of table) {
        it(`${title} → ${kind}`, async () => {
            const v = await asEngineRuns(true, () => localDriverVolume(driver, options, ["driverOpts"]));
            assert.strictEqual(v.kind, kind);
            if (v.kind === "bind") {
                assert.deepStrictEqual([v.device, v.devicePath, v.readOnly], [device, ["driverOpts", "device"], readOnly]);
            }
        });
    }

    it("outside a preview a sentinel string is just a string: no unknown", async () => {
        const v = await asEngineRuns(false, () =>
            localDriverVolume(undefined, { type: "none", o: "bind", device: unknownOnTheWire }, ["o"]),
        );
        assert.ok(v.kind === "bind" && v.device === unknownOnTheWire);
    });
});
