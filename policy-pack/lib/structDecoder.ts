// A decoder from the protobuf wire format of `google.protobuf.Struct` straight to the JavaScript
// value `Struct.deserializeBinary(bytes).toJavaScript()` gives (google-protobuf 3.x): the same
// values, the same key order (a Struct's keys sorted as strings, a repeated key's last value
// winning), the same assignment of every key. It builds no protobuf objects on the way.
//
// It reads only what a Struct holds and gives up (returns undefined) on anything else: an unknown
// field or wire type, a Value with no kind or with two, a map entry without a value or with two,
// a bool other than 0 or 1, text that is not UTF-8. The caller then decodes with google-protobuf as before.

/** Thrown (one object) when the decoder gives up. */
const giveUp = { structDecoder: "gives up" };

class Reader {
    pos: number;

    constructor(
        readonly bytes: Uint8Array,
        start: number,
        readonly end: number,
    ) {
        this.pos = start;
    }

    varint(): number {
        let result = 0;
        let shift = 0;
        for (;;) {
            if (this.pos >= this.end || shift > 49) {
                throw giveUp;
            }
            const b = this.bytes[this.pos++];
            result += (b & 0x7f) * 2 ** shift;
            if (b < 0x80) {
                return result;
            }
            shift += 7;
        }
    }

    /** The end of a length-delimited field whose length comes next. */
    delimited(): number {
        const length = this.varint();
        const end = this.pos + length;
        if (end > this.end) {
            throw giveUp;
        }
        return end;
    }
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function text(r: Reader, end: number): string {
    const from = r.pos;
    r.pos = end;
    // ASCII, the common case, without a decoder call.
    let ascii = true;
    for (let i = from; i < end; i++) {
        if (r.bytes[i] >= 0x80) {
            ascii = false;
            break;
        }
    }
    if (ascii) {
        return end - from < 64
            ? String.fromCharCode(...r.bytes.subarray(from, end))
            : Buffer.from(r.bytes.buffer, r.bytes.byteOffset + from, end - from).toString("latin1");
    }
    try {
        return utf8.decode(r.bytes.subarray(from, end));
    } catch {
        throw giveUp;
    }
}

/** google.protobuf.Value: null_value 1, number_value 2, string_value 3, bool_value 4, struct_value 5, list_value 6. */
function value(r: Reader, end: number): unknown {
    let result: unknown;
    let kinds = 0;
    while (r.pos < end) {
        const tag = r.varint();
        const field = Math.floor(tag / 8);
        const wire = tag % 8;
        kinds++;
        if (field === 1 && wire === 0) {
            r.varint();
            result = null;
        } else if (field === 2 && wire === 1) {
            if (r.pos + 8 > end) {
                throw giveUp;
            }
            result = new DataView(r.bytes.buffer, r.bytes.byteOffset + r.pos, 8).getFloat64(0, true);
            r.pos += 8;
        } else if (field === 3 && wire === 2) {
            result = text(r, r.delimited());
        } else if (field === 4 && wire === 0) {
            // 0 or 1, as encoders write them (google-protobuf reads others through 32 bits).
            const b = r.varint();
            if (b > 1) {
                throw giveUp;
            }
            result = b === 1;
        } else if (field === 5 && wire === 2) {
            result = struct(r, r.delimited());
        } else if (field === 6 && wire === 2) {
            result = list(r, r.delimited());
        } else {
            throw giveUp;
        }
    }
    if (kinds !== 1 || r.pos !== end) {
        throw giveUp;
    }
    return result;
}

/** google.protobuf.ListValue: repeated Value values = 1. */
function list(r: Reader, end: number): unknown[] {
    const out: unknown[] = [];
    while (r.pos < end) {
        const tag = r.varint();
        if (tag !== ((1 << 3) | 2)) {
            throw giveUp;
        }
        out.push(value(r, r.delimited()));
    }
    if (r.pos !== end) {
        throw giveUp;
    }
    return out;
}

/** google.protobuf.Struct: map<string, Value> fields = 1 (entries: key 1, value 2). */
function struct(r: Reader, end: number): Record<string, unknown> {
    const keys: string[] = [];
    const values = new Map<string, unknown>();
    while (r.pos < end) {
        const tag = r.varint();
        if (tag !== ((1 << 3) | 2)) {
            throw giveUp;
        }
        const entryEnd = r.delimited();
        let key = "";
        let entryValue: unknown;
        let hasValue = false;
        while (r.pos < entryEnd) {
            const entryTag = r.varint();
            if (entryTag === ((1 << 3) | 2)) {
                key = text(r, r.delimited());
            } else if (entryTag === ((2 << 3) | 2) && !hasValue) {
                entryValue = value(r, r.delimited());
                hasValue = true;
            } else {
                throw giveUp;
            }
        }
        if (!hasValue || r.pos !== entryEnd) {
            throw giveUp;
        }
        if (!values.has(key)) {
            keys.push(key);
        }
        values.set(key, entryValue);
    }
    if (r.pos !== end) {
        throw giveUp;
    }
    // As jspb.Map.forEach: keys sorted as strings, each assigned in turn.
    keys.sort();
    const out: Record<string, unknown> = {};
    for (const key of keys) {
        out[key] = values.get(key);
    }
    return out;
}

/** `Struct.deserializeBinary(bytes[start, end)).toJavaScript()`, or undefined when this decoder does not read it. */
export function structToJavaScript(bytes: Uint8Array, start = 0, end = bytes.length): Record<string, unknown> | undefined {
    try {
        return struct(new Reader(bytes, start, end), end);
    } catch (err) {
        if (err === giveUp || err instanceof RangeError) {
            return undefined;
        }
        throw err;
    }
}
