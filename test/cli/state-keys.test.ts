// A Pulumi state read as Pulumi reads it (issue 18): `pulumi stack import` and the backends decode
// exports and checkpoints with Go's encoding/json into Pulumi's apitype structs, which match keys
// regardless of case and merge a map, a list or a pointer written twice, where JSON.parse keeps
// the last key. A file written that way (Pulumi never writes one) is refused, never judged on
// other props than Pulumi holds. Checked against the real decoder: test/differential/pulumi-state
// (Go, Pulumi's apitype v3.274.1); without `go` on PATH this suite fails, naming it.
import * as assert from "assert";
import fc from "fast-check";
import { decodePulumiProperties, PulumiStack, readPulumiText } from "../../cli/pulumiState";
import { foldedFieldKeys, goField, goFoldedKey, mergedKeysInText, mergedKeysInValue } from "../../cli/pulumiKeys";
import { checkPulumiInput } from "../../cli/stateCheck";
import { GoStateAnswer, readLikePulumi } from "../differential/pulumiState";

type Json = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Documents written key by key, so that a key can be written twice, folded or escaped.

class Obj {
    constructor(readonly entries: Array<[keyText: string, value: unknown]>) {}
}

const key = (k: string) => JSON.stringify(k);
/** `inputs` written `"\u0069nputs"`: the same key to both decoders. */
const escaped = (k: string) => `"\\u${k.charCodeAt(0).toString(16).padStart(4, "0")}${k.slice(1)}"`;

function write(v: unknown, indent = ""): string {
    const inner = indent + "    ";
    if (v instanceof Obj) {
        return `{\n${v.entries.map(([k, x]) => `${inner}${k}: ${write(x, inner)}`).join(",\n")}\n${indent}}`;
    }
    if (Array.isArray(v)) {
        return v.length === 0 ? "[]" : `[\n${v.map((x) => inner + write(x, inner)).join(",\n")}\n${indent}]`;
    }
    return JSON.stringify(v);
}

const digest = "@sha256:" + "0".repeat(64);
const urnOf = (name: string) => `urn:pulumi:dev::shop::kubernetes:apps/v1:Deployment::${name}`;

function props(name: string, readOnly: boolean | undefined): Json {
    const container: Json = { name: "app", image: `nginx${digest}` };
    if (readOnly !== undefined) {
        container.securityContext = { readOnlyRootFilesystem: readOnly };
    }
    return { apiVersion: "apps/v1", kind: "Deployment", metadata: { name }, spec: { template: { spec: { containers: [container] } } } };
}

interface Generated {
    readonly name: string;
    readonly readOnly: boolean | undefined;
    readonly external: boolean;
    readonly withOutputs: boolean;
}

function resourceObj(r: Generated): Obj {
    const inputs = props(r.name, r.readOnly);
    return new Obj([
        [key("urn"), urnOf(r.name)],
        [key("custom"), true],
        [key("type"), "kubernetes:apps/v1:Deployment"],
        [key("inputs"), inputs],
        ...(r.withOutputs ? ([[key("outputs"), { ...inputs, status: {} }]] as Array<[string, unknown]>) : []),
        ...(r.external ? ([[key("external"), true]] as Array<[string, unknown]>) : []),
    ]);
}

const manifest = { time: "2026-11-30T00:00:00Z", magic: "", version: "v3.274.1" };
const stackRoot = new Obj([
    [key("urn"), "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev"],
    [key("custom"), false],
    [key("type"), "pulumi:pulumi:Stack"],
]);

/** The document, and the object holding its resources (the deployment, or the checkpoint's latest). */
function documentOf(kind: "export" | "checkpoint", resources: Obj[]): { doc: Obj; holder: Obj; outer: Obj } {
    const holder = new Obj([
        [key("manifest"), manifest],
        [key("resources"), [stackRoot, ...resources]],
    ]);
    if (kind === "export") {
        const doc = new Obj([
            [key("version"), 3],
            [key("deployment"), holder],
        ]);
        return { doc, holder, outer: doc };
    }
    const checkpoint = new Obj([
        [key("stack"), "dev"],
        [key("latest"), holder],
    ]);
    return {
        doc: new Obj([
            [key("version"), 3],
            [key("checkpoint"), checkpoint],
        ]),
        holder,
        outer: checkpoint,
    };
}

// Ways a key can be written that Go reads as the field, JSON.parse as another key.
function foldedVariants(name: string): string[] {
    const out = [name[0].toUpperCase() + name.slice(1), name.toUpperCase()];
    if (name.includes("s")) {
        out.push(name.replace("s", "\u017f"));
    }
    if (name.includes("k")) {
        out.push(name.replace("k", "\u212a"));
    }
    return out;
}

