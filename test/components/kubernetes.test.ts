import * as assert from "assert";
import { ImmutableService, ImmutableServiceArgs } from "../../components";
import { volumeName } from "../../components/kubernetes";
import { autoName, CapturedResource, ResourceCapture, captureResources, registered } from "./mocks";

// kubernetes-models is CommonJS; each class validates against the upstream OpenAPI schema.
const { Deployment } = require("kubernetes-models/apps/v1/Deployment");
const { Service } = require("kubernetes-models/v1/Service");
const { PersistentVolumeClaim } = require("kubernetes-models/v1/PersistentVolumeClaim");

const deploymentType = "kubernetes:apps/v1:Deployment";
const serviceType = "kubernetes:core/v1:Service";
const claimType = "kubernetes:core/v1:PersistentVolumeClaim";
const secretType = "kubernetes:core/v1:Secret";
const { Secret } = require("kubernetes-models/v1/Secret");

/** Build the component under fresh mocks and wait for every registration. */
async function build(name: string, args: ImmutableServiceArgs): Promise<{ capture: ResourceCapture; component: ImmutableService }> {
    const capture = await captureResources();
    const component = new ImmutableService(name, args);
    await registered([component, component.deployment, component.service, component.envSecret, ...component.claims]);
    return { capture, component };
}

function podSpecOf(deployment: CapturedResource): Record<string, unknown> {
    const spec = deployment.inputs.spec as { template: { spec: Record<string, unknown> } };
    return spec.template.spec;
}

/** Throws with the schema's complaint when `inputs` is not a valid object of `Model`. */
function validate(Model: new (data: unknown) => { validate(): void }, inputs: Record<string, unknown>): void {
    new Model(inputs).validate();
}

