// YAML streams as the tools that deploy them read them, with the source position of every node,
// so that a finding about a props path can name a file, line and column.
//
// A stream is cut into documents as kubectl cuts it, and each document is first read as kubectl
// reads it (goyaml.ts: go-yaml v2 through sigs.k8s.io/yaml): a Kubernetes object is judged with
// exactly the value the cluster would get. Other documents (Compose files) are read with the
// `yaml` package, as before: YAML 1.1 booleans without `y`/`n`, merge keys where the map's own
// keys win, duplicate keys refused. Positions of a Kubernetes document are found again from its
// text when a finding asks, so no document's syntax tree outlives its reading.
import type { Alias, Document, LineCounter, Node, Scalar, ScalarTag } from "yaml";
import type * as YamlModule from "yaml";
import { PropertyPath } from "../policy-pack/workloads";
import { isComposeFile } from "./composeDetect";
import { dealias, documentToJson, entryOf, GoYamlError, parseFirstDocument, YamlNode } from "./goyaml";
import { jsonStringEnd } from "./jsonText";
import { isKubernetesObject } from "./kubernetes";

// The `yaml` package is loaded when a document needs it (Compose and other non-Kubernetes YAML):
// a run over Kubernetes manifests alone never pays for loading it.
let yamlModule: typeof YamlModule | undefined;
function yaml(): typeof YamlModule {
    return (yamlModule ??= require("yaml") as typeof YamlModule);
}

/** A 1-based position range in a file. */
export interface SourceRange {
    readonly line: number;
    readonly column: number;
    readonly endLine: number;
    readonly endColumn: number;
}

/** A problem that makes a file unusable, with its position when the parser gave one. */
export interface YamlProblem {
    readonly message: string;
    readonly line?: number;
    readonly column?: number;
}

/** One document of a stream, its plain value, and how to find positions in it. */
export interface SourceDocument {
    /** 0-based, counting every document of the stream, empty ones included (as PyYAML does). */
    readonly index: number;
    /** The document's value with aliases and merge keys resolved; null for an empty document. */
    readonly value: unknown;
    /** The source range of the node at `path`, or of its nearest ancestor present in the file. */
    readonly rangeOf: (path: PropertyPath) => SourceRange;
}

/** A parsed stream: its documents, or the problems that made it unusable. */
export type ParsedStream =
    | { readonly ok: true; readonly documents: readonly SourceDocument[] }
    | { readonly ok: false; readonly problems: readonly YamlProblem[] };

const boolTag = "tag:yaml.org,2002:bool";

// YAML 1.1 as PyYAML and go-yaml resolve it: `yes`/`on`/`true` and `no`/`off`/`false` are
// booleans, but a bare `y` or `n` stays a string (the `yaml` package would make it a boolean,
// turning a key `n:` into `false:`).
function withPyYamlBooleans(tags: Array<ScalarTag | unknown>): Array<ScalarTag | unknown> {
    return tags.map((tag) => {
        const t = tag as ScalarTag;
        if (t?.tag !== boolTag || !(t.test instanceof RegExp)) {
            return tag;
        }
        const isTrue = t.identify?.(true) === true;
        return {
            ...t,
            test: isTrue ? /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/ : /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
        };
    });
}

/** Aliases above this count in one document are refused (the "billion laughs" expansion); getsentry/self-hosted, 57 services built from anchors, needs about 3,000. */
export const maxAliasCount = 10000;

/** At most this many parser problems are reported per input; one broken bracket can cause hundreds. */
export const maxProblemsPerInput = 5;

// The parser's message without its code excerpt and without the position we report anyway.
function firstLine(message: string): string {
    return message
        .split("\n")[0]
        .replace(/ at line \d+, column \d+:?$/, "")
        .trim();
}

/** Flow collections nested deeper than this are refused before parsing. */
export const maxFlowDepth = 500;

/**
 * Where flow collections (`[`, `{`) nest deeper than `maxFlowDepth`, or undefined. The parser
 * recurses on them, and near the end of the stack V8 can abort the whole process instead of
 * throwing, so such input must never reach it. Quotes and comments are skipped; a bracket inside
 * a plain scalar counts too, which only errs on the side of refusing absurd input.
 */
