// Whether V8 optimises the command's code. A run of immutable-check is short: on the corpus's 29
// manifests (276 KiB) V8's optimising compiler spent about 90 ms of CPU compiling functions the run
// then barely used, on a second core that the command shares with everything else, and the run
// took 244 ms instead of 157 ms (wall, this 2-core machine; 215 against 152 ms on Node 22). So the
// command starts with the optimising compiler off (bin/immutable-check.js, before any module
// loads), runs in V8's interpreter and baseline compiler, and turns it back on once it has read its
// inputs when they add up to 1.5 MiB or more: from about there the optimised code pays for its
// compilation (1 MiB: 345 ms without, 395 ms with; 2 MiB: 582 ms without, 512 ms with).
//
// Only the command's own process does this: `run` called in-process (tests, tools that embed the
// checker) leaves its host's V8 as it is.
import * as v8 from "v8";

/** Input (characters of text, all inputs together) from which the command lets V8 optimise. */
export const optimiseFromChars = 1.5 * 1024 * 1024;

/** Turns V8's optimising compiler off for this process (the command's launcher calls it first). */
export function startUnoptimised(): void {
    v8.setFlagsFromString("--no-opt");
}

/** Whether a run over `totalChars` characters of input should let V8 optimise. */
export function optimiseFor(totalChars: number): boolean {
    return totalChars >= optimiseFromChars;
}

/** Turns V8's optimising compiler back on for this process when the inputs are large enough. */
export function optimiseForInputs(totalChars: number): void {
    if (optimiseFor(totalChars)) {
        v8.setFlagsFromString("--opt");
    }
}
