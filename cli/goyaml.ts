// YAML as kubectl and helm read it. They turn each document of a manifest into JSON with
// sigs.k8s.io/yaml, which parses with go-yaml v2 (a port of libyaml) and decodes into Go's
// `interface{}`; this module is a port of exactly that path, so that the value the checker judges
// is the value the cluster receives:
//
// - the scanner and parser are go-yaml v2's (scannerc.go, parserc.go), token for token: the
//   same plain-scalar, indentation, simple-key (1024 characters, one line) and flow rules, the
//   same `max depth` limits, and only the first document of a chunk is read (yaml.Unmarshal);
// - scalars resolve as go-yaml v2's resolve.go does for `interface{}`: YAML 1.1 booleans
//   including `y`/`Y`/`n`/`N`, `on`/`off`, ints with `0x`/`0o`/`0b`/leading-zero octal and
//   underscores, timestamps kept as their text, `!!binary` decoded, a local tag makes a string;
// - mappings decode as decode.go does: entries in order, a later key replacing an earlier one
//   (duplicate keys are not errors), a merge key `<<` setting every key of the merged map at the
//   point where it appears (so it overrides the keys before it and is overridden by the keys
//   after it), a merged sequence applied last to first (the first map listed wins); the same
//   alias-expansion limit;
// - the result becomes JSON as sigs.k8s.io/yaml's convertToJSONableObject and encoding/json make
//   it: keys turned into strings (`true`, `1`), a null key, a collection key, `.inf` or `.nan`
//   anywhere are errors.
//
// Offsets are UTF-16 indexes into the text the parser was given, for positions.

/** Where something is in the text: a 0-based offset (UTF-16 index). */
type Mark = number;

/** A problem go-yaml (or sigs.k8s.io/yaml) reports: kubectl refuses the document. */
export class GoYamlError extends Error {
    constructor(
        message: string,
        /** 0-based offset of the problem in the parsed text, when known. */
        readonly index?: number,
        /** Nesting or expansion beyond the limits: no other reader should be tried on the text. */
        readonly excessive = false,
    ) {
        super(message);
    }
}

// ---------------------------------------------------------------------------------------------
// Tokens

const enum T {
    StreamStart,
    StreamEnd,
    VersionDirective,
    TagDirective,
    DocumentStart,
    DocumentEnd,
    BlockSequenceStart,
    BlockMappingStart,
    BlockEnd,
    FlowSequenceStart,
    FlowSequenceEnd,
    FlowMappingStart,
    FlowMappingEnd,
    BlockEntry,
    FlowEntry,
    Key,
    Value,
    Alias,
    Anchor,
    Tag,
    Scalar,
}

const enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

interface Token {
    readonly type: T;
    readonly start: Mark;
    readonly end: Mark;
    /** Scalar text, anchor/alias name, tag handle, or %TAG handle. */
    readonly value: string;
    /** Tag suffix or %TAG prefix. */
    readonly suffix: string;
    readonly style: Style;
    readonly major: number;
    readonly minor: number;
}

// Every token has the same shape (one hidden class for the engine).
function token(type: T, start: Mark, end: Mark, value = "", style = Style.Plain, suffix = "", major = 0, minor = 0): Token {
    return { type, start, end, value, suffix, style, major, minor };
}

interface SimpleKey {
    possible: boolean;
    required: boolean;
    tokenNumber: number;
    /** Where the key starts: offset, line and column. */
    mark: Mark;
    line: number;
    column: number;
}

const maxFlowLevel = 10000;
const maxIndents = 10000;

