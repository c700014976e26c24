import * as assert from "assert";
import { dnsLabel, pathSlug, persistentVolumeName, suggestedName, suggestedSecretKey } from "../../components/naming";

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

    const volumes: Array<[Parameters<typeof persistentVolumeName>[0], string, string]> = [
        ["kubernetes", "/data/Uploads", "web-data-uploads"], // claim names are lowercase
        ["docker", "/data/Uploads", "web-data-Uploads"], // Docker volume names keep the URNs they had
        ["swarm", "/Data_Dir/.cache", "web-Data-Dir-cache"],
    ];
    for (const [platform, path, name] of volumes) {
        it(`persistentVolumeName(${platform}, web, ${path}) = ${name}`, () =>
            assert.strictEqual(persistentVolumeName(platform, "web", path), name));
    }

    const suggestions: Array<[string, string]> = [
        ["Web", "web"],
        ["web_app", "web-app"],
        ["web.app", "web-app"],
        ["1web", "app-1web"],
        ["", "app"],
        ["--", "app"],
        ["a".repeat(80), "a".repeat(54)],
        [`${"a".repeat(53)}-b`, "a".repeat(53)], // never ends in a hyphen after truncation
    ];
    for (const [name, suggestion] of suggestions) {
        it(`suggestedName(${JSON.stringify(name.slice(0, 20))}) = ${suggestion.slice(0, 20)}`, () =>
            assert.strictEqual(suggestedName(name), suggestion));
    }

    const keys: Array<[string, string]> = [
        ["a b", "a_b"],
        ["..KEY", "KEY"],
        ["é", "_"],
        [".", "KEY"],
        ["A.b-c_1", "A.b-c_1"],
    ];
    for (const [key, suggestion] of keys) {
        it(`suggestedSecretKey(${JSON.stringify(key)}) = ${suggestion}`, () => assert.strictEqual(suggestedSecretKey(key), suggestion));
    }
});
