// Differential test of the manifest reader against kubectl's own: the Go reference reader
// (test/differential/k8s-yaml: k8s.io/apimachinery's YAMLOrJSONDecoder cutting the stream,
// sigs.k8s.io/yaml v1.6.0 turning each document into JSON) reads the same generated manifests as
// immutable-check, and
// 1. every document's JSON is the same;
// 2. the read-only verdict of every container is the one the Go JSON gives;
// 3. scalars of every shape resolve to the same JSON (or both readers refuse them).
// Needs Go: without `go` on PATH the suite fails, naming it.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import { checkInputs } from "../../cli/check";
import { parseYamlStream } from "../../cli/documents";
import { documentToJson, parseFirstDocument } from "../../cli/goyaml";
import { isKubernetesObject } from "../../cli/kubernetes";
import { k8sYamlReader, lastBuildSeconds, readLikeKubectl } from "../differential/k8sYaml";

const runs = Number(process.env.K8S_YAML_RUNS ?? 300);
const seed = Number(process.env.K8S_YAML_SEED ?? 20261130);

// ---------------------------------------------------------------------------------------------
// A small YAML tree that says how each node is written, and its renderer.

type Raw =
    | { readonly scalar: string }
    | { readonly alias: string }
    | { readonly map: ReadonlyArray<readonly [string, Raw]>; readonly anchor?: string; readonly flow?: boolean }
    | { readonly seq: readonly Raw[]; readonly flow?: boolean; readonly indentless?: boolean };

const scalar = (s: string): Raw => ({ scalar: s });

function inline(r: Raw): string {
    if ("scalar" in r) {
        return r.scalar;
    }
    if ("alias" in r) {
        return `*${r.alias}`;
    }
    if ("map" in r) {
        const body = r.map.map(([k, v]) => `${k}: ${inline(v)}`).join(", ");
        return `${r.anchor ? `&${r.anchor} ` : ""}{${body}}`;
    }
    return `[${r.seq.map(inline).join(", ")}]`;
}

const isBlock = (r: Raw) => ("map" in r && !r.flow && r.map.length > 0) || ("seq" in r && !r.flow && r.seq.length > 0);

function block(r: Raw, indent: number): string[] {
    const pad = " ".repeat(indent);
    if ("map" in r) {
        const lines: string[] = [];
        for (const [k, v] of r.map) {
            if (k === "? <<") {
                lines.push(`${pad}? <<`);
                if (isBlock(v)) {
                    lines.push(`${pad}:`, ...block(v, indent + 2));
                } else {
                    lines.push(`${pad}: ${inline(v)}`);
                }
            } else if (isBlock(v)) {
                const anchor = "map" in v && v.anchor ? ` &${v.anchor}` : "";
                lines.push(`${pad}${k}:${anchor}`, ...block(v, "seq" in v && v.indentless ? indent : indent + 2));
            } else {
                lines.push(`${pad}${k}: ${inline(v)}`);
            }
        }
        return lines;
    }
    if ("seq" in r) {
        const lines: string[] = [];
        for (const item of r.seq) {
            if (isBlock(item) && "map" in item && !item.anchor) {
                const inner = block(item, indent + 2);
                lines.push(`${pad}- ${inner[0].slice(indent + 2)}`, ...inner.slice(1));
            } else {
                lines.push(`${pad}- ${inline(item)}`);
            }
        }
        return lines;
    }
    return [`${pad}${inline(r)}`];
}

// ---------------------------------------------------------------------------------------------
// Generated manifests

// How `readOnlyRootFilesystem`'s value is written: booleans of YAML 1.1 and 1.2, look-alikes,
// quoted and tagged forms.
const valueWords = [
    "true",
    "false",
    "yes",
    "no",
    "on",
    "off",
    "y",
    "Y",
    "n",
    "N",
    "True",
    "FALSE",
    "YES",
    "Off",
    "tRUE",
    "oN",
    "yEs",
    "'y'",
    '"true"',
    "'false'",
    "!!bool yes",
    "!!bool 'true'",
    "!!bool y",
    "!!str true",
    "! y",
    "!custom true",
    "~",
    "null",
    "1",
    "0",
    "",
    "0x1",
];
const mergeKeys = ["<<", "<<", "!!merge <<", "? <<", "'<<'", "! <<"];

