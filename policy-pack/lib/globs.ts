// Glob matching (picomatch), loaded on the first pattern: most runs have no exemption patterns and
// declare no pod templates, and immutable-check's start should not pay for a glob compiler they
// never use.
import type Picomatch from "picomatch";

type PicomatchModule = typeof Picomatch;
let loaded: PicomatchModule | undefined;

function picomatch(): PicomatchModule {
    return (loaded ??= require("picomatch") as PicomatchModule);
}

/** A matcher for `pattern` (picomatch, dot files included); throws on a pattern picomatch refuses. */
export function globMatcher(pattern: string): (candidate: string) => boolean {
    return picomatch()(pattern, { dot: true });
}

/** Whether `candidate` matches `pattern` (picomatch, dot files included). */
export function globMatches(candidate: string, pattern: string): boolean {
    return picomatch().isMatch(candidate, pattern, { dot: true });
}
