// Runs the command in-process with captured streams, as tests need it.
import { Readable } from "stream";
import { run } from "../../cli/main";

/** What one run printed and returned. */
export interface CliRun {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

/** Runs `immutable-check` with `args`; `stdin` is what standard input holds. */
export async function runCli(
    args: readonly string[],
    stdin: string | Buffer = "",
    options: { tty?: boolean; cwd?: string } = {},
): Promise<CliRun> {
    let stdout = "";
    let stderr = "";
    const code = await run(args, {
        stdin: Readable.from([typeof stdin === "string" ? Buffer.from(stdin) : stdin]),
        stdout: { write: (s: string) => (stdout += s), isTTY: options.tty ?? false },
        stderr: { write: (s: string) => (stderr += s) },
        cwd: options.cwd,
        env: {},
    });
    return { code, stdout, stderr };
}

/** 1-based line and column of the `occurrence`-th match of `needle` in `text`. */
export function positionOf(text: string, needle: string, occurrence = 1): { line: number; column: number } {
    let at = -1;
    for (let i = 0; i < occurrence; i++) {
        at = text.indexOf(needle, at + 1);
        if (at < 0) {
            throw new Error(`${needle} not found`);
        }
    }
    const before = text.slice(0, at).split("\n");
    return { line: before.length, column: before[before.length - 1].length + 1 };
}
