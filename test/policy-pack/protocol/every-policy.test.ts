// The five policies of issue 4 as the engine runs them: started through run-policy-pack, driven
// over gRPC (levels from GetAnalyzerInfo, config via Configure, the stack policy via AnalyzeStack).
import { deploymentIn } from "../../helpers/builders";
import * as assert from "assert";
import { Diagnostic, secretOnTheWire, unknownOnTheWire, WireResource } from "../../helpers/analyzer";
import { usePack } from "../../helpers/packSuite";

const deploymentType = "kubernetes:apps/v1:Deployment";
const digest = "sha256:" + "ab".repeat(32);

const deployment = (podSpec: Record<string, unknown>, metadata: Record<string, unknown> = {}) => deploymentIn("shop", podSpec, metadata);

const readOnly = { readOnlyRootFilesystem: true };
// A Deployment that breaks each per-container policy exactly once.
const offending = deployment({
    containers: [
        {
            name: "app",
            image: "nginx:1.27",
            securityContext: readOnly,
            volumeMounts: [
                { name: "cache", mountPath: "/var/cache/nginx" },
                { name: "logs", mountPath: "/var/log/nginx" },
            ],
        },
    ],
    volumes: [
        { name: "cache", emptyDir: {} },
        { name: "logs", hostPath: { path: "/var/log/web" } },
    ],
});
// The same workload done right.
const compliant = deployment({
    containers: [
        {
            name: "app",
            image: `nginx:1.27@${digest}`,
            securityContext: readOnly,
            volumeMounts: [
                { name: "cache", mountPath: "/var/cache/nginx" },
                { name: "logs", mountPath: "/var/log/nginx", readOnly: true },
            ],
        },
    ],
    volumes: [
        { name: "cache", emptyDir: { medium: "Memory", sizeLimit: "64Mi" } },
        { name: "logs", hostPath: { path: "/var/log/web" } },
    ],
});

const expectedLevels: Record<string, number> = {
    "read-only-root-filesystem": 1,
    "writable-paths-in-memory": 0,
    "no-writable-host-mounts": 1,
    "pinned-image": 0,
    "inspectable-workloads": 0,
    "immutable-configuration": 0,
};

/** The violation message without the policy description the SDK puts on the first line. */
function text(d: Diagnostic): string {
    return d.message.slice(d.message.indexOf("\n") + 1);
}

function byPolicy(diags: Diagnostic[]): Record<string, Diagnostic[]> {
    const out: Record<string, Diagnostic[]> = {};
    for (const d of diags) {
        (out[d.policyName] ??= []).push(d);
    }
    return out;
}

