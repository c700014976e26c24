// How the command's own process holds a large input. Judging a 16 MiB manifest keeps about 80 MiB
// live (its text, its documents' values, the workload views the stack policies read, the findings),
// and with V8's default heap sizing the process peaked at 200 MiB: the young generation grows to
// 32 MiB while the documents are read (most of what is allocated then survives), and the old
// generation grows up to fourfold between full collections. Once the YAML streams of a run (manifests,
// Compose and ECS files) reach 4 MiB, the command keeps the young generation at its initial size and
// grows the old generation by a fifth at a time: the same run peaks at about 150 MiB, and takes a
// few tenths of a second longer. Smaller inputs keep V8's defaults, so the startup of the common
// case is untouched; so do Pulumi states and previews read before that point, whose JSON is parsed
// whole into short-lived objects, for which these settings cost far more time than they save.
//
// Only the command's own process does this (main.ts): `run` called in-process (tests, tools that
// embed the checker) never changes the V8 settings of its host.
import * as v8 from "v8";

/** YAML read in one run (characters, all streams together) from which the command favours memory. */
export const largeInputChars = 4 * 1024 * 1024;

/** The V8 settings the command uses for inputs of `totalChars` characters (none below largeInputChars). */
export function heapSettingsFor(totalChars: number): readonly string[] {
    // The growth factor is read each time the young generation would grow, the growing percent each
    // time the old generation's limit is set: both take effect when set after startup.
    return totalChars >= largeInputChars ? ["--semi-space-growth-factor=1", "--heap-growing-percent=20"] : [];
}

/**
 * The V8 settings for a run whose inputs add up to `totalChars` characters, once they are read: below
 * largeInputChars, V8's young generation grows sixteenfold at its next collection instead of
 * doubling. A short run then collects its young generation two or three times instead of eight or
 * nine (29 manifests: about 8 ms of collections saved). Larger runs keep V8's growth: their young
 * generation reaches its largest size soon anyway, and large YAML streams keep it small instead
 * (heapSettingsFor).
 */
export function shortRunSettingsFor(totalChars: number): readonly string[] {
    return totalChars < largeInputChars ? ["--semi-space-growth-factor=16"] : [];
}

/** Applies shortRunSettingsFor(totalChars) to this process. */
export function tuneForShortRun(totalChars: number): void {
    shortRunSettingsFor(totalChars).forEach((s) => v8.setFlagsFromString(s));
}

/**
 * A counter of the YAML read so far in this process: once it reaches largeInputChars, applies
 * heapSettingsFor to the process (once).
 */
export function favourMemoryFromLargeYaml(apply: (setting: string) => void = v8.setFlagsFromString): (chars: number) => void {
    let total = 0;
    let applied = false;
    return (chars) => {
        total += chars;
        const settings = applied ? [] : heapSettingsFor(total);
        if (settings.length > 0) {
            applied = true;
            settings.forEach((s) => apply(s));
        }
    };
}