interface Ctx {
    anchors: string[];
}

const valueArb = fc.constantFrom(...valueWords);

// A securityContext's entries in order: readOnlyRootFilesystem (maybe several: duplicate keys),
// merge keys with inline maps, aliases or lists of both, and an unrelated key.
const entryArb = fc.oneof(
    { weight: 4, arbitrary: valueArb.map((v) => ({ kind: "ro" as const, v })) },
    {
        weight: 3,
        arbitrary: fc
            .record({
                key: fc.constantFrom(...mergeKeys),
                sources: fc.array(
                    fc.oneof(
                        valueArb.map((v) => ({ inline: v })),
                        fc.nat(5).map((n) => ({ alias: n })),
                    ),
                    { minLength: 1, maxLength: 3 },
                ),
                asList: fc.boolean(),
            })
            .map((m) => ({ kind: "merge" as const, ...m })),
    },
    { weight: 1, arbitrary: fc.constant({ kind: "other" as const }) },
);

const securityContextArb = fc.oneof(
    { weight: 1, arbitrary: fc.constant({ kind: "absent" as const }) },
    { weight: 1, arbitrary: fc.nat(5).map((n) => ({ kind: "alias" as const, n })) },
    {
        weight: 8,
        arbitrary: fc
            .record({ entries: fc.array(entryArb, { minLength: 1, maxLength: 4 }), flow: fc.boolean(), anchor: fc.boolean() })
            .map((r) => ({ kind: "entries" as const, ...r })),
    },
);

type ScModel = typeof securityContextArb extends fc.Arbitrary<infer U> ? U : never;

function renderSecurityContext(sc: ScModel, ctx: Ctx): Raw | undefined {
    const anchorName = (n: number) => (ctx.anchors.length > 0 ? ctx.anchors[n % ctx.anchors.length] : undefined);
    if (sc.kind === "absent") {
        return undefined;
    }
    if (sc.kind === "alias") {
        const a = anchorName(sc.n);
        return a ? { alias: a } : undefined;
    }
    const entries: Array<[string, Raw]> = [];
    for (const e of sc.entries) {
        if (e.kind === "ro") {
            entries.push(["readOnlyRootFilesystem", scalar(e.v)]);
        } else if (e.kind === "other") {
            entries.push(["allowPrivilegeEscalation", scalar("false")]);
        } else {
            const sources: Raw[] = e.sources
                .map((s): Raw | undefined =>
                    "inline" in s
                        ? { map: [["readOnlyRootFilesystem", scalar(s.inline)]], flow: true }
                        : anchorName(s.alias)
                          ? { alias: anchorName(s.alias)! }
                          : undefined,
                )
                .filter((s): s is Raw => s !== undefined);
            if (sources.length === 0) {
                continue;
            }
            const key = sc.flow && e.key === "? <<" ? "<<" : e.key;
            entries.push([key, e.asList || sources.length > 1 ? { seq: sources, flow: true } : sources[0]]);
        }
    }
    if (entries.length === 0) {
        return undefined;
    }
    const anchor = sc.anchor ? `sc${ctx.anchors.length}` : undefined;
    if (anchor) {
        ctx.anchors.push(anchor);
    }
    return { map: entries, flow: sc.flow, anchor };
}

const containersArb = fc.array(fc.record({ sc: securityContextArb, init: fc.boolean() }), { minLength: 1, maxLength: 3 });

interface ObjectModel {
    readonly kind: "Pod" | "Deployment";
    readonly containers: Array<{ sc: ScModel; init: boolean }>;
    readonly bare: boolean;
}

const objectArb: fc.Arbitrary<ObjectModel> = fc.record({
    kind: fc.constantFrom("Pod" as const, "Deployment" as const),
    containers: containersArb,
    bare: fc.boolean(),
});

type DocModel =
    | { readonly kind: "object"; readonly object: ObjectModel; readonly anchors: number }
    | {
          readonly kind: "list";
          readonly items: ReadonlyArray<ObjectModel | { list: ObjectModel[] }>;
          readonly typed: boolean;
          readonly anchors: number;
      }
    | { readonly kind: "empty" }
    | { readonly kind: "comment" };

