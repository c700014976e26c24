// Issue #12 item 9: pod specs the pack never looks at. Any resource (any type token, any provider)
// whose props hold a pod-spec-shaped object (a `containers` array of objects with an image) in a
// place no policy inspects gets an advisory "not inspected" finding from inspectable-workloads,
// naming where it was found; what the pack does judge draws nothing.
import * as assert from "assert";
import { inspectableWorkloads } from "../../../policy-pack/policies/inspectable-workloads";
import { judgeResource } from "../../../policy-pack/checks";
import { unknownOnTheWire } from "../../helpers/policyArgs";
import { usePack } from "../../helpers/packSuite";
import { deployment, deploymentType, itReportsExactly, PolicyCase, podSpec } from "../../helpers/builders";

const pod = (image: unknown = "nginx:1.27") => ({ containers: [{ name: "app", image }] });
const rolloutProps = (extra: Record<string, unknown> = {}) => ({
    apiVersion: "example.com/v1",
    kind: "Canary",
    metadata: { name: "web", namespace: "shop" },
    spec: {
        replicas: 2,
        strategy: { canary: { steps: [{ setWeight: 20 }] } },
        template: { metadata: { labels: { app: "web" } }, spec: pod() },
    },
    ...extra,
});

function deep(levels: number): Record<string, unknown> {
    const root: Record<string, unknown> = {};
    let current = root;
    for (let i = 0; i < levels; i++) {
        const next: Record<string, unknown> = {};
        current.next = next;
        current = next;
    }
    current.spec = pod();
    return root;
}

