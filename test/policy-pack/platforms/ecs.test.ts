// AWS ECS task definitions (issue 14): @pulumi/aws's JSON-string containerDefinitions and
// aws-native's list, judged by every policy; remediation writes into the JSON string in place.
import * as assert from "assert";
import { judgeResource } from "../../../policy-pack/checks";
import { readOnlyRootFilesystem } from "../../../policy-pack/policies/read-only-root-filesystem";
import { awsNativeTaskDefinitionType, awsTaskDefinitionType } from "../../../policy-pack/platforms/ecs/workload";
import { editDefinitionsText } from "../../../policy-pack/platforms/ecs/encoding";
import { remediationOf, secretOnTheWire, unknownOnTheWire, violationsOf } from "../../helpers/policyArgs";
import { usePack } from "../../helpers/packSuite";

const image = `nginx:1.27@sha256:${"a".repeat(64)}`;

function container(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { name: "app", image, essential: true, readonlyRootFilesystem: true, ...extra };
}

/** The two shapes of one task definition: the JSON string of @pulumi/aws and the list of aws-native. */
function shapes(definitions: unknown[], extra: Record<string, unknown> = {}): Array<[string, string, Record<string, unknown>]> {
    return [
        [
            "@pulumi/aws (JSON string)",
            awsTaskDefinitionType,
            { family: "web", containerDefinitions: JSON.stringify(definitions, null, 2), ...extra },
        ],
        ["aws-native (list)", awsNativeTaskDefinitionType, { family: "web", containerDefinitions: definitions, ...extra }],
    ];
}

function judged(type: string, props: Record<string, unknown>, config = {}): string[] {
    return judgeResource(type, props, "web", config).map((j) => `${j.policy}:${j.level}:${j.container ?? ""}`);
}

