// The capabilities issue 15 added to ImmutableService, one by one: what each builds, and what each
// refuses at construction (naming the argument, with nothing registered).
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ImmutableService, ImmutableServiceArgs, ImmutableServiceArgsError, contentHash, fileKey } from "../../components";
import { mergeOverrides } from "../../components/overrides";
import { buildService } from "./corpus/load";
import { autoName, captureResources, drain } from "./mocks";

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Constructing `args` throws an ImmutableServiceArgsError naming `argument`, and registers nothing. */
async function refuses(args: ImmutableServiceArgs, argument: string, message: RegExp): Promise<void> {
    const capture = await captureResources();
    assert.throws(
        () => new ImmutableService("svc", args),
        (error: unknown) => {
            assert.ok(error instanceof ImmutableServiceArgsError, `not an ImmutableServiceArgsError: ${error}`);
            assert.strictEqual(error.argument, argument, error.message);
            assert.match(error.message, message);
            return true;
        },
    );
    await drain();
    assert.deepStrictEqual(
        capture.resources.map((r) => r.type),
        [],
        "something was registered",
    );
}

const pod = (workload: any) => (workload.kind === "CronJob" ? workload.spec.jobTemplate.spec.template.spec : workload.spec.template.spec);
const typesOf = (built: { registrations: { type: string }[] }) =>
    built.registrations
        .filter((r) => r.type !== "immutable-workloads:index:ImmutableService")
        .map((r) => r.type)
        .sort();

describe("ImmutableService: workload kinds", function () {
    this.timeout(60_000);

    it("a StatefulSet: claim templates instead of claims, a headless Service it names, per-pod volumes", async () => {
        const built = await buildService("db", {
            kind: "StatefulSet",
            image: "postgres:16",
            replicas: 3,
            ports: [5432],
            persistentPaths: [{ path: "/var/lib/postgresql/data", size: "10Gi", volumeName: "data" }],
            statefulSet: { podManagementPolicy: "Parallel" },
        });
        assert.deepStrictEqual(typesOf(built), [
            "kubernetes:apps/v1:StatefulSet",
            "kubernetes:core/v1:Service",
            "kubernetes:core/v1:Service",
        ]);
        const spec = built.workload.spec;
        assert.deepStrictEqual(
            spec.volumeClaimTemplates.map((t: any) => [t.metadata.name, t.spec]),
            [
                [
                    "data",
                    {
                        accessModes: ["ReadWriteOnce"],
                        resources: { requests: { storage: "10Gi" } },
                    },
                ],
            ],
        );
        assert.strictEqual(spec.podManagementPolicy, "Parallel");
        assert.strictEqual(spec.replicas, 3);
        assert.match(spec.serviceName, /^db-headless-[0-9a-f]{8}$/);
        assert.deepStrictEqual(pod(built.workload).volumes, undefined, "no pod volume: the claims come from the templates");
        assert.deepStrictEqual(pod(built.workload).containers[0].volumeMounts, [{ name: "data", mountPath: "/var/lib/postgresql/data" }]);
        const headless = built.registrations.find((r) => r.name === "db-headless")!;
        assert.strictEqual((headless.inputs.spec as any).clusterIP, "None");
    });

    it("a DaemonSet, a Job and a CronJob", async () => {
        const daemon = await buildService("agent", { kind: "DaemonSet", image: "agent:1", tolerations: [{ operator: "Exists" }] });
        assert.deepStrictEqual(Object.keys(daemon.workload.spec).sort(), ["selector", "template"]);
        assert.deepStrictEqual(pod(daemon.workload).tolerations, [{ operator: "Exists" }]);
        const job = await buildService("migrate", { kind: "Job", image: "migrate:1", job: { backoffLimit: 2, completions: 1 } });
        assert.strictEqual(job.workload.apiVersion, "batch/v1");
        assert.deepStrictEqual(
            [job.workload.spec.backoffLimit, job.workload.spec.completions, pod(job.workload).restartPolicy],
            [2, 1, "OnFailure"],
        );
        assert.strictEqual(job.workload.spec.selector, undefined, "a Job's selector is generated");
        const cron = await buildService("report", {
            kind: "CronJob",
            image: "report:1",
            cronJob: { schedule: "0 3 * * *", concurrencyPolicy: "Forbid", failedJobsHistoryLimit: 2 },
            job: { restartPolicy: "Never" },
        });
        assert.deepStrictEqual(
            [cron.workload.spec.schedule, cron.workload.spec.concurrencyPolicy, cron.workload.spec.failedJobsHistoryLimit],
            ["0 3 * * *", "Forbid", 2],
        );
        assert.strictEqual(pod(cron.workload).restartPolicy, "Never");
        assert.strictEqual(pod(cron.workload).containers[0].securityContext.readOnlyRootFilesystem, true);
    });

    it("Swarm: a DaemonSet is a global service", async () => {
        const built = await buildService("agent", { platform: "swarm", kind: "DaemonSet", image: "agent:1" });
        const service = built.registrations.find((r) => r.type === "docker:index/service:Service")!;
        assert.deepStrictEqual(service.inputs.mode, { global: true });
    });

    it("refuses what a kind cannot be", async () => {
        await refuses({ image: "a:1", statefulSet: { podManagementPolicy: "Parallel" } }, "statefulSet", /kind is "Deployment"/);
        await refuses(
            { platform: "docker", kind: "CronJob", image: "a:1", cronJob: { schedule: "@hourly" } },
            "kind",
            /exactly one long-running container/,
        );
        await refuses({ platform: "swarm", kind: "Job", image: "a:1" }, "kind", /replicated or global service only/);
        await refuses({ kind: "DaemonSet", image: "a:1", replicas: 2 }, "replicas", /one pod per node/);
        await refuses({ kind: "Job", image: "a:1", ports: [80] }, "ports", /short-lived pods/);
        await refuses(
            { kind: "DaemonSet", image: "a:1", persistentPaths: [{ path: "/data", size: "1Gi" }] },
            "persistentPaths",
            /StatefulSet/,
        );
        await refuses({ kind: "CronJob", image: "a:1" }, "cronJob.schedule", /is missing/);
        await refuses({ kind: "CronJob", image: "a:1", cronJob: { schedule: "every day" } }, "cronJob.schedule", /not a cron schedule/);
        await refuses({ kind: "Deploymnet" as any, image: "a:1" }, "kind", /is not one of/);
    });
});

