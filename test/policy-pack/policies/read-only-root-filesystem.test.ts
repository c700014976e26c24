import * as assert from "assert";
import { readOnlyRootFilesystem } from "../../../policy-pack/policies/read-only-root-filesystem";
import { remediationOf, secretOnTheWire, unknownOnTheWire, violationsOf } from "../../helpers/policyArgs";

// The matrix of the issue, written out independently of policy-pack/workloads/kinds.ts so that a
// kind or apiVersion missing there fails here.
const kinds: Array<{ kind: string; groupVersions: string[]; podSpecPath: string[] }> = [
    { kind: "Pod", groupVersions: ["core/v1"], podSpecPath: ["spec"] },
    { kind: "PodTemplate", groupVersions: ["core/v1"], podSpecPath: ["template", "spec"] },
    { kind: "ReplicationController", groupVersions: ["core/v1"], podSpecPath: ["spec", "template", "spec"] },
    {
        kind: "Deployment",
        groupVersions: ["apps/v1", "apps/v1beta1", "apps/v1beta2", "extensions/v1beta1"],
        podSpecPath: ["spec", "template", "spec"],
    },
    { kind: "StatefulSet", groupVersions: ["apps/v1", "apps/v1beta1", "apps/v1beta2"], podSpecPath: ["spec", "template", "spec"] },
    { kind: "DaemonSet", groupVersions: ["apps/v1", "apps/v1beta2", "extensions/v1beta1"], podSpecPath: ["spec", "template", "spec"] },
    { kind: "ReplicaSet", groupVersions: ["apps/v1", "apps/v1beta2", "extensions/v1beta1"], podSpecPath: ["spec", "template", "spec"] },
    { kind: "Job", groupVersions: ["batch/v1"], podSpecPath: ["spec", "template", "spec"] },
    {
        kind: "CronJob",
        groupVersions: ["batch/v1", "batch/v1beta1", "batch/v2alpha1"],
        podSpecPath: ["spec", "jobTemplate", "spec", "template", "spec"],
    },
];
const lists = ["containers", "initContainers", "ephemeralContainers"] as const;
type State = "unset" | "false" | "true" | "unknown";
const states: State[] = ["unset", "false", "true", "unknown"];

function securityContextFor(state: State): Record<string, unknown> | undefined {
    switch (state) {
        case "unset":
            return { runAsNonRoot: true };
        case "false":
            return { readOnlyRootFilesystem: false };
        case "true":
            return { readOnlyRootFilesystem: true };
        case "unknown":
            return { readOnlyRootFilesystem: unknownOnTheWire };
    }
}

function nest(path: string[], leaf: Record<string, unknown>): Record<string, unknown> {
    return path.reduceRight<Record<string, unknown>>((inner, key) => ({ [key]: inner }), leaf);
}

function withPodSpec(kind: string, podSpecPath: string[], podSpec: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    return { apiVersion: "x", kind, metadata: { name: "web", ...extra }, ...nest(podSpecPath, podSpec) };
}

const deployment = (podSpec: Record<string, unknown>, metadata: Record<string, unknown> = {}) =>
    withPodSpec("Deployment", ["spec", "template", "spec"], podSpec, metadata);
const deploymentType = "kubernetes:apps/v1:Deployment";

