// immutable-check on Pulumi's records (issue 18): `pulumi stack export`, local checkpoints and
// `pulumi preview --json`, read as the engine reads them and judged as the pack judges them in
// `pulumi up`. Hand-made exports: secrets, unknowns, what the engine analyses and what it does not.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { unknownValue } from "../../policy-pack/workloads";
import { computedPlaceholder, pulumiDocumentKind, pulumiSignatures, readPulumiText, urnParts } from "../../cli/pulumiState";
import { checkPulumiInput, withStandIn } from "../../cli/stateCheck";
import { runCli } from "./run";

const fixtures = path.join(__dirname, "..", "fixtures", "state");
const sig = pulumiSignatures.key;
const cipher = (text = "v1:AAAA:BBBB") => ({ [sig]: pulumiSignatures.secret, ciphertext: text });
const plain = (value: unknown) => ({ [sig]: pulumiSignatures.secret, plaintext: JSON.stringify(value) });
const digest = "@sha256:" + "0".repeat(63) + "9";

type Json = Record<string, unknown>;

function urn(type: string, name: string, stack = "dev", project = "shop"): string {
    return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

/** A Deployment resource record whose only container is `container`, with `outputs` defaulting to the inputs. */
function deployment(name: string, container: Json, extra: Json = {}, podSpec: Json = {}): Json {
    const inputs = {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name, namespace: "default" },
        spec: {
            template: {
                spec: { containers: [{ name: "app", image: `registry.example.com/${name}:1${digest}`, ...container }], ...podSpec },
            },
        },
    };
    return {
        urn: urn("kubernetes:apps/v1:Deployment", name),
        custom: true,
        type: "kubernetes:apps/v1:Deployment",
        id: `default/${name}`,
        inputs,
        outputs: inputs,
        ...extra,
    };
}

const readOnly = { securityContext: { readOnlyRootFilesystem: true } };
const root = { urn: urn("pulumi:pulumi:Stack", "shop-dev"), custom: false, type: "pulumi:pulumi:Stack" };

function exportOf(resources: Json[]): string {
    return JSON.stringify(
        {
            version: 3,
            deployment: { manifest: { time: "2026-11-30T00:00:00Z", magic: "", version: "v3.274.1" }, resources: [root, ...resources] },
        },
        null,
        4,
    );
}

function judge(resources: Json[], config = {}) {
    const checked = checkPulumiInput("dev.json", exportOf(resources), config);
    assert.ok(checked, "read as a Pulumi export");
    return checked;
}

/** `[name, container, policies]` of a verdict list. */
const verdicts = (list: ReadonlyArray<{ name: string; container?: string; policies: readonly string[] }>) =>
    list.map((c) => [c.name, c.container ?? "*", c.policies.join(",")]);

