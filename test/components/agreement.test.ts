// Agreement between the component and the policy pack: everything ImmutableService registers, for
// a spread of argument combinations on all three platforms, goes through the real pack over the
// analyzer protocol and must draw no mandatory violation, nor any diagnostic (advisory included)
// from the policies about what the component itself decides.
//
// The combinations (name: what it exercises):
//   kubernetes/minimal        image only
//   kubernetes/writable-user  writable paths as strings and objects, a non-root user, image by digest
//   kubernetes/everything     command, args, a secret env var, secretEnv (→ an immutable Secret), TCP+UDP ports (→ Service), namespace,
//                             labels, annotations, limits and requests, writable paths, user, a
//                             ReadWriteOnce claim with a storage class (→ Recreate strategy)
//   kubernetes/shared-rwx     3 replicas sharing a ReadWriteMany claim, writable path, port
//   kubernetes/scaled-to-zero replicas 0 with a port only
//   docker/minimal            image only
//   docker/writable-user      writable paths with mode and size, user, published and random ports
//   docker/everything         command, args, secret env, secretEnv, ports, labels + annotations, limits and
//                             requests, writable paths, user, two named volumes
//   swarm/minimal             image only, by digest
//   swarm/everything          3 replicas, command, args, secret env, secretEnv, ports, labels + annotations,
//                             limits and requests, writable paths with mode, user, a named volume
//   swarm/writable-no-user    writable paths without a user, replicas 0
//   kubernetes/writable-limit as many writable paths as the component allows (maxWritablePaths)
//   docker/writable-limit     the same on Docker
//   kubernetes/statefulset    a StatefulSet: claim templates, a headless Service, probes of every kind
//   kubernetes/daemonset      a DaemonSet with tolerations, host network and a read-only host path (escape hatch)
//   kubernetes/job, /cronjob  a Job and a CronJob with files and secretFiles (immutable, content-named)
//   kubernetes/sidecars       init containers and native sidecars sharing an in-memory path, valueFrom,
//                             envFrom, configMounts, scheduling fields, a transform
//   swarm/global-files        a global Swarm service with configs, secrets and a healthcheck
//   docker/healthcheck        a Docker container with a healthcheck, capabilities and a stop timeout
//   corpus/<name>             every corpus workload written as an ImmutableService (corpus/services.ts)
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ImmutableService, ImmutableServiceArgs, ImmutableServiceArgsError, maxWritablePaths } from "../../components";
import { writablePathsInMemoryConfigSchema } from "../../policy-pack/policies/writable-paths-in-memory";
import { Diagnostic, WireResource } from "../helpers/analyzer";
import { CapturedResource } from "./mocks";
import { usePack } from "../helpers/packSuite";
import { buildService } from "./corpus/load";
import { corpusServices } from "./corpus/services";

