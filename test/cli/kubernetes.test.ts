// Kubernetes documents as the resources @pulumi/kubernetes would register.
import * as assert from "assert";
import { isKubernetesObject, kubernetesResources } from "../../cli/kubernetes";

describe("cli/kubernetes", () => {
    it("an object becomes its type token, name, namespace and itself as props", () => {
        const object = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "prod" } };
        const [r] = kubernetesResources(object, 0);
        assert.deepStrictEqual(
            { type: r.type, name: r.name, kind: r.kind, namespace: r.namespace, props: r.props },
            { type: "kubernetes:apps/v1:Deployment", name: "web", kind: "Deployment", namespace: "prod", props: object },
        );
        assert.deepStrictEqual(r.yamlPathOf(["spec", "template"]), ["spec", "template"]);
    });

    it("core-group objects get core/v1", () => {
        assert.strictEqual(kubernetesResources({ apiVersion: "v1", kind: "Pod" }, 3)[0].type, "kubernetes:core/v1:Pod");
        assert.strictEqual(kubernetesResources({ apiVersion: "v1", kind: "Pod" }, 3)[0].name, "pod-3");
    });

    it("kind: List and typed lists yield their items, with YAML paths through items", () => {
        const list = {
            apiVersion: "v1",
            kind: "List",
            items: [
                { apiVersion: "v1", kind: "Pod", metadata: { name: "a" } },
                { not: "an object" },
                {
                    apiVersion: "apps/v1",
                    kind: "DeploymentList",
                    items: [{ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "b" } }],
                },
            ],
        };
        const rs = kubernetesResources(list, 0);
        assert.deepStrictEqual(
            rs.map((r) => r.name),
            ["a", "b"],
        );
        assert.deepStrictEqual(rs[1].yamlPathOf(["spec"]), ["items", 2, "items", 0, "spec"]);
    });

    it("lists nested 10,000 deep yield their items: no recursion, nothing dropped", () => {
        let object: Record<string, unknown> = { apiVersion: "v1", kind: "Pod", metadata: { name: "bottom" } };
        for (let i = 0; i < 10000; i++) {
            object = {
                apiVersion: "v1",
                kind: "List",
                items: [object, { apiVersion: "v1", kind: "Pod", metadata: { name: `level-${i}` } }],
            };
        }
        const rs = kubernetesResources(object, 0);
        assert.strictEqual(rs.length, 10001);
        assert.ok(rs.some((r) => r.name === "bottom"));
        assert.strictEqual(rs.find((r) => r.name === "bottom")!.yamlPathOf([]).length, 20000);
    });

    it("a typed list's items without kind and apiVersion get them from the list, as kubectl decodes them", () => {
        const list = {
            apiVersion: "apps/v1",
            kind: "DeploymentList",
            items: [
                { metadata: { name: "bare" }, spec: {} },
                { kind: 5, metadata: { name: "odd" } },
                { kind: "Pod", metadata: { name: "half" } },
                "text",
            ],
        };
        const rs = kubernetesResources(list, 0);
        assert.deepStrictEqual(
            rs.map((r) => [r.type, r.name, r.yamlPathOf(["spec"])]),
            [
                ["kubernetes:apps/v1:Deployment", "bare", ["items", 0, "spec"]],
                ["kubernetes:apps/v1:Deployment", "odd", ["items", 1, "spec"]],
            ],
        );
    });

    it("an object of a kind that is no list but carries items: it and its items", () => {
        const object = {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: "carrier" },
            items: [{ metadata: { name: "carried" } }],
        };
        assert.deepStrictEqual(
            kubernetesResources(object, 0).map((r) => [r.kind, r.name]),
            [
                ["Deployment", "carrier"],
                ["Deployment", "carried"],
            ],
        );
    });

    it("needs apiVersion and kind as strings", () => {
        assert.strictEqual(isKubernetesObject({ kind: "Pod" }), false);
        assert.strictEqual(isKubernetesObject({ apiVersion: 1, kind: "Pod" }), false);
        assert.deepStrictEqual(kubernetesResources("text", 0), []);
    });
});
