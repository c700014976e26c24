// The last step of `npm run build` (see cli/bundleLoader.ts): bundles the built checker
// (dist/cli/main.js) into dist/cli/immutable-check.js with esbuild, runs it over sample inputs as
// the command would (V8's optimising compiler off, as bin/immutable-check.js starts it), and saves
// V8's code cache for it to dist/cli/immutable-check.cache.
"use strict";
const esbuild = require("esbuild");
const fs = require("fs");
const os = require("os");
const path = require("path");

const root = path.join(__dirname, "..");
const dist = path.join(root, "dist", "cli");

// commander requires child_process when it loads, for executable subcommands, which
// immutable-check has none of; child_process brings net, dgram and dns with it: about 2 ms of every
// start on Node 22. In the bundle commander gets it on first use instead. The build fails if
// commander stops requiring it as this expects (test/cli/lazy-modules.test.ts checks the start loads none of it).
const commanderChildProcess = "const childProcess = require('node:child_process');";
const lazyCommanderChildProcess = {
    name: "lazy-commander-child-process",
    setup(build) {
        build.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
            const source = fs.readFileSync(args.path, "utf8");
            if (source.split(commanderChildProcess).length !== 2) {
                throw new Error(`${args.path} no longer has the line ${commanderChildProcess}: update scripts/bundle-cli.js`);
            }
            const lazy = "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };";
            return { contents: source.replace(commanderChildProcess, lazy), loader: "js" };
        });
    },
};

async function main() {
    await esbuild.build({
        entryPoints: [path.join(dist, "main.js")],
        outfile: path.join(dist, "immutable-check.js"),
        bundle: true,
        platform: "node",
        target: "node20",
        format: "cjs",
        // Loaded only when an input needs them (YAML library, schema validator) or never by the command (the SDK).
        external: ["yaml", "ajv", "ajv/*", "@pulumi/*"],
        // The build's id, which the code cache repeats (cli/bundleLoader.ts).
        banner: { js: require(path.join(dist, "bundleLoader.js")).bundleBanner(require("crypto").randomUUID()) },
        minifyWhitespace: true,
        minifySyntax: true,
        logLevel: "warning",
        plugins: [lazyCommanderChildProcess],
    });
    require(path.join(dist, "tiering.js")).startUnoptimised();
    const { loadBundle, bundleFile, cacheFile, cacheFileBytes } = require(path.join(dist, "bundleLoader.js"));
    fs.rmSync(cacheFile, { force: true });
    const loaded = loadBundle(bundleFile, null);
    const sink = { write: () => true };
    const io = { stdin: process.stdin, stdout: sink, stderr: sink };
    for (const args of await trainingRuns()) {
        await loaded.exports.run(args, io);
    }
    fs.writeFileSync(cacheFile, cacheFileBytes(fs.readFileSync(bundleFile), loaded.script.createCachedData()));
}

/** Runs of the command over the kinds of input it reads, in every output format. */
async function trainingRuns() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "immutable-check-bundle-"));
    process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    const corpus = path.join(root, "test", "fixtures", "corpus", "kubernetes");
    const manifests = fs.existsSync(corpus)
        ? fs
              .readdirSync(corpus)
              .filter((f) => /\.ya?ml$/.test(f))
              .map((f) => path.join(corpus, f))
        : [];
    const deployment = path.join(dir, "deployment.yaml");
    fs.writeFileSync(
        deployment,
        [
            "apiVersion: apps/v1",
            "kind: Deployment",
            "metadata: {name: web}",
            "spec:",
            "  template:",
            "    spec:",
            "      containers:",
            "      - name: app",
            "        image: nginx:1.27",
            "        securityContext: {readOnlyRootFilesystem: true}",
            "      - {name: sidecar, image: busybox, volumeMounts: [{name: logs, mountPath: /logs}]}",
            "      volumes:",
            "      - {name: logs, hostPath: {path: /var/log}}",
            "",
        ].join("\n"),
    );
    const compose = path.join(dir, "compose.yaml");
    fs.writeFileSync(compose, 'services:\n  web:\n    image: nginx:1.27\n    read_only: true\n    tmpfs: ["/tmp:size=64m"]\n');
    const inputs = [deployment, ...manifests];
    return [inputs, ["--format", "json", ...inputs], ["--format", "sarif", deployment], [compose]];
}

main().catch((err) => {
    console.error(`bundle-cli: ${err && err.stack ? err.stack : err}`);
    process.exit(1);
});
