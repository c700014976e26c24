// The names ImmutableService derives (from its own name, from paths, from secretEnv keys) are names
// the platform's API accepts, or the component refuses at construction.
//
// kubernetes-models validates against the OpenAPI schema, which has no name patterns (checked below),
// so the rules are written out here, independently of components/, from their sources:
//
//   k8s.io/apimachinery/pkg/util/validation/validation.go
//     IsDNS1123Label      at most 63  [a-z0-9]([-a-z0-9]*[a-z0-9])?
//     IsDNS1123Subdomain  at most 253 [a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*
//     IsDNS1035Label      at most 63  [a-z]([-a-z0-9]*[a-z0-9])?
//     IsValidLabelValue   at most 63  empty or (([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])
//     IsConfigMapKey      at most 253 [-._a-zA-Z0-9]+, not ".", "..", nor starting with ".."
//     IsRelaxedEnvVarName not empty, printable ASCII other than '=' (the default since Kubernetes 1.32)
//   k8s.io/kubernetes/pkg/apis/core/validation (and apps/validation): Service names are DNS-1035
//   labels (ValidateServiceName); Deployment, Secret and PersistentVolumeClaim names DNS-1123
//   subdomains; container and pod volume names DNS-1123 labels.
//   moby daemon/names RestrictedNamePattern: Docker container and volume names [a-zA-Z0-9][a-zA-Z0-9_.-]+
//   swarmkit manager/controlapi isValidDNSName: Swarm service names [a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*,
//   at most 63 characters.
//
// Pulumi names an object "<logical name>-<8 hex>" (pulumi-kubernetes; the Docker provider appends 7),
// which the mocks imitate.
import * as assert from "assert";
import fc from "fast-check";
import { ImmutableService, ImmutableServiceArgs, ImmutableServiceArgsError, Platform } from "../../components";
import { autoName, CapturedResource, captureResources, drain, registered, ResourceCapture } from "./mocks";

const { Deployment } = require("kubernetes-models/apps/v1/Deployment");
const { Service } = require("kubernetes-models/v1/Service");
const { PersistentVolumeClaim } = require("kubernetes-models/v1/PersistentVolumeClaim");
const { Secret } = require("kubernetes-models/v1/Secret");

const within =
    (max: number, pattern: RegExp) =>
    (s: unknown): boolean =>
        typeof s === "string" && s.length <= max && pattern.test(s);
const rules = {
    dns1123Label: within(63, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/),
    dns1123Subdomain: within(253, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/),
    dns1035Label: within(63, /^[a-z]([-a-z0-9]*[a-z0-9])?$/),
    labelValue: within(63, /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/),
    configMapKey: (s: unknown): boolean => within(253, /^[-._a-zA-Z0-9]+$/)(s) && s !== "." && !String(s).startsWith(".."),
    relaxedEnvVarName: (s: unknown): boolean => typeof s === "string" && /^[\x20-\x3c\x3e-\x7e]+$/.test(s),
    dockerName: (s: unknown): boolean => typeof s === "string" && /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(s),
    swarmServiceName: within(63, /^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$/),
};
type Rule = keyof typeof rules;