describe("ImmutableService: probes and healthchecks", function () {
    this.timeout(60_000);

    it("Kubernetes: exec, HTTP (by port name), TCP and gRPC probes, field for field", async () => {
        const built = await buildService("api", {
            image: "api:1",
            ports: [
                { containerPort: 8080, name: "http" },
                { containerPort: 9090, name: "grpc" },
            ],
            livenessProbe: { grpc: { port: 9090, service: "api" }, periodSeconds: 20 },
            readinessProbe: { httpGet: { path: "/ready", portName: "http", scheme: "HTTP" }, failureThreshold: 2 },
            startupProbe: { exec: ["test", "-f", "/tmp/started"], failureThreshold: 30 },
            writablePaths: ["/tmp"],
        });
        const c = pod(built.workload).containers[0];
        assert.deepStrictEqual(c.livenessProbe, { grpc: { port: 9090, service: "api" }, periodSeconds: 20 });
        assert.deepStrictEqual(c.readinessProbe, { httpGet: { path: "/ready", port: "http", scheme: "HTTP" }, failureThreshold: 2 });
        assert.deepStrictEqual(c.startupProbe, { exec: { command: ["test", "-f", "/tmp/started"] }, failureThreshold: 30 });
    });

    it("Docker and Swarm: an exec probe becomes the healthcheck", async () => {
        const probe = {
            exec: ["wget", "-q", "-O-", "http://localhost:8080/"],
            periodSeconds: 15,
            timeoutSeconds: 3,
            initialDelaySeconds: 5,
            failureThreshold: 4,
        };
        const expected = {
            tests: ["CMD", "wget", "-q", "-O-", "http://localhost:8080/"],
            interval: "15s",
            timeout: "3s",
            startPeriod: "5s",
            retries: 4,
        };
        const docker = await buildService("web", { platform: "docker", image: "web:1", livenessProbe: probe, readinessProbe: probe });
        assert.deepStrictEqual(
            docker.registrations.find((r) => r.type === "docker:index/container:Container")!.inputs.healthcheck,
            expected,
        );
        const swarm = await buildService("web", { platform: "swarm", image: "web:1", readinessProbe: probe });
        assert.deepStrictEqual(
            (swarm.registrations.find((r) => r.type === "docker:index/service:Service")!.inputs.taskSpec as any).containerSpec.healthcheck,
            expected,
        );
    });

    it("refuses what does not translate, and malformed probes", async () => {
        await refuses(
            { platform: "docker", image: "a:1", livenessProbe: { httpGet: { port: 80 } } },
            "livenessProbe.httpGet",
            /runs a command inside the container/,
        );
        await refuses({ platform: "swarm", image: "a:1", startupProbe: { exec: ["true"] } }, "startupProbe", /initialDelaySeconds/);
        await refuses(
            { platform: "swarm", image: "a:1", livenessProbe: { exec: ["a"] }, readinessProbe: { exec: ["b"] } },
            "readinessProbe",
            /one healthcheck per container/,
        );
        await refuses(
            { image: "a:1", livenessProbe: { exec: ["a"], tcpSocket: { port: 1 } } },
            "livenessProbe",
            /exactly one of exec, httpGet, tcpSocket or grpc/,
        );
        await refuses(
            { image: "a:1", readinessProbe: { httpGet: { portName: "http" } } },
            "readinessProbe.httpGet.portName",
            /not the name of one of the container's ports/,
        );
        await refuses(
            { image: "a:1", readinessProbe: { httpGet: { port: 80, portName: "http" } } },
            "readinessProbe.httpGet",
            /exactly one of port/,
        );
        await refuses(
            { image: "a:1", livenessProbe: { exec: ["a"], successThreshold: 2 } },
            "livenessProbe.successThreshold",
            /requires 1/,
        );
        await refuses(
            { image: "a:1", livenessProbe: { exec: ["a"], periodSeconds: 0 } },
            "livenessProbe.periodSeconds",
            /whole number from 1/,
        );
    });
});