const combinations: Record<string, ImmutableServiceArgs> = {
    "kubernetes/minimal": { image: "nginx:1.27" },
    "kubernetes/writable-user": {
        image: "nginxinc/nginx-unprivileged:1.27@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        user: { uid: 101, gid: 101 },
        writablePaths: ["/tmp", "/var/cache/nginx", { path: "/var/run", sizeLimit: "1Mi" }],
    },
    "kubernetes/everything": {
        image: "wordpress:6.6-php8.3-apache",
        command: ["docker-entrypoint.sh"],
        args: ["apache2-foreground"],
        env: { WORDPRESS_DB_HOST: "db:3306", WORDPRESS_DB_PASSWORD: pulumi.secret("hunter2") },
        secretEnv: { WORDPRESS_AUTH_KEY: "salt" },
        ports: [80, { containerPort: 9117, publishedPort: 9000, protocol: "UDP", name: "metrics" }],
        namespace: "blog",
        labels: { team: "web" },
        annotations: { "example.com/owner": "web-team" },
        resources: { limits: { cpu: "1", memory: "512Mi" }, requests: { cpu: "250m", memory: "256Mi" } },
        writablePaths: ["/tmp", { path: "/var/run/apache2", sizeLimit: "1Mi" }],
        user: { uid: 33, gid: 33 },
        persistentPaths: [{ path: "/var/www/html/wp-content/uploads", size: "10Gi", storageClassName: "fast" }],
    },
    "kubernetes/shared-rwx": {
        image: "app:1",
        replicas: 3,
        ports: [8080],
        writablePaths: ["/tmp"],
        persistentPaths: [{ path: "/srv/shared", size: "5Gi", accessModes: ["ReadWriteMany"] }],
    },
    "kubernetes/scaled-to-zero": { image: "app:1", replicas: 0, ports: [8080] },
    "docker/minimal": { platform: "docker", image: "nginx:1.27" },
    "docker/writable-user": {
        platform: "docker",
        image: "nginxinc/nginx-unprivileged:1.27",
        user: { uid: 101, gid: 101 },
        ports: [{ containerPort: 8080, publishedPort: 8080 }, 8443],
        writablePaths: ["/tmp", { path: "/var/cache/nginx", sizeLimit: "32m", mode: "0700" }],
    },
    "docker/everything": {
        platform: "docker",
        image: "wordpress:6.6-php8.3-apache",
        command: ["docker-entrypoint.sh"],
        args: ["apache2-foreground"],
        env: { WORDPRESS_DB_HOST: "db:3306", WORDPRESS_DB_PASSWORD: pulumi.secret("hunter2") },
        secretEnv: { WORDPRESS_AUTH_KEY: "salt" },
        ports: [{ containerPort: 80, publishedPort: 8080 }],
        labels: { team: "web" },
        annotations: { "example.com/owner": "web-team" },
        resources: { limits: { cpu: "1.5", memory: "512m" }, requests: { cpu: "250m", memory: "128m" } },
        writablePaths: ["/tmp", { path: "/var/run/apache2", sizeLimit: "1m" }],
        user: { uid: 33, gid: 33 },
        persistentPaths: [
            { path: "/var/www/html/wp-content/uploads", size: "10g" },
            { path: "/var/log/apache2", size: "1g" },
        ],
    },
    "swarm/minimal": { platform: "swarm", image: "nginx:1.27@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" },
    "swarm/everything": {
        platform: "swarm",
        image: "wordpress:6.6-php8.3-apache",
        replicas: 3,
        command: ["docker-entrypoint.sh"],
        args: ["apache2-foreground"],
        env: { WORDPRESS_DB_HOST: "db:3306", WORDPRESS_DB_PASSWORD: pulumi.secret("hunter2") },
        secretEnv: { WORDPRESS_AUTH_KEY: "salt" },
        ports: [{ containerPort: 80, publishedPort: 8080 }],
        labels: { team: "web" },
        annotations: { "example.com/owner": "web-team" },
        resources: { limits: { cpu: "1", memory: "1g" }, requests: { cpu: "500m", memory: "256m" } },
        writablePaths: ["/tmp", { path: "/var/run/apache2", sizeLimit: "1m", mode: "0770" }],
        user: { uid: 33, gid: 33 },
        persistentPaths: [{ path: "/var/www/html/wp-content/uploads", size: "10g" }],
    },
    "swarm/writable-no-user": { platform: "swarm", image: "app:1", replicas: 0, writablePaths: ["/tmp", "/run"] },
    "kubernetes/writable-limit": { image: "app:1", writablePaths: Array.from({ length: maxWritablePaths }, (_, i) => `/w${i}`) },
    "docker/writable-limit": {
        platform: "docker",
        image: "app:1",
        writablePaths: Array.from({ length: maxWritablePaths }, (_, i) => `/w${i}`),
    },
    "kubernetes/statefulset": {
        kind: "StatefulSet",
        image: "postgres:16",
        replicas: 3,
        statefulSet: { podManagementPolicy: "Parallel", publishNotReadyAddresses: true },
        user: { uid: 999, gid: 999 },
        ports: [{ containerPort: 5432, name: "postgres" }],
        persistentPaths: [{ path: "/var/lib/postgresql/data", size: "10Gi" }],
        writablePaths: ["/var/run/postgresql", "/tmp"],
        livenessProbe: { exec: ["pg_isready", "-U", "postgres"], periodSeconds: 10 },
        readinessProbe: { tcpSocket: { portName: "postgres" } },
        startupProbe: { exec: ["pg_isready"], failureThreshold: 30 },
    },
    "kubernetes/daemonset": {
        kind: "DaemonSet",
        image: "quay.io/prometheus/node-exporter:v1.8.2",
        args: ["--path.rootfs=/host/root"],
        tolerations: [{ operator: "Exists" }],
        priorityClassName: "system-node-critical",
        ports: [9100],
        readinessProbe: { httpGet: { path: "/metrics", port: 9100 } },
        podSpecOverrides: { hostNetwork: true, hostPID: true, volumes: [{ name: "root", hostPath: { path: "/" } }] },
        containerOverrides: {
            volumeMounts: [{ name: "root", mountPath: "/host/root", readOnly: true, mountPropagation: "HostToContainer" }],
        },
    },
    "kubernetes/job": {
        kind: "Job",
        image: "flyway/flyway:10",
        job: { backoffLimit: 2, ttlSecondsAfterFinished: 600 },
        files: { "/flyway/conf/flyway.conf": "flyway.locations=filesystem:/flyway/sql\n" },
        secretFiles: { "/flyway/secrets/password": pulumi.secret("hunter2") },
        writablePaths: ["/tmp"],
    },
    "kubernetes/cronjob": {
        kind: "CronJob",
        image: "registry.example.com/report:1",
        cronJob: { schedule: "0 3 * * *", concurrencyPolicy: "Forbid", successfulJobsHistoryLimit: 1, timeZone: "Etc/UTC" },
        job: { restartPolicy: "Never" },
        files: { "/etc/report/config.yaml": "format: pdf\n" },
    },
    "kubernetes/sidecars": {
        image: "registry.example.com/web:2",
        ports: [8080],
        serviceAccountName: "web",
        imagePullSecrets: ["registry"],
        nodeSelector: { "kubernetes.io/os": "linux" },
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway" }],
        terminationGracePeriodSeconds: 30,
        valueFrom: { POD_IP: { fieldPath: "status.podIP" }, API_KEY: { secretKey: { name: "web-api", key: "key" } } },
        envFrom: [{ configMap: "web-settings" }],
        configMounts: [{ path: "/etc/web/tls", secret: "web-tls" }],
        writablePaths: [{ path: "/srv/static", volumeName: "static", sizeLimit: "32Mi" }, "/tmp"],
        initContainers: [
            {
                name: "render-static",
                image: "registry.example.com/web:2",
                command: ["render", "--out", "/out"],
                writablePaths: [{ path: "/out", volumeName: "static", sizeLimit: "32Mi" }],
            },
        ],
        sidecars: [
            {
                name: "log-shipper",
                image: "fluent/fluent-bit:3.1",
                ports: [{ containerPort: 2020, name: "metrics" }],
                writablePaths: [{ path: "/fluent-bit/buffer" }],
                resources: { limits: { memory: "128Mi" } },
                readinessProbe: { httpGet: { path: "/api/v1/health", portName: "metrics" } },
            },
        ],
        transform: (workload) => {
            workload.spec.revisionHistoryLimit = 3;
        },
    },
    "swarm/global-files": {
        platform: "swarm",
        kind: "DaemonSet",
        image: "registry.example.com/agent:1",
        files: { "/etc/agent/agent.yaml": "interval: 10s\n" },
        secretFiles: { "/run/secrets/token": pulumi.secret("t0ken") },
        livenessProbe: { exec: ["agent", "health"], periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3, initialDelaySeconds: 10 },
        writablePaths: ["/tmp"],
        terminationGracePeriodSeconds: 20,
    },
    "docker/healthcheck": {
        platform: "docker",
        image: "nginxinc/nginx-unprivileged:1.27",
        user: { uid: 101, gid: 101 },
        ports: [{ containerPort: 8080, publishedPort: 8080 }],
        writablePaths: ["/tmp", "/var/cache/nginx"],
        capabilities: { drop: ["ALL"] },
        readinessProbe: { exec: ["wget", "-q", "-O-", "http://localhost:8080/"], periodSeconds: 15 },
        terminationGracePeriodSeconds: 10,
    },
    ...Object.fromEntries(corpusServices.map((service) => [`corpus/${service.name}`, service.args])),
};

