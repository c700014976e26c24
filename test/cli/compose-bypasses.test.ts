// Issue #12, the Compose parts: ways a writable container got past immutable-check because the
// checker read a Compose file differently from `docker compose`. Each case is a file docker
// compose deploys with a writable root or a writable host mount; each must be a mandatory finding
// (or, where Compose refuses the file, an input error: exit 2), never a pass.
import * as assert from "assert";
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import { runCli } from "./run";

interface Finding {
    file: string;
    line: number;
    column: number;
    policy: string;
    level: string;
    name: string;
    path: string;
    message: string;
}
interface Verdict {
    code: number;
    findings: Finding[];
    errors: Array<{ file: string; message: string; line?: number; column?: number }>;
    stderr: string;
}

let dirs: string[] = [];

async function project(files: Record<string, string>): Promise<string> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "compose-bypass-"));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) {
        await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
        await fs.writeFile(path.join(dir, name), text);
    }
    return dir;
}

/** Checks `main` of a fresh project holding `files`. */
async function check(
    files: Record<string, string>,
    main = "compose.yml",
    options: { config?: unknown; stdin?: boolean } = {},
): Promise<Verdict> {
    const dir = await project(files);
    const args = ["--format", "json"];
    if (options.config !== undefined) {
        await fs.writeFile(path.join(dir, "config.json"), JSON.stringify(options.config));
        args.push("--config", path.join(dir, "config.json"));
    }
    const r = options.stdin ? await runCli([...args, "-"], files[main], { cwd: dir }) : await runCli([...args, path.join(dir, main)]);
    const report = JSON.parse(r.stdout) as { findings: Finding[]; errors: Verdict["errors"] };
    return { code: r.code, findings: report.findings, errors: report.errors, stderr: r.stderr };
}

function mandatory(v: Verdict, policy: string, service?: string): Finding[] {
    return v.findings.filter((f) => f.level === "mandatory" && f.policy === policy && (service === undefined || f.name === service));
}

const rootPolicy = "read-only-root-filesystem";
const hostPolicy = "no-writable-host-mounts";

