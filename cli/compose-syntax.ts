// The small grammars inside Compose values, read as compose-go reads them (format.ParseVolume,
// the interpolation casts): short volume specs, booleans, host paths, mount targets.

/**
 * Compose's own reading of a boolean field: after interpolation it casts the strings
 * `y`/`yes`/`true`/`on` and `n`/`no`/`false`/`off` (any case, nothing around them); other values
 * stay what they are, so that the pack reports them as invalid (compose refuses them).
 */
export function composeBoolean(value: unknown): unknown {
    if (typeof value !== "string") {
        return value;
    }
    const v = value.toLowerCase();
    if (["y", "yes", "true", "on"].includes(v)) {
        return true;
    }
    if (["n", "no", "false", "off"].includes(v)) {
        return false;
    }
    return value;
}

/** A short-syntax volume (`source:target:options`) as compose-go's ParseVolume reads it. */
export interface ShortVolume {
    /** Undefined for an anonymous volume (`/data`). */
    readonly source?: string;
    readonly target: string;
    /** The last of the `ro` / `rw` options; undefined when neither is written. */
    readonly readOnly?: boolean;
    /** The options as written (after the second colon). */
    readonly options?: string;
}

function isLetter(c: string): boolean {
    return c.toLowerCase() !== c.toUpperCase();
}

/**
 * The colon-separated fields of a short volume spec: `${VAR:-a:b}` interpolations stay whole, and
 * a one-letter field before a colon is a Windows drive (`C:\data`), as in compose-go.
 */
export function volumeSpecFields(spec: string): string[] {
    const fields: string[] = [];
    let buffer = "";
    let depth = 0;
    for (let i = 0; i <= spec.length; i++) {
        const c = i < spec.length ? spec[i] : undefined;
        if (c === "$" && spec[i + 1] === "{") {
            depth++;
            buffer += c;
            continue;
        }
        if (c === "}" && depth > 0) {
            depth--;
            buffer += c;
            continue;
        }
        if (c === ":" && buffer.length === 1 && isLetter(buffer)) {
            buffer += c;
        } else if ((c === ":" || c === undefined) && depth === 0) {
            fields.push(buffer);
            buffer = "";
        } else if (c !== undefined) {
            buffer += c;
        }
    }
    // An unclosed `${` swallows the rest of the spec into the last field.
    if (buffer !== "") {
        fields.push(buffer);
    }
    return fields;
}

/** Parses a short volume spec; the error is compose-go's reason for refusing it. */
export function parseShortVolume(spec: string): ShortVolume | { readonly error: string } {
    if (spec.length === 0) {
        return { error: "invalid empty volume spec" };
    }
    if (spec.length <= 2) {
        return { target: spec };
    }
    const fields = volumeSpecFields(spec);
    if (fields.some((f) => f === "")) {
        return { error: `invalid spec: ${spec}: empty section between colons` };
    }
    if (fields.length > 3) {
        return { error: `invalid spec: ${spec}: too many colons` };
    }
    if (fields.length === 1) {
        return { target: fields[0] };
    }
    let readOnly: boolean | undefined;
    for (const option of (fields[2] ?? "").split(",")) {
        // Exactly `ro` or `rw`, the last one written wins; anything else (` ro`) is ignored.
        if (option === "ro") {
            readOnly = true;
        } else if (option === "rw") {
            readOnly = false;
        }
    }
    return { source: fields[0], target: fields[1], readOnly, options: fields[2] };
}

/**
 * A host path, as Compose tells one from a volume name: absolute, relative (`.`), home (`~`),
 * a Windows drive or UNC path, or an interpolation (which, in practice, names a host directory).
 */
export function isHostPath(source: string): boolean {
    return /^[/.~$]/.test(source) || /^[A-Za-z]:[\\/]/.test(source) || source.startsWith("\\\\");
}

/** A relative host path: Compose resolves it against the directory of the file it is written in. */
export function isRelativeHostPath(source: string): boolean {
    return source.startsWith(".");
}

/** Go's path.Clean, which Compose and Docker apply to mount targets. */
export function cleanPath(p: string): string {
    if (p === "") {
        return ".";
    }
    const rooted = p.startsWith("/");
    const out: string[] = [];
    for (const part of p.split("/")) {
        if (part === "" || part === ".") {
            continue;
        }
        if (part === "..") {
            if (out.length > 0 && out[out.length - 1] !== "..") {
                out.pop();
            } else if (!rooted) {
                out.push("..");
            }
            continue;
        }
        out.push(part);
    }
    const joined = out.join("/");
    return rooted ? `/${joined}` : joined === "" ? "." : joined;
}