const docArb: fc.Arbitrary<DocModel> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ object: objectArb, anchors: fc.nat(2) }).map((r) => ({ kind: "object" as const, ...r })) },
    {
        weight: 3,
        arbitrary: fc
            .record({
                items: fc.array(fc.oneof(objectArb, fc.record({ list: fc.array(objectArb, { minLength: 1, maxLength: 2 }) })), {
                    minLength: 1,
                    maxLength: 3,
                }),
                typed: fc.boolean(),
                anchors: fc.nat(2),
            })
            .map((r) => ({ kind: "list" as const, ...r })),
    },
    { weight: 1, arbitrary: fc.constantFrom({ kind: "empty" as const }, { kind: "comment" as const }) },
);

const streamArb = fc.record({
    docs: fc.array(docArb, { minLength: 1, maxLength: 4 }),
    separators: fc.array(fc.constantFrom("---", "--- # next", "---\t", "---  "), { minLength: 4, maxLength: 4 }),
    leadingSeparator: fc.boolean(),
    anchorValues: fc.array(valueArb, { minLength: 3, maxLength: 3 }),
});

const image = `registry.example.com/app@sha256:${"c".repeat(64)}`;

function renderObject(o: ObjectModel, name: string, ctx: Ctx, withHeader: boolean): Raw {
    const containers: Raw[] = [];
    const inits: Raw[] = [];
    o.containers.forEach((c, i) => {
        const sc = renderSecurityContext(c.sc, ctx);
        const entries: Array<[string, Raw]> = [
            ["name", scalar(`c${i}`)],
            ["image", scalar(image)],
        ];
        if (sc) {
            entries.push(["securityContext", sc]);
        }
        (c.init ? inits : containers).push({ map: entries });
    });
    if (containers.length === 0) {
        containers.push({
            map: [
                ["name", scalar("main")],
                ["image", scalar(image)],
                ["securityContext", { map: [["readOnlyRootFilesystem", scalar("true")]], flow: true }],
            ],
        });
    }
    const podSpec: Array<[string, Raw]> = [["containers", { seq: containers, indentless: containers.length % 2 === 0 }]];
    if (inits.length > 0) {
        podSpec.push(["initContainers", { seq: inits }]);
    }
    const header: Array<[string, Raw]> = withHeader
        ? [
              ["apiVersion", scalar(o.kind === "Pod" ? "v1" : "apps/v1")],
              ["kind", scalar(o.kind)],
          ]
        : [];
    const metadata: Raw = { map: [["name", scalar(name)]] };
    if (o.kind === "Pod") {
        return { map: [...header, ["metadata", metadata], ["spec", { map: podSpec }]] };
    }
    const labels: Raw = { map: [["app", scalar(name)]], flow: true };
    return {
        map: [
            ...header,
            ["metadata", metadata],
            [
                "spec",
                {
                    map: [
                        ["selector", { map: [["matchLabels", labels]] }],
                        [
                            "template",
                            {
                                map: [
                                    ["metadata", { map: [["labels", labels]] }],
                                    ["spec", { map: podSpec }],
                                ],
                            },
                        ],
                    ],
                },
            ],
        ],
    };
}

type StreamModel = typeof streamArb extends fc.Arbitrary<infer U> ? U : never;

function renderStream(s: StreamModel, streamIndex: number): string {
    const parts: string[] = [];
    let objects = 0;
    const nameOf = () => `w${streamIndex}-${objects++}`;
    s.docs.forEach((d, i) => {
        const ctx: Ctx = { anchors: [] };
        let lines: string[];
        if (d.kind === "empty" || d.kind === "comment") {
            lines = d.kind === "comment" ? ["# nothing here"] : [];
        } else {
            const anchorEntries: Array<[string, Raw]> = [];
            for (let a = 0; a < d.anchors; a++) {
                const anchor = `x${a}`;
                ctx.anchors.push(anchor);
                anchorEntries.push([
                    `x-anchor-${a}`,
                    { map: [["readOnlyRootFilesystem", scalar(s.anchorValues[a] || "true")]], flow: a % 2 === 0, anchor },
                ]);
            }
            if (d.kind === "object") {
                const o = renderObject(d.object, nameOf(), ctx, true) as { map: Array<[string, Raw]> };
                lines = block({ map: [...anchorEntries, ...o.map] }, 0);
            } else {
                const typed = d.typed && d.items.every((item) => !("list" in item) && item.kind === "Deployment");
                const items = d.items.map((item): Raw => {
                    if ("list" in item) {
                        return {
                            map: [
                                ["apiVersion", scalar("v1")],
                                ["kind", scalar("List")],
                                ["items", { seq: item.list.map((o) => renderObject(o, nameOf(), ctx, true)) }],
                            ],
                        };
                    }
                    return renderObject(item, nameOf(), ctx, !(typed && item.bare));
                });
                lines = block(
                    {
                        map: [
                            ...anchorEntries,
                            ["apiVersion", scalar(typed ? "apps/v1" : "v1")],
                            ["kind", scalar(typed ? "DeploymentList" : "List")],
                            ["items", { seq: items }],
                        ],
                    },
                    0,
                );
            }
        }
        if (i > 0 || s.leadingSeparator) {
            parts.push(s.separators[i % s.separators.length]);
        }
        parts.push(...lines);
    });
    return `${parts.join("\n")}\n`;
}

