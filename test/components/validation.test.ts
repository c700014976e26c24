import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ImmutableService, ImmutableServiceArgs, ImmutableServiceArgsError, maxWritablePaths } from "../../components";
import { resolveServiceSpec } from "../../components/validation";
import { captureResources, drain, registered } from "./mocks";

/** One bad-input case: the args, the argument the error must name, and what the message must say. */
interface BadInput {
    readonly title: string;
    readonly args: ImmutableServiceArgs;
    readonly argument: string;
    readonly message: RegExp;
    readonly name?: string;
}

// Arguments the TypeScript types already forbid are still checked at run time: JavaScript and
// YAML-driven programs reach the constructor without a compiler.
const untyped = <T>(value: unknown): T => value as T;

const image = "app:1";
const cases: Record<string, BadInput[]> = {
    "relative or non-normalised paths": [
        {
            title: "relative writable path",
            args: { image, writablePaths: ["tmp"] },
            argument: "writablePaths[0]",
            message: /"tmp" is relative; write the absolute path, e.g. "\/tmp"/,
        },
        {
            title: "trailing slash",
            args: { image, writablePaths: ["/tmp", "/var/run/"] },
            argument: "writablePaths[1]",
            message: /"\/var\/run\/" is not normalised; write "\/var\/run"/,
        },
        {
            title: "dot-dot segment",
            args: { image, writablePaths: ["/a/../b"] },
            argument: "writablePaths[0]",
            message: /"\/a\/..\/b" is not normalised; write "\/b"/,
        },
        {
            title: "double slash",
            args: { image, writablePaths: ["/a//b"] },
            argument: "writablePaths[0]",
            message: /"\/a\/\/b" is not normalised; write "\/a\/b"/,
        },
        {
            title: "dot segment",
            args: { image, writablePaths: ["/a/./b"] },
            argument: "writablePaths[0]",
            message: /not normalised; write "\/a\/b"/,
        },
        {
            title: "relative path in object form",
            args: { image, writablePaths: [{ path: "var/tmp" }] },
            argument: "writablePaths[0].path",
            message: /is relative; write the absolute path, e.g. "\/var\/tmp"/,
        },
        {
            title: "relative persistent path",
            args: { image, persistentPaths: [{ path: "data", size: "1Gi" }] },
            argument: "persistentPaths[0].path",
            message: /"data" is relative/,
        },
        {
            title: "missing path",
            args: { image, writablePaths: [untyped({ sizeLimit: "1Mi" })] },
            argument: "writablePaths[0].path",
            message: /is missing; give an absolute path/,
        },
    ],
    "the root directory": [
        {
            title: "writable /",
            args: { image, writablePaths: ["/"] },
            argument: "writablePaths[0]",
            message: /"\/" is the root directory.*list the directories that must be written instead/,
        },
        {
            title: "persistent /",
            args: { image, persistentPaths: [{ path: "/", size: "1Gi" }] },
            argument: "persistentPaths[0].path",
            message: /root directory/,
        },
        { title: "/.. is / too", args: { image, writablePaths: ["/.."] }, argument: "writablePaths[0]", message: /root directory/ },
    ],
    "duplicate paths": [
        {
            title: "twice writable",
            args: { image, writablePaths: ["/tmp", "/run", { path: "/tmp", sizeLimit: "1Mi" }] },
            argument: "writablePaths[2]",
            message: /"\/tmp" repeats writablePaths\[0\]; list each path once/,
        },
        {
            title: "twice persistent",
            args: {
                image,
                persistentPaths: [
                    { path: "/d", size: "1Gi" },
                    { path: "/d", size: "2Gi" },
                ],
            },
            argument: "persistentPaths[1]",
            message: /repeats persistentPaths\[0\]/,
        },
        {
            title: "writable equal to persistent",
            args: { image, writablePaths: ["/data"], persistentPaths: [{ path: "/data", size: "1Gi" }] },
            argument: "persistentPaths[0]",
            message: /"\/data" repeats writablePaths\[0\]; list each path once, in one of writablePaths or persistentPaths/,
        },
        {
            title: "persistent paths that share a claim name",
            args: {
                image,
                persistentPaths: [
                    { path: "/a-b", size: "1Gi" },
                    { path: "/a/b", size: "1Gi" },
                ],
            },
            argument: "persistentPaths[1]",
            message: /"\/a\/b" would share its claim name "svc-a-b-<8 hex>" with persistentPaths\[0\] "\/a-b"/,
        },
        {
            title: "persistent paths that share a Docker volume name",
            args: {
                image,
                platform: "docker",
                persistentPaths: [
                    { path: "/a-b", size: "1g" },
                    { path: "/a/b", size: "1g" },
                ],
            },
            argument: "persistentPaths[1]",
            message: /would share its volume name "svc-a-b-<hex>" with persistentPaths\[0\]/,
        },
        // Claim names are lowercase (DNS-1123 subdomains), so paths that differ only in case would share one.
        {
            title: "persistent paths that differ only in case, on Kubernetes",
            args: {
                image,
                persistentPaths: [
                    { path: "/data/Uploads", size: "1Gi" },
                    { path: "/data/uploads", size: "1Gi" },
                ],
            },
            argument: "persistentPaths[1]",
            message: /"\/data\/uploads" would share its claim name "svc-data-uploads-<8 hex>" with persistentPaths\[0\] "\/data\/Uploads"/,
        },
    ],
    "writable and persistent paths nested": [
        {
            title: "writable under persistent",
            args: { image, writablePaths: ["/tmp", "/srv/data/cache"], persistentPaths: [{ path: "/srv/data", size: "1Gi" }] },
            argument: "writablePaths[1]",
            message:
                /"\/srv\/data\/cache" is inside persistentPaths\[0\] "\/srv\/data", which is already writable; remove it from writablePaths/,
        },
        {
            title: "persistent under writable",
            args: { image, writablePaths: ["/var"], persistentPaths: [{ path: "/var/lib/db", size: "1Gi" }] },
            argument: "persistentPaths[0]",
            message: /"\/var\/lib\/db" is inside writablePaths\[0\] "\/var", an in-memory directory; move the persistent path out of it/,
        },
    ],
    "unparsable sizes": [
        {
            title: "Docker-style MB on Kubernetes",
            args: { image, writablePaths: [{ path: "/tmp", sizeLimit: "64MB" }] },
            argument: "writablePaths[0].sizeLimit",
            message: /"64MB" is not a Kubernetes quantity.*on kubernetes write sizes such as 64Mi or 1Gi/,
        },
        {
            title: "milli suffix on Kubernetes",
            args: { image, writablePaths: [{ path: "/tmp", sizeLimit: "64m" }] },
            argument: "writablePaths[0].sizeLimit",
            message: /"64m" uses the Kubernetes suffix "m" \(a fraction of a byte\); write binary units such as 64Mi/,
        },
        {
            title: "garbage claim size on Kubernetes",
            args: { image, persistentPaths: [{ path: "/d", size: "lots" }] },
            argument: "persistentPaths[0].size",
            message: /"lots" is not a Kubernetes quantity/,
        },
        {
            title: "Kubernetes memory limit",
            args: { image, resources: { limits: { memory: "1GB" } } },
            argument: "resources.limits.memory",
            message: /"1GB" is not a Kubernetes quantity/,
        },
        {
            title: "Docker size",
            args: { image, platform: "docker", writablePaths: [{ path: "/tmp", sizeLimit: "64x" }] },
            argument: "writablePaths[0].sizeLimit",
            message: /"64x" is not a Docker size.*on docker write sizes such as 64m or 1g/,
        },
        {
            title: "Kubernetes decimal suffix on Docker",
            args: { image, platform: "swarm", writablePaths: [{ path: "/tmp", sizeLimit: "1E" }] },
            argument: "writablePaths[0].sizeLimit",
            message: /"1E" is not a Docker size/,
        },
        {
            title: "Docker volume size",
            args: { image, platform: "docker", persistentPaths: [{ path: "/d", size: "big" }] },
            argument: "persistentPaths[0].size",
            message: /not a Docker size/,
        },
        {
            title: "zero size",
            args: { image, writablePaths: [{ path: "/tmp", sizeLimit: "0" }] },
            argument: "writablePaths[0].sizeLimit",
            message: /"0" is zero; give a positive size/,
        },
        {
            title: "missing claim size",
            args: { image, persistentPaths: [untyped({ path: "/d" })] },
            argument: "persistentPaths[0].size",
            message: /is missing; give the capacity, e.g. "1Gi"/,
        },
        {
            title: "CPU",
            args: { image, resources: { requests: { cpu: "fast" } } },
            argument: "resources.requests.cpu",
            message: /"fast" is not a Kubernetes quantity.*write cores such as "0.5" or millicores such as "500m"/,
        },
        {
            title: "mode",
            args: { image, platform: "docker", writablePaths: [{ path: "/tmp", mode: "rwx" }] },
            argument: "writablePaths[0].mode",
            message: /"rwx" is not octal permission bits; write e.g. "1777"/,
        },
    ],
    "an empty image": [
        { title: "empty string", args: { image: "" }, argument: "image", message: /is empty; give the image to run/ },
        { title: "blank string", args: { image: "  ", platform: "docker" }, argument: "image", message: /is empty/ },
        { title: "missing", args: untyped({ platform: "swarm" }), argument: "image", message: /is empty/ },
    ],
    "an unknown platform": [
        {
            title: "nomad",
            args: { image, platform: untyped("nomad") },
            argument: "platform",
            message: /"nomad" is not a known platform; use one of "kubernetes", "docker", "swarm"/,
        },
        {
            title: "wrong case",
            args: { image, platform: untyped("Kubernetes") },
            argument: "platform",
            message: /"Kubernetes" is not a known platform/,
        },
    ],
    "replicas > 1 with a ReadWriteOnce volume on Kubernetes": [
        {
            title: "default access mode",
            args: { image, replicas: 2, persistentPaths: [{ path: "/d", size: "1Gi" }] },
            argument: "persistentPaths[0].accessModes",
            message:
                /are \[ReadWriteOnce\], which one pod at a time can mount, but replicas is 2; set replicas to 1, or use accessModes \["ReadWriteMany"\]/,
        },
        {
            title: "ReadWriteOncePod",
            args: {
                image,
                replicas: 3,
                persistentPaths: [
                    { path: "/e", size: "1Gi", accessModes: ["ReadWriteMany"] },
                    { path: "/d", size: "1Gi", accessModes: ["ReadWriteOncePod"] },
                ],
            },
            argument: "persistentPaths[1].accessModes",
            message: /\[ReadWriteOncePod\]/,
        },
    ],
    "in-memory sizes above the memory limit": [
        {
            title: "Kubernetes",
            args: { image, resources: { limits: { memory: "128Mi" } }, writablePaths: ["/a", "/b", { path: "/c", sizeLimit: "1Mi" }] },
            argument: "writablePaths",
            message:
                /may hold 129Mi in memory \(\/a: 64Mi, \/b: 64Mi, \/c: 1Mi\), more than resources.limits.memory "128Mi"; lower their sizeLimit or raise the memory limit/,
        },
        {
            title: "Docker",
            args: { image, platform: "docker", resources: { limits: { memory: "100m" } }, writablePaths: ["/a", "/b"] },
            argument: "writablePaths",
            message: /may hold 128Mi in memory .* "100m"/,
        },
    ],
    "other bad arguments": [
        {
            title: "replicas on Docker",
            args: { image, platform: "docker", replicas: 2 },
            argument: "replicas",
            message: /is 2, but the docker platform runs exactly one container; omit replicas or use platform "swarm"/,
        },
        {
            title: "fractional replicas",
            args: { image, replicas: 1.5 },
            argument: "replicas",
            message: /1.5 is not a whole number of copies/,
        },
        {
            title: "request above limit",
            args: { image, resources: { limits: { memory: "1Gi" }, requests: { memory: "2Gi" } } },
            argument: "resources.requests.memory",
            message: /"2Gi" is above resources.limits.memory "1Gi"/,
        },
        {
            title: "read-only access mode",
            args: { image, persistentPaths: [{ path: "/d", size: "1Gi", accessModes: [untyped("ReadOnlyMany")] }] },
            argument: "persistentPaths[0].accessModes[0]",
            message: /"ReadOnlyMany" is not a writable access mode/,
        },
        {
            title: "no access modes",
            args: { image, persistentPaths: [{ path: "/d", size: "1Gi", accessModes: [] }] },
            argument: "persistentPaths[0].accessModes",
            message: /is empty/,
        },
        {
            title: "port 0",
            args: { image, ports: [0] },
            argument: "ports[0]",
            message: /0 is not a port number; use a whole number from 1 to 65535/,
        },
        {
            title: "published port too high",
            args: { image, ports: [{ containerPort: 80, publishedPort: 70000 }] },
            argument: "ports[0].publishedPort",
            message: /70000 is not a port number/,
        },
        {
            title: "duplicate port",
            args: { image, ports: [80, { containerPort: 80, name: "web" }] },
            argument: "ports[1]",
            message: /repeats the containerPort of an earlier port/,
        },
        {
            title: "bad port name",
            args: { image, ports: [{ containerPort: 80, name: "HTTP" }] },
            argument: "ports[0].name",
            message: /"HTTP" is not a valid port name/,
        },
        {
            title: "SCTP",
            args: { image, ports: [{ containerPort: 80, protocol: untyped("SCTP") }] },
            argument: "ports[0].protocol",
            message: /"SCTP" is not supported; use "TCP" or "UDP"/,
        },
        {
            title: "root user",
            args: { image, user: { uid: 0, gid: 0 } },
            argument: "user.uid",
            message: /is 0 \(root\).*give a non-root uid such as 1000, or omit user/,
        },
        { title: "negative uid", args: { image, user: { uid: -1, gid: 1 } }, argument: "user.uid", message: /-1 is not a user id/ },
        { title: "missing gid", args: { image, user: untyped({ uid: 1000 }) }, argument: "user.gid", message: /is not a group id/ },
        { title: "env name with =", args: { image, env: { "A=B": "c" } }, argument: 'env["A=B"]', message: /must not contain '='/ },
        {
            title: "secretEnv name with =",
            args: { image, secretEnv: { "A=B": "c" } },
            argument: 'secretEnv["A=B"]',
            message: /must not contain '='/,
        },
        {
            title: "a variable in both env and secretEnv",
            args: { image, env: { DB_PASSWORD: "x" }, secretEnv: { DB_PASSWORD: "y" } },
            argument: 'secretEnv["DB_PASSWORD"]',
            message: /is also in env; give each variable once, in secretEnv/,
        },
        {
            title: "reserved selector label",
            args: { image, labels: { "app.kubernetes.io/instance": "x" } },
            argument: 'labels["app.kubernetes.io/instance"]',
            message: /is reserved for the component's pod selector/,
        },
        {
            title: "label key",
            args: { image, labels: { "bad key": "x" } },
            argument: 'labels["bad key"]',
            message: /not a valid Kubernetes label key/,
        },
        {
            title: "label value",
            args: { image, labels: { owner: "web team" } },
            argument: 'labels["owner"]',
            message: /value "web team" is not a valid Kubernetes label value.*put it in annotations/,
        },
        {
            title: "annotation key",
            args: { image, annotations: { "-x": "y" } },
            argument: 'annotations["-x"]',
            message: /not a valid Kubernetes annotation key/,
        },
        {
            title: "namespace",
            args: { image, namespace: "Prod_NS" },
            argument: "namespace",
            message: /"Prod_NS" is not a valid Kubernetes namespace/,
        },
        {
            title: "component name as selector value",
            name: "my service",
            args: { image },
            argument: "name",
            message:
                /"my service" cannot name Kubernetes objects.*labels its pods app.kubernetes.io\/instance="my service".*rename the component, e.g. "my-service"/,
        },
    ],
    // Names the platform's API would refuse at `pulumi up`, long after a clean preview. Pulumi names
    // each object "<logical name>-<8 hex>" (see mocks.ts); the rules are in derivedNames.test.ts.
    "names the platform would refuse": [
        {
            title: "uppercase name on Kubernetes",
            name: "Web",
            args: { image },
            argument: "name",
            message:
                /"Web" cannot name Kubernetes objects: the component names its Deployment "Web-<8 hex>".*at most 63 lowercase letters, digits, '-' and '.'.*rename the component, e.g. "web"/,
        },
        {
            title: "underscore on Kubernetes",
            name: "web_app",
            args: { image },
            argument: "name",
            message: /"web_app" cannot name Kubernetes objects.*e.g. "web-app"/,
        },
        {
            title: "dot, with ports (a Service)",
            name: "web.app",
            args: { image, ports: [80] },
            argument: "name",
            message:
                /"web.app" cannot name the Service that ports create: .*RFC 1035 label.*starting with a letter.*at most 54.*e.g. "web-app"/,
        },
        {
            title: "leading digit, with ports (a Service)",
            name: "1web",
            args: { image, ports: [80] },
            argument: "name",
            message: /"1web" cannot name the Service.*e.g. "app-1web"/,
        },
        {
            title: "55 characters with ports: the Service name would be 64",
            name: "a".repeat(55),
            args: { image, ports: [80] },
            argument: "name",
            message: /cannot name the Service.*at most 54.*e.g. "a{54}"/,
        },
        {
            title: "64 characters on Kubernetes: too long for a label value",
            name: "a".repeat(64),
            args: { image },
            argument: "name",
            message: /cannot name Kubernetes objects.*at most 63.*e.g. "a{54}"/,
        },
        {
            title: "space on Docker",
            name: "web app",
            args: { image, platform: "docker" },
            argument: "name",
            message:
                /"web app" cannot name the Docker container and volumes \("web app-<hex>"\): .*letters, digits, '_', '.' and '-', starting with a letter or digit.*e.g. "web-app"/,
        },
        {
            title: "leading hyphen on Docker",
            name: "-web",
            args: { image, platform: "docker" },
            argument: "name",
            message: /"-web" cannot name the Docker container/,
        },
        {
            title: "dot on Swarm",
            name: "web.app",
            args: { image, platform: "swarm" },
            argument: "name",
            message:
                /"web.app" cannot name the Swarm service \("web.app-<hex>"\): .*letters, digits, '-' and '_'.*at most 54.*e.g. "web-app"/,
        },
        {
            title: "55 characters on Swarm",
            name: "a".repeat(55),
            args: { image, platform: "swarm" },
            argument: "name",
            message: /cannot name the Swarm service.*at most 54/,
        },
        {
            title: "claim name over 253 characters",
            args: { image, persistentPaths: [{ path: "/" + "x".repeat(250), size: "1Gi" }] },
            argument: "persistentPaths[0].path",
            message:
                /is too long to name its PersistentVolumeClaim: "svc-x+-<8 hex>" would have 263 characters, more than the 253 Kubernetes allows/,
        },
        {
            title: "Secret key with a space",
            args: { image, secretEnv: { "a b": "x" } },
            argument: 'secretEnv["a b"]',
            message: /is not a valid Kubernetes Secret key.*letters, digits, '-', '_' and '.'.*e.g. "a_b"/,
        },
        {
            title: "Secret key starting with ..",
            args: { image, secretEnv: { "..KEY": "x" } },
            argument: 'secretEnv["..KEY"]',
            message: /is not a valid Kubernetes Secret key.*not "\." nor starting with "\.\.", e.g. "KEY"/,
        },
        {
            title: "env name outside printable ASCII on Kubernetes",
            args: { image, env: { CAFÉ: "1" } },
            argument: 'env["CAFÉ"]',
            message: /is not a Kubernetes environment variable name: use printable ASCII characters other than '='/,
        },
        {
            title: "env name with a tab on Kubernetes",
            args: { image, env: { "A\tB": "1" } },
            argument: 'env["A\tB"]',
            message: /printable ASCII/,
        },
        {
            title: "replicas above int32",
            args: { image, replicas: 2 ** 31 },
            argument: "replicas",
            message: /2147483648 is more than 2147483647, the most replicas Kubernetes accepts \(an int32\)/,
        },
        {
            title: "replicas above int32 on Swarm",
            args: { image, platform: "swarm", replicas: 2 ** 31 },
            argument: "replicas",
            message: /2147483648 is more than 2147483647/,
        },
        { title: "negative replicas", args: { image, replicas: -1 }, argument: "replicas", message: /-1 is not a whole number of copies/ },
        {
            title: "infinite replicas",
            args: { image, replicas: Infinity },
            argument: "replicas",
            message: /is not a whole number of copies/,
        },
    ],
    "more writable paths than the policy pack allows": [
        {
            title: `${maxWritablePaths + 1} writable paths`,
            args: { image, writablePaths: Array.from({ length: maxWritablePaths + 1 }, (_, i) => `/w${i}`) },
            argument: "writablePaths",
            message: new RegExp(
                `has ${maxWritablePaths + 1} paths, more than ${maxWritablePaths}, the maxWritablePaths default of the policy pack's writable-paths-in-memory policy.*mount one parent directory`,
            ),
        },
        {
            title: "on Docker too",
            args: { image, platform: "docker", writablePaths: Array.from({ length: maxWritablePaths + 1 }, (_, i) => `/w${i}`) },
            argument: "writablePaths",
            message: /more than 5/,
        },
    ],
};

