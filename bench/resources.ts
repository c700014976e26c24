// A realistic mix of resources as the engine sends them: Deployments with three containers and
// init containers, CronJobs, Pods, StatefulSets, Docker containers, Swarm services, Services and
// ConfigMaps. Realistic for a stack under an enforced pack: mostly compliant, with a few
// writable containers, tag-only images and mutable ConfigMaps, so every policy has work and
// something to report. Deterministic: the same index gives the same resource.
import { WireResource } from "../test/helpers/analyzer";

function container(name: string, readOnly: boolean, i: number) {
    const k = Math.floor(i / 10);
    return {
        name,
        image: k % 10 === 0 ? `nginx:1.27.${k % 7}` : `registry.example.com/team/${name}:1.${i % 7}@sha256:${"a".repeat(64)}`,
        env: [
            { name: "MODE", value: "production" },
            { name: "CONFIG", valueFrom: { configMapKeyRef: { name: `config-${i % 50}`, key: "mode" } } },
        ],
        envFrom: [{ configMapRef: { name: `config-${i % 50}` } }],
        securityContext: { readOnlyRootFilesystem: readOnly, allowPrivilegeEscalation: false },
        volumeMounts: [
            { name: "tmp", mountPath: "/tmp" },
            { name: "config", mountPath: "/etc/app", readOnly: true },
        ],
        resources: { limits: { memory: "256Mi", cpu: "500m" } },
    };
}

function podSpec(i: number) {
    const k = Math.floor(i / 10);
    return {
        initContainers: [container("migrate", true, i)],
        containers: [container("app", k % 23 !== 0, i), container("proxy", true, i), container("agent", k % 37 !== 0, i)],
        volumes: [
            { name: "tmp", emptyDir: { medium: "Memory", sizeLimit: "64Mi" } },
            { name: "config", configMap: { name: `config-${i % 50}` } },
        ],
    };
}

const metadata = (kind: string, i: number) => ({
    name: `${kind.toLowerCase()}-${i}`,
    namespace: `team-${i % 4}`,
    labels: { app: `app-${i}` },
});

/** The i-th resource of the mix. */
export function resourceAt(i: number): WireResource {
    // The slot picks the kind; k varies what is right or wrong about it.
    const n = i % 10;
    const k = Math.floor(i / 10);
    const name = `r${i}`;
    switch (n) {
        case 0:
        case 1:
        case 2:
            return {
                type: "kubernetes:apps/v1:Deployment",
                name,
                props: {
                    apiVersion: "apps/v1",
                    kind: "Deployment",
                    metadata: metadata("Deployment", i),
                    spec: { replicas: 2, template: { metadata: { labels: { app: `app-${i}` } }, spec: podSpec(i) } },
                },
            };
        case 3:
            return {
                type: "kubernetes:batch/v1:CronJob",
                name,
                props: {
                    apiVersion: "batch/v1",
                    kind: "CronJob",
                    metadata: metadata("CronJob", i),
                    spec: { schedule: "*/5 * * * *", jobTemplate: { spec: { template: { spec: podSpec(i) } } } },
                },
            };
        case 4:
            return {
                type: "kubernetes:core/v1:Pod",
                name,
                props: { apiVersion: "v1", kind: "Pod", metadata: metadata("Pod", i), spec: podSpec(i) },
            };
        case 5:
            return {
                type: "kubernetes:apps/v1:StatefulSet",
                name,
                props: {
                    apiVersion: "apps/v1",
                    kind: "StatefulSet",
                    metadata: metadata("StatefulSet", i),
                    spec: { serviceName: "db", template: { spec: podSpec(i) } },
                },
            };
        case 6:
            return {
                type: "docker:index/container:Container",
                name,
                props: {
                    name,
                    image: `nginx:1.27@sha256:${"b".repeat(64)}`,
                    readOnly: k % 20 !== 3,
                    tmpfs: { "/tmp": "size=64m,noexec", "/var/run": "size=1m,uid=101" },
                    volumes: [{ hostPath: "/srv/data", containerPath: "/data", readOnly: true }],
                },
            };
        case 7:
            return {
                type: "docker:index/service:Service",
                name,
                props: {
                    name,
                    taskSpec: {
                        containerSpec: {
                            image: k % 30 === 7 ? "nginx:1.27" : `nginx:1.27@sha256:${"c".repeat(64)}`,
                            readOnly: true,
                            mounts: [{ type: "tmpfs", target: "/tmp", tmpfsOptions: { sizeBytes: 67108864 } }],
                        },
                    },
                },
            };
        case 8:
            return {
                type: "kubernetes:core/v1:Service",
                name,
                props: {
                    apiVersion: "v1",
                    kind: "Service",
                    metadata: metadata("Service", i),
                    spec: { selector: { app: `app-${i}` }, ports: [{ port: 80, targetPort: 8080 }] },
                },
            };
        default:
            return {
                type: "kubernetes:core/v1:ConfigMap",
                name,
                props: {
                    apiVersion: "v1",
                    kind: "ConfigMap",
                    metadata: { name: `config-${i % 50}`, namespace: `team-${i % 4}` },
                    immutable: k % 20 !== 9,
                    data: { mode: "production" },
                },
            };
    }
}

/** The first `count` resources of the mix. */
export function resourceMix(count: number): WireResource[] {
    return Array.from({ length: count }, (_, i) => resourceAt(i));
}
