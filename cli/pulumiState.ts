// Pulumi's own records of a stack, read as the engine reads them: `pulumi stack export` (and the
// checkpoint file a local backend keeps), and `pulumi preview --json`. Each resource comes out as
// the two things the pack is sent during `pulumi up` (pulumi/pkg/resource/deploy/step_generator.go,
// v3.274.1):
// - `Analyze` (per-resource policies) gets the resource's inputs, after the provider's Check, which
//   are the `inputs` the state records. The engine calls it for every resource the program
//   registers (components and providers too: the pack finds no container in those), never for a
//   resource read with `get` (`external`), nor for one pending deletion.
// - `AnalyzeStack` (stack policies) gets every resource of the stack with its outputs.
// Both go through the engine's property filter (pkg/resource/plugin/property_filter.go): keys
// starting with `__` are dropped at every depth, secrets kept (the SDK unwraps them), unknowns
// kept, and a resource reference becomes its ID (or URN when it has none).
//
// Values are decoded as pkg/resource/stack/deployment.go decodes them: the computed placeholder
// string is an unknown, a secret with `plaintext` (`--show-secrets`) is its value, and a secret
// with `ciphertext` is unknown here, since the checker holds no key: it is never a pass. In a
// preview, the CLI writes every secret as the text `[secret]` (backend/display/json.go), so that
// text is unknown too.
import { unknownValue } from "../policy-pack/workloads";
import { mayBePulumiDocument } from "./pulumiDetect";
import { foldedFieldKeys, goField, mergedKeysWrittenTwice, prototypeHasEnumerableKeys } from "./pulumiKeys";

/** The keys and signatures of Pulumi's serialised values (sdk/go/common/resource/sig). */
export const pulumiSignatures = {
    key: "4dabf18193072939515e22adb298388d",
    secret: "1b47061264138c4ac30d75fd1eb44270",
    resourceReference: "5cf8f73096256a8f31e491e813e4eb8e",
    outputValue: "d0e6a833031e9bbcd3f4e8bde6ca49a4",
    byteString: "803fd3297a5875dc03ca845dda5d2a98",
    asset: "c44067f5952c0a294b673a41bacd8c17",
    archive: "0def7320c3a5731c473e5ecbe6d01bc7",
    /** pkg/resource/stack/deployment.go's `floatSignature`. */
    float: "8ad145fe-0d11-4827-bfd7-1abcbf086f5c",
} as const;

/** What a computed (unknown) value is written as in a deployment (`computedValuePlaceholder`). */
export const computedPlaceholder = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** What `pulumi preview --json` writes for every secret value (backend/display/json.go). */
export const previewSecretText = "[secret]";

/** Which record of Pulumi's a document is. */
export type PulumiDocumentKind = "stack export" | "checkpoint" | "preview";

/** How many values of a resource could not be read: each is judged as unknown. */
export interface UnknownCounts {
    /** Secrets without plaintext (`ciphertext`, or `[secret]` in a preview). */
    secrets: number;
    /** Values Pulumi itself records as unknown (computed). */
    computed: number;
}

/** One resource of a stack as the engine hands it to the pack. */
export interface PulumiResource {
    readonly urn: string;
    readonly type: string;
    /** The name the engine sends: the URN's name part. */
    readonly name: string;
    readonly custom: boolean;
    /** Analyze's props (the inputs), or undefined when the engine does not call Analyze for it. */
    readonly inputs?: Record<string, unknown>;
    /** AnalyzeStack's props (the outputs). */
    readonly outputs: Record<string, unknown>;
    readonly unknownInputs: UnknownCounts;
    readonly unknownOutputs: UnknownCounts;
    /** 1-based position of the resource's `urn` in the file (1:1 when it cannot be found). */
    readonly line: number;
    readonly column: number;
}

/** A problem with the document itself (it is not a state the engine would load). */
export interface PulumiProblem {
    readonly message: string;
    readonly line?: number;
    readonly column?: number;
}

