// A fourth platform added in the tests alone (./toy/: a folder, and one registerPlatform call):
// the whole pack — every per-resource policy, the stack policies, remediation — judges it.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { judgeResource, judgeStack } from "../../../policy-pack/checks";
import { remediateReadOnlyRootFilesystem } from "../../../policy-pack/policies/read-only-root-filesystem";
import { registerPlatform, workloadOf } from "../../../policy-pack/workloads";
import { toyBoxType, toyPlatform } from "./toy";

const digest = "sha256:" + "a".repeat(64);
const pinned = `toys/box:1@${digest}`;

/** A compliant box, with `box` fields merged in. */
function box(extra: Record<string, unknown> = {}, top: Record<string, unknown> = {}): Record<string, unknown> {
    return { name: "b", box: { image: pinned, sealed: true, scratch: [{ path: "/tmp", megabytes: 64 }], ...extra }, ...top };
}

function policiesOf(props: Record<string, unknown>, config = {}): string[] {
    return judgeResource(toyBoxType, props, "b", config).map((j) => `${j.policy}:${j.level}`);
}

describe("a fourth platform from the tests alone (toy)", () => {
    let unregister: () => void = () => undefined;
    before(() => {
        unregister = registerPlatform(toyPlatform);
    });
    after(() => unregister());

    it("a compliant box passes every policy", () => {
        assert.deepStrictEqual(judgeResource(toyBoxType, box(), "b"), []);
    });

    it("read-only-root-filesystem: an unsealed box is a mandatory finding worded by the platform", () => {
        const found = judgeResource(toyBoxType, box({ sealed: undefined }), "b");
        assert.deepStrictEqual(
            found.map((j) => [j.policy, j.level]),
            [["read-only-root-filesystem", "mandatory"]],
        );
        assert.strictEqual(
            found[0].message,
            'Toybox "b" has a writable root filesystem: sealed is unset (box.sealed). Seal it: set box.sealed to true.',
        );
        assert.deepStrictEqual(found[0].path, ["box", "sealed"]);
    });

    it("read-only-root-filesystem: a sealed box with the power to remount it is still a finding", () => {
        const found = judgeResource(toyBoxType, box({ superpowers: true }), "b");
        assert.deepStrictEqual(
            found.map((j) => j.policy),
            ["read-only-root-filesystem"],
        );
        assert.match(found[0].message, /can make its root filesystem writable again/);
    });

    it("the label marker exempts, and a blank one names the platform's marker place", () => {
        assert.deepStrictEqual(policiesOf(box({ sealed: false }, { labels: { "immutable-workloads/exempt": "vendor needs it" } })), []);
        const blank = judgeResource(toyBoxType, box({ sealed: false }, { labels: { "immutable-workloads/exempt": " " } }), "b");
        assert.match(blank[0].message, /immutable-workloads\/exempt label is present but empty/);
    });

    it("writable-paths-in-memory: a scratch entry without a size, and too many of them", () => {
        const unsized = judgeResource(toyBoxType, box({ scratch: [{ path: "/tmp" }] }), "b");
        assert.deepStrictEqual(
            unsized.map((j) => [j.policy, j.level]),
            [["writable-paths-in-memory", "advisory"]],
        );
        assert.match(unsized[0].message, /box\.scratch\[0\]\.megabytes is not a size\. Set box\.scratch\[0\]\.megabytes in megabytes/);
        const many = Array.from({ length: 3 }, (_, i) => ({ path: `/w${i}`, megabytes: 1 }));
        assert.deepStrictEqual(policiesOf(box({ scratch: many }), { "writable-paths-in-memory": { maxWritablePaths: 2 } }), [
            "writable-paths-in-memory:advisory",
        ]);
    });

    it("no-writable-host-mounts: a writable share, unless its path is allowed", () => {
        const shared = box({ shares: [{ host: "/srv", at: "/data", writable: true }] });
        const found = judgeResource(toyBoxType, shared, "b");
        assert.deepStrictEqual(
            found.map((j) => j.policy),
            ["no-writable-host-mounts"],
        );
        assert.match(
            found[0].message,
            /^Toybox "b" shares \/srv writable \(box\.shares\[0\]\): .* Set box\.shares\[0\]\.writable to false/,
        );
        assert.deepStrictEqual(policiesOf(shared, { "no-writable-host-mounts": { allowedHostPaths: ["/srv"] } }), []);
        assert.deepStrictEqual(policiesOf(box({ shares: [{ host: "/srv", at: "/data" }] })), []);
    });

    it("pinned-image: a tag is advisory, in the platform's words", () => {
        const found = judgeResource(toyBoxType, box({ image: "toys/box:1" }), "b");
        assert.deepStrictEqual(
            found.map((j) => [j.policy, j.level]),
            [["pinned-image", "advisory"]],
        );
        assert.match(found[0].message, /Box it as toys\/box:1@sha256:<digest>/);
    });

    it("remediation sets the platform's read-only field", () => {
        const view = workloadOf(toyBoxType, box({ sealed: undefined }), "b");
        assert.ok(view);
        const fixed = remediateReadOnlyRootFilesystem(view, {} as never) as { box: { sealed: unknown } };
        assert.strictEqual(fixed.box.sealed, true);
    });

    it("the stack policies see its boxes", () => {
        const stack = [{ type: toyBoxType, name: "b", urn: "urn:b", props: box({ sealed: false }) }];
        // Per-resource findings come from judgeResource; the stack view must not throw on, or
        // invent findings for, a platform without named volumes or configuration objects.
        assert.deepStrictEqual(judgeStack(stack), []);
    });

    it("unregistered, a box is no workload", () => {
        unregister();
        try {
            assert.strictEqual(workloadOf(toyBoxType, box({ sealed: false }), "b2"), undefined);
            assert.deepStrictEqual(judgeResource(toyBoxType, box({ sealed: false }), "b2"), []);
        } finally {
            unregister = registerPlatform(toyPlatform);
        }
    });
});

describe("policies name no platform", () => {
    const dir = path.join(__dirname, "../../../policy-pack/policies");
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
        it(`${file} asks the platform instead of checking for one`, () => {
            const text = fs.readFileSync(path.join(dir, file), "utf8");
            assert.doesNotMatch(text, /\.platform\s*[!=]==?/, "compares a view's platform");
            assert.doesNotMatch(text, /["'`](kubernetes|docker|swarm)["'`]/i, "names a platform id as a string");
        });
    }
});
