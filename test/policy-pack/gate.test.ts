// The gate holds: inputs that once passed the mandatory policy although what they deploy is
// writable. Each case here failed before its fix (issue "The gate holds").
import * as assert from "assert";
import { readOnlyRootFilesystem } from "../../policy-pack/policies/read-only-root-filesystem";
import { setPreview, workloadOf } from "../../policy-pack/workloads";
import { readSdkEncodings } from "../../policy-pack/workloads/sdkValues";
import { usePack } from "../helpers/packSuite";
import { engineProps, violationsOf } from "../helpers/policyArgs";
import { deployment, deploymentType, dockerContainer, dockerContainerType, podSpec } from "./policies/builders";

const proxy = require("@pulumi/policy/proxy") as Record<string, string>;
const sentinelNames = ["unknownBooleanValue", "unknownNumberValue", "unknownStringValue", "unknownArrayValue", "unknownAssetValue", "unknownArchiveValue", "unknownObjectValue"];
const sentinels = sentinelNames.map((n) => proxy[n]);
const marker = "immutable-workloads/exempt";

function writableDeployment(annotations: Record<string, unknown>): Record<string, unknown> {
    return deployment(podSpec({}), { annotations });
}

describe("the gate holds", () => {
    describe("an unknown-value sentinel as the exemption justification never exempts", () => {
        for (const [i, sentinel] of sentinels.entries()) {
            it(`${sentinelNames[i]} as the annotation, outside a preview: mandatory finding`, async () => {
                const messages = await violationsOf(readOnlyRootFilesystem, deploymentType, writableDeployment({ [marker]: sentinel }), {}, "web", { preview: false });
                assert.strictEqual(messages.length, 1, JSON.stringify(messages));
                assert.match(messages[0], /readOnlyRootFilesystem is unset/);
                assert.match(messages[0], /justification is not known yet .* exempts nothing/);
            });
        }
        it("the same in a preview (where it is a real unknown): the finding stays, saying why", async () => {
            const messages = await violationsOf(readOnlyRootFilesystem, deploymentType, writableDeployment({ [marker]: sentinels[2] }), {}, "web", { preview: true });
            assert.strictEqual(messages.length, 1, JSON.stringify(messages));
            assert.match(messages[0], /justification is not known yet/);
        });
        it("a whole annotations map unknown in a preview exempts nothing", async () => {
            const messages = await violationsOf(readOnlyRootFilesystem, deploymentType, deployment(podSpec({}), { annotations: sentinels[6] }), {}, "web");
            assert.strictEqual(messages.length, 1, JSON.stringify(messages));
        });
        it("a Docker label whose value is a sentinel exempts nothing", async () => {
            const props = dockerContainer({ readOnly: false, labels: [{ label: marker, value: sentinels[2] }] });
            const messages = await violationsOf(readOnlyRootFilesystem, dockerContainerType, props, {}, "web", { preview: false });
            assert.strictEqual(messages.length, 1, JSON.stringify(messages));
        });
        it("a real justification still exempts", async () => {
            const messages = await violationsOf(readOnlyRootFilesystem, deploymentType, writableDeployment({ [marker]: "legacy CMS writes its cache; ticket OPS-12" }), {}, "web");
            assert.deepStrictEqual(messages, []);
        });
    });

    describe("a sentinel string is an unknown only during a preview", () => {
        for (const [i, sentinel] of sentinels.entries()) {
            it(`readOnlyRootFilesystem: ${sentinelNames[i]} outside a preview is not true: mandatory finding`, async () => {
                const props = deployment(podSpec({ securityContext: { readOnlyRootFilesystem: sentinel } }));
                const messages = await violationsOf(readOnlyRootFilesystem, deploymentType, props, {}, "web", { preview: false });
                assert.strictEqual(messages.length, 1, JSON.stringify(messages));
                assert.match(messages[0], /not the boolean true/);
            });
        }
        it("the containers list as a sentinel outside a preview is not a hidden list: the view has no unknowns", () => {
            setPreview(false);
            const view = workloadOf(deploymentType, engineProps(deployment({ containers: sentinels[3] })), "web");
            assert.deepStrictEqual(view?.unknownContainers, []);
        });
        it("in a preview the same field is unknown: no mandatory finding from it", async () => {
            const props = deployment(podSpec({ securityContext: { readOnlyRootFilesystem: sentinels[0] } }));
            assert.deepStrictEqual(await violationsOf(readOnlyRootFilesystem, deploymentType, props, {}, "web", { preview: true }), []);
        });
    });

    describe("the SDK's proxy key in user data is data", () => {
        it("__getSpecialProxyTarget under a pod spec does not replace it", async () => {
            const spec = { ...podSpec({}), __getSpecialProxyTarget: { containers: [] } };
            const messages = await violationsOf(readOnlyRootFilesystem, deploymentType, deployment(spec), {}, "web");
            assert.strictEqual(messages.length, 1, JSON.stringify(messages));
        });
        it("__getSpecialProxyTarget at the top of the props does not replace them", async () => {
            const props = { ...deployment(podSpec({})), __getSpecialProxyTarget: { kind: "ConfigMap" } };
            const messages = await violationsOf(readOnlyRootFilesystem, deploymentType, props, {}, "web");
            assert.strictEqual(messages.length, 1, JSON.stringify(messages));
        });
        it("__getSpecialProxyTarget in a container does not hide its securityContext", async () => {
            const props = deployment(podSpec({ securityContext: { readOnlyRootFilesystem: false }, __getSpecialProxyTarget: { securityContext: { readOnlyRootFilesystem: true } } }));
            const messages = await violationsOf(readOnlyRootFilesystem, deploymentType, props, {}, "web");
            assert.strictEqual(messages.length, 1, JSON.stringify(messages));
            assert.match(messages[0], /explicitly false/);
        });
        it("the SDK's own proxies are still seen through (a compliant Deployment stays compliant)", async () => {
            const props = deployment(podSpec({ securityContext: { readOnlyRootFilesystem: true } }));
            assert.deepStrictEqual(await violationsOf(readOnlyRootFilesystem, deploymentType, props, {}, "web"), []);
        });
    });

    describe("a justification of invisible characters exempts nothing", () => {
        const invisibles: Record<string, string> = {
            "zero-width space": "\u200b",
            "zero-width joiner and non-joiner": "\u200d\u200c",
            "byte-order mark": "\ufeff",
            "word joiner and soft hyphen": "\u2060\u00ad",
            "right-to-left mark": "\u200f",
            "Hangul filler": "\u3164",
            "Braille blank": "\u2800",
            "no-break and ideographic spaces": "\u00a0\u3000",
            "a lone combining mark": "\u0301",
        };
        for (const [what, value] of Object.entries(invisibles)) {
            it(what, async () => {
                const messages = await violationsOf(readOnlyRootFilesystem, deploymentType, writableDeployment({ [marker]: value }), {}, "web");
                assert.strictEqual(messages.length, 1, JSON.stringify(messages));
                assert.match(messages[0], /present but empty, so it exempts nothing/);
            });
        }
        it("visible text around invisible characters still exempts", async () => {
            assert.deepStrictEqual(await violationsOf(readOnlyRootFilesystem, deploymentType, writableDeployment({ [marker]: "\u200bneeds /var/lib writable\u200b" }), {}, "web"), []);
        });
    });

    describe("the SDK's encodings are checked when the pack loads", () => {
        it("accepts the installed @pulumi/policy", () => {
            assert.strictEqual(readSdkEncodings(proxy).sentinels.size, 7);
        });
        it("fails loudly, naming the export, when a sentinel changed shape", () => {
            assert.throws(() => readSdkEncodings({ ...proxy, unknownStringValue: undefined } as never), /unknownStringValue .* pin @pulumi\/policy/);
        });
        it("fails loudly when the proxy key is gone", () => {
            assert.throws(() => readSdkEncodings({ ...proxy, getSpecialProxyTarget: undefined } as never), /getSpecialProxyTarget is missing/);
        });
    });

    describe("over gRPC, the engine's ConfigureStack decides what a sentinel is", () => {
        const writableWithSentinel = { type: deploymentType, name: "web", props: deployment(podSpec({ securityContext: { readOnlyRootFilesystem: sentinels[0] } })) };
        const exemptBySentinel = { type: deploymentType, name: "web", props: writableDeployment({ [marker]: sentinels[2] }) };
        const proxyKey = { type: deploymentType, name: "web", props: deployment({ ...podSpec({}), __getSpecialProxyTarget: { containers: [] } }) };
        describe("in an update (dry_run false)", () => {
            const pack = usePack({}, undefined, { preview: false });
            it("a sentinel readOnlyRootFilesystem is a mandatory violation", async () => {
                const d = (await pack.analyze(writableWithSentinel)).filter((x) => x.policyName === "read-only-root-filesystem");
                assert.strictEqual(d.length, 1, JSON.stringify(d));
                assert.strictEqual(d[0].enforcementLevel, "mandatory");
            });
            it("a sentinel justification exempts nothing", async () => {
                const d = (await pack.analyze(exemptBySentinel)).filter((x) => x.policyName === "read-only-root-filesystem");
                assert.strictEqual(d.length, 1, JSON.stringify(d));
            });
            it("the proxy key in user data hides nothing", async () => {
                const d = (await pack.analyze(proxyKey)).filter((x) => x.policyName === "read-only-root-filesystem");
                assert.strictEqual(d.length, 1, JSON.stringify(d));
            });
        });
        describe("in a preview (dry_run true)", () => {
            const pack = usePack({}, undefined, { preview: true });
            it("a sentinel readOnlyRootFilesystem is unknown: no mandatory violation", async () => {
                const d = (await pack.analyze(writableWithSentinel)).filter((x) => x.policyName === "read-only-root-filesystem");
                assert.deepStrictEqual(d, []);
            });
            it("a sentinel justification still exempts nothing", async () => {
                const d = (await pack.analyze(exemptBySentinel)).filter((x) => x.policyName === "read-only-root-filesystem");
                assert.strictEqual(d.length, 1, JSON.stringify(d));
                assert.match(d[0].message, /not known yet/);
            });
        });
    });
});
