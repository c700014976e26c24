// A Deployment someone wrote without securityContext, rendered to YAML files: with the core policy
// at `remediate`, `pulumi up` must write manifests in which every container is read-only.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";

const config = new pulumi.Config("e2e");
const provider = new k8s.Provider("render", { renderYamlToDirectory: config.require("outDir") });
const labels = { app: "legacy" };
const image = "busybox:1.38.0@sha256:fd8d9aa63ba2f0982b5304e1ee8d3b90a210bc1ffb5314d980eb6962f1a9715d";

export const name = new k8s.apps.v1.Deployment(
    "legacy",
    {
        metadata: { name: "legacy", labels },
        spec: {
            selector: { matchLabels: labels },
            template: {
                metadata: { labels },
                spec: {
                    initContainers: [{ name: "prepare", image, command: ["true"] }],
                    containers: [
                        { name: "web", image, command: ["httpd", "-f"] },
                        { name: "sidecar", image, command: ["sleep", "3600"], securityContext: { runAsNonRoot: true, runAsUser: 65534 } },
                    ],
                },
            },
        },
    },
    { provider },
).metadata.name;
