// Workloads on the default Kubernetes provider while no cluster can be reached: the provider
// previews offline, and the pack must still judge what it would create.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";

const config = new pulumi.Config("e2e");
const image = "busybox:1.38.0@sha256:fd8d9aa63ba2f0982b5304e1ee8d3b90a210bc1ffb5314d980eb6962f1a9715d";

function deployment(name: string, readOnlyRootFilesystem: boolean | undefined) {
    const labels = { app: name };
    return new k8s.apps.v1.Deployment(name, {
        metadata: { name, labels },
        spec: {
            selector: { matchLabels: labels },
            template: {
                metadata: { labels },
                spec: {
                    containers: [
                        {
                            name: "app",
                            image,
                            command: ["httpd", "-f"],
                            securityContext: readOnlyRootFilesystem === undefined ? undefined : { readOnlyRootFilesystem },
                            volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                        },
                    ],
                    volumes: [{ name: "tmp", emptyDir: { medium: "Memory", sizeLimit: "16Mi" } }],
                },
            },
        },
    });
}

deployment("immutable", true);
if (config.getBoolean("includeWritable")) {
    deployment("writable", undefined);
}
