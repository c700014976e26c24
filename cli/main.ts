// `immutable-check [paths…]`: the policy pack's rules for Kubernetes manifests and Docker
// Compose files outside Pulumi. `run` is the whole command as a function of its arguments and
// streams, so tests call it in-process; the module runs it when executed directly.
//
// Exit status: 0 no mandatory finding, 1 at least one, 2 a usage error or an input that could
// not be checked (2 wins over 1: a run that could not read everything has no verdict).
import { Command, CommanderError, Option } from "commander";
import { existsSync, readFileSync } from "fs";
import * as path from "path";
import { PackConfig } from "../policy-pack/checks";
import { checkInputs } from "./check";
import { readPackConfig } from "./config";
import { favourMemoryFromLargeYaml, tuneForShortRun } from "./memory";
import { optimiseForInputs } from "./tiering";
import { collectInputs, InputFileSystem, overLimit, parseByteSize, readBounded, SkippedEntry } from "./inputs";
import { Format, formatErrors, formats, formatSkipped, formatText, writeJsonReport } from "./report";
import type * as SarifModule from "./sarif";
import { unknownContainerCount } from "./summary";

/** A stream the command writes to. */
export interface OutputStream {
    write(chunk: string): unknown;
    readonly isTTY?: boolean;
}

/** The command's surroundings: streams, working directory, environment. */
export interface CliIo {
    readonly stdin: NodeJS.ReadableStream;
    readonly stdout: OutputStream;
    readonly stderr: OutputStream;
    /** Defaults to `process.cwd()`. */
    readonly cwd?: string;
    /** Defaults to `process.env` (read for NO_COLOR / FORCE_COLOR). */
    readonly env?: NodeJS.ProcessEnv;
    /** Defaults to the real file system; tests simulate failures with it. */
    readonly fileSystem?: InputFileSystem;
    /** Told the length of each YAML stream (characters) just before it is parsed (see memory.ts). */
    readonly onYamlStream?: (chars: number) => void;
    /** Told the length of all inputs (characters) once they are read, before they are parsed (see tiering.ts). */
    readonly onInputsRead?: (totalChars: number) => void;
}

/** Exit statuses. */
export const exitCodes = { ok: 0, mandatory: 1, error: 2 } as const;

interface Options {
    readonly format: Format;
    readonly config?: string;
    readonly maxBytes: string;
    readonly color?: boolean;
}

/** The version of the package the command ships in. */
export function packageVersion(): string {
    let dir = __dirname;
    for (let i = 0; i < 5; i++) {
        const file = path.join(dir, "package.json");
        if (existsSync(file)) {
            try {
                const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
                if (pkg.name === "immutable-workloads" && typeof pkg.version === "string") {
                    return pkg.version;
                }
            } catch {
                // not ours: keep looking
            }
        }
        dir = path.dirname(dir);
    }
    return "0.0.0";
}

function program(io: CliIo): Command {
    return new Command()
        .name("immutable-check")
        .description(
            "Check Kubernetes manifests, Docker Compose files and Pulumi stacks (pulumi stack export, pulumi preview --json) with the immutable-workloads policy pack: " +
                "read-only root filesystems, writable paths in memory, no writable host mounts.",
        )
        .argument(
            "[paths...]",
            "YAML or JSON files (manifests, Compose files, pulumi stack export or pulumi preview --json --show-sames output, one stack per file), " +
                "directories (walked for *.json, *.yaml, *.yml as kubectl apply -R reads them; " +
                "hidden directories and node_modules are skipped and named), or - for standard input",
        )
        .addOption(new Option("-f, --format <format>", "output format").choices(formats).default("text"))
        .option("-c, --config <file>", "policy config: the same JSON as pulumi's --policy-pack-config")
        .option(
            "--max-bytes <size>",
            "stop reading any input (file, device, pipe, standard input, config) past this size and fail: " +
                "bytes, or Ki/Mi/Gi with an optional B (512Ki, 16MiB; k/m/g are the same multiples of 1024)",
            "16MiB",
        )
        .option("--color", "colour the text report even when not on a terminal")
        .option("--no-color", "never colour the text report")
        .version(packageVersion(), "-V, --version")
        .addHelpText(
            "after",
            "\nExit status: 0 no mandatory finding, 1 at least one, 2 a usage error or an input that could not be " +
                "checked (unreadable, invalid, over --max-bytes, or a directory with no manifest in it). " +
                "A container of a Pulumi stack whose verdict depends on a secret or unknown value counts as a mandatory finding.\n",
        )
        .showHelpAfterError("(run immutable-check --help for usage)")
        .exitOverride()
        .configureOutput({
            writeOut: (s) => io.stdout.write(s),
            writeErr: (s) => io.stderr.write(s),
        });
}

async function loadConfig(file: string, cwd: string, maxBytes: number): Promise<{ config: PackConfig } | { error: string }> {
    let read: Awaited<ReturnType<typeof readBounded>>;
    try {
        read = await readBounded(path.resolve(cwd, file), maxBytes);
    } catch (err) {
        return { error: `cannot read config ${file}: ${(err as Error).message}` };
    }
    if ("tooLarge" in read) {
        return { error: `config ${file}: ${overLimit(maxBytes, read.tooLarge)}` };
    }
    const loaded = readPackConfig(read.bytes);
    if ("error" in loaded) {
        return { error: `config ${file} is ${loaded.error}` };
    }
    return "config" in loaded ? loaded : { error: `invalid config ${file}:\n  ${loaded.errors.join("\n  ")}` };
}