/** A stack read from one document. */
export interface PulumiStack {
    readonly kind: PulumiDocumentKind;
    /** Project and stack from the URNs (`project/stack`); undefined for a stack with no resource. */
    readonly project?: string;
    readonly stack?: string;
    readonly resources: readonly PulumiResource[];
    readonly problems: readonly PulumiProblem[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function asObject(value: unknown): Record<string, unknown> | undefined {
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Which record of Pulumi's a parsed JSON document is, by its content; undefined for anything else. */
export function pulumiDocumentKind(value: unknown): PulumiDocumentKind | undefined {
    const doc = asObject(value);
    if (!doc) {
        return undefined;
    }
    // Read as Pulumi reads these keys (./pulumiKeys.ts): `Deployment` is `deployment` to it, and
    // the reader then refuses the file.
    const deployment = asObject(goField(doc, "deployment"));
    if ((deployment && Array.isArray(goField(deployment, "resources"))) || (deployment && typeof goField(doc, "version") === "number")) {
        return "stack export";
    }
    const checkpoint = asObject(goField(doc, "checkpoint"));
    if (checkpoint && (asObject(goField(checkpoint, "latest")) || typeof goField(checkpoint, "stack") === "string")) {
        return "checkpoint";
    }
    const steps = doc.steps;
    if (Array.isArray(steps) && steps.every((s) => typeof asObject(s)?.op === "string" && typeof asObject(s)?.urn === "string")) {
        return steps.length > 0 || asObject(doc.changeSummary) !== undefined ? "preview" : undefined;
    }
    // A preview with no step at all still says what it would change.
    return asObject(doc.changeSummary) !== undefined && (doc.steps === undefined || Array.isArray(doc.steps)) && "duration" in doc
        ? "preview"
        : undefined;
}

/** The URN's parts the engine reads (`URN.Stack()`, `.Project()`, `.Name()`): undefined for a malformed URN. */
export function urnParts(urn: string): { stack: string; project: string; qualifiedType: string; name: string } | undefined {
    if (!urn.startsWith("urn:pulumi:")) {
        return undefined;
    }
    const rest = urn.slice("urn:pulumi:".length);
    const parts: string[] = [];
    let from = 0;
    for (let i = 0; i < 3; i++) {
        const at = rest.indexOf("::", from);
        if (at < 0) {
            return undefined;
        }
        parts.push(rest.slice(from, at));
        from = at + 2;
    }
    return { stack: parts[0], project: parts[1], qualifiedType: parts[2], name: rest.slice(from) };
}

interface Decoding {
    readonly preview: boolean;
    readonly counts: UnknownCounts;
    readonly problems: string[];
    /** Object.prototype has an enumerable key (something in the process added one): for…in must skip inherited keys. */
    readonly inherited: boolean;
}

const hasOwn = Object.prototype.hasOwnProperty;

function decodeSecret(obj: Record<string, unknown>, d: Decoding): unknown {
    const plaintext = obj.plaintext;
    if (typeof plaintext === "string" && typeof obj.ciphertext === "string") {
        d.problems.push("a secret has both ciphertext and plaintext (Pulumi writes exactly one)");
    } else if (typeof plaintext === "string") {
        let parsed: unknown;
        try {
            parsed = JSON.parse(plaintext);
        } catch {
            d.problems.push("a secret's plaintext is not JSON");
            d.counts.secrets++;
            return unknownValue;
        }
        return decodeValue(parsed, d);
    }
    if (typeof obj.ciphertext !== "string" && typeof plaintext !== "string") {
        d.problems.push("a secret has neither ciphertext nor plaintext");
    }
    d.counts.secrets++;
    return unknownValue;
}

function decodeSigned(obj: Record<string, unknown>, sig: unknown, d: Decoding): unknown {
    switch (sig) {
        case pulumiSignatures.secret:
            return decodeSecret(obj, d);
        case pulumiSignatures.resourceReference: {
            // Filtered without KeepResources: the reference becomes its ID, or its URN without one.
            const id = obj.id;
            if (typeof id === "string") {
                if (id === "" || id === computedPlaceholder) {
                    d.counts.computed++;
                    return unknownValue;
                }
                return id;
            }
            const inner = asObject(id)?.V;
            if (typeof inner === "string") {
                return inner;
            }
            if (asObject(inner)) {
                d.counts.computed++;
                return unknownValue;
            }
            return typeof obj.urn === "string" ? obj.urn : unknownValue;
        }
        case pulumiSignatures.outputValue: {
            const secret = obj.secret === true;
            if (!("value" in obj)) {
                if (secret) {
                    d.counts.secrets++;
                } else {
                    d.counts.computed++;
                }
                return unknownValue;
            }
            return decodeValue(obj.value, d);
        }
        case pulumiSignatures.byteString:
            return typeof obj.value === "string" ? Buffer.from(obj.value, "base64").toString("latin1") : unknownValue;
        case pulumiSignatures.float: {
            if (typeof obj.value !== "string" || !/^[0-9a-f]{1,16}$/i.test(obj.value)) {
                d.problems.push("a float value is malformed");
                return unknownValue;
            }
            const view = new DataView(new ArrayBuffer(8));
            view.setBigUint64(0, BigInt(`0x${obj.value}`));
            return view.getFloat64(0);
        }
        default:
            // Assets and archives are passed on as the objects they are; no policy reads them.
            return undefined;
    }
}

/**
 * A serialised property value as the pack receives it (see the module comment). Decodes in place:
 * the value is a freshly parsed JSON tree that nothing else holds, and a 10,000-resource export
 * is hundreds of megabytes, so copying it would cost more than reading it.
 */
function decodeValue(value: unknown, d: Decoding): unknown {
    if (typeof value === "string") {
        if (value === computedPlaceholder) {
            d.counts.computed++;
            return unknownValue;
        }
        if (d.preview && value === previewSecretText) {
            d.counts.secrets++;
            return unknownValue;
        }
        return value;
    }
    if (value === null || typeof value !== "object") {
        return value;
    }
    if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
            const v: unknown = value[i];
            const decoded = decodeValue(v, d);
            if (decoded !== v) {
                value[i] = decoded;
            }
        }
        return value;
    }
    const obj = value as Record<string, unknown>;
    const sig = obj[pulumiSignatures.key];
    if (sig !== undefined) {
        const decoded = decodeSigned(obj, sig, d);
        if (decoded !== undefined || sig === pulumiSignatures.secret) {
            return decoded;
        }
        if (sig !== pulumiSignatures.asset && sig !== pulumiSignatures.archive) {
            d.problems.push(`a value has a signature Pulumi does not define (${JSON.stringify(sig)})`);
            d.counts.computed++;
            return unknownValue;
        }
    }
    return decodeProperties(obj, d);
}

// The engine's filter drops internal keys (`__inputs`, `__fieldManager`, …) at every depth.
const isInternalKey = (key: string) => key.charCodeAt(0) === 95 && key.charCodeAt(1) === 95;

function decodeProperties(obj: Record<string, unknown>, d: Decoding): Record<string, unknown> {
    // `for…in` rather than Object.keys: no array of keys per object (a large export has millions
    // of objects). It visits the own keys in Object.keys's order, then inherited enumerable ones,
    // which a plain object has only if something added one to Object.prototype: then those are
    // skipped.
    let internal = false;
    for (const key in obj) {
        if (d.inherited && !hasOwn.call(obj, key)) {
            continue;
        }
        if (isInternalKey(key)) {
            internal = true;
            continue;
        }
        const v = obj[key];
        if (typeof v === "string" || (v !== null && typeof v === "object")) {
            const decoded = decodeValue(v, d);
            if (decoded !== v) {
                obj[key] = decoded;
            }
        }
    }
    if (!internal) {
        return obj;
    }
    // Copied rather than deleted from, so that the object keeps its fast shape.
    const out: Record<string, unknown> = {};
    for (const key in obj) {
        if (!isInternalKey(key) && (!d.inherited || hasOwn.call(obj, key))) {
            out[key] = obj[key];
        }
    }
    return out;
}

/** Decodes a resource's `inputs` or `outputs` map as the engine hands it to the pack (in place: see decodeValue). */
export function decodePulumiProperties(
    value: unknown,
    preview: boolean,
): { props: Record<string, unknown>; counts: UnknownCounts; problems: string[] } {
    const d: Decoding = { preview, counts: { secrets: 0, computed: 0 }, problems: [], inherited: prototypeHasEnumerableKeys() };
    const obj = asObject(value);
    return { props: obj ? decodeProperties(obj, d) : {}, counts: d.counts, problems: d.problems };
}

/**
 * Turns offsets into 1-based lines and columns, counting newlines from the last offset asked
 * about: resources are met in file order, so a whole export is scanned once, and no table of
 * line starts (millions of entries for a large export) is built.
 */
function lineCounter(text: string): (offset: number) => { line: number; column: number } {
    let at = 0;
    let line = 1;
    let lineStart = 0;
    return (offset) => {
        if (offset < at) {
            at = 0;
            line = 1;
            lineStart = 0;
        }
        for (let nl = text.indexOf("\n", at); nl >= 0 && nl < offset; nl = text.indexOf("\n", nl + 1)) {
            line++;
            lineStart = nl + 1;
        }
        at = offset;
        return { line, column: offset - lineStart + 1 };
    };
}

// The fields of Pulumi's structs (apitype) that the checker reads, by their exact names.
const goDocumentFields = ["version", "deployment", "checkpoint"];
const goDeploymentFields = ["resources"];
const goCheckpointFields = ["stack", "latest"];
const goResourceFields = ["urn", "type", "custom", "delete", "external", "inputs", "outputs"];

/** A problem for each key of `obj` that Pulumi reads as one of `fields` but that is not its exact name. */
function refuseGoOnlyKeys(
    obj: Record<string, unknown> | undefined,
    where: string,
    fields: readonly string[],
    problems: PulumiProblem[],
): void {
    if (!obj) {
        return;
    }
    for (const { key, field } of foldedFieldKeys(obj, fields)) {
        problems.push({
            message:
                `${where} has the key ${JSON.stringify(key)}: Pulumi reads it as "${field}" (Go's decoder matches keys regardless of case), ` +
                "and never writes it. This file was edited: export the stack again and check that",
        });
    }
}

/** A raw resource record and the op that produced it (for a preview). */
interface RawResource {
    readonly record: Record<string, unknown>;
    /** Outputs to use when the record has none (a same step's old state). */
    readonly fallbackOutputs?: unknown;
    readonly where: string;
}

// Ops whose new state is not part of the stack after the operation.
const goneOps = new Set(["delete", "delete-replaced", "discard", "discard-replaced", "remove-pending-replace", "read-discard"]);

function previewResources(doc: Record<string, unknown>, problems: PulumiProblem[]): RawResource[] {
    const steps = Array.isArray(doc.steps) ? doc.steps : [];
    // With --show-replacement-steps a replaced resource has several steps (create-replacement,
    // replace, delete-replaced): its state after the preview is the last new state shown.
    const out = new Map<unknown, RawResource>();
    let sames = 0;
    steps.forEach((s, i) => {
        const step = asObject(s)!;
        const op = step.op as string;
        if (op === "same") {
            sames++;
        }
        if (goneOps.has(op)) {
            return;
        }
        const record = asObject(step.newState);
        if (!record) {
            problems.push({ message: `steps[${i}] (${op} ${String(step.urn)}) has no newState: it cannot be judged` });
            return;
        }
        // The engine's AnalyzeStack sees the resource's outputs after the step: a same step keeps
        // its old outputs; a step not yet run has none in the preview, and the provider's preview
        // of a create echoes its inputs, so those stand in.
        const old = asObject(step.oldState);
        out.set(step.urn, { record, fallbackOutputs: op === "same" ? old?.outputs : undefined, where: `steps[${i}].newState` });
    });
    const summary = asObject(doc.changeSummary);
    const sameCount = typeof summary?.same === "number" ? summary.same : 0;
    if (sameCount > sames) {
        problems.push({
            message:
                `this preview leaves out ${sameCount - sames} unchanged resource${sameCount - sames === 1 ? "" : "s"} (changeSummary.same is ${sameCount}), ` +
                "so the stack cannot be judged as a whole: run pulumi preview --json --show-sames",
        });
    }
    return [...out.values()];
}

function deploymentResources(resources: unknown, where: string, problems: PulumiProblem[]): RawResource[] {
    if (!Array.isArray(resources)) {
        problems.push({ message: `${where} is not a list of resources: this is not a deployment pulumi stack export writes` });
        return [];
    }
    const out: RawResource[] = [];
    resources.forEach((r, i) => {
        const record = asObject(r);
        if (!record) {
            problems.push({ message: `${where}[${i}] is not a resource object` });
            return;
        }
        out.push({ record, where: `${where}[${i}]` });
    });
    return out;
}

/**
 * Reads a Pulumi document: a parsed JSON value and its text (for positions). Undefined when the
 * value is not one of Pulumi's records; otherwise the stack, with problems for what the engine
 * would not load.
 */
export function readPulumiDocument(value: unknown, text: string): PulumiStack | undefined {
    const kind = pulumiDocumentKind(value);
    if (!kind) {
        return undefined;
    }
    const doc = value as Record<string, unknown>;
    const problems: PulumiProblem[] = [];
    let raw: RawResource[];
    if (kind === "preview") {
        raw = previewResources(doc, problems);
    } else {
        // Decoded by Pulumi with Go's encoding/json: keys it reads otherwise than JSON.parse make
        // the file one Pulumi never wrote, refused (./pulumiKeys.ts).
        refuseGoOnlyKeys(doc, "the document", goDocumentFields, problems);
        let list: unknown;
        let where: string;
        let latestHeld = 0;
        if (kind === "stack export") {
            const deployment = asObject(doc.deployment);
            refuseGoOnlyKeys(deployment, "deployment", goDeploymentFields, problems);
            list = deployment?.resources;
            where = "deployment.resources";
        } else {
            const checkpoint = asObject(doc.checkpoint);
            refuseGoOnlyKeys(checkpoint, "checkpoint", goCheckpointFields, problems);
            const latest = asObject(checkpoint?.latest);
            latestHeld = latest ? 1 : 0;
            refuseGoOnlyKeys(latest, "checkpoint.latest", goDeploymentFields, problems);
            list = latest?.resources;
            where = "checkpoint.latest.resources";
        }
        raw = list === undefined ? [] : deploymentResources(list, where, problems);
        raw.forEach((r) => refuseGoOnlyKeys(r.record, r.where, goResourceFields, problems));
        // The objects known to hold each merged field: more keys than these in the text may be one written twice.
        const held = {
            resources: Array.isArray(list) ? 1 : 0,
            latest: latestHeld,
            inputs: raw.filter((r) => asObject(r.record.inputs)).length,
            outputs: raw.filter((r) => asObject(r.record.outputs)).length,
        };
        for (const twice of mergedKeysWrittenTwice(text, value, held)) {
            problems.push({
                message:
                    `the key "${twice.key}" is written ${twice.written} times, but ${twice.held} object${twice.held === 1 ? " holds" : "s hold"} it: ` +
                    "an object has it twice, which Pulumi's decoder merges (JSON keeps only the last) and Pulumi never writes. " +
                    "This file was edited: export the stack again and check that",
            });
        }
    }
    const position = lineCounter(text);
    const preview = kind === "preview";
    const resources: PulumiResource[] = [];
    const seen = new Set<string>();
    let searchFrom = 0;
    let project: string | undefined;
    let stack: string | undefined;
    for (const r of raw) {
        const { record } = r;
        const urn = record.urn;
        const parts = typeof urn === "string" ? urnParts(urn) : undefined;
        if (typeof urn !== "string" || !parts) {
            problems.push({
                message: `${r.where}.urn is ${JSON.stringify(urn)}, not a Pulumi URN (urn:pulumi:<stack>::<project>::<type>::<name>)`,
            });
            continue;
        }
        if (record.delete === true) {
            // Pending deletion: gone after the next operation, never analysed.
            continue;
        }
        if (seen.has(urn)) {
            problems.push({ message: `${r.where}: ${urn} appears twice: the engine refuses a state with a duplicate URN` });
            continue;
        }
        seen.add(urn);
        if (project === undefined) {
            project = parts.project;
            stack = parts.stack;
        } else if (project !== parts.project || stack !== parts.stack) {
            problems.push({
                message: `${r.where}: ${urn} belongs to ${parts.project}/${parts.stack}, not ${project}/${stack}: one file holds one stack`,
            });
            continue;
        }
        const type = typeof record.type === "string" ? record.type : parts.qualifiedType.slice(parts.qualifiedType.lastIndexOf("$") + 1);
        const inputs = decodePulumiProperties(record.inputs, preview);
        const outputsSource = asObject(record.outputs) ?? r.fallbackOutputs ?? record.inputs;
        // Decoding works in place, so the inputs standing in for outputs are the decoded inputs.
        const outputs = outputsSource === record.inputs ? inputs : decodePulumiProperties(outputsSource, preview);
        if (inputs.problems.length + outputs.problems.length > 0) {
            for (const p of new Set([...inputs.problems, ...outputs.problems])) {
                problems.push({ message: `${urn}: ${p}` });
            }
        }
        const quoted = JSON.stringify(urn);
        let at = text.indexOf(quoted, searchFrom);
        if (at < 0) {
            at = text.indexOf(quoted);
        } else {
            searchFrom = at + quoted.length;
        }
        const { line, column } = at >= 0 ? position(at) : { line: 1, column: 1 };
        resources.push({
            urn,
            type,
            name: parts.name,
            custom: record.custom === true,
            // `get` reads a resource (external); the engine never calls Analyze for it.
            inputs: record.external === true ? undefined : inputs.props,
            outputs: outputs.props,
            unknownInputs: inputs.counts,
            unknownOutputs: outputs.counts,
            line,
            column,
        });
    }
    return { kind, project, stack, resources, problems };
}

/**
 * The JSON value of a text that may be one of Pulumi's records, and the text without its byte
 * order mark (for positions). Undefined when it is not a JSON object (the caller reads it as
 * manifests then): only text starting with `{` is parsed.
 */
export function parsePulumiText(text: string): { value: Json; body: string } | undefined {
    if (!mayBePulumiDocument(text)) {
        return undefined;
    }
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    try {
        return { value: JSON.parse(body) as Json, body };
    } catch {
        return undefined;
    }
}

/**
 * Reads a text that may be one of Pulumi's records. Undefined when it is not JSON or not such a
 * record (the caller reads it as manifests then).
 */
export function readPulumiText(text: string): PulumiStack | undefined {
    const parsed = parsePulumiText(text);
    return parsed ? readPulumiDocument(parsed.value, parsed.body) : undefined;
}
