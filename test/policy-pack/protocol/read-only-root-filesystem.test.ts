// The pack as the engine runs it: started through run-policy-pack, driven over gRPC.
import { deploymentIn } from "../../helpers/builders";
import * as assert from "assert";
import { PackClient, secretOnTheWire, unknownOnTheWire } from "../../helpers/analyzer";
import { usePack } from "../../helpers/packSuite";

const policy = "read-only-root-filesystem";
const deploymentType = "kubernetes:apps/v1:Deployment";

const deployment = (containers: unknown[], metadata: Record<string, unknown> = {}) => deploymentIn("shop", { containers }, metadata);

describe("policy pack over the analyzer protocol", function () {
    this.timeout(120_000);
    const pack = usePack();
    beforeEach(async () => {
        await pack.configure({});
    });

    const ours = async (resource: Parameters<PackClient["analyze"]>[0]) =>
        (await pack.analyze(resource)).filter((d) => d.policyName === policy);

    it("GetAnalyzerInfo names the pack, the policy, its level and its config schema", async () => {
        const info = await pack.info();
        assert.strictEqual(info.name, "immutable-workloads");
        const p = info.policiesList.find((x) => x.name === policy);
        assert.ok(p, "read-only-root-filesystem is served");
        assert.strictEqual(p.enforcementlevel, 1 /* MANDATORY */);
        const schema = p.configschema?.properties?.fieldsMap.map(([k]) => k) ?? [];
        for (const key of [
            "exemptContainers",
            "exemptImages",
            "exemptNamespaces",
            "exemptResources",
            "checkInitContainers",
            "checkEphemeralContainers",
            "remediateExplicitFalse",
        ]) {
            assert.ok(schema.includes(key), `config schema has ${key}: ${schema.join(",")}`);
        }
        assert.ok(pack.startupMs > 0);
    });

    it("GetAnalyzerInfo carries the metadata Pulumi Cloud shows", async () => {
        const info = await pack.info();
        assert.strictEqual(info.displayname, "Immutable workloads");
        assert.match(info.description, /read-only root filesystems/);
        assert.ok(info.tagsList.includes("immutability"), info.tagsList.join(","));
        assert.match(info.repository, /^https:\/\//);
        // The readme says what the pack enforces, how to configure it and how to exempt a workload.
        for (const text of ["read-only-root-filesystem", "--policy-pack-config", "immutable-workloads/exempt"]) {
            assert.ok(info.readme.includes(text), `readme mentions ${text}`);
        }
    });

    it("Analyze reports a writable container as mandatory and passes a read-only one", async () => {
        const diags = await ours({
            type: deploymentType,
            name: "web",
            props: deployment([
                { name: "app", image: "nginx" },
                { name: "ok", securityContext: { readOnlyRootFilesystem: true } },
            ]),
        });
        assert.strictEqual(diags.length, 1);
        assert.strictEqual(diags[0].enforcementLevel, "mandatory");
        assert.strictEqual(diags[0].policyPackName, "immutable-workloads");
        assert.ok(diags[0].message.includes('Deployment "web" containers[0] "app" has a writable root filesystem'), diags[0].message);
    });

    it("Analyze judges known containers next to unknown sentinels on the wire", async () => {
        const diags = await ours({
            type: deploymentType,
            name: "web",
            props: deployment([
                unknownOnTheWire,
                { name: "unknown-field", securityContext: { readOnlyRootFilesystem: unknownOnTheWire } },
                { name: "writable" },
            ]),
        });
        assert.deepStrictEqual(
            diags.map((d) => d.message.match(/containers\[\d\] "[^"]+"/)?.[0]),
            ['containers[2] "writable"'],
        );
        assert.ok(diags.every((d) => d.enforcementLevel === "mandatory"));
    });

    it("Analyze reads secret-wrapped values", async () => {
        const diags = await ours({
            type: "docker:index/container:Container",
            name: "c",
            props: { image: "nginx", readOnly: secretOnTheWire(true) },
        });
        assert.deepStrictEqual(diags, []);
    });

    it("Analyze judges Docker containers and Swarm services", async () => {
        const c = await ours({ type: "docker:index/container:Container", name: "c", props: { name: "web", image: "nginx" } });
        const s = await ours({
            type: "docker:index/service:Service",
            name: "s",
            props: { name: "api", taskSpec: { containerSpec: { image: "nginx", readOnly: false } } },
        });
        assert.strictEqual(c.length, 1);
        assert.strictEqual(s.length, 1);
        assert.ok(s[0].message.includes('Swarm service "api"'));
    });

    it("Configure: exemptions really apply, and the level can be changed", async () => {
        const props = deployment([
            { name: "app", image: "nginx:1.27" },
            { name: "agent", image: "ghcr.io/acme/agent:3" },
        ]);
        await pack.configure({ [policy]: { enforcementLevel: "mandatory", exemptImages: ["docker.io/library/nginx:*"] } });
        assert.deepStrictEqual(
            (await ours({ type: deploymentType, name: "web", props })).map((d) => d.message.split("\n").pop()!.split(" has ")[0]),
            ['Deployment "web" containers[1] "agent"'],
        );
        await pack.configure({ [policy]: { exemptNamespaces: ["shop"] } });
        assert.deepStrictEqual(await ours({ type: deploymentType, name: "web", props }), []);
        await pack.configure({ [policy]: { enforcementLevel: "advisory", exemptContainers: ["agent"] } });
        const advisory = await ours({ type: deploymentType, name: "web", props });
        assert.strictEqual(advisory.length, 1);
        assert.strictEqual(advisory[0].enforcementLevel, "advisory");
        await pack.configure({ [policy]: "disabled" });
        assert.deepStrictEqual(await ours({ type: deploymentType, name: "web", props }), []);
    });

    it("Remediate returns the props with readOnlyRootFilesystem set, secrets kept", async () => {
        await pack.configure({ [policy]: "remediate" });
        const props = deployment([{ name: "app", image: "nginx", env: secretOnTheWire([{ name: "K", value: "v" }]) }]);
        const results = (await pack.remediate({ type: deploymentType, name: "web", props })).filter((r) => r.policyName === policy);
        assert.strictEqual(results.length, 1);
        const fixed = results[0].properties as { spec: { template: { spec: { containers: unknown[] } } } };
        const container = fixed.spec.template.spec.containers[0] as Record<string, unknown>;
        assert.deepStrictEqual(container.securityContext, { readOnlyRootFilesystem: true });
        assert.deepStrictEqual(container.env, secretOnTheWire([{ name: "K", value: "v" }]));
        // Idempotent: the remediated props need nothing more.
        const again = (await pack.remediate({ type: deploymentType, name: "web", props: fixed })).filter((r) => r.policyName === policy);
        assert.ok(
            again.every((r) => JSON.stringify(r.properties) === "{}" || JSON.stringify(r.properties) === JSON.stringify(fixed)),
            JSON.stringify(again),
        );
    });

    it("malformed props produce no gRPC error", async () => {
        for (const props of [
            { spec: null },
            { spec: { template: { spec: { containers: "x" } } } },
            { spec: { template: { spec: { containers: [null, 3, { securityContext: [] }] } } } },
        ]) {
            await pack.analyze({ type: deploymentType, name: "bad", props });
            await pack.remediate({ type: deploymentType, name: "bad", props });
        }
    });
});
