// honourExemptionMarker: the exemption marker (annotation, label, tag) is written by the people
// a policy gates. An organisation whose enforced config sets honourExemptionMarker: false has
// every exemption decided in that config: the marker then exempts nothing, and the message says
// why. By default (true) the marker exempts, as before.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { validatePackConfig } from "../../../cli/config";
import { runCli } from "../../cli/run";
import { judgeResource, PackConfig } from "../../../policy-pack/checks";
import { opaqueResourcePolicyDefinitions, stackPolicyDefinitions, workloadPolicyDefinitions } from "../../../policy-pack/definitions";
import { inspectableWorkloads } from "../../../policy-pack/policies/inspectable-workloads";
import { usePack } from "../../helpers/packSuite";
import { violationsOf } from "../../helpers/policyArgs";
import { deployment, deploymentType, dockerContainer, dockerContainerType, podSpec } from "../../helpers/builders";

const marker = "immutable-workloads/exempt";
const reason = "legacy CMS writes its cache; ticket OPS-12";
const notHonoured =
    /is present, but this policy's configuration does not honour it \(honourExemptionMarker: false\), so it exempts nothing/;

// One container that each of the four per-container policies reports: a writable root, a
// writable hostPath, a disk-backed emptyDir and an image without a digest.
const everything = podSpec(
    {
        image: "nginx:1.27",
        volumeMounts: [
            { name: "host", mountPath: "/h" },
            { name: "scratch", mountPath: "/tmp" },
        ],
    },
    [
        { name: "host", hostPath: { path: "/var/lib/app" } },
        { name: "scratch", emptyDir: {} },
    ],
);
const perContainer = ["read-only-root-filesystem", "no-writable-host-mounts", "writable-paths-in-memory", "pinned-image"];

const policyDefinitions = [...workloadPolicyDefinitions, ...opaqueResourcePolicyDefinitions, ...stackPolicyDefinitions];

const off = (policies: readonly string[]): PackConfig => Object.fromEntries(policies.map((p) => [p, { honourExemptionMarker: false }]));

