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
                { apiVersion: "apps/v1", kind: "DeploymentList", items: [{ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "b" } }] },
            ],
        };
        const rs = kubernetesResources(list, 0);
        assert.deepStrictEqual(
            rs.map((r) => r.name),
            ["a", "b"],
        );
        assert.deepStrictEqual(rs[1].yamlPathOf(["spec"]), ["items", 2, "items", 0, "spec"]);
    });

    it("needs apiVersion and kind as strings", () => {
        assert.strictEqual(isKubernetesObject({ kind: "Pod" }), false);
        assert.strictEqual(isKubernetesObject({ apiVersion: 1, kind: "Pod" }), false);
        assert.deepStrictEqual(kubernetesResources("text", 0), []);
    });
});