describe("ImmutableService on Kubernetes", () => {
    it("builds only a hardened Deployment from an image alone", async () => {
        const { capture } = await build("minimal", { image: "nginx:1.27" });
        assert.deepStrictEqual(
            capture.custom.map((r) => r.type),
            [deploymentType],
        );
        assert.deepStrictEqual(capture.one(deploymentType).inputs, {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { labels: { "app.kubernetes.io/instance": "minimal" } },
            spec: {
                replicas: 1,
                selector: { matchLabels: { "app.kubernetes.io/instance": "minimal" } },
                template: {
                    metadata: { labels: { "app.kubernetes.io/instance": "minimal" } },
                    spec: {
                        containers: [
                            {
                                name: "minimal",
                                image: "nginx:1.27",
                                securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
                            },
                        ],
                    },
                },
            },
        });
    });

    it("builds exactly what a full set of arguments asks for", async () => {
        const { capture } = await build("wordpress", {
            image: "wordpress:6.6-php8.3-apache",
            command: ["docker-entrypoint.sh"],
            args: ["apache2-foreground"],
            env: { WORDPRESS_DB_HOST: "db:3306", WORDPRESS_DB_USER: "wp" },
            ports: [80, { containerPort: 9117, publishedPort: 9000, name: "metrics" }],
            replicas: 1,
            namespace: "blog",
            labels: { team: "web", tier: "frontend" },
            annotations: { "example.com/owner": "web-team" },
            resources: { limits: { cpu: "1", memory: "512Mi" }, requests: { cpu: "250m", memory: "256Mi" } },
            writablePaths: ["/tmp", { path: "/var/run/apache2", sizeLimit: "1Mi" }],
            user: { uid: 33, gid: 33 },
            persistentPaths: [{ path: "/var/www/html/wp-content/uploads", size: "10Gi", storageClassName: "fast" }],
        });
        assert.deepStrictEqual(capture.custom.map((r) => r.type).sort(), [deploymentType, claimType, serviceType].sort());

        const labels = { team: "web", tier: "frontend", "app.kubernetes.io/instance": "wordpress" };
        const claim = capture.one(claimType);
        assert.strictEqual(claim.name, "wordpress-var-www-html-wp-content-uploads");
        assert.deepStrictEqual(claim.inputs, {
            apiVersion: "v1",
            kind: "PersistentVolumeClaim",
            metadata: { labels, namespace: "blog" },
            spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } }, storageClassName: "fast" },
        });

        assert.deepStrictEqual(capture.one(serviceType).inputs, {
            apiVersion: "v1",
            kind: "Service",
            metadata: { labels, namespace: "blog" },
            spec: {
                selector: { "app.kubernetes.io/instance": "wordpress" },
                ports: [
                    { name: "tcp-80", port: 80, targetPort: 80, protocol: "TCP" },
                    { name: "metrics", port: 9000, targetPort: 9117, protocol: "TCP" },
                ],
            },
        });

        const uploads = volumeName("persistent", 0, "/var/www/html/wp-content/uploads");
        assert.deepStrictEqual(capture.one(deploymentType).inputs, {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { labels, annotations: { "example.com/owner": "web-team" }, namespace: "blog" },
            spec: {
                replicas: 1,
                selector: { matchLabels: { "app.kubernetes.io/instance": "wordpress" } },
                strategy: { type: "Recreate" },
                template: {
                    metadata: { labels, annotations: { "example.com/owner": "web-team" } },
                    spec: {
                        containers: [
                            {
                                name: "wordpress",
                                image: "wordpress:6.6-php8.3-apache",
                                command: ["docker-entrypoint.sh"],
                                args: ["apache2-foreground"],
                                env: [
                                    { name: "WORDPRESS_DB_HOST", value: "db:3306" },
                                    { name: "WORDPRESS_DB_USER", value: "wp" },
                                ],
                                ports: [
                                    { name: "tcp-80", containerPort: 80, protocol: "TCP" },
                                    { name: "metrics", containerPort: 9117, protocol: "TCP" },
                                ],
                                resources: { limits: { cpu: "1", memory: "512Mi" }, requests: { cpu: "250m", memory: "256Mi" } },
                                securityContext: {
                                    readOnlyRootFilesystem: true,
                                    allowPrivilegeEscalation: false,
                                    runAsUser: 33,
                                    runAsGroup: 33,
                                    runAsNonRoot: true,
                                },
                                volumeMounts: [
                                    { name: "writable-0-tmp", mountPath: "/tmp" },
                                    { name: "writable-1-var-run-apache2", mountPath: "/var/run/apache2" },
                                    { name: uploads, mountPath: "/var/www/html/wp-content/uploads" },
                                ],
                            },
                        ],
                        securityContext: { fsGroup: 33, fsGroupChangePolicy: "OnRootMismatch" },
                        volumes: [
                            { name: "writable-0-tmp", emptyDir: { medium: "Memory", sizeLimit: "64Mi" } },
                            { name: "writable-1-var-run-apache2", emptyDir: { medium: "Memory", sizeLimit: "1Mi" } },
                            // The mock engine names the claim as auto-naming would.
                            { name: uploads, persistentVolumeClaim: { claimName: autoName("wordpress-var-www-html-wp-content-uploads") } },
                        ],
                    },
                },
            },
        });
    });

    it("keeps secretEnv out of the Deployment: an immutable Secret, read with secretKeyRef", async () => {
        const { capture, component } = await build("blog", {
            image: "wordpress:6.6",
            namespace: "blog",
            env: { WORDPRESS_DB_HOST: "db:3306" },
            secretEnv: { WORDPRESS_DB_PASSWORD: "hunter2" },
        });
        assert.deepStrictEqual(capture.custom.map((r) => r.type).sort(), [deploymentType, secretType].sort());
        const secret = capture.one(secretType);
        assert.strictEqual(component.envSecret !== undefined, true);
        assert.deepStrictEqual(secret.inputs, {
            apiVersion: "v1",
            kind: "Secret",
            metadata: { labels: { "app.kubernetes.io/instance": "blog" }, namespace: "blog" },
            immutable: true,
            type: "Opaque",
            stringData: { WORDPRESS_DB_PASSWORD: "hunter2" },
        });
        // On the wire the values are a Pulumi secret too, so the state keeps them encrypted.
        assert.deepStrictEqual(secret.wireInputs.stringData, {
            "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
            value: { WORDPRESS_DB_PASSWORD: "hunter2" },
        });
        validate(Secret, secret.inputs);
        const container = (podSpecOf(capture.one(deploymentType)).containers as Array<Record<string, unknown>>)[0];
        assert.deepStrictEqual(container.env, [
            { name: "WORDPRESS_DB_HOST", value: "db:3306" },
            { name: "WORDPRESS_DB_PASSWORD", valueFrom: { secretKeyRef: { name: autoName("blog-env"), key: "WORDPRESS_DB_PASSWORD" } } },
        ]);
        assert.ok(!JSON.stringify(capture.one(deploymentType).inputs).includes("hunter2"), "the value is not in the Deployment");
        validate(Deployment, capture.one(deploymentType).inputs);
    });

    it("shares ReadWriteMany claims between replicas with a rolling update", async () => {
        const { capture } = await build("shared", {
            image: "app:1",
            replicas: 3,
            persistentPaths: [{ path: "/srv/data", size: "1Gi", accessModes: ["ReadWriteMany"] }],
        });
        const deployment = capture.one(deploymentType).inputs.spec as Record<string, unknown>;
        assert.strictEqual(deployment.replicas, 3);
        assert.strictEqual(deployment.strategy, undefined);
        assert.deepStrictEqual((capture.one(claimType).inputs.spec as Record<string, unknown>).accessModes, ["ReadWriteMany"]);
    });

    it("gives every writable path its own memory-backed, bounded emptyDir and mount", async () => {
        const paths = ["/tmp", "/var/cache/nginx", "/var/run", "/run/lock"];
        const { capture } = await build("many", {
            image: "nginx",
            writablePaths: [...paths.slice(0, 3), { path: paths[3], sizeLimit: "1.5Gi" }],
        });
        const pod = podSpecOf(capture.one(deploymentType)) as {
            volumes: Array<{ name: string; emptyDir: { medium: string; sizeLimit: string } }>;
            containers: Array<{ volumeMounts: Array<{ name: string; mountPath: string }> }>;
        };
        assert.deepStrictEqual(
            pod.volumes.map((v) => v.emptyDir),
            [
                { medium: "Memory", sizeLimit: "64Mi" },
                { medium: "Memory", sizeLimit: "64Mi" },
                { medium: "Memory", sizeLimit: "64Mi" },
                { medium: "Memory", sizeLimit: "1.5Gi" },
            ],
        );
        assert.deepStrictEqual(
            pod.containers[0].volumeMounts.map((m) => m.mountPath),
            paths,
        );
        assert.deepStrictEqual(
            pod.containers[0].volumeMounts.map((m) => m.name),
            pod.volumes.map((v) => v.name),
        );
    });

    it("keeps pod volume names valid DNS labels for long and odd paths", () => {
        const name = volumeName("writable", 12, "/Very/Long_Path/" + "x".repeat(100) + "/.cache");
        assert.ok(name.length <= 63, name);
        assert.match(name, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
        assert.ok(name.startsWith("writable-12-very-long-path-"));
    });

    describe("objects valid against the Kubernetes schemas (kubernetes-models)", () => {
        const combinations: Array<[string, ImmutableServiceArgs]> = [
            ["image only", { image: "nginx" }],
            [
                "writable paths and user",
                { image: "nginx", user: { uid: 101, gid: 101 }, writablePaths: ["/tmp", { path: "/var/run", sizeLimit: "1Mi" }] },
            ],
            [
                "everything",
                {
                    image: "wordpress:6",
                    command: ["sh"],
                    args: ["-c", "run"],
                    env: { A: "1" },
                    ports: [80, { containerPort: 53, protocol: "UDP", publishedPort: 5353 }],
                    namespace: "ns",
                    labels: { a: "b" },
                    annotations: { "x/y": "z" },
                    resources: { limits: { memory: "1Gi", cpu: "2" }, requests: { memory: "512Mi", cpu: "100m" } },
                    writablePaths: ["/tmp"],
                    user: { uid: 1000, gid: 1000 },
                    persistentPaths: [
                        { path: "/data", size: "5Gi" },
                        { path: "/shared", size: "1Gi", storageClassName: "nfs", accessModes: ["ReadWriteMany"] },
                    ],
                },
            ],
            ["RWX replicas", { image: "app", replicas: 4, persistentPaths: [{ path: "/d", size: "1G", accessModes: ["ReadWriteMany"] }] }],
        ];
        for (const [label, args] of combinations) {
            it(label, async () => {
                const { capture } = await build("valid", args);
                validate(Deployment, capture.one(deploymentType).inputs);
                capture.ofType(serviceType).forEach((s) => validate(Service, s.inputs));
                capture.ofType(claimType).forEach((c) => validate(PersistentVolumeClaim, c.inputs));
            });
        }

        it("the schema check itself catches a broken object", () => {
            assert.throws(() => validate(Deployment, { apiVersion: "apps/v1", kind: "Deployment", spec: { template: {} } }));
        });
    });
});
