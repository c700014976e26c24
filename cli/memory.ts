// How the command's own process holds a large input. Judging a 16 MiB manifest keeps about 80 MiB
// live (its text, its documents' values, the workload views the stack policies read, the findings),
// and with V8's default heap sizing the process peaked at 200 MiB: the young generation grows to
// 32 MiB while the documents are read (most of what is allocated then survives), and the old
// generation grows up to fourfold between full collections. For inputs of 4 MiB and more the command
// keeps the young generation at its initial size and grows the old generation by a fifth at a time:
// the same run peaks at about 150 MiB, and takes a few tenths of a second longer. Smaller inputs
// keep V8's defaults, so the startup of the common case is untouched.
//
// Only the command's own process does this (main.ts): `run` called in-process (tests, tools that
// embed the checker) never changes the V8 settings of its host.
import * as v8 from "v8";

/** Input size (characters of text, all inputs together) from which the command favours memory. */
export const largeInputChars = 4 * 1024 * 1024;

/** The V8 settings the command uses for inputs of `totalChars` characters (none below largeInputChars). */
export function heapSettingsFor(totalChars: number): readonly string[] {
    // The growth factor is read each time the young generation would grow, the growing percent each
    // time the old generation's limit is set: both take effect when set after startup.
    return totalChars >= largeInputChars ? ["--semi-space-growth-factor=1", "--heap-growing-percent=20"] : [];
}

/** Applies heapSettingsFor(totalChars) to this process. */
export function favourMemoryFor(totalChars: number): void {
    for (const setting of heapSettingsFor(totalChars)) {
        v8.setFlagsFromString(setting);
    }
}
