// A large report written as JSON a piece at a time: the bytes `JSON.stringify(value, null, indent)`
// gives, without ever holding them as one string. A 16 MiB manifest has some 9,000 findings; as one
// string (and the buffer the stream makes of it) the report held 20 MiB at the end of the run,
// the run's peak.
//
// Only the top level is taken apart: an object's entries and an array's elements are each
// stringified by JSON.stringify and indented one level, so every rule of JSON.stringify (undefined,
// functions and symbols dropped from objects and written as null in arrays, toJSON, key order,
// escapes) is its own. A value with a toJSON of its own is left whole to JSON.stringify.

/** Calls `write` with consecutive pieces of `JSON.stringify(value, null, indent)`, each about `chunkSize` long or shorter. */
export function writeJson(value: unknown, indent: number, write: (chunk: string) => void, chunkSize = 64 * 1024): void {
    const pad = " ".repeat(indent);
    let pending: string[] = [];
    let pendingLength = 0;
    const emit = (s: string) => {
        pending.push(s);
        pendingLength += s.length;
        if (pendingLength >= chunkSize) {
            flush();
        }
    };
    const flush = () => {
        if (pending.length > 0) {
            write(pending.join(""));
            pending = [];
            pendingLength = 0;
        }
    };
    // One level deeper: JSON.stringify never writes a raw newline inside a string, so every newline
    // it writes starts a line of structure.
    const nested = (v: unknown, depth: number): string | undefined => {
        const s = JSON.stringify(v, null, indent);
        return s === undefined ? undefined : s.replace(/\n/g, `\n${pad.repeat(depth)}`);
    };
    const walk = (v: unknown, depth: number): void => {
        const inner = pad.repeat(depth + 1);
        const close = pad.repeat(depth);
        if (Array.isArray(v) && !hasToJson(v)) {
            if (v.length === 0 || indent === 0) {
                emit(JSON.stringify(v, null, indent));
                return;
            }
            emit("[");
            v.forEach((element, i) => {
                emit(`${i === 0 ? "" : ","}\n${inner}`);
                emit(nested(element, depth + 1) ?? "null");
            });
            emit(`\n${close}]`);
            return;
        }
        if (v !== null && typeof v === "object" && !hasToJson(v) && indent > 0) {
            let first = true;
            for (const key of Object.keys(v)) {
                const element = (v as Record<string, unknown>)[key];
                // Arrays one level down (the findings) are walked too; anything else is one piece.
                const text = Array.isArray(element) && !hasToJson(element) ? "" : nested(element, depth + 1);
                if (text === undefined) {
                    continue;
                }
                emit(`${first ? "{" : ","}\n${inner}${JSON.stringify(key)}: `);
                first = false;
                if (text === "") {
                    walk(element, depth + 1);
                } else {
                    emit(text);
                }
            }
            emit(first ? "{}" : `\n${close}}`);
            return;
        }
        const whole = JSON.stringify(v, null, indent);
        if (whole !== undefined) {
            emit(whole);
        }
    };
    walk(value, 0);
    flush();
}

function hasToJson(v: object): boolean {
    return typeof (v as { toJSON?: unknown }).toJSON === "function";
}
