import * as assert from "assert";
import { configObjectOf, configReferencesOf, unknownValue, workloadNamespaceOf, workloadOf } from "../../../policy-pack/workloads";
import { engineProps, unknownOnTheWire, duringPreview } from "../../helpers/policyArgs";
import { deployment, deploymentType, dockerContainer, dockerContainerType } from "../../helpers/builders";

describe("workloads/configRefs", () => {
    // Sentinel strings in these tests stand for values unknown during a preview.
    duringPreview();
    it("finds every consumer: volumes, projected sources, envFrom, env valueFrom, in every container list", () => {
        const props = deployment({
            initContainers: [{ name: "i", envFrom: [{ secretRef: { name: "s1" } }] }],
            containers: [
                {
                    name: "c",
                    env: [
                        { name: "A", valueFrom: { configMapKeyRef: { name: "c1", key: "a" } } },
                        { name: "B", valueFrom: { secretKeyRef: { name: "s2", key: "b" } } },
                        { name: "C", valueFrom: { fieldRef: { fieldPath: "x" } } },
                    ],
                },
            ],
            ephemeralContainers: [{ name: "e", envFrom: [{ configMapRef: { name: "c2" } }] }],
            volumes: [
                { name: "v", configMap: { name: "c3" } },
                { name: "w", secret: { secretName: "s3" } },
                { name: "p", projected: { sources: [{ configMap: { name: "c4" } }, { secret: { name: "s4" } }] } },
            ],
        });
        const view = workloadOf(deploymentType, engineProps(props), "web");
        assert.ok(view);
        const refs = configReferencesOf(view).map((r) => [r.kind, r.name, r.via, r.container ?? "-", r.path.slice(3).join(".")]);
        assert.deepStrictEqual(refs, [
            ["ConfigMap", "c3", "volume", "-", "volumes.0.configMap.name"],
            ["Secret", "s3", "volume", "-", "volumes.1.secret.secretName"],
            ["ConfigMap", "c4", "projected volume", "-", "volumes.2.projected.sources.0.configMap.name"],
            ["Secret", "s4", "projected volume", "-", "volumes.2.projected.sources.1.secret.name"],
            ["Secret", "s1", "envFrom", "i", "initContainers.0.envFrom.0.secretRef.name"],
            ["ConfigMap", "c1", "env", "c", "containers.0.env.0.valueFrom.configMapKeyRef.name"],
            ["Secret", "s2", "env", "c", "containers.0.env.1.valueFrom.secretKeyRef.name"],
            ["ConfigMap", "c2", "envFrom", "e", "ephemeralContainers.0.envFrom.0.configMapRef.name"],
        ]);
    });

    it("keeps an unknown reference name distinguishable", () => {
        const view = workloadOf(
            deploymentType,
            engineProps(deployment({ containers: [{ name: "c", envFrom: [{ configMapRef: { name: unknownOnTheWire } }] }] })),
            "web",
        );
        assert.ok(view);
        assert.strictEqual(configReferencesOf(view)[0].name, unknownValue);
    });

    it("Docker workloads consume no ConfigMaps", () => {
        const view = workloadOf(dockerContainerType, dockerContainer({}), "c");
        assert.ok(view);
        assert.deepStrictEqual(configReferencesOf(view), []);
    });

    it("workload namespace: known, unset, unknown", () => {
        const ns = (metadata: Record<string, unknown>) => {
            const v = workloadOf(deploymentType, engineProps(deployment({ containers: [] }, metadata)), "w");
            assert.ok(v);
            return workloadNamespaceOf(v);
        };
        assert.strictEqual(ns({ namespace: "a" }), "a");
        assert.strictEqual(ns({}), undefined);
        assert.strictEqual(ns({ namespace: unknownOnTheWire }), unknownValue);
    });

    describe("configObjectOf", () => {
        it("ConfigMap with name, namespace, immutable", () => {
            const o = configObjectOf(
                "kubernetes:core/v1:ConfigMap",
                engineProps({ metadata: { name: "c", namespace: "n" }, immutable: true }),
                "res",
            );
            assert.deepStrictEqual(
                [o?.kind, o?.name, o?.namespace, o?.immutable.state, o?.resourceName],
                ["ConfigMap", "c", "n", "true", "res"],
            );
        });
        it("auto-named Secret: name undefined, resource name kept", () => {
            const o = configObjectOf("kubernetes:core/v1:Secret", engineProps({ metadata: {} }), "creds");
            assert.deepStrictEqual([o?.kind, o?.name, o?.namespace, o?.immutable.state], ["Secret", undefined, undefined, "unset"]);
        });
        it("unknown name and namespace stay unknown", () => {
            const o = configObjectOf(
                "kubernetes:core/v1:ConfigMap",
                engineProps({ metadata: { name: unknownOnTheWire, namespace: unknownOnTheWire }, immutable: unknownOnTheWire }),
                "c",
            );
            assert.deepStrictEqual([o?.name, o?.namespace, o?.immutable.state], [unknownValue, unknownValue, "unknown"]);
        });
        it("other types are not configuration objects", () => {
            assert.strictEqual(configObjectOf("kubernetes:core/v1:ConfigMapPatch", {}, "x"), undefined);
            assert.strictEqual(configObjectOf(deploymentType, {}, "x"), undefined);
        });
        it("never throws on malformed props", () => {
            for (const p of [null, 1, "x", [], { metadata: 1 }, { metadata: { annotations: [] } }]) {
                configObjectOf("kubernetes:core/v1:ConfigMap", p, "x");
            }
        });
    });
});