describe("ImmutableService: identity, scheduling and configuration from existing objects", function () {
    this.timeout(60_000);

    it("passes the scheduling fields, valueFrom, envFrom and configMounts through", async () => {
        const built = await buildService("web", {
            image: "web:1",
            serviceAccountName: "web",
            automountServiceAccountToken: false,
            imagePullSecrets: ["registry"],
            priorityClassName: "high",
            nodeSelector: { "kubernetes.io/os": "linux" },
            terminationGracePeriodSeconds: 45,
            affinity: {
                nodeAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: {
                        nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] }],
                    },
                },
            },
            podLabels: { tier: "web" },
            podAnnotations: { "prometheus.io/scrape": "true" },
            env: { MODE: "prod" },
            valueFrom: { POD_IP: { fieldPath: "status.podIP" }, KEY: { secretKey: { name: "api", key: "key", optional: true } } },
            envFrom: [{ configMap: "settings", prefix: "APP_" }],
            configMounts: [{ path: "/etc/web/tls", secret: "web-tls", defaultMode: 0o440 }],
        });
        const p = pod(built.workload);
        assert.deepStrictEqual(
            [
                p.serviceAccountName,
                p.automountServiceAccountToken,
                p.imagePullSecrets,
                p.priorityClassName,
                p.nodeSelector,
                p.terminationGracePeriodSeconds,
            ],
            ["web", false, [{ name: "registry" }], "high", { "kubernetes.io/os": "linux" }, 45],
        );
        assert.strictEqual(
            p.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key,
            "zone",
        );
        assert.strictEqual(built.workload.spec.template.metadata.labels.tier, "web");
        assert.strictEqual(built.workload.metadata.labels.tier, undefined, "podLabels stay on the pods");
        const c = p.containers[0];
        assert.deepStrictEqual(c.env, [
            { name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
            { name: "KEY", valueFrom: { secretKeyRef: { name: "api", key: "key", optional: true } } },
            { name: "MODE", value: "prod" },
        ]);
        assert.deepStrictEqual(c.envFrom, [{ prefix: "APP_", configMapRef: { name: "settings" } }]);
        const mount = c.volumeMounts.find((m: any) => m.mountPath === "/etc/web/tls");
        assert.strictEqual(mount.readOnly, true);
        assert.deepStrictEqual(p.volumes.find((v: any) => v.name === mount.name).secret, { secretName: "web-tls", defaultMode: 0o440 });
    });

    it("refuses Kubernetes-only fields elsewhere, and malformed ones", async () => {
        await refuses({ platform: "docker", image: "a:1", nodeSelector: { a: "b" } }, "nodeSelector", /Kubernetes-only/);
        await refuses(
            { platform: "swarm", image: "a:1", valueFrom: { A: { fieldPath: "metadata.name" } } },
            "valueFrom",
            /files or secretFiles/,
        );
        await refuses(
            { image: "a:1", tolerations: [{ key: "k", operator: "Exists", value: "v" }] },
            "tolerations[0].value",
            /must be empty/,
        );
        await refuses(
            { image: "a:1", valueFrom: { A: { fieldPath: "metadata.name", secretKey: { name: "s", key: "k" } } } },
            'valueFrom["A"]',
            /exactly one of/,
        );
        await refuses({ image: "a:1", env: { A: "1" }, valueFrom: { A: { fieldPath: "metadata.name" } } }, 'valueFrom["A"]', /also in env/);
        await refuses({ image: "a:1", envFrom: [{ prefix: "X_" }] }, "envFrom[0]", /exactly one of configMap or secret/);
        await refuses({ image: "a:1", serviceAccountName: "Web_SA" }, "serviceAccountName", /not a Kubernetes object name/);
        await refuses(
            { image: "a:1", labels: { "app.kubernetes.io/instance": "other" } },
            'labels["app.kubernetes.io/instance"]',
            /name the component "other"/,
        );
        await refuses({ image: "a:1", capabilities: { add: ["SYS_ADMIN"] } }, "capabilities.add[0]", /remount the root filesystem/);
    });

    it("accepts the selector label when it carries the component's own name", async () => {
        const built = await buildService("svc", { image: "a:1", labels: { "app.kubernetes.io/instance": "svc" } });
        assert.strictEqual(built.workload.metadata.labels["app.kubernetes.io/instance"], "svc");
    });
});