type Mutation =
    | { kind: "none" }
    | { kind: "fold"; at: number; field: string; variant: number }
    | { kind: "twice"; at: number; field: "inputs" | "outputs"; before: boolean; escape: boolean; readOnly: boolean | undefined }
    | { kind: "resourcesTwice"; before: boolean; escape: boolean }
    | { kind: "latestTwice"; before: boolean }
    | { kind: "documentFold"; variant: number }
    | { kind: "documentEscape" }
    | { kind: "documentShadow" }
    | { kind: "escapeOnly"; at: number; field: "urn" | "inputs" | "outputs" | "type" };

function mutate(kind: "export" | "checkpoint", resources: Generated[], m: Mutation): string {
    const objs = resources.map(resourceObj);
    const { doc, holder, outer } = documentOf(kind, objs);
    const target = objs[("at" in m ? m.at : 0) % objs.length];
    const rename = (obj: Obj, field: string, text: string) => {
        const entry = obj.entries.find(([k]) => k === key(field));
        if (entry) {
            entry[0] = text;
        }
    };
    const insert = (obj: Obj, field: string, entry: [string, unknown], before: boolean) => {
        const at = obj.entries.findIndex(([k]) => k === key(field));
        if (at >= 0) {
            obj.entries.splice(before ? at : at + 1, 0, entry);
        }
    };
    switch (m.kind) {
        case "fold": {
            const variants = foldedVariants(m.field);
            rename(target, m.field, key(variants[m.variant % variants.length]));
            break;
        }
        case "twice": {
            const name = String((target.entries.find(([k]) => k === key("urn"))?.[1] as string).split("::").pop());
            const second = m.readOnly === undefined ? { kind: "Deployment" } : props(name, m.readOnly);
            insert(target, m.field, [m.escape ? escaped(m.field) : key(m.field), second], m.before);
            break;
        }
        case "resourcesTwice":
            // The same URNs again, without their inputs.
            insert(
                holder,
                "resources",
                [
                    m.escape ? escaped("resources") : key("resources"),
                    [stackRoot, ...objs.map((o) => new Obj(o.entries.filter(([k]) => k !== key("inputs"))))],
                ],
                m.before,
            );
            break;
        case "latestTwice":
            if (kind === "checkpoint") {
                insert(outer, "latest", [key("latest"), new Obj([[key("manifest"), manifest]])], m.before);
            }
            break;
        case "documentFold": {
            const field = kind === "export" ? "deployment" : "checkpoint";
            const variants = foldedVariants(field);
            rename(doc, field, key(variants[m.variant % variants.length]));
            break;
        }
        case "escapeOnly":
            rename(target, m.field, escaped(m.field));
            break;
        case "documentShadow": {
            // The real key folded, after a plain one that is no object: Go keeps the last.
            const field = kind === "export" ? "deployment" : "checkpoint";
            rename(doc, field, key(foldedVariants(field)[0]));
            doc.entries.splice(1, 0, [key(field), 1]);
            break;
        }
        case "documentEscape":
            rename(doc, kind === "export" ? "deployment" : "checkpoint", escaped(kind === "export" ? "deployment" : "checkpoint"));
            break;
    }
    return write(doc);
}

const generated = fc.record({
    name: fc.constantFrom("web", "api", "worker"),
    readOnly: fc.constantFrom(true, false, undefined),
    external: fc.boolean(),
    withOutputs: fc.boolean(),
});
const stacks = fc.uniqueArray(generated, { minLength: 1, maxLength: 3, selector: (r) => r.name });
const mutations: fc.Arbitrary<Mutation> = fc.oneof(
    fc.constant<Mutation>({ kind: "none" }),
    fc.record({
        kind: fc.constant("fold" as const),
        at: fc.nat(5),
        field: fc.constantFrom("urn", "type", "custom", "inputs", "outputs", "external"),
        variant: fc.nat(3),
    }),
    fc.record({
        kind: fc.constant("twice" as const),
        at: fc.nat(5),
        field: fc.constantFrom("inputs" as const, "outputs" as const),
        before: fc.boolean(),
        escape: fc.boolean(),
        readOnly: fc.constantFrom(true, false, undefined),
    }),
    fc.record({ kind: fc.constant("resourcesTwice" as const), before: fc.boolean(), escape: fc.boolean() }),
    fc.record({ kind: fc.constant("latestTwice" as const), before: fc.boolean() }),
    fc.record({ kind: fc.constant("documentFold" as const), variant: fc.nat(3) }),
    fc.constant<Mutation>({ kind: "documentEscape" }),
    fc.constant<Mutation>({ kind: "documentShadow" }),
    fc.record({
        kind: fc.constant("escapeOnly" as const),
        at: fc.nat(5),
        field: fc.constantFrom("urn" as const, "inputs" as const, "outputs" as const, "type" as const),
    }),
);

