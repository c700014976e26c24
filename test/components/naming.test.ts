import * as assert from "assert";
import { dnsLabel, pathSlug } from "../../components/naming";

describe("naming", () => {
    const slugs: Array<[string, string]> = [
        ["/var/www/html/wp-content/uploads", "var-www-html-wp-content-uploads"],
        ["/data", "data"],
        ["/Data_Dir/.cache", "Data-Dir-cache"],
        ["/a-b", "a-b"],
        ["/a/b", "a-b"], // the collision validation rejects, see validation.test.ts
    ];
    for (const [path, slug] of slugs) {
        it(`pathSlug(${path}) = ${slug}`, () => assert.strictEqual(pathSlug(path), slug));
    }

    const labels: Array<[string, string]> = [
        ["web", "web"],
        ["My_Service.v2", "my-service-v2"],
        ["--", "app"],
        ["x".repeat(80), "x".repeat(63)],
        [`${"a".repeat(62)}-b`, "a".repeat(62)], // never ends in a hyphen after truncation
    ];
    for (const [text, label] of labels) {
        it(`dnsLabel(${text.slice(0, 20)}…) = ${label.slice(0, 20)}…`, () => assert.strictEqual(dnsLabel(text, "app"), label));
    }
});
