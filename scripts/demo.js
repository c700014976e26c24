#!/usr/bin/env node
// `npm run demo`: preview the root demo stack (Pulumi.yaml, demo/index.ts) with the policy pack,
// on a local file backend: no login, no cloud account, no cluster.
//
//   npm run demo                  preview; the pack reports nothing
//   npm run demo -- --violation   preview with demo:includeViolation=true; the pack stops it
//   npm run demo -- --up          pulumi up: writes the manifests to demo-output/
//
// The Pulumi CLI is looked up on PATH, then at .engine/bin/pulumi (`npm run engine:build` builds
// one from Go sources). Without one, this says how to get it and exits with status 1.
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const repositoryRoot = path.resolve(__dirname, "..");
const engineBin = path.join(repositoryRoot, ".engine", "bin");
const stateDir = path.join(repositoryRoot, ".pulumi-demo-state");
const packDir = path.join(repositoryRoot, "policy-pack");
const stack = "demo";
const executable = process.platform === "win32" ? "pulumi.exe" : "pulumi";

const howToGetPulumi = `The Pulumi CLI was not found (looked on PATH and at .engine/bin/pulumi).

Install it, then run \`npm run demo\` again:

  curl -fsSL https://get.pulumi.com | sh        # Linux, macOS (see https://www.pulumi.com/docs/install/)
  brew install pulumi/tap/pulumi                # macOS with Homebrew

or build one from Go sources into .engine/bin/ with this repository's script:

  npm run engine:build
`;

/** The pulumi executable: PATH first, then the one `npm run engine:build` builds; undefined when neither exists. */
function findPulumi() {
    const dirs = (process.env.PATH || "").split(path.delimiter).filter((d) => d !== "");
    for (const dir of [...dirs, engineBin]) {
        const candidate = path.join(dir, executable);
        try {
            fs.accessSync(candidate, fs.constants.X_OK);
            if (fs.statSync(candidate).isFile()) {
                return candidate;
            }
        } catch {
            // not here
        }
    }
    return undefined;
}

function parseFlags(argv) {
    const flags = { violation: false, up: false };
    for (const arg of argv) {
        if (arg === "--violation") {
            flags.violation = true;
        } else if (arg === "--up") {
            flags.up = true;
        } else if (arg === "--help" || arg === "-h") {
            flags.help = true;
        } else {
            throw new Error(`unknown option ${arg}; use --violation, --up or --help`);
        }
    }
    return flags;
}

function main() {
    let flags;
    try {
        flags = parseFlags(process.argv.slice(2));
    } catch (e) {
        process.stderr.write(`${e.message}\n`);
        return 2;
    }
    if (flags.help) {
        process.stdout.write(
            fs
                .readFileSync(__filename, "utf8")
                .split("\n")
                .slice(1, 10)
                .map((l) => l.replace(/^\/\/ ?/, ""))
                .join("\n") + "\n",
        );
        return 0;
    }
    const pulumi = findPulumi();
    if (!pulumi) {
        process.stderr.write(howToGetPulumi);
        return 1;
    }
    if (!fs.existsSync(path.join(packDir, "bin", "index.js"))) {
        process.stdout.write("Building the policy pack (npm run build)...\n");
        const npm = process.platform === "win32" ? "npm.cmd" : "npm";
        const build = spawnSync(npm, ["run", "build"], { cwd: repositoryRoot, stdio: "inherit" });
        if (build.status !== 0) {
            return build.status ?? 1;
        }
    }
    fs.mkdirSync(stateDir, { recursive: true });
    const env = {
        ...process.env,
        // The CLI's own directory first, so that the plugins built beside it are found.
        PATH: [path.dirname(pulumi), engineBin, process.env.PATH || ""].join(path.delimiter),
        PULUMI_BACKEND_URL: `file://${stateDir}`,
        PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "demo",
        PULUMI_SKIP_UPDATE_CHECK: "true",
    };
    const run = (args) => {
        process.stdout.write(`\n$ pulumi ${args.join(" ")}\n`);
        const result = spawnSync(pulumi, args, { cwd: repositoryRoot, env, stdio: "inherit" });
        if (result.error) {
            process.stderr.write(`${result.error.message}\n`);
            return 1;
        }
        return result.status ?? 1;
    };
    const steps = [
        ["stack", "select", "--create", stack, "--non-interactive"],
        ["config", "set", "--stack", stack, "demo:includeViolation", String(flags.violation)],
        flags.up
            ? ["up", "--yes", "--stack", stack, "--policy-pack", packDir, "--non-interactive"]
            : ["preview", "--stack", stack, "--policy-pack", packDir, "--non-interactive"],
    ];
    for (const step of steps) {
        const status = run(step);
        if (status !== 0) {
            if (step === steps[steps.length - 1] && flags.violation) {
                process.stdout.write("\nThe policy pack stopped the preview: that is what --violation demonstrates.\n");
            }
            return status;
        }
    }
    process.stdout.write(
        flags.up
            ? "\nThe manifests are in demo-output/.\n"
            : "\nNo mandatory violation. Try `npm run demo -- --violation` to see the pack stop a writable Deployment.\n",
    );
    return 0;
}

process.exitCode = main();