/** The resources as the checker hands them to the pack, from what Pulumi holds. */
function expectedFromGo(answer: GoStateAnswer): Json[] {
    return (answer.resources ?? [])
        .filter((r) => !r.delete)
        .map((r) => ({
            urn: r.urn,
            type: r.type,
            custom: r.custom,
            inputs: r.external ? undefined : decodePulumiProperties(r.inputs ?? {}, false).props,
            outputs: decodePulumiProperties(r.outputs ?? r.inputs ?? {}, false).props,
        }));
}

/** The resources as the checker read them: what it hands the pack. */
function handedToPack(stack: PulumiStack): Json[] {
    return stack.resources.map((r) => ({ urn: r.urn, type: r.type, custom: r.custom, inputs: r.inputs, outputs: r.outputs }));
}

/** The same, from what JSON.parse holds: what the checker judged before it read keys as Go does. */
function naiveReading(text: string, kind: "export" | "checkpoint"): Json[] {
    const doc = JSON.parse(text) as Json;
    const holder = (kind === "export" ? doc.deployment : (doc.checkpoint as Json | undefined)?.latest) as Json | undefined;
    const list = (holder?.resources as Json[] | undefined) ?? [];
    return expectedFromGo({
        resources: list.map((r) => ({
            urn: r.urn as string,
            type: r.type as string,
            custom: r.custom === true,
            delete: r.delete === true,
            external: r.external === true,
            inputs: (r.inputs as Json | undefined) ?? null,
            outputs: (r.outputs as Json | undefined) ?? null,
        })),
    });
}

