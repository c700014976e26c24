// policy-pack/config.example.json: valid against each policy's config schema, names every policy
// of the pack and nothing else, and is accepted by the pack over gRPC with the effect it claims.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import { policies } from "../../policy-pack/policies";
import { PackConfig } from "../helpers/analyzer";
import { usePack } from "../helpers/packSuite";

const examplePath = path.resolve(__dirname, "..", "..", "policy-pack", "config.example.json");
const example = JSON.parse(fs.readFileSync(examplePath, "utf8")) as Record<string, Record<string, unknown>>;

describe("policy-pack/config.example.json", function () {
    this.timeout(120_000);

    it("configures every policy of the pack and nothing else", () => {
        assert.deepStrictEqual(Object.keys(example).sort(), policies.map((p) => p.name).sort());
    });

    for (const policy of policies) {
        it(`${policy.name}: valid against the policy's config schema (no unknown keys)`, () => {
            const ajv = new Ajv({ strict: false, allErrors: true });
            // What the engine validates: the policy's properties plus enforcementLevel.
            const schema = {
                type: "object",
                properties: {
                    ...(policy.configSchema?.properties ?? {}),
                    enforcementLevel: { enum: ["advisory", "mandatory", "remediate", "disabled"] },
                },
                required: policy.configSchema?.required ?? [],
                additionalProperties: false,
            };
            const validate = ajv.compile(schema);
            assert.ok(validate(example[policy.name]), ajv.errorsText(validate.errors));
        });
    }

    describe("through Configure over gRPC", () => {
        const pack = usePack();

        it("is accepted and takes effect", async () => {
            await pack.configure(example as PackConfig);
            const daemonSet = {
                apiVersion: "apps/v1",
                kind: "DaemonSet",
                metadata: { name: "agent", namespace: "monitoring" },
                spec: {
                    template: {
                        spec: {
                            containers: [
                                {
                                    name: "agent",
                                    image: "registry.k8s.io/pause:3.9",
                                    securityContext: { readOnlyRootFilesystem: true },
                                    volumeMounts: [{ name: "sock", mountPath: "/var/run/datadog" }],
                                },
                            ],
                            volumes: [{ name: "sock", hostPath: { path: "/var/run/datadog/" } }],
                        },
                    },
                },
            };
            // allowedHostPaths admits the socket directory, exemptImages the pause image.
            assert.deepStrictEqual(await pack.analyze({ type: "kubernetes:apps/v1:DaemonSet", name: "agent", props: daemonSet }), []);
            const release = await pack.analyze({
                type: "kubernetes:helm.sh/v3:Release",
                name: "ingress",
                props: { chart: "ingress-nginx" },
            });
            assert.deepStrictEqual(
                release.map((d) => [d.policyName, d.enforcementLevel]),
                [["inspectable-workloads", "mandatory"]],
            );
            assert.deepStrictEqual(
                await pack.analyze({
                    type: "kubernetes:helm.sh/v3:Release",
                    name: "cm",
                    props: { name: "cert-manager", chart: "cert-manager" },
                }),
                [],
            );
            // The mandatory policies honour no exemption marker: a team cannot annotate its way past them.
            const marked = {
                apiVersion: "apps/v1",
                kind: "Deployment",
                metadata: { name: "web", namespace: "shop", annotations: { "immutable-workloads/exempt": "we need it" } },
                spec: { template: { spec: { containers: [{ name: "app", image: `nginx@sha256:${"a".repeat(64)}` }] } } },
            };
            const found = await pack.analyze({ type: "kubernetes:apps/v1:Deployment", name: "web", props: marked });
            assert.deepStrictEqual(
                found.filter((d) => d.enforcementLevel === "mandatory").map((d) => d.policyName),
                ["read-only-root-filesystem"],
            );
            assert.match(found.find((d) => d.policyName === "read-only-root-filesystem")!.message, /honourExemptionMarker: false/);
        });
    });
});