describe("read-only-root-filesystem", () => {
    describe("kind × apiVersion × container list × field state", () => {
        for (const k of kinds) {
            for (const gv of k.groupVersions) {
                for (const patch of [false, true]) {
                    const type = `kubernetes:${gv}:${k.kind}${patch ? "Patch" : ""}`;
                    for (const list of lists) {
                        for (const state of states) {
                            // A patch changes only what it sets: only an explicit false is a violation.
                            const violates = patch ? state === "false" : state === "unset" || state === "false";
                            it(`${type} ${list} ${state} → ${violates ? "violation" : "pass"}`, async () => {
                                const props = withPodSpec(k.kind, k.podSpecPath, {
                                    [list]: [{ name: "app", image: "nginx:1.27", securityContext: securityContextFor(state) }],
                                });
                                const messages = await violationsOf(readOnlyRootFilesystem, type, props);
                                assert.strictEqual(messages.length, violates ? 1 : 0, messages.join("\n"));
                                if (violates) {
                                    const path = `${k.podSpecPath.join(".")}.${list}[0].securityContext.readOnlyRootFilesystem`;
                                    assert.match(messages[0], new RegExp(`^${k.kind} "web" ${list}\\[0\\] "app"`));
                                    assert.ok(messages[0].includes(`(${path})`), messages[0]);
                                    assert.ok(messages[0].includes(state === "false" ? "is explicitly false" : "is unset"), messages[0]);
                                    assert.ok(messages[0].includes(`Set ${path} to true`), messages[0]);
                                    assert.ok(messages[0].includes("emptyDir") && messages[0].includes("ImmutableService"), messages[0]);
                                }
                            });
                        }
                    }
                }
            }
        }
    });

    it("reports one message per offending container and names each", async () => {
        const messages = await violationsOf(
            readOnlyRootFilesystem,
            deploymentType,
            deployment({
                initContainers: [
                    { name: "migrate" },
                    { name: "sidecar", restartPolicy: "Always", securityContext: { readOnlyRootFilesystem: true } },
                ],
                containers: [
                    { name: "app" },
                    { name: "proxy", securityContext: { readOnlyRootFilesystem: false } },
                    { name: "ok", securityContext: { readOnlyRootFilesystem: true } },
                ],
            }),
        );
        assert.deepStrictEqual(
            messages.map((m) => m.split(" has ")[0]),
            [
                'Deployment "web" initContainers[0] "migrate"',
                'Deployment "web" containers[0] "app"',
                'Deployment "web" containers[1] "proxy"',
            ],
        );
    });

    it("judges a native sidecar (init container with restartPolicy Always)", async () => {
        const messages = await violationsOf(
            readOnlyRootFilesystem,
            deploymentType,
            deployment({
                initContainers: [{ name: "log-shipper", restartPolicy: "Always" }],
                containers: [{ name: "app", securityContext: { readOnlyRootFilesystem: true } }],
            }),
        );
        assert.strictEqual(messages.length, 1);
        assert.ok(messages[0].includes('initContainers[0] "log-shipper"'));
    });

    describe("unknown values at preview", () => {
        it("an unknown container does not hide the verdicts of the others", async () => {
            const messages = await violationsOf(
                readOnlyRootFilesystem,
                deploymentType,
                deployment({
                    containers: [unknownOnTheWire, { name: "writable" }, { name: "later", securityContext: unknownOnTheWire }],
                }),
            );
            assert.strictEqual(messages.length, 1);
            assert.ok(messages[0].includes('containers[1] "writable"'));
        });
        it("an unknown container list does not hide the other lists", async () => {
            const messages = await violationsOf(
                readOnlyRootFilesystem,
                deploymentType,
                deployment({
                    containers: unknownOnTheWire,
                    initContainers: [{ name: "init" }],
                }),
            );
            assert.strictEqual(messages.length, 1);
            assert.ok(messages[0].includes('initContainers[0] "init"'));
        });
        it("an unknown pod spec or whole props give no verdict", async () => {
            assert.deepStrictEqual(
                await violationsOf(readOnlyRootFilesystem, deploymentType, { spec: { template: unknownOnTheWire } }),
                [],
            );
            assert.deepStrictEqual(await violationsOf(readOnlyRootFilesystem, deploymentType, { spec: unknownOnTheWire }), []);
        });
        it("an unknown container name still judges the container", async () => {
            const messages = await violationsOf(
                readOnlyRootFilesystem,
                deploymentType,
                deployment({ containers: [{ name: unknownOnTheWire }] }),
            );
            assert.strictEqual(messages.length, 1);
            assert.ok(messages[0].includes('containers[0] "#0"'));
        });
        it("an unknown exemption annotation exempts nothing, and the message says why", async () => {
            const messages = await violationsOf(
                readOnlyRootFilesystem,
                deploymentType,
                deployment({ containers: [{ name: "app" }] }, { annotations: { "immutable-workloads/exempt": unknownOnTheWire } }),
            );
            assert.strictEqual(messages.length, 1);
            assert.match(messages[0], /justification is not known yet .* exempts nothing/);
        });
    });

    describe("secrets", () => {
        it("reads through secret-wrapped values", async () => {
            const pass = await violationsOf(
                readOnlyRootFilesystem,
                deploymentType,
                deployment({
                    containers: [
                        { name: "a", securityContext: secretOnTheWire({ readOnlyRootFilesystem: true }) },
                        secretOnTheWire({ name: "b", securityContext: { readOnlyRootFilesystem: secretOnTheWire(true) } }),
                    ],
                }),
            );
            assert.deepStrictEqual(pass, []);
            const fail = await violationsOf(
                readOnlyRootFilesystem,
                deploymentType,
                deployment({
                    containers: [{ name: "a", securityContext: { readOnlyRootFilesystem: secretOnTheWire(false) } }],
                }),
            );
            assert.strictEqual(fail.length, 1);
            assert.ok(fail[0].includes("explicitly false"));
        });
    });

    describe("what is not a pass", () => {
        it("a pod-level readOnlyRootFilesystem never counts, and the message says to move it", async () => {
            const messages = await violationsOf(
                readOnlyRootFilesystem,
                deploymentType,
                deployment({
                    securityContext: { readOnlyRootFilesystem: true },
                    containers: [{ name: "app" }],
                }),
            );
            assert.strictEqual(messages.length, 1);
            assert.ok(messages[0].includes("spec.template.spec.securityContext.readOnlyRootFilesystem is set at pod level"), messages[0]);
            assert.ok(messages[0].includes("move readOnlyRootFilesystem to each container's securityContext"), messages[0]);
        });
        for (const value of ["true", 1, "yes", {}]) {
            it(`the value ${JSON.stringify(value)} is not the boolean true`, async () => {
                const messages = await violationsOf(
                    readOnlyRootFilesystem,
                    deploymentType,
                    deployment({
                        containers: [{ name: "app", securityContext: { readOnlyRootFilesystem: value } }],
                    }),
                );
                assert.strictEqual(messages.length, 1);
                assert.ok(messages[0].includes("not the boolean true"), messages[0]);
            });
        }
    });

    it("Windows pods are not applicable", async () => {
        const messages = await violationsOf(
            readOnlyRootFilesystem,
            deploymentType,
            deployment({ os: { name: "windows" }, containers: [{ name: "iis" }] }),
        );
        assert.deepStrictEqual(messages, []);
        const linux = await violationsOf(
            readOnlyRootFilesystem,
            deploymentType,
            deployment({ os: { name: "linux" }, containers: [{ name: "app" }] }),
        );
        assert.strictEqual(linux.length, 1);
    });

    describe("Docker and Swarm", () => {
        const cases: Array<[string, Record<string, unknown>, number, string?]> = [
            [
                "docker:index/container:Container",
                { name: "web", image: "nginx" },
                1,
                'Docker container "web" has a writable root filesystem: readOnly is unset (readOnly)',
            ],
            ["docker:index/container:Container", { name: "web", image: "nginx", readOnly: false }, 1, "readOnly is explicitly false"],
            ["docker:index/container:Container", { name: "web", image: "nginx", readOnly: true }, 0],
            ["docker:index/container:Container", { name: "web", image: "nginx", readOnly: unknownOnTheWire }, 0],
            [
                "docker:index/service:Service",
                { name: "api", taskSpec: { containerSpec: { image: "nginx" } } },
                1,
                'Swarm service "api" has a writable root filesystem: readOnly is unset (taskSpec.containerSpec.readOnly)',
            ],
            [
                "docker:index/service:Service",
                { name: "api", taskSpec: { containerSpec: { image: "nginx", readOnly: false } } },
                1,
                "explicitly false",
            ],
            ["docker:index/service:Service", { name: "api", taskSpec: { containerSpec: { image: "nginx", readOnly: true } } }, 0],
            ["docker:index/service:Service", { name: "api", taskSpec: { containerSpec: unknownOnTheWire } }, 0],
            ["docker:index/service:Service", { name: "api", taskSpec: unknownOnTheWire }, 0],
        ];
        for (const [type, props, count, text] of cases) {
            it(`${type} ${JSON.stringify(props)} → ${count}`, async () => {
                const messages = await violationsOf(readOnlyRootFilesystem, type, props);
                assert.strictEqual(messages.length, count, messages.join("\n"));
                if (text) {
                    assert.ok(messages[0].includes(text), messages[0]);
                    assert.ok(messages[0].includes("tmpfs"), messages[0]);
                }
            });
        }
    });

    describe("exemptions", () => {
        const writable = {
            containers: [
                { name: "app", image: "nginx:1.27" },
                { name: "sidecar", image: "ghcr.io/acme/agent:2" },
            ],
        };
        const cases: Array<[string, Record<string, unknown>, object, number]> = [
            [
                "annotation with a justification",
                { annotations: { "immutable-workloads/exempt": "vendor image writes /opt at start, ticket OPS-1" } },
                {},
                0,
            ],
            ["blank annotation exempts nothing", { annotations: { "immutable-workloads/exempt": "  " } }, {}, 2],
            ["exemptContainers glob", {}, { exemptContainers: ["side*"] }, 1],
            ["exemptImages short form matches normalised", {}, { exemptImages: ["nginx:1.27"] }, 1],
            ["exemptImages full form", {}, { exemptImages: ["docker.io/library/nginx:*"] }, 1],
            ["exemptImages repository without tag", {}, { exemptImages: ["ghcr.io/acme/*"] }, 1],
            ["exemptImages that match nothing", {}, { exemptImages: ["redis"] }, 2],
            ["exemptNamespaces", { namespace: "legacy-apps" }, { exemptNamespaces: ["legacy-*"] }, 0],
            ["exemptNamespaces other namespace", { namespace: "prod" }, { exemptNamespaces: ["legacy-*"] }, 2],
            ["exemptResources by name", {}, { exemptResources: ["web"] }, 0],
            ["exemptResources by Kind/name", {}, { exemptResources: ["Deployment/w*"] }, 0],
        ];
        for (const [title, metadata, config, count] of cases) {
            it(title, async () => {
                const messages = await violationsOf(readOnlyRootFilesystem, deploymentType, deployment(writable, metadata), config);
                assert.strictEqual(messages.length, count, messages.join("\n"));
                if (title.startsWith("blank")) {
                    assert.ok(messages[0].includes("is present but empty, so it exempts nothing"), messages[0]);
                }
            });
        }
        it("a short exemptImages pattern matches an image written in full, and a full pattern a short image", async () => {
            const full = {
                containers: [
                    { name: "app", image: "docker.io/library/nginx:1.27" },
                    { name: "other", image: "docker.io/library/redis:7" },
                ],
            };
            const short = { containers: [{ name: "app", image: "nginx:1.27" }] };
            // Each pattern must exempt exactly the nginx container, whatever form each side is written in.
            for (const [props, pattern, count] of [
                [full, "nginx:1.27", 1],
                [full, "nginx", 1],
                [full, "library/nginx:1.27", 1],
                [full, "nginx:1.25", 2],
                [short, "docker.io/library/nginx:1.27", 0],
                [short, "index.docker.io/library/nginx:1.27", 0],
            ] as const) {
                const messages = await violationsOf(readOnlyRootFilesystem, deploymentType, deployment(props), { exemptImages: [pattern] });
                assert.strictEqual(messages.length, count, `${pattern} on ${JSON.stringify(props)}: ${messages.join("\n")}`);
            }
        });
        it("the Docker label marker exempts a container and a Swarm service", async () => {
            const label = [{ label: "immutable-workloads/exempt", value: "legacy CMS, migration tracked in OPS-2" }];
            assert.deepStrictEqual(
                await violationsOf(readOnlyRootFilesystem, "docker:index/container:Container", { image: "cms", labels: label }),
                [],
            );
            assert.deepStrictEqual(
                await violationsOf(readOnlyRootFilesystem, "docker:index/service:Service", {
                    taskSpec: { containerSpec: { image: "cms", labels: label } },
                }),
                [],
            );
            const blank = await violationsOf(readOnlyRootFilesystem, "docker:index/container:Container", {
                image: "cms",
                labels: [{ label: "immutable-workloads/exempt", value: "" }],
            });
            assert.strictEqual(blank.length, 1);
            assert.ok(blank[0].includes("label is present but empty"));
        });
        it("checkInitContainers and checkEphemeralContainers turn those lists off", async () => {
            const props = deployment({
                initContainers: [{ name: "i" }],
                ephemeralContainers: [{ name: "e" }],
                containers: [{ name: "c" }],
            });
            assert.strictEqual((await violationsOf(readOnlyRootFilesystem, deploymentType, props)).length, 3);
            assert.strictEqual(
                (await violationsOf(readOnlyRootFilesystem, deploymentType, props, { checkInitContainers: false })).length,
                2,
            );
            assert.strictEqual(
                (
                    await violationsOf(readOnlyRootFilesystem, deploymentType, props, {
                        checkInitContainers: false,
                        checkEphemeralContainers: false,
                    })
                ).length,
                1,
            );
        });
    });

    describe("remediation", () => {
        it("sets the field where it is unset in every checked list, leaves false alone", async () => {
            const props = deployment({
                initContainers: [{ name: "i" }],
                containers: [
                    { name: "c", securityContext: { runAsNonRoot: true } },
                    { name: "f", securityContext: { readOnlyRootFilesystem: false } },
                ],
                ephemeralContainers: [{ name: "e" }],
            });
            const fixed = (await remediationOf(readOnlyRootFilesystem, deploymentType, props)) as Record<string, unknown>;
            const spec = (fixed.spec as { template: { spec: Record<string, Array<{ securityContext?: Record<string, unknown> }>> } })
                .template.spec;
            assert.deepStrictEqual(spec.initContainers[0].securityContext, { readOnlyRootFilesystem: true });
            assert.deepStrictEqual(spec.containers[0].securityContext, { runAsNonRoot: true, readOnlyRootFilesystem: true });
            assert.deepStrictEqual(spec.containers[1].securityContext, { readOnlyRootFilesystem: false });
            assert.deepStrictEqual(spec.ephemeralContainers[0].securityContext, { readOnlyRootFilesystem: true });
        });
        it("turns false into true only with remediateExplicitFalse", async () => {
            const props = deployment({ containers: [{ name: "f", securityContext: { readOnlyRootFilesystem: false } }] });
            assert.strictEqual(await remediationOf(readOnlyRootFilesystem, deploymentType, props), undefined);
            const fixed = await remediationOf(readOnlyRootFilesystem, deploymentType, props, { remediateExplicitFalse: true });
            assert.deepStrictEqual(fixed, deployment({ containers: [{ name: "f", securityContext: { readOnlyRootFilesystem: true } }] }));
        });
        it("is idempotent: a remediated resource comes back unchanged and passes", async () => {
            const props = deployment({ containers: [{ name: "c" }], initContainers: [{ name: "i" }] });
            const once = (await remediationOf(readOnlyRootFilesystem, deploymentType, props))!;
            assert.strictEqual(await remediationOf(readOnlyRootFilesystem, deploymentType, once), undefined);
            assert.deepStrictEqual(await violationsOf(readOnlyRootFilesystem, deploymentType, once), []);
        });
        it("keeps secrets secret", async () => {
            const props = deployment({ containers: [{ name: "c", env: secretOnTheWire([{ name: "TOKEN", value: "s3cr3t" }]) }] });
            const fixed = (await remediationOf(readOnlyRootFilesystem, deploymentType, props)) as Record<string, unknown>;
            const container = (fixed.spec as { template: { spec: { containers: Array<Record<string, unknown>> } } }).template.spec
                .containers[0];
            assert.deepStrictEqual(container.env, secretOnTheWire([{ name: "TOKEN", value: "s3cr3t" }]));
            assert.deepStrictEqual(container.securityContext, { readOnlyRootFilesystem: true });
        });
        it("a secret-wrapped false, replaced at remediateExplicitFalse, stays a secret", async () => {
            const props = deployment({ containers: [{ name: "c", securityContext: { readOnlyRootFilesystem: secretOnTheWire(false) } }] });
            const fixed = (await remediationOf(readOnlyRootFilesystem, deploymentType, props, { remediateExplicitFalse: true })) as Record<
                string,
                unknown
            >;
            const container = (fixed.spec as { template: { spec: { containers: Array<Record<string, unknown>> } } }).template.spec
                .containers[0];
            assert.deepStrictEqual(container.securityContext, { readOnlyRootFilesystem: secretOnTheWire(true) });
        });
        it("does not add the field to a patch that leaves it unset", async () => {
            const props = deployment({ containers: [{ name: "c" }] });
            assert.strictEqual(await remediationOf(readOnlyRootFilesystem, "kubernetes:apps/v1:DeploymentPatch", props), undefined);
        });
        it("sets Docker readOnly and Swarm containerSpec.readOnly", async () => {
            assert.deepStrictEqual(await remediationOf(readOnlyRootFilesystem, "docker:index/container:Container", { image: "nginx" }), {
                image: "nginx",
                readOnly: true,
            });
            assert.deepStrictEqual(
                await remediationOf(readOnlyRootFilesystem, "docker:index/service:Service", {
                    taskSpec: { containerSpec: { image: "nginx" } },
                }),
                { taskSpec: { containerSpec: { image: "nginx", readOnly: true } } },
            );
        });
        it("leaves exempt and unknown containers alone", async () => {
            const props = deployment({ containers: [{ name: "c", securityContext: unknownOnTheWire }] });
            assert.strictEqual(await remediationOf(readOnlyRootFilesystem, deploymentType, props), undefined);
            const exempt = deployment({ containers: [{ name: "c" }] }, { annotations: { "immutable-workloads/exempt": "legacy" } });
            assert.strictEqual(await remediationOf(readOnlyRootFilesystem, deploymentType, exempt), undefined);
        });
    });

    describe("malformed props never throw", () => {
        const shapes: unknown[] = [
            null,
            1,
            "x",
            [],
            { spec: null },
            { spec: { template: { spec: { containers: null } } } },
            { spec: { template: { spec: { containers: [null, 1, "x", [], { securityContext: null }, { securityContext: "x" }] } } } },
            { spec: { template: { spec: { containers: { a: 1 } } } } },
            { metadata: { annotations: [] } },
            { taskSpec: { containerSpec: [] } },
            { labels: "x" },
        ];
        for (const type of [deploymentType, "kubernetes:core/v1:Pod", "docker:index/container:Container", "docker:index/service:Service"]) {
            for (const shape of shapes) {
                it(`${type} ${JSON.stringify(shape)}`, async () => {
                    const props = { value: shape, ...(shape && typeof shape === "object" && !Array.isArray(shape) ? shape : {}) };
                    await violationsOf(readOnlyRootFilesystem, type, props as Record<string, unknown>);
                    await remediationOf(readOnlyRootFilesystem, type, props as Record<string, unknown>);
                });
            }
        }
    });
});
