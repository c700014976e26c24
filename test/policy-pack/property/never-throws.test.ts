// Property tests for the policies of issue 4: whatever the props hold (nulls, wrong types, unknown
// sentinels, secrets, in the places the pack reads), no policy throws, for every type token it
// covers. The definitions are called directly: evaluateSafely would hide a throw.
import * as assert from "assert";
import fc from "fast-check";
import { withDefaults } from "../../../policy-pack/lib/config";
import { immutableConfigurationDefinition } from "../../../policy-pack/policies/immutable-configuration";
import { inspectableWorkloadsDefinition } from "../../../policy-pack/policies/inspectable-workloads";
import { noWritableHostMountsDefinition } from "../../../policy-pack/policies/no-writable-host-mounts";
import { pinnedImageDefinition } from "../../../policy-pack/policies/pinned-image";
import { writablePathsInMemoryDefinition } from "../../../policy-pack/policies/writable-paths-in-memory";
import { judgeResource, judgeStack } from "../../../policy-pack/checks";
import { WorkloadPolicyDefinition } from "../../../policy-pack/lib/resourcePolicy";
import {
    configMapType,
    dockerContainerType,
    dockerServiceType,
    kubernetesWorkloadTypeTokens,
    opaqueResourceOf,
    opaqueResourceTypeTokens,
    secretType,
    workloadOf,
} from "../../../policy-pack/workloads";
import { engineProps, secretOnTheWire, unknownOnTheWire } from "../../helpers/policyArgs";

const typeTokens = [
    ...kubernetesWorkloadTypeTokens,
    dockerContainerType,
    dockerServiceType,
    ...opaqueResourceTypeTokens,
    configMapType,
    secretType,
];

// The keys the pack reads, so that random props reach deep into the paths it walks.
const keys = [
    "metadata",
    "name",
    "namespace",
    "annotations",
    "immutable-workloads/exempt",
    "spec",
    "template",
    "jobTemplate",
    "os",
    "containers",
    "initContainers",
    "ephemeralContainers",
    "image",
    "securityContext",
    "readOnlyRootFilesystem",
    "volumes",
    "volumeMounts",
    "mountPath",
    "readOnly",
    "emptyDir",
    "medium",
    "sizeLimit",
    "hostPath",
    "path",
    "configMap",
    "secret",
    "secretName",
    "projected",
    "sources",
    "downwardAPI",
    "persistentVolumeClaim",
    "envFrom",
    "env",
    "valueFrom",
    "configMapRef",
    "secretRef",
    "configMapKeyRef",
    "secretKeyRef",
    "immutable",
    "tmpfs",
    "/tmp",
    "mounts",
    "type",
    "source",
    "target",
    "tmpfsOptions",
    "sizeBytes",
    "containerPath",
    "volumeName",
    "fromContainer",
    "taskSpec",
    "containerSpec",
    "labels",
    "label",
    "value",
    "chart",
    "version",
    "repositoryOpts",
    "repo",
];
const leaf = fc.oneof(
    fc.jsonValue({ maxDepth: 1 }),
    fc.constant(unknownOnTheWire),
    fc.constantFrom(
        "Memory",
        "",
        "64Mi",
        "0",
        "size=0",
        "rw,size=1m",
        "ro",
        "bind",
        "tmpfs",
        "volume",
        "/var/run",
        "nginx",
        "nginx@sha256:x",
        "latest",
        "windows",
        true,
        false,
        null,
    ),
);
const { node } = fc.letrec<{ node: unknown; obj: Record<string, unknown>; arr: unknown[] }>((tie) => ({
    node: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        tie("obj"),
        tie("arr"),
        tie("obj").map((o) => secretOnTheWire(o)),
    ),
    obj: fc.dictionary(fc.constantFrom(...keys), tie("node"), { maxKeys: 6 }),
    arr: fc.array(tie("node"), { maxLength: 3 }),
}));
const props = fc.dictionary(fc.constantFrom(...keys), node, { maxKeys: 6 });

const perContainer = [writablePathsInMemoryDefinition, noWritableHostMountsDefinition, pinnedImageDefinition] as unknown as Array<
    WorkloadPolicyDefinition<never>
