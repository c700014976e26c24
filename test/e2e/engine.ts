// The real Pulumi engine for end-to-end tests: the `pulumi` CLI from PATH (a user's machine) or
// the one `npm run engine:build` builds into .engine/bin, run offline: local file backend, fixed
// passphrase, no update check, no plugin downloads, PULUMI_HOME inside the work folder, and a
// kubeconfig that points at nothing so no ambient cluster is ever used.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const repositoryRoot = path.resolve(__dirname, "..", "..");
export const packDir = path.join(repositoryRoot, "policy-pack");
const engineBin = path.join(repositoryRoot, ".engine", "bin");
const workDir = path.join(repositoryRoot, ".pulumi-e2e");

function onPath(name: string, dirs: string[]): string | undefined {
    return dirs.map((d) => path.join(d, name)).find((p) => fs.existsSync(p));
}

/** The pulumi executable, or an error that says how to get one. */
export function findPulumi(): string {
    const fromPath = onPath("pulumi", (process.env.PATH ?? "").split(path.delimiter).filter(Boolean));
    const found = process.env.PULUMI_E2E_CLI ?? fromPath ?? onPath("pulumi", [engineBin]);
    if (!found) {
        throw new Error(
            "end-to-end tests need the Pulumi CLI: none on PATH and no .engine/bin/pulumi. " +
                "Run `npm run engine:build` (builds pulumi, the Node.js language host and the Kubernetes provider from Go modules), " +
                "or install it: curl -fsSL https://get.pulumi.com | sh",
        );
    }
    return found;
}

/** What one CLI run printed. */
export interface CliResult {
    readonly status: number;
    readonly output: string;
}

/** A fresh, isolated engine environment: its own state backend, home and kubeconfig. */
export class Engine {
    readonly pulumi = findPulumi();
    readonly dir = fs.mkdtempSync(path.join((fs.mkdirSync(workDir, { recursive: true }), workDir), "run-"));
    readonly env: NodeJS.ProcessEnv;
    /** A kubeconfig whose cluster is never there (`https://127.0.0.1:1`). */
    readonly unreachableKubeconfig: string;
    private readonly stackFiles: string[] = [];

    constructor() {
        const state = path.join(this.dir, "state");
        fs.mkdirSync(state);
        const kubeconfig = path.join(this.dir, "kubeconfig");
        // A cluster that is never there: the Kubernetes provider takes its unreachable-cluster path.
        fs.writeFileSync(
            kubeconfig,
            [
                "apiVersion: v1",
                "kind: Config",
                "clusters: [{name: nowhere, cluster: {server: 'https://127.0.0.1:1'}}]",
                "users: [{name: nobody, user: {token: none}}]",
                "contexts: [{name: nowhere, context: {cluster: nowhere, user: nobody}}]",
                "current-context: nowhere",
                "",
            ].join("\n"),
        );
        this.env = {
            PATH: [path.dirname(this.pulumi), engineBin, process.env.PATH ?? ""].join(path.delimiter),
            HOME: process.env.HOME,
            PULUMI_HOME: path.join(workDir, "home"),
            PULUMI_BACKEND_URL: `file://${state}`,
            PULUMI_CONFIG_PASSPHRASE: "immutable-workloads-e2e",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            PULUMI_SKIP_CONFIRMATIONS: "true",
            NO_COLOR: "1",
        };
        this.unreachableKubeconfig = kubeconfig;
    }

    /**
     * Runs `pulumi <args>` in `cwd`. `env` adds variables: programs on the default Kubernetes
     * provider get `KUBECONFIG: unreachableKubeconfig`, so no ambient cluster is ever touched (the
     * provider refuses a kubeconfig next to `renderYamlToDirectory`, so those programs get none).
     */
    run(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliResult {
        const r = spawnSync(this.pulumi, [...args, "--non-interactive"], {
            cwd,
            env: { ...this.env, ...env },
            encoding: "utf8",
            timeout: 300_000,
            maxBuffer: 64 * 1024 * 1024,
        });
        if (r.error) {
            throw r.error;
        }
        return { status: r.status ?? -1, output: `${r.stdout}\n${r.stderr}` };
    }

    /** A new stack of the project in `cwd`, with `config` set (secrets when the key starts with `secret:`). */
    stack(cwd: string, name: string, config: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}): Stack {
        const init = this.run(["stack", "init", name], cwd);
        if (init.status !== 0) {
            throw new Error(`pulumi stack init ${name} failed:\n${init.output}`);
        }
        // `stack init` writes Pulumi.<stack>.yaml (the passphrase salt) next to the project.
        this.stackFiles.push(path.join(cwd, `Pulumi.${name}.yaml`));
        for (const [key, value] of Object.entries(config)) {
            const secret = key.startsWith("secret:");
            const k = secret ? key.slice("secret:".length) : key;
            const set = this.run(["config", "set", "--stack", name, ...(secret ? ["--secret"] : []), k, value], cwd);
            if (set.status !== 0) {
                throw new Error(`pulumi config set ${k} failed:\n${set.output}`);
            }
        }
        return new Stack(this, cwd, name, env);
    }

    /** Removes the stack files written into project folders and the run's state. */
    cleanUp(): void {
        for (const f of this.stackFiles) {
            fs.rmSync(f, { force: true });
        }
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}

/** One stack of one project. */
export class Stack {
    constructor(
        private readonly engine: Engine,
        readonly cwd: string,
        readonly name: string,
        private readonly env: NodeJS.ProcessEnv,
    ) {}

    /** `pulumi preview` with the repository's pack, and a `--policy-pack-config` file when given. */
    preview(policyConfig?: object): CliResult {
        return this.engine.run(["preview", "--stack", this.name, ...this.packArgs(policyConfig)], this.cwd, this.env);
    }

    /** `pulumi up --yes` with the repository's pack. */
    up(policyConfig?: object): CliResult {
        return this.engine.run(["up", "--yes", "--stack", this.name, ...this.packArgs(policyConfig)], this.cwd, this.env);
    }

    private packArgs(policyConfig?: object): string[] {
        const args = ["--policy-pack", packDir];
        if (policyConfig) {
            const file = path.join(this.engine.dir, `policy-config-${this.name}-${Date.now()}.json`);
            fs.writeFileSync(file, JSON.stringify(policyConfig));
            args.push("--policy-pack-config", file);
        }
        return args;
    }
}

/** The violations block the CLI prints: `[level] ... policy (type: resource)` plus message lines. */
export interface PrintedViolation {
    readonly level: string;
    readonly policy: string;
    readonly type: string;
    readonly resource: string;
    readonly text: string;
}

/** Parses the "Policies:" section of `pulumi preview` output. */
export function printedViolations(output: string): PrintedViolation[] {
    const lines = output.split("\n");
    const found: PrintedViolation[] = [];
    for (let i = 0; i < lines.length; i++) {
        const m = /^\s+- \[(advisory|mandatory|remediate)\](?: \[severity: \w+\])?\s+(\S+)\s+\((\S+): ([^)]+)\)/.exec(lines[i]);
        if (!m) {
            continue;
        }
        const text: string[] = [];
        for (let j = i + 1; j < lines.length && !/^\s+- \[/.test(lines[j]) && /^\s{6,}\S/.test(lines[j]); j++) {
            text.push(lines[j].trim());
        }
        found.push({ level: m[1], policy: m[2], type: m[3], resource: m[4], text: text.join("\n") });
    }
    return found;
}
