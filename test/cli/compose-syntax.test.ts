// The small grammars inside Compose values, against what compose-go's format.ParseVolume and
// interpolation casts make of them (cases checked with compose-go v2.16.2).
import * as assert from "assert";
import { cleanPath, composeBoolean, isHostPath, parseShortVolume } from "../../cli/compose-syntax";

describe("cli/compose-syntax", () => {
    const volumes: Array<[string, ReturnType<typeof parseShortVolume>]> = [
        ["/data", { target: "/data" }],
        ["ab", { target: "ab" }],
        ["./html:/usr/share/nginx/html", { source: "./html", target: "/usr/share/nginx/html", readOnly: undefined, options: undefined }],
        ["/etc:/x:ro", { source: "/etc", target: "/x", readOnly: true, options: "ro" }],
        // The last of ro / rw wins, and only exactly: ' ro' is an unknown option, ignored.
        ["/etc:/x:ro,rw", { source: "/etc", target: "/x", readOnly: false, options: "ro,rw" }],
        ["/etc:/x:rw,ro", { source: "/etc", target: "/x", readOnly: true, options: "rw,ro" }],
        ["/etc:/x: ro", { source: "/etc", target: "/x", readOnly: undefined, options: " ro" }],
        ["/etc:/x:z,ro", { source: "/etc", target: "/x", readOnly: true, options: "z,ro" }],
        ["data:${TARGET:-/a:b}:ro", { source: "data", target: "${TARGET:-/a:b}", readOnly: true, options: "ro" }],
        ["C:\\data:/data", { source: "C:\\data", target: "/data", readOnly: undefined, options: undefined }],
        ["", { error: "invalid empty volume spec" }],
        ["/a::/b", { error: "invalid spec: /a::/b: empty section between colons" }],
        ["/a:/b:ro:x", { error: "invalid spec: /a:/b:ro:x: too many colons" }],
    ];
    for (const [spec, expected] of volumes) {
        it(`short volume ${JSON.stringify(spec)}`, () => {
            assert.deepStrictEqual(parseShortVolume(spec), expected);
        });
    }

    it("booleans as Compose casts them: no trimming, any case", () => {
        assert.deepStrictEqual(
            ["true", "TRUE", "yes", "On", "y", "false", "no", "OFF", "n", " true", "maybe", true, 1].map(composeBoolean),
            [true, true, true, true, true, false, false, false, false, " true", "maybe", true, 1],
        );
    });

    it("host paths and Go's path.Clean", () => {
        assert.deepStrictEqual(["/a", "./a", "../a", "~/a", "${HOME}/a", "C:\\a", "\\\\host\\share", "data", "on"].map(isHostPath), [
            true,
            true,
            true,
            true,
            true,
            true,
            true,
            false,
            false,
        ]);
        assert.deepStrictEqual(["/a/", "/a//b/./c/..", "//a", "", "a/../..", "/.."].map(cleanPath), ["/a", "/a/b", "/a", ".", "..", "/"]);
    });
});