describe("every policy over the analyzer protocol", function () {
    this.timeout(120_000);
    const pack = usePack();
    beforeEach(async () => {
        await pack.configure({});
    });

    const analyze = async (r: WireResource) => byPolicy(await pack.analyze(r));

    it("GetAnalyzerInfo serves every policy at its default level, with severity, remediation steps and config schema", async () => {
        const info = await pack.info();
        const served = Object.fromEntries(info.policiesList.map((p) => [p.name, p]));
        for (const [name, level] of Object.entries(expectedLevels)) {
            const p = served[name];
            assert.ok(p, `${name} is served`);
            assert.strictEqual(p.enforcementlevel, level, `${name} level`);
            assert.ok(p.description.length > 20, `${name} description`);
            assert.ok(p.remediationSteps.length > 20, `${name} remediationSteps`);
            assert.ok(p.tagsList.includes("immutability"), `${name} tags`);
            assert.ok(p.severity > 0, `${name} severity`);
            assert.ok((p.configschema?.properties?.fieldsMap.length ?? 0) > 0, `${name} config schema`);
        }
        const keys = (name: string) => served[name].configschema?.properties?.fieldsMap.map(([k]) => k) ?? [];
        for (const k of ["requireMemoryMedium", "requireSizeLimit", "maxWritablePaths", "checkInitContainers", "exemptImages"]) {
            assert.ok(keys("writable-paths-in-memory").includes(k), k);
        }
        assert.ok(keys("no-writable-host-mounts").includes("allowedHostPaths"));
        assert.ok(keys("pinned-image").includes("requireDigest"));
        assert.ok(keys("immutable-configuration").includes("defaultNamespace"));
    });

    it("Analyze: each per-container policy reports once on the offending Deployment, at its level", async () => {
        const found = await analyze({ type: deploymentType, name: "web", props: offending });
        assert.deepStrictEqual(Object.keys(found).sort(), ["no-writable-host-mounts", "pinned-image", "writable-paths-in-memory"]);
        assert.strictEqual(found["no-writable-host-mounts"][0].enforcementLevel, "mandatory");
        assert.strictEqual(found["writable-paths-in-memory"][0].enforcementLevel, "advisory");
        assert.strictEqual(found["pinned-image"][0].enforcementLevel, "advisory");
        assert.match(
            text(found["writable-paths-in-memory"][0]),
            /^Deployment "web" containers\[0\] "app" mounts emptyDir volume "cache" writable at \/var\/cache\/nginx/,
        );
        assert.match(
            text(found["no-writable-host-mounts"][0]),
            /^Deployment "web" containers\[0\] "app" mounts hostPath volume "logs" \(\/var\/log\/web/,
        );
        assert.match(text(found["pinned-image"][0]), /^Deployment "web" containers\[0\] "app" runs image "nginx:1\.27"/);
        for (const [name, diags] of Object.entries(found)) {
            console.log(`      ${name}: ${text(diags[0])}`);
        }
    });

    it("Analyze: the compliant Deployment passes every policy", async () => {
        assert.deepStrictEqual(await analyze({ type: deploymentType, name: "web", props: compliant }), {});
    });

    it("Configure: levels and keys of each policy apply", async () => {
        await pack.configure({
            "writable-paths-in-memory": { enforcementLevel: "mandatory", requireMemoryMedium: false, requireSizeLimit: false },
            "no-writable-host-mounts": { enforcementLevel: "advisory", allowedHostPaths: ["/var/log/**"] },
            "pinned-image": { enforcementLevel: "mandatory", requireDigest: false },
        });
        assert.deepStrictEqual(await analyze({ type: deploymentType, name: "web", props: offending }), {});
        await pack.configure({
            "writable-paths-in-memory": { enforcementLevel: "mandatory", maxWritablePaths: 0 },
            "no-writable-host-mounts": "advisory",
            "pinned-image": "disabled",
        });
        const found = await analyze({ type: deploymentType, name: "web", props: offending });
        assert.deepStrictEqual(Object.keys(found).sort(), ["no-writable-host-mounts", "writable-paths-in-memory"]);
        assert.strictEqual(found["no-writable-host-mounts"][0].enforcementLevel, "advisory");
        assert.deepStrictEqual(
            found["writable-paths-in-memory"].map((d) => [d.enforcementLevel, /more than maxWritablePaths \(0\)/.test(text(d))]),
            [
                ["mandatory", false],
                ["mandatory", true],
            ],
        );
    });

    it("Configure: exemption keys of the core policy apply to the new per-container policies", async () => {
        const keys = { exemptNamespaces: ["shop"] };
        await pack.configure({
            "writable-paths-in-memory": keys,
            "no-writable-host-mounts": { enforcementLevel: "mandatory", ...keys },
            "pinned-image": keys,
        });
        assert.deepStrictEqual(await analyze({ type: deploymentType, name: "web", props: offending }), {});
    });

    it("Analyze: the exemption marker applies, a blank one says why it does not", async () => {
        const exempt = {
            ...offending,
            metadata: {
                ...(offending.metadata as Record<string, unknown>),
                annotations: { "immutable-workloads/exempt": "vendor chart, tracked in JIRA-1" },
            },
        };
        assert.deepStrictEqual(await analyze({ type: deploymentType, name: "web", props: exempt }), {});
        const blank = {
            ...offending,
            metadata: { ...(offending.metadata as Record<string, unknown>), annotations: { "immutable-workloads/exempt": "" } },
        };
        const found = await analyze({ type: deploymentType, name: "web", props: blank });
        assert.strictEqual(Object.keys(found).length, 3);
        assert.ok(Object.values(found).every((d) => text(d[0]).includes("present but empty")));
    });

    it("Analyze: unknown sentinels and secrets on the wire yield no verdict from the unknown, the rest judged", async () => {
        const props = deployment({
            containers: [
                {
                    name: "a",
                    image: unknownOnTheWire,
                    securityContext: readOnly,
                    volumeMounts: [{ name: "x", mountPath: "/x", readOnly: unknownOnTheWire }],
                },
                { name: "b", image: secretOnTheWire("redis"), securityContext: readOnly, volumeMounts: [{ name: "h", mountPath: "/h" }] },
            ],
            volumes: [
                { name: "x", hostPath: { path: "/x" } },
                { name: "h", hostPath: secretOnTheWire({ path: unknownOnTheWire }) },
            ],
        });
        const found = await analyze({ type: deploymentType, name: "web", props });
        assert.deepStrictEqual(Object.keys(found).sort(), ["no-writable-host-mounts", "pinned-image"]);
        assert.match(text(found["pinned-image"][0]), /containers\[1\] "b" runs image "redis"/);
        assert.match(
            text(found["no-writable-host-mounts"][0]),
            /containers\[1\] "b" mounts hostPath volume "h" \(a host path unknown until the update/,
        );
    });

    it("Analyze: Docker containers and Swarm services", async () => {
        const container = await analyze({
            type: "docker:index/container:Container",
            name: "web",
            props: {
                name: "web",
                image: "nginx",
                readOnly: true,
                tmpfs: { "/tmp": "rw" },
                volumes: [{ hostPath: "/srv", containerPath: "/srv" }],
            },
        });
        assert.deepStrictEqual(Object.keys(container).sort(), ["no-writable-host-mounts", "pinned-image", "writable-paths-in-memory"]);
        const service = await analyze({
            type: "docker:index/service:Service",
            name: "web",
            props: {
                name: "web",
                taskSpec: {
                    containerSpec: {
                        image: `nginx@${digest}`,
                        readOnly: true,
                        mounts: [
                            { type: "tmpfs", target: "/tmp" },
                            { type: "bind", source: "/srv", target: "/srv", readOnly: true },
                        ],
                    },
                },
            },
        });
        assert.deepStrictEqual(Object.keys(service), ["writable-paths-in-memory"]);
        assert.match(text(service["writable-paths-in-memory"][0]), /^Swarm service "web" has a tmpfs at \/tmp with no size limit/);
    });

    it("Analyze: a Helm Release is reported by inspectable-workloads only", async () => {
        const found = await analyze({
            type: "kubernetes:helm.sh/v3:Release",
            name: "ingress",
            props: { chart: "ingress-nginx", version: "4.11.0", namespace: "ingress" },
        });
        assert.deepStrictEqual(Object.keys(found), ["inspectable-workloads"]);
        assert.strictEqual(found["inspectable-workloads"][0].enforcementLevel, "advisory");
        console.log(`      inspectable-workloads: ${text(found["inspectable-workloads"][0])}`);
        await pack.configure({ "inspectable-workloads": { enforcementLevel: "mandatory", exemptResources: ["Release/other"] } });
        const again = await analyze({ type: "kubernetes:helm.sh/v3:Release", name: "ingress", props: { chart: "x" } });
        assert.strictEqual(again["inspectable-workloads"][0].enforcementLevel, "mandatory");
        await pack.configure({ "inspectable-workloads": { exemptResources: ["ingress"] } });
        assert.deepStrictEqual(await analyze({ type: "kubernetes:helm.sh/v3:Release", name: "ingress", props: { chart: "x" } }), {});
    });

    describe("AnalyzeStack: immutable-configuration", () => {
        const configMap = (name: string, extra: Record<string, unknown> = {}): WireResource => ({
            type: "kubernetes:core/v1:ConfigMap",
            name,
            props: { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "shop" }, data: { a: "1" }, ...extra },
        });
        const consumer: WireResource = {
            type: deploymentType,
            name: "web",
            props: deployment({
                containers: [{ name: "app", image: "nginx", envFrom: [{ configMapRef: { name: "settings" } }] }],
                volumes: [{ name: "c", configMap: { name: "pinned" } }],
            }),
        };

        it("reports the mutable consumed ConfigMap, pointing at its URN, and not the immutable one", async () => {
            const stack = [configMap("settings"), configMap("pinned", { immutable: true }), configMap("unused"), consumer];
            const diags = (await pack.analyzeStack(stack)).filter((d) => d.policyName === "immutable-configuration");
            assert.strictEqual(diags.length, 1, JSON.stringify(diags));
            assert.strictEqual(diags[0].enforcementLevel, "advisory");
            assert.strictEqual(diags[0].urn, "urn:pulumi:test::immutable-workloads::kubernetes:core/v1:ConfigMap::settings");
            assert.match(
                text(diags[0]),
                /^ConfigMap "settings" \(namespace shop\) is consumed by Deployment "web" at spec\.template\.spec\.containers\[0\]\.envFrom\[0\]\.configMapRef\.name \(envFrom, container "app"\), but immutable is unset/,
            );
            console.log(`      immutable-configuration: ${text(diags[0])}`);
        });

        it("config and level apply; unknowns give no verdict", async () => {
            await pack.configure({ "immutable-configuration": { enforcementLevel: "mandatory", exemptResources: ["ConfigMap/other"] } });
            const stack = [configMap("settings"), consumer];
            assert.deepStrictEqual(
                (await pack.analyzeStack(stack)).map((d) => [d.policyName, d.enforcementLevel]),
                [["immutable-configuration", "mandatory"]],
            );
            await pack.configure({ "immutable-configuration": { exemptNamespaces: ["shop"] } });
            assert.deepStrictEqual(await pack.analyzeStack(stack), []);
            await pack.configure({});
            assert.deepStrictEqual(await pack.analyzeStack([configMap("settings", { immutable: unknownOnTheWire }), consumer]), []);
        });
    });

    // Nested suites run after the tests above: this one runs last.
    describe("afterwards", () => {
        it("no policy error reached stderr", () => {
            assert.ok(!/failed/.test(pack.stderr()), pack.stderr());
        });
    });
});
