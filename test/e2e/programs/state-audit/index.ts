// What an organisation audits before it enforces the pack: a stack deployed without it, holding
// a Deployment whose container writes to its root filesystem and one that is read-only, both
// under a component (which the pack finds no container in). With `e2e:apiToken` set (a secret),
// both containers get it in their environment: the SDK then records each container list as one
// secret. Rendered to YAML files, so no cluster is needed.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";

const config = new pulumi.Config("e2e");
const provider = new k8s.Provider("render", { renderYamlToDirectory: config.require("outDir") });
const apiToken = config.getSecret("apiToken");
const env = apiToken ? [{ name: "API_TOKEN", value: apiToken }] : [];
const image = "busybox:1.38.0@sha256:fd8d9aa63ba2f0982b5304e1ee8d3b90a210bc1ffb5314d980eb6962f1a9715d";

class Shop extends pulumi.ComponentResource {
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("e2e:index:Shop", name, {}, opts);
        const deployment = (app: string, container: k8s.types.input.core.v1.Container, volumes: k8s.types.input.core.v1.Volume[] = []) =>
            new k8s.apps.v1.Deployment(
                app,
                {
                    metadata: { name: app, labels: { app } },
                    spec: {
                        selector: { matchLabels: { app } },
                        template: { metadata: { labels: { app } }, spec: { containers: [container], volumes } },
                    },
                },
                { parent: this, provider },
            );
        // Written before the pack: nothing keeps its root filesystem read-only.
        deployment("legacy", { name: "web", image, command: ["httpd", "-f"], env });
        // Read-only, with the one path it writes in memory.
        deployment(
            "immutable",
            {
                name: "api",
                image,
                command: ["sleep", "3600"],
                env,
                securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
                volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
            },
            [{ name: "tmp", emptyDir: { medium: "Memory", sizeLimit: "16Mi" } }],
        );
        this.registerOutputs({});
    }
}

new Shop("shop");
