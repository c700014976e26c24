// Compose services as the Docker resources the pack judges: table-driven over the forms of
// read_only, tmpfs, volumes, labels and deploy.
import * as assert from "assert";
import { parse } from "yaml";
import { composeBoolean, composeResources, composeSizeBytes, isHostPath, splitVolumeSpec, tmpfsOptionSizeBytes } from "../../cli/compose";

function resource(yaml: string) {
    const [r] = composeResources(parse(yaml, { version: "1.1", merge: true }));
    return r;
}

describe("cli/compose", () => {
    const cases: Array<{ name: string; yaml: string; type: string; props: Record<string, unknown> }> = [
        {
            name: "read_only alone",
            yaml: "services:\n  web:\n    image: nginx\n    read_only: true\n",
            type: "docker:index/container:Container",
            props: { name: "web", image: "nginx", readOnly: true },
        },
        {
            name: "YAML 1.1 and Compose's string booleans",
            yaml: "services:\n  web:\n    read_only: 'yes'\n",
            type: "docker:index/container:Container",
            props: { name: "web", readOnly: true },
        },
        {
            name: "tmpfs as a string, with v2 options",
            yaml: "services:\n  web:\n    tmpfs: /var/run:uid=33,size=64m\n",
            type: "docker:index/container:Container",
            props: { name: "web", tmpfs: { "/var/run": "uid=33,size=64m" } },
        },
        {
            name: "tmpfs as a list",
            yaml: "services:\n  web:\n    tmpfs: [/run, /tmp]\n",
            type: "docker:index/container:Container",
            props: { name: "web", tmpfs: { "/run": "", "/tmp": "" } },
        },
        {
            name: "short volumes: host path, read-only host path, named, anonymous, interpolated",
            yaml: "services:\n  web:\n    volumes:\n      - ./html:/usr/share/nginx/html\n      - /etc/ssl:/etc/ssl:ro\n      - data:/data\n      - /cache\n      - data:${TARGET:-/srv/data}\n",
            type: "docker:index/container:Container",
            props: {
                name: "web",
                volumes: [
                    { hostPath: "./html", containerPath: "/usr/share/nginx/html" },
                    { hostPath: "/etc/ssl", containerPath: "/etc/ssl", readOnly: true },
                    { volumeName: "data", containerPath: "/data" },
                    { containerPath: "/cache" },
                    { volumeName: "data", containerPath: "${TARGET:-/srv/data}" },
                ],
            },
        },
        {
            name: "long volumes: tmpfs with size, bind with read_only, volume",
            yaml:
                "services:\n  web:\n    volumes:\n      - type: tmpfs\n        target: /tmp\n        tmpfs: {size: 64m, mode: 1777}\n" +
                "      - type: bind\n        source: ./conf\n        target: /etc/app\n        read_only: true\n      - {type: volume, source: data, target: /data}\n",
            type: "docker:index/container:Container",
            props: {
                name: "web",
                mounts: [
                    { type: "tmpfs", target: "/tmp", tmpfsOptions: { sizeBytes: 64 * 1024 * 1024, mode: 1777 } },
                    { type: "bind", source: "./conf", target: "/etc/app", readOnly: true },
                ],
                volumes: [{ volumeName: "data", containerPath: "/data" }],
            },
        },
        {
            name: "a named volume with tmpfs driver_opts is a tmpfs mount, sized by o: size=",
            yaml: "services:\n  web:\n    volumes: [run:/var/run]\nvolumes:\n  run:\n    driver_opts: {type: tmpfs, device: tmpfs, o: 'size=16m,uid=33'}\n",
            type: "docker:index/container:Container",
            props: { name: "web", mounts: [{ type: "tmpfs", target: "/var/run", tmpfsOptions: { sizeBytes: 16 * 1024 * 1024 } }] },
        },
        {
            name: "labels as a list and as a map",
            yaml: "services:\n  web:\n    labels: [a=1, b]\n  api:\n    labels: {c: 3}\n",
            type: "docker:index/container:Container",
            props: {
                name: "web",
                labels: [
                    { label: "a", value: "1" },
                    { label: "b", value: "" },
                ],
            },
        },
        {
            name: "deploy: makes a Swarm service; tmpfs and volumes become mounts; deploy.labels are service labels",
            yaml:
                "services:\n  web:\n    image: nginx\n    read_only: true\n    tmpfs: [/run:size=1m]\n    volumes: [./x:/x:ro, data:/data]\n" +
                "    labels: {tier: web}\n    deploy:\n      replicas: 2\n      labels: [immutable-workloads/exempt=legacy]\n",
            type: "docker:index/service:Service",
            props: {
                name: "web",
                labels: [{ label: "immutable-workloads/exempt", value: "legacy" }],
                taskSpec: {
                    containerSpec: {
                        image: "nginx",
                        readOnly: true,
                        mounts: [
                            { type: "tmpfs", target: "/run", tmpfsOptions: { sizeBytes: 1024 * 1024 } },
                            { type: "bind", source: "./x", target: "/x", readOnly: true },
                            { type: "volume", source: "data", target: "/data" },
                        ],
                        labels: [{ label: "tier", value: "web" }],
                    },
                },
            },
        },
        {
            name: "merge keys from an extension field",
            yaml: "x-base: &base\n  read_only: true\n  image: app\nservices:\n  web:\n    <<: *base\n",
            type: "docker:index/container:Container",
            props: { name: "web", image: "app", readOnly: true },
        },
    ];
    for (const c of cases) {
        it(c.name, () => {
            const r = resource(c.yaml);
            assert.strictEqual(r.type, c.type);
            assert.deepStrictEqual(r.props, c.props);
        });
    }

    it("maps props paths back to the YAML they came from", () => {
        const r = resource(
            "services:\n  web:\n    volumes: [run:/var/run, ./h:/h]\nvolumes:\n  run:\n    driver_opts: {type: tmpfs, device: tmpfs, o: size=1m}\n",
        );
        assert.deepStrictEqual(r.yamlPathOf(["readOnly"]), ["services", "web"]);
        assert.deepStrictEqual(r.yamlPathOf(["mounts", 0]), ["services", "web", "volumes", 0]);
        assert.deepStrictEqual(r.yamlPathOf(["mounts", 0, "tmpfsOptions", "sizeBytes"]), ["volumes", "run", "driver_opts", "o"]);
        assert.deepStrictEqual(r.yamlPathOf(["volumes", 0, "readOnly"]), ["services", "web", "volumes", 1]);
    });

    it("helpers: sizes, booleans, volume specs, host paths", () => {
        // compose-go's UnitBytes (long syntax) and the kernel's tmpfs size= (option strings) differ.
        assert.deepStrictEqual(["10000", "64m", "1gb", "1.5GiB", 42, "x", "64Mi", "-1", 1.5].map(composeSizeBytes), [
            10000,
            67108864,
            1073741824,
            1610612736,
            42,
            undefined,
            undefined,
            undefined,
            undefined,
        ]);
        assert.deepStrictEqual(["10000", "64m", "1gb", "1.5GiB", "x", "0x10m", "50%"].map(tmpfsOptionSizeBytes), [
            10000,
            67108864,
            undefined,
            undefined,
            undefined,
            16777216,
            undefined,
        ]);
        assert.deepStrictEqual(["On", "no", "maybe", 1].map(composeBoolean), [true, false, "maybe", 1]);
        assert.deepStrictEqual(splitVolumeSpec("v:${P:-/a:b}:ro"), ["v", "${P:-/a:b}", "ro"]);
        assert.deepStrictEqual(splitVolumeSpec("C:\\data:/data"), ["C:\\data", "/data"]);
        assert.deepStrictEqual(["/a", "./a", "~/a", "${HOME}/a", "name", "C:\\a"].map(isHostPath), [true, true, true, true, false, true]);
    });

    it("is not fooled by a document that is not Compose", () => {
        assert.deepStrictEqual(composeResources({ apiVersion: "v1", kind: "List", services: {} }), []);
        assert.deepStrictEqual(composeResources({ services: ["a"] }), []);
        assert.deepStrictEqual(composeResources(null), []);
    });
});
