import * as assert from "assert";
import { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { findMutableConfiguration, immutableConfiguration } from "../../../policy-pack/policies/immutable-configuration";
import { immutableConfigurationDefinition } from "../../../policy-pack/policies/immutable-configuration";
import { withDefaults } from "../../../policy-pack/lib/config";
import { engineProps, secretOnTheWire, unknownOnTheWire, duringPreview } from "../../helpers/policyArgs";
import { deployment, deploymentType } from "../../helpers/builders";

interface R {
    type: string;
    name: string;
    props: Record<string, unknown>;
}

const cm = (name: string | undefined, extra: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): R => ({
    type: "kubernetes:core/v1:ConfigMap",
    name: name ?? "cfg",
    props: {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { ...(name === undefined ? {} : { name }), ...metadata },
        data: { a: "1" },
        ...extra,
    },
});
const secret = (name: string, extra: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): R => ({
    type: "kubernetes:core/v1:Secret",
    name,
    props: { apiVersion: "v1", kind: "Secret", metadata: { name, ...metadata }, stringData: { a: "1" }, ...extra },
});
const web = (podSpec: Record<string, unknown>, metadata: Record<string, unknown> = {}): R => ({
    type: deploymentType,
    name: "web",
    props: deployment(podSpec, metadata),
});
const app = (container: Record<string, unknown>, volumes?: unknown) => ({
    containers: [{ name: "app", image: "nginx", ...container }],
    ...(volumes === undefined ? {} : { volumes }),
});

function urn(r: R): string {
    return `urn:pulumi:test::immutable-workloads::${r.type}::${r.name}`;
}

/** Runs the policy as the SDK does: props through the engine's deserialiser and proxy. */
function violations(resources: R[], config: Record<string, unknown> = {}): Array<{ message: string; urn?: string }> {
    const out: Array<{ message: string; urn?: string }> = [];
    const policyResources = resources.map(
        (r) => ({ type: r.type, name: r.name, urn: urn(r), props: engineProps(r.props) }) as unknown as PolicyResource,
    );
    const args = { resources: policyResources, getConfig: () => config } as unknown as StackValidationArgs;
    void immutableConfiguration.validateStack(args, (message, u) => out.push({ message, urn: u }));
    return out;
}

interface Case {
    title: string;
    resources: R[];
    config?: Record<string, unknown>;
    /** [pattern, name of the resource the violation points at] */
    expect: Array<[RegExp, string]>;
}

const cases: Case[] = [
    {
        title: "ConfigMap consumed as a volume, immutable unset",
        resources: [cm("app-config"), web(app({}, [{ name: "c", configMap: { name: "app-config" } }]))],
        expect: [
            [
                /^ConfigMap "app-config" \(namespace default\) is consumed by Deployment "web" at spec\.template\.spec\.volumes\[0\]\.configMap\.name \(volume\), but immutable is unset: .*Set immutable: true/,
                "app-config",
            ],
        ],
    },
    {
        title: "immutable: true passes",
        resources: [cm("app-config", { immutable: true }), web(app({}, [{ name: "c", configMap: { name: "app-config" } }]))],
        expect: [],
    },
    {
        title: "immutable: false is named",
        resources: [cm("app-config", { immutable: false }), web(app({ envFrom: [{ configMapRef: { name: "app-config" } }] }))],
        expect: [[/immutable is false/, "app-config"]],
    },
    {
        title: "immutable unknown: no verdict",
        resources: [cm("app-config", { immutable: unknownOnTheWire }), web(app({ envFrom: [{ configMapRef: { name: "app-config" } }] }))],
        expect: [],
    },
    {
        title: "Secret as a volume",
        resources: [secret("tls"), web(app({}, [{ name: "t", secret: { secretName: "tls" } }]))],
        expect: [[/^Secret "tls" .*volumes\[0\]\.secret\.secretName \(volume\)/, "tls"]],
    },
    {
        title: "projected volume sources",
        resources: [
            cm("a"),
            secret("b"),
            web(
                app({}, [
                    {
                        name: "p",
                        projected: {
                            sources: [{ configMap: { name: "a" } }, { secret: { name: "b" } }, { serviceAccountToken: { path: "t" } }],
                        },
                    },
                ]),
            ),
        ],
        expect: [
            [/^ConfigMap "a" .*volumes\[0\]\.projected\.sources\[0\]\.configMap\.name \(projected volume\)/, "a"],
            [/^Secret "b" .*volumes\[0\]\.projected\.sources\[1\]\.secret\.name \(projected volume\)/, "b"],
        ],
    },
    {
        title: "envFrom and env[].valueFrom, aggregated per object and workload",
        resources: [
            cm("cfg"),
            secret("creds"),
            web(
                app({
                    envFrom: [{ configMapRef: { name: "cfg" } }, { secretRef: { name: "creds" } }],
                    env: [
                        { name: "X", valueFrom: { configMapKeyRef: { name: "cfg", key: "x" } } },
                        { name: "Y", valueFrom: { secretKeyRef: { name: "creds", key: "y" } } },
                        { name: "Z", value: "z" },
                    ],
                }),
            ),
        ],
        expect: [
            [
                /^ConfigMap "cfg" .*containers\[0\]\.envFrom\[0\]\.configMapRef\.name \(envFrom, container "app"\), spec\.template\.spec\.containers\[0\]\.env\[0\]\.valueFrom\.configMapKeyRef\.name \(env, container "app"\)/,
                "cfg",
            ],
            [/^Secret "creds" .*envFrom\[1\]\.secretRef\.name .*env\[1\]\.valueFrom\.secretKeyRef\.name/, "creds"],
        ],
    },
    {
        title: "checkSecrets false",
        resources: [secret("creds"), web(app({ envFrom: [{ secretRef: { name: "creds" } }] }))],
        config: { checkSecrets: false },
        expect: [],
    },
    {
        title: "references to objects not in the stack are ignored",
        resources: [cm("other"), web(app({ envFrom: [{ configMapRef: { name: "elsewhere" } }] }))],
        expect: [],
    },
    { title: "unconsumed mutable ConfigMap is not this policy's business", resources: [cm("lonely")], expect: [] },
    {
        title: "a ConfigMap of another kind's name does not match a Secret reference",
        resources: [cm("x"), web(app({ envFrom: [{ secretRef: { name: "x" } }] }))],
        expect: [],
    },
    // Namespaces
    {
        title: "different namespaces do not match",
        resources: [cm("cfg", {}, { namespace: "a" }), web(app({ envFrom: [{ configMapRef: { name: "cfg" } }] }), { namespace: "b" })],
        expect: [],
    },
    {
        title: "same explicit namespace matches",
        resources: [cm("cfg", {}, { namespace: "a" }), web(app({ envFrom: [{ configMapRef: { name: "cfg" } }] }), { namespace: "a" })],
        expect: [[/\(namespace a\)/, "cfg"]],
    },
    {
        title: "unset namespace is the default namespace",
        resources: [cm("cfg", {}, { namespace: "default" }), web(app({ envFrom: [{ configMapRef: { name: "cfg" } }] }))],
        expect: [[/namespace default/, "cfg"]],
    },
    {
        title: "defaultNamespace configurable",
        resources: [cm("cfg", {}, { namespace: "apps" }), web(app({ envFrom: [{ configMapRef: { name: "cfg" } }] }))],
        config: { defaultNamespace: "apps" },
        expect: [[/namespace apps/, "cfg"]],
    },
    {
        title: "unknown workload namespace: no verdict",
        resources: [cm("cfg"), web(app({ envFrom: [{ configMapRef: { name: "cfg" } }] }), { namespace: unknownOnTheWire })],
        expect: [],
    },
    {
        title: "unknown object namespace: no verdict",
        resources: [cm("cfg", {}, { namespace: unknownOnTheWire }), web(app({ envFrom: [{ configMapRef: { name: "cfg" } }] }))],
        expect: [],
    },
    // Auto-naming and unknown names
    {
        title: "auto-named object referenced by its generated name",
        resources: [cm(undefined), web(app({ envFrom: [{ configMapRef: { name: "cfg-1a2b3c4d" } }] }))],
        expect: [[/^ConfigMap "cfg" /, "cfg"]],
    },
    {
        title: "auto-named object referenced by its resource name",
        resources: [cm(undefined), web(app({ envFrom: [{ configMapRef: { name: "cfg" } }] }))],
        expect: [[/^ConfigMap "cfg" /, "cfg"]],
    },
    {
        title: "a generated-looking name does not match a named object's prefix",
        resources: [cm("cfg"), web(app({ envFrom: [{ configMapRef: { name: "cfg-1a2b3c4d" } }] }))],
        expect: [],
    },
    {
        title: "unknown reference name at preview: no verdict",
        resources: [cm("cfg"), web(app({ envFrom: [{ configMapRef: { name: unknownOnTheWire } }] }))],
        expect: [],
    },
    {
        title: "unknown object name: no verdict",
        resources: [cm("cfg", {}, { name: unknownOnTheWire }), web(app({ envFrom: [{ configMapRef: { name: "cfg" } }] }))],
        expect: [],
    },
    {
        title: "secret-wrapped reference is read through",
        resources: [cm("cfg"), web(app({ envFrom: [{ configMapRef: { name: secretOnTheWire("cfg") } }] }))],
        expect: [[/ConfigMap "cfg"/, "cfg"]],
    },
    // Exemptions
    {
        title: "marker on the ConfigMap exempts it",
        resources: [
            cm("cfg", {}, { annotations: { "immutable-workloads/exempt": "feature flags, changed live" } }),
            web(app({ envFrom: [{ configMapRef: { name: "cfg" } }] })),
        ],
        expect: [],
    },
    {
        title: "marker on the ConfigMap, with honourExemptionMarker false: checked",
        resources: [
            cm("cfg", {}, { annotations: { "immutable-workloads/exempt": "feature flags, changed live" } }),
            web(app({ envFrom: [{ configMapRef: { name: "cfg" } }] })),
        ],
        config: { honourExemptionMarker: false },
        expect: [[/ConfigMap "cfg"/, "cfg"]],
    },
    {
        title: "exemptResources",
        resources: [cm("cfg"), web(app({ envFrom: [{ configMapRef: { name: "cfg" } }] }))],
        config: { exemptResources: ["ConfigMap/cf*"] },
        expect: [],
    },
    {
        title: "exemptNamespaces",
        resources: [cm("cfg", {}, { namespace: "dev" }), web(app({ envFrom: [{ configMapRef: { name: "cfg" } }] }), { namespace: "dev" })],
        config: { exemptNamespaces: ["dev"] },
        expect: [],
    },
    // Several workloads, init containers, malformed
    {
        title: "two workloads consuming one ConfigMap: one finding each",
        resources: [
            cm("cfg"),
            web(app({ envFrom: [{ configMapRef: { name: "cfg" } }] })),
            {
                type: "kubernetes:batch/v1:CronJob",
                name: "job",
                props: {
                    metadata: { name: "nightly" },
                    spec: {
                        jobTemplate: {
                            spec: { template: { spec: { initContainers: [{ name: "i", envFrom: [{ configMapRef: { name: "cfg" } }] }] } } },
                        },
                    },
                },
            },
        ],
        expect: [
            [/consumed by Deployment "web"/, "cfg"],
            [
                /consumed by CronJob "nightly" at spec\.jobTemplate\.spec\.template\.spec\.initContainers\[0\]\.envFrom\[0\]\.configMapRef\.name \(envFrom, container "i"\)/,
                "cfg",
            ],
        ],
    },
    {
        title: "malformed references are skipped",
        resources: [
            cm("cfg"),
            web({
                containers: [{ name: "a", envFrom: [null, 1, { configMapRef: null }, { configMapRef: { name: 3 } }], env: "x" }],
                volumes: [null, { configMap: "x" }, { projected: { sources: "x" } }],
            }),
        ],
        expect: [],
    },
];

describe("immutable-configuration", () => {
    // Sentinel strings in these tests stand for values unknown during a preview.
    duringPreview();
    for (const c of cases) {
        it(c.title, () => {
            const found = violations(c.resources, c.config);
            assert.strictEqual(found.length, c.expect.length, JSON.stringify(found, null, 2));
            c.expect.forEach(([re, name], i) => {
                assert.match(found[i].message, re);
                const target = c.resources.find((r) => r.name === name);
                assert.ok(target, `no resource ${name}`);
                assert.strictEqual(found[i].urn, urn(target));
            });
        });
    }

    it("is advisory by default", () => {
        assert.strictEqual(immutableConfiguration.enforcementLevel, "advisory");
    });

    // How the time grows with the stack is measured by `npm run bench:scaling`, not here.
    it("a stack of 10,000 resources: every Deployment's reading of a mutable ConfigMap is found", () => {
        const resources: Array<{ type: string; name: string; urn: string; props: unknown }> = [];
        for (let i = 0; i < 5000; i++) {
            const c = cm(`cfg-${i}`);
            const w = web(
                app({ envFrom: [{ configMapRef: { name: `cfg-${i}` } }] }, [{ name: "v", configMap: { name: `cfg-${(i + 1) % 5000}` } }]),
                { name: `web-${i}` },
            );
            resources.push({ ...c, urn: urn(c) }, { ...w, name: `web-${i}`, urn: `${urn(w)}-${i}` });
        }
        const config = withDefaults<never>(immutableConfigurationDefinition.configSchema, {});
        const found = findMutableConfiguration(resources, config);
        assert.strictEqual(found.length, 10000);
    });
});
