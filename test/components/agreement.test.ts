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
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ImmutableService, ImmutableServiceArgs, ImmutableServiceArgsError, maxWritablePaths } from "../../components";
import { writablePathsInMemoryConfigSchema } from "../../policy-pack/policies/writable-paths-in-memory";
import { Diagnostic, WireResource } from "../helpers/analyzer";
import { CapturedResource, captureResources, registered } from "./mocks";
import { usePack } from "../helpers/packSuite";

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
        persistentPaths: [{ path: "/var/www/html/wp-content/uploads", size: "10g" }, { path: "/var/log/apache2", size: "1g" }],
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
    "docker/writable-limit": { platform: "docker", image: "app:1", writablePaths: Array.from({ length: maxWritablePaths }, (_, i) => `/w${i}`) },
};

/** Build one combination under fresh mocks and return every registration it caused. */
async function registrationsOf(args: ImmutableServiceArgs): Promise<CapturedResource[]> {
    const capture = await captureResources();
    const component = new ImmutableService("agreement", args);
    await registered([
        component, component.deployment, component.service, component.envSecret, ...component.claims,
        component.container, component.swarmService, ...component.volumes,
    ]);
    return capture.resources;
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
        assert.throws(() => new ImmutableService("agreement", { image: "app:1", writablePaths: onePathTooMany }),
            (error: unknown) => error instanceof ImmutableServiceArgsError && error.argument === "writablePaths");
    });

    for (const [combination, args] of Object.entries(combinations)) {
        it(`${combination}: no mandatory violation`, async () => {
            const registrations = await registrationsOf(args);
            const platform = args.platform ?? "kubernetes";
            // The check is only as good as what it checks: the workload itself must be among them.
            const workloadType = {
                kubernetes: "kubernetes:apps/v1:Deployment",
                docker: "docker:index/container:Container",
                swarm: "docker:index/service:Service",
            }[platform];
            assert.ok(registrations.some((r) => r.type === workloadType), `no ${workloadType} registered`);

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
        assert.ok(diagnostics.some((d) => d.enforcementLevel === "mandatory" && d.policyName === "read-only-root-filesystem"),
            describeDiagnostics(diagnostics));
    });

    it("would notice a violation: the same Docker container made writable is reported", async () => {
        const registrations = await registrationsOf(combinations["docker/everything"]);
        const container = registrations.find((r) => r.type === "docker:index/container:Container");
        assert.ok(container);
        const diagnostics = await pack.analyze({ type: container.type, name: container.name, props: { ...container.wireInputs, readOnly: false } });
        assert.ok(diagnostics.some((d) => d.enforcementLevel === "mandatory"), describeDiagnostics(diagnostics));
    });
});
