// Immutability by hand, with @pulumi/kubernetes alone: for teams that write their own Deployments
// and CronJobs rather than use ImmutableService. Every container — init containers and CronJob
// containers too — has a read-only root filesystem; the only writable paths are memory-backed,
// size-bounded emptyDirs; every image is pinned by digest; the content is an immutable ConfigMap.
// It passes every policy of the immutable-workloads pack, advisory ones included.
import * as k8s from "@pulumi/kubernetes";

type Container = k8s.types.input.core.v1.Container;
type PodSpec = k8s.types.input.core.v1.PodSpec;

const namespace = "plain";

// busybox 1.38.0 pinned by digest (as Google's microservices-demo pins it): a tag can be moved, a digest cannot.
const image = "busybox:1.38.0@sha256:fd8d9aa63ba2f0982b5304e1ee8d3b90a210bc1ffb5314d980eb6962f1a9715d";

/** The container-level settings every container needs; `readOnlyRootFilesystem` has no pod-level twin. */
const securityContext: k8s.types.input.core.v1.SecurityContext = {
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    runAsNonRoot: true,
    capabilities: { drop: ["ALL"] },
};

/** Pod-level settings: run as `nobody`, with the runtime's default seccomp profile. */
const podSecurityContext: k8s.types.input.core.v1.PodSecurityContext = {
    runAsUser: 65534,
    runAsGroup: 65534,
    seccompProfile: { type: "RuntimeDefault" },
};

/** A writable scratch directory: in memory, bounded, gone with the pod. */
function scratch(name: string, sizeLimit: string): k8s.types.input.core.v1.Volume {
    return { name, emptyDir: { medium: "Memory", sizeLimit } };
}

const ns = new k8s.core.v1.Namespace("plain", { metadata: { name: namespace } });

// The site's content. `immutable: true` and no metadata.name: Pulumi auto-names it, so a change
// creates a new ConfigMap and rolls out the Deployment that names it, instead of editing files
// under running pods.
const site = new k8s.core.v1.ConfigMap("site", {
    metadata: { namespace: ns.metadata.name },
    immutable: true,
    data: { "index.html": "<!doctype html>\n<title>immutable</title>\n<h1>Served from a read-only root filesystem.</h1>\n" },
});

const labels = { "app.kubernetes.io/name": "site" };

const preflight: Container = {
    name: "preflight",
    image,
    // Fails the rollout early if the content is missing, instead of serving 404s.
    command: ["sh", "-c", "test -s /www/index.html"],
    securityContext,
    volumeMounts: [{ name: "site", mountPath: "/www", readOnly: true }],
};

const httpd: Container = {
    name: "httpd",
    image,
    command: ["httpd", "-f", "-v", "-p", "8080", "-h", "/www"],
    ports: [{ name: "http", containerPort: 8080 }],
    resources: { limits: { cpu: "100m", memory: "64Mi" }, requests: { cpu: "10m", memory: "16Mi" } },
    securityContext,
    readinessProbe: { httpGet: { path: "/", port: "http" } },
    volumeMounts: [
        { name: "site", mountPath: "/www", readOnly: true },
        { name: "tmp", mountPath: "/tmp" },
    ],
};

const podSpec: PodSpec = {
    securityContext: podSecurityContext,
    automountServiceAccountToken: false,
    initContainers: [preflight],
    containers: [httpd],
    volumes: [{ name: "site", configMap: { name: site.metadata.name } }, scratch("tmp", "16Mi")],
};

const deployment = new k8s.apps.v1.Deployment("site", {
    metadata: { namespace: ns.metadata.name, labels },
    spec: {
        replicas: 2,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: podSpec },
    },
});

const service = new k8s.core.v1.Service("site", {
    metadata: { namespace: ns.metadata.name, labels },
    spec: { selector: labels, ports: [{ name: "http", port: 80, targetPort: "http" }] },
});

// A CronJob that checks the site every five minutes: it writes the page it fetches to /tmp, which
// is a memory emptyDir, since its root filesystem is read-only like every other container's.
new k8s.batch.v1.CronJob("site-check", {
    metadata: { namespace: ns.metadata.name },
    spec: {
        schedule: "*/5 * * * *",
        concurrencyPolicy: "Forbid",
        jobTemplate: {
            spec: {
                backoffLimit: 1,
                template: {
                    spec: {
                        restartPolicy: "Never",
                        securityContext: podSecurityContext,
                        automountServiceAccountToken: false,
                        containers: [
                            {
                                name: "check",
                                image,
                                command: ["sh", "-c", 'wget -q -O /tmp/index.html "http://$SITE/" && grep -q immutable /tmp/index.html'],
                                env: [{ name: "SITE", value: service.metadata.name }],
                                securityContext,
                                volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                            },
                        ],
                        volumes: [scratch("tmp", "4Mi")],
                    },
                },
            },
        },
    },
});

export const deploymentName = deployment.metadata.name;
export const serviceName = service.metadata.name;
