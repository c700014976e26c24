// What an organisation audits before it enforces the pack: a stack deployed without it, holding
// a Deployment whose container writes to its root filesystem and one that is read-only, both
// under a component (which the pack does not judge), and a secret in a container's environment
// (which must not change any verdict). Rendered to YAML files, so no cluster is needed.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";

const config = new pulumi.Config("e2e");
const provider = new k8s.Provider("render", { renderYamlToDirectory: config.require("outDir") });
const apiToken = config.requireSecret("apiToken");
const image = "busybox:1.38.0@sha256:fd8d9aa63ba2f0982b5304e1ee8d3b90a210bc1ffb5314d980eb6962f1a9715d";

class Shop extends pulumi.ComponentResource {
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("e2e:index:Shop", name, {}, opts);
        const deployment = (app: string, container: k8s.types.input.core.v1.Container) =>
            new k8s.apps.v1.Deployment(app, {
                metadata: { name: app, labels: { app } },
                spec: {
                    selector: { matchLabels: { app } },
                    template: { metadata: { labels: { app } }, spec: { containers: [container] } },
                },
            }, { parent: this, provider });
        // Written before the pack: nothing keeps its root filesystem read-only.
        deployment("legacy", { name: "web", image, command: ["httpd", "-f"], env: [{ name: "API_TOKEN", value: apiToken }] });
        // Read-only, with the one path it writes in memory.
        deployment("immutable", {
            name: "api",
            image,
            command: ["sleep", "3600"],
            env: [{ name: "API_TOKEN", value: apiToken }],
            securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
        });
        this.registerOutputs({});
    }
}

new Shop("shop");
