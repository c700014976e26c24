import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ImmutableService, ImmutableServiceArgs } from "../../components";
import { mebibytes, tmpfsOptions } from "../../components/docker";
import { autoName, ResourceCapture, captureResources, registered } from "./mocks";

const containerType = "docker:index/container:Container";
const volumeType = "docker:index/volume:Volume";

async function build(
    name: string,
    args: Omit<ImmutableServiceArgs, "platform">,
): Promise<{ capture: ResourceCapture; component: ImmutableService }> {
    const capture = await captureResources();
    const component = new ImmutableService(name, { platform: "docker", ...args });
    await registered([component, component.container, ...component.volumes]);
    return { capture, component };
}

describe("ImmutableService on Docker", () => {
    it("builds only a read-only container from an image alone, pulling nothing itself", async () => {
        const { capture } = await build("minimal", { image: "nginx:1.27" });
        assert.deepStrictEqual(
            capture.custom.map((r) => r.type),
            [containerType],
        );
        assert.deepStrictEqual(capture.one(containerType).inputs, {
            image: "nginx:1.27",
            readOnly: true,
            securityOpts: ["no-new-privileges:true"],
        });
    });

    it("builds exactly what a full set of arguments asks for", async () => {
        const { capture } = await build("wordpress", {
            image: "wordpress:6.6-php8.3-apache",
            command: ["docker-entrypoint.sh"],
            args: ["apache2-foreground"],
            env: { WORDPRESS_DB_HOST: "db:3306", WORDPRESS_DB_USER: "wp" },
            ports: [80, { containerPort: 9117, publishedPort: 9000, protocol: "UDP" }],
            labels: { team: "web", shared: "label" },
            annotations: { "example.com/owner": "web-team", shared: "annotation" },
            resources: { limits: { cpu: "1.5", memory: "512m" }, requests: { cpu: "250m", memory: "100m" } },
            writablePaths: ["/tmp", { path: "/var/run/apache2", sizeLimit: "1m", mode: "0700" }],
            user: { uid: 33, gid: 33 },
            persistentPaths: [{ path: "/var/www/html/wp-content/uploads", size: "10g" }],
        });
        assert.deepStrictEqual(
            capture.custom.map((r) => r.type),
            [volumeType, containerType],
        );
        const labels = [
            { label: "example.com/owner", value: "web-team" },
            { label: "shared", value: "label" }, // a label wins over an annotation of the same key
            { label: "team", value: "web" },
        ];
        const volume = capture.one(volumeType);
        assert.strictEqual(volume.name, "wordpress-var-www-html-wp-content-uploads");
        assert.deepStrictEqual(volume.inputs, { labels: [...labels, { label: "immutable-workloads/size", value: "10g" }] });

        assert.deepStrictEqual(capture.one(containerType).inputs, {
            image: "wordpress:6.6-php8.3-apache",
            readOnly: true,
            securityOpts: ["no-new-privileges:true"],
            entrypoints: ["docker-entrypoint.sh"],
            command: ["apache2-foreground"],
            envs: ["WORDPRESS_DB_HOST=db:3306", "WORDPRESS_DB_USER=wp"],
            user: "33:33",
            tmpfs: {
                "/tmp": "rw,noexec,nosuid,nodev,size=64m,mode=1777,uid=33,gid=33",
                "/var/run/apache2": "rw,noexec,nosuid,nodev,size=1m,mode=0700,uid=33,gid=33",
            },
            // The mock engine names the volume as auto-naming would.
            volumes: [
                { volumeName: autoName("wordpress-var-www-html-wp-content-uploads"), containerPath: "/var/www/html/wp-content/uploads" },
            ],
            ports: [
                { internal: 80, protocol: "tcp" },
                { internal: 9117, external: 9000, protocol: "udp" },
            ],
            labels,
            memory: 512,
            cpus: "1.5",
            memoryReservation: 100,
            cpuShares: 256,
        });
    });

    it("bounds every tmpfs, and leaves uid/gid out without a user", async () => {
        const { capture } = await build("sizes", {
            image: "app",
            writablePaths: [
                { path: "/a", sizeLimit: "1.5g" },
                { path: "/b", sizeLimit: "100k" },
                { path: "/c", sizeLimit: "1000" },
                { path: "/d", sizeLimit: "64Mi" },
            ],
        });
        assert.deepStrictEqual(capture.one(containerType).inputs.tmpfs, {
            "/a": "rw,noexec,nosuid,nodev,size=1536m,mode=1777",
            "/b": "rw,noexec,nosuid,nodev,size=100k,mode=1777",
            "/c": "rw,noexec,nosuid,nodev,size=1000,mode=1777",
            "/d": "rw,noexec,nosuid,nodev,size=64m,mode=1777",
        });
    });

    it("keeps secret environment values secret", async () => {
        const { capture } = await build("secret", { image: "app", env: { PASSWORD: pulumi.secret("hunter2") } });
        assert.deepStrictEqual(capture.one(containerType).wireInputs.envs, {
            "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
            value: ["PASSWORD=hunter2"],
        });
    });

    it("sets secretEnv in the environment as a Pulumi secret", async () => {
        const { capture } = await build("secret-env", { image: "app", env: { MODE: "prod" }, secretEnv: { PASSWORD: "hunter2" } });
        assert.deepStrictEqual(capture.one(containerType).wireInputs.envs, {
            "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
            value: ["MODE=prod", "PASSWORD=hunter2"],
        });
    });

    it("rounds memory up to whole MiB, never below the asked limit", () => {
        assert.strictEqual(mebibytes(2 ** 20), 1);
        assert.strictEqual(mebibytes(2 ** 20 + 1), 2);
        assert.strictEqual(mebibytes(1), 1);
    });

    it("tmpfsOptions spells the options in a fixed order", () => {
        assert.strictEqual(
            tmpfsOptions({ path: "/x", sizeLimit: "2g", sizeBytes: 2 * 2 ** 30, mode: "1777" }, { uid: 1, gid: 2 }),
            "rw,noexec,nosuid,nodev,size=2g,mode=1777,uid=1,gid=2",
        );
    });
});
