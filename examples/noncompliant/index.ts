// The mistakes people really make, one per resource, each caught by the immutable-workloads
// policy pack. Every other field is right (images pinned by digest, containers read-only), so
// each resource draws exactly the violation it is here to show: README.md lists them all, as
// `pulumi preview --policy-pack ../../policy-pack` prints them, and a test holds the two together.
//
// Do not deploy this: the preview stops on the first mandatory violation, which is the point.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as docker from "@pulumi/docker";

// Previewing Docker resources needs a Docker daemon, and a Helm Release fetches its chart from the
// network: set these to false to preview the Kubernetes mistakes alone (the end-to-end tests do).
const config = new pulumi.Config("noncompliant");
const includeDocker = config.getBoolean("includeDocker") ?? true;
const includeHelmRelease = config.getBoolean("includeHelmRelease") ?? true;

// busybox 1.38.0, pinned by digest (as Google's microservices-demo pins it).
const image = "busybox:1.38.0@sha256:fd8d9aa63ba2f0982b5304e1ee8d3b90a210bc1ffb5314d980eb6962f1a9715d";
const command = ["httpd", "-f", "-v", "-p", "8080", "-h", "/var/www"];
const readOnly = { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false };

type PodSpec = k8s.types.input.core.v1.PodSpec;

/** A one-replica Deployment around `podSpec`: the boilerplate each mistake shares. */
function deployment(name: string, podSpec: PodSpec): k8s.apps.v1.Deployment {
    const labels = { app: name };
    return new k8s.apps.v1.Deployment(name, {
        metadata: { name, labels },
        spec: {
            replicas: 1,
            selector: { matchLabels: labels },
            template: { metadata: { labels }, spec: podSpec },
        },
    });
}

// 1. The field is simply not set: Kubernetes defaults to a writable root filesystem.
deployment("field-unset", {
    containers: [{ name: "web", image, command }],
});

// 2. Set, but to false (often copied from a chart's values to "fix" a crash on a write).
deployment("explicit-false", {
    containers: [{ name: "web", image, command, securityContext: { readOnlyRootFilesystem: false } }],
});

// 3. Set at pod level. PodSecurityContext has no such field: the API server drops it and every
//    container stays writable. The typed SDK rejects it, so it turns up from YAML or, as here, a cast.
deployment("pod-level-only", {
    securityContext: { readOnlyRootFilesystem: true } as k8s.types.input.core.v1.PodSecurityContext,
    containers: [{ name: "web", image, command }],
});

// 4. The app container is read-only, but the init container that prepares it is not: it runs
//    with the same volumes and can rewrite what the app container then runs.
deployment("writable-init-container", {
    initContainers: [{ name: "migrate", image, command: ["sh", "-c", "echo migrating"] }],
    containers: [{ name: "web", image, command, securityContext: readOnly }],
});

// 5. A writable hostPath: the container is read-only, but writes go straight to the node.
deployment("writable-host-path", {
    containers: [
        {
            name: "web",
            image,
            command,
            securityContext: readOnly,
            volumeMounts: [{ name: "logs", mountPath: "/var/log/web" }],
        },
    ],
    volumes: [{ name: "logs", hostPath: { path: "/var/log/web", type: "DirectoryOrCreate" } }],
});

// 6. A scratch directory on the node's disk, unbounded: it survives container restarts and can
//    fill the disk.
deployment("disk-backed-scratch", {
    containers: [
        {
            name: "web",
            image,
            command,
            securityContext: readOnly,
            volumeMounts: [{ name: "scratch", mountPath: "/tmp" }],
        },
    ],
    volumes: [{ name: "scratch", emptyDir: {} }],
});

// 7. `latest`: the image that runs tomorrow is not the one that was tested today.
deployment("latest-image", {
    containers: [{ name: "web", image: "busybox:latest", command, securityContext: readOnly }],
});

// 8. A mutable ConfigMap consumed by a workload: editing it changes running pods' files in place.
const settings = new k8s.core.v1.ConfigMap("mutable-settings", {
    metadata: { name: "mutable-settings" },
    data: { "index.html": "<h1>hello</h1>\n" },
});
deployment("mutable-config-consumer", {
    containers: [
        {
            name: "web",
            image,
            command,
            securityContext: readOnly,
            volumeMounts: [{ name: "site", mountPath: "/var/www", readOnly: true }],
        },
    ],
    volumes: [{ name: "site", configMap: { name: settings.metadata.name } }],
});

// 9. A Helm Release: the chart's workloads are installed by the provider and never reach the pack.
if (includeHelmRelease) {
    new k8s.helm.v3.Release("ingress", {
        name: "ingress",
        chart: "ingress-nginx",
        version: "4.11.0",
        namespace: "ingress",
        repositoryOpts: { repo: "https://kubernetes.github.io/ingress-nginx" },
    });
}

if (includeDocker) {
    // 10. A Docker container without readOnly: Docker's default is a writable root filesystem.
    new docker.Container("docker-writable", {
        name: "docker-writable",
        image,
        command,
    });

    // 11. A Swarm service without taskSpec.containerSpec.readOnly: the same default, on every replica.
    new docker.Service("swarm-writable", {
        name: "swarm-writable",
        mode: { replicated: { replicas: 2 } },
        taskSpec: { containerSpec: { image, commands: command } },
    });
}