/** The component name each combination is built under (corpus workloads keep theirs). */
const componentNames: Record<string, string> = Object.fromEntries(
    corpusServices.map((service) => [`corpus/${service.name}`, service.component]),
);

/** Build one combination under fresh mocks and return every registration it caused. */
async function registrationsOf(args: ImmutableServiceArgs, name = "agreement"): Promise<CapturedResource[]> {
    return (await buildService(name, args)).registrations;
}

/** A registration as the engine would hand it to the analyzer: secrets stay wrapped. */
function toWire(r: CapturedResource): WireResource {
    return { type: r.type, name: r.name, props: r.wireInputs };
}

/**
 * Policies that judge what the component decides (the Secret it makes for secretEnv included; not the user's choices, such as an image pinned
 * by tag rather than digest): these must stay silent at every enforcement level, advisory included.
 */
const componentPolicies = ["read-only-root-filesystem", "writable-paths-in-memory", "no-writable-host-mounts", "immutable-configuration"];

const describeDiagnostics = (diagnostics: Diagnostic[]) =>
    diagnostics.map((d) => `${d.policyName} (${d.enforcementLevel}): ${d.message}`).join("\n");

describe("ImmutableService agrees with the policy pack", function () {
    this.timeout(120_000);
    const pack = usePack();

    // The component keeps its own copy of the limit (components/ never imports the pack).
    it("allows as many writable paths as the pack's maxWritablePaths default, and refuses one more", () => {
        const schemaDefault = writablePathsInMemoryConfigSchema.properties.maxWritablePaths.default;
        assert.strictEqual(maxWritablePaths, schemaDefault);
        const onePathTooMany = Array.from({ length: maxWritablePaths + 1 }, (_, i) => `/w${i}`);
        assert.throws(
            () => new ImmutableService("agreement", { image: "app:1", writablePaths: onePathTooMany }),
            (error: unknown) => error instanceof ImmutableServiceArgsError && error.argument === "writablePaths",
        );
    });

    for (const [combination, args] of Object.entries(combinations)) {
        it(`${combination}: no mandatory violation`, async () => {
            const registrations = await registrationsOf(args, componentNames[combination]);
            const platform = args.platform ?? "kubernetes";
            // The check is only as good as what it checks: the workload itself must be among them.
            const kubernetesTypes: Record<string, string> = {
                Deployment: "kubernetes:apps/v1:Deployment",
                StatefulSet: "kubernetes:apps/v1:StatefulSet",
                DaemonSet: "kubernetes:apps/v1:DaemonSet",
                Job: "kubernetes:batch/v1:Job",
                CronJob: "kubernetes:batch/v1:CronJob",
            };
            const workloadType = {
                kubernetes: kubernetesTypes[args.kind ?? "Deployment"],
                docker: "docker:index/container:Container",
                swarm: "docker:index/service:Service",
            }[platform];
            assert.ok(
                registrations.some((r) => r.type === workloadType),
                `no ${workloadType} registered`,
            );

            const perResource = (await Promise.all(registrations.map((r) => pack.analyze(toWire(r))))).flat();
            const asStack = await pack.analyzeStack(registrations.map(toWire));
            const diagnostics = [...perResource, ...asStack];
            const mandatory = diagnostics.filter((d) => d.enforcementLevel === "mandatory");
            assert.deepStrictEqual(mandatory, [], describeDiagnostics(mandatory));
            const aboutWhatWeBuild = diagnostics.filter((d) => componentPolicies.includes(d.policyName));
            assert.deepStrictEqual(aboutWhatWeBuild, [], describeDiagnostics(aboutWhatWeBuild));
        });
    }

    it("would notice a violation: the same Deployment made writable is reported", async () => {
        const registrations = await registrationsOf(combinations["kubernetes/writable-user"]);
        const deployment = registrations.find((r) => r.type === "kubernetes:apps/v1:Deployment");
        assert.ok(deployment);
        const props = JSON.parse(JSON.stringify(deployment.wireInputs));
        props.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false;
        const diagnostics = await pack.analyze({ type: deployment.type, name: deployment.name, props });
        assert.ok(
            diagnostics.some((d) => d.enforcementLevel === "mandatory" && d.policyName === "read-only-root-filesystem"),
            describeDiagnostics(diagnostics),
        );
    });

    it("would notice a violation: the same Docker container made writable is reported", async () => {
        const registrations = await registrationsOf(combinations["docker/everything"]);
        const container = registrations.find((r) => r.type === "docker:index/container:Container");
        assert.ok(container);
        const diagnostics = await pack.analyze({
            type: container.type,
            name: container.name,
            props: { ...container.wireInputs, readOnly: false },
        });
        assert.ok(
            diagnostics.some((d) => d.enforcementLevel === "mandatory"),
            describeDiagnostics(diagnostics),
        );
    });

    it("would notice a violation in the new kinds: a StatefulSet's sidecar-free container and a CronJob made writable are reported", async () => {
        for (const [combination, type] of [
            ["kubernetes/statefulset", "kubernetes:apps/v1:StatefulSet"],
            ["kubernetes/cronjob", "kubernetes:batch/v1:CronJob"],
        ]) {
            const registrations = await registrationsOf(combinations[combination]);
            const workload = registrations.find((r) => r.type === type);
            assert.ok(workload, `${combination}: no ${type}`);
            const props = JSON.parse(JSON.stringify(workload.wireInputs));
            const pod = type.endsWith("CronJob") ? props.spec.jobTemplate.spec.template.spec : props.spec.template.spec;
            pod.containers[0].securityContext.readOnlyRootFilesystem = false;
            const diagnostics = await pack.analyze({ type: workload.type, name: workload.name, props });
            assert.ok(
                diagnostics.some((d) => d.enforcementLevel === "mandatory" && d.policyName === "read-only-root-filesystem"),
                `${combination}: ${describeDiagnostics(diagnostics)}`,
            );
        }
    });

    it("would notice a violation: a native sidecar made writable, and the files ConfigMap made mutable, are reported", async () => {
        const registrations = await registrationsOf(combinations["kubernetes/sidecars"]);
        const deployment = registrations.find((r) => r.type === "kubernetes:apps/v1:Deployment");
        assert.ok(deployment);
        const props = JSON.parse(JSON.stringify(deployment.wireInputs));
        const sidecar = props.spec.template.spec.initContainers.find((c: { name: string }) => c.name === "log-shipper");
        sidecar.securityContext.readOnlyRootFilesystem = false;
        const diagnostics = await pack.analyze({ type: deployment.type, name: deployment.name, props });
        assert.ok(
            diagnostics.some((d) => d.enforcementLevel === "mandatory" && d.policyName === "read-only-root-filesystem"),
            describeDiagnostics(diagnostics),
        );

        const job = await registrationsOf(combinations["kubernetes/job"]);
        const mutable = job.map((r) =>
            r.type === "kubernetes:core/v1:ConfigMap" ? { ...r, wireInputs: { ...r.wireInputs, immutable: false } } : r,
        );
        assert.ok(
            job.some((r) => r.type === "kubernetes:core/v1:ConfigMap"),
            "no ConfigMap for files",
        );
        const stack = await pack.analyzeStack(mutable.map(toWire));
        assert.ok(
            stack.some((d) => d.policyName === "immutable-configuration"),
            describeDiagnostics(stack),
        );
    });
});