// ---------------------------------------------------------------------------------------------
// Verdicts

interface Verdict {
    readonly containers: Map<string, boolean>;
}

function asObject(v: unknown): Record<string, unknown> | undefined {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Containers and whether each is read-only, from the reference reader's JSON: lists flattened, bare items defaulted. */
function verdictFromJson(documents: readonly unknown[]): Verdict {
    const containers = new Map<string, boolean>();
    const queue: Array<Record<string, unknown>> = documents.map(asObject).filter((o): o is Record<string, unknown> => o !== undefined);
    for (let next = 0; next < queue.length; next++) {
        const o = queue[next];
        if (Array.isArray(o.items)) {
            for (const item of o.items) {
                const io = asObject(item);
                if (io) {
                    const bare = !io.kind && !io.apiVersion;
                    queue.push(bare ? { ...io, apiVersion: o.apiVersion, kind: String(o.kind).replace(/List$/, "") } : io);
                }
            }
            continue;
        }
        const spec = o.kind === "Pod" ? asObject(o.spec) : asObject(asObject(asObject(o.spec)?.template)?.spec);
        const name = asObject(o.metadata)?.name;
        for (const field of ["containers", "initContainers"]) {
            const list = spec?.[field];
            for (const c of Array.isArray(list) ? list : []) {
                const co = asObject(c);
                containers.set(`${String(name)}/${String(co?.name)}`, asObject(co?.securityContext)?.readOnlyRootFilesystem === true);
            }
        }
    }
    return { containers };
}

/** Containers and whether each is read-only, from immutable-check's findings. */
function verdictFromChecker(text: string, expected: Verdict): { verdict: Verdict; errors: string[] } {
    const result = checkInputs([{ name: "generated.yaml", text }]);
    const writable = new Set(
        result.findings
            .filter((f) => f.policy === "read-only-root-filesystem" && f.level === "mandatory")
            .map((f) => `${f.name}/${f.container}`),
    );
    const containers = new Map<string, boolean>();
    for (const key of expected.containers.keys()) {
        containers.set(key, !writable.has(key));
    }
    for (const key of writable) {
        if (!containers.has(key)) {
            containers.set(key, false);
        }
    }
    return { verdict: { containers }, errors: result.errors.map((e) => e.message) };
}

// Scalars of many shapes, for the resolver: numbers, booleans, nulls, timestamps, tags, quotes.
const scalarArb = fc.oneof(
    fc.string({ unit: fc.constantFrom(..."0123456789._-+eExXoObB:yYnNtTrRuUfFaAlLsS~ #'\"\\!&*[]{},|%@`".split("")), maxLength: 8 }),
    fc.constantFrom(
        "0755",
        "0o17",
        "0x_1F",
        "1_000",
        "+12",
        "-0",
        "09",
        "1e3",
        "1.5E+3",
        ".5",
        "1.",
        ".inf",
        "-.Inf",
        ".NaN",
        "2001-12-14",
        "2001-12-14t21:59:43.10-05:00",
        "2001-13-14",
        "12:30:45",
        "1:20",
        "<<",
        "=",
        "!!binary aGVsbG8=",
        "!!int '12'",
        "!!float 1",
        "!!null ''",
        "!!timestamp 2001-12-14",
        "!!str",
        "!local x",
        "9223372036854775808",
        "-9223372036854775809",
        "18446744073709551616",
    ),
);

describe("immutable-check reads manifests as kubectl does: differential test against sigs.k8s.io/yaml (Go)", function () {
    this.timeout(180000);

    before(function () {
        // Builds the reference reader (or finds it built); fails the suite, naming Go, without it.
        k8sYamlReader();
        if (lastBuildSeconds > 0) {
            console.log(`      built test/differential/k8s-yaml in ${lastBuildSeconds.toFixed(1)} s`);
        }
    });

    it(`${runs} generated manifests: the same JSON for every document, the same verdict for every container`, () => {
        const models = fc.sample(streamArb, { numRuns: runs, seed });
        const texts = models.map(renderStream);
        const answers = readLikeKubectl(texts);
        let documents = 0;
        let containers = 0;
        let writable = 0;
        let refused = 0;
        const reasons = new Set<string>();
        const disagreements: string[] = [];
        texts.forEach((text, i) => {
            const go = answers[i];
            const parsed = parseYamlStream(text);
            if (go.error !== undefined) {
                refused++;
                reasons.add(go.error.replace(/line \d+: /, ""));
                if (parsed.ok) {
                    disagreements.push(`kubectl refuses (${go.error}), immutable-check reads it:\n${text}`);
                }
                return;
            }
            if (!parsed.ok) {
                disagreements.push(`immutable-check refuses (${JSON.stringify(parsed.problems)}), kubectl reads it:\n${text}`);
                return;
            }
            const ours = parsed.documents.map((d) => d.value).filter((v) => v !== null);
            documents += ours.length;
            try {
                assert.deepStrictEqual(ours, go.documents);
            } catch (err) {
                disagreements.push(`different JSON: ${(err as Error).message}\n${text}`);
                return;
            }
            const expected = verdictFromJson(go.documents ?? []);
            const actual = verdictFromChecker(text, expected);
            containers += expected.containers.size;
            writable += [...expected.containers.values()].filter((ro) => !ro).length;
            if (actual.errors.length > 0) {
                disagreements.push(`immutable-check errors ${JSON.stringify(actual.errors)}:\n${text}`);
            } else if (JSON.stringify([...actual.verdict.containers].sort()) !== JSON.stringify([...expected.containers].sort())) {
                disagreements.push(
                    `verdicts differ: kubectl ${JSON.stringify([...expected.containers])}, immutable-check ${JSON.stringify([...actual.verdict.containers])}:\n${text}`,
                );
            }
        });
        console.log(
            `      ${texts.length} streams, ${documents} documents, ${containers} containers (${writable} writable), ${refused} refused by both (${[...reasons].join("; ")}), ${disagreements.length} disagreements`,
        );
        assert.deepStrictEqual(disagreements.slice(0, 3), []);
        assert.ok(containers > runs, "the generator should produce more containers than streams");
        assert.ok(writable > 0 && writable < containers, "both verdicts should occur");
    });

    it(`${runs * 4} scalars of every shape resolve to the same JSON, or both readers refuse them`, () => {
        const values = fc.sample(scalarArb, { numRuns: runs * 4, seed });
        const texts = values.flatMap((v) => [`k: ${v}\n`, `${v}: k\n`, `[${v}]\n`]);
        const answers = readLikeKubectl(texts, "yamltojson");
        const disagreements: string[] = [];
        let agreedErrors = 0;
        texts.forEach((text, i) => {
            let ours: { json?: unknown; error?: string };
            try {
                ours = { json: documentToJson(parseFirstDocument(text, { start: 0, end: text.length, line: 0 })) };
            } catch (err) {
                ours = { error: (err as Error).message };
            }
            const go = answers[i];
            if (go.error !== undefined || ours.error !== undefined) {
                if (go.error === undefined || ours.error === undefined) {
                    disagreements.push(
                        `${JSON.stringify(text)}: go ${go.error ?? JSON.stringify(go.json)}, ours ${ours.error ?? JSON.stringify(ours.json)}`,
                    );
                } else {
                    agreedErrors++;
                }
            } else if (JSON.stringify(ours.json) !== JSON.stringify(go.json) && !sameJson(ours.json, go.json)) {
                disagreements.push(`${JSON.stringify(text)}: go ${JSON.stringify(go.json)}, ours ${JSON.stringify(ours.json)}`);
            }
        });
        console.log(`      ${texts.length} texts, ${agreedErrors} refused by both, ${disagreements.length} disagreements`);
        assert.deepStrictEqual(disagreements.slice(0, 10), []);
    });

    it("streams cut at the edges of kubectl's document reader: the same documents, or both refuse", () => {
        const pod = (name: string, ro = "true") =>
            `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec: {containers: [{name: c, image: x, securityContext: {readOnlyRootFilesystem: ${ro}}}]}\n`;
        const texts = [
            `${pod("a")}---\n${pod("b")}`,
            `${pod("a")}--- # comment\n${pod("b")}`,
            `${pod("a")}---#comment\n${pod("b")}`,
            `${pod("a")}---\t\n${pod("b")}`,
            `${pod("a")}---\u00a0\n${pod("b")}`,
            `${pod("a")}---\u0085\n${pod("b")}`,
            `${pod("a")}---\ufeff\n${pod("b")}`,
            `${pod("a")}----\n${pod("b")}`,
            `${pod("a")}--- !!map\n${pod("b")}`,
            `${pod("a")}--- x: 1\n${pod("b")}`,
            `${pod("a").replace(/\n/g, "\r\n")}---\r\n${pod("b").replace(/\n/g, "\r\n")}`,
            `---\n---\n${pod("a")}---\n# only a comment\n---\n${pod("b")}---\n`,
            `# header\n${pod("a")}...\n${pod("hidden", "false")}`,
            `${pod("a")}...\n---\n${pod("b", "y")}`,
            `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: m}\ndata:\n  x: |\n    text\n---\n${pod("b", "n")}`,
            `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: m}\ndata:\n  x: "one\n---\n${pod("b", "false")}"\n`,
            `${pod("a")}---\n${pod("b").trimEnd()}`,
            `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: m}\ndata:\n  x: |\n    last line`,
            `%YAML 1.1\n---\n${pod("a")}`,
            `${pod("a")}\n\n\n`,
            `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j"}, "spec": {"containers": [{"name": "c", "image": "x"}]}}\n`,
        ];
        const answers = readLikeKubectl(texts);
        const disagreements: string[] = [];
        texts.forEach((text, i) => {
            const parsed = parseYamlStream(text);
            const go = answers[i];
            if (go.error !== undefined || !parsed.ok) {
                if (go.error === undefined || parsed.ok) {
                    disagreements.push(
                        `${JSON.stringify(text)}: go ${go.error ?? "reads it"}, ours ${parsed.ok ? "reads it" : JSON.stringify(parsed.problems)}`,
                    );
                }
                return;
            }
            const ours = parsed.documents.map((d) => d.value).filter((v) => v !== null);
            if (JSON.stringify(ours) !== JSON.stringify(go.documents) && !sameJson(sortKeys(ours), sortKeys(go.documents))) {
                disagreements.push(`${JSON.stringify(text)}: go ${JSON.stringify(go.documents)}, ours ${JSON.stringify(ours)}`);
            }
        });
        assert.deepStrictEqual(disagreements, []);
    });

    it("JSON streams (a file starting with `{`), as YAMLOrJSONDecoder reads them: the same documents, or both refuse", () => {
        // kubectl reads every JSON value of such a file, one after another; reading it as one YAML
        // document kept only the first, so a writable Pod after a ConfigMap passed.
        const pod = (name: string, ro?: boolean) =>
            JSON.stringify({
                apiVersion: "v1",
                kind: "Pod",
                metadata: { name },
                spec: {
                    containers: [
                        { name: "c", image: "x", ...(ro === undefined ? {} : { securityContext: { readOnlyRootFilesystem: ro } }) },
                    ],
                },
            });
        const piece = fc.oneof(
            fc.tuple(fc.constantFrom("a", "b", "c"), fc.constantFrom(true, false, undefined)).map(([n, ro]) => pod(n, ro)),
            fc.constantFrom(
                "null",
                "5",
                "[]",
                '"text"',
                '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "m"}, "data": {"k": "a\\"}b"}}',
                '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "n"}, "data": {"k": "a\\\\"}}',
                "{apiVersion: v1, kind: Pod, metadata: {name: y}, spec: {containers: [{name: c, image: x}]}}",
                '{"a": 1',
                "}",
                "---",
                "apiVersion: v1\nkind: Pod\nmetadata: {name: yaml}\nspec: {containers: [{name: c, image: x}]}",
            ),
        );
        const separator = fc.constantFrom("", " ", "\n", "\n\n", " \t\n ", "\r\n", "\n---\n");
        const generated = fc.sample(
            fc.tuple(fc.constantFrom("", " ", "\n", "\u00a0"), fc.array(fc.tuple(piece, separator), { minLength: 1, maxLength: 5 })),
            { numRuns: runs, seed },
        );
        const texts = [
            `${pod("first", true)}\n${pod("hidden")}\n`,
            `${pod("first", true)}${pod("hidden")}`,
            `  \n${pod("first", true)} ${pod("hidden")} ${pod("third")}`,
            `${pod("first", true)}\n---\n${pod("hidden").replace(/"/g, "")}\n`,
            `${pod("a")}\n{"a": 1\n`,
            `${pod("a")}\n${pod("b")}\n{"a": 1\n`,
            ...generated
                .map(([lead, pieces]) => lead + pieces.map(([p, sep]) => p + sep).join(""))
                .filter((t) => t.trimStart().startsWith("{")),
        ];
        const answers = readLikeKubectl(texts);
        const disagreements: string[] = [];
        let multiple = 0;
        texts.forEach((text, i) => {
            const parsed = parseYamlStream(text);
            const go = answers[i];
            // A document that is no Kubernetes object stops kubectl too ("Object 'Kind' is missing"):
            // refusing the file for it is the same answer.
            const kubectlStops = go.error !== undefined || (go.documents ?? []).some((d) => !isKubernetesObject(d));
            if (go.error !== undefined || !parsed.ok) {
                if (!kubectlStops || parsed.ok) {
                    disagreements.push(
                        `${JSON.stringify(text)}: go ${go.error ?? "reads it"}, ours ${parsed.ok ? "reads it" : JSON.stringify(parsed.problems)}`,
                    );
                }
                return;
            }
            const ours = parsed.documents.map((d) => d.value).filter((v) => v !== null);
            multiple += (go.documents ?? []).filter(isKubernetesObject).length > 1 ? 1 : 0;
            if (!sameJson(sortKeys(ours), sortKeys(go.documents))) {
                disagreements.push(`${JSON.stringify(text)}: go ${JSON.stringify(go.documents)}, ours ${JSON.stringify(ours)}`);
            }
        });
        assert.deepStrictEqual(disagreements, []);
        assert.ok(multiple > 10, `${multiple} streams of several documents`);
        console.log(`      ${texts.length} streams, ${multiple} of several objects`);
        // The two Pods after the read-only one are judged: not only the first value of the file.
        const checked = checkInputs([{ name: "s.json", text: texts[2] }]);
        assert.deepStrictEqual(
            checked.findings.filter((f) => f.policy === "read-only-root-filesystem").map((f) => f.name),
            ["hidden", "third"],
        );
    });

    it("the corpus's Kubernetes manifests: the same JSON for every document", () => {
        const dir = path.resolve(__dirname, "..", "fixtures", "corpus", "kubernetes");
        const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
        const texts = files.map((f) => fs.readFileSync(path.join(dir, f), "utf8"));
        const answers = readLikeKubectl(texts);
        let documents = 0;
        texts.forEach((text, i) => {
            const parsed = parseYamlStream(text);
            assert.ok(parsed.ok && answers[i].error === undefined, files[i]);
            const ours = parsed.documents.map((d) => d.value).filter((v) => v !== null);
            assert.deepStrictEqual(ours, answers[i].documents, files[i]);
            documents += ours.length;
        });
        console.log(`      ${files.length} files, ${documents} documents`);
    });
});

function sortKeys(v: unknown): unknown {
    if (Array.isArray(v)) {
        return v.map(sortKeys);
    }
    const o = asObject(v);
    return o
        ? Object.fromEntries(
              Object.keys(o)
                  .sort()
                  .map((k) => [k, sortKeys(o[k])]),
          )
        : v;
}

// JSON numbers as both sides print them can differ in form only (1e+21 vs 1000000000000000000000).
function sameJson(a: unknown, b: unknown): boolean {
    return JSON.stringify(JSON.parse(JSON.stringify(a))) === JSON.stringify(JSON.parse(JSON.stringify(b)));
}