/** The host paths of the service's mandatory writable-host-mount findings, from their messages. */
function writableHostPaths(v: Verdict, service: string): string[] {
    return mandatory(v, hostPolicy, service)
        .map((f) => /(?:hostPath|bind mount of|the host's) (\S+)/.exec(f.message)?.[1] ?? f.message)
        .sort();
}

describe("Compose bypasses (issue #12)", () => {
    after(async () => {
        await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
        dirs = [];
    });

    describe("!reset and !override", () => {
        it("read_only: !reset true is no read_only at all: the root filesystem is writable", async () => {
            const v = await check({ "compose.yml": "services:\n  web:\n    image: nginx\n    read_only: !reset true\n" });
            assert.strictEqual(mandatory(v, rootPolicy, "web").length, 1, JSON.stringify(v.findings));
            assert.strictEqual(v.code, 1);
        });

        it("!reset is read in the right document of a stream, and for a service named on", async () => {
            const v = await check({
                "compose.yml":
                    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\nservices:\n  on:\n    image: nginx\n    read_only: !reset true\n",
            });
            assert.strictEqual(mandatory(v, rootPolicy).length, 1, JSON.stringify(v));
            assert.strictEqual(v.code, 1);
        });

        it("!reset in an extending service drops the read_only it would inherit", async () => {
            const v = await check({
                "compose.yml":
                    "services:\n  base:\n    image: nginx\n    read_only: true\n  web:\n    extends: base\n    read_only: !reset true\n",
            });
            assert.deepStrictEqual(
                mandatory(v, rootPolicy).map((f) => f.name),
                ["web"],
            );
        });

        it("!reset reached through a merge key drops an inherited read_only too", async () => {
            const v = await check({
                "compose.yml":
                    "x-writable: &writable\n  read_only: !reset true\nservices:\n  base:\n    image: nginx\n    read_only: true\n" +
                    "  web:\n    <<: *writable\n    extends: base\n",
            });
            assert.deepStrictEqual(
                mandatory(v, rootPolicy).map((f) => f.name),
                ["web"],
            );
        });

        it("!override replaces the base service's volumes instead of adding to them", async () => {
            const v = await check({
                "compose.yml":
                    "services:\n  base:\n    image: nginx\n    read_only: true\n    volumes: [/etc:/host-etc]\n" +
                    "  web:\n    extends: base\n    volumes: !override [data:/data]\nvolumes:\n  data: {}\n",
            });
            assert.deepStrictEqual(writableHostPaths(v, "web"), []);
            assert.deepStrictEqual(writableHostPaths(v, "base"), ["/etc"]);
        });
    });

    describe("extends", () => {
        const common = JSON.stringify({ services: { base: { image: "nginx", read_only: true, volumes: ["/:/host"] } } });

        it("extends {file: common.json, service: base} brings the base's writable host mount, reported at extends", async () => {
            const text = "services:\n  web:\n    extends: {file: common.json, service: base}\n";
            const v = await check({ "compose.yml": text, "common.json": common });
            const found = mandatory(v, hostPolicy, "web");
            assert.deepStrictEqual(writableHostPaths(v, "web"), ["/"]);
            assert.deepStrictEqual({ line: found[0].line, column: found[0].column }, { line: 3, column: 5 }, "points at the extends key");
            // read_only: true is inherited as well.
            assert.deepStrictEqual(mandatory(v, rootPolicy), []);
            assert.strictEqual(v.code, 1);
        });

        it("extends in the same file, by name and by {service}, inherits mounts and read_only", async () => {
            const v = await check({
                "compose.yml":
                    "services:\n  base:\n    image: nginx\n    read_only: true\n    volumes: [/var/lib/app:/data]\n" +
                    "  a:\n    extends: base\n  b:\n    extends: {service: base}\n    read_only: false\n",
            });
            assert.deepStrictEqual(writableHostPaths(v, "a"), ["/var/lib/app"]);
            assert.deepStrictEqual(writableHostPaths(v, "b"), ["/var/lib/app"]);
            assert.deepStrictEqual(
                mandatory(v, rootPolicy).map((f) => f.name),
                ["b"],
            );
            const a = mandatory(v, hostPolicy, "a")[0];
            assert.strictEqual(a.line, 5, "an inherited mount from the same file points at the base's own entry");
        });

        it("extends is followed through several files; a relative bind is relative to the file it is written in", async () => {
            const v = await check({
                "compose.yml": "services:\n  web:\n    extends: {file: lib/middle.yml, service: middle}\n",
                "lib/middle.yml": "services:\n  middle:\n    extends: {file: base/base.yml, service: base}\n    read_only: true\n",
                "lib/base/base.yml": "services:\n  base:\n    image: nginx\n    volumes: [./state:/state, ../../up:/up:ro]\n",
            });
            assert.deepStrictEqual(writableHostPaths(v, "web"), ["./lib/base/state"]);
            assert.deepStrictEqual(mandatory(v, rootPolicy), []);
        });

        it("an extends file that cannot be read is an error naming the field, never a pass", async () => {
            const v = await check({
                "compose.yml":
                    "services:\n  web:\n    image: nginx\n    read_only: true\n    extends: {file: missing.yml, service: base}\n",
            });
            assert.strictEqual(v.code, 2);
            assert.strictEqual(v.errors.length, 1, JSON.stringify(v.errors));
            assert.match(v.errors[0].message, /services\.web\.extends: cannot read missing\.yml: no such file or directory/);
            assert.deepStrictEqual({ line: v.errors[0].line, column: v.errors[0].column }, { line: 5, column: 5 });
        });

        it("an extended service that does not exist, and a circular extends, are errors", async () => {
            const missing = await check({ "compose.yml": "services:\n  web:\n    extends: nothere\n" });
            assert.strictEqual(missing.code, 2);
            assert.match(missing.errors[0].message, /services\.web\.extends: service "nothere" not found/);
            const cycle = await check({ "compose.yml": "services:\n  a:\n    extends: b\n  b:\n    extends: a\n    read_only: true\n" });
            assert.strictEqual(cycle.code, 2);
            assert.match(cycle.errors[0].message, /circular extends: a extends b extends a/);
        });

        it("from standard input, extends files are relative to the working directory", async () => {
            const v = await check(
                { "compose.yml": "services:\n  web:\n    extends: {file: common.json, service: base}\n", "common.json": common },
                "compose.yml",
                { stdin: true },
            );
            assert.deepStrictEqual(writableHostPaths(v, "web"), ["/"]);
            assert.strictEqual(v.code, 1);
        });
    });

    describe("volumes_from", () => {
        const other = "  other:\n    image: busybox\n    read_only: true\n    volumes: [/srv/shared:/shared, ./cfg:/cfg:ro]\n";

        it("volumes_from: [other] takes other's writable host mount", async () => {
            const v = await check({
                "compose.yml": `services:\n  web:\n    image: nginx\n    read_only: true\n    volumes_from: [other]\n${other}`,
            });
            assert.deepStrictEqual(writableHostPaths(v, "web"), ["/srv/shared"]);
            const f = mandatory(v, hostPolicy, "web")[0];
            assert.deepStrictEqual({ line: f.line, column: f.column }, { line: 5, column: 20 }, "points at the volumes_from entry");
        });

        it("volumes_from: [other:ro] still takes it writable: docker compose drops the mode", async () => {
            const v = await check({
                "compose.yml": `services:\n  web:\n    image: nginx\n    read_only: true\n    volumes_from: ["other:ro"]\n${other}`,
            });
            assert.deepStrictEqual(writableHostPaths(v, "web"), ["/srv/shared"]);
        });

        it("volumes_from is transitive, and a service's own mount at the same target replaces the inherited one", async () => {
            const v = await check({
                "compose.yml":
                    "services:\n  web:\n    image: nginx\n    read_only: true\n    volumes_from: [middle]\n" +
                    "  middle:\n    image: busybox\n    read_only: true\n    volumes_from: [other]\n    volumes: [cache:/shared]\n" +
                    "  top:\n    image: busybox\n    read_only: true\n    volumes_from: [other]\n" +
                    other +
                    "volumes:\n  cache: {}\n",
            });
            assert.deepStrictEqual(writableHostPaths(v, "top"), ["/srv/shared"]);
            assert.deepStrictEqual(writableHostPaths(v, "middle"), []);
            assert.deepStrictEqual(writableHostPaths(v, "web"), []);
        });

        it("volumes_from: [container:<name>] takes mounts nobody can see: a writable host mount unless allowedHostPaths names it", async () => {
            const text =
                "services:\n  web:\n    image: nginx\n    read_only: true\n    volumes_from: [container:cache, 'container:logs:ro']\n";
            const v = await check({ "compose.yml": text });
            assert.deepStrictEqual(writableHostPaths(v, "web"), ["container:cache", "container:logs"]);
            const allowed = await check({ "compose.yml": text }, "compose.yml", {
                config: { [hostPolicy]: { allowedHostPaths: ["container:cache", "container:logs"] } },
            });
            assert.deepStrictEqual(writableHostPaths(allowed, "web"), []);
            assert.strictEqual(allowed.code, 0);
        });

        it("volumes_from a service that does not exist, or the v1 form service:<name>, is an error", async () => {
            const v = await check({
                "compose.yml": `services:\n  web:\n    image: nginx\n    read_only: true\n    volumes_from: ["service:other:ro"]\n${other}`,
            });
            assert.strictEqual(v.code, 2);
            assert.match(v.errors[0].message, /volumes_from\[0\]: there is no service "service".*write "other"/);
            const cycle = await check({ "compose.yml": "services:\n  a:\n    volumes_from: [b]\n  b:\n    volumes_from: [a]\n" });
            assert.strictEqual(cycle.code, 2);
            assert.match(cycle.errors[0].message, /cycle/);
        });
    });

    describe("named volumes that are host directories", () => {
        const volumes = "volumes:\n  data:\n    driver: local\n    driver_opts: {type: none, o: bind, device: /etc}\n";

        it("a named volume with driver_opts o: bind is a writable host mount of its device", async () => {
            const v = await check({
                "compose.yml": `services:\n  web:\n    image: nginx\n    read_only: true\n    volumes: [data:/x]\n${volumes}`,
            });
            assert.deepStrictEqual(writableHostPaths(v, "web"), ["/etc"]);
            assert.strictEqual(v.code, 1);
        });

        it("the same as a Swarm service, and in the long syntax", async () => {
            const v = await check({
                "compose.yml":
                    "services:\n  web:\n    image: nginx\n    read_only: true\n    volumes: [{type: volume, source: data, target: /x}]\n    deploy: {replicas: 1}\n" +
                    volumes,
            });
            assert.deepStrictEqual(writableHostPaths(v, "web"), ["/etc"]);
        });

        it("mounted :ro or with read_only: true it passes", async () => {
            const v = await check({
                "compose.yml":
                    "services:\n  a:\n    image: nginx\n    read_only: true\n    volumes: [data:/x:ro]\n" +
                    "  b:\n    image: nginx\n    read_only: true\n    volumes: [{type: volume, source: data, target: /x, read_only: true}]\n" +
                    volumes,
            });
            assert.deepStrictEqual(mandatory(v, hostPolicy), []);
            assert.strictEqual(v.code, 0);
        });

        it("a volume named on keeps its name (YAML 1.2 keys, as Compose reads them)", async () => {
            const v = await check({
                "compose.yml":
                    "services:\n  web:\n    image: nginx\n    read_only: true\n    volumes: ['on:/x']\nvolumes:\n  on:\n    driver_opts: {type: none, o: bind, device: /root}\n",
            });
            assert.deepStrictEqual(writableHostPaths(v, "web"), ["/root"]);
        });
    });

    describe("short volume options as compose-go reads them", () => {
        it("ro,rw ends writable and ' ro' is no option: both binds are writable", async () => {
            const v = await check({
                "compose.yml":
                    "services:\n  web:\n    image: nginx\n    read_only: true\n    volumes: ['/etc:/a:ro,rw', '/usr:/b: ro', '/opt:/c:rw,ro']\n",
            });
            assert.deepStrictEqual(writableHostPaths(v, "web"), ["/etc", "/usr"]);
        });

        it("a later volume with the same target replaces an earlier one", async () => {
            const v = await check({
                "compose.yml":
                    "services:\n  web:\n    image: nginx\n    read_only: true\n    volumes: ['/etc:/a', '/usr:/a:ro', '/srv:/b:ro', '/var:/b/']\n",
            });
            assert.deepStrictEqual(writableHostPaths(v, "web"), ["/var"]);
        });
    });
});