>;
const configs = fc.record({
    requireMemoryMedium: fc.boolean(),
    requireSizeLimit: fc.boolean(),
    maxWritablePaths: fc.oneof(fc.integer({ min: -1, max: 6 }), fc.constant(Number.NaN)),
    allowedHostPaths: fc.array(fc.constantFrom("/var/**", "[", "/tmp", "*"), { maxLength: 2 }),
    requireDigest: fc.boolean(),
    checkInitContainers: fc.boolean(),
    exemptImages: fc.array(fc.constantFrom("nginx", "*", "[bad"), { maxLength: 2 }),
});

// Through the engine's deserialiser and proxy half of the time, as plain JSON the other half.
const viaEngine = (p: Record<string, unknown>, engine: boolean): unknown => (engine ? engineProps(p) : p);

describe("every policy never throws on arbitrary props", function () {
    this.timeout(120_000);

    it("per-container and opaque-resource policies, every covered type token", () => {
        fc.assert(
            fc.property(fc.constantFrom(...typeTokens), props, configs, fc.boolean(), (type, p, config, engine) => {
                const input = viaEngine(p, engine);
                const view = workloadOf(type, input, "r");
                if (view) {
                    for (const def of perContainer) {
                        const findings = def.evaluate(view, withDefaults<never>(def.configSchema, config));
                        assert.ok(findings.every((f) => typeof f.message === "string" && f.message.length > 0));
                    }
                }
                const opaque = opaqueResourceOf(type, input, "r");
                if (opaque) {
                    inspectableWorkloadsDefinition.evaluate(
                        opaque,
                        withDefaults<never>(inspectableWorkloadsDefinition.configSchema, config),
                    );
                }
                judgeResource(type, input, "r");
            }),
            { numRuns: 1500 },
        );
    });

    it("immutable-configuration over arbitrary stacks", () => {
        const resource = fc.record({
            type: fc.constantFrom(...typeTokens),
            name: fc.constantFrom("cfg", "web", "cfg-1a2b3c4d", ""),
            props,
        });
        fc.assert(
            fc.property(
                fc.array(resource, { maxLength: 6 }),
                fc.boolean(),
                fc.record({ checkSecrets: fc.boolean(), defaultNamespace: fc.constantFrom("default", "", "x") }),
                (rs, engine, config) => {
                    const resources = rs.map((r, i) => ({ ...r, urn: `urn:${i}`, props: viaEngine(r.props, engine) }));
                    immutableConfigurationDefinition.evaluateStack(
                        resources,
                        withDefaults<never>(immutableConfigurationDefinition.configSchema, config),
                    );
                    judgeStack(resources);
                },
            ),
            { numRuns: 800 },
        );
    });

    it("setting every required field removes every finding of the per-container policies", () => {
        const digest = "@sha256:" + "0".repeat(64);
        fc.assert(
            fc.property(
                fc.array(fc.constantFrom("tmp", "cache", "run"), { minLength: 1, maxLength: 5 }),
                fc.constantFrom(...kubernetesWorkloadTypeTokens.filter((t) => !t.endsWith("Patch"))),
                (names, type) => {
                    const unique = [...new Set(names)];
                    const podSpec = {
                        containers: [
                            { name: "a", image: `nginx${digest}`, volumeMounts: unique.map((n) => ({ name: n, mountPath: `/${n}` })) },
                        ],
                        volumes: unique.map((n) => ({ name: n, emptyDir: { medium: "Memory", sizeLimit: "16Mi" } })),
                    };
                    const wrap = {
                        spec: { template: { spec: podSpec }, jobTemplate: { spec: { template: { spec: podSpec } } } },
                        template: { spec: podSpec },
                    };
                    const view = workloadOf(type, type.endsWith(":Pod") ? { spec: podSpec } : wrap, "r");
                    assert.ok(view);
                    for (const def of perContainer) {
                        assert.deepStrictEqual(def.evaluate(view, withDefaults<never>(def.configSchema, {})), [], def.name);
                    }
                },
            ),
        );
    });
});