describe("ImmutableService: files and secretFiles", function () {
    this.timeout(60_000);

    it("Kubernetes: an immutable ConfigMap and Secret named by their content, each file mounted read-only on its own", async () => {
        const built = await buildService("web", {
            image: "nginx:1.27",
            files: { "/etc/nginx/conf.d/default.conf": "server { listen 8080; }\n" },
            secretFiles: { "/etc/nginx/tls/key.pem": pulumi.secret("KEY") },
        });
        const configMap = built.registrations.find((r) => r.type === "kubernetes:core/v1:ConfigMap")!;
        const secret = built.registrations.find((r) => r.type === "kubernetes:core/v1:Secret")!;
        const confKey = fileKey("/etc/nginx/conf.d/default.conf");
        assert.strictEqual(confKey, "etc_nginx_conf.d_default.conf");
        assert.deepStrictEqual([configMap.inputs.immutable, configMap.inputs.data], [true, { [confKey]: "server { listen 8080; }\n" }]);
        assert.strictEqual((configMap.inputs.metadata as any).name, `web-files-${contentHash([[confKey, "server { listen 8080; }\n"]])}`);
        assert.strictEqual(secret.inputs.immutable, true);
        // Named by Pulumi: a hash of a secret must not show in its name.
        assert.strictEqual((secret.inputs.metadata as any).name, undefined);
        assert.strictEqual(secret.inputs.stringData && Object.keys(secret.inputs.stringData as object).length, 1);
        const c = pod(built.workload).containers[0];
        assert.deepStrictEqual(c.volumeMounts, [
            { name: "files", mountPath: "/etc/nginx/conf.d/default.conf", subPath: confKey, readOnly: true },
            { name: "secret-files", mountPath: "/etc/nginx/tls/key.pem", subPath: fileKey("/etc/nginx/tls/key.pem"), readOnly: true },
        ]);
        assert.deepStrictEqual(pod(built.workload).volumes, [
            { name: "files", configMap: { name: (configMap.inputs.metadata as any).name } },
            { name: "secret-files", secret: { secretName: autoName("web-secret-files") } },
        ]);
    });

    it("a changed file changes the ConfigMap's name, so the pods roll", () => {
        const a = contentHash([["k", "one"]]);
        assert.notStrictEqual(a, contentHash([["k", "two"]]));
        assert.strictEqual(a, contentHash([["k", "one"]]));
        assert.strictEqual(
            contentHash([
                ["a", "1"],
                ["b", "2"],
            ]),
            contentHash([
                ["b", "2"],
                ["a", "1"],
            ]),
            "order of the files does not matter",
        );
    });

    it("Swarm: a config per file and a secret per secret file, referenced by the task", async () => {
        const built = await buildService("web", {
            platform: "swarm",
            image: "nginx:1.27",
            files: { "/etc/app.conf": "x=1\n" },
            secretFiles: { "/run/secrets/key": "k" },
        });
        const config = built.registrations.find((r) => r.type === "docker:index/serviceConfig:ServiceConfig")!;
        const secret = built.registrations.find((r) => r.type === "docker:index/secret:Secret")!;
        assert.strictEqual(config.inputs.data, Buffer.from("x=1\n").toString("base64"));
        assert.match(String(config.inputs.name), /^web-[0-9a-f]{8}$/);
        assert.strictEqual(secret.inputs.name, undefined, "the secret is named by Pulumi, not by a hash of its contents");
        const spec = (built.registrations.find((r) => r.type === "docker:index/service:Service")!.inputs.taskSpec as any).containerSpec;
        assert.deepStrictEqual(
            spec.configs.map((c: any) => [c.fileName, c.configName]),
            [["/etc/app.conf", config.inputs.name]],
        );
        assert.deepStrictEqual(
            spec.secrets.map((c: any) => [c.fileName, c.secretName]),
            [["/run/secrets/key", autoName("web-run_secrets_key")]],
        );
        assert.strictEqual(spec.readOnly, true);
    });

    it("refuses files on Docker, and bad paths", async () => {
        await refuses(
            { platform: "docker", image: "a:1", files: { "/etc/a": "x" } },
            "files",
            /refuses to copy files into a container whose root filesystem is read-only/,
        );
        await refuses({ image: "a:1", files: { "etc/a": "x" } }, 'files["etc/a"]', /absolute/);
        await refuses({ image: "a:1", files: { "/etc/a": "x" }, secretFiles: { "/etc/a": "y" } }, 'secretFiles["/etc/a"]', /also in files/);
        await refuses(
            { image: "a:1", files: { "/tmp/a.conf": "x" }, writablePaths: ["/tmp"] },
            'files["/tmp/a.conf"]',
            /overlaps writablePaths\[0\]/,
        );
        await refuses({ image: "a:1", files: { "/etc/a": "x", "/etc/a/b": "y" } }, 'files["/etc/a/b"]', /nested/);
    });
});