const cases: PolicyCase[] = [
    {
        title: "Argo Canary, typed",
        type: "kubernetes:example.com/v1:Canary",
        props: rolloutProps(),
        expect: [
            /^Canary "web" \(namespace shop, kubernetes:example\.com\/v1:Canary\) carries a pod spec at spec\.template\.spec \(container "app", image nginx:1\.27\) that this policy pack does not inspect: no policy of the pack checks its containers .*exemptResources/,
        ],
    },
    {
        title: "Argo Canary through the generic CustomResource",
        type: "kubernetes:apiextensions.k8s.io:CustomResource",
        props: rolloutProps(),
        expect: [
            /^Canary "web" \(namespace shop, example\.com\/v1 through kubernetes:apiextensions\.k8s\.io:CustomResource\) carries a pod spec at spec\.template\.spec/,
        ],
    },
    {
        title: "an operator's Service kind (faas.example.dev)",
        type: "kubernetes:faas.example.dev/v1:Service",
        props: {
            apiVersion: "faas.example.dev/v1",
            kind: "Service",
            metadata: { name: "hello" },
            spec: { template: { spec: { containers: [{ image: "ghcr.io/knative/helloworld-go:latest" }] } } },
        },
        expect: [
            /^Service "hello" \(kubernetes:faas\.example\.dev\/v1:Service\) carries a pod spec at spec\.template\.spec \(container #0, image ghcr\.io\/knative\/helloworld-go:latest\)/,
        ],
    },
    {
        title: "an operator's ScaledWorker kind",
        type: "kubernetes:queue.example.io/v1alpha1:ScaledWorker",
        props: { metadata: { name: "worker" }, spec: { jobTargetRef: { template: { spec: pod("worker:1") } }, triggers: [] } },
        expect: [/^ScaledWorker "worker" .* at spec\.jobTargetRef\.template\.spec /],
    },
    {
        title: "ControllerRevision data",
        type: "kubernetes:apps/v1:ControllerRevision",
        props: { metadata: { name: "web-6d4cf56db6" }, revision: 3, data: { spec: { template: { $patch: "replace", spec: pod() } } } },
        expect: [/^ControllerRevision "web-6d4cf56db6" .* at data\.spec\.template\.spec /],
    },
    {
        title: "a resource of an unknown provider whose props are a pod spec",
        type: "acme:index/task:Task",
        props: {
            containers: [
                { name: "t", image: "busybox" },
                { name: "u", image: "alpine" },
            ],
        },
        name: "nightly",
        expect: [/^Task "nightly" \(acme:index\/task:Task\) carries a pod spec at the top level of its props \(containers "t", "u"/],
    },
    {
        title: "several pod specs in one resource: one finding each",
        type: "kubernetes:example.com/v1:Pipeline",
        props: { metadata: { name: "p" }, spec: { stages: [{ template: { spec: pod("a") } }, { template: { spec: pod("b") } }] } },
        expect: [/at spec\.stages\[0\]\.template\.spec /, /at spec\.stages\[1\]\.template\.spec /],
    },
    {
        title: "a ConfigMap holding pod YAML as text is not an object: nothing",
        type: "kubernetes:core/v1:ConfigMap",
        props: { metadata: { name: "c" }, data: { "pod.yaml": "containers:\n- name: app\n  image: nginx\n" } },
        expect: [],
    },
    { title: "a Deployment: its pod spec is judged, nothing here", type: deploymentType, props: deployment(podSpec({})), expect: [] },
    {
        title: "a CronJob: nothing",
        type: "kubernetes:batch/v1:CronJob",
        props: { metadata: { name: "c" }, spec: { jobTemplate: { spec: { template: { spec: pod() } } } } },
        expect: [],
    },
    // Its own pod spec is judged; an entry that sets the flag cannot add a writable container.
    {
        title: "a DeploymentPatch: nothing",
        type: "kubernetes:apps/v1:DeploymentPatch",
        props: deployment(podSpec({ securityContext: { readOnlyRootFilesystem: true } })),
        expect: [],
    },
    {
        title: "a Deployment carrying another pod spec where no policy looks",
        type: deploymentType,
        props: {
            ...deployment(podSpec({})),
            spec: { ...(deployment(podSpec({})).spec as Record<string, unknown>), canaryTemplate: { spec: pod("canary:2") } },
        },
        expect: [
            /^Deployment "web" \(kubernetes:apps\/v1:Deployment\) carries a pod spec at spec\.canaryTemplate\.spec \(container "app", image canary:2\)/,
        ],
    },
    {
        title: "containers without an image is not a pod spec",
        type: "kubernetes:example.com/v1:Thing",
        props: { spec: { containers: [{ name: "x" }] } },
        expect: [],
    },
    {
        title: "containers that is not an array is not a pod spec",
        type: "kubernetes:example.com/v1:Thing",
        props: { spec: { containers: { image: "x" } } },
        expect: [],
    },
    {
        title: "an image unknown at preview: no finding from it",
        type: "kubernetes:example.com/v1:Canary",
        props: rolloutProps({ spec: { template: { spec: pod(unknownOnTheWire) } } }),
        expect: [],
    },
    {
        title: "containers unknown at preview: no finding",
        type: "kubernetes:example.com/v1:Canary",
        props: rolloutProps({ spec: { template: { spec: { containers: unknownOnTheWire } } } }),
        expect: [],
    },
    // As deep as the engine's protobuf Struct goes; far deeper structures are tested in-process below.
    {
        title: "a deep structure",
        type: "acme:index/deep:Deep",
        props: deep(300),
        expect: [/^Deep "resource" .* at next(\.next){299}\.spec /],
    },
    {
        title: "exemptResources by kind and name",
        type: "kubernetes:example.com/v1:Canary",
        props: rolloutProps(),
        config: { exemptResources: ["Canary/web"] },
        expect: [],
    },
    {
        title: "exemptNamespaces",
        type: "kubernetes:example.com/v1:Canary",
        props: rolloutProps(),
        config: { exemptNamespaces: ["shop"] },
        expect: [],
    },
    {
        title: "the component that registers what it renders is not reported (yaml/v2 ConfigGroup)",
        type: "kubernetes:yaml/v2:ConfigGroup",
        props: { objs: [deployment(podSpec({}))] },
        expect: [],
    },
    {
        title: "a Helm Release keeps its one finding",
        type: "kubernetes:helm.sh/v3:Release",
        props: { chart: "x", values: { extra: { spec: pod() } } },
        expect: [/^Helm Release "resource" .*deploys workloads this policy pack never sees/],
    },
    {
        title: "malformed props never throw",
        type: "acme:index/x:X",
        props: { a: null, b: [null, 1, "x", [[]]], containers: "x", spec: { containers: [null, 3, { image: 4 }] } },
        expect: [],
    },
];

describe("inspectable-workloads: pod specs no policy inspects", () => {
    itReportsExactly(inspectableWorkloads, cases);

    it("a cyclic structure (YAML aliases can make one) is searched once and never throws", () => {
        const a: Record<string, unknown> = { spec: { template: { spec: pod() } } };
        const b: Record<string, unknown> = { a };
        a.b = b;
        (a.spec as Record<string, unknown>).self = a;
        const found = judgeResource("kubernetes:example.com/v1:Canary", a, "web");
        assert.deepStrictEqual(
            found.map((f) => [f.policy, f.level, f.path.join(".")]),
            [["inspectable-workloads", "advisory", "spec.template.spec"]],
        );
    });

    it("judgeResource reports a workload's other pod spec next to its own findings", () => {
        const props = {
            ...deployment(podSpec({ securityContext: { readOnlyRootFilesystem: true } })),
            extra: { spec: pod("nginx@sha256:" + "0".repeat(64)) },
        };
        const found = judgeResource(deploymentType, props, "web");
        assert.deepStrictEqual(
            found.filter((f) => f.policy === "inspectable-workloads").map((f) => [f.level, f.path.join(".")]),
            [["advisory", "extra.spec"]],
        );
        assert.ok(
            found.some((f) => f.policy === "pinned-image"),
            "the Deployment is still judged by the per-container policies",
        );
    });

    it("a structure 100,000 levels deep is searched without recursion", () => {
        const found = judgeResource("acme:index/deep:Deep", deep(100_000), "deep");
        assert.deepStrictEqual(
            found.map((f) => [f.policy, f.path.length, f.path[f.path.length - 1]]),
            [["inspectable-workloads", 100_001, "spec"]],
        );
    });

    // How the search's time grows with the input is measured by `npm run bench:scaling`, not here.
    const padded = (entries: number) => ({
        items: Array.from({ length: entries }, (_, i) => ({ name: `k${i}`, value: { nested: [i, { x: "y" }] } })),
        spec: pod(),
    });

    it("a large resource whose pod spec lies within the search's budget: the pod spec is found", () => {
        // 20,000 entries of 5 values each: 100,000 values before the pod spec, half the budget.
        const found = judgeResource("acme:index/big:Big", padded(20_000), "big");
        assert.deepStrictEqual(
            found.map((f) => [f.policy, f.level, f.path.join(".")]),
            [["inspectable-workloads", "advisory", "spec"]],
        );
    });

    it("a pod spec padded past the search's budget is not passed in silence: the resource is reported as not searched whole", () => {
        // 40,000 entries: 200,000 values, the whole budget, before the pod spec.
        const found = judgeResource("acme:index/big:Big", padded(40_000), "big");
        assert.deepStrictEqual(
            found.map((f) => [f.policy, f.level, f.path.length]),
            [["inspectable-workloads", "advisory", 0]],
        );
        assert.match(
            found[0].message,
            /^Big "big" \(acme:index\/big:Big\) could not be searched whole for pod specs \(the search stops after 200,000 values/,
        );
        assert.match(found[0].message, /exemptResources \("Big\/big"\)/);
    });

    it("the padded resource is reported at the level configured, and an exemption by name silences it", () => {
        const mandatory = judgeResource("acme:index/big:Big", padded(40_000), "big", { "inspectable-workloads": "mandatory" });
        assert.deepStrictEqual(
            mandatory.map((f) => f.level),
            ["mandatory"],
        );
        const exempt = judgeResource("acme:index/big:Big", padded(40_000), "big", {
            "inspectable-workloads": { exemptResources: ["Big/big"] },
        });
        assert.deepStrictEqual(exempt, []);
    });

    it("a workload the pack judges, padded past the budget outside its pod template, is reported too", () => {
        const props = { ...deployment(podSpec({ securityContext: { readOnlyRootFilesystem: true } })), junk: padded(40_000).items };
        const found = judgeResource(deploymentType, props, "web").filter((f) => f.policy === "inspectable-workloads");
        assert.strictEqual(found.length, 1);
        assert.match(found[0].message, /could not be searched whole/);
    });

    describe("over gRPC", function () {
        this.timeout(120_000);
        const pack = usePack();

        it("a typed Canary, a generic CustomResource and a ControllerRevision draw one advisory each; a Deployment none from this policy", async () => {
            const rollout = await pack.analyze({ type: "kubernetes:example.com/v1:Canary", name: "web", props: rolloutProps() });
            assert.deepStrictEqual(
                rollout.map((d) => [d.policyName, d.enforcementLevel]),
                [["inspectable-workloads", "advisory"]],
            );
            assert.match(rollout[0].message, /carries a pod spec at spec\.template\.spec/);
            const generic = await pack.analyze({
                type: "kubernetes:apiextensions.k8s.io:CustomResource",
                name: "web",
                props: rolloutProps(),
            });
            assert.deepStrictEqual(
                generic.map((d) => d.policyName),
                ["inspectable-workloads"],
            );
            const revision = await pack.analyze({
                type: "kubernetes:apps/v1:ControllerRevision",
                name: "rev",
                props: { revision: 1, data: { spec: { template: { spec: pod() } } } },
            });
            assert.deepStrictEqual(
                revision.map((d) => d.policyName),
                ["inspectable-workloads"],
            );
            const dep = await pack.analyze({ type: deploymentType, name: "web", props: deployment(podSpec({})) });
            assert.deepStrictEqual(
                dep.filter((d) => d.policyName === "inspectable-workloads"),
                [],
            );
        });

        it("a generic CustomResource padded past the budget: the engine gets the advisory, not silence", async () => {
            const props = { apiVersion: "example.com/v1", kind: "Runner", metadata: { name: "padded" }, spec: padded(40_000) };
            const found = await pack.analyze({ type: "kubernetes:apiextensions.k8s.io:CustomResource", name: "padded", props });
            assert.deepStrictEqual(
                found.map((d) => [d.policyName, d.enforcementLevel]),
                [["inspectable-workloads", "advisory"]],
            );
            assert.match(
                found[0].message,
                /\nRunner "padded" \(example\.com\/v1 through kubernetes:apiextensions\.k8s\.io:CustomResource\) could not be searched whole/,
            );
        });
    });
});
