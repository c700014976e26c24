// What a policy's pure evaluation returns: a message and where in the props it points.
import { PropertyPath } from "../workloads";

/** One violation, before it is reported to the engine. */
export interface Finding {
    /** The one-line message: what is wrong, where, and what to do. */
    readonly message: string;
    /** Path of the offending node in the resource's props (for file positions in the checker). */
    readonly path: PropertyPath;
    /** The container it concerns, when it concerns one. */
    readonly container?: string;
}