describe("ImmutableService: init containers and sidecars", function () {
    this.timeout(60_000);

    it("native sidecars by default, each read-only, sharing an in-memory volume by volumeName", async () => {
        const built = await buildService("web", {
            image: "web:1",
            ports: [8080],
            writablePaths: [{ path: "/srv/static", volumeName: "static", sizeLimit: "32Mi" }],
            persistentPaths: [{ path: "/data", size: "1Gi" }],
            initContainers: [
                {
                    name: "render",
                    image: "web:1",
                    writablePaths: [{ path: "/out", volumeName: "static", sizeLimit: "32Mi" }],
                    persistentPaths: ["/data"],
                },
            ],
            sidecars: [
                { name: "proxy", image: "envoy:1", ports: [{ containerPort: 9901, name: "admin" }], writablePaths: [{ path: "/tmp" }] },
            ],
        });
        const p = pod(built.workload);
        assert.deepStrictEqual(
            p.initContainers.map((c: any) => [c.name, c.restartPolicy]),
            [
                ["render", undefined],
                ["proxy", "Always"],
            ],
        );
        for (const c of [...p.containers, ...p.initContainers]) {
            assert.deepStrictEqual(
                [c.securityContext.readOnlyRootFilesystem, c.securityContext.allowPrivilegeEscalation],
                [true, false],
                c.name,
            );
        }
        assert.deepStrictEqual(
            p.volumes.filter((v: any) => v.name === "static"),
            [{ name: "static", emptyDir: { medium: "Memory", sizeLimit: "32Mi" } }],
        );
        assert.deepStrictEqual(
            p.initContainers[0].volumeMounts.map((m: any) => [m.name, m.mountPath]),
            [
                ["static", "/out"],
                [p.containers[0].volumeMounts[1].name, "/data"],
            ],
        );
        assert.deepStrictEqual(p.initContainers[1].volumeMounts, [{ name: "proxy-writable-0-tmp", mountPath: "/tmp" }]);
        const service = built.registrations.find((r) => r.type === "kubernetes:core/v1:Service")!;
        assert.deepStrictEqual(
            (service.inputs.spec as any).ports.map((x: any) => x.port),
            [8080, 9901],
            "the sidecar's port joins the Service",
        );
    });

    it("nativeSidecars: false puts sidecars in containers", async () => {
        const built = await buildService("web", { image: "web:1", nativeSidecars: false, sidecars: [{ name: "proxy", image: "envoy:1" }] });
        assert.deepStrictEqual(
            pod(built.workload).containers.map((c: any) => c.name),
            ["web", "proxy"],
        );
        assert.strictEqual(pod(built.workload).initContainers, undefined);
    });

    it("refuses clashes and what Docker and Swarm cannot run", async () => {
        await refuses({ image: "a:1", sidecars: [{ name: "svc", image: "b:1" }] }, "sidecars[0].name", /main container/);
        await refuses(
            {
                image: "a:1",
                writablePaths: [{ path: "/a", volumeName: "v", sizeLimit: "1Mi" }],
                sidecars: [{ name: "b", image: "b:1", writablePaths: [{ path: "/b", volumeName: "v", sizeLimit: "2Mi" }] }],
            },
            "sidecars[0].writablePaths[0].sizeLimit",
            /give both the same size/,
        );
        await refuses(
            { image: "a:1", initContainers: [{ name: "i", image: "b:1", ports: [{ containerPort: 80 }] }] },
            "initContainers[0].ports",
            /stops before the pod serves/,
        );
        await refuses(
            { image: "a:1", initContainers: [{ name: "i", image: "b:1", persistentPaths: ["/data"] }] },
            "initContainers[0].persistentPaths[0]",
            /not one of the service's persistentPaths/,
        );
        await refuses(
            { image: "a:1", ports: [8080], sidecars: [{ name: "b", image: "b:1", ports: [{ containerPort: 8080 }] }] },
            "sidecars[0].ports[0]",
            /clashes with ports\[0\]/,
        );
        await refuses(
            { platform: "docker", image: "a:1", sidecars: [{ name: "b", image: "b:1" }] },
            "sidecars",
            /its own ImmutableService/,
        );
        await refuses({ image: "a:1", sidecars: [{ name: "b", image: "" }] }, "sidecars[0].image", /is empty/);
    });
});

