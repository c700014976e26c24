// The gate holds: inputs that once passed the mandatory policy although what they deploy is
// writable. Each case here failed before its fix (issue "The gate holds").
import * as assert from "assert";
import { inspectableWorkloads } from "../../policy-pack/policies/inspectable-workloads";
import { readOnlyRootFilesystem } from "../../policy-pack/policies/read-only-root-filesystem";
import { setPreview, workloadOf } from "../../policy-pack/workloads";
import { readSdkEncodings } from "../../policy-pack/workloads/sdkValues";
import { usePack } from "../helpers/packSuite";
import { engineProps, violationsOf } from "../helpers/policyArgs";
import {
    deployment,
    deploymentType,
    dockerContainer,
    dockerContainerType,
    dockerServiceType,
    podSpec,
    swarmService,
} from "../helpers/builders";
import { sdkProxy, sentinelNames, sentinels } from "../helpers/sdkSentinels";

const proxy = sdkProxy;
const marker = "immutable-workloads/exempt";

function writableDeployment(annotations: Record<string, unknown>): Record<string, unknown> {
    return deployment(podSpec({}), { annotations });
}

describe("the gate holds", () => {
    describe("an unknown-value sentinel as the exemption justification never exempts", () => {
        for (const [i, sentinel] of sentinels.entries()) {
            it(`${sentinelNames[i]} as the annotation, outside a preview: mandatory finding`, async () => {
                const messages = await violationsOf(
                    readOnlyRootFilesystem,
                    deploymentType,
                    writableDeployment({ [marker]: sentinel }),
                    {},
                    "web",
                    { preview: false },
                );
                assert.strictEqual(messages.length, 1, JSON.stringify(messages));
                assert.match(messages[0], /readOnlyRootFilesystem is unset/);
                assert.match(messages[0], /justification is not known yet .* exempts nothing/);
            });
        }
        it("the same in a preview (where it is a real unknown): the finding stays, saying why", async () => {
            const messages = await violationsOf(
                readOnlyRootFilesystem,
                deploymentType,
                writableDeployment({ [marker]: sentinels[2] }),
                {},
                "web",
                { preview: true },
            );
            assert.strictEqual(messages.length, 1, JSON.stringify(messages));
            assert.match(messages[0], /justification is not known yet/);
        });
        it("a whole annotations map unknown in a preview exempts nothing", async () => {
            const messages = await violationsOf(
                readOnlyRootFilesystem,
                deploymentType,
                deployment(podSpec({}), { annotations: sentinels[6] }),
                {},
                "web",
            );
            assert.strictEqual(messages.length, 1, JSON.stringify(messages));
        });
        it("a Docker label whose value is a sentinel exempts nothing", async () => {
            const props = dockerContainer({ readOnly: false, labels: [{ label: marker, value: sentinels[2] }] });
            const messages = await violationsOf(readOnlyRootFilesystem, dockerContainerType, props, {}, "web", { preview: false });
            assert.strictEqual(messages.length, 1, JSON.stringify(messages));
        });
        it("a real justification still exempts", async () => {
            const messages = await violationsOf(
                readOnlyRootFilesystem,
                deploymentType,
                writableDeployment({ [marker]: "legacy CMS writes its cache; ticket OPS-12" }),
                {},
                "web",
            );
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
            const props = deployment(
                podSpec({
                    securityContext: { readOnlyRootFilesystem: false },
                    __getSpecialProxyTarget: { securityContext: { readOnlyRootFilesystem: true } },
                }),
            );
            const messages = await violationsOf(readOnlyRootFilesystem, deploymentType, props, {}, "web");
            assert.strictEqual(messages.length, 1, JSON.stringify(messages));
            assert.match(messages[0], /explicitly false/);
        });
        it("the SDK's own proxies are still seen through (a compliant Deployment stays compliant)", async () => {
            const props = deployment(podSpec({ securityContext: { readOnlyRootFilesystem: true } }));
            assert.deepStrictEqual(await violationsOf(readOnlyRootFilesystem, deploymentType, props, {}, "web"), []);
        });
    });

    describe("a root that can be remounted is not read-only", () => {
        const readOnly = { readOnlyRootFilesystem: true };
        const k8s = (securityContext: Record<string, unknown>, list = "containers") => {
            const spec = podSpec({ securityContext: { ...readOnly, ...securityContext } }, undefined, list);
            // podSpec adds a plain container next to an init container: make it compliant.
            return deployment({
                ...spec,
                containers: list === "containers" ? spec.containers : [{ name: "main", image: "nginx:1.27", securityContext: readOnly }],
            });
        };
        const cases: Array<{ title: string; type: string; props: Record<string, unknown>; expect: RegExp | undefined }> = [
            {
                title: "Kubernetes privileged: true",
                type: deploymentType,
                props: k8s({ privileged: true }),
                expect: /securityContext\.privileged is true.*remount,rw/,
            },
            {
                title: "Kubernetes capabilities.add SYS_ADMIN",
                type: deploymentType,
                props: k8s({ capabilities: { add: ["NET_BIND_SERVICE", "SYS_ADMIN"] } }),
                expect: /capabilities\.add\[1\] adds SYS_ADMIN/,
            },
            {
                title: "Kubernetes capabilities.add CAP_SYS_ADMIN",
                type: deploymentType,
                props: k8s({ capabilities: { add: ["CAP_SYS_ADMIN"] } }),
                expect: /adds CAP_SYS_ADMIN/,
            },
            {
                title: "Kubernetes capabilities.add sys_admin (runtimes upper-case it)",
                type: deploymentType,
                props: k8s({ capabilities: { add: ["sys_admin"] } }),
                expect: /adds sys_admin/,
            },
            {
                title: "Kubernetes capabilities.add ALL",
                type: deploymentType,
                props: k8s({ capabilities: { add: ["ALL"] } }),
                expect: /adds ALL/,
            },
            {
                title: "an init container with privileged: true",
                type: deploymentType,
                props: k8s({ privileged: true }, "initContainers"),
                expect: /initContainers\[0\] "app" can make its root filesystem writable again/,
            },
            {
                title: "a patch that sets privileged: true",
                type: "kubernetes:apps/v1:DeploymentPatch",
                props: k8s({ privileged: true }),
                expect: /privileged is true/,
            },
            {
                title: "Docker privileged: true",
                type: dockerContainerType,
                props: dockerContainer({ privileged: true }),
                expect: /Docker container "web" can make its root filesystem writable again: privileged is true/,
            },
            {
                title: "Docker capabilities.adds SYS_ADMIN",
                type: dockerContainerType,
                props: dockerContainer({ capabilities: { adds: ["SYS_ADMIN"] } }),
                expect: /capabilities\.adds\[0\] adds SYS_ADMIN/,
            },
            {
                title: "Swarm capAdds CAP_SYS_ADMIN",
                type: dockerServiceType,
                props: swarmService({ capAdds: ["CAP_SYS_ADMIN"] }),
                expect: /Swarm service "web" .* capAdds\[0\] adds CAP_SYS_ADMIN/,
            },
            { title: "Kubernetes privileged: false: nothing", type: deploymentType, props: k8s({ privileged: false }), expect: undefined },
            {
                title: "Kubernetes NET_ADMIN only: nothing",
                type: deploymentType,
                props: k8s({ capabilities: { add: ["NET_ADMIN"], drop: ["ALL"] } }),
                expect: undefined,
            },
            {
                title: "Docker capabilities.drops ALL: nothing",
                type: dockerContainerType,
                props: dockerContainer({ capabilities: { drops: ["ALL"] } }),
                expect: undefined,
            },
            {
                title: "privileged unknown at preview: no mandatory verdict from it",
                type: deploymentType,
                props: k8s({ privileged: proxy.unknownBooleanValue }),
                expect: undefined,
            },
        ];
        for (const c of cases) {
            it(c.title, async () => {
                const messages = await violationsOf(readOnlyRootFilesystem, c.type, c.props, {}, "web");
                if (c.expect === undefined) {
                    assert.deepStrictEqual(messages, []);
                } else {
                    assert.strictEqual(messages.length, 1, JSON.stringify(messages));
                    assert.match(messages[0], c.expect);
                }
            });
        }
        it("writable and privileged: one finding that names both", async () => {
            const messages = await violationsOf(
                readOnlyRootFilesystem,
                deploymentType,
                deployment(podSpec({ securityContext: { privileged: true } })),
                {},
                "web",
            );
            assert.strictEqual(messages.length, 1, JSON.stringify(messages));
            assert.match(
                messages[0],
                /readOnlyRootFilesystem is unset.*Setting it is not enough here: securityContext\.privileged is true/,
            );
        });
        it("the exemption marker exempts a privileged system daemon", async () => {
            const props = deployment(podSpec({ securityContext: { ...readOnly, privileged: true } }), {
                annotations: { [marker]: "CSI node plugin mounts volumes on the node" },
            });
            assert.deepStrictEqual(await violationsOf(readOnlyRootFilesystem, deploymentType, props, {}, "web"), []);
        });
    });

    describe("a <Kind>Patch entry that may add a container", () => {
        const patchType = "kubernetes:apps/v1:DeploymentPatch";
        const patch = (containers: unknown[], annotations?: Record<string, string>) => ({
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: "web", ...(annotations ? { annotations } : {}) },
            spec: { template: { spec: { containers } } },
        });
        it("an entry with an image and no read-only flag is reported (advisory: it may be an image bump)", async () => {
            const messages = await violationsOf(inspectableWorkloads, patchType, patch([{ name: "debug", image: "busybox" }]), {}, "web");
            assert.strictEqual(messages.length, 1, JSON.stringify(messages));
            assert.match(
                messages[0],
                /containers\[0\] "debug" sets image "busybox" but not securityContext\.readOnlyRootFilesystem: .* adds one whose root filesystem is writable/,
            );
            // The mandatory policy still only judges what a patch sets.
            assert.deepStrictEqual(
                await violationsOf(readOnlyRootFilesystem, patchType, patch([{ name: "debug", image: "busybox" }]), {}, "web"),
                [],
            );
        });
        it("an init container entry too", async () => {
            const props = { ...patch([]), spec: { template: { spec: { initContainers: [{ name: "setup", image: "busybox" }] } } } };
            const messages = await violationsOf(inspectableWorkloads, patchType, props, {}, "web");
            assert.strictEqual(messages.length, 1, JSON.stringify(messages));
        });
        it("an entry that sets readOnlyRootFilesystem: true: nothing", async () => {
            assert.deepStrictEqual(
                await violationsOf(
                    inspectableWorkloads,
                    patchType,
                    patch([{ name: "debug", image: "busybox", securityContext: { readOnlyRootFilesystem: true } }]),
                    {},
                    "web",
                ),
                [],
            );
        });
        it("an entry without an image cannot add a container: nothing", async () => {
            assert.deepStrictEqual(
                await violationsOf(inspectableWorkloads, patchType, patch([{ name: "app", env: [{ name: "A", value: "1" }] }]), {}, "web"),
                [],
            );
        });
        it("an entry that sets false is the mandatory policy's", async () => {
            const props = patch([{ name: "debug", image: "busybox", securityContext: { readOnlyRootFilesystem: false } }]);
            assert.deepStrictEqual(await violationsOf(inspectableWorkloads, patchType, props, {}, "web"), []);
            assert.strictEqual((await violationsOf(readOnlyRootFilesystem, patchType, props, {}, "web")).length, 1);
        });
        it("a full Deployment is not a patch: nothing from this rule", async () => {
            assert.deepStrictEqual(await violationsOf(inspectableWorkloads, deploymentType, deployment(podSpec({})), {}, "web"), []);
        });
        it("the exemption annotation on the patch exempts it", async () => {
            assert.deepStrictEqual(
                await violationsOf(
                    inspectableWorkloads,
                    patchType,
                    patch([{ name: "debug", image: "busybox" }], { [marker]: "debug sidecar, removed after incident INC-7" }),
                    {},
                    "web",
                ),
                [],
            );
        });
    });

    describe("what the pack cannot see into it does not pass", () => {
        const cases: Array<[string, string, Record<string, unknown>, RegExp]> = [
            [
                "a pod template that is a string",
                deploymentType,
                { ...deployment({}), spec: { template: "x" } },
                /spec\.template is "x" \(a string\)/,
            ],
            [
                "a containers list that is a string",
                deploymentType,
                deployment({ containers: "nginx" }),
                /spec\.template\.spec\.containers is "nginx"/,
            ],
            ["a container entry that is a number", deploymentType, deployment({ containers: [7] }), /containers\[0\] is 7 \(a number\)/],
            ["a Swarm taskSpec that is a list", dockerServiceType, { name: "web", taskSpec: [] }, /taskSpec is a list/],
            ["a sentinel pod spec outside a preview", deploymentType, deployment(proxy.unknownObjectValue as never), /cannot be judged/],
        ];
        for (const [title, type, props, expected] of cases) {
            it(title, async () => {
                const messages = await violationsOf(readOnlyRootFilesystem, type, props, {}, "web", { preview: false });
                assert.strictEqual(messages.length, 1, JSON.stringify(messages));
                assert.match(messages[0], expected);
                assert.match(messages[0], /cannot be judged/);
            });
        }
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
                const messages = await violationsOf(
                    readOnlyRootFilesystem,
                    deploymentType,
                    writableDeployment({ [marker]: value }),
                    {},
                    "web",
                );
                assert.strictEqual(messages.length, 1, JSON.stringify(messages));
                assert.match(messages[0], /present but empty, so it exempts nothing/);
            });
        }
        it("visible text around invisible characters still exempts", async () => {
            assert.deepStrictEqual(
                await violationsOf(
                    readOnlyRootFilesystem,
                    deploymentType,
                    writableDeployment({ [marker]: "\u200bneeds /var/lib writable\u200b" }),
                    {},
                    "web",
                ),
                [],
            );
        });
    });

    describe("the SDK's encodings are checked when the pack loads", () => {
        it("accepts the installed @pulumi/policy", () => {
            assert.strictEqual(readSdkEncodings(proxy as never).sentinels.size, 7);
        });
        it("fails loudly, naming the export, when a sentinel changed shape", () => {
            assert.throws(
                () => readSdkEncodings({ ...proxy, unknownStringValue: undefined } as never),
                /unknownStringValue .* pin @pulumi\/policy/,
            );
        });
        it("fails loudly when the proxy key is gone", () => {
            assert.throws(
                () => readSdkEncodings({ ...proxy, getSpecialProxyTarget: undefined } as never),
                /getSpecialProxyTarget is missing/,
            );
        });
    });

    describe("over gRPC, the engine's ConfigureStack decides what a sentinel is", () => {
        const writableWithSentinel = {
            type: deploymentType,
            name: "web",
            props: deployment(podSpec({ securityContext: { readOnlyRootFilesystem: sentinels[0] } })),
        };
        const exemptBySentinel = { type: deploymentType, name: "web", props: writableDeployment({ [marker]: sentinels[2] }) };
        const proxyKey = {
            type: deploymentType,
            name: "web",
            props: deployment({ ...podSpec({}), __getSpecialProxyTarget: { containers: [] } }),
        };
        const patchAdding = {
            type: "kubernetes:apps/v1:DeploymentPatch",
            name: "web",
            props: { metadata: { name: "web" }, spec: { template: { spec: { containers: [{ name: "debug", image: "busybox" }] } } } },
        };
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
            it("a patch entry that may add a container draws one advisory", async () => {
                const d = (await pack.analyze(patchAdding)).filter((x) => x.policyName === "inspectable-workloads");
                assert.deepStrictEqual(
                    d.map((x) => x.enforcementLevel),
                    ["advisory"],
                );
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