describe("immutable-check: Pulumi state and previews", () => {
    describe("detection by content", () => {
        const cases: Array<[string, unknown, string | undefined]> = [
            ["pulumi stack export", { version: 3, deployment: { resources: [] } }, "stack export"],
            ["an export of a stack with no resource", { version: 3, deployment: { manifest: {} } }, "stack export"],
            ["a local backend's checkpoint", { version: 3, checkpoint: { stack: "o/p/s", latest: { resources: [] } } }, "checkpoint"],
            [
                "pulumi preview --json",
                { steps: [{ op: "same", urn: urn("pulumi:pulumi:Stack", "s") }], changeSummary: { same: 1 } },
                "preview",
            ],
            ["a preview with nothing to do", { changeSummary: {}, duration: 1 }, "preview"],
            ["a Kubernetes object in JSON", { apiVersion: "v1", kind: "List", items: [] }, undefined],
            ["a Compose file in JSON", { services: { web: { image: "nginx" } } }, undefined],
            ["an object with steps that are not Pulumi's", { steps: [{ name: "build" }] }, undefined],
            ["a list", [], undefined],
        ];
        for (const [title, value, kind] of cases) {
            it(`${title}: ${kind ?? "not a Pulumi record"}`, () => {
                assert.strictEqual(pulumiDocumentKind(value), kind);
            });
        }

        it("a Kubernetes manifest written in JSON is still checked as a manifest", async () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "state-"));
            const file = path.join(dir, "pod.json");
            fs.writeFileSync(
                file,
                JSON.stringify({
                    apiVersion: "v1",
                    kind: "Pod",
                    metadata: { name: "p" },
                    spec: { containers: [{ name: "c", image: "nginx" }] },
                }),
            );
            const r = await runCli(["--format", "json", file]);
            const report = JSON.parse(r.stdout);
            assert.strictEqual(report.stacks, undefined);
            assert.ok(
                report.findings.some(
                    (f: { source: string; policy: string }) => f.source === "kubernetes" && f.policy === "read-only-root-filesystem",
                ),
            );
        });
    });

    describe("a document that is a Pulumi record and also a file other tools deploy", () => {
        // What kubectl, docker compose or ECS apply ignores the Pulumi keys beside it: judged as an
        // empty stack, the writable container in it passed (exit 0). Now the run fails, naming both.
        const writablePod = {
            apiVersion: "v1",
            kind: "Pod",
            metadata: { name: "p" },
            spec: { containers: [{ name: "c", image: `nginx${digest}` }] },
        };
        const cases: Array<[string, Json, RegExp]> = [
            [
                "a Kubernetes Pod with an export's keys",
                { ...writablePod, version: 3, deployment: { resources: [] } },
                /a Pulumi stack export and also a Kubernetes object \(v1 Pod\)/,
            ],
            [
                "a List with a preview's keys",
                { apiVersion: "v1", kind: "List", items: [writablePod], steps: [], changeSummary: {}, duration: 1 },
                /a Pulumi preview and also a Kubernetes object \(v1 List\)/,
            ],
            [
                "a Compose file with a checkpoint's keys",
                { services: { web: { image: `nginx${digest}` } }, version: 3, checkpoint: { stack: "dev", latest: {} } },
                /a Pulumi checkpoint and also a Compose file/,
            ],
            [
                "an ECS task definition with an export's keys",
                { family: "web", containerDefinitions: [{ name: "app", image: `nginx${digest}` }], version: 3, deployment: {} },
                /a Pulumi stack export and also an ECS task definition/,
            ],
        ];
        for (const [title, doc, message] of cases) {
            it(`${title}: an error (exit 2), not an empty stack that passes`, async () => {
                const r = await runCli(["--format", "json", "-"], JSON.stringify(doc));
                assert.strictEqual(r.code, 2, r.stdout + r.stderr);
                const report = JSON.parse(r.stdout) as { errors: Array<{ message: string }> };
                assert.ok(
                    report.errors.some((e) => message.test(e.message)),
                    JSON.stringify(report.errors),
                );
            });
        }

        it("without the Pulumi keys, the same Pod is judged as the manifest it is", async () => {
            const r = await runCli(["--format", "json", "-"], JSON.stringify(writablePod));
            assert.strictEqual(r.code, 1, r.stdout + r.stderr);
        });
    });

    describe("URNs, as the engine splits them", () => {
        it("stack, project, qualified type and name (a name may hold ::)", () => {
            assert.deepStrictEqual(urnParts("urn:pulumi:dev::shop::a:b:C$kubernetes:apps/v1:Deployment::web::blue"), {
                stack: "dev",
                project: "shop",
                qualifiedType: "a:b:C$kubernetes:apps/v1:Deployment",
                name: "web::blue",
            });
            assert.strictEqual(urnParts("urn:pulumi:dev::shop"), undefined);
            assert.strictEqual(urnParts("arn:aws:s3:::bucket"), undefined);
        });
    });

    describe("values, decoded as pkg/resource/stack decodes them and filtered as the engine sends them", () => {
        function decoded(value: unknown, preview = false): { value: unknown; secrets: number; computed: number } {
            const record = { urn: urn("test:index:Thing", "t"), custom: true, type: "test:index:Thing", inputs: { v: value } };
            const text = preview
                ? JSON.stringify({ steps: [{ op: "create", urn: record.urn, newState: record }], changeSummary: { create: 1 } })
                : JSON.stringify({ version: 3, deployment: { resources: [record] } });
            const stack = readPulumiText(text)!;
            const r = stack.resources[0];
            return { value: r.inputs!.v, ...r.unknownInputs };
        }
        const cases: Array<[string, unknown, boolean, unknown, number, number]> = [
            ["the computed placeholder is unknown", computedPlaceholder, false, unknownValue, 0, 1],
            ["a secret with ciphertext is unknown", cipher(), false, unknownValue, 1, 0],
            ["a secret with plaintext (--show-secrets) is its value", plain({ readOnly: false }), false, { readOnly: false }, 0, 0],
            ["a secret's plaintext is decoded in turn", plain([computedPlaceholder]), false, [unknownValue], 0, 1],
            ["[secret] in a preview is a secret the CLI blinded: unknown", "[secret]", true, unknownValue, 1, 0],
            ["[secret] in an export is the text it is", "[secret]", false, "[secret]", 0, 0],
            [
                "internal keys are dropped at every depth",
                { a: { __inputs: 1, b: [{ __x: 2, c: 3 }] }, __d: 4 },
                false,
                { a: { b: [{ c: 3 }] } },
                0,
                0,
            ],
            [
                "a resource reference becomes its ID",
                { [sig]: pulumiSignatures.resourceReference, urn: "urn:pulumi:dev::shop::t:i:T::x", id: "id-1" },
                false,
                "id-1",
                0,
                0,
            ],
            [
                "a reference to a component becomes its URN",
                { [sig]: pulumiSignatures.resourceReference, urn: "urn:pulumi:dev::shop::t:i:T::x" },
                false,
                "urn:pulumi:dev::shop::t:i:T::x",
                0,
                0,
            ],
            [
                "a reference with an unknown ID is unknown",
                { [sig]: pulumiSignatures.resourceReference, urn: "urn:pulumi:dev::shop::t:i:T::x", id: "" },
                false,
                unknownValue,
                0,
                1,
            ],
            [
                "a byte string is its bytes",
                { [sig]: pulumiSignatures.byteString, value: Buffer.from("ok").toString("base64") },
                false,
                "ok",
                0,
                0,
            ],
            ["a float is its IEEE 754 bits", { [sig]: pulumiSignatures.float, value: "3ff8000000000000" }, false, 1.5, 0, 0],
        ];
        for (const [title, value, preview, expected, secrets, computed] of cases) {
            it(title, () => {
                const got = decoded(value, preview);
                assert.deepStrictEqual(got.value, expected);
                assert.deepStrictEqual([got.secrets, got.computed], [secrets, computed]);
            });
        }
        it("stand-ins replace every unknown in a copy", () => {
            const value = { a: unknownValue, b: [unknownValue, 1], c: { d: unknownValue } };
            assert.deepStrictEqual(withStandIn(value, true), { a: true, b: [true, 1], c: { d: true } });
            assert.deepStrictEqual(withStandIn(value, "ALL"), { a: "ALL", b: ["ALL", 1], c: { d: "ALL" } });
            assert.deepStrictEqual(
                value,
                { a: unknownValue, b: [unknownValue, 1], c: { d: unknownValue } },
                "the original is left as it was",
            );
            const shared = { known: { deep: [1, 2] }, secret: unknownValue };
            const replaced = withStandIn(shared, false) as typeof shared;
            assert.deepStrictEqual(replaced, { known: { deep: [1, 2] }, secret: false });
            assert.notStrictEqual(replaced, shared);
            assert.strictEqual(replaced.known, shared.known, "what holds no unknown is shared, not copied");
        });
    });

    describe("judged as the pack judges them in pulumi up", () => {
        it("a writable container fails, named by stack, URN, container and policy; a read-only one passes", () => {
            const { findings, audit, errors } = judge([deployment("legacy", {}), deployment("api", readOnly)]);
            assert.deepStrictEqual(errors, []);
            const mandatory = findings.filter((f) => f.level === "mandatory");
            assert.deepStrictEqual(
                mandatory.map((f) => [f.stack, f.urn, f.container, f.policy, f.source, f.kind, f.name]),
                [
                    [
                        "shop/dev",
                        urn("kubernetes:apps/v1:Deployment", "legacy"),
                        "app",
                        "read-only-root-filesystem",
                        "pulumi",
                        "Deployment",
                        "legacy",
                    ],
                ],
            );
            assert.deepStrictEqual(verdicts(audit.failing), [["legacy", "app", "read-only-root-filesystem"]]);
            assert.deepStrictEqual(audit.unknown, []);
            assert.strictEqual(audit.containers, 2);
            assert.strictEqual(audit.workloads, 2);
            assert.strictEqual(audit.stack, "shop/dev");
        });

        it("an encrypted secret where the verdict lies is unknown: neither a pass nor a failure", () => {
            const { findings, audit } = judge([deployment("report", { securityContext: { readOnlyRootFilesystem: cipher() } })]);
            assert.deepStrictEqual(
                findings.filter((f) => f.level === "mandatory"),
                [],
            );
            assert.deepStrictEqual(audit.failing, []);
            assert.deepStrictEqual(verdicts(audit.unknown), [["report", "app", "read-only-root-filesystem"]]);
            assert.deepStrictEqual(audit.unknown[0].unknowns, { secrets: 1, computed: 0 });
        });

        it("an encrypted secret the verdict does not depend on changes nothing: the container passes", () => {
            const { audit } = judge([deployment("api", { ...readOnly, env: [{ name: "TOKEN", value: cipher() }] })]);
            assert.deepStrictEqual([audit.failing, audit.unknown], [[], []]);
        });

        it("a whole container list kept secret (what the SDK records when a secret is in it): the resource is unknown", () => {
            const resource = deployment("api", readOnly);
            ((resource.inputs as Json).spec as { template: { spec: Json } }).template.spec.containers = cipher();
            const { audit } = judge([{ ...resource, outputs: {} }]);
            assert.deepStrictEqual(audit.failing, []);
            assert.deepStrictEqual(verdicts(audit.unknown), [["api", "*", "read-only-root-filesystem"]]);
        });

        it("a secret that could grant a remount (privileged) makes a read-only container unknown", () => {
            const { audit } = judge([deployment("api", { securityContext: { readOnlyRootFilesystem: true, privileged: cipher() } })]);
            assert.deepStrictEqual(audit.failing, []);
            assert.deepStrictEqual(verdicts(audit.unknown), [["api", "app", "read-only-root-filesystem"]]);
        });

        it("a value Pulumi recorded as unknown is unknown; --show-secrets plaintext is judged as the value", () => {
            const { audit } = judge([
                deployment("later", { securityContext: { readOnlyRootFilesystem: computedPlaceholder } }),
                deployment("shown-false", { securityContext: { readOnlyRootFilesystem: plain(false) } }),
                deployment("shown-true", { securityContext: { readOnlyRootFilesystem: plain(true) } }),
            ]);
            assert.deepStrictEqual(verdicts(audit.failing), [["shown-false", "app", "read-only-root-filesystem"]]);
            assert.deepStrictEqual(verdicts(audit.unknown), [["later", "app", "read-only-root-filesystem"]]);
            assert.deepStrictEqual(audit.unknown[0].unknowns, { secrets: 0, computed: 1 });
        });

        it("an unknown exemption annotation exempts nothing, as in the pack", () => {
            const resource = deployment("legacy", {});
            ((resource.inputs as Json).metadata as Json).annotations = { "immutable-workloads/exempt": cipher() };
            const { audit } = judge([resource]);
            assert.deepStrictEqual(verdicts(audit.failing), [["legacy", "app", "read-only-root-filesystem"]]);
        });

        it("what the engine never analyses: a resource read with get (external) and one pending deletion", () => {
            // Both are writable, and their inputs say so: only the flags keep them from Analyze.
            const { findings, audit } = judge([deployment("read", {}, { external: true }), deployment("going", {}, { delete: true })]);
            assert.deepStrictEqual(findings, []);
            assert.deepStrictEqual([audit.failing, audit.unknown, audit.resources], [[], [], 2]);
        });

        it("components are judged on the inputs the engine sends, like every resource: the pack finds no container in them", () => {
            const component = {
                urn: urn("immutable-workloads:index:ImmutableService", "web"),
                custom: false,
                type: "immutable-workloads:index:ImmutableService",
                inputs: { platform: "kubernetes", image: "nginx", writablePaths: ["/tmp"] },
                outputs: {},
            };
            const { findings, audit } = judge([component]);
            assert.deepStrictEqual([findings, audit.workloads, audit.containers], [[], 0, 0]);
        });

        it("stack policies judge the outputs (what AnalyzeStack is sent), not the inputs", () => {
            const consumer = deployment("api", { ...readOnly, envFrom: [{ configMapRef: { name: "settings" } }] });
            const configMap = (inputs: boolean, outputs: boolean) => ({
                urn: urn("kubernetes:core/v1:ConfigMap", "settings"),
                custom: true,
                type: "kubernetes:core/v1:ConfigMap",
                inputs: {
                    apiVersion: "v1",
                    kind: "ConfigMap",
                    metadata: { name: "settings", namespace: "default" },
                    data: { a: "b" },
                    immutable: inputs,
                },
                outputs: {
                    apiVersion: "v1",
                    kind: "ConfigMap",
                    metadata: { name: "settings", namespace: "default" },
                    data: { a: "b" },
                    immutable: outputs,
                },
            });
            const mutableOutputs = judge([consumer, configMap(true, false)]).findings.filter((f) => f.policy === "immutable-configuration");
            assert.deepStrictEqual(
                mutableOutputs.map((f) => [f.urn, f.level]),
                [[urn("kubernetes:core/v1:ConfigMap", "settings"), "advisory"]],
            );
            assert.deepStrictEqual(
                judge([consumer, configMap(false, true)]).findings.filter((f) => f.policy === "immutable-configuration"),
                [],
            );
        });

        it("the pack's config applies: a policy at advisory fails nothing, and nothing is unknown for it", () => {
            const { findings, audit } = judge(
                [deployment("legacy", {}), deployment("report", { securityContext: { readOnlyRootFilesystem: cipher() } })],
                {
                    "read-only-root-filesystem": "advisory",
                },
            );
            assert.deepStrictEqual(
                findings.map((f) => [f.name, f.level, f.policy]),
                [["legacy", "advisory", "read-only-root-filesystem"]],
            );
            assert.deepStrictEqual([audit.failing, audit.unknown], [[], []]);
        });
    });

    describe("documents the engine would not load, or that cannot stand for the stack", () => {
        const cases: Array<[string, Json[], RegExp]> = [
            ["a duplicate URN", [deployment("a", readOnly), deployment("a", readOnly)], /appears twice/],
            [
                "resources of two stacks in one file",
                [deployment("a", readOnly), { ...deployment("b", readOnly), urn: urn("kubernetes:apps/v1:Deployment", "b", "prod") }],
                /one file holds one stack/,
            ],
            ["a malformed URN", [{ ...deployment("a", readOnly), urn: "not-a-urn" }], /not a Pulumi URN/],
            [
                "a secret with neither ciphertext nor plaintext",
                [deployment("a", { securityContext: { readOnlyRootFilesystem: { [sig]: pulumiSignatures.secret } } })],
                /neither ciphertext nor plaintext/,
            ],
        ];
        for (const [title, resources, message] of cases) {
            it(`${title}: an input error (exit 2) naming it`, async () => {
                const dir = fs.mkdtempSync(path.join(os.tmpdir(), "state-"));
                const file = path.join(dir, "dev.json");
                fs.writeFileSync(file, exportOf(resources));
                const r = await runCli([file]);
                assert.strictEqual(r.code, 2, r.stdout);
                assert.match(r.stderr, message);
            });
        }
    });

    describe("pulumi preview --json", () => {
        const file = path.join(fixtures, "shop-dev.preview.json");

        it("judges each step's new state: creates and updates on their inputs, deletes not at all, [secret] as unknown", async () => {
            const r = await runCli(["--format", "json", file]);
            assert.strictEqual(r.code, 1, r.stderr);
            const report = JSON.parse(r.stdout);
            assert.deepStrictEqual(report.errors, []);
            assert.deepStrictEqual(
                report.findings.map((f: { name: string; container: string; policy: string; level: string }) => [
                    f.name,
                    f.container,
                    f.policy,
                    f.level,
                ]),
                [["worker", "worker", "read-only-root-filesystem", "mandatory"]],
            );
            assert.deepStrictEqual(verdicts(report.stacks[0].unknown), [["api", "api", "read-only-root-filesystem"]]);
            assert.strictEqual(report.stacks[0].kind, "preview");
            assert.strictEqual(report.stacks[0].resources, 4, "the deleted Deployment is not part of the stack");
        });

        it("an unchanged resource's stack view is its old outputs", () => {
            const stack = readPulumiText(fs.readFileSync(file, "utf8"))!;
            const settings = stack.resources.find((r) => r.name === "settings")!;
            assert.deepStrictEqual(settings.outputs.immutable, true);
            const worker = stack.resources.find((r) => r.name === "worker")!;
            assert.deepStrictEqual(worker.outputs, worker.inputs, "a create's outputs are not known in a preview: its inputs stand in");
        });

        it("with --show-replacement-steps, a replaced resource's steps make one resource, judged once", () => {
            const replaced = deployment("web", {});
            const state = { urn: replaced.urn, custom: true, type: replaced.type, inputs: replaced.inputs };
            const text = JSON.stringify({
                steps: [
                    { op: "create-replacement", urn: replaced.urn, oldState: state, newState: state },
                    { op: "replace", urn: replaced.urn, oldState: state, newState: JSON.parse(JSON.stringify(state)) },
                    { op: "delete-replaced", urn: replaced.urn, oldState: state },
                ],
                changeSummary: { replace: 1 },
            });
            const checked = checkPulumiInput("preview.json", text)!;
            assert.deepStrictEqual(checked.errors, []);
            assert.strictEqual(checked.audit.resources, 1);
            assert.deepStrictEqual(verdicts(checked.audit.failing), [["web", "app", "read-only-root-filesystem"]]);
            assert.strictEqual(checked.findings.filter((f) => f.level === "mandatory").length, 1);
        });

        it("a preview that leaves out unchanged resources is refused, naming --show-sames", async () => {
            const preview = JSON.parse(fs.readFileSync(file, "utf8"));
            preview.steps = preview.steps.filter((s: { op: string }) => s.op !== "same");
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "state-"));
            const partial = path.join(dir, "partial.json");
            fs.writeFileSync(partial, JSON.stringify(preview));
            const r = await runCli([partial]);
            assert.strictEqual(r.code, 2);
            assert.match(r.stderr, /leaves out 2 unchanged resources .*--show-sames/);
        });
    });

    describe("many stacks at once: the organisation's summary", () => {
        const files = ["billing.checkpoint.json", "shop-dev.export.json", "shop-prod.export.json"].map((f) => path.join(fixtures, f));

        it("JSON: per stack and per policy, containers failing mandatory and unknown, the list, and the totals", async () => {
            const r = await runCli(["--format", "json", ...files]);
            assert.strictEqual(r.code, 1, r.stderr);
            const report = JSON.parse(r.stdout);
            assert.deepStrictEqual(report.errors, []);
            const stacks = report.stacks.map(
                (s: {
                    stack: string;
                    kind: string;
                    containers: number;
                    failingContainers: number;
                    unknownContainers: number;
                    byPolicy: object;
                }) => [s.stack, s.kind, s.containers, s.failingContainers, s.unknownContainers, s.byPolicy],
            );
            assert.deepStrictEqual(stacks, [
                ["billing/staging", "checkpoint", 1, 0, 1, {}],
                ["shop/dev", "stack export", 3, 1, 1, { "read-only-root-filesystem": 1 }],
                ["shop/prod", "stack export", 3, 2, 0, { "read-only-root-filesystem": 2, "no-writable-host-mounts": 1 }],
            ]);
            assert.deepStrictEqual(report.organisation, {
                stacks: 3,
                failingStacks: 2,
                containers: 7,
                failing: 3,
                unknown: 2,
                byPolicy: { "read-only-root-filesystem": 3, "no-writable-host-mounts": 1 },
            });
            assert.deepStrictEqual(verdicts(report.stacks[2].failing), [
                ["api", "log-shipper", "read-only-root-filesystem"],
                ["cache", "cache", "no-writable-host-mounts,read-only-root-filesystem"],
            ]);
        });

        it("text: a block per stack, the totals, then every failing and unknown container by stack, URN and container", async () => {
            const r = await runCli(files);
            assert.strictEqual(r.code, 1);
            assert.match(
                r.stdout,
                /shop\/prod \(.*shop-prod\.export\.json, stack export\): 3 containers in 2 workloads, 2 failing mandatory, 0 unknown/,
            );
            assert.match(r.stdout, /all 3 stacks: 3 of 7 containers failing mandatory in 2 stacks, 2 unknown/);
            assert.match(
                r.stdout,
                /shop\/prod {2}urn:pulumi:prod::shop::docker:index\/container:Container::cache {2}container "cache" {2}no-writable-host-mounts, read-only-root-filesystem/,
            );
            assert.match(
                r.stdout,
                /billing\/staging {2}urn:pulumi:staging::billing::kubernetes:core\/v1:Pod::invoicer {2}container "invoicer" {2}could fail read-only-root-filesystem; its resource holds 1 unknown value/,
            );
            assert.match(r.stdout, /shop\/dev .*CronJob::report {2}container "report" .*1 secret \(export with --show-secrets/);
            assert.match(r.stdout, /4 mandatory findings, 0 advisory findings, 2 containers unknown/);
            // Each finding names its file and the line of its resource.
            assert.match(
                r.stdout,
                /shop-dev\.export\.json:28:\d+ {2}mandatory {2}read-only-root-filesystem {2}stack shop\/dev, urn:pulumi:dev::shop::kubernetes:apps\/v1:Deployment::legacy, container "web"/,
            );
        });

        it("SARIF: one result per finding, at the resource's line, with the stack and URN", async () => {
            const r = await runCli(["--format", "sarif", ...files]);
            const log = JSON.parse(r.stdout);
            const results = log.runs[0].results as Array<{
                ruleId: string;
                level: string;
                locations: Array<{
                    physicalLocation: { region: { startLine: number } };
                    logicalLocations: Array<{ fullyQualifiedName: string }>;
                }>;
            }>;
            assert.strictEqual(results.length, 4);
            const legacy = results.find((x) => x.locations[0].logicalLocations[0].fullyQualifiedName.includes("Deployment::legacy"))!;
            assert.strictEqual(legacy.ruleId, "read-only-root-filesystem");
            assert.strictEqual(legacy.level, "error");
            assert.strictEqual(legacy.locations[0].physicalLocation.region.startLine, 28);
            assert.match(legacy.locations[0].logicalLocations[0].fullyQualifiedName, /^stack shop\/dev, urn:pulumi:dev::shop::/);
        });

        it("SARIF: two resources of one stack with one name (under different parents) get two fingerprints", async () => {
            const a = deployment("api", {});
            const b = { ...deployment("api", {}), urn: urn("team:index:Service$kubernetes:apps/v1:Deployment", "api") };
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "state-"));
            const file = path.join(dir, "dev.json");
            fs.writeFileSync(file, exportOf([a, b]));
            const log = JSON.parse((await runCli(["--format", "sarif", file])).stdout);
            const results = log.runs[0].results as Array<{
                partialFingerprints: Record<string, string>;
                properties: { urn: string; stack: string };
            }>;
            assert.deepStrictEqual(
                results.map((x) => [x.properties.stack, x.properties.urn]),
                [
                    ["shop/dev", a.urn],
                    ["shop/dev", b.urn],
                ],
            );
            assert.notStrictEqual(
                results[0].partialFingerprints["immutableCheckFinding/v1"],
                results[1].partialFingerprints["immutableCheckFinding/v1"],
            );
        });

        it("with the pack at advisory (policy-pack/config.advisory.json): every finding advisory, nothing unknown, exit 0", async () => {
            const r = await runCli([
                "--format",
                "json",
                "--config",
                path.join(__dirname, "..", "..", "policy-pack", "config.advisory.json"),
                ...files,
            ]);
            assert.strictEqual(r.code, 0, r.stderr);
            const report = JSON.parse(r.stdout);
            assert.ok(report.findings.length >= 4);
            assert.ok(report.findings.every((f: { level: string }) => f.level === "advisory"));
            assert.deepStrictEqual([report.organisation.failing, report.organisation.unknown], [0, 0]);
        });
    });
});