describe("ImmutableService argument validation", () => {
    for (const [badInputClass, inputs] of Object.entries(cases)) {
        describe(badInputClass, () => {
            for (const { title, args, argument, message, name = "svc" } of inputs) {
                it(`${title}: names ${argument} and the fix, registers nothing`, async () => {
                    const capture = await captureResources();
                    assert.throws(
                        () => new ImmutableService(name, args),
                        (error: unknown) => {
                            assert.ok(error instanceof ImmutableServiceArgsError, `not an ImmutableServiceArgsError: ${error}`);
                            assert.strictEqual(error.argument, argument);
                            assert.ok(error.message.startsWith(`ImmutableService "${name}": ${argument} `), error.message);
                            assert.match(error.message, message);
                            return true;
                        },
                    );
                    await drain();
                    assert.deepStrictEqual(capture.resources, [], "nothing may be registered, not even the component");
                });
            }
        });
    }

    describe("accepts what is right", () => {
        const good: Array<[string, ImmutableServiceArgs]> = [
            ["sizes equal to the memory limit", { image, resources: { limits: { memory: "128Mi" } }, writablePaths: ["/a", "/b"] }],
            [
                "sibling paths that share a prefix",
                { image, writablePaths: ["/data-cache"], persistentPaths: [{ path: "/data", size: "1Gi" }] },
            ],
            ["nested writable paths", { image, writablePaths: ["/var/cache", "/var/cache/nginx"] }],
            [
                "ReadWriteOnce with several Swarm replicas (local volumes per node)",
                { image, platform: "swarm", replicas: 3, persistentPaths: [{ path: "/d", size: "1g" }] },
            ],
            ["binary suffixes on Docker", { image, platform: "docker", writablePaths: [{ path: "/tmp", sizeLimit: "16Mi" }] }],
            ["an image from another resource's output", { image: pulumi.output("registry.example.com/app@sha256:abc") }],
            [
                "label and annotation syntax Kubernetes forbids, on Docker",
                { image, platform: "docker", labels: { "any key": "any value" } },
            ],
            [
                `exactly ${maxWritablePaths} writable paths`,
                { image, writablePaths: Array.from({ length: maxWritablePaths }, (_, i) => `/w${i}`) },
            ],
            ["the largest int32 replica count", { image, replicas: 2 ** 31 - 1 }],
            [
                "an uppercase persistent path on Kubernetes (the claim name is lowercased)",
                { image, persistentPaths: [{ path: "/data/Uploads", size: "1Gi" }] },
            ],
            [
                "paths that differ only in case on Docker (volume names keep case)",
                {
                    image,
                    platform: "docker",
                    persistentPaths: [
                        { path: "/data/Uploads", size: "1g" },
                        { path: "/data/uploads", size: "1g" },
                    ],
                },
            ],
            ["a Secret key with '.', '-' and '_'", { image, secretEnv: { "A.b-c_1": "x" } }],
            ["an env name Kubernetes accepts since 1.32 (printable ASCII)", { image, env: { "a b": "1" } }],
            [
                "an env name with a space on Docker, in secretEnv too",
                { image, platform: "docker", env: { "a b": "1" }, secretEnv: { "c d": "2" } },
            ],
        ];
        for (const [title, args] of good) {
            it(title, async () => {
                await captureResources();
                const component = new ImmutableService("svc", args);
                await registered([
                    component,
                    component.deployment,
                    component.service,
                    ...component.claims,
                    component.container,
                    component.swarmService,
                    ...component.volumes,
                ]);
            });
        }

        it("reports the first problem of several, in argument order", () => {
            assert.throws(() => resolveServiceSpec("svc", { image: "", writablePaths: ["tmp"] }), { argument: "image" });
        });
    });
});
