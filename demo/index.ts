// The root demo stack: one ImmutableService on Kubernetes, rendered to YAML files instead of sent
// to a cluster, so `npm run demo` needs neither a cluster nor a cloud account. `pulumi up` writes
// the manifests to demo-output/ (git-ignored).
//
// `demo:includeViolation` (default false) adds a Deployment someone wrote by hand and forgot to
// make read-only: the policy pack's mandatory read-only-root-filesystem policy stops the preview.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { ImmutableService } from "../components";

const config = new pulumi.Config("demo");
const includeViolation = config.getBoolean("includeViolation") ?? false;

// busybox 1.38.0, pinned by digest (as Google's microservices-demo pins it).
const image = "busybox:1.38.0@sha256:fd8d9aa63ba2f0982b5304e1ee8d3b90a210bc1ffb5314d980eb6962f1a9715d";

// Every resource goes through this provider, which writes YAML files and never contacts a cluster.
const renderer = new k8s.Provider("render-yaml", {
    renderYamlToDirectory: path.join(__dirname, "..", "demo-output"),
});

const hello = new ImmutableService(
    "hello",
    {
        image,
        command: ["httpd", "-f", "-v", "-p", "8080", "-h", "/var/www"],
        ports: [{ containerPort: 8080, publishedPort: 80, name: "http" }],
        user: { uid: 65534, gid: 65534 },
        writablePaths: [{ path: "/tmp", sizeLimit: "16Mi" }],
        resources: { limits: { cpu: "100m", memory: "64Mi" } },
    },
    { provider: renderer },
);

if (includeViolation) {
    const labels = { app: "handwritten" };
    // The usual mistake: no securityContext, so Kubernetes runs the container with a writable root
    // filesystem. Everything else is fine, so this is the one violation the preview reports.
    new k8s.apps.v1.Deployment(
        "handwritten",
        {
            metadata: { labels },
            spec: {
                replicas: 1,
                selector: { matchLabels: labels },
                template: {
                    metadata: { labels },
                    spec: { containers: [{ name: "app", image, command: ["httpd", "-f", "-v", "-p", "8080", "-h", "/var/www"] }] },
                },
            },
        },
        { provider: renderer },
    );
}

export const deployment = hello.workloadName;
export const service = hello.serviceName;
export const manifests = "demo-output/";