describe("honourExemptionMarker", () => {
    it("is in the schema of every policy that reads the marker, a boolean defaulting to true", () => {
        const withMarker = policyDefinitions
            .filter((d) => "honourExemptionMarker" in d.configSchema.properties)
            .map((d) => d.name)
            .sort();
        assert.deepStrictEqual([...new Set(withMarker)], [...perContainer, "immutable-configuration", "inspectable-workloads"].sort());
        for (const d of policyDefinitions.filter((d) => "honourExemptionMarker" in d.configSchema.properties)) {
            assert.deepStrictEqual(
                [d.configSchema.properties.honourExemptionMarker.type, d.configSchema.properties.honourExemptionMarker.default],
                ["boolean", true],
                d.name,
            );
        }
    });

    it("the marker exempts a Kubernetes workload from the four per-container policies by default", () => {
        const bare = judgeResource(deploymentType, deployment(everything), "web");
        assert.deepStrictEqual([...new Set(bare.map((j) => j.policy))].sort(), [...perContainer].sort());
        const marked = judgeResource(deploymentType, deployment(everything, { annotations: { [marker]: reason } }), "web");
        assert.deepStrictEqual(marked, []);
    });

    it("turned off for one policy, that policy reports the marked workload and says the marker is not honoured; the others still honour it", () => {
        const props = deployment(everything, { annotations: { [marker]: reason } });
        const found = judgeResource(deploymentType, props, "web", off(["read-only-root-filesystem"]));
        assert.deepStrictEqual(
            found.map((j) => [j.policy, j.level]),
            [["read-only-root-filesystem", "mandatory"]],
        );
        assert.match(found[0].message, notHonoured);
        assert.match(found[0].message, /annotation is present/);
    });

    it("turned off for all four, each reports the marked workload with the note", () => {
        const props = deployment(everything, { annotations: { [marker]: reason } });
        const found = judgeResource(deploymentType, props, "web", off(perContainer));
        assert.deepStrictEqual([...new Set(found.map((j) => j.policy))].sort(), [...perContainer].sort());
        for (const j of found) {
            assert.match(j.message, notHonoured, j.policy);
        }
    });

    it("a Docker container's label, likewise", () => {
        const props = dockerContainer({ image: "nginx:1.27", readOnly: false, labels: [{ label: marker, value: reason }] });
        assert.deepStrictEqual(
            judgeResource(dockerContainerType, props, "web").filter((j) => j.policy === "read-only-root-filesystem"),
            [],
        );
        const found = judgeResource(dockerContainerType, props, "web", off(["read-only-root-filesystem"])).filter(
            (j) => j.policy === "read-only-root-filesystem",
        );
        assert.strictEqual(found.length, 1);
        assert.match(found[0].message, /label is present, but this policy's configuration does not honour it/);
    });

    it("true, or left out, honours the marker as before", () => {
        const props = deployment(everything, { annotations: { [marker]: reason } });
        assert.deepStrictEqual(
            judgeResource(deploymentType, props, "web", { "read-only-root-filesystem": { honourExemptionMarker: true } }),
            [],
        );
        assert.deepStrictEqual(judgeResource(deploymentType, props, "web", { "read-only-root-filesystem": {} }), []);
    });

    it("a blank or unknown marker exempts nothing either way; with the marker off, the note says why it is ignored", () => {
        const blank = deployment(everything, { annotations: { [marker]: " " } });
        const honoured = judgeResource(deploymentType, blank, "web").filter((j) => j.policy === "read-only-root-filesystem");
        assert.match(honoured[0].message, /is present but empty, so it exempts nothing/);
        const ignored = judgeResource(deploymentType, blank, "web", off(["read-only-root-filesystem"])).filter(
            (j) => j.policy === "read-only-root-filesystem",
        );
        assert.match(ignored[0].message, notHonoured);
    });

    it("a <Kind>Patch's marker: inspectable-workloads reports the entry that may add a container once the marker is off", async () => {
        const patch = {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: "web", annotations: { [marker]: "debug sidecar, removed after incident INC-7" } },
            spec: { template: { spec: { containers: [{ name: "debug", image: "busybox" }] } } },
        };
        const type = "kubernetes:apps/v1:DeploymentPatch";
        assert.deepStrictEqual(await violationsOf(inspectableWorkloads, type, patch, {}, "web"), []);
        const messages = await violationsOf(inspectableWorkloads, type, patch, { honourExemptionMarker: false }, "web");
        assert.strictEqual(messages.length, 1, JSON.stringify(messages));
        assert.match(messages[0], /containers\[0\] "debug" sets image "busybox"/);
    });

    it("immutable-check's --config takes it, and refuses a string in its place naming the key", () => {
        assert.deepStrictEqual(validatePackConfig({ "read-only-root-filesystem": { honourExemptionMarker: false } }), {
            config: { "read-only-root-filesystem": { honourExemptionMarker: false } },
        });
        const r = validatePackConfig({ "read-only-root-filesystem": { honourExemptionMarker: "false" } });
        assert.ok("errors" in r);
        assert.match(r.errors.join("\n"), /read-only-root-filesystem\.honourExemptionMarker: must be boolean/);
    });

    it("immutable-check with the organisation's config: the marked writable Deployment fails the run (exit 1)", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "marker-config-"));
        try {
            const config = path.join(dir, "config.json");
            fs.writeFileSync(
                config,
                JSON.stringify({ "read-only-root-filesystem": { enforcementLevel: "mandatory", honourExemptionMarker: false } }),
            );
            const manifest = stringify(
                deployment(podSpec({ image: `nginx@sha256:${"a".repeat(64)}` }), { annotations: { [marker]: reason } }),
            );
            const honoured = await runCli(["-"], manifest);
            assert.strictEqual(honoured.code, 0, honoured.stdout + honoured.stderr);
            const enforced = await runCli(["--config", config, "-"], manifest);
            assert.strictEqual(enforced.code, 1, enforced.stdout + enforced.stderr);
            assert.match(enforced.stdout, /mandatory {2}read-only-root-filesystem {2}Deployment web, container "app"/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    describe("over gRPC, configured as the engine configures it", function () {
        this.timeout(120_000);
        const pack = usePack({ "read-only-root-filesystem": { enforcementLevel: "mandatory", honourExemptionMarker: false } });

        it("the marked writable Deployment is a mandatory violation naming the setting", async () => {
            const props = deployment(podSpec({}), { annotations: { [marker]: reason } });
            const found = (await pack.analyze({ type: deploymentType, name: "web", props })).filter(
                (d) => d.policyName === "read-only-root-filesystem",
            );
            assert.deepStrictEqual(
                found.map((d) => d.enforcementLevel),
                ["mandatory"],
            );
            assert.match(found[0].message, notHonoured);
        });
    });
});
