// Each user is answered in their own dialect (issue 13): the pack speaks Pulumi props, a manifest
// finding names the YAML path in the file, a Compose finding speaks Compose and never mentions a
// Pulumi type, a props path or ImmutableService. Golden outputs for the three, and a sweep over
// every Compose file the repository holds.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { judgeResource } from "../../policy-pack/checks";
import { checkInputs } from "../../cli/check";
import { formatJson } from "../../cli/report";

const fixtures = path.join(__dirname, "../fixtures");

function messages(name: string, text: string, config = {}): string[] {
    return checkInputs([{ name, text }], config).findings.map((f) => `${f.policy}: ${f.message}`);
}

const compose = `services:
  web:
    image: nginx:1.27
    read_only: true
    privileged: true
    cap_add: [SYS_ADMIN]
    volumes:
      - /srv/data:/data
      - type: tmpfs
        target: /cache
  sw:
    image: nginx:1.27@sha256:${"a".repeat(64)}
    tmpfs: /run
    deploy: {replicas: 2}
`;

const deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web" },
    spec: {
        selector: { matchLabels: { app: "web" } },
        template: {
            metadata: { labels: { app: "web" } },
            spec: {
                containers: [{ name: "app", image: `nginx:1.27@sha256:${"a".repeat(64)}` }],
                volumes: [{ name: "logs", hostPath: { path: "/var/log" } }],
            },
        },
    },
};
deployment.spec.template.spec.containers[0] = {
    ...deployment.spec.template.spec.containers[0],
    volumeMounts: [{ name: "logs", mountPath: "/logs" }],
} as never;

describe("dialects: golden outputs", () => {
    it("Compose: Compose keys, :ro, tmpfs sizes, labels; no Pulumi words", () => {
        assert.deepStrictEqual(messages("compose.yml", compose), [
            'pinned-image: service "web" runs image "nginx:1.27" (services.web.image), which is not pinned by digest: the tag 1.27 can be moved to another image; only a digest cannot. Reference it as nginx:1.27@sha256:<digest> (the digest `docker buildx imagetools inspect nginx:1.27` prints), so that the image that runs is the one that was tested.',
            'read-only-root-filesystem: service "web" can make its root filesystem writable again: privileged is true and cap_add adds SYS_ADMIN, so its process can run `mount -o remount,rw /` whatever read_only says. Remove privileged mode (services.web.privileged); a system daemon that truly needs it carries the exemption marker with the reason.',
            'no-writable-host-mounts: service "web" mounts the host\'s /srv/data at /data writable (services.web.volumes[0]): the :ro flag of services.web.volumes[0] is unset, so the container can change files on the host. Add :ro to services.web.volumes[0] (e.g. "/srv/data:/data:ro"), or keep what the container writes in a tmpfs or a named volume instead of the host\'s filesystem; or add the path to allowedHostPaths if it must be written.',
            'writable-paths-in-memory: service "web" has a tmpfs at /cache with no size limit: services.web.volumes[1] sets no size. Give it a size: "/cache:size=64m" in tmpfs, or tmpfs: { size: 64m } on a volume entry of type: tmpfs, so the writable path is bounded in memory; an unbounded tmpfs can take the host\'s memory.',
            'read-only-root-filesystem: service "sw" has a writable root filesystem: read_only is unset (services.sw.read_only). Set services.sw.read_only: true, and list each path the process must write under tmpfs with a size, e.g. tmpfs: ["/tmp:size=64m"].',
            'writable-paths-in-memory: service "sw" has a tmpfs at /run with no size limit: services.sw.tmpfs sets no size. Give it a size: "/run:size=64m" in tmpfs, or tmpfs: { size: 64m } on a volume entry of type: tmpfs, so the writable path is bounded in memory; an unbounded tmpfs can take the host\'s memory.',
        ]);
    });

    it("Kubernetes YAML: the YAML path in the file (inside a List too), no component", () => {
        const list = {
            apiVersion: "v1",
            kind: "List",
            items: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } }, deployment],
        };
        assert.deepStrictEqual(messages("list.json", JSON.stringify(list)), [
            'read-only-root-filesystem: Deployment "web" containers[0] "app" has a writable root filesystem: securityContext.readOnlyRootFilesystem is unset (items[1].spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem). Set items[1].spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem to true, and mount an emptyDir volume (medium: Memory, with a sizeLimit) at each path the process must write, e.g. /tmp.',
            'no-writable-host-mounts: Deployment "web" containers[0] "app" mounts hostPath volume "logs" (/var/log, items[1].spec.template.spec.volumes[0].hostPath.path) at /logs writable: items[1].spec.template.spec.containers[0].volumeMounts[0].readOnly is unset, so the container can change files on the host. Set items[1].spec.template.spec.containers[0].volumeMounts[0].readOnly: true, or keep what the container writes in an emptyDir (medium: Memory) or a PersistentVolumeClaim instead of the node\'s filesystem; or add the path to allowedHostPaths if it must be written.',
        ]);
    });

    it("Pulumi (the pack): props paths and ImmutableService", () => {
        const found = judgeResource("kubernetes:apps/v1:Deployment", deployment, "web").map((j) => `${j.policy}: ${j.message}`);
        assert.deepStrictEqual(found, [
            'read-only-root-filesystem: Deployment "web" containers[0] "app" has a writable root filesystem: securityContext.readOnlyRootFilesystem is unset (spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem). Set spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem to true, and mount an emptyDir volume (medium: Memory, with a sizeLimit) at each path the process must write, e.g. /tmp; or deploy it with ImmutableService.',
            'no-writable-host-mounts: Deployment "web" containers[0] "app" mounts hostPath volume "logs" (/var/log, spec.template.spec.volumes[0].hostPath.path) at /logs writable: spec.template.spec.containers[0].volumeMounts[0].readOnly is unset, so the container can change files on the host. Set spec.template.spec.containers[0].volumeMounts[0].readOnly: true, or keep what the container writes in an emptyDir (medium: Memory) or a PersistentVolumeClaim instead of the node\'s filesystem; or add the path to allowedHostPaths if it must be written.',
        ]);
        const docker = judgeResource("docker:index/container:Container", { name: "web", image: `nginx@sha256:${"a".repeat(64)}` }, "web");
        assert.match(
            docker[0].message,
            /^Docker container "web" has a writable root filesystem: readOnly is unset \(readOnly\)\. Set readOnly to true, .*ImmutableService\.$/,
        );
    });
});