describe("ImmutableService: the escape hatch, and immutability re-asserted after it", function () {
    this.timeout(60_000);

    it("merges objects by key and named lists by name; null removes", () => {
        assert.deepStrictEqual(
            mergeOverrides(
                { a: 1, b: { c: 2 }, list: [{ name: "x", v: 1 }], keep: [1, 2] },
                { b: { d: 3 }, list: [{ name: "x", w: 2 }, { name: "y" }], keep: [3], a: null },
            ),
            { b: { c: 2, d: 3 }, list: [{ name: "x", v: 1, w: 2 }, { name: "y" }], keep: [3] },
        );
    });

    it("applies podSpecOverrides, containerOverrides, workloadSpecOverrides and transform, and hardens a container an override adds", async () => {
        const built = await buildService("web", {
            image: "web:1",
            podSpecOverrides: { hostNetwork: true, containers: [{ name: "debug", image: "busybox:1" }] },
            containerOverrides: { lifecycle: { preStop: { exec: { command: ["sleep", "5"] } } } },
            workloadSpecOverrides: { revisionHistoryLimit: 2 },
            transform: (workload) => {
                workload.spec.minReadySeconds = 10;
            },
        });
        const p = pod(built.workload);
        assert.strictEqual(p.hostNetwork, true);
        assert.deepStrictEqual(p.containers[0].lifecycle, { preStop: { exec: { command: ["sleep", "5"] } } });
        assert.deepStrictEqual([built.workload.spec.revisionHistoryLimit, built.workload.spec.minReadySeconds], [2, 10]);
        assert.deepStrictEqual(
            p.containers[1].securityContext,
            { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
            "the added container is read-only too",
        );
    });

    it("accepts a read-only host path and an explicit allowPrivilegeEscalation", async () => {
        const built = await buildService("exporter", {
            kind: "DaemonSet",
            image: "exporter:1",
            podSpecOverrides: { volumes: [{ name: "proc", hostPath: { path: "/proc" } }] },
            containerOverrides: {
                volumeMounts: [{ name: "proc", mountPath: "/host/proc", readOnly: true }],
                securityContext: { allowPrivilegeEscalation: true },
            },
        });
        const c = pod(built.workload).containers[0];
        assert.deepStrictEqual(c.securityContext, { readOnlyRootFilesystem: true, allowPrivilegeEscalation: true });
    });

    it("refuses an override that makes a root writable, remountable, or a writable path unbounded — with nothing registered", async () => {
        await refuses(
            { image: "a:1", containerOverrides: { securityContext: { readOnlyRootFilesystem: false } } },
            'containerOverrides (containers[0] "svc").securityContext.readOnlyRootFilesystem',
            /keeps every root filesystem read-only/,
        );
        await refuses(
            { image: "a:1", podSpecOverrides: { containers: [{ name: "x", image: "x:1", securityContext: { privileged: true } }] } },
            'podSpecOverrides (containers[1] "x").securityContext.privileged',
            /remount/,
        );
        await refuses(
            { image: "a:1", containerOverrides: { securityContext: { capabilities: { add: ["CAP_SYS_ADMIN"] } } } },
            'containerOverrides (containers[0] "svc").securityContext.capabilities.add',
            /remount/,
        );
        await refuses(
            {
                image: "a:1",
                podSpecOverrides: { volumes: [{ name: "scratch", emptyDir: {} }] },
                containerOverrides: { volumeMounts: [{ name: "scratch", mountPath: "/scratch" }] },
            },
            'podSpecOverrides (containers[0] "svc") volume "scratch".emptyDir.medium',
            /must be in memory/,
        );
        await refuses(
            {
                image: "a:1",
                writablePaths: ["/tmp"],
                podSpecOverrides: { volumes: [{ name: "writable-0-tmp", emptyDir: { medium: "Memory", sizeLimit: null } }] },
            },
            'podSpecOverrides (containers[0] "svc") volume "writable-0-tmp".emptyDir.sizeLimit',
            /must be bounded/,
        );
        await refuses(
            {
                image: "a:1",
                podSpecOverrides: { volumes: [{ name: "h", hostPath: { path: "/var/log" } }] },
                containerOverrides: { volumeMounts: [{ name: "h", mountPath: "/logs" }] },
            },
            'podSpecOverrides (containers[0] "svc").volumeMounts["h"].readOnly',
            /writable host mount/,
        );
        await refuses(
            {
                image: "a:1",
                writablePaths: ["/a", "/b", "/c", "/d", "/e"],
                podSpecOverrides: { volumes: [{ name: "f", emptyDir: { medium: "Memory", sizeLimit: "1Mi" } }] },
                containerOverrides: { volumeMounts: [{ name: "f", mountPath: "/f" }] },
            },
            'podSpecOverrides (containers[0] "svc").volumeMounts',
            /more than 5/,
        );
        await refuses(
            {
                image: "a:1",
                transform: (w) => {
                    w.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false;
                },
            },
            'transform (containers[0] "svc").securityContext.readOnlyRootFilesystem',
            /read-only/,
        );
        await refuses(
            {
                image: "a:1",
                transform: (w) => {
                    w.spec.template.spec.ephemeralContainers = [{ name: "dbg", image: "busybox" }];
                },
            },
            "transform (spec.ephemeralContainers)",
            /debugging/,
        );
        await refuses({ image: "a:1", transform: () => 42 as any }, "transform", /not an object/);
        await refuses({ image: "a:1", transform: "no" as any }, "transform", /not a function/);
        await refuses(
            { image: "a:1", containerOverrides: { securityContext: { readOnlyRootFilesystem: pulumi.output(true) } } },
            'containerOverrides (containers[0] "svc").securityContext.readOnlyRootFilesystem',
            /is an Output/,
        );
    });

    it("Docker and Swarm: transform is re-asserted too; the data overrides are Kubernetes-only", async () => {
        await refuses(
            { platform: "docker", image: "a:1", transform: (c) => ({ ...c, readOnly: false }) },
            "transform (docker.ContainerArgs).readOnly",
            /read-only/,
        );
        await refuses(
            { platform: "docker", image: "a:1", transform: (c) => ({ ...c, tmpfs: { "/x": "rw" } }) },
            'transform (docker.ContainerArgs).tmpfs["/x"]',
            /size=/,
        );
        await refuses(
            {
                platform: "docker",
                image: "a:1",
                transform: (c) => ({ ...c, volumes: [{ hostPath: "/var/run/docker.sock", containerPath: "/var/run/docker.sock" }] }),
            },
            "transform (docker.ContainerArgs).volumes[0].readOnly",
            /writable host mount/,
        );
        await refuses(
            {
                platform: "swarm",
                image: "a:1",
                transform: (s) => {
                    s.taskSpec.containerSpec.mounts = [{ type: "tmpfs", target: "/x" }];
                },
            },
            "transform (docker.ServiceArgs).taskSpec.containerSpec.mounts[0].tmpfsOptions.sizeBytes",
            /unbounded/,
        );
        await refuses({ platform: "swarm", image: "a:1", podSpecOverrides: { hostNetwork: true } }, "podSpecOverrides", /use transform/);
        const built = await buildService("web", { platform: "docker", image: "a:1", transform: (c) => ({ ...c, restart: "always" }) });
        const container = built.registrations.find((r) => r.type === "docker:index/container:Container")!;
        assert.deepStrictEqual([container.inputs.restart, container.inputs.readOnly], ["always", true]);
    });

    it("Docker and Swarm: capabilities, working directory and the stop grace period", async () => {
        const args: ImmutableServiceArgs = {
            image: "a:1",
            capabilities: { add: ["NET_BIND_SERVICE"], drop: ["ALL"] },
            workingDir: "/app",
            terminationGracePeriodSeconds: 20,
        };
        const docker = (await buildService("a", { ...args, platform: "docker" })).registrations.find(
            (r) => r.type === "docker:index/container:Container",
        )!.inputs as any;
        assert.deepStrictEqual(
            [docker.capabilities, docker.workingDir, docker.stopTimeout],
            [{ adds: ["NET_BIND_SERVICE"], drops: ["ALL"] }, "/app", 20],
        );
        const swarm = (
            (await buildService("a", { ...args, platform: "swarm" })).registrations.find((r) => r.type === "docker:index/service:Service")!
                .inputs as any
        ).taskSpec.containerSpec;
        assert.deepStrictEqual(
            [swarm.capAdds, swarm.capDrops, swarm.dir, swarm.stopGracePeriod],
            [["NET_BIND_SERVICE"], ["ALL"], "/app", "20s"],
        );
        await refuses({ platform: "swarm", image: "a:1", seccompProfile: "RuntimeDefault" }, "seccompProfile", /Kubernetes-only/);
    });
});
