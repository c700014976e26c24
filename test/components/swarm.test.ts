import * as assert from "assert";
import { ImmutableService, ImmutableServiceArgs } from "../../components";
import { autoName, ResourceCapture, captureResources, registered } from "./mocks";

const serviceType = "docker:index/service:Service";
const volumeType = "docker:index/volume:Volume";

async function build(
    name: string,
    args: Omit<ImmutableServiceArgs, "platform">,
): Promise<{ capture: ResourceCapture; component: ImmutableService }> {
    const capture = await captureResources();
    const component = new ImmutableService(name, { platform: "swarm", ...args });
    await registered([component, component.swarmService, ...component.volumes]);
    return { capture, component };
}

describe("ImmutableService on Swarm", () => {
    it("builds only a read-only, replicated service from an image alone", async () => {
        const { capture } = await build("minimal", { image: "nginx:1.27" });
        assert.deepStrictEqual(
            capture.custom.map((r) => r.type),
            [serviceType],
        );
        assert.deepStrictEqual(capture.one(serviceType).inputs, {
            mode: { replicated: { replicas: 1 } },
            taskSpec: { containerSpec: { image: "nginx:1.27", readOnly: true } },
        });
    });

    it("builds exactly what a full set of arguments asks for", async () => {
        const { capture } = await build("wordpress", {
            image: "wordpress:6.6-php8.3-apache",
            command: ["docker-entrypoint.sh"],
            args: ["apache2-foreground"],
            env: { WORDPRESS_DB_HOST: "db:3306" },
            ports: [80, { containerPort: 9117, publishedPort: 9000, name: "metrics" }],
            replicas: 3,
            labels: { team: "web" },
            annotations: { "example.com/owner": "web-team" },
            resources: { limits: { cpu: "1.5", memory: "512m" }, requests: { cpu: "250m", memory: "128m" } },
            writablePaths: ["/tmp", { path: "/var/run/apache2", sizeLimit: "1m", mode: "0770" }],
            user: { uid: 33, gid: 33 },
            persistentPaths: [{ path: "/var/www/html/wp-content/uploads", size: "10g" }],
        });
        assert.deepStrictEqual(
            capture.custom.map((r) => r.type),
            [volumeType, serviceType],
        );
        const labels = [
            { label: "example.com/owner", value: "web-team" },
            { label: "team", value: "web" },
        ];
        assert.deepStrictEqual(capture.one(volumeType).inputs, {
            labels: [...labels, { label: "immutable-workloads/size", value: "10g" }],
        });
        assert.deepStrictEqual(capture.one(serviceType).inputs, {
            labels,
            mode: { replicated: { replicas: 3 } },
            taskSpec: {
                containerSpec: {
                    image: "wordpress:6.6-php8.3-apache",
                    readOnly: true,
                    commands: ["docker-entrypoint.sh"],
                    args: ["apache2-foreground"],
                    env: { WORDPRESS_DB_HOST: "db:3306" },
                    user: "33:33",
                    mounts: [
                        { type: "tmpfs", target: "/tmp", tmpfsOptions: { sizeBytes: 64 * 2 ** 20, mode: 0o1777 } },
                        { type: "tmpfs", target: "/var/run/apache2", tmpfsOptions: { sizeBytes: 2 ** 20, mode: 0o770 } },
                        {
                            type: "volume",
                            source: autoName("wordpress-var-www-html-wp-content-uploads"),
                            target: "/var/www/html/wp-content/uploads",
                        },
                    ],
                    labels,
                },
                resources: {
                    limits: { memoryBytes: 512 * 2 ** 20, nanoCpus: 1.5e9 },
                    reservation: { memoryBytes: 128 * 2 ** 20, nanoCpus: 2.5e8 },
                },
            },
            endpointSpec: {
                ports: [
                    { name: "tcp-80", targetPort: 80, protocol: "tcp" },
                    { name: "metrics", targetPort: 9117, publishedPort: 9000, protocol: "tcp" },
                ],
            },
        });
    });

    it("sets secretEnv in the environment as a Pulumi secret", async () => {
        const { capture } = await build("secret-env", { image: "app", env: { MODE: "prod" }, secretEnv: { PASSWORD: "hunter2" } });
        // A secret inside taskSpec makes the whole taskSpec secret on the wire (and in the state).
        const taskSpec = capture.one(serviceType).wireInputs.taskSpec as { value: { containerSpec: Record<string, unknown> } };
        assert.strictEqual(
            (taskSpec as unknown as Record<string, unknown>)["4dabf18193072939515e22adb298388d"],
            "1b47061264138c4ac30d75fd1eb44270",
        );
        assert.deepStrictEqual(taskSpec.value.containerSpec.env, { MODE: "prod", PASSWORD: "hunter2" });
    });

    it("accepts replicas 0 to keep a service defined but stopped", async () => {
        const { capture } = await build("stopped", { image: "app", replicas: 0 });
        assert.deepStrictEqual(capture.one(serviceType).inputs.mode, { replicated: { replicas: 0 } });
    });
});