describe("AWS ECS task definitions", () => {
    describe("read-only-root-filesystem per container, each shape", () => {
        for (const [value, expected] of [
            [undefined, ["read-only-root-filesystem:mandatory:sidecar"]],
            [false, ["read-only-root-filesystem:mandatory:sidecar"]],
            ["true", ["read-only-root-filesystem:mandatory:sidecar"]],
            [true, []],
        ] as const) {
            for (const [shape, type, props] of shapes([container(), container({ name: "sidecar", readonlyRootFilesystem: value })])) {
                it(`${shape}: the second container's readonlyRootFilesystem ${JSON.stringify(value)}`, () => {
                    assert.deepStrictEqual(judged(type, props), expected);
                });
            }
        }

        it("the message names the container and the path inside the definitions", () => {
            const [[, type, props]] = shapes([container({ readonlyRootFilesystem: undefined })]);
            const [finding] = judgeResource(type, props, "web");
            assert.match(
                finding.message,
                /^ECS task definition "web" container "app" has a writable root filesystem: readonlyRootFilesystem is unset \(containerDefinitions\[0\]\.readonlyRootFilesystem\)\. Set containerDefinitions\[0\]\.readonlyRootFilesystem to true, and give each path .*Fargate, which has no tmpfs\)\.$/,
            );
        });
    });

    describe("what is not known, and what cannot be read", () => {
        it("containerDefinitions unknown in a preview: no mandatory finding from an unknown", async () => {
            const found = await violationsOf(readOnlyRootFilesystem, awsTaskDefinitionType, {
                family: "web",
                containerDefinitions: unknownOnTheWire,
            });
            assert.deepStrictEqual(found, []);
        });

        it("outside a preview the placeholder text is JSON that does not parse: it cannot be judged", async () => {
            const found = await violationsOf(
                readOnlyRootFilesystem,
                awsTaskDefinitionType,
                { family: "web", containerDefinitions: unknownOnTheWire },
                {},
                "web",
                { preview: false },
            );
            assert.strictEqual(found.length, 1);
            assert.match(found[0], /cannot be judged: containerDefinitions is "04da6b54/);
        });

        it("a JSON string that is not a list of definitions cannot be judged", () => {
            for (const text of ["{", '{"name":"app"}', "42"]) {
                assert.deepStrictEqual(
                    judged(awsTaskDefinitionType, { family: "web", containerDefinitions: text }),
                    ["read-only-root-filesystem:mandatory:"],
                    text,
                );
            }
        });

        it("a secret JSON string is judged on its content", async () => {
            const text = JSON.stringify([container({ readonlyRootFilesystem: false })]);
            const found = await violationsOf(readOnlyRootFilesystem, awsTaskDefinitionType, {
                family: "web",
                containerDefinitions: secretOnTheWire(text),
            });
            assert.strictEqual(found.length, 1);
        });

        it("Windows containers cannot be read-only: not applicable", () => {
            for (const [, type, props] of shapes([container({ readonlyRootFilesystem: undefined })], {
                runtimePlatform: { operatingSystemFamily: "WINDOWS_SERVER_2022_CORE" },
            })) {
                assert.deepStrictEqual(judged(type, props), []);
            }
        });
    });

    describe("the other policies", () => {
        it("privileged or SYS_ADMIN makes a read-only root writable again", () => {
            for (const extra of [{ privileged: true }, { linuxParameters: { capabilities: { add: ["SYS_ADMIN"] } } }]) {
                for (const [, type, props] of shapes([container(extra)])) {
                    assert.deepStrictEqual(judged(type, props), ["read-only-root-filesystem:mandatory:app"]);
                }
            }
        });

        it("a tmpfs without a size (EC2) is advisory; with a size it passes", () => {
            for (const [, type, props] of shapes([container({ linuxParameters: { tmpfs: [{ containerPath: "/tmp" }] } })])) {
                assert.deepStrictEqual(judged(type, props), ["writable-paths-in-memory:advisory:app"]);
                assert.match(
                    judgeResource(type, props, "web")[0].message,
                    /containerDefinitions\[0\]\.linuxParameters\.tmpfs\[0\]\.size is unset\. Set .* \(in MiB, e\.g\. 64\)/,
                );
            }
            for (const [, type, props] of shapes([container({ linuxParameters: { tmpfs: [{ containerPath: "/tmp", size: 64 }] } })])) {
                assert.deepStrictEqual(judged(type, props), []);
            }
        });

        const hostVolumes: Array<[string, Record<string, unknown>]> = [
            ["@pulumi/aws hostPath", { name: "logs", hostPath: "/var/log" }],
            ["ECS API host.sourcePath", { name: "logs", host: { sourcePath: "/var/log" } }],
            [
                "a local-driver Docker volume binding the host",
                {
                    name: "logs",
                    dockerVolumeConfiguration: { driver: "local", driverOpts: { type: "none", o: "bind", device: "/var/log" } },
                },
            ],
        ];
        for (const [what, volume] of hostVolumes) {
            it(`a writable mount of ${what} is mandatory; readOnly passes; volumesFrom takes it too`, () => {
                const mount = { sourceVolume: "logs", containerPath: "/logs" };
                for (const [, type, props] of shapes([container({ mountPoints: [mount] })], { volumes: [volume] })) {
                    assert.deepStrictEqual(judged(type, props), ["no-writable-host-mounts:mandatory:app"]);
                }
                for (const [, type, props] of shapes([container({ mountPoints: [{ ...mount, readOnly: true }] })], { volumes: [volume] })) {
                    assert.deepStrictEqual(judged(type, props), []);
                }
                const withFrom = [
                    container({ mountPoints: [{ ...mount, readOnly: true }] }),
                    container({ name: "copier", volumesFrom: [{ sourceContainer: "app" }] }),
                ];
                for (const [, type, props] of shapes(withFrom, { volumes: [volume] })) {
                    assert.deepStrictEqual(judged(type, props), [], "the source's own read-only mount stays read-only");
                }
                const writableSource = [
                    container({ mountPoints: [mount] }),
                    container({ name: "copier", volumesFrom: [{ sourceContainer: "app", readOnly: false }] }),
                ];
                for (const [, type, props] of shapes(writableSource, { volumes: [volume] })) {
                    assert.deepStrictEqual(judged(type, props), [
                        "no-writable-host-mounts:mandatory:app",
                        "no-writable-host-mounts:mandatory:copier",
                    ]);
                }
                const forcedReadOnly = [
                    container({ mountPoints: [mount] }),
                    container({ name: "copier", volumesFrom: [{ sourceContainer: "app", readOnly: true }] }),
                ];
                for (const [, type, props] of shapes(forcedReadOnly, { volumes: [volume] })) {
                    assert.deepStrictEqual(
                        judged(type, props),
                        ["no-writable-host-mounts:mandatory:app"],
                        "volumesFrom readOnly: true makes the copy read-only",
                    );
                }
                const readOnlyCopy = [
                    container({ mountPoints: [{ ...mount, readOnly: true }] }),
                    container({ name: "copier", volumesFrom: [{ sourceContainer: "app", readOnly: true }] }),
                ];
                for (const [, type, props] of shapes(readOnlyCopy, { volumes: [volume] })) {
                    assert.deepStrictEqual(judged(type, props), []);
                }
            });
        }

        it("task storage and EFS are not host mounts", () => {
            for (const volume of [{ name: "logs" }, { name: "logs", efsVolumeConfiguration: { fileSystemId: "fs-1" } }]) {
                for (const [, type, props] of shapes([container({ mountPoints: [{ sourceVolume: "logs", containerPath: "/logs" }] })], {
                    volumes: [volume],
                })) {
                    assert.deepStrictEqual(judged(type, props), []);
                }
            }
        });

        it("an unpinned image is advisory", () => {
            for (const [, type, props] of shapes([container({ image: "nginx:latest" })])) {
                assert.deepStrictEqual(judged(type, props), ["pinned-image:advisory:app"]);
            }
        });

        it("the exemption marker is a tag (a map in @pulumi/aws, a key/value list in aws-native and the API)", () => {
            const writable = [container({ readonlyRootFilesystem: false })];
            const [classic, native] = shapes(writable);
            assert.deepStrictEqual(
                judged(classic[1], { ...classic[2], tags: { "immutable-workloads/exempt": "vendor image writes /opt" } }),
                [],
            );
            assert.deepStrictEqual(
                judged(native[1], { ...native[2], tags: [{ key: "immutable-workloads/exempt", value: "vendor image writes /opt" }] }),
                [],
            );
            assert.match(
                judgeResource(classic[1], { ...classic[2], tags: { "immutable-workloads/exempt": "" } }, "web")[0].message,
                /exempt tag is present but empty/,
            );
        });
    });

    describe("awsx (FargateService / FargateTaskDefinition / EC2Service)", () => {
        // awsx 2+ builds the task definition in its provider: what the pack sees is the
        // aws.ecs.TaskDefinition it registers, whose containerDefinitions are JSON.stringify of each
        // container's arguments spread, then portMappings, name, and a default awslogs logConfiguration
        // (awsx/ecs/containers.ts computeContainerDefinition), with requiresCompatibilities FARGATE and
        // networkMode awsvpc (fargateTaskDefinition.ts buildTaskDefinitionArgs).
        function awsxTaskDefinition(containerArgs: Record<string, unknown>): Record<string, unknown> {
            const definition = {
                ...containerArgs,
                portMappings: [{ containerPort: 80, hostPort: 80 }],
                name: "app",
                logConfiguration: {
                    logDriver: "awslogs",
                    options: { "awslogs-group": "web-1d2c3b4", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "app" },
                },
            };
            return {
                family: "web-0f3e9a1c",
                requiresCompatibilities: ["FARGATE"],
                networkMode: "awsvpc",
                cpu: "256",
                memory: "512",
                containerDefinitions: JSON.stringify([definition]),
            };
        }

        it("awsx adds no readonlyRootFilesystem: a container without it is mandatory", () => {
            assert.deepStrictEqual(judged(awsTaskDefinitionType, awsxTaskDefinition({ image, cpu: 256, memory: 512, essential: true })), [
                "read-only-root-filesystem:mandatory:app",
            ]);
        });

        it("readonlyRootFilesystem in awsx's container arguments passes", () => {
            assert.deepStrictEqual(
                judged(awsTaskDefinitionType, awsxTaskDefinition({ image, essential: true, readonlyRootFilesystem: true })),
                [],
            );
        });
    });

    describe("remediation", () => {
        it("writes readonlyRootFilesystem into the JSON string and leaves every other byte as it was", async () => {
            const text =
                '[\n  {"name": "app",  "image": "nginx:1.27", "environment": [{"name":"A","value":"1"}]},\n  {"name":"ok","readonlyRootFilesystem": true}\n]';
            const fixed = await remediationOf(readOnlyRootFilesystem, awsTaskDefinitionType, {
                family: "web",
                containerDefinitions: text,
                cpu: "256",
            });
            assert.ok(fixed);
            assert.strictEqual(
                fixed.containerDefinitions,
                '[\n  {"readonlyRootFilesystem":true,"name": "app",  "image": "nginx:1.27", "environment": [{"name":"A","value":"1"}]},\n  {"name":"ok","readonlyRootFilesystem": true}\n]',
            );
            assert.strictEqual(fixed.cpu, "256");
            assert.deepStrictEqual(JSON.parse(fixed.containerDefinitions as string)[0].readonlyRootFilesystem, true);
        });

        it("replaces an explicit false in place when asked to", async () => {
            const text = '[{"name":"app","readonlyRootFilesystem": false ,"image":"x"}]';
            const fixed = await remediationOf(
                readOnlyRootFilesystem,
                awsTaskDefinitionType,
                { containerDefinitions: text },
                { remediateExplicitFalse: true },
            );
            assert.strictEqual(fixed?.containerDefinitions, '[{"name":"app","readonlyRootFilesystem": true ,"image":"x"}]');
        });

        it("a secret JSON string stays secret", async () => {
            const text = JSON.stringify([{ name: "app", image: "x", secrets: [] }]);
            const fixed = await remediationOf(readOnlyRootFilesystem, awsTaskDefinitionType, {
                containerDefinitions: secretOnTheWire(text),
            });
            assert.deepStrictEqual(
                fixed?.containerDefinitions,
                secretOnTheWire('[{"readonlyRootFilesystem":true,"name":"app","image":"x","secrets":[]}]'),
            );
        });

        it("aws-native's list is remediated as a list", async () => {
            const fixed = await remediationOf(readOnlyRootFilesystem, awsNativeTaskDefinitionType, {
                containerDefinitions: [{ name: "app", image: "x" }],
            });
            assert.deepStrictEqual(fixed?.containerDefinitions, [{ name: "app", image: "x", readonlyRootFilesystem: true }]);
        });

        it("editDefinitionsText: an empty object gets the key without a comma", () => {
            assert.strictEqual(
                editDefinitionsText("[{}]", new Map([[0, new Map([["readonlyRootFilesystem", true]])]])),
                '[{"readonlyRootFilesystem":true}]',
            );
        });
    });

    describe("over gRPC, as the engine runs the pack", function () {
        this.timeout(120_000);
        const pack = usePack();
        const writable = JSON.stringify([{ name: "app", image }]);

        it("Analyze: a writable container of either shape is mandatory; an unknown string in a preview draws nothing mandatory", async () => {
            for (const [, type, props] of shapes([{ name: "app", image }])) {
                const diags = await pack.analyze({ type, name: "web", props });
                assert.deepStrictEqual(
                    diags.map((d) => `${d.policyName}:${d.enforcementLevel}`),
                    ["read-only-root-filesystem:mandatory"],
                );
            }
            const unknown = await pack.analyze({
                type: awsTaskDefinitionType,
                name: "web",
                props: { family: "web", containerDefinitions: unknownOnTheWire },
            });
            assert.deepStrictEqual(
                unknown.filter((d) => d.enforcementLevel === "mandatory"),
                [],
            );
        });

        it("Remediate: the JSON string comes back with the field set", async () => {
            await pack.configure({ "read-only-root-filesystem": "remediate" });
            const results = await pack.remediate({
                type: awsTaskDefinitionType,
                name: "web",
                props: { family: "web", containerDefinitions: writable },
            });
            const mine = results.filter((r) => r.policyName === "read-only-root-filesystem");
            assert.strictEqual(mine.length, 1);
            assert.strictEqual(
                (mine[0].properties as Record<string, unknown>).containerDefinitions,
                `[{"readonlyRootFilesystem":true,"name":"app","image":"${image}"}]`,
            );
            await pack.configure({});
        });
    });
});
