// Runs an example program in-process under Pulumi mocks, the way `pulumi preview` would run it,
// and hands its registrations to the policy pack as the engine would.
//
// Mocks and config are process-global (see test/components/mocks.ts), so each run installs fresh
// mocks and config, loads the program anew (its modules dropped from the require cache), and waits
// until every registration it started has been answered.
import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";
import * as pulumi from "@pulumi/pulumi";
import { CapturedResource, captureResources } from "../components/mocks";
import { Diagnostic, Level, PackClient, WireResource } from "../helpers/analyzer";

/** The repository root. */
export const repositoryRoot = path.resolve(__dirname, "..", "..");

/** The stack name every program runs under in these tests. */
export const testStack = "test";

/** `name:` of a Pulumi.yaml. */
export function projectNameOf(pulumiYaml: string): string {
    const match = /^name:\s*(\S+)\s*$/m.exec(fs.readFileSync(pulumiYaml, "utf8"));
    if (!match) {
        throw new Error(`${pulumiYaml} has no name`);
    }
    return match[1];
}

/** How to run one program. */
export interface ProgramRunOptions {
    /** The program's entry point, e.g. `examples/docker-nginx/index.ts`. */
    readonly entry: string;
    /** The project name (`name:` of its Pulumi.yaml): unqualified config keys belong to it. */
    readonly project: string;
    /** Stack config, `namespace:key` → value, as `pulumi config set` would store it. */
    readonly config?: Readonly<Record<string, string>>;
    /** Config keys whose values are secrets. */
    readonly secretKeys?: readonly string[];
}

/** One registration of a program, with the URN the engine would give it. */
export type Registration = CapturedResource;

function dropProgramModules(): void {
    const programDirs = [path.join(repositoryRoot, "examples") + path.sep, path.join(repositoryRoot, "demo") + path.sep];
    for (const id of Object.keys(require.cache)) {
        if (programDirs.some((dir) => id.startsWith(dir))) {
            delete require.cache[id];
        }
    }
}

// Internal to @pulumi/pulumi, but it is what the language host itself awaits before it exits.
const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

/** Run a program under fresh mocks and return every resource it registered, in order. */
export async function runProgram(options: ProgramRunOptions): Promise<Registration[]> {
    const capture = await captureResources({ project: options.project, stack: testStack, preview: true });
    pulumi.runtime.setAllConfig({ ...(options.config ?? {}) }, [...(options.secretKeys ?? [])]);
    try {
        dropProgramModules();
        require(path.resolve(repositoryRoot, options.entry));
        await settings.waitForRPCs();
    } finally {
        pulumi.runtime.setAllConfig({});
    }
    return capture.resources;
}

/** A registration as the engine hands it to the analyzer: secrets stay wrapped. */
export function toWire(r: Registration): WireResource {
    return { type: r.type, name: r.name, urn: r.urn, props: r.wireInputs };
}

/** One violation, reduced to what a reader of `pulumi preview` identifies it by. */
export interface Violation {
    readonly policy: string;
    readonly level: Level;
    /** The Pulumi resource name. */
    readonly resource: string;
    /** The Kubernetes container, or `—` for a Docker container, a Swarm service or a whole object. */
    readonly container: string;
    /** The violation text, without the policy description the engine puts first. */
    readonly message: string;
}

/** The container a message is about, `—` when it names none. */
export function containerOf(message: string): string {
    const kubernetes = /\b(?:containers|initContainers|ephemeralContainers)\[\d+\] "([^"]*)"/.exec(message);
    const ecs = /^ECS task definition "[^"]*" container "([^"]*)"/.exec(message);
    return kubernetes ? kubernetes[1] : ecs ? ecs[1] : "—";
}

/** The message without its first line (the policy's description, which the engine prepends). */
export function violationText(d: Diagnostic): string {
    const newline = d.message.indexOf("\n");
    return (newline >= 0 ? d.message.slice(newline + 1) : d.message).trim();
}

function toViolation(d: Diagnostic, resource: string): Violation {
    const message = violationText(d);
    return { policy: d.policyName, level: d.enforcementLevel, resource, container: containerOf(message), message };
}

/**
 * Everything the pack reports on a program's registrations, as the engine asks for it: each
 * resource on its own (`Analyze`), then the whole stack once (`AnalyzeStack`).
 */
export async function analyzeProgram(pack: PackClient, registrations: readonly Registration[]): Promise<Violation[]> {
    const wire = registrations.map(toWire);
    const perResource = await Promise.all(wire.map(async (r) => (await pack.analyze(r)).map((d) => toViolation(d, r.name ?? ""))));
    // A stack diagnostic names its resource by URN; the last `::` segment is the resource name.
    const asStack = (await pack.analyzeStack(wire)).map((d) => toViolation(d, d.urn.slice(d.urn.lastIndexOf("::") + 2)));
    return [...perResource.flat(), ...asStack];
}

/** One line per violation, for failure messages. */
export function describeViolations(violations: readonly Violation[]): string {
    return violations.map((v) => `${v.policy} (${v.level}) ${v.resource} [${v.container}]: ${v.message}`).join("\n");
}

/** Type-check a TypeScript project with the repository's compiler; resolves to its exit code and output. */
export function typeCheck(projectDir: string): { status: number | null; output: string } {
    const tsc = path.join(repositoryRoot, "node_modules", "typescript", "bin", "tsc");
    const result = spawnSync(process.execPath, [tsc, "--noEmit", "-p", projectDir], { cwd: repositoryRoot, encoding: "utf8" });
    return { status: result.status, output: `${result.stdout ?? ""}${result.stderr ?? ""}${result.error ? String(result.error) : ""}` };
}
