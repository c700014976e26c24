// Services as docker compose builds them: extends and compose-go's merge rules, uniqueness of
// list entries, !reset / !override on what is inherited, and where each part came from.
import * as assert from "assert";
import * as path from "path";
import { Located, ServiceResolver } from "../../cli/compose-extends";
import { readComposeYaml } from "../../cli/compose-yaml";

function resolver(text: string, files: Record<string, string> = {}, dir = "/project"): ServiceResolver {
    const stream = readComposeYaml(text);
    assert.ok(stream.ok);
    return new ServiceResolver({ document: stream.documents[0], file: path.join(dir, "compose.yml"), dir }, (p) =>
        p in files ? { text: files[p] } : { error: "no such file or directory" },
    );
}

function service(text: string, name: string, files: Record<string, string> = {}): Located {
    const s = resolver(text, files).service(name);
    assert.ok(!("message" in s && "at" in s), JSON.stringify(s));
    return s as Located;
}

describe("cli/compose-extends", () => {
    const base =
        "services:\n  base:\n    image: b\n    read_only: true\n    labels: {a: '1', b: '2'}\n    tmpfs: /run\n    cap_add: [NET_ADMIN]\n    volumes: [/etc:/etc, data:/data]\n";

    it("merges as compose-go: scalars replaced, labels by key, tmpfs and volumes appended, volumes unique by target", () => {
        const s = service(
            base +
                "  web:\n    extends: base\n    image: w\n    labels: [b=3, c=4]\n    tmpfs: [/tmp]\n    cap_add: [SYS_ADMIN]\n    volumes: ['cache:/etc']\n",
            "web",
        );
        assert.deepStrictEqual(s.value, {
            image: "w",
            read_only: true,
            labels: ["a=1", "b=3", "c=4"],
            tmpfs: ["/run", "/tmp"],
            cap_add: ["NET_ADMIN", "SYS_ADMIN"],
            volumes: ["cache:/etc", "data:/data"],
        });
    });

    it("a null value keeps the inherited one; !reset removes it; !override replaces instead of merging", () => {
        const text =
            base +
            "  a:\n    extends: base\n    read_only:\n  b:\n    extends: base\n    read_only: !reset true\n    volumes: !override [/x:/x]\n";
        assert.strictEqual((service(text, "a").value as { read_only: unknown }).read_only, true);
        const b = service(text, "b").value as Record<string, unknown>;
        assert.ok(!("read_only" in b));
        assert.deepStrictEqual(b.volumes, ["/x:/x"]);
    });

    it("where each part came from: own entries where written, inherited ones where the base writes them", () => {
        const s = service(base + "  web:\n    extends: base\n    volumes: [/x:/x]\n", "web");
        assert.deepStrictEqual(s.origin(["volumes", 0]), ["services", "base", "volumes", 0]);
        assert.deepStrictEqual(s.origin(["volumes", 2]), ["services", "web", "volumes", 0]);
        assert.deepStrictEqual(s.origin(["read_only"]), ["services", "base", "read_only"]);
    });

    it("another file: canonical entries, relative binds made relative to the checked file, origins at extends", () => {
        const files = { "/project/lib/base.yml": "services:\n  base:\n    volumes: ['./state:/state/', '/a:/a']\n" };
        const s = service("services:\n  web:\n    extends: {file: lib/base.yml, service: base}\n", "web", files);
        assert.deepStrictEqual(s.value, {
            volumes: [
                { type: "bind", source: "./lib/state", target: "/state", bind: { create_host_path: true } },
                { type: "bind", source: "/a", target: "/a", bind: { create_host_path: true } },
            ],
        });
        assert.deepStrictEqual(s.origin(["volumes", 0, "source"]), ["services", "web", "extends"]);
    });

    const refusals: Array<[string, string, RegExp]> = [
        [
            "a missing file",
            "services:\n  web:\n    extends: {file: nope.yml, service: x}\n",
            /services\.web\.extends: cannot read nope\.yml: no such file or directory/,
        ],
        ["a missing service", "services:\n  web:\n    extends: nope\n", /service "nope" not found/],
        ["no service named", "services:\n  web:\n    extends: {file: x.yml}\n", /service is required/],
        [
            "a cycle",
            "services:\n  a:\n    extends: b\n  b:\n    extends: c\n  c:\n    extends: a\n",
            /circular extends: a extends b extends c extends a/,
        ],
        [
            "shapes that cannot merge",
            "services:\n  b:\n    volumes: [/a:/a]\n  a:\n    extends: b\n    volumes: {x: 1}\n",
            /cannot merge volumes/,
        ],
        [
            "two mounts at one target",
            "services:\n  a:\n    tmpfs: [/a]\n    volumes: ['/x:/a/']\n",
            /services\.a\.volumes\[0\]: target \/a is already mounted by services\.a\.tmpfs\[0\]/,
        ],
    ];
    for (const [name, text, message] of refusals) {
        it(`refuses ${name}, naming the field`, () => {
            const s = resolver(text).service(/^services:\n {2}b:/.test(text) ? "a" : (/^services:\n {2}(\w+):/.exec(text)?.[1] ?? ""));
            assert.ok("message" in s && "at" in s, JSON.stringify(s));
            assert.match((s as { message: string }).message, message);
        });
    }
});
