#!/usr/bin/env node
// The `immutable-check` command: runs the compiled checker (dist/cli/main.js) when the package
// has been built, else the TypeScript sources through ts-node (a clone of the repository).
// Works from cli/ or bin/: both sit one level under the package root.
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..");
const compiled = path.join(root, "dist", "cli", "main.js");
const exists = fs.existsSync(compiled);
if (exists) {
    // A short run is faster without V8's optimising compiler; main() turns it back on for large
    // inputs (cli/tiering.ts says why and measures it).
    require(path.join(root, "dist", "cli", "tiering.js")).startUnoptimised();
}
const built = exists ? require(compiled) : undefined;
if (built && typeof built.main === "function") {
    built.main();
} else {
    require("ts-node").register({ transpileOnly: true, project: path.join(root, "tsconfig.json") });
    require(path.join(root, "cli", "main.ts")).main();
}