/** A name the platform would see, where it comes from, and the rule it must follow. */
interface DerivedName {
    readonly what: string;
    readonly value: unknown;
    readonly rule: Rule;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The name the provider gives an object: the one in its inputs, or Pulumi's auto-name. */
const kubernetesName = (r: CapturedResource): string => (r.inputs.metadata as Json | undefined)?.name ?? autoName(r.name);
const dockerName = (r: CapturedResource): string => (r.inputs.name as string | undefined) ?? autoName(r.name);

/** Every name in what was registered that the API will check, with its rule. */
function derivedNames(capture: ResourceCapture): DerivedName[] {
    const names: DerivedName[] = [];
    const add = (what: string, value: unknown, rule: Rule) => names.push({ what, value, rule });
    for (const r of capture.custom) {
        const inputs = r.inputs as Json;
        switch (r.type) {
            case "kubernetes:apps/v1:Deployment": {
                add("Deployment name", kubernetesName(r), "dns1123Subdomain");
                const template = inputs.spec.template;
                for (const value of Object.values(template.metadata.labels ?? {})) add("pod label value", value, "labelValue");
                for (const value of Object.values(inputs.spec.selector.matchLabels ?? {})) add("selector label value", value, "labelValue");
                for (const c of template.spec.containers) {
                    add("container name", c.name, "dns1123Label");
                    for (const e of c.env ?? []) {
                        add("env name", e.name, "relaxedEnvVarName");
                        if (e.valueFrom) add("secretKeyRef key", e.valueFrom.secretKeyRef.key, "configMapKey");
                    }
                }
                for (const v of template.spec.volumes ?? []) {
                    add("pod volume name", v.name, "dns1123Label");
                    if (v.persistentVolumeClaim) add("claimName", v.persistentVolumeClaim.claimName, "dns1123Subdomain");
                }
                break;
            }
            case "kubernetes:core/v1:Service":
                add("Service name", kubernetesName(r), "dns1035Label");
                break;
            case "kubernetes:core/v1:PersistentVolumeClaim":
                add("claim name", kubernetesName(r), "dns1123Subdomain");
                break;
            case "kubernetes:core/v1:Secret":
                add("Secret name", kubernetesName(r), "dns1123Subdomain");
                for (const key of Object.keys(inputs.stringData ?? {})) add("Secret key", key, "configMapKey");
                break;
            case "docker:index/container:Container":
                add("container name", dockerName(r), "dockerName");
                for (const v of inputs.volumes ?? []) add("container volumeName", v.volumeName, "dockerName");
                break;
            case "docker:index/volume:Volume":
                add("volume name", dockerName(r), "dockerName");
                break;
            case "docker:index/service:Service":
                add("Swarm service name", dockerName(r), "swarmServiceName");
                for (const m of inputs.taskSpec.containerSpec.mounts ?? []) {
                    if (m.type === "volume") add("mount source", m.source, "dockerName");
                }
                break;
            default:
                throw new Error(`unexpected resource ${r.type}`);
        }
    }
    return names;
}

function brokenNames(names: readonly DerivedName[]): string[] {
    return names.filter((n) => !rules[n.rule](n.value)).map((n) => `${n.what} ${JSON.stringify(n.value)} breaks ${n.rule}`);
}

async function build(name: string, args: ImmutableServiceArgs): Promise<ResourceCapture> {
    const capture = await captureResources();
    const component = new ImmutableService(name, args);
    await registered([
        component,
        component.deployment,
        component.service,
        component.envSecret,
        ...component.claims,
        component.container,
        component.swarmService,
        ...component.volumes,
    ]);
    return capture;
}

const image = "app:1";

describe("names ImmutableService derives", () => {
    it("kubernetes-models does not check name syntax, so the rules are written in this file", () => {
        // If this starts to throw, kubernetes-models has learnt the name rules: validate with it instead.
        new Service({ metadata: { name: "Not_A.Service-Name" }, spec: {} }).validate();
        new PersistentVolumeClaim({ metadata: { name: "UPPER" }, spec: {} }).validate();
        new Secret({ metadata: { name: "x" }, stringData: { "a b": "x" } }).validate();
    });

    it("the rules written here reject what the Kubernetes API rejects", () => {
        assert.ok(!rules.dns1035Label("1web") && !rules.dns1035Label("web.app") && !rules.dns1035Label("a".repeat(64)));
        assert.ok(!rules.dns1123Subdomain("Web-0a1b2c3d") && !rules.dns1123Subdomain("web_app-0a1b2c3d"));
        assert.ok(!rules.configMapKey("a b") && !rules.configMapKey("..x") && !rules.configMapKey("."));
        assert.ok(!rules.relaxedEnvVarName("A=B") && !rules.relaxedEnvVarName("") && !rules.relaxedEnvVarName("CAFÉ"));
        assert.ok(!rules.swarmServiceName("web.app-0a1b2c3d") && !rules.dockerName("web app-0a1b2c3d"));
        assert.ok(rules.dns1123Subdomain("web.app-0a1b2c3d") && rules.dns1035Label(`${"a".repeat(54)}-0a1b2c3d`));
    });

    it("the replica limit is the schema's: kubernetes-models rejects 2**31 and accepts 2**31 - 1", async () => {
        const capture = await build("big", { image, replicas: 2 ** 31 - 1 });
        const deployment = capture.one("kubernetes:apps/v1:Deployment").inputs;
        new Deployment(deployment).validate();
        const over = JSON.parse(JSON.stringify(deployment));
        over.spec.replicas = 2 ** 31;
        assert.throws(() => new Deployment(over).validate(), /int32/);
    });

    it("a persistent path with capitals gets a lowercase claim name, and the pod refers to that claim", async () => {
        const capture = await build("web", { image, persistentPaths: [{ path: "/data/Uploads", size: "1Gi" }] });
        const claim = capture.one("kubernetes:core/v1:PersistentVolumeClaim");
        assert.strictEqual(claim.name, "web-data-uploads");
        const volumes = (capture.one("kubernetes:apps/v1:Deployment").inputs as Json).spec.template.spec.volumes;
        assert.strictEqual(volumes[0].persistentVolumeClaim.claimName, autoName("web-data-uploads"));
        assert.deepStrictEqual(brokenNames(derivedNames(capture)), []);
    });

    it("Docker volume names keep the path's case, so existing volumes keep their URNs", async () => {
        const capture = await build("web", { image, platform: "docker", persistentPaths: [{ path: "/data/Uploads", size: "1g" }] });
        assert.strictEqual(capture.one("docker:index/volume:Volume").name, "web-data-Uploads");
        assert.deepStrictEqual(brokenNames(derivedNames(capture)), []);
    });

    describe("names each platform accepts give valid names", () => {
        const accepted: Array<[string, Platform, ImmutableServiceArgs]> = [
            ["web.app", "kubernetes", { image }], // the Deployment may have dots; there is no Service
            ["1web", "kubernetes", { image }],
            ["a".repeat(63), "kubernetes", { image, secretEnv: { K: "v" }, persistentPaths: [{ path: "/d", size: "1Gi" }] }],
            ["a".repeat(54), "kubernetes", { image, ports: [80] }],
            ["web-1", "kubernetes", { image, ports: [80], writablePaths: ["/Tmp/Cache.d"] }],
            ["Web", "docker", { image, persistentPaths: [{ path: "/Data", size: "1g" }] }],
            ["web_app.v2", "docker", { image }],
            ["Web_App", "swarm", { image, persistentPaths: [{ path: "/d", size: "1g" }] }],
            ["a".repeat(54), "swarm", { image }],
        ];
        for (const [name, platform, args] of accepted) {
            it(`${name.length > 20 ? `${name.slice(0, 8)}… (${name.length})` : name} on ${platform}`, async () => {
                const capture = await build(name, { ...args, platform });
                const names = derivedNames(capture);
                assert.ok(names.length > 0);
                assert.deepStrictEqual(brokenNames(names), []);
            });
        }
    });

    it("property: arbitrary names, paths and keys are refused naming the argument, or give only valid names", async function () {
        this.timeout(300_000);
        // Characters that make names interesting: both cases, digits, the separators the rules treat
        // differently, and a few that no rule allows.
        const nameChar = fc.constantFrom(..."abcxyzABZ019-_. /é");
        const text = (min: number, max: number) => fc.string({ unit: nameChar, minLength: min, maxLength: max });
        // Names: arbitrary ones (mostly refused), the issue's examples, and plausible ones that get built.
        const componentName = fc.oneof(
            text(0, 12),
            text(50, 70),
            fc.constantFrom("web", "Web", "web.app", "web_app", "1web", "a".repeat(54), "a".repeat(55), "a".repeat(63)),
            fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/),
        );
        const segment = fc.oneof(text(1, 10), fc.string({ unit: fc.constantFrom(..."abcXYZ09-_."), minLength: 60, maxLength: 130 }));
        const path = fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => "/" + parts.join("/"));
        const key = fc.oneof(fc.string({ maxLength: 8 }), text(1, 8), fc.constantFrom("..x", ".", "A_B", "a.b-c"));
        const args = fc.record({
            platform: fc.constantFrom<Platform>("kubernetes", "docker", "swarm"),
            name: componentName,
            ports: fc.boolean(),
            writablePaths: fc.array(path, { maxLength: 7 }),
            persistentPaths: fc.array(path, { maxLength: 3 }),
            secretEnv: fc.array(key, { maxLength: 3 }),
            env: fc.array(key, { maxLength: 2 }),
            replicas: fc.oneof(
                fc.constant(undefined),
                fc.constant(1),
                fc.integer({ min: -2, max: 3 }),
                fc.constantFrom(2 ** 31 - 1, 2 ** 31, 0.5),
            ),
        });
        const refusable =
            /^(name|replicas|writablePaths(\[\d+\](\.path)?)?|persistentPaths\[\d+\](\.path|\.accessModes)?|(secretEnv|env)\[".*"\])$/s;

        await fc.assert(
            fc.asyncProperty(args, async (a) => {
                const componentArgs: ImmutableServiceArgs = {
                    image,
                    platform: a.platform,
                    ...(a.ports ? { ports: [8080] } : {}),
                    writablePaths: a.writablePaths,
                    persistentPaths: a.persistentPaths.map((p) => ({ path: p, size: "1Gi", accessModes: ["ReadWriteMany"] })),
                    secretEnv: Object.fromEntries(a.secretEnv.map((k) => [k, "s"])),
                    env: Object.fromEntries(a.env.filter((k) => !a.secretEnv.includes(k)).map((k) => [k, "v"])),
                    ...(a.replicas === undefined || a.platform === "docker" ? {} : { replicas: a.replicas }),
                };
                const capture = await captureResources();
                let component: ImmutableService;
                try {
                    component = new ImmutableService(a.name, componentArgs);
                } catch (error) {
                    assert.ok(error instanceof ImmutableServiceArgsError, `not an ImmutableServiceArgsError: ${error}`);
                    assert.match(error.argument, refusable);
                    assert.ok(error.message.startsWith(`ImmutableService "${a.name}": ${error.argument} `), error.message);
                    await drain();
                    assert.deepStrictEqual(capture.resources, [], "nothing registered after a refusal");
                    return;
                }
                await registered([
                    component,
                    component.deployment,
                    component.service,
                    component.envSecret,
                    ...component.claims,
                    component.container,
                    component.swarmService,
                    ...component.volumes,
                ]);
                assert.deepStrictEqual(brokenNames(derivedNames(capture)), []);
                // And the rest of each Kubernetes object fits the schema (replicas an int32, …).
                const models: Record<string, new (data: unknown) => { validate(): void }> = {
                    "kubernetes:apps/v1:Deployment": Deployment,
                    "kubernetes:core/v1:Service": Service,
                    "kubernetes:core/v1:PersistentVolumeClaim": PersistentVolumeClaim,
                    "kubernetes:core/v1:Secret": Secret,
                };
                capture.custom.filter((r) => models[r.type]).forEach((r) => new models[r.type](r.inputs).validate());
            }),
            { numRuns: 300 },
        );
    });

    it("property: the name a refusal suggests is accepted on every platform", async () => {
        const name = fc.string({ unit: fc.constantFrom(..."aZ09-_. é"), maxLength: 70 });
        await fc.assert(
            fc.asyncProperty(name, fc.constantFrom<Platform>("kubernetes", "docker", "swarm"), async (n, platform) => {
                await captureResources();
                let suggestion: string | undefined;
                try {
                    const c = new ImmutableService(n, { image, platform, ports: [80] });
                    await registered([c, c.deployment, c.service, c.container, c.swarmService]);
                    return;
                } catch (error) {
                    assert.ok(error instanceof ImmutableServiceArgsError && error.argument === "name", String(error));
                    suggestion = /e\.g\. "([^"]*)"$/.exec(error.message)?.[1];
                }
                assert.ok(suggestion !== undefined);
                for (const p of ["kubernetes", "docker", "swarm"] as Platform[]) {
                    const capture = await build(suggestion, { image, platform: p, ports: [80] });
                    assert.deepStrictEqual(brokenNames(derivedNames(capture)), []);
                }
            }),
            { numRuns: 100 },
        );
    });
});