describe("Pulumi state keys, read as Pulumi's Go decoder reads them", function () {
    this.timeout(300_000);

    describe("the rules", () => {
        it("folds keys as encoding/json does: ASCII case, and the long s and Kelvin sign", () => {
            assert.strictEqual(goFoldedKey("Inputs"), "inputs");
            assert.strictEqual(goFoldedKey("input\u017f"), "inputs");
            assert.strictEqual(goFoldedKey("\u212aind"), "kind");
            // Go does not fold the dotted or dotless i (its own check found only the two above).
            assert.notStrictEqual(goFoldedKey("\u0130nputs"), "inputs");
            assert.notStrictEqual(goFoldedKey("\u0131nputs"), "inputs");
            // The last key that names the field, as Go decodes them in order: a document that hides its
            // deployment behind an earlier plain key is still one, and refused for the folded key.
            const hidden = { version: 3, deployment: 1, Deployment: { resources: [] } };
            assert.deepStrictEqual(goField(hidden, "deployment"), { resources: [] });
            assert.strictEqual(goField({ Deployment: 1, deployment: 2 }, "deployment"), 2);
            assert.match(
                readPulumiText(JSON.stringify(hidden))!
                    .problems.map((p) => p.message)
                    .join("\n"),
                /has the key "Deployment"/,
            );
            assert.deepStrictEqual(foldedFieldKeys({ Inputs: {}, inputs: {}, URN: "x", other: 1 }, ["urn", "inputs"]), [
                { key: "Inputs", field: "inputs" },
                { key: "URN", field: "urn" },
            ]);
        });

        it("counts merged keys in the text: plain and escaped, only with a value that merges", () => {
            const text = `{"inputs": {}, "a": {"\\u0069nputs": {"x": 1}}, "b": {"inputs": null}, "c": "\\"inputs\\": {", "resources": {"cpu": 1}, "d": {"resources": [1]}}`;
            assert.deepStrictEqual(mergedKeysInText(text), { inputs: 2, outputs: 0, latest: 0, resources: 1 });
            assert.deepStrictEqual(mergedKeysInValue(JSON.parse(text)), { inputs: 2, outputs: 0, latest: 0, resources: 1 });
            // A string ending in an escaped backslash ends at its quote: the escaped key after it is still seen.
            const afterBackslash = `{"x": "a\\\\", "\\u0069nputs": {}, "y": "\\"", "\\u006fut\\u0070uts": {}}`;
            assert.deepStrictEqual(JSON.parse(afterBackslash), { x: "a\\", inputs: {}, y: '"', outputs: {} });
            assert.deepStrictEqual(mergedKeysInText(afterBackslash), { inputs: 1, outputs: 1, latest: 0, resources: 0 });
        });

        it("counts in one pass over the text, whatever its strings hold", function () {
            // A string of a million escaped quotes: a count that restarted inside strings would take
            // minutes on it (it did, as a regular expression over the whole text).
            this.timeout(30_000);
            const text = `{"a": "${'\\"'.repeat(500_000)}\\u0069", "\\u0069nputs": {}, "inputs": {}}`;
            assert.deepStrictEqual(mergedKeysInText(text), { inputs: 2, outputs: 0, latest: 0, resources: 0 });
        });

        it("counts the same in the text and in the parsed value of any JSON without a key written twice", () => {
            const keys = fc.constantFrom("inputs", "outputs", "latest", "resources", "spec", "Inputs");
            const { tree } = fc.letrec<{ tree: unknown; obj: unknown; arr: unknown }>((tie) => ({
                tree: fc.oneof({ depthSize: "small" }, fc.jsonValue({ maxDepth: 0 }), tie("obj"), tie("arr")),
                obj: fc
                    .array(fc.tuple(keys, fc.boolean(), tie("tree")), { maxLength: 4 })
                    .map(
                        (entries) =>
                            new Obj([
                                ...new Map(entries.map(([k, esc, v]) => [k, [esc ? escaped(k) : key(k), v] as [string, unknown]])).values(),
                            ]),
                    ),
                arr: fc.array(tie("tree"), { maxLength: 3 }),
            }));
            fc.assert(
                fc.property(tree, (t) => {
                    const text = write(t);
                    assert.deepStrictEqual(mergedKeysInText(text), mergedKeysInValue(JSON.parse(text)));
                }),
                { numRuns: 500 },
            );
        });
    });

    describe("against Pulumi's own decoder (apitype, encoding/json)", () => {
        const cases = fc.sample(fc.tuple(fc.constantFrom("export" as const, "checkpoint" as const), stacks, mutations), {
            numRuns: 400,
            seed: 18,
        });
        const texts = cases.map(([kind, resources, m]) => ({ kind, text: mutate(kind, resources, m), m }));
        let answers: GoStateAnswer[];

        before(() => {
            answers = readLikePulumi(texts.map(({ kind, text }) => ({ kind, text })));
        });

        it("an unedited state is read as Pulumi reads it, with no problem", () => {
            let checked = 0;
            texts.forEach(({ kind, text, m }, i) => {
                if (m.kind !== "none" && m.kind !== "escapeOnly" && m.kind !== "documentEscape") {
                    return;
                }
                assert.strictEqual(answers[i].error, undefined, `Pulumi reads it: ${answers[i].error}`);
                const stack = readPulumiText(text);
                assert.ok(stack, `read as a ${kind}`);
                assert.deepStrictEqual(stack.problems, []);
                const ours = handedToPack(stack);
                assert.deepStrictEqual(ours, expectedFromGo(answers[i]), `${m.kind}: ${text}`);
                checked++;
            });
            assert.ok(checked > 50, `${checked} unedited states`);
        });

        it("an edited state is read as Pulumi reads it or refused; never judged on props Pulumi does not hold", () => {
            let differs = 0;
            const refusedKinds = new Set<string>();
            texts.forEach(({ kind, text, m }, i) => {
                if (answers[i].error !== undefined) {
                    return; // Pulumi refuses the file itself.
                }
                const stack = readPulumiText(text);
                assert.ok(stack, `${m.kind}: Pulumi reads this ${kind}, and so must the checker: ${text}`);
                const expected = expectedFromGo(answers[i]);
                const naive = naiveReading(text, kind);
                const matters = !isDeepStrictEqual(naive, expected);
                differs += matters ? 1 : 0;
                if (stack.problems.length > 0) {
                    refusedKinds.add(m.kind);
                    // A refusal is an error of the run: never a pass.
                    assert.ok(checkPulumiInput("s.json", text)!.errors.length > 0);
                    return;
                }
                const ours = handedToPack(stack);
                assert.deepStrictEqual(ours, expected, `${JSON.stringify(m)}: ${text}`);
            });
            // The edits make a difference to what Pulumi holds, and each kind of edit was refused.
            assert.ok(differs > 50, `${differs} edited states that Pulumi reads otherwise than JSON.parse`);
            assert.deepStrictEqual([...refusedKinds].sort(), [
                "documentFold",
                "documentShadow",
                "fold",
                "latestTwice",
                "resourcesTwice",
                "twice",
            ]);
        });
    });
});

function isDeepStrictEqual(a: unknown, b: unknown): boolean {
    try {
        assert.deepStrictEqual(a, b);
        return true;
    } catch {
        return false;
    }
}
