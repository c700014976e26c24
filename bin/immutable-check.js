#!/usr/bin/env node
// The `immutable-check` command. When the package has been built it runs the bundled checker
// (dist/cli/immutable-check.js, with V8's code cache: cli/bundleLoader.ts), else the compiled
// modules (dist/cli/main.js), else the TypeScript sources through ts-node (a clone of the
// repository that was never built). Works from cli/ or bin/: both sit one level under the package root.
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..");
const dist = path.join(root, "dist", "cli");

// The bundle, unless the compiled modules are newer (a `tsc` run without `npm run build`, which
// makes the bundle): then they are what the package holds, and the bundle is stale.
function bundleIsCurrent(bundle) {
    try {
        return fs.statSync(bundle).mtimeMs >= fs.statSync(path.join(dist, "main.js")).mtimeMs;
    } catch {
        return false;
    }
}
if (fs.existsSync(path.join(dist, "main.js"))) {
    // A short run is faster without V8's optimising compiler; main() turns it back on for large
    // inputs (cli/tiering.ts says why and measures it).
    require(path.join(dist, "tiering.js")).startUnoptimised();
    const loader = require(path.join(dist, "bundleLoader.js"));
    const checker = bundleIsCurrent(loader.bundleFile) ? loader.loadBundle().exports : require(path.join(dist, "main.js"));
    checker.main();
} else {
    require("ts-node").register({ transpileOnly: true, project: path.join(root, "tsconfig.json") });
    require(path.join(root, "cli", "main.ts")).main();
}
