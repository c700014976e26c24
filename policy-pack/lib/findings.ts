// What a policy's pure evaluation returns: the facts of a finding as data (what is wrong, where,
// in which state, and what kind of fix it takes), and the message that words them for the
// finding's reader (its dialect: see platforms/platform.ts).
import { PropertyPath } from "../workloads";

/** A finding as data: the message is one wording of it. */
export interface FindingFacts {
    /** The platform of the workload: `kubernetes`, `docker`, `swarm`, `ecs`… */
    readonly platform: string;
    /**
     * What is wrong: `writable-root`, `remountable-root`, `cannot-judge`, `disk-backed-path`,
     * `unbounded-path`, `too-many-paths`, `writable-host-mount`, `unpinned-image`.
     */
    readonly problem: string;
    /** The state of the field judged, when one is: `unset`, `false`, `invalid`, `unbounded`… */
    readonly state?: string;
    /**
     * The kind of fix: `set-read-only`, `remove-remount-grant`, `rewrite`, `memory-and-size`,
     * `set-size`, `fewer-paths`, `mount-read-only`, `pin-digest`.
     */
    readonly fix: string;
}

/** One violation, before it is reported to the engine. */
export interface Finding {
    /** The one-line message: what is wrong, where, and what to do. */
    readonly message: string;
    /** Path of the offending node in the resource's props (for file positions in the checker). */
    readonly path: PropertyPath;
    /** The container it concerns, when it concerns one. */
    readonly container?: string;
    /** The finding as data, for tools (immutable-check's JSON and SARIF). */
    readonly facts?: FindingFacts;
}