// Character classes, on UTF-16 code units (every special character of YAML is in the BMP).
const isBlankCode = (c: number) => c === 0x20 || c === 0x09;
const isBreakCode = (c: number) => c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
const isAlphaCode = (c: number) =>
    (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2d;
const isDigitCode = (c: number) => c >= 0x30 && c <= 0x39;
const isHexCode = (c: number) => isDigitCode(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
/** One of `-?:,[]{}#&*!|>'"%@` and the backquote: a character that cannot start a plain scalar on its own. */
function isIndicatorCode(c: number): boolean {
    switch (c) {
        case 0x2d:
        case 0x3f:
        case 0x3a:
        case 0x2c:
        case 0x5b:
        case 0x5d:
        case 0x7b:
        case 0x7d:
        case 0x23:
        case 0x26:
        case 0x2a:
        case 0x21:
        case 0x7c:
        case 0x3e:
        case 0x27:
        case 0x22:
        case 0x25:
        case 0x40:
        case 0x60:
            return true;
        default:
            return false;
    }
}

// Characters go-yaml's reader refuses ("control characters are not allowed").
// eslint-disable-next-line no-control-regex
const disallowedCharacter = /[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/**
 * go-yaml v2's scanner (scannerc.go) over `text[start, end)`. When `finalBreak` is set, the
 * input behaves as if a line break followed `end` (kubectl's line reader ends every line it
 * hands to the parser with one).
 */
class Scanner {
    private pos: number;
    private line: number;
    private column: number;
    private readonly tokens: Token[] = [];
    private head = 0;
    private tokensParsed = 0;
    private tokenAvailable = false;
    private streamStartProduced = false;
    private streamEndProduced = false;
    private indent = -1;
    private readonly indents: number[] = [];
    private simpleKeyAllowed = false;
    private readonly simpleKeys: SimpleKey[] = [];
    private readonly simpleKeysByToken = new Map<number, number>();
    private flowLevel = 0;
    private readonly limit: number;

    constructor(
        private readonly text: string,
        start: number,
        private readonly end: number,
        line: number,
        finalBreak: boolean,
    ) {
        this.pos = start;
        this.line = line;
        this.column = 0;
        this.limit = finalBreak ? end + 1 : end;
    }

    private at(pos: number): number {
        if (pos < this.end) {
            return this.text.charCodeAt(pos);
        }
        return pos < this.limit ? 0x0a : 0;
    }

    private cc(): number {
        return this.at(this.pos);
    }

    private isZ(pos = this.pos): boolean {
        return pos >= this.limit;
    }

    private isBlankZ(pos = this.pos): boolean {
        const c = this.at(pos);
        return pos >= this.limit || isBlankCode(c) || isBreakCode(c);
    }

    private isBreakZ(pos = this.pos): boolean {
        return pos >= this.limit || isBreakCode(this.at(pos));
    }

    mark(): Mark {
        return this.pos;
    }

    // go-yaml's message is its problem; the caller places it (context and marks are kept in the
    // calls for comparison with scannerc.go).
    private error(context: string, contextMark: Mark, problem: string): never {
        void context;
        void contextMark;
        throw new GoYamlError(problem, this.pos);
    }

    private skip(): void {
        const c = this.at(this.pos);
        // A surrogate pair is one character for go-yaml.
        this.pos += c >= 0xd800 && c <= 0xdbff && this.pos + 1 < this.end ? 2 : 1;
        this.column++;
    }

    private skipLine(): void {
        const c = this.cc();
        if (c === 0x0d && this.at(this.pos + 1) === 0x0a) {
            this.pos += 2;
            this.column = 0;
            this.line++;
        } else if (isBreakCode(c)) {
            this.pos++;
            this.column = 0;
            this.line++;
        }
    }

    /** Reads one character into `out` (as a string). */
    private read(): string {
        const start = this.pos;
        this.skip();
        return start < this.end ? this.text.slice(start, Math.min(this.pos, this.end)) : "\n";
    }

    /** Reads a line break, normalised as libyaml does (`\n`, or LS/PS kept). */
    private readLine(): string {
        const c = this.cc();
        if (c === 0x0d && this.at(this.pos + 1) === 0x0a) {
            this.pos += 2;
        } else if (c === 0x0d || c === 0x0a || c === 0x85) {
            this.pos++;
        } else if (c === 0x2028 || c === 0x2029) {
            this.pos++;
            this.column = 0;
            this.line++;
            return String.fromCharCode(c);
        } else {
            return "";
        }
        this.column = 0;
        this.line++;
        return "\n";
    }

    /** The next token, consumed. */
    next(): Token {
        const t = this.peek();
        this.skipToken();
        return t;
    }

    peek(): Token {
        if (!this.tokenAvailable) {
            this.fetchMoreTokens();
        }
        return this.tokens[this.head];
    }

    skipToken(): void {
        this.tokenAvailable = false;
        this.tokensParsed++;
        this.streamEndProduced = this.tokens[this.head].type === T.StreamEnd;
        this.head++;
        // Keep the queue short.
        if (this.head > 64 && this.head * 2 > this.tokens.length) {
            this.tokens.splice(0, this.head);
            this.head = 0;
        }
    }

    private insertToken(pos: number, token: Token): void {
        if (pos < 0) {
            this.tokens.push(token);
        } else {
            this.tokens.splice(this.head + pos, 0, token);
        }
    }

    private fetchMoreTokens(): void {
        if (this.streamEndProduced) {
            throw new GoYamlError("attempted to go past the end of stream");
        }
        for (;;) {
            if (this.head !== this.tokens.length) {
                const i = this.simpleKeysByToken.get(this.tokensParsed);
                if (i === undefined || !this.simpleKeyIsValid(this.simpleKeys[i])) {
                    break;
                }
            }
            this.fetchNextToken();
        }
        this.tokenAvailable = true;
    }

    private fetchNextToken(): void {
        if (!this.streamStartProduced) {
            this.fetchStreamStart();
            return;
        }
        this.scanToNextToken();
        this.unrollIndent(this.column);
        if (this.isZ()) {
            this.fetchStreamEnd();
            return;
        }
        const c = this.cc();
        if (this.column === 0 && c === 0x25 /* % */) {
            this.fetchDirective();
            return;
        }
        const c1 = this.at(this.pos + 1);
        const c2 = this.at(this.pos + 2);
        if (this.column === 0 && c === 0x2d && c1 === 0x2d && c2 === 0x2d && this.isBlankZ(this.pos + 3)) {
            this.fetchDocumentIndicator(T.DocumentStart);
            return;
        }
        if (this.column === 0 && c === 0x2e && c1 === 0x2e && c2 === 0x2e && this.isBlankZ(this.pos + 3)) {
            this.fetchDocumentIndicator(T.DocumentEnd);
            return;
        }
        switch (c) {
            case 0x5b /* [ */:
                return this.fetchFlowCollectionStart(T.FlowSequenceStart);
            case 0x7b /* { */:
                return this.fetchFlowCollectionStart(T.FlowMappingStart);
            case 0x5d /* ] */:
                return this.fetchFlowCollectionEnd(T.FlowSequenceEnd);
            case 0x7d /* } */:
                return this.fetchFlowCollectionEnd(T.FlowMappingEnd);
            case 0x2c /* , */:
                return this.fetchFlowEntry();
        }
        if (c === 0x2d && this.isBlankZ(this.pos + 1)) {
            return this.fetchBlockEntry();
        }
        if (c === 0x3f && (this.flowLevel > 0 || this.isBlankZ(this.pos + 1))) {
            return this.fetchKey();
        }
        if (c === 0x3a && (this.flowLevel > 0 || this.isBlankZ(this.pos + 1))) {
            return this.fetchValue();
        }
        switch (c) {
            case 0x2a /* * */:
                return this.fetchAnchor(T.Alias);
            case 0x26 /* & */:
                return this.fetchAnchor(T.Anchor);
            case 0x21 /* ! */:
                return this.fetchTag();
            case 0x7c /* | */:
                if (this.flowLevel === 0) {
                    return this.fetchBlockScalar(true);
                }
                break;
            case 0x3e /* > */:
                if (this.flowLevel === 0) {
                    return this.fetchBlockScalar(false);
                }
                break;
            case 0x27 /* ' */:
                return this.fetchFlowScalar(true);
            case 0x22 /* " */:
                return this.fetchFlowScalar(false);
        }
        const indicator = isIndicatorCode(c);
        if (
            !(this.isBlankZ() || indicator) ||
            (c === 0x2d && !isBlankCode(c1)) ||
            (this.flowLevel === 0 && (c === 0x3f || c === 0x3a) && !this.isBlankZ(this.pos + 1))
        ) {
            return this.fetchPlainScalar();
        }
        this.error("while scanning for the next token", this.mark(), "found character that cannot start any token");
    }

    private simpleKeyIsValid(key: SimpleKey): boolean {
        if (!key.possible) {
            return false;
        }
        if (key.line < this.line || key.mark + 1024 < this.pos) {
            if (key.required) {
                this.error("while scanning a simple key", key.mark, "could not find expected ':'");
            }
            key.possible = false;
            return false;
        }
        return true;
    }

    private saveSimpleKey(): void {
        const required = this.flowLevel === 0 && this.indent === this.column;
        if (this.simpleKeyAllowed) {
            const key: SimpleKey = {
                possible: true,
                required,
                tokenNumber: this.tokensParsed + (this.tokens.length - this.head),
                mark: this.pos,
                line: this.line,
                column: this.column,
            };
            this.removeSimpleKey();
            this.simpleKeys[this.simpleKeys.length - 1] = key;
            this.simpleKeysByToken.set(key.tokenNumber, this.simpleKeys.length - 1);
        }
    }

    private removeSimpleKey(): void {
        const i = this.simpleKeys.length - 1;
        const key = this.simpleKeys[i];
        if (key.possible) {
            if (key.required) {
                this.error("while scanning a simple key", key.mark, "could not find expected ':'");
            }
            key.possible = false;
            this.simpleKeysByToken.delete(key.tokenNumber);
        }
    }

    private increaseFlowLevel(): void {
        this.simpleKeys.push({
            possible: false,
            required: false,
            tokenNumber: this.tokensParsed + (this.tokens.length - this.head),
            mark: this.pos,
            line: this.line,
            column: this.column,
        });
        this.flowLevel++;
        if (this.flowLevel > maxFlowLevel) {
            throw new GoYamlError(`exceeded max depth of ${maxFlowLevel}`, this.pos, true);
        }
    }

    private decreaseFlowLevel(): void {
        if (this.flowLevel > 0) {
            this.flowLevel--;
            const last = this.simpleKeys.pop()!;
            this.simpleKeysByToken.delete(last.tokenNumber);
        }
    }

    private rollIndent(column: number, number: number, type: T, mark: Mark): void {
        if (this.flowLevel > 0) {
            return;
        }
        if (this.indent < column) {
            this.indents.push(this.indent);
            this.indent = column;
            if (this.indents.length > maxIndents) {
                throw new GoYamlError(`exceeded max depth of ${maxIndents}`, mark, true);
            }
            this.insertToken(number > -1 ? number - this.tokensParsed : -1, token(type, mark, mark));
        }
    }

    private unrollIndent(column: number): void {
        if (this.flowLevel > 0) {
            return;
        }
        while (this.indent > column) {
            this.insertToken(-1, token(T.BlockEnd, this.pos, this.pos));
            this.indent = this.indents.pop()!;
        }
    }

    private fetchStreamStart(): void {
        this.indent = -1;
        this.simpleKeys.push({ possible: false, required: false, tokenNumber: 0, mark: this.pos, line: this.line, column: this.column });
        this.simpleKeyAllowed = true;
        this.streamStartProduced = true;
        this.insertToken(-1, token(T.StreamStart, this.pos, this.pos));
    }

    private fetchStreamEnd(): void {
        if (this.column !== 0) {
            this.column = 0;
            this.line++;
        }
        this.unrollIndent(-1);
        this.removeSimpleKey();
        this.simpleKeyAllowed = false;
        this.insertToken(-1, token(T.StreamEnd, this.pos, this.pos));
    }

    private fetchDirective(): void {
        this.unrollIndent(-1);
        this.removeSimpleKey();
        this.simpleKeyAllowed = false;
        this.insertToken(-1, this.scanDirective());
    }

    private fetchDocumentIndicator(type: T): void {
        this.unrollIndent(-1);
        this.removeSimpleKey();
        this.simpleKeyAllowed = false;
        const start = this.mark();
        this.skip();
        this.skip();
        this.skip();
        this.insertToken(-1, token(type, start, this.pos));
    }

    private fetchFlowCollectionStart(type: T): void {
        this.saveSimpleKey();
        this.increaseFlowLevel();
        this.simpleKeyAllowed = true;
        const start = this.mark();
        this.skip();
        this.insertToken(-1, token(type, start, this.pos));
    }

    private fetchFlowCollectionEnd(type: T): void {
        this.removeSimpleKey();
        this.decreaseFlowLevel();
        this.simpleKeyAllowed = false;
        const start = this.mark();
        this.skip();
        this.insertToken(-1, token(type, start, this.pos));
    }

    private fetchFlowEntry(): void {
        this.removeSimpleKey();
        this.simpleKeyAllowed = true;
        const start = this.mark();
        this.skip();
        this.insertToken(-1, token(T.FlowEntry, start, this.pos));
    }

    private fetchBlockEntry(): void {
        if (this.flowLevel === 0) {
            if (!this.simpleKeyAllowed) {
                this.error("", this.mark(), "block sequence entries are not allowed in this context");
            }
            this.rollIndent(this.column, -1, T.BlockSequenceStart, this.mark());
        }
        this.removeSimpleKey();
        this.simpleKeyAllowed = true;
        const start = this.mark();
        this.skip();
        this.insertToken(-1, token(T.BlockEntry, start, this.pos));
    }

    private fetchKey(): void {
        if (this.flowLevel === 0) {
            if (!this.simpleKeyAllowed) {
                this.error("", this.mark(), "mapping keys are not allowed in this context");
            }
            this.rollIndent(this.column, -1, T.BlockMappingStart, this.mark());
        }
        this.removeSimpleKey();
        this.simpleKeyAllowed = this.flowLevel === 0;
        const start = this.mark();
        this.skip();
        this.insertToken(-1, token(T.Key, start, this.pos));
    }

    private fetchValue(): void {
        const key = this.simpleKeys[this.simpleKeys.length - 1];
        if (this.simpleKeyIsValid(key)) {
            this.insertToken(key.tokenNumber - this.tokensParsed, token(T.Key, key.mark, key.mark));
            this.rollIndent(key.column, key.tokenNumber, T.BlockMappingStart, key.mark);
            key.possible = false;
            this.simpleKeysByToken.delete(key.tokenNumber);
            this.simpleKeyAllowed = false;
        } else {
            if (this.flowLevel === 0) {
                if (!this.simpleKeyAllowed) {
                    this.error("", this.mark(), "mapping values are not allowed in this context");
                }
                this.rollIndent(this.column, -1, T.BlockMappingStart, this.mark());
            }
            this.simpleKeyAllowed = this.flowLevel === 0;
        }
        const start = this.mark();
        this.skip();
        this.insertToken(-1, token(T.Value, start, this.pos));
    }

    private fetchAnchor(type: T): void {
        this.saveSimpleKey();
        this.simpleKeyAllowed = false;
        this.insertToken(-1, this.scanAnchor(type));
    }

    private fetchTag(): void {
        this.saveSimpleKey();
        this.simpleKeyAllowed = false;
        this.insertToken(-1, this.scanTag());
    }

    private fetchBlockScalar(literal: boolean): void {
        this.removeSimpleKey();
        this.simpleKeyAllowed = true;
        this.insertToken(-1, this.scanBlockScalar(literal));
    }

    private fetchFlowScalar(single: boolean): void {
        this.saveSimpleKey();
        this.simpleKeyAllowed = false;
        this.insertToken(-1, this.scanFlowScalar(single));
    }

    private fetchPlainScalar(): void {
        this.saveSimpleKey();
        this.simpleKeyAllowed = false;
        this.insertToken(-1, this.scanPlainScalar());
    }

    private scanToNextToken(): void {
        for (;;) {
            // A byte order mark at the start of a line is skipped (go-yaml looks at the buffer's
            // start, which for a document kubectl hands over is the document's start).
            if (this.column === 0 && this.cc() === 0xfeff && this.line === 0) {
                this.skip();
            }
            // Spaces (and tabs where they may not start a token), then a comment: single code
            // units before the end of the text, so the column moves with the offset.
            const tabs = this.flowLevel > 0 || !this.simpleKeyAllowed;
            let pos = this.pos;
            for (
                let c = this.text.charCodeAt(pos);
                pos < this.end && (c === 0x20 || (tabs && c === 0x09));
                c = this.text.charCodeAt(++pos)
            ) {
                // nothing: the condition advances
            }
            this.column += pos - this.pos;
            this.pos = pos;
            if (this.cc() === 0x23 /* # */) {
                this.skipToBreak();
            }
            if (isBreakCode(this.cc()) && !this.isZ()) {
                this.skipLine();
                if (this.flowLevel === 0) {
                    this.simpleKeyAllowed = true;
                }
            } else {
                break;
            }
        }
    }

    /** Skips to the next line break or the end, as `while (!isBreakZ()) skip()` does. */
    private skipToBreak(): void {
        const text = this.text;
        const end = this.end;
        let pos = this.pos;
        let column = this.column;
        while (pos < end) {
            const c = text.charCodeAt(pos);
            if (c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029) {
                break;
            }
            pos += c >= 0xd800 && c <= 0xdbff && pos + 1 < end ? 2 : 1;
            column++;
        }
        this.pos = pos;
        this.column = column;
    }

    private skipBlanksAndComment(context: string, start: Mark): void {
        while (isBlankCode(this.cc()) && !this.isZ()) {
            this.skip();
        }
        if (this.cc() === 0x23) {
            while (!this.isBreakZ()) {
                this.skip();
            }
        }
        if (!this.isBreakZ()) {
            this.error(context, start, "did not find expected comment or line break");
        }
        if (isBreakCode(this.cc()) && !this.isZ()) {
            this.skipLine();
        }
    }

    private scanDirective(): Token {
        const start = this.mark();
        this.skip();
        let name = "";
        while (isAlphaCode(this.cc()) && !this.isZ()) {
            name += this.read();
        }
        if (name === "") {
            this.error("while scanning a directive", start, "could not find expected directive name");
        }
        if (!this.isBlankZ()) {
            this.error("while scanning a directive", start, "found unexpected non-alphabetical character");
        }
        let result: Token;
        if (name === "YAML") {
            while (isBlankCode(this.cc())) {
                this.skip();
            }
            const major = this.scanVersionNumber(start);
            if (this.cc() !== 0x2e) {
                this.error("while scanning a %YAML directive", start, "did not find expected digit or '.' character");
            }
            this.skip();
            const minor = this.scanVersionNumber(start);
            result = token(T.VersionDirective, start, this.pos, "", Style.Plain, "", major, minor);
        } else if (name === "TAG") {
            while (isBlankCode(this.cc())) {
                this.skip();
            }
            const handle = this.scanTagHandle(true, start);
            if (!isBlankCode(this.cc())) {
                this.error("while scanning a %TAG directive", start, "did not find expected whitespace");
            }
            while (isBlankCode(this.cc())) {
                this.skip();
            }
            const prefix = this.scanTagUri(true, "", start);
            if (!this.isBlankZ()) {
                this.error("while scanning a %TAG directive", start, "did not find expected whitespace or line break");
            }
            result = token(T.TagDirective, start, this.pos, handle, Style.Plain, prefix);
        } else {
            this.error("while scanning a directive", start, "found unknown directive name");
        }
        this.skipBlanksAndComment("while scanning a directive", start);
        return result;
    }

    private scanVersionNumber(start: Mark): number {
        let value = 0;
        let length = 0;
        while (isDigitCode(this.cc()) && !this.isZ()) {
            if (++length > 2) {
                this.error("while scanning a %YAML directive", start, "found extremely long version number");
            }
            value = value * 10 + (this.cc() - 0x30);
            this.skip();
        }
        if (length === 0) {
            this.error("while scanning a %YAML directive", start, "did not find expected version number");
        }
        return value;
    }

    private scanAnchor(type: T): Token {
        const start = this.mark();
        this.skip();
        const from = this.pos;
        while (isAlphaCode(this.cc()) && !this.isZ()) {
            this.skip();
        }
        const name = this.text.slice(from, Math.min(this.pos, this.end));
        const end = this.mark();
        const c = this.cc();
        if (
            name === "" ||
            !(
                this.isBlankZ() ||
                c === 0x3f ||
                c === 0x3a ||
                c === 0x2c ||
                c === 0x5d ||
                c === 0x7d ||
                c === 0x25 ||
                c === 0x40 ||
                c === 0x60
            )
        ) {
            this.error(
                type === T.Anchor ? "while scanning an anchor" : "while scanning an alias",
                start,
                "did not find expected alphabetic or numeric character",
            );
        }
        return token(type, start, end, name);
    }

    private scanTag(): Token {
        const start = this.mark();
        let handle: string;
        let suffix: string;
        if (this.at(this.pos + 1) === 0x3c /* < */) {
            this.skip();
            this.skip();
            handle = "";
            suffix = this.scanTagUri(false, "", start);
            if (this.cc() !== 0x3e) {
                this.error("while scanning a tag", start, "did not find the expected '>'");
            }
            this.skip();
        } else {
            handle = this.scanTagHandle(false, start);
            if (handle.length > 1 && handle[0] === "!" && handle[handle.length - 1] === "!") {
                suffix = this.scanTagUri(false, "", start);
            } else {
                suffix = this.scanTagUri(false, handle, start);
                handle = "!";
                if (suffix === "") {
                    [handle, suffix] = [suffix, handle];
                }
            }
        }
        if (!this.isBlankZ()) {
            this.error("while scanning a tag", start, "did not find expected whitespace or line break");
        }
        return token(T.Tag, start, this.pos, handle, Style.Plain, suffix);
    }

    private scanTagHandle(directive: boolean, start: Mark): string {
        if (this.cc() !== 0x21) {
            this.error(directive ? "while parsing a %TAG directive" : "while parsing a tag", start, "did not find expected '!'");
        }
        let s = this.read();
        while (isAlphaCode(this.cc()) && !this.isZ()) {
            s += this.read();
        }
        if (this.cc() === 0x21) {
            s += this.read();
        } else if (directive && s !== "!") {
            this.error("while parsing a %TAG directive", start, "did not find expected '!'");
        }
        return s;
    }

    private scanTagUri(directive: boolean, head: string, start: Mark): string {
        let s = head.length > 1 ? head.slice(1) : "";
        let hasTag = head.length > 0;
        for (;;) {
            const c = this.cc();
            if (this.isZ() || !(isAlphaCode(c) || ";/?:@&=+$,.!~*'()[]%".includes(String.fromCharCode(c)))) {
                break;
            }
            if (c === 0x25) {
                s += this.scanUriEscapes(directive, start);
            } else {
                s += this.read();
            }
            hasTag = true;
        }
        if (!hasTag) {
            this.error(directive ? "while parsing a %TAG directive" : "while parsing a tag", start, "did not find expected tag URI");
        }
        return s;
    }

    private scanUriEscapes(directive: boolean, start: Mark): string {
        const bytes: number[] = [];
        let w = 1024;
        while (w > 0) {
            if (!(this.cc() === 0x25 && isHexCode(this.at(this.pos + 1)) && isHexCode(this.at(this.pos + 2)))) {
                this.error(directive ? "while parsing a %TAG directive" : "while parsing a tag", start, "did not find URI escaped octet");
            }
            const octet = parseInt(this.text.slice(this.pos + 1, this.pos + 3), 16);
            if (w === 1024) {
                w = (octet & 0x80) === 0 ? 1 : (octet & 0xe0) === 0xc0 ? 2 : (octet & 0xf0) === 0xe0 ? 3 : (octet & 0xf8) === 0xf0 ? 4 : 0;
                if (w === 0) {
                    this.error("while parsing a tag", start, "found an incorrect leading UTF-8 octet");
                }
            } else if ((octet & 0xc0) !== 0x80) {
                this.error("while parsing a tag", start, "found an incorrect trailing UTF-8 octet");
            }
            bytes.push(octet);
            this.skip();
            this.skip();
            this.skip();
            w--;
        }
        return Buffer.from(bytes).toString("utf8");
    }

    private scanBlockScalar(literal: boolean): Token {
        const start = this.mark();
        this.skip();
        let chomping = 0;
        let increment = 0;
        if (this.cc() === 0x2b || this.cc() === 0x2d) {
            chomping = this.cc() === 0x2b ? 1 : -1;
            this.skip();
            if (isDigitCode(this.cc())) {
                if (this.cc() === 0x30) {
                    this.error("while scanning a block scalar", start, "found an indentation indicator equal to 0");
                }
                increment = this.cc() - 0x30;
                this.skip();
            }
        } else if (isDigitCode(this.cc())) {
            if (this.cc() === 0x30) {
                this.error("while scanning a block scalar", start, "found an indentation indicator equal to 0");
            }
            increment = this.cc() - 0x30;
            this.skip();
            if (this.cc() === 0x2b || this.cc() === 0x2d) {
                chomping = this.cc() === 0x2b ? 1 : -1;
                this.skip();
            }
        }
        this.skipBlanksAndComment("while scanning a block scalar", start);
        let end = this.mark();
        let indent = 0;
        if (increment > 0) {
            indent = this.indent >= 0 ? this.indent + increment : increment;
        }
        const state = { indent, breaks: "", end };
        this.scanBlockScalarBreaks(state, start);
        const parts: string[] = [];
        let leadingBreak = "";
        let leadingBlank = false;
        let trailingBlank = false;
        while (this.column === state.indent && !this.isZ()) {
            trailingBlank = isBlankCode(this.cc());
            if (!literal && !leadingBlank && !trailingBlank && leadingBreak.length > 0 && leadingBreak[0] === "\n") {
                if (state.breaks.length === 0) {
                    parts.push(" ");
                }
            } else {
                parts.push(leadingBreak);
            }
            leadingBreak = "";
            parts.push(state.breaks);
            state.breaks = "";
            leadingBlank = isBlankCode(this.cc());
            const from = this.pos;
            while (!this.isBreakZ()) {
                this.skip();
            }
            parts.push(this.text.slice(from, Math.min(this.pos, this.end)));
            leadingBreak = this.readLine();
            this.scanBlockScalarBreaks(state, start);
        }
        if (chomping !== -1) {
            parts.push(leadingBreak);
        }
        if (chomping === 1) {
            parts.push(state.breaks);
        }
        end = state.end;
        return token(T.Scalar, start, end, joined(parts), literal ? Style.Literal : Style.Folded);
    }

    private scanBlockScalarBreaks(state: { indent: number; breaks: string; end: Mark }, start: Mark): void {
        state.end = this.mark();
        let maxIndent = 0;
        for (;;) {
            while ((state.indent === 0 || this.column < state.indent) && this.cc() === 0x20) {
                this.skip();
            }
            if (this.column > maxIndent) {
                maxIndent = this.column;
            }
            if ((state.indent === 0 || this.column < state.indent) && this.cc() === 0x09) {
                this.error("while scanning a block scalar", start, "found a tab character where an indentation space is expected");
            }
            if (!isBreakCode(this.cc()) || this.isZ()) {
                break;
            }
            state.breaks += this.readLine();
            state.end = this.mark();
        }
        if (state.indent === 0) {
            state.indent = Math.max(maxIndent, this.indent + 1, 1);
        }
    }

    /** Whether the character at `pos` (before the end) ends a plain scalar: `:` before a blank, or a flow indicator in flow context. */
    private endsPlain(pos: number): boolean {
        const c = this.text.charCodeAt(pos);
        return (
            (c === 0x3a && this.isBlankZ(pos + 1)) ||
            (this.flowLevel > 0 && (c === 0x2c || c === 0x3f || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d))
        );
    }

    private isDocumentIndicator(): boolean {
        const c = this.cc();
        return (
            this.column === 0 &&
            ((c === 0x2d && this.at(this.pos + 1) === 0x2d && this.at(this.pos + 2) === 0x2d) ||
                (c === 0x2e && this.at(this.pos + 1) === 0x2e && this.at(this.pos + 2) === 0x2e)) &&
            this.isBlankZ(this.pos + 3)
        );
    }

    private scanFlowScalar(single: boolean): Token {
        const start = this.mark();
        this.skip();
        const parts: string[] = [];
        let leadingBreak = "";
        let trailingBreaks = "";
        let whitespaces = "";
        for (;;) {
            if (this.isDocumentIndicator()) {
                this.error("while scanning a quoted scalar", start, "found unexpected document indicator");
            }
            if (this.isZ()) {
                this.error("while scanning a quoted scalar", start, "found unexpected end of stream");
            }
            let leadingBlanks = false;
            while (!this.isBlankZ()) {
                const c = this.cc();
                if (single && c === 0x27 && this.at(this.pos + 1) === 0x27) {
                    parts.push("'");
                    this.skip();
                    this.skip();
                } else if (single && c === 0x27) {
                    break;
                } else if (!single && c === 0x22) {
                    break;
                } else if (!single && c === 0x5c && isBreakCode(this.at(this.pos + 1)) && this.pos + 1 < this.limit) {
                    this.skip();
                    this.skipLine();
                    leadingBlanks = true;
                    break;
                } else if (!single && c === 0x5c) {
                    let codeLength = 0;
                    switch (String.fromCharCode(this.at(this.pos + 1))) {
                        case "0":
                            parts.push("\0");
                            break;
                        case "a":
                            parts.push("\x07");
                            break;
                        case "b":
                            parts.push("\b");
                            break;
                        case "t":
                        case "\t":
                            parts.push("\t");
                            break;
                        case "n":
                            parts.push("\n");
                            break;
                        case "v":
                            parts.push("\v");
                            break;
                        case "f":
                            parts.push("\f");
                            break;
                        case "r":
                            parts.push("\r");
                            break;
                        case "e":
                            parts.push("\x1b");
                            break;
                        case " ":
                            parts.push(" ");
                            break;
                        case '"':
                            parts.push('"');
                            break;
                        case "'":
                            parts.push("'");
                            break;
                        case "\\":
                            parts.push("\\");
                            break;
                        case "N":
                            parts.push("\x85");
                            break;
                        case "_":
                            parts.push("\xa0");
                            break;
                        case "L":
                            parts.push("\u2028");
                            break;
                        case "P":
                            parts.push("\u2029");
                            break;
                        case "x":
                            codeLength = 2;
                            break;
                        case "u":
                            codeLength = 4;
                            break;
                        case "U":
                            codeLength = 8;
                            break;
                        default:
                            this.error("while parsing a quoted scalar", start, "found unknown escape character");
                    }
                    this.skip();
                    this.skip();
                    if (codeLength > 0) {
                        let value = 0;
                        for (let k = 0; k < codeLength; k++) {
                            const h = this.at(this.pos + k);
                            if (!isHexCode(h) || this.pos + k >= this.end) {
                                this.error("while parsing a quoted scalar", start, "did not find expected hexdecimal number");
                            }
                            value = value * 16 + parseInt(String.fromCharCode(h), 16);
                        }
                        if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) {
                            this.error("while parsing a quoted scalar", start, "found invalid Unicode character escape code");
                        }
                        parts.push(String.fromCodePoint(value));
                        for (let k = 0; k < codeLength; k++) {
                            this.skip();
                        }
                    }
                } else {
                    // A run of ordinary characters, in one piece.
                    const from = this.pos;
                    do {
                        this.skip();
                    } while (!this.isBlankZ() && this.cc() !== (single ? 0x27 : 0x22) && (single || this.cc() !== 0x5c));
                    parts.push(this.text.slice(from, this.pos));
                }
            }
            const c = this.cc();
            if (single ? c === 0x27 : c === 0x22) {
                break;
            }
            while ((isBlankCode(this.cc()) || isBreakCode(this.cc())) && !this.isZ()) {
                if (isBlankCode(this.cc())) {
                    if (!leadingBlanks) {
                        whitespaces += this.read();
                    } else {
                        this.skip();
                    }
                } else if (!leadingBlanks) {
                    whitespaces = "";
                    leadingBreak = this.readLine();
                    leadingBlanks = true;
                } else {
                    trailingBreaks += this.readLine();
                }
            }
            if (leadingBlanks) {
                if (leadingBreak.length > 0 && leadingBreak[0] === "\n") {
                    parts.push(trailingBreaks.length === 0 ? " " : trailingBreaks);
                } else {
                    parts.push(leadingBreak + trailingBreaks);
                }
                trailingBreaks = "";
                leadingBreak = "";
            } else {
                parts.push(whitespaces);
                whitespaces = "";
            }
        }
        this.skip();
        return token(T.Scalar, start, this.pos, joined(parts), single ? Style.SingleQuoted : Style.DoubleQuoted);
    }

    private scanPlainScalar(): Token {
        const parts: string[] = [];
        let leadingBreak = "";
        let trailingBreaks = "";
        let whitespaces = "";
        let leadingBlanks = false;
        const indent = this.indent + 1;
        const start = this.mark();
        let end = start;
        for (;;) {
            if (this.isDocumentIndicator()) {
                break;
            }
            if (this.cc() === 0x23) {
                break;
            }
            let from = -1;
            if (!this.isBlankZ() && !this.endsPlain(this.pos)) {
                if (leadingBlanks || whitespaces.length > 0) {
                    if (leadingBlanks) {
                        if (leadingBreak[0] === "\n") {
                            parts.push(trailingBreaks.length === 0 ? " " : trailingBreaks);
                        } else {
                            parts.push(leadingBreak + trailingBreaks);
                        }
                        trailingBreaks = "";
                        leadingBreak = "";
                        leadingBlanks = false;
                    } else {
                        parts.push(whitespaces);
                        whitespaces = "";
                    }
                }
                // The run of the scalar's characters up to a blank, a break, the end, `: ` or (in
                // flow context) an indicator, in one piece.
                from = this.pos;
                const text = this.text;
                const stop = this.end;
                let pos = this.pos;
                let column = this.column;
                do {
                    pos += text.charCodeAt(pos) >= 0xd800 && text.charCodeAt(pos) <= 0xdbff && pos + 1 < stop ? 2 : 1;
                    column++;
                    if (pos >= stop) {
                        break;
                    }
                    const c = text.charCodeAt(pos);
                    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029) {
                        break;
                    }
                    if ((c === 0x3a || this.flowLevel > 0) && this.endsPlain(pos)) {
                        break;
                    }
                } while (pos < stop);
                this.pos = pos;
                this.column = column;
            }
            if (from >= 0) {
                parts.push(this.text.slice(from, this.pos));
                end = this.mark();
            }
            if (!((isBlankCode(this.cc()) || isBreakCode(this.cc())) && !this.isZ())) {
                break;
            }
            while ((isBlankCode(this.cc()) || isBreakCode(this.cc())) && !this.isZ()) {
                if (isBlankCode(this.cc())) {
                    // A run of blanks (single code units, before the end of the text).
                    const from = this.pos;
                    while (isBlankCode(this.cc()) && this.pos < this.end) {
                        if (leadingBlanks && this.column < indent && this.cc() === 0x09) {
                            this.error("while scanning a plain scalar", start, "found a tab character that violates indentation");
                        }
                        this.pos++;
                        this.column++;
                    }
                    if (!leadingBlanks) {
                        whitespaces += this.text.slice(from, this.pos);
                    }
                } else if (!leadingBlanks) {
                    whitespaces = "";
                    leadingBreak = this.readLine();
                    leadingBlanks = true;
                } else {
                    trailingBreaks += this.readLine();
                }
            }
            if (this.flowLevel === 0 && this.column < indent) {
                break;
            }
        }
        if (leadingBlanks) {
            this.simpleKeyAllowed = true;
        }
        return token(T.Scalar, start, end, joined(parts), Style.Plain);
    }
}

// A scalar's pieces as one flat string: built with `+=`, a long value would stay a chain of
// concatenations in memory, one per piece.
function joined(parts: string[]): string {
    return parts.length === 0 ? "" : parts.length === 1 ? parts[0] : parts.join("");
}

// ---------------------------------------------------------------------------------------------
// Parser (parserc.go) and node tree (decode.go's parser)

/** A node of a document, as go-yaml's decoder sees it. */
export interface YamlNode {
    readonly kind: "document" | "mapping" | "sequence" | "scalar" | "alias";
    /** Offset of the node's first character (its anchor or tag included) and past its last. */
    readonly start: number;
    end: number;
    readonly tag: string;
    readonly value: string;
    /** Plain and untagged (or tagged `!`): resolved by content. */
    readonly implicit: boolean;
    readonly children: YamlNode[];
    /** The anchored node an alias stands for. */
    readonly alias?: YamlNode;
}

const enum S {
    StreamStart,
    ImplicitDocumentStart,
    DocumentStart,
    DocumentContent,
    DocumentEnd,
    BlockNode,
    BlockNodeOrIndentlessSequence,
    FlowNode,
    BlockSequenceFirstEntry,
    BlockSequenceEntry,
    IndentlessSequenceEntry,
    BlockMappingFirstKey,
    BlockMappingKey,
    BlockMappingValue,
    FlowSequenceFirstEntry,
    FlowSequenceEntry,
    FlowSequenceEntryMappingKey,
    FlowSequenceEntryMappingValue,
    FlowSequenceEntryMappingEnd,
    FlowMappingFirstKey,
    FlowMappingKey,
    FlowMappingValue,
    FlowMappingEmptyValue,
    End,
}

const enum E {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Alias,
    Scalar,
    SequenceStart,
    SequenceEnd,
    MappingStart,
    MappingEnd,
}

interface Event {
    type: E;
    start: Mark;
    end: Mark;
    anchor?: string;
    tag?: string;
    value?: string;
    implicit?: boolean;
}

const yamlTagPrefix = "tag:yaml.org,2002:";
const defaultTagDirectives: Array<[string, string]> = [
    ["!", "!"],
    ["!!", yamlTagPrefix],
];

class Parser {
    private state: S = S.StreamStart;
    private readonly states: S[] = [];
    private readonly marks: Mark[] = [];
    private tagDirectives: Array<[string, string]> = [];

    constructor(private readonly scanner: Scanner) {}

    private error(problem: string, mark: Mark): never {
        throw new GoYamlError(problem, mark);
    }

    private pop(): S {
        return this.states.pop()!;
    }

    next(): Event {
        const sc = this.scanner;
        switch (this.state) {
            case S.StreamStart: {
                const t = sc.next();
                if (t.type !== T.StreamStart) {
                    this.error("did not find expected <stream-start>", t.start);
                }
                this.state = S.ImplicitDocumentStart;
                return { type: E.StreamStart, start: t.start, end: t.end };
            }
            case S.ImplicitDocumentStart:
                return this.documentStart(true);
            case S.DocumentStart:
                return this.documentStart(false);
            case S.DocumentContent: {
                const t = sc.peek();
                if (
                    t.type === T.VersionDirective ||
                    t.type === T.TagDirective ||
                    t.type === T.DocumentStart ||
                    t.type === T.DocumentEnd ||
                    t.type === T.StreamEnd
                ) {
                    this.state = this.pop();
                    return emptyScalar(t.start);
                }
                return this.node(true, false);
            }
            case S.DocumentEnd: {
                const t = sc.peek();
                let end = t.start;
                if (t.type === T.DocumentEnd) {
                    end = t.end;
                    sc.skipToken();
                }
                this.tagDirectives = [];
                this.state = S.DocumentStart;
                return { type: E.DocumentEnd, start: t.start, end };
            }
            case S.BlockNode:
                return this.node(true, false);
            case S.BlockNodeOrIndentlessSequence:
                return this.node(true, true);
            case S.FlowNode:
                return this.node(false, false);
            case S.BlockSequenceFirstEntry:
            case S.BlockSequenceEntry:
                return this.blockSequenceEntry(this.state === S.BlockSequenceFirstEntry);
            case S.IndentlessSequenceEntry:
                return this.indentlessSequenceEntry();
            case S.BlockMappingFirstKey:
            case S.BlockMappingKey:
                return this.blockMappingKey(this.state === S.BlockMappingFirstKey);
            case S.BlockMappingValue:
                return this.blockMappingValue();
            case S.FlowSequenceFirstEntry:
            case S.FlowSequenceEntry:
                return this.flowSequenceEntry(this.state === S.FlowSequenceFirstEntry);
            case S.FlowSequenceEntryMappingKey: {
                const t = sc.peek();
                if (t.type !== T.Value && t.type !== T.FlowEntry && t.type !== T.FlowSequenceEnd) {
                    this.states.push(S.FlowSequenceEntryMappingValue);
                    return this.node(false, false);
                }
                const mark = t.end;
                sc.skipToken();
                this.state = S.FlowSequenceEntryMappingValue;
                return emptyScalar(mark);
            }
            case S.FlowSequenceEntryMappingValue: {
                let t = sc.peek();
                if (t.type === T.Value) {
                    sc.skipToken();
                    t = sc.peek();
                    if (t.type !== T.FlowEntry && t.type !== T.FlowSequenceEnd) {
                        this.states.push(S.FlowSequenceEntryMappingEnd);
                        return this.node(false, false);
                    }
                }
                this.state = S.FlowSequenceEntryMappingEnd;
                return emptyScalar(t.start);
            }
            case S.FlowSequenceEntryMappingEnd: {
                const t = sc.peek();
                this.state = S.FlowSequenceEntry;
                return { type: E.MappingEnd, start: t.start, end: t.start };
            }
            case S.FlowMappingFirstKey:
            case S.FlowMappingKey:
                return this.flowMappingKey(this.state === S.FlowMappingFirstKey);
            case S.FlowMappingValue:
            case S.FlowMappingEmptyValue:
                return this.flowMappingValue(this.state === S.FlowMappingEmptyValue);
            case S.End:
                throw new GoYamlError("attempted to go past the end of stream; corrupted value?");
        }
    }

    private documentStart(implicit: boolean): Event {
        const sc = this.scanner;
        let t = sc.peek();
        if (!implicit) {
            while (t.type === T.DocumentEnd) {
                sc.skipToken();
                t = sc.peek();
            }
        }
        if (
            implicit &&
            t.type !== T.VersionDirective &&
            t.type !== T.TagDirective &&
            t.type !== T.DocumentStart &&
            t.type !== T.StreamEnd
        ) {
            this.processDirectives();
            this.states.push(S.DocumentEnd);
            this.state = S.BlockNode;
            return { type: E.DocumentStart, start: t.start, end: t.end };
        }
        if (t.type !== T.StreamEnd) {
            const start = t.start;
            this.processDirectives();
            t = sc.peek();
            if (t.type !== T.DocumentStart) {
                this.error("did not find expected <document start>", t.start);
            }
            this.states.push(S.DocumentEnd);
            this.state = S.DocumentContent;
            sc.skipToken();
            return { type: E.DocumentStart, start, end: t.end };
        }
        this.state = S.End;
        sc.skipToken();
        return { type: E.StreamEnd, start: t.start, end: t.end };
    }

    private processDirectives(): void {
        const sc = this.scanner;
        let t = sc.peek();
        let version = false;
        while (t.type === T.VersionDirective || t.type === T.TagDirective) {
            if (t.type === T.VersionDirective) {
                if (version) {
                    this.error("found duplicate %YAML directive", t.start);
                }
                if (t.major !== 1 || t.minor !== 1) {
                    this.error("found incompatible YAML document", t.start);
                }
                version = true;
            } else {
                if (this.tagDirectives.some(([h]) => h === t.value)) {
                    this.error("found duplicate %TAG directive", t.start);
                }
                this.tagDirectives.push([t.value!, t.suffix!]);
            }
            sc.skipToken();
            t = sc.peek();
        }
        for (const d of defaultTagDirectives) {
            if (!this.tagDirectives.some(([h]) => h === d[0])) {
                this.tagDirectives.push(d);
            }
        }
    }

    private node(block: boolean, indentlessSequence: boolean): Event {
        const sc = this.scanner;
        let t = sc.peek();
        if (t.type === T.Alias) {
            this.state = this.pop();
            sc.skipToken();
            return { type: E.Alias, start: t.start, end: t.end, anchor: t.value };
        }
        let start = t.start;
        let end = t.start;
        let tagToken = false;
        let tagHandle = "";
        let tagSuffix = "";
        let anchor: string | undefined;
        let tagMark = t.start;
        if (t.type === T.Anchor) {
            anchor = t.value;
            start = t.start;
            end = t.end;
            sc.skipToken();
            t = sc.peek();
            if (t.type === T.Tag) {
                tagToken = true;
                tagHandle = t.value!;
                tagSuffix = t.suffix!;
                tagMark = t.start;
                end = t.end;
                sc.skipToken();
                t = sc.peek();
            }
        } else if (t.type === T.Tag) {
            tagToken = true;
            tagHandle = t.value!;
            tagSuffix = t.suffix!;
            start = t.start;
            tagMark = t.start;
            end = t.end;
            sc.skipToken();
            t = sc.peek();
            if (t.type === T.Anchor) {
                anchor = t.value;
                end = t.end;
                sc.skipToken();
                t = sc.peek();
            }
        }
        let tag = "";
        if (tagToken) {
            if (tagHandle === "") {
                tag = tagSuffix;
            } else {
                const d = this.tagDirectives.find(([h]) => h === tagHandle);
                if (d) {
                    tag = d[1] + tagSuffix;
                }
                if (tag === "") {
                    this.error("found undefined tag handle", tagMark);
                }
            }
        }
        const implicit = tag === "";
        if (indentlessSequence && t.type === T.BlockEntry) {
            this.state = S.IndentlessSequenceEntry;
            return { type: E.SequenceStart, start, end: t.end, anchor, tag, implicit };
        }
        if (t.type === T.Scalar) {
            const plainImplicit = (tag === "" && t.style === Style.Plain) || tag === "!";
            this.state = this.pop();
            sc.skipToken();
            return { type: E.Scalar, start, end: t.end, anchor, tag, value: t.value, implicit: plainImplicit };
        }
        if (t.type === T.FlowSequenceStart) {
            this.state = S.FlowSequenceFirstEntry;
            return { type: E.SequenceStart, start, end: t.end, anchor, tag, implicit };
        }
        if (t.type === T.FlowMappingStart) {
            this.state = S.FlowMappingFirstKey;
            return { type: E.MappingStart, start, end: t.end, anchor, tag, implicit };
        }
        if (block && t.type === T.BlockSequenceStart) {
            this.state = S.BlockSequenceFirstEntry;
            return { type: E.SequenceStart, start, end: t.end, anchor, tag, implicit };
        }
        if (block && t.type === T.BlockMappingStart) {
            this.state = S.BlockMappingFirstKey;
            return { type: E.MappingStart, start, end: t.end, anchor, tag, implicit };
        }
        if (anchor !== undefined || tag !== "") {
            this.state = this.pop();
            return { type: E.Scalar, start, end, anchor, tag, value: "", implicit };
        }
        this.error("did not find expected node content", t.start);
    }

    private blockSequenceEntry(first: boolean): Event {
        const sc = this.scanner;
        if (first) {
            this.marks.push(sc.peek().start);
            sc.skipToken();
        }
        let t = sc.peek();
        if (t.type === T.BlockEntry) {
            const mark = t.end;
            sc.skipToken();
            t = sc.peek();
            if (t.type !== T.BlockEntry && t.type !== T.BlockEnd) {
                this.states.push(S.BlockSequenceEntry);
                return this.node(true, false);
            }
            this.state = S.BlockSequenceEntry;
            return emptyScalar(mark);
        }
        if (t.type === T.BlockEnd) {
            this.state = this.pop();
            this.marks.pop();
            sc.skipToken();
            return { type: E.SequenceEnd, start: t.start, end: t.end };
        }
        this.error("did not find expected '-' indicator", t.start);
    }

    private indentlessSequenceEntry(): Event {
        const sc = this.scanner;
        let t = sc.peek();
        if (t.type === T.BlockEntry) {
            const mark = t.end;
            sc.skipToken();
            t = sc.peek();
            if (t.type !== T.BlockEntry && t.type !== T.Key && t.type !== T.Value && t.type !== T.BlockEnd) {
                this.states.push(S.IndentlessSequenceEntry);
                return this.node(true, false);
            }
            this.state = S.IndentlessSequenceEntry;
            return emptyScalar(mark);
        }
        this.state = this.pop();
        return { type: E.SequenceEnd, start: t.start, end: t.start };
    }

    private blockMappingKey(first: boolean): Event {
        const sc = this.scanner;
        if (first) {
            this.marks.push(sc.peek().start);
            sc.skipToken();
        }
        let t = sc.peek();
        if (t.type === T.Key) {
            const mark = t.end;
            sc.skipToken();
            t = sc.peek();
            if (t.type !== T.Key && t.type !== T.Value && t.type !== T.BlockEnd) {
                this.states.push(S.BlockMappingValue);
                return this.node(true, true);
            }
            this.state = S.BlockMappingValue;
            return emptyScalar(mark);
        }
        if (t.type === T.BlockEnd) {
            this.state = this.pop();
            this.marks.pop();
            sc.skipToken();
            return { type: E.MappingEnd, start: t.start, end: t.end };
        }
        this.error("did not find expected key", t.start);
    }

    private blockMappingValue(): Event {
        const sc = this.scanner;
        let t = sc.peek();
        if (t.type === T.Value) {
            const mark = t.end;
            sc.skipToken();
            t = sc.peek();
            if (t.type !== T.Key && t.type !== T.Value && t.type !== T.BlockEnd) {
                this.states.push(S.BlockMappingKey);
                return this.node(true, true);
            }
            this.state = S.BlockMappingKey;
            return emptyScalar(mark);
        }
        this.state = S.BlockMappingKey;
        return emptyScalar(t.start);
    }

    private flowSequenceEntry(first: boolean): Event {
        const sc = this.scanner;
        if (first) {
            this.marks.push(sc.peek().start);
            sc.skipToken();
        }
        let t = sc.peek();
        if (t.type !== T.FlowSequenceEnd) {
            if (!first) {
                if (t.type === T.FlowEntry) {
                    sc.skipToken();
                    t = sc.peek();
                } else {
                    this.error("did not find expected ',' or ']'", t.start);
                }
            }
            if (t.type === T.Key) {
                this.state = S.FlowSequenceEntryMappingKey;
                sc.skipToken();
                return { type: E.MappingStart, start: t.start, end: t.end, implicit: true, tag: "" };
            } else if (t.type !== T.FlowSequenceEnd) {
                this.states.push(S.FlowSequenceEntry);
                return this.node(false, false);
            }
        }
        this.state = this.pop();
        this.marks.pop();
        sc.skipToken();
        return { type: E.SequenceEnd, start: t.start, end: t.end };
    }

    private flowMappingKey(first: boolean): Event {
        const sc = this.scanner;
        if (first) {
            this.marks.push(sc.peek().start);
            sc.skipToken();
        }
        let t = sc.peek();
        if (t.type !== T.FlowMappingEnd) {
            if (!first) {
                if (t.type === T.FlowEntry) {
                    sc.skipToken();
                    t = sc.peek();
                } else {
                    this.error("did not find expected ',' or '}'", t.start);
                }
            }
            if (t.type === T.Key) {
                sc.skipToken();
                t = sc.peek();
                if (t.type !== T.Value && t.type !== T.FlowEntry && t.type !== T.FlowMappingEnd) {
                    this.states.push(S.FlowMappingValue);
                    return this.node(false, false);
                }
                this.state = S.FlowMappingValue;
                return emptyScalar(t.start);
            } else if (t.type !== T.FlowMappingEnd) {
                this.states.push(S.FlowMappingEmptyValue);
                return this.node(false, false);
            }
        }
        this.state = this.pop();
        this.marks.pop();
        sc.skipToken();
        return { type: E.MappingEnd, start: t.start, end: t.end };
    }

    private flowMappingValue(empty: boolean): Event {
        const sc = this.scanner;
        let t = sc.peek();
        if (empty) {
            this.state = S.FlowMappingKey;
            return emptyScalar(t.start);
        }
        if (t.type === T.Value) {
            sc.skipToken();
            t = sc.peek();
            if (t.type !== T.FlowEntry && t.type !== T.FlowMappingEnd) {
                this.states.push(S.FlowMappingKey);
                return this.node(false, false);
            }
        }
        this.state = S.FlowMappingKey;
        return emptyScalar(t.start);
    }
}

function emptyScalar(mark: Mark): Event {
    return { type: E.Scalar, start: mark, end: mark, value: "", implicit: true, tag: "" };
}

// The documents of a stream are parsed one after the other, each from a later offset: the last
// search is remembered, so that the text is searched once, not once per document.
const disallowedFrom = new RegExp(disallowedCharacter.source, "gu");
let lastSearch: { text: string; from: number; found: number } | undefined;

/** The offset of the first character go-yaml refuses at or after `from`, or -1. */
function firstDisallowed(text: string, from: number): number {
    const last = lastSearch;
    if (last && last.text === text && last.from <= from && (last.found < 0 || last.found >= from)) {
        return last.found;
    }
    disallowedFrom.lastIndex = from;
    const m = disallowedFrom.exec(text);
    lastSearch = { text, from, found: m ? m.index : -1 };
    return lastSearch.found;
}

/** The children of every scalar and alias: none, in one shared (frozen) array. */
const noChildren: YamlNode[] = Object.freeze([]) as unknown as YamlNode[];

/** Where a chunk of text to parse lies in its input. */
export interface TextRange {
    readonly start: number;
    readonly end: number;
    /** 0-based line of `start`. */
    readonly line: number;
}

/**
 * The first document of `text[range]` as go-yaml v2's `yaml.Unmarshal` reads it (the rest of
 * the text is never looked at, as go-yaml never looks at it), or null when there is none.
 * Throws GoYamlError. A document in plain block style is read by the fast path below, which
 * builds the same tree; `fastPath: false` always runs the port of go-yaml (for tests).
 */
export function parseFirstDocument(text: string, range: TextRange, options: { readonly fastPath?: boolean } = {}): YamlNode | null {
    const bad = firstDisallowed(text, range.start);
    if (bad >= 0 && bad < range.end) {
        throw new GoYamlError("control characters are not allowed", bad);
    }
    if (options.fastPath !== false) {
        const fast = plainBlockDocument(text, range);
        if (fast !== undefined) {
            return fast;
        }
    }
    const finalBreak = range.end === range.start || !isBreakCode(text.charCodeAt(range.end - 1));
    const parser = new Parser(new Scanner(text, range.start, range.end, range.line, finalBreak));
    parser.next(); // stream start
    const first = parser.next();
    if (first.type === E.StreamEnd) {
        return null;
    }
    const anchors = new Map<string, YamlNode>();
    const doc: YamlNode = { kind: "document", start: first.start, end: first.end, tag: "", value: "", implicit: false, children: [] };
    // The open collections, innermost last.
    const stack: YamlNode[] = [doc];
    const anchor = (n: YamlNode, name: string | undefined) => {
        if (name !== undefined) {
            anchors.set(name, n);
        }
    };
    for (;;) {
        const e = parser.next();
        const parent = stack[stack.length - 1];
        switch (e.type) {
            case E.Scalar: {
                const n: YamlNode = {
                    kind: "scalar",
                    start: e.start,
                    end: e.end,
                    tag: e.tag ?? "",
                    value: e.value ?? "",
                    implicit: e.implicit ?? false,
                    children: noChildren,
                };
                anchor(n, e.anchor);
                parent.children.push(n);
                break;
            }
            case E.Alias: {
                const target = anchors.get(e.anchor!);
                if (!target) {
                    throw new GoYamlError(`unknown anchor '${e.anchor}' referenced`, e.start);
                }
                parent.children.push({
                    kind: "alias",
                    start: e.start,
                    end: e.end,
                    tag: "",
                    value: e.anchor!,
                    implicit: false,
                    children: noChildren,
                    alias: target,
                });
                break;
            }
            case E.MappingStart:
            case E.SequenceStart: {
                const n: YamlNode = {
                    kind: e.type === E.MappingStart ? "mapping" : "sequence",
                    start: e.start,
                    end: e.end,
                    tag: e.tag ?? "",
                    value: "",
                    implicit: e.implicit ?? false,
                    children: [],
                };
                anchor(n, e.anchor);
                parent.children.push(n);
                stack.push(n);
                break;
            }
            case E.MappingEnd:
            case E.SequenceEnd: {
                stack.pop();
                // A flow collection ends at its bracket; a block one (whose end event sits at the
                // next token, after any comments) where its last entry ends.
                const last = parent.children[parent.children.length - 1];
                parent.end = e.end > e.start || !last ? e.end : last.end;
                break;
            }
            case E.DocumentEnd:
                doc.end = doc.children[0]?.end ?? doc.end;
                return doc;
            default:
                throw new GoYamlError(`unexpected ${e.type} event`, e.start);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Fast path: plain block YAML
//
// Most manifests are block mappings and sequences of one-line keys and values. A cold process
// runs the scanner above in V8's interpreter, character by character; this reads such a
// document line by line with native string searches, and builds exactly the tree the scanner
// and parser build (the same nodes, values and offsets). It accepts only what it can read with
// certainty and gives up (returns undefined, and the full parser reads the document) on anything
// else: a character that is not printable ASCII (tabs, CR, Unicode), anchors, aliases, tags,
// block scalars, flow collections other than an empty `[]` or `{}`, quoted scalars over several
// lines or with escapes, quoted keys, keys with spaces, plain scalars that could continue on the
// next line, directives, document markers, and any indentation the scanner would reject or read
// in another way. test/cli/perf-goyaml-fastpath.test.ts compares the two on every document.

/** Thrown (one object) when the fast path gives up. */
const giveUp = { fastPath: "gives up" };

// Any character but printable ASCII and the line feed.
const notPlainAscii = /[^\x20-\x7e\n]/g;
let lastAsciiSearch: { text: string; from: number; found: number } | undefined;

/** The first character at or after `from` that is not printable ASCII or a line feed, or -1 (remembered as `firstDisallowed` is). */
function firstNotPlainAscii(text: string, from: number): number {
    const last = lastAsciiSearch;
    if (last && last.text === text && last.from <= from && (last.found < 0 || last.found >= from)) {
        return last.found;
    }
    notPlainAscii.lastIndex = from;
    const m = notPlainAscii.exec(text);
    lastAsciiSearch = { text, from, found: m ? m.index : -1 };
    return lastAsciiSearch.found;
}

// A plain key: no indicator first, no blank, `:` or `#` in it, then `:` before a blank or the end.
const plainKey = /[^\-?:,[\]{}#&*!|>'"%@` \n][^ :#\n]*:(?=[ \n]|$)/y;

function scalarNode(start: number, end: number, value: string, implicit: boolean): YamlNode {
    return { kind: "scalar", start, end, tag: "", value, implicit, children: noChildren };
}

function collectionNode(kind: "mapping" | "sequence", start: number, end: number): YamlNode {
    return { kind, start, end, tag: "", value: "", implicit: true, children: [] };
}

class PlainBlockReader {
    /** Start, end (before the line feed) and indentation of every line with content. */
    private readonly starts: number[] = [];
    private readonly ends: number[] = [];
    private readonly indents: number[] = [];
    /** Before each line with content: how many blank lines, and whether a comment line, since the one before. */
    private readonly blanksBefore: number[] = [];
    private readonly commentBefore: boolean[] = [];
    /** The current content line. */
    private i = 0;

    constructor(
        private readonly text: string,
        start: number,
        private readonly end: number,
    ) {
        let blanks = 0;
        let comment = false;
        for (let at = start; at < end;) {
            const newline = text.indexOf("\n", at);
            const lineEnd = newline < 0 || newline > end ? end : newline;
            let first = at;
            while (first < lineEnd && text.charCodeAt(first) === 0x20) {
                first++;
            }
            if (first < lineEnd && text.charCodeAt(first) !== 0x23 /* # */) {
                if (first === at) {
                    // Column 0: no directive and no document marker (kubectl's cut leaves `...`).
                    const c = text.charCodeAt(at);
                    if (c === 0x25 || ((c === 0x2d || c === 0x2e) && text.startsWith(c === 0x2d ? "---" : "...", at))) {
                        throw giveUp;
                    }
                }
                this.starts.push(at);
                this.ends.push(lineEnd);
                this.indents.push(first - at);
                this.blanksBefore.push(blanks);
                this.commentBefore.push(comment);
                blanks = 0;
                comment = false;
            } else if (first < lineEnd) {
                comment = true;
            } else {
                blanks++;
            }
            at = lineEnd + 1;
        }
    }

    /** The document's node, or null for none (which the full parser decides). */
    document(): YamlNode {
        if (this.starts.length === 0 || this.indents[0] !== 0) {
            throw giveUp;
        }
        const root = this.isDash(0, 0) ? this.sequence(0, false) : this.mapping(0, this.starts[0]);
        if (this.i < this.starts.length) {
            throw giveUp;
        }
        return { kind: "document", start: root.start, end: root.end, tag: "", value: "", implicit: false, children: [root] };
    }

    /** Indentation of the current content line, or -1 past the last. */
    private indent(): number {
        return this.i < this.starts.length ? this.indents[this.i] : -1;
    }

    /** Whether `at` (in the current line) holds `-` followed by a blank or the end of the line. */
    private isDash(line: number, at: number): boolean {
        const p = this.starts[line] + this.indents[line] + at;
        return this.text.charCodeAt(p) === 0x2d && (p + 1 === this.ends[line] || this.text.charCodeAt(p + 1) === 0x20);
    }

    /** A block mapping whose keys are at column `column`; its first key starts at `first` in the current line. */
    private mapping(column: number, first: number): YamlNode {
        const node = collectionNode("mapping", first, first);
        let keyAt = first;
        for (;;) {
            plainKey.lastIndex = keyAt;
            const line = this.i;
            const lineEnd = this.ends[line];
            if (!plainKey.test(this.text) || plainKey.lastIndex > lineEnd || plainKey.lastIndex - keyAt > 1000) {
                throw giveUp;
            }
            const colon = plainKey.lastIndex - 1;
            node.children.push(scalarNode(keyAt, colon, this.text.slice(keyAt, colon), true));
            const value = this.valueAfter(colon + 1, lineEnd, column, true);
            node.children.push(value);
            node.end = value.end;
            const next = this.indent();
            if (next < column) {
                return node;
            }
            if (next > column || this.isDash(this.i, 0)) {
                throw giveUp;
            }
            keyAt = this.starts[this.i] + column;
        }
    }

    /** A block sequence whose dashes are at `column`, starting at the current line; `indentless` under a key at the same column. */
    private sequence(column: number, indentless: boolean): YamlNode {
        const first = this.starts[this.i] + column;
        const node = collectionNode("sequence", first, first);
        for (;;) {
            const line = this.i;
            const dash = this.starts[line] + column;
            const lineEnd = this.ends[line];
            let at = dash + 1;
            while (at < lineEnd && this.text.charCodeAt(at) === 0x20) {
                at++;
            }
            let item: YamlNode;
            if (at === lineEnd || this.text.charCodeAt(at) === 0x23) {
                // `-` alone: an empty item (a nested node on the next lines is left to the full parser).
                this.i++;
                if (this.indent() > column) {
                    throw giveUp;
                }
                item = scalarNode(dash + 1, dash + 1, "", true);
            } else {
                plainKey.lastIndex = at;
                if (plainKey.test(this.text) && plainKey.lastIndex <= lineEnd) {
                    item = this.mapping(at - this.starts[line], at);
                } else {
                    item = this.valueAfter(dash + 1, lineEnd, column, false);
                }
            }
            node.children.push(item);
            node.end = item.end;
            const next = this.indent();
            if (next < column) {
                return node;
            }
            if (next > column) {
                throw giveUp;
            }
            if (!this.isDash(this.i, 0)) {
                if (indentless) {
                    return node;
                }
                throw giveUp;
            }
        }
    }

    /**
     * The value after a key's `:` or a dash at `from` in the current line (ending at `lineEnd`),
     * whose key or dash is at `column`; moves past it.
     */
    private valueAfter(from: number, lineEnd: number, column: number, isKey: boolean): YamlNode {
        const text = this.text;
        let at = from;
        while (at < lineEnd && text.charCodeAt(at) === 0x20) {
            at++;
        }
        if (at === lineEnd || (text.charCodeAt(at) === 0x23 && at > from)) {
            // Nothing more on the line: a nested block, an indentless sequence, or an empty value.
            this.i++;
            const next = this.indent();
            if (isKey && next > column) {
                return this.isDash(this.i, 0) ? this.sequence(next, false) : this.mapping(next, this.starts[this.i] + next);
            }
            if (isKey && next === column && this.isDash(this.i, 0)) {
                return this.sequence(column, true);
            }
            if (next > column) {
                throw giveUp;
            }
            return scalarNode(from, from, "", true);
        }
        const c = text.charCodeAt(at);
        // Searches stay within the line: `rest` is the line from `at` on (offsets relative to `at`).
        const rest = text.slice(at, lineEnd);
        let node: YamlNode;
        let after: number;
        if (c === 0x22 || c === 0x27) {
            node = this.quoted(at, rest);
            after = node.end;
        } else if (c === 0x5b && text.charCodeAt(at + 1) !== 0x5d) {
            node = this.flowSequence(at, lineEnd);
            after = node.end;
        } else if (c === 0x7c || c === 0x3e) {
            return this.blockScalar(at, lineEnd, column, c === 0x7c);
        } else if ((c === 0x5b && text.charCodeAt(at + 1) === 0x5d) || (c === 0x7b && text.charCodeAt(at + 1) === 0x7d)) {
            after = at + 2;
            node = collectionNode(c === 0x5b ? "sequence" : "mapping", at, after);
        } else {
            // A plain scalar to the end of the line or a comment; no `: ` in it (a key there
            // is an error for go-yaml), and it must not go on over the next lines.
            if (isIndicatorCode(c) && !(c === 0x2d && at + 1 < lineEnd && text.charCodeAt(at + 1) !== 0x20)) {
                throw giveUp;
            }
            const comment = rest.indexOf(" #");
            let end = comment < 0 ? lineEnd : at + comment;
            while (text.charCodeAt(end - 1) === 0x20) {
                end--;
            }
            const colonBlank = rest.indexOf(": ");
            if ((colonBlank >= 0 && at + colonBlank < end) || text.charCodeAt(end - 1) === 0x3a) {
                throw giveUp;
            }
            return this.plainScalar(at, end, comment >= 0, column);
        }
        // Only blanks, or blanks and a comment, may follow on the line.
        while (after < lineEnd && text.charCodeAt(after) === 0x20) {
            after++;
        }
        if (after < lineEnd && (text.charCodeAt(after) !== 0x23 || text.charCodeAt(after - 1) !== 0x20)) {
            throw giveUp;
        }
        this.i++;
        if (this.indent() > column) {
            throw giveUp;
        }
        return node;
    }

    /** A quoted scalar at `at`, within the line `rest` (the line from `at` on): double-quoted without escapes, or single-quoted. */
    private quoted(at: number, rest: string): YamlNode {
        const c = rest.charCodeAt(0);
        let close = rest.indexOf(c === 0x22 ? '"' : "'", 1);
        let value = "";
        if (c === 0x22) {
            if (close < 0 || rest.lastIndexOf("\\", close) > 0) {
                throw giveUp;
            }
            value = rest.slice(1, close);
        } else {
            let piece = 1;
            for (;;) {
                if (close < 0) {
                    throw giveUp;
                }
                if (rest.charCodeAt(close + 1) !== 0x27) {
                    break;
                }
                value += rest.slice(piece, close + 1);
                piece = close + 2;
                close = rest.indexOf("'", piece);
            }
            value += rest.slice(piece, close);
        }
        return scalarNode(at, at + close + 1, value, false);
    }

    /**
     * A flow sequence on one line, `[` at `at`: quoted scalars, and plain ones without `:`, `#`,
     * `?` or brackets, between commas (one may trail). Nothing nested, no empty entry.
     */
    private flowSequence(at: number, lineEnd: number): YamlNode {
        const text = this.text;
        const node = collectionNode("sequence", at, at);
        let p = at + 1;
        const blanks = () => {
            while (p < lineEnd && text.charCodeAt(p) === 0x20) {
                p++;
            }
            if (p >= lineEnd) {
                throw giveUp;
            }
        };
        for (;;) {
            blanks();
            let c = text.charCodeAt(p);
            if (c === 0x5d) {
                break;
            }
            if (c === 0x22 || c === 0x27) {
                const item = this.quoted(p, text.slice(p, lineEnd));
                node.children.push(item);
                p = item.end;
            } else {
                const c1 = text.charCodeAt(p + 1);
                if (isIndicatorCode(c) && !(c === 0x2d && p + 1 < lineEnd && c1 !== 0x20 && c1 !== 0x2c && c1 !== 0x5d)) {
                    throw giveUp;
                }
                let q = p;
                for (; q < lineEnd; q++) {
                    const d = text.charCodeAt(q);
                    if (d === 0x2c || d === 0x5d) {
                        break;
                    }
                    if (d === 0x3a || d === 0x23 || d === 0x3f || d === 0x5b || d === 0x7b || d === 0x7d) {
                        throw giveUp;
                    }
                }
                let e = q;
                while (text.charCodeAt(e - 1) === 0x20) {
                    e--;
                }
                node.children.push(scalarNode(p, e, text.slice(p, e), true));
                p = q;
            }
            blanks();
            c = text.charCodeAt(p);
            if (c === 0x5d) {
                break;
            }
            if (c !== 0x2c) {
                throw giveUp;
            }
            p++;
        }
        node.end = p + 1;
        return node;
    }

    /**
     * A plain scalar whose first line is `[at, end)` (a comment after it when `commented`), and the
     * lines that continue it: more indented than `column`, with no comment line before them,
     * folded as go-yaml folds them (one line break is a space, n + 1 are n line feeds).
     */
    private plainScalar(at: number, end: number, commented: boolean, column: number): YamlNode {
        const text = this.text;
        let value = text.slice(at, end);
        let last = end;
        let ended = commented;
        this.i++;
        while (!ended && this.indent() > column && !this.commentBefore[this.i]) {
            const from = this.starts[this.i] + this.indents[this.i];
            const line = text.slice(from, this.ends[this.i]);
            const comment = line.indexOf(" #");
            let to = comment < 0 ? this.ends[this.i] : from + comment;
            while (text.charCodeAt(to - 1) === 0x20) {
                to--;
            }
            const colonBlank = line.indexOf(": ");
            if ((colonBlank >= 0 && from + colonBlank < to) || text.charCodeAt(to - 1) === 0x3a) {
                throw giveUp;
            }
            const blanks = this.blanksBefore[this.i];
            value += (blanks === 0 ? " " : "\n".repeat(blanks)) + text.slice(from, to);
            last = to;
            ended = comment >= 0;
            this.i++;
        }
        if (this.indent() > column) {
            throw giveUp;
        }
        return scalarNode(at, last, value, true);
    }

    /**
     * A literal (`|`) or folded (`>`) block scalar whose indicator is at `at`, in a line ending at
     * `lineEnd`, under a key or dash at `column`: go-yaml's scanBlockScalar, line by line. Its
     * indentation is that of its first line with content; an explicit indentation indicator, or
     * leading blank lines more indented than that line, are left to the full parser.
     */
    private blockScalar(at: number, lineEnd: number, column: number, literal: boolean): YamlNode {
        const text = this.text;
        let p = at + 1;
        let chomping = 0;
        if (text.charCodeAt(p) === 0x2b || text.charCodeAt(p) === 0x2d) {
            chomping = text.charCodeAt(p) === 0x2b ? 1 : -1;
            p++;
        }
        // Then only blanks, or blanks and a comment.
        const blanksFrom = p;
        while (p < lineEnd && text.charCodeAt(p) === 0x20) {
            p++;
        }
        if (p < lineEnd && (text.charCodeAt(p) !== 0x23 || p === blanksFrom)) {
            throw giveUp;
        }
        // Every line is read up to its line feed: one missing at the end is left to the full parser.
        const lineAfter = (from: number): number => {
            const newline = text.indexOf("\n", from);
            if (newline < 0 || newline >= this.end) {
                throw giveUp;
            }
            return newline;
        };
        const spacesAt = (from: number, to: number): number => {
            let q = from;
            while (q < to && text.charCodeAt(q) === 0x20) {
                q++;
            }
            return q - from;
        };
        // Leading blank lines, then the first line with content sets the indentation.
        let lineStart = lineEnd + 1;
        let breaks = "";
        let maxBlank = 0;
        let indent = 0;
        for (;;) {
            if (lineStart >= this.end) {
                throw giveUp;
            }
            const newline = lineAfter(lineStart);
            const spaces = spacesAt(lineStart, newline);
            if (lineStart + spaces < newline) {
                indent = spaces;
                break;
            }
            maxBlank = Math.max(maxBlank, spaces);
            breaks += "\n";
            lineStart = newline + 1;
        }
        if (indent <= column || maxBlank > indent) {
            throw giveUp;
        }
        const parts: string[] = [];
        let leadingBreak = "";
        let leadingBlank = false;
        let end: number;
        for (;;) {
            // A line at the indentation: its text from there on is content.
            const newline = lineAfter(lineStart);
            const trailingBlank = text.charCodeAt(lineStart + indent) === 0x20;
            if (!literal && !leadingBlank && !trailingBlank && leadingBreak === "\n") {
                if (breaks === "") {
                    parts.push(" ");
                }
            } else {
                parts.push(leadingBreak);
            }
            parts.push(breaks);
            breaks = "";
            leadingBlank = trailingBlank;
            parts.push(text.slice(lineStart + indent, newline));
            leadingBreak = "\n";
            lineStart = newline + 1;
            // Lines of at most `indent` spaces are line breaks of the scalar.
            let next = false;
            for (;;) {
                end = lineStart;
                if (lineStart >= this.end) {
                    break;
                }
                const after = lineAfter(lineStart);
                const spaces = spacesAt(lineStart, after);
                if (lineStart + spaces === after && spaces <= indent) {
                    breaks += "\n";
                    lineStart = after + 1;
                    continue;
                }
                next = spaces >= indent;
                break;
            }
            if (!next) {
                break;
            }
        }
        if (chomping !== -1) {
            parts.push(leadingBreak);
        }
        if (chomping === 1) {
            parts.push(breaks);
        }
        while (this.i < this.starts.length && this.starts[this.i] < end) {
            this.i++;
        }
        if (this.indent() > column) {
            throw giveUp;
        }
        return scalarNode(at, end, joined(parts), false);
    }
}

/** The tree of a plain block document (see above), or undefined when the full parser must read it. Exported for tests. */
export function plainBlockDocument(text: string, range: TextRange): YamlNode | undefined {
    const other = firstNotPlainAscii(text, range.start);
    if (other >= 0 && other < range.end) {
        return undefined;
    }
    try {
        return new PlainBlockReader(text, range.start, range.end).document();
    } catch (err) {
        if (err === giveUp) {
            return undefined;
        }
        throw err;
    }
}

// ---------------------------------------------------------------------------------------------
// Resolution (resolve.go) and decoding into interface{} (decode.go), then to JSON
// (sigs.k8s.io/yaml's convertToJSONableObject, encoding/json)

const tags = {
    null: yamlTagPrefix + "null",
    bool: yamlTagPrefix + "bool",
    str: yamlTagPrefix + "str",
    int: yamlTagPrefix + "int",
    float: yamlTagPrefix + "float",
    timestamp: yamlTagPrefix + "timestamp",
    binary: yamlTagPrefix + "binary",
    merge: yamlTagPrefix + "merge",
};

/** A Go value as go-yaml decodes it into interface{}; `uint` marks a uint64 (it cannot be a map key). */
type GoScalar =
    | { readonly kind: "null" }
    | { readonly kind: "bool"; readonly value: boolean }
    | { readonly kind: "int" | "uint" | "float"; readonly value: number }
    | { readonly kind: "str"; readonly value: string };

const resolveMap = new Map<string, [string, GoScalar]>();
for (const [value, words] of [
    [true, ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]],
    [false, ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]],
] as const) {
    for (const w of words) {
        resolveMap.set(w, [tags.bool, { kind: "bool", value }]);
    }
}
for (const w of ["", "~", "null", "Null", "NULL"]) {
    resolveMap.set(w, [tags.null, { kind: "null" }]);
}
for (const [value, words] of [
    [NaN, [".nan", ".NaN", ".NAN"]],
    [Infinity, [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"]],
    [-Infinity, ["-.inf", "-.Inf", "-.INF"]],
] as const) {
    for (const w of words) {
        resolveMap.set(w, [tags.float, { kind: "float", value }]);
    }
}
resolveMap.set("<<", [tags.merge, { kind: "str", value: "<<" }]);

const maxInt64 = 2n ** 63n - 1n;
const minInt64 = -(2n ** 63n);
const maxUint64 = 2n ** 64n - 1n;

/** strconv.ParseInt/ParseUint with base 0 (underscores already removed), as a bigint. */
function goParseInteger(s: string): bigint | undefined {
    const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
    if (!m) {
        return undefined;
    }
    const body = m[2];
    let v: bigint;
    if (/^0[oO]/.test(body)) {
        v = BigInt("0o" + body.slice(2));
    } else if (/^0[0-7]+$/.test(body)) {
        v = BigInt("0o" + body.slice(1));
    } else {
        v = BigInt(body);
    }
    return m[1] === "-" ? -v : v;
}

const yamlStyleFloat = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** strconv.ParseFloat for the text go-yaml hands it after a `.`: a decimal literal (underscores between digits). */
function goParseDotFloat(s: string): number | undefined {
    if (!/^\.[0-9](_?[0-9])*([eE][-+]?[0-9](_?[0-9])*)?$/.test(s)) {
        return undefined;
    }
    const v = Number(s.replace(/_/g, ""));
    return Number.isFinite(v) ? v : undefined;
}

function isTimestamp(s: string): boolean {
    // time.Parse with go-yaml's layouts: 2006-1-2, 2006-1-2T15:4:5.999999999Z07:00 (t or T),
    // 2006-1-2 15:4:5.999999999.
    const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:([Tt ])(\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(s);
    if (!m) {
        return false;
    }
    const [month, day] = [Number(m[2]), Number(m[3])];
    if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(Number(m[1]), month, 0)).getUTCDate()) {
        return false;
    }
    if (m[4] === undefined) {
        return true;
    }
    if (Number(m[5]) > 23 || Number(m[6]) > 59 || Number(m[7]) > 59) {
        return false;
    }
    // With T or t a zone is required; with a space there is none.
    return m[4] === " " ? m[9] === undefined : m[9] !== undefined;
}

function shortTag(tag: string): string {
    return tag.startsWith(yamlTagPrefix) ? "!!" + tag.slice(yamlTagPrefix.length) : tag;
}

/** True for a plain scalar resolve.go leaves a string without looking further: its first character hints at nothing else. */
function plainString(input: string): boolean {
    if (input === "") {
        return false;
    }
    const c = input.charCodeAt(0);
    return !(c === 0x2b || c === 0x2d || c === 0x2e || isDigitCode(c) || c === 0x7e || "yYnNtTfFoO".includes(input[0]));
}

/** resolve.go's resolve(tag, in). */
function resolve(tag: string, input: string): [string, GoScalar] {
    if (!(
        tag === "" ||
        tag === tags.str ||
        tag === tags.bool ||
        tag === tags.int ||
        tag === tags.float ||
        tag === tags.null ||
        tag === tags.timestamp
    )) {
        return [tag, { kind: "str", value: input }];
    }
    const [rtag, out] = resolvePlain(tag, input);
    if (tag === "" || tag === rtag || tag === tags.str || tag === tags.binary) {
        return [rtag, out];
    }
    if (tag === tags.float && rtag === tags.int && out.kind === "int") {
        return [tags.float, { kind: "float", value: out.value }];
    }
    throw new GoYamlError(`cannot decode ${shortTag(rtag)} \`${input}\` as a ${shortTag(tag)}`);
}

function resolvePlain(tag: string, input: string): [string, GoScalar] {
    const c = input.charCodeAt(0);
    const hint =
        input === ""
            ? "N"
            : c === 0x2b || c === 0x2d
              ? "S"
              : isDigitCode(c)
                ? "D"
                : "yYnNtTfFoO~".includes(input[0])
                  ? "M"
                  : input[0] === "."
                    ? "."
                    : "";
    if (hint !== "" && tag !== tags.str && tag !== tags.binary) {
        const item = resolveMap.get(input);
        if (item) {
            return item;
        }
        if (hint === ".") {
            const f = goParseDotFloat(input);
            if (f !== undefined) {
                return [tags.float, { kind: "float", value: f }];
            }
        } else if (hint === "D" || hint === "S") {
            if ((tag === "" || tag === tags.timestamp) && isTimestamp(input)) {
                return [tags.timestamp, { kind: "str", value: input }];
            }
            if (/^(?:0|[1-9][0-9]{0,14})$/.test(input)) {
                return [tags.int, { kind: "int", value: Number(input) }];
            }
            const plain = input.replace(/_/g, "");
            const n = goParseInteger(plain);
            if (n !== undefined && n >= minInt64 && n <= maxInt64) {
                return [tags.int, { kind: "int", value: Number(n) }];
            }
            if (n !== undefined && n >= 0n && n <= maxUint64 && !plain.startsWith("+") && !plain.startsWith("-")) {
                return [tags.int, { kind: "uint", value: Number(n) }];
            }
            if (yamlStyleFloat.test(plain)) {
                const f = Number(plain);
                if (Number.isFinite(f)) {
                    return [tags.float, { kind: "float", value: f }];
                }
            }
        }
    }
    return [tags.str, { kind: "str", value: input }];
}

/** strconv.FormatFloat(f, 'g', -1, 32), which sigs.k8s.io/yaml uses for float keys. */
function formatFloat32(f: number): string {
    if (Number.isNaN(f)) {
        return ".nan";
    }
    if (!Number.isFinite(f)) {
        return f > 0 ? ".inf" : "-.inf";
    }
    const f32 = Math.fround(f);
    let digits = 1;
    for (; digits < 10; digits++) {
        if (Math.fround(Number(f32.toPrecision(digits))) === f32) {
            break;
        }
    }
    const [mantissa, exponentText] = f32.toExponential(digits - 1).split("e");
    const exponent = Number(exponentText);
    // %g with the shortest precision switches to an exponent from 1e+06 on (eprec = 6).
    if (exponent < -4 || exponent >= 6) {
        return `${mantissa}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
    }
    const s = Number(f32.toPrecision(digits)).toString();
    return Object.is(f, -0) ? "-0" : s;
}

function jsonKey(k: GoScalar, value: unknown): string {
    switch (k.kind) {
        case "str":
            return k.value;
        case "bool":
            return String(k.value);
        case "int":
            return BigInt(k.value).toString();
        case "float":
            return formatFloat32(k.value);
        default:
            throw new GoYamlError(
                `unsupported map key of type: ${k.kind === "uint" ? "uint64" : "%!s(<nil>)"}, key: ${k.kind === "uint" ? k.value : "<nil>"}, value: ${JSON.stringify(value)}`,
            );
    }
}

/** The depth beyond which a document is refused rather than decoded (Kubernetes objects nest a few dozen levels). */
export const maxDecodeDepth = 1000;

// A value JSON cannot carry (NaN, ±Inf) or an entry under a key it cannot have (null, uint64).
// go-yaml decodes them; only the conversion to JSON fails, and only if they are still there then
// (a later duplicate key may have replaced them), so they are marked and looked for at the end.
class Unrepresentable {
    constructor(readonly message: string) {}
}

class Decoder {
    private decodeCount = 0;
    private aliasCount = 0;
    private aliasDepth = 0;
    private readonly aliases = new Set<YamlNode>();
    /** Unrepresentable values made so far; when there are any, the result is searched for them. */
    unrepresentable = 0;

    constructor(private readonly strings?: Map<string, string>) {}

    private count(): void {
        this.decodeCount++;
        if (this.aliasDepth > 0) {
            this.aliasCount++;
        }
        if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
            throw new GoYamlError("document contains excessive aliasing", undefined, true);
        }
    }

    /** A node's value, as JSON would carry it. */
    value(n: YamlNode, depth: number): unknown {
        this.count();
        if (depth > maxDecodeDepth) {
            throw new GoYamlError(`nested deeper than ${maxDecodeDepth} levels: refused`, n.start, true);
        }
        switch (n.kind) {
            case "document":
                return n.children.length === 1 ? this.value(n.children[0], depth) : null;
            case "alias":
                return this.viaAlias(n, () => this.value(n.alias!, depth + 1));
            case "scalar":
                if (n.tag === "" && (!n.implicit || plainString(n.value))) {
                    return this.intern(n.value);
                }
                return this.scalarValue(this.scalar(n));
            case "sequence": {
                const out = new Array<unknown>(n.children.length);
                for (let i = 0; i < out.length; i++) {
                    out[i] = this.value(n.children[i], depth + 1);
                }
                return out;
            }
            case "mapping": {
                const out: Record<string, unknown> = {};
                this.mapping(n, out, depth);
                return out;
            }
        }
    }

    private scalarValue(s: GoScalar): unknown {
        switch (s.kind) {
            case "null":
                return null;
            case "float":
                if (!Number.isFinite(s.value)) {
                    this.unrepresentable++;
                    return new Unrepresentable(`json: unsupported value: ${Number.isNaN(s.value) ? "NaN" : s.value > 0 ? "+Inf" : "-Inf"}`);
                }
                return s.value;
            case "str":
                return this.intern(s.value);
            default:
                return s.value;
        }
    }

    // Many values repeat (kinds, labels, images): one copy of each short one.
    private intern(v: string): string {
        if (this.strings && v.length <= 64) {
            const known = this.strings.get(v);
            if (known !== undefined) {
                return known;
            }
            this.strings.set(v, v);
        }
        return v;
    }

    private viaAlias<R>(n: YamlNode, f: () => R): R {
        if (this.aliases.has(n)) {
            throw new GoYamlError(`anchor '${n.value}' value contains itself`, n.start);
        }
        this.aliases.add(n);
        this.aliasDepth++;
        try {
            return f();
        } finally {
            this.aliasDepth--;
            this.aliases.delete(n);
        }
    }

    scalar(n: YamlNode): GoScalar {
        if (n.tag === "" && (!n.implicit || plainString(n.value))) {
            return { kind: "str", value: n.value };
        }
        const [tag, resolved] = resolve(n.tag, n.value);
        if (tag === tags.binary) {
            const b64 = n.value.replace(/[\r\n]/g, "");
            if (b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) {
                throw new GoYamlError("!!binary value contains invalid base64 data", n.start);
            }
            return { kind: "str", value: Buffer.from(b64, "base64").toString("utf8") };
        }
        return resolved;
    }

    /** A key's Go value; a collection key is an error. */
    private key(n: YamlNode): GoScalar {
        this.count();
        const target = n.kind === "alias" ? n.alias! : n;
        if (target.kind !== "scalar") {
            throw new GoYamlError(
                `invalid map key: ${target.kind === "mapping" ? "map[interface {}]interface {}" : "[]interface {}"}`,
                n.start,
            );
        }
        return n.kind === "alias" ? this.viaAlias(n, () => this.scalar(target)) : this.scalar(target);
    }

    /** decode.go's mapping into an existing map: entries in order, merges where they stand, a later key replacing an earlier one. */
    mapping(n: YamlNode, out: Record<string, unknown>, depth: number): void {
        const c = n.children;
        for (let i = 0; i + 1 < c.length; i += 2) {
            if (isMerge(c[i])) {
                this.merge(c[i + 1], out, depth);
                continue;
            }
            const keyNode = c[i];
            if (keyNode.kind === "scalar" && keyNode.tag === "" && (!keyNode.implicit || plainString(keyNode.value))) {
                // The common key: a plain string.
                this.count();
                const value = this.value(c[i + 1], depth + 1);
                if (keyNode.value === "__proto__") {
                    Object.defineProperty(out, keyNode.value, { value, enumerable: true, writable: true, configurable: true });
                } else {
                    out[keyNode.value] = value;
                }
                continue;
            }
            const key = this.key(keyNode);
            const value = this.value(c[i + 1], depth + 1);
            let k: string;
            try {
                k = jsonKey(key, value);
            } catch (err) {
                // A key JSON cannot have: kept aside under a name no YAML key can take.
                this.unrepresentable++;
                k = `\u0000${this.unrepresentable}`;
                out[k] = new Unrepresentable((err as Error).message);
                continue;
            }
            if (k === "__proto__") {
                Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
            } else {
                out[k] = value;
            }
        }
    }

    private mergeInto(n: YamlNode, out: Record<string, unknown>, depth: number): void {
        this.count();
        if (n.kind === "alias") {
            this.viaAlias(n, () => this.mergeInto(n.alias!, out, depth + 1));
            return;
        }
        this.mapping(n, out, depth + 1);
    }

    private merge(n: YamlNode, out: Record<string, unknown>, depth: number): void {
        const wantMap = () => new GoYamlError("map merge requires map or sequence of maps as the value", n.start);
        switch (n.kind) {
            case "mapping":
                return this.mergeInto(n, out, depth);
            case "alias":
                if (n.alias!.kind !== "mapping") {
                    throw wantMap();
                }
                return this.mergeInto(n, out, depth);
            case "sequence":
                // Backwards: the first map listed has the last word.
                for (let i = n.children.length - 1; i >= 0; i--) {
                    const item = n.children[i];
                    if (item.kind === "alias" ? item.alias!.kind !== "mapping" : item.kind !== "mapping") {
                        throw wantMap();
                    }
                    this.mergeInto(item, out, depth);
                }
                return;
            default:
                throw wantMap();
        }
    }
}

/** The first unrepresentable value left in a decoded document, if any. */
function findUnrepresentable(value: unknown): Unrepresentable | undefined {
    const stack: unknown[] = [value];
    while (stack.length > 0) {
        const v = stack.pop();
        if (v instanceof Unrepresentable) {
            return v;
        }
        if (v !== null && typeof v === "object") {
            stack.push(...(Array.isArray(v) ? v : Object.values(v)));
        }
    }
    return undefined;
}

/** decode.go's isMerge: a plain (or `!`/`!!merge`-tagged) scalar `<<`. */
export function isMerge(n: YamlNode): boolean {
    return n.kind === "scalar" && n.value === "<<" && (n.implicit || n.tag === tags.merge);
}

function allowedAliasRatio(decodeCount: number): number {
    const low = 400000;
    const high = 4000000;
    if (decodeCount <= low) {
        return 0.99;
    }
    if (decodeCount >= high) {
        return 0.1;
    }
    return 0.99 - 0.89 * ((decodeCount - low) / (high - low));
}

/**
 * The JSON value of a parsed document (null for none), as sigs.k8s.io/yaml.YAMLToJSON gives it.
 * Equal short strings of the result are one string when `strings` (shared across the documents of
 * a stream) is given. Throws GoYamlError.
 */
export function documentToJson(doc: YamlNode | null, strings?: Map<string, string>): unknown {
    if (doc === null) {
        return null;
    }
    const decoder = new Decoder(strings);
    let value: unknown;
    try {
        value = decoder.value(doc, 0);
    } catch (err) {
        if (err instanceof RangeError) {
            throw new GoYamlError(`nested too deeply to read: refused`, doc.start, true);
        }
        throw err;
    }
    if (decoder.unrepresentable > 0) {
        const found = findUnrepresentable(value);
        if (found) {
            throw new GoYamlError(found.message);
        }
    }
    return value;
}

/** The JSON object key a mapping key node stands for, or undefined when it cannot be one. */
export function jsonKeyOf(n: YamlNode): string | undefined {
    const target = n.kind === "alias" ? n.alias! : n;
    if (target.kind !== "scalar") {
        return undefined;
    }
    if (target.tag === "" && (!target.implicit || plainString(target.value))) {
        // A string for certain (as Decoder.scalar decides), its own key.
        return target.value;
    }
    try {
        return jsonKey(new Decoder().scalar(target), null);
    } catch {
        return undefined;
    }
}

/** A key and value of a mapping, as found by `entryOf`. */
export interface MappingEntry {
    readonly key: YamlNode;
    readonly value: YamlNode;
}

/** Follows aliases to the node they stand for. */
export function dealias(n: YamlNode): YamlNode {
    let current = n;
    for (let i = 0; i < 64 && current.kind === "alias"; i++) {
        current = current.alias!;
    }
    return current;
}

/**
 * The entry of mapping `n` whose value JSON key `key` gets, with go-yaml's precedence: the last
 * of the mapping's own entries and merges that sets it (a merged sequence's first map winning).
 */
export function entryOf(n: YamlNode, key: string, depth = 0): MappingEntry | undefined {
    const map = dealias(n);
    if (map.kind !== "mapping" || depth > 64) {
        return undefined;
    }
    let found: MappingEntry | undefined;
    const c = map.children;
    for (let i = 0; i + 1 < c.length; i += 2) {
        if (isMerge(c[i])) {
            const source = dealias(c[i + 1]);
            const sources = source.kind === "sequence" ? [...source.children].reverse() : [source];
            for (const s of sources) {
                found = entryOf(s, key, depth + 1) ?? found;
            }
        } else if (jsonKeyOf(c[i]) === key) {
            found = { key: c[i], value: c[i + 1] };
        }
    }
    return found;
}
