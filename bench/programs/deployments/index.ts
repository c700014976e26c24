// `npm run bench:engine`'s program: N Deployments, each with two containers that pass every policy
// of the pack (read-only root, no privilege escalation, bounded in-memory scratch, pinned image),
// rendered through a provider with `renderYamlToDirectory`, so a preview needs no cluster.
// N is the stack config `bench:deployments`, or BENCH_ENGINE_N, or 50.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";

const config = new pulumi.Config("bench");
const count = config.getNumber("deployments") ?? Number(process.env.BENCH_ENGINE_N ?? 50);
const outDir = config.get("outDir") ?? "rendered";

const provider = new k8s.Provider("render", { renderYamlToDirectory: outDir });
const image = "busybox:1.38.0@sha256:fd8d9aa63ba2f0982b5304e1ee8d3b90a210bc1ffb5314d980eb6962f1a9715d";
const securityContext: k8s.types.input.core.v1.SecurityContext = {
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    runAsNonRoot: true,
    capabilities: { drop: ["ALL"] },
};

for (let i = 0; i < count; i++) {
    const name = `app-${i}`;
    const labels = { "app.kubernetes.io/name": name };
    new k8s.apps.v1.Deployment(
        name,
        {
            metadata: { name, labels },
            spec: {
                replicas: 1,
                selector: { matchLabels: labels },
                template: {
                    metadata: { labels },
                    spec: {
                        securityContext: { runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: "RuntimeDefault" } },
                        automountServiceAccountToken: false,
                        containers: [
                            {
                                name: "web",
                                image,
                                command: ["httpd", "-f", "-p", "8080"],
                                ports: [{ name: "http", containerPort: 8080 }],
                                resources: { limits: { cpu: "100m", memory: "64Mi" } },
                                securityContext,
                                volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                            },
                            {
                                name: "sidecar",
                                image,
                                command: ["sleep", "infinity"],
                                resources: { limits: { cpu: "10m", memory: "16Mi" } },
                                securityContext,
                            },
                        ],
                        volumes: [{ name: "tmp", emptyDir: { medium: "Memory", sizeLimit: "16Mi" } }],
                    },
                },
            },
        },
        { provider },
    );
}

export const deployments = count;