export function excessiveNesting(text: string): { line: number; column: number } | undefined {
    // Fewer opening brackets in the whole text than the limit: nothing can nest deeper.
    let opening = 0;
    for (const bracket of ["[", "{"]) {
        for (let i = text.indexOf(bracket); i >= 0 && opening <= maxFlowDepth; i = text.indexOf(bracket, i + 1)) {
            opening++;
        }
    }
    if (opening <= maxFlowDepth) {
        return undefined;
    }
    // From one character that matters to the next: comments, quotes and brackets.
    const special = /[#"'[\]{}]/g;
    let depth = 0;
    for (let m = special.exec(text); m !== null; m = special.exec(text)) {
        const i = m.index;
        const c = text.charCodeAt(i);
        if (c === 0x23 /* # */) {
            if (i === 0 || /\s/.test(text[i - 1])) {
                const end = text.indexOf("\n", i);
                special.lastIndex = end < 0 ? text.length : end;
            }
        } else if (c === 0x22 /* " */) {
            // Skip a quoted scalar; an escaped quote does not end it.
            let j = i + 1;
            for (; j < text.length && text.charCodeAt(j) !== 0x22; j++) {
                if (text.charCodeAt(j) === 0x5c) {
                    j++;
                }
            }
            special.lastIndex = j + 1;
        } else if (c === 0x27 /* ' */) {
            // A doubled quote inside is two quotes that end and reopen the scalar: the same skip.
            const end = text.indexOf("'", i + 1);
            special.lastIndex = end < 0 ? text.length : end + 1;
        } else if (c === 0x5b || c === 0x7b) {
            if (++depth > maxFlowDepth) {
                const lineStart = text.lastIndexOf("\n", i) + 1;
                let line = 1;
                for (let n = text.indexOf("\n"); n >= 0 && n < i; n = text.indexOf("\n", n + 1)) {
                    line++;
                }
                return { line, column: i - lineStart + 1 };
            }
        } else if (depth > 0) {
            depth--;
        }
    }
    return undefined;
}

/** Where a document of a stream lies, as kubectl's reader cuts it. */
interface Slot {
    /** Offset of the document's first line (after its `---` line) and past its last line. */
    readonly start: number;
    readonly end: number;
    /** 0-based line of `start`. */
    readonly line: number;
    /** Whether a `---` line opened it (a stream's first document may have none). */
    readonly explicit: boolean;
    /** A value of a JSON stream, as encoding/json decodes it (JSON.parse's reading is the same): kubectl reads no YAML here. */
    readonly json?: { readonly value: unknown };
}

/**
 * Cuts a stream into documents exactly as kubectl and helm do before parsing (k8s.io/apimachinery
 * `yaml.NewYAMLReader`): line by line, a line that starts with `---` ends the document, and must
 * hold nothing else but spaces or a comment (`--- !!map` or `---x` make kubectl refuse the stream).
 * Unlike YAML itself, this happens before any parsing: a `---` line inside a quoted or block scalar
 * cuts too, so the pieces are what kubectl parses.
 */
export function kubectlDocuments(text: string): { slots: Slot[] } | { problem: YamlProblem } {
    return looksLikeJsonStream(text) ? jsonStreamDocuments(text) : yamlDocuments(text, 0, 0);
}

// Go's unicode.IsSpace.
const goSpaces = "[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const goSpace = new RegExp(goSpaces);
const goSpaceAtEnds = new RegExp(`^${goSpaces}+|${goSpaces}+$`, "g");

/**
 * apimachinery's GuessJSONStream: a stream is read as JSON when its first 4,096 bytes, past white
 * space, start with `{`.
 */
function looksLikeJsonStream(text: string): boolean {
    let bytes = 0;
    for (let i = 0; i < text.length && bytes < 4096; i++) {
        const c = text[i];
        if (c === "{") {
            return true;
        }
        if (!goSpace.test(c)) {
            return false;
        }
        bytes += Buffer.byteLength(c);
    }
    return false;
}

/**
 * The end of the JSON value that starts at `start` (past its last character), by its brackets
 * and strings, or undefined when the text ends first; whether it is valid JSON is JSON.parse's to
 * say. A value that is no object, array or string ends where white space, a comma or a bracket does.
 */
function jsonValueEnd(text: string, start: number): number | undefined {
    const first = text.charCodeAt(start);
    if (first !== 0x7b && first !== 0x5b && first !== 0x22) {
        let i = start;
        while (i < text.length && !/[ \t\r\n,{}[\]"]/.test(text[i])) {
            i++;
        }
        return i;
    }
    let depth = 0;
    for (let i = start; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x22 /* " */) {
            i = jsonStringEnd(text, i);
            if (i < 0) {
                return undefined;
            }
        } else if (c === 0x7b || c === 0x5b) {
            depth++;
        } else if (c === 0x7d || c === 0x5d) {
            depth--;
        }
        if (depth <= 0) {
            return depth === 0 ? i + 1 : undefined;
        }
    }
    return undefined;
}

/**
 * A stream kubectl reads as JSON (apimachinery's YAMLOrJSONDecoder): one JSON value after another,
 * as encoding/json's Decoder reads them. When a value is not valid JSON after at most one that
 * was, the rest of the stream, from the end of that one and past white space up to its first line
 * break, is read as YAML; after two or more, kubectl stops with an error.
 */
function jsonStreamDocuments(text: string): { slots: Slot[] } | { problem: YamlProblem } {
    const slots: Slot[] = [];
    let pos = 0;
    let line = 0;
    const advance = (to: number) => {
        for (let n = text.indexOf("\n", pos); n >= 0 && n < to; n = text.indexOf("\n", n + 1)) {
            line++;
        }
        pos = to;
    };
    for (;;) {
        let at = pos;
        while (at < text.length && /[ \t\r\n]/.test(text[at])) {
            at++;
        }
        if (at >= text.length) {
            return { slots };
        }
        const end = jsonValueEnd(text, at);
        let value: unknown;
        let valid = end !== undefined;
        if (valid) {
            try {
                value = JSON.parse(text.slice(at, end));
            } catch {
                valid = false;
            }
        }
        if (valid) {
            advance(at);
            slots.push({ start: at, end: end!, line, explicit: false, json: { value } });
            advance(end!);
            continue;
        }
        if (slots.length > 1) {
            advance(at);
            return {
                problem: {
                    message:
                        "kubectl cannot read this JSON stream: a value after the first two is not JSON (kubectl then applies nothing more)",
                    line: line + 1,
                    column: at - text.lastIndexOf("\n", at - 1),
                },
            };
        }
        // Back to the end of the last value (the start, if none), then YAML.
        let from = pos;
        while (from < text.length && goSpace.test(text[from]) && text[from] !== "\n") {
            from++;
        }
        if (text[from] === "\n") {
            from++;
        }
        advance(from);
        const rest = yamlDocuments(text, from, line);
        return "problem" in rest ? rest : { slots: [...slots, ...rest.slots] };
    }
}

/** The YAML documents of a stream from `from` (at 0-based line `fromLine`), cut as NewYAMLReader cuts them. */
function yamlDocuments(text: string, from: number, fromLine: number): { slots: Slot[] } | { problem: YamlProblem } {
    const slots: Slot[] = [];
    let start = from;
    let startLine = fromLine;
    let explicit = false;
    let line = fromLine;
    for (let at = from; at < text.length; line++) {
        const newline = text.indexOf("\n", at);
        const next = newline < 0 ? text.length : newline + 1;
        if (text.startsWith("---", at)) {
            // bufio's ReadLine drops the line's "\r\n" or "\n"; Go's TrimSpace is Unicode's.
            const rest = goTrimSpace(
                text.slice(at + 3, newline < 0 ? text.length : text[newline - 1] === "\r" && newline - 1 >= at + 3 ? newline - 1 : newline),
            );
            if (rest !== "" && rest[0] !== "#") {
                return {
                    problem: {
                        message: `invalid document separator: ${rest} (kubectl refuses a \`---\` line with anything but a comment after it)`,
                        line: line + 1,
                        column: 4,
                    },
                };
            }
            if (explicit || at > start) {
                slots.push({ start, end: at, line: startLine, explicit });
            }
            start = next;
            startLine = line + 1;
            explicit = true;
        }
        at = next;
    }
    if (explicit || text.length > start) {
        slots.push({ start, end: text.length, line: startLine, explicit });
    }
    return { slots };
}

// strings.TrimSpace: Go's white space is not JavaScript's (U+0085 is, U+FEFF is not).
function goTrimSpace(s: string): string {
    return s.replace(goSpaceAtEnds, "");
}

/**
 * Line starts of a text, for turning offsets into 1-based lines and columns: built when first
 * asked (for a problem; findings' positions are found within their document, see positionIn).
 */
class LineIndex {
    private starts?: number[];

    constructor(private readonly text: string) {}

    position(offset: number): { line: number; col: number } {
        const starts = (this.starts ??= lineStarts(this.text));
        let lo = 0;
        let hi = starts.length - 1;
        while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (starts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return { line: lo + 1, col: offset - starts[lo] + 1 };
    }
}

function lineStarts(text: string): number[] {
    const starts = [0];
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) {
        starts.push(i + 1);
    }
    return starts;
}

/**
 * The 1-based line and column of `offset` (at or after the start of `slot`), counted from the
 * slot's first line: what LineIndex.position gives, without an index of the whole text. Far
 * into a long document, the index answers (counting there for every finding would be quadratic).
 */
function positionIn(text: string, slot: Slot, offset: number, lines: LineIndex): { line: number; col: number } {
    if (offset - slot.start > 64 * 1024) {
        return lines.position(offset);
    }
    let line = slot.line + 1;
    for (let i = text.indexOf("\n", slot.start); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
        line++;
    }
    const lineStart = offset > 0 ? text.lastIndexOf("\n", offset - 1) + 1 : 0;
    return { line, col: offset - lineStart + 1 };
}

const yamlOptions = {
    // The package's own warnings ("Keys with collection values will be stringified", a Helm
    // template's `{{ … }}` key) would reach the user as Node process warnings on stderr; what the
    // document means is the port of go-yaml's to say, and its errors are reported as findings.
    logLevel: "error" as const,
    version: "1.1" as const,
    merge: true,
    prettyErrors: true,
    customTags: withPyYamlBooleans as (tags: unknown[]) => never[],
};

/**
 * Parses every document of a YAML stream; never throws.
 *
 * A document is first read as kubectl reads it (see goyaml.ts): when that reading is a
 * Kubernetes object (`apiVersion` and `kind` strings), that value is the document, whatever any
 * other reader would make of the text. Any other document (a Compose file, anything else) is read
 * with the `yaml` package as Compose files always were here: YAML 1.1 booleans without `y`/`n`,
 * merge keys where the map's own keys win, duplicate keys refused.
 */
export function parseYamlStream(text: string): ParsedStream {
    const deep = excessiveNesting(text);
    if (deep) {
        return { ok: false, problems: [{ message: `flow collections nested deeper than ${maxFlowDepth} levels: refused`, ...deep }] };
    }
    const cut = kubectlDocuments(text);
    if ("problem" in cut) {
        return { ok: false, problems: [cut.problem] };
    }
    const lines = new LineIndex(text);
    const problems: YamlProblem[] = [];
    const documents: SourceDocument[] = [];
    const trees = new TreeCache(text);
    // A small input keeps the trees it was read with, for findings' positions; a large one reads
    // a document again when a finding asks (see TreeCache), so that no tree outlives its reading.
    const keepTrees = text.length <= keepTreesUpTo;
    const strings = new Map<string, string>();
    const unreadable: GoYamlError[] = [];
    for (const slot of cut.slots) {
        let kubernetes: { value: unknown } | { error: GoYamlError };
        let tree: YamlNode | null = null;
        if (slot.json) {
            // A JSON value kubectl decoded as JSON: the tree (YAML reads JSON) only places findings.
            kubernetes = { value: slot.json.value };
            if (keepTrees) {
                try {
                    tree = parseFirstDocument(text, slot);
                } catch {
                    tree = null;
                }
            }
        } else {
            try {
                tree = parseFirstDocument(text, slot);
                if (tree === null && !slot.explicit) {
                    // Comments before a stream's first `---` are no document.
                    continue;
                }
                kubernetes = { value: documentToJson(tree, strings) };
            } catch (err) {
                kubernetes = { error: err instanceof GoYamlError ? err : new GoYamlError(String((err as Error)?.message ?? err)) };
            }
        }
        if ("error" in kubernetes && kubernetes.error.excessive) {
            const at = kubernetes.error.index !== undefined ? lines.position(kubernetes.error.index) : undefined;
            problems.push({ message: kubernetes.error.message, line: at?.line, column: at?.col });
            continue;
        }
        if ("value" in kubernetes && (kubernetes.value === null || isKubernetesObject(kubernetes.value))) {
            const kept = keepTrees ? tree : undefined;
            documents.push({
                index: documents.length,
                value: kubernetes.value,
                rangeOf: kept !== undefined ? (path) => rangeIn(kept, slot, path, text, lines) : (path) => trees.rangeOf(slot, path, lines),
            });
            continue;
        }
        // Not a Kubernetes object for kubectl: read as Compose files are read.
        const lib = readWithYamlPackage(text, slot, lines);
        if ("problems" in lib) {
            problems.push(...lib.problems);
            continue;
        }
        for (const doc of lib.documents) {
            if (isComposeFile(doc.value)) {
                documents.push({ index: documents.length, value: doc.value, rangeOf: doc.rangeOf });
            } else if ("error" in kubernetes && isKubernetesObject(doc.value)) {
                // A manifest kubectl cannot read: its objects are not deployed, and nothing can be judged.
                const at = kubernetes.error.index !== undefined ? lines.position(kubernetes.error.index) : undefined;
                problems.push({
                    message: `kubectl cannot read this document: ${kubernetes.error.message}`,
                    line: at?.line,
                    column: at?.col,
                });
            } else {
                // Neither: the value as read here, unless only this reading makes a Kubernetes
                // object of it (`kind: y` is `true` for kubectl, no kind).
                const value = isKubernetesObject(doc.value) && "value" in kubernetes ? kubernetes.value : doc.value;
                documents.push({ index: documents.length, value, rangeOf: doc.rangeOf });
                if ("error" in kubernetes) {
                    unreadable.push(kubernetes.error);
                }
            }
        }
    }
    // kubectl stops at a document it cannot read, and applies nothing after it: in a stream of
    // manifests that is an error, even if that document is no manifest.
    if (unreadable.length > 0 && documents.some((d) => isKubernetesObject(d.value))) {
        for (const error of unreadable) {
            const at = error.index !== undefined ? lines.position(error.index) : undefined;
            problems.push({ message: `kubectl cannot read this document: ${error.message}`, line: at?.line, column: at?.col });
        }
    }
    if (problems.length > maxProblemsPerInput) {
        const more = problems.length - maxProblemsPerInput;
        problems.splice(maxProblemsPerInput, more, { message: `…and ${more} more YAML error${more === 1 ? "" : "s"}` });
    }
    if (problems.length > 0) {
        return { ok: false, problems };
    }
    return { ok: true, documents };
}

type LibReading = { documents: Array<{ value: unknown; rangeOf: (path: PropertyPath) => SourceRange }> } | { problems: YamlProblem[] };

// A document the `yaml` package reads, on its own text, positions shifted to the stream's.
function readWithYamlPackage(text: string, slot: Slot, lines: LineIndex): LibReading {
    const source = text.slice(slot.start, slot.end);
    const lineCounter = new (yaml().LineCounter)();
    let parsed: Document.Parsed[];
    try {
        parsed = yaml().parseAllDocuments(source, { ...yamlOptions, lineCounter }) as Document.Parsed[];
    } catch (err) {
        return { problems: [{ message: `cannot parse YAML: ${String((err as Error)?.message ?? err)}` }] };
    }
    // parseAllDocuments returns an EmptyStream (an array with `empty`) for a stream without documents.
    if (!Array.isArray(parsed)) {
        parsed = [];
    }
    const problems: YamlProblem[] = [];
    for (const doc of parsed) {
        for (const e of doc.errors) {
            const at = lines.position(slot.start + e.pos[0]);
            problems.push({ message: firstLine(e.message), line: at.line, column: at.col });
        }
    }
    if (problems.length > 0) {
        return { problems };
    }
    if (parsed.length === 0) {
        return { documents: [{ value: null, rangeOf: () => ({ line: slot.line + 1, column: 1, endLine: slot.line + 1, endColumn: 1 }) }] };
    }
    const documents: Array<{ value: unknown; rangeOf: (path: PropertyPath) => SourceRange }> = [];
    for (const [index, doc] of parsed.entries()) {
        let value: unknown;
        try {
            value = doc.toJS({ maxAliasCount });
        } catch (err) {
            const message = String((err as Error)?.message ?? err);
            return { problems: [{ message: `document ${index + 1}: ${firstLine(message)}`, line: slot.line + 1 }] };
        }
        documents.push({
            value: value ?? null,
            rangeOf: (path) => {
                const r = rangeAt(doc, lineCounter, path);
                return { line: r.line + slot.line, column: r.column, endLine: r.endLine + slot.line, endColumn: r.endColumn };
            },
        });
    }
    return { documents };
}

// The positions of a Kubernetes document are found again when a finding needs them, from its text:
// keeping every document's node tree would cost several times the input. Findings come document
// by document, so one tree is kept.
class TreeCache {
    private slot?: Slot;
    private tree: YamlNode | null = null;

    constructor(private readonly text: string) {}

    rangeOf(slot: Slot, path: PropertyPath, lines: LineIndex): SourceRange {
        if (this.slot !== slot) {
            this.slot = slot;
            try {
                this.tree = parseFirstDocument(this.text, slot);
            } catch {
                this.tree = null;
            }
        }
        return rangeIn(this.tree, slot, path, this.text, lines);
    }
}

/** Inputs up to this many characters keep their documents' trees (a tree takes some 20 times its text). */
const keepTreesUpTo = 256 * 1024;

/** The range of the node at `path` in a document's tree, or of its nearest ancestor there. */
function rangeIn(tree: YamlNode | null, slot: Slot, path: PropertyPath, text: string, lines: LineIndex): SourceRange {
    const root = tree?.children[0];
    if (!root) {
        return { line: slot.line + 1, column: 1, endLine: slot.line + 1, endColumn: 1 };
    }
    let anchor: YamlNode = root;
    let node: YamlNode = root;
    for (const key of path) {
        const current = dealias(node);
        if (current.kind === "sequence" && typeof key === "number") {
            const item = current.children[key];
            if (!item) {
                break;
            }
            anchor = item;
            node = item;
        } else if (current.kind === "mapping") {
            const entry = entryOf(current, String(key));
            if (!entry) {
                break;
            }
            anchor = entry.key.end > entry.key.start ? entry.key : entry.value;
            node = entry.value;
        } else {
            break;
        }
    }
    const s = positionIn(text, slot, anchor.start, lines);
    const e = positionIn(text, slot, Math.max(anchor.start, node.end), lines);
    return { line: s.line, column: s.col, endLine: e.line, endColumn: e.col };
}

function rangeOfOffsets(lineCounter: LineCounter, start: number, end: number): SourceRange {
    const s = lineCounter.linePos(start);
    const e = lineCounter.linePos(Math.max(start, end));
    return { line: s.line, column: s.col, endLine: e.line, endColumn: e.col };
}

function resolve(doc: Document, node: unknown): unknown {
    let current = node;
    for (let depth = 0; depth < 64 && yaml().isAlias(current); depth++) {
        current = (current as Alias).resolve(doc);
    }
    return current;
}

function keyMatches(key: unknown, wanted: string | number): boolean {
    const k = yaml().isScalar(key) ? (key as Scalar).value : key;
    return k !== null && typeof k !== "symbol" && typeof k !== "object" && String(k) === String(wanted);
}

function isMergeKey(key: unknown): boolean {
    return yaml().isScalar(key) && (typeof key.value === "symbol" || key.value === "<<");
}

interface Step {
    /** The node reached (the value). */
    readonly node: Node;
    /** Where to point: the key of a map entry, the item of a sequence. */
    readonly anchor: Node;
}

// One step down the tree. A map's own keys win over merged ones, and among merged maps the
// first listed wins, as YAML's merge-key rule says.
function childOf(doc: Document, parent: unknown, key: string | number, depth = 0): Step | undefined {
    const node = resolve(doc, parent);
    if (yaml().isSeq(node) && typeof key === "number") {
        const item = node.items[key];
        return isNodeLike(item) ? { node: item, anchor: item } : undefined;
    }
    if (!yaml().isMap(node) || depth > 16) {
        return undefined;
    }
    for (let i = node.items.length - 1; i >= 0; i--) {
        const pair = node.items[i];
        if (!isMergeKey(pair.key) && keyMatches(pair.key, key)) {
            const value = isNodeLike(pair.value) ? pair.value : undefined;
            const anchor = isNodeLike(pair.key) ? pair.key : value;
            return anchor ? { node: value ?? anchor, anchor } : undefined;
        }
    }
    for (const pair of node.items) {
        if (!isMergeKey(pair.key)) {
            continue;
        }
        const source = resolve(doc, pair.value);
        const sources = yaml().isSeq(source) ? source.items : [source];
        for (const s of sources) {
            const found = childOf(doc, s, key, depth + 1);
            if (found) {
                return found;
            }
        }
    }
    return undefined;
}

function isNodeLike(value: unknown): value is Node {
    return value !== null && typeof value === "object" && "range" in (value as object);
}

function rangeAt(doc: Document, lineCounter: LineCounter, path: PropertyPath): SourceRange {
    let anchor: Node | undefined = isNodeLike(doc.contents) ? doc.contents : undefined;
    let current: unknown = doc.contents;
    let valueEnd: number | undefined = anchor?.range?.[1];
    for (const key of path) {
        const step = childOf(doc, current, key);
        if (!step) {
            break;
        }
        current = step.node;
        anchor = step.anchor;
        valueEnd = step.node.range?.[1];
    }
    const range = anchor?.range;
    if (!range) {
        return { line: 1, column: 1, endLine: 1, endColumn: 1 };
    }
    return rangeOfOffsets(lineCounter, range[0], valueEnd ?? range[1]);
}
