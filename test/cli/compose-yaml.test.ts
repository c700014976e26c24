// Compose's reading of YAML: `!reset` removes, `!override` marks, `<<` merges after the resets are
// gone, scalars are YAML 1.2 (as go-yaml reads them). Cases checked with compose-go v2.16.2.
import * as assert from "assert";
import { readComposeYaml } from "../../cli/compose-yaml";

function read(text: string) {
    const stream = readComposeYaml(text);
    assert.ok(stream.ok, JSON.stringify(stream));
    return stream.documents[0];
}

describe("cli/compose-yaml", () => {
    const cases: Array<{ name: string; yaml: string; value: unknown; resets?: unknown[]; overrides?: unknown[] }> = [
        {
            name: "!reset drops a key and a list item; YAML 1.2 keeps on/yes/n as strings",
            yaml: "services:\n  web:\n    read_only: !reset true\n    tmpfs: [/run, !reset /tmp]\n    on: yes\n    n: no\n",
            value: { services: { web: { tmpfs: ["/run"], on: "yes", n: "no" } } },
            resets: [
                ["services", "web", "read_only"],
                ["services", "web", "tmpfs", 1],
            ],
        },
        {
            name: "!override keeps the value and records where it is, through aliases too",
            yaml: "x-v: &v !override [/a:/a]\nservices:\n  web:\n    volumes: *v\n",
            value: { "x-v": ["/a:/a"], services: { web: { volumes: ["/a:/a"] } } },
            overrides: [["x-v"], ["services", "web", "volumes"]],
        },
        {
            name: "an alias to a !reset node is reset too",
            yaml: "x-r: &r !reset true\nservices:\n  web:\n    read_only: *r\n",
            value: { services: { web: {} } },
            resets: [["x-r"], ["services", "web", "read_only"]],
        },
        {
            name: "a merged !reset hides nothing: the next merged mapping gives the value",
            yaml: "x-a: &a\n  read_only: !reset true\nx-b: &b\n  read_only: true\nservices:\n  web:\n    <<: [*a, *b]\n",
            value: { "x-a": {}, "x-b": { read_only: true }, services: { web: { read_only: true } } },
            resets: [
                ["x-a", "read_only"],
                ["services", "web", 0, "read_only"],
            ],
        },
        {
            name: "an own !reset does not hide a merged value either; own keys win over merged ones",
            yaml: "x-b: &b\n  read_only: true\n  image: base\nservices:\n  web:\n    <<: *b\n    read_only: !reset false\n    image: own\n",
            value: { "x-b": { read_only: true, image: "base" }, services: { web: { read_only: true, image: "own" } } },
            resets: [["services", "web", "read_only"]],
        },
        {
            name: "a !reset merge source is dropped; an !override one is merged",
            yaml: "services:\n  web:\n    <<: !reset {read_only: false}\n    image: x\n  db:\n    <<: !override {read_only: true}\n",
            value: { services: { web: { image: "x" }, db: { read_only: true } } },
        },
    ];
    for (const c of cases) {
        it(c.name, () => {
            const d = read(c.yaml);
            assert.deepStrictEqual(d.value, c.value);
            assert.deepStrictEqual(d.resets, c.resets ?? []);
            assert.deepStrictEqual(d.overrides, c.overrides ?? []);
        });
    }

    it("refuses what go-yaml refuses, with a message", () => {
        for (const text of ["a: *missing\n", "x: &x\nservices:\n  web:\n    <<: *x\n", "a: 1\na: 2\n"]) {
            const stream = readComposeYaml(text);
            assert.strictEqual(stream.ok, false, text);
        }
    });
});