describe("dialects: every Compose file speaks Compose", () => {
    const files = [
        ...fs.readdirSync(path.join(fixtures, "corpus/compose")).map((f) => path.join(fixtures, "corpus/compose", f)),
        ...fs
            .readdirSync(path.join(fixtures, "seed"))
            .filter((f) => f.startsWith("compose"))
            .map((f) => path.join(fixtures, "seed", f)),
    ];
    const pulumiWords =
        /ImmutableService|Pulumi|docker\.[A-Z]|taskSpec|containerSpec|tmpfsOptions|sizeBytes|\breadOnly\b|capabilities\.adds|hostPath|Docker container|Swarm service/;
    for (const file of files) {
        it(path.relative(fixtures, file), () => {
            const result = checkInputs([{ name: file, text: fs.readFileSync(file, "utf8") }], {}, { cwd: path.dirname(file) });
            for (const f of result.findings) {
                assert.doesNotMatch(f.message, pulumiWords, `${f.policy} at ${f.range.line}: ${f.message}`);
                assert.match(f.message, /service "/);
            }
        });
    }
});

describe("findings are data; the message is one wording of them", () => {
    it("the same facts whoever reads them: the pack, a manifest author, a Compose author", () => {
        const pack = judgeResource("kubernetes:apps/v1:Deployment", deployment, "web").map((j) => j.facts);
        const manifest = checkInputs([{ name: "d.json", text: JSON.stringify(deployment) }]).findings.map((f) => f.facts);
        assert.deepStrictEqual(manifest, pack);
        assert.deepStrictEqual(pack, [
            { platform: "kubernetes", problem: "writable-root", state: "unset", fix: "set-read-only" },
            { platform: "kubernetes", problem: "writable-host-mount", state: "unset", fix: "mount-read-only" },
        ]);
        const docker = judgeResource(
            "docker:index/container:Container",
            { name: "web", image: "nginx:latest", tmpfs: { "/run": "" } },
            "web",
        ).map((j) => [j.policy, j.facts]);
        const composed = checkInputs([
            { name: "c.yml", text: "services:\n  web:\n    image: nginx:latest\n    tmpfs: [/run]\n" },
        ]).findings.map((f) => [f.policy, f.facts]);
        const byPolicy = (a: unknown[][]) => [...a].sort((x, y) => String(x[0]).localeCompare(String(y[0])));
        assert.deepStrictEqual(byPolicy(composed), byPolicy(docker));
        assert.deepStrictEqual(byPolicy(docker), [
            ["pinned-image", { platform: "docker", problem: "unpinned-image", state: "latest", fix: "pin-digest" }],
            ["read-only-root-filesystem", { platform: "docker", problem: "writable-root", state: "unset", fix: "set-read-only" }],
            ["writable-paths-in-memory", { platform: "docker", problem: "unbounded-path", state: "unset", fix: "set-size" }],
        ]);
    });

    it("immutable-check --format json carries them", () => {
        const report = JSON.parse(formatJson(checkInputs([{ name: "c.yml", text: compose }]))) as {
            findings: Array<{ facts?: { problem: string } }>;
        };
        assert.deepStrictEqual(
            report.findings.map((f) => f.facts?.problem),
            ["unpinned-image", "remountable-root", "writable-host-mount", "unbounded-path", "writable-root", "unbounded-path"],
        );
    });
});
