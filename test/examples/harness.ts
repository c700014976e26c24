// Runs an example program in-process under Pulumi mocks, the way `pulumi preview` would run it,
// and hands its registrations to the policy pack as the engine would.
//
// Mocks and config are process-global (see test/components/mocks.ts), so each run installs fresh
// mocks and config, loads the program anew (its modules dropped from the require cache), and waits
// until every registration it started has been answered.
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";
import * as pulumi from "@pulumi/pulumi";
import { CapturedResource, unwrapSecrets } from "../components/mocks";
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

/** A deterministic stand-in for a registry digest, so that a resolved image is pinned under mocks. */
function fakeDigest(seed: string): string {
    return `sha256:${crypto.createHash("sha256").update(seed).digest("hex")}`;
}

/**
 * What a provider would report back: the inputs, plus the names it would have generated and, for
 * `docker.RemoteImage`, the repo digest it would have pulled.
 */
function mockState(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
    const generated = `${name}-generated`;
    if (type === "docker:index/remoteImage:RemoteImage") {
        const reference = String(inputs.name ?? name);
        const repository = reference.replace(/@.*$/, "").replace(/:[^/:]+$/, "");
        const digest = fakeDigest(reference);
        return { ...inputs, repoDigest: `${repository}@${digest}`, imageId: digest };
    }
    if (type.startsWith("kubernetes:") && !type.startsWith("kubernetes:index")) {
        const metadata = (inputs.metadata ?? {}) as Record<string, unknown>;
        return { ...inputs, metadata: { ...metadata, name: metadata.name ?? generated } };
    }
    if (type.startsWith("docker:index/")) {
        return { ...inputs, name: inputs.name ?? generated };
    }
    return inputs;
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

/** One registration of a program. */
export interface Registration extends CapturedResource {
    /** The URN the engine would give it. */
    readonly urn: string;
}

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
    const registrations: Registration[] = [];
    await pulumi.runtime.setMocks({
        newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
            const inputs = unwrapSecrets(args.inputs) as Record<string, unknown>;
            registrations.push({
                type: args.type,
                name: args.name,
                urn: `urn:pulumi:${testStack}::${options.project}::${args.type}::${args.name}`,
                inputs,
                wireInputs: args.inputs,
                provider: args.provider || undefined,
                custom: args.custom ?? true,
            });
            return { id: `${args.name}-id`, state: mockState(args.type, args.name, inputs) };
        },
        call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
            return args.inputs;
        },
    }, options.project, testStack, true);
    pulumi.runtime.setAllConfig({ ...(options.config ?? {}) }, [...(options.secretKeys ?? [])]);
    try {
        dropProgramModules();
        require(path.resolve(repositoryRoot, options.entry));
        await settings.waitForRPCs();
    } finally {
        pulumi.runtime.setAllConfig({});
    }
    return registrations;
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
    return kubernetes ? kubernetes[1] : "—";
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
