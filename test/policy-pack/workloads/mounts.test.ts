import * as assert from "assert";
import { mountsOf, parseTmpfsOptions, setPreview, unknownValue, workloadOf } from "../../../policy-pack/workloads";
import { engineProps, unknownOnTheWire, duringPreview } from "../../helpers/policyArgs";
import { deployment, deploymentType, dockerContainer, dockerContainerType, dockerServiceType, swarmService } from "../../helpers/builders";

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
        const props = deployment({
            containers: [{ name: "a", volumeMounts: names.map((n) => ({ name: n, mountPath: `/${n}` })) }],
            volumes,
        });
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
            assert.deepStrictEqual(
                [b.medium, b.sizeLimit.state, b.emptyDirPath],
                ["Memory", "bounded", ["spec", "template", "spec", "volumes", 0, "emptyDir"]],
            );
            const host = mounts[2].backing;
            assert.ok(host.kind === "host");
            assert.deepStrictEqual(
                [host.hostPath, host.hostPathPath],
                ["/var/log", ["spec", "template", "spec", "volumes", 2, "hostPath", "path"]],
            );
        });
        it("an unknown volume list makes every backing unknown", () => {
            const m = mountsFor(
                deploymentType,
                deployment({ containers: [{ name: "a", volumeMounts: [{ name: "x", mountPath: "/x" }] }], volumes: unknownOnTheWire }),
            );
            assert.strictEqual(m.mounts[0].backing.kind, "unknown");
        });
        it("an unknown volume entry makes a missing name unknown, not unresolved", () => {
            const m = mountsFor(
                deploymentType,
                deployment({ containers: [{ name: "a", volumeMounts: [{ name: "x", mountPath: "/x" }] }], volumes: [unknownOnTheWire] }),
            );
            assert.strictEqual(m.mounts[0].backing.kind, "unknown");
        });
        it("an unknown volumeMounts list is reported as unknown", () => {
            const m = mountsFor(deploymentType, deployment({ containers: [{ name: "a", volumeMounts: unknownOnTheWire }] }));
            assert.deepStrictEqual(m.unknownMounts, [["spec", "template", "spec", "containers", 0, "volumeMounts"]]);
        });
        it("unknown mountPath and readOnly stay distinguishable", () => {
            const m = mountsFor(
                deploymentType,
                deployment({
                    containers: [{ name: "a", volumeMounts: [{ name: "x", mountPath: unknownOnTheWire, readOnly: unknownOnTheWire }] }],
                    volumes: [{ name: "x", emptyDir: {} }],
                }),
            );
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
                    mounts: [
                        { type: "tmpfs", target: "/t", tmpfsOptions: { sizeBytes: 10 } },
                        { type: "bind", source: "/h", target: "/b", readOnly: true },
                        { type: "volume", source: "v", target: "/v" },
                    ],
                    volumes: [
                        { hostPath: "/srv", containerPath: "/srv" },
                        { volumeName: "data", containerPath: "/data" },
                        { fromContainer: "other" },
                    ],
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
            const { mounts } = mountsFor(
                dockerServiceType,
                swarmService({ mounts: [{ type: "bind", source: "/h", target: "/b" }], tmpfs: { "/ignored": "" } }),
            );
            assert.deepStrictEqual(
                mounts.map((m) => [m.backing.kind, m.path]),
                [["host", ["taskSpec", "containerSpec", "mounts", 0]]],
            );
        });
        it("unknown lists are reported, not guessed", () => {
            const m = mountsFor(
                dockerContainerType,
                dockerContainer({ tmpfs: unknownOnTheWire, mounts: unknownOnTheWire, volumes: [unknownOnTheWire] }),
            );
            assert.deepStrictEqual(m.mounts, []);
            assert.deepStrictEqual(m.unknownMounts, [["tmpfs"], ["mounts"], ["volumes", 0]]);
        });
        it("an unknown hostPath is a host mount with an unknown path", () => {
            const { mounts } = mountsFor(
                dockerContainerType,
                dockerContainer({ volumes: [{ hostPath: unknownOnTheWire, containerPath: "/x" }] }),
            );
            const b = mounts[0].backing;
            assert.ok(b.kind === "host");
            assert.strictEqual(b.hostPath, unknownValue);
        });
    });

    describe("references the stack view follows (claims, claim templates, named volumes, volumes-from)", () => {
        const referenceOf = (m: { backing: { kind: string } }) =>
            m.backing.kind === "volume" ? (m.backing as { reference?: unknown }).reference : undefined;
        it("a PersistentVolumeClaim volume names its claim and its readOnly", () => {
            const { mounts } = mountsFor(
                deploymentType,
                deployment({
                    containers: [{ name: "a", volumeMounts: [{ name: "d", mountPath: "/d" }] }],
                    volumes: [{ name: "d", persistentVolumeClaim: { claimName: "data", readOnly: true } }],
                }),
            );
            assert.deepStrictEqual(referenceOf(mounts[0]), {
                kind: "claim",
                claimName: "data",
                claimNamePath: ["spec", "template", "spec", "volumes", 0, "persistentVolumeClaim", "claimName"],
                claimReadOnly: { state: "true" },
                claimReadOnlyPath: ["spec", "template", "spec", "volumes", 0, "persistentVolumeClaim", "readOnly"],
            });
        });
        it("an unknown claim name stays unknown", () => {
            const { mounts } = mountsFor(
                deploymentType,
                deployment({
                    containers: [{ name: "a", volumeMounts: [{ name: "d", mountPath: "/d" }] }],
                    volumes: [{ name: "d", persistentVolumeClaim: { claimName: unknownOnTheWire } }],
                }),
            );
            assert.strictEqual((referenceOf(mounts[0]) as { claimName: unknown }).claimName, unknownValue);
        });
        it("an ephemeral volume's claim template names its PersistentVolume", () => {
            const { mounts } = mountsFor(
                deploymentType,
                deployment({
                    containers: [{ name: "a", volumeMounts: [{ name: "e", mountPath: "/e" }] }],
                    volumes: [{ name: "e", ephemeral: { volumeClaimTemplate: { spec: { volumeName: "pv-1" } } } }],
                }),
            );
            const r = referenceOf(mounts[0]) as { kind: string; template: string; volumeName: string; volumeNamePath: unknown };
            assert.deepStrictEqual(
                [r.kind, r.template, r.volumeName, r.volumeNamePath],
                [
                    "claimTemplate",
                    "ephemeral",
                    "pv-1",
                    ["spec", "template", "spec", "volumes", 0, "ephemeral", "volumeClaimTemplate", "spec", "volumeName"],
                ],
            );
        });
        const statefulSet = (templates: unknown, volumes?: unknown) => ({
            metadata: { name: "db" },
            spec: {
                template: {
                    spec: {
                        containers: [{ name: "db", volumeMounts: [{ name: "pgdata", mountPath: "/var/lib/postgresql" }] }],
                        ...(volumes === undefined ? {} : { volumes }),
                    },
                },
                volumeClaimTemplates: templates,
            },
        });
        it("a StatefulSet volumeMount resolves to its volumeClaimTemplate, which replaces a pod volume of that name", () => {
            const { mounts } = mountsFor(
                "kubernetes:apps/v1:StatefulSet",
                statefulSet([{ metadata: { name: "pgdata" }, spec: { volumeName: "pv-db" } }], [{ name: "pgdata", emptyDir: {} }]),
            );
            assert.strictEqual(mounts[0].backing.kind, "volume");
            const r = referenceOf(mounts[0]) as {
                kind: string;
                template: string;
                templateName: string;
                templatePath: unknown;
                volumeName: string;
            };
            assert.deepStrictEqual(
                [r.kind, r.template, r.templateName, r.templatePath, r.volumeName],
                ["claimTemplate", "statefulSet", "pgdata", ["spec", "volumeClaimTemplates", 0], "pv-db"],
            );
        });
        it("StatefulSet templates unknown at preview: the backing is unknown", () => {
            const { mounts } = mountsFor(
                "kubernetes:apps/v1:StatefulSet",
                statefulSet(unknownOnTheWire, [{ name: "pgdata", hostPath: { path: "/x" } }]),
            );
            assert.strictEqual(mounts[0].backing.kind, "unknown");
        });
        it("a Deployment does not read volumeClaimTemplates", () => {
            const { mounts } = mountsFor(deploymentType, statefulSet([{ metadata: { name: "pgdata" }, spec: {} }]));
            assert.strictEqual(mounts[0].backing.kind, "unresolved");
        });
        it("Docker volumes[].volumeName, mounts[] of type volume and volumes[].fromContainer", () => {
            const { mounts } = mountsFor(
                dockerContainerType,
                dockerContainer({
                    mounts: [{ type: "volume", source: "v", target: "/v" }],
                    volumes: [
                        { volumeName: "data", containerPath: "/data" },
                        { fromContainer: "other", readOnly: true },
                        { volumeName: unknownOnTheWire, containerPath: "/u" },
                    ],
                }),
            );
            assert.deepStrictEqual(mounts.map(referenceOf), [
                { kind: "dockerVolume", name: "v", namePath: ["mounts", 0, "source"] },
                { kind: "dockerVolume", name: "data", namePath: ["volumes", 0, "volumeName"] },
                { kind: "fromContainer", container: "other", containerPath: ["volumes", 1, "fromContainer"] },
                { kind: "dockerVolume", name: unknownValue, namePath: ["volumes", 2, "volumeName"] },
            ]);
            assert.strictEqual(mounts[2].readOnly.state, "true");
        });
        it("a volume mount whose local-driver options bind a host directory is a host mount", () => {
            const { mounts } = mountsFor(
                dockerServiceType,
                swarmService({
                    mounts: [
                        {
                            type: "volume",
                            source: "v",
                            target: "/v",
                            volumeOptions: { driverOptions: { type: "none", o: "bind", device: "/etc" } },
                        },
                        { type: "volume", target: "/w", volumeOptions: { driverOptions: { type: "none", o: "bind,ro", device: "/etc" } } },
                    ],
                }),
            );
            const b = mounts[0].backing;
            assert.ok(b.kind === "host");
            assert.deepStrictEqual(
                [b.hostPath, b.hostPathPath, b.via],
                ["/etc", ["taskSpec", "containerSpec", "mounts", 0, "volumeOptions", "driverOptions", "device"], "volume driver options"],
            );
            // A read-only bind (o: bind,ro) is not a writable host directory: a plain volume.
            assert.strictEqual(mounts[1].backing.kind, "volume");
        });
    });

    it("never throws on malformed mounts", () => {
        const bad: unknown[] = [null, 1, "x", [], {}, { volumeMounts: "x" }, { volumeMounts: [null, 1, { name: {} }] }];
        for (const c of bad) {
            const view = workloadOf(
                deploymentType,
                deployment({
                    containers: [{ name: "a", ...(typeof c === "object" && c !== null && !Array.isArray(c) ? c : { volumeMounts: c }) }],
                    volumes: c,
                }),
                "r",
            );
            assert.ok(view);
            mountsOf(view, view.containers[0]);
        }
    });
});
