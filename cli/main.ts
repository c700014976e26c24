// `immutable-check [paths…]`: the policy pack's rules for Kubernetes manifests and Docker
// Compose files outside Pulumi. `run` is the whole command as a function of its arguments and
// streams, so tests call it in-process; the module runs it when executed directly.
//
// Exit status: 0 no mandatory finding, 1 at least one, 2 a usage error or an input that could
// not be checked (2 wins over 1: a run that could not read everything has no verdict).
import { Command, CommanderError, Option } from "commander";
import { existsSync, promises as fs, readFileSync } from "fs";
import * as path from "path";
import { PackConfig } from "../policy-pack/checks";
import { checkInputs } from "./check";
import { parseSize } from "./compose";
import { validatePackConfig } from "./config";
import { collectInputs, defaultMaxBytes } from "./inputs";
import { Format, formatErrors, formatJson, formats, formatText } from "./report";
import { toSarif } from "./sarif";

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
            "Check Kubernetes manifests and Docker Compose files with the immutable-workloads policy pack: " +
                "read-only root filesystems, writable paths in memory, no writable host mounts.",
        )
        .argument("[paths...]", "YAML files, directories (walked for *.yaml / *.yml), or - for standard input")
        .addOption(new Option("-f, --format <format>", "output format").choices(formats).default("text"))
        .option("-c, --config <file>", "policy config: the same JSON as pulumi's --policy-pack-config")
        .option("--max-bytes <size>", "refuse inputs larger than this (e.g. 16MiB)", String(defaultMaxBytes))
        .option("--color", "colour the text report even when not on a terminal")
        .option("--no-color", "never colour the text report")
        .version(packageVersion(), "-V, --version")
        .showHelpAfterError("(run immutable-check --help for usage)")
        .exitOverride()
        .configureOutput({
            writeOut: (s) => io.stdout.write(s),
            writeErr: (s) => io.stderr.write(s),
        });
}

async function loadConfig(file: string, cwd: string): Promise<{ config: PackConfig } | { error: string }> {
    let text: string;
    try {
        text = await fs.readFile(path.resolve(cwd, file), "utf8");
    } catch (err) {
        return { error: `cannot read config ${file}: ${(err as Error).message}` };
    }
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch (err) {
        return { error: `config ${file} is not JSON: ${(err as Error).message}` };
    }
    const validated = validatePackConfig(json);
    return "config" in validated ? validated : { error: `invalid config ${file}:\n  ${validated.errors.join("\n  ")}` };
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
    const maxBytes = parseSize(options.maxBytes);
    if (maxBytes === undefined || maxBytes <= 0) {
        io.stderr.write(`immutable-check: --max-bytes: "${options.maxBytes}" is not a size (e.g. 16MiB, 1048576)\n`);
        return exitCodes.error;
    }
    let config: PackConfig = {};
    if (options.config !== undefined) {
        const loaded = await loadConfig(options.config, cwd);
        if ("error" in loaded) {
            io.stderr.write(`immutable-check: ${loaded.error}\n`);
            return exitCodes.error;
        }
        config = loaded.config;
    }

    const inputs = await collectInputs(paths, { stdin: io.stdin, maxBytes, cwd });
    const result = checkInputs(inputs, config, { cwd });

    switch (options.format) {
        case "json":
            io.stdout.write(formatJson(result));
            io.stderr.write(formatErrors(result.errors));
            break;
        case "sarif":
            io.stdout.write(JSON.stringify(toSarif(result, { version: packageVersion(), cwd }), null, 2) + "\n");
            io.stderr.write(formatErrors(result.errors));
            break;
        default: {
            const colour = useColour(explicitColour, io);
            io.stdout.write(formatText(result, colour));
            if (io.stdout.isTTY !== true) {
                // Errors also go to stderr when stdout is redirected, so they are never lost.
                io.stderr.write(formatErrors(result.errors));
            }
        }
    }
    if (result.errors.length > 0) {
        return exitCodes.error;
    }
    return result.summary.mandatory > 0 ? exitCodes.mandatory : exitCodes.ok;
}

/** Runs the command on this process's arguments and streams, setting its exit code. */
export function main(): void {
    run(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
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