// The SARIF log with the skipped directory entries as tool notifications of level "note".
function withSkippedNotes(log: object, skipped: readonly SkippedEntry[]): object {
    const run = (log as { runs?: Array<{ invocations?: Array<{ toolExecutionNotifications?: object[] }> }> }).runs?.[0];
    const invocation = run?.invocations?.[0];
    if (invocation && skipped.length > 0) {
        invocation.toolExecutionNotifications = [
            ...(invocation.toolExecutionNotifications ?? []),
            ...skipped.map((s) => ({ level: "note", message: { text: `${s.path}: skipped: ${s.reason}` } })),
        ];
    }
    return log;
}

// Colour only on a terminal, unless --color / --no-color, NO_COLOR or FORCE_COLOR say otherwise.
function useColour(explicit: boolean | undefined, io: CliIo): boolean {
    const env = io.env ?? process.env;
    if (explicit !== undefined) {
        return explicit;
    }
    if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") {
        return false;
    }
    if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") {
        return true;
    }
    return io.stdout.isTTY === true;
}

// Writes nothing for nothing: a run without errors never touches standard error (see main()).
function writeErrorsIfAny(io: CliIo, text: string): void {
    if (text !== "") {
        io.stderr.write(text);
    }
}

/** Runs the command; resolves to the exit status. Never throws on bad input. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
    const cwd = io.cwd ?? process.cwd();
    const cmd = program(io);
    let paths: string[] = [];
    let explicitColour: boolean | undefined;
    try {
        cmd.parse([...argv], { from: "user" });
        paths = cmd.args;
        const source = cmd.getOptionValueSource("color");
        explicitColour = source === "cli" ? (cmd.opts<Options>().color as boolean) : undefined;
    } catch (err) {
        if (err instanceof CommanderError) {
            return err.code === "commander.helpDisplayed" || err.code === "commander.version" ? exitCodes.ok : exitCodes.error;
        }
        throw err;
    }
    const options = cmd.opts<Options>();
    if (paths.length === 0) {
        io.stderr.write("immutable-check: no input: name files or directories, or - for standard input\n");
        io.stderr.write(cmd.helpInformation());
        return exitCodes.error;
    }
    const limit = parseByteSize(options.maxBytes);
    if ("error" in limit) {
        io.stderr.write(`immutable-check: --max-bytes: ${limit.error}\n`);
        return exitCodes.error;
    }
    const maxBytes = limit.bytes;
    let config: PackConfig = {};
    if (options.config !== undefined) {
        const loaded = await loadConfig(options.config, cwd, maxBytes);
        if ("error" in loaded) {
            io.stderr.write(`immutable-check: ${loaded.error}\n`);
            return exitCodes.error;
        }
        config = loaded.config;
    }

    const skipped: SkippedEntry[] = [];
    const inputs = await collectInputs(paths, {
        // Read only when a path is "-": creating process.stdin opens a handle the run would then wait on.
        get stdin() {
            return io.stdin;
        },
        maxBytes,
        cwd,
        fileSystem: io.fileSystem,
        onSkip: (entry) => skipped.push(entry),
    });
    io.onInputsRead?.(inputs.reduce((n, i) => n + ("text" in i ? i.text.length : 0), 0));
    const result = checkInputs(inputs, config, { cwd, onYamlStream: io.onYamlStream });

    switch (options.format) {
        case "json":
            writeJsonReport(result, skipped, (chunk) => io.stdout.write(chunk));
            writeErrorsIfAny(io, formatErrors(result.errors) + formatSkipped(skipped));
            break;
        case "sarif":
            io.stdout.write(
                JSON.stringify(
                    withSkippedNotes(
                        (require("./sarif") as typeof SarifModule).toSarif(result, { version: packageVersion(), cwd }),
                        skipped,
                    ),
                    null,
                    2,
                ) + "\n",
            );
            writeErrorsIfAny(io, formatErrors(result.errors) + formatSkipped(skipped));
            break;
        default: {
            const colour = useColour(explicitColour, io);
            io.stdout.write(formatText(result, colour, skipped));
            if (io.stdout.isTTY !== true) {
                // Errors and skipped entries also go to stderr when stdout is redirected, so they are never lost.
                writeErrorsIfAny(io, formatErrors(result.errors) + formatSkipped(skipped));
            }
        }
    }
    if (result.errors.length > 0) {
        return exitCodes.error;
    }
    // A container of a Pulumi stack whose verdict depends on a secret or unknown is never a pass.
    return result.summary.mandatory > 0 || unknownContainerCount(result) > 0 ? exitCodes.mandatory : exitCodes.ok;
}

/** Runs the command on this process's arguments and streams, setting its exit code. */
export function main(): void {
    const io: CliIo = {
        // process.stdin is created on first use (a handle, and the tty or net modules): only for "-".
        get stdin() {
            return process.stdin;
        },
        stdout: process.stdout,
        // Created on first use as well: on a pipe, each of process.stdout and process.stderr is a
        // socket handle, about 3 ms of a start; a run that reports no error never writes here.
        get stderr() {
            return process.stderr;
        },
        onYamlStream: favourMemoryFromLargeYaml(),
        onInputsRead: (totalChars) => {
            optimiseForInputs(totalChars);
            tuneForShortRun(totalChars);
        },
    };
    run(process.argv.slice(2), io).then(
        (code) => {
            process.exitCode = code;
        },
        (err: unknown) => {
            process.stderr.write(`immutable-check: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
            process.exitCode = exitCodes.error;
        },
    );
}

if (require.main === module) {
    main();
}
