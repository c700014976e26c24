// The checker proper: inputs → documents → resources → the pack's judgements → findings with
// file positions. Every rule comes from the policy pack (`judgeResource`, `judgeStack`).
import { judgeResource, judgeStack, Judgement, PackConfig, podTemplatesOfPack } from "../policy-pack/checks";
import type { FindingFacts } from "../policy-pack/lib/findings";
import { formatPath, PropertyPath, workloadOf } from "../policy-pack/workloads";
import * as path from "path";
import type * as ComposeReader from "./compose";
import { isComposeFile } from "./composeDetect";
import { dialectOf } from "./dialects";
import { ecsResources, isEcsTaskDefinition } from "./ecs";
import { parseYamlStream, SourceDocument, SourceRange } from "./documents";
import { Input, stdinName } from "./inputs";
import { isKubernetesObject, kubernetesResources } from "./kubernetes";
import { buildError, buildOf } from "./builtSources";
import { ManifestResource, ResourceSource } from "./resources";
import { mayBePulumiDocument } from "./pulumiDetect";
import type * as StateCheck from "./stateCheck";
import type { StackAudit } from "./stateCheck";

/** A finding of the pack, placed in a file. */
export interface LocatedFinding {
    readonly file: string;
    readonly range: SourceRange;
    readonly policy: string;
    readonly level: Judgement["level"];
    readonly message: string;
    readonly source: ResourceSource;
    /** Kubernetes kind, or `service` for Compose. */
    readonly kind: string;
    /** Object or service name. */
    readonly name: string;
    readonly namespace?: string;
    readonly container?: string;
    /** 0-based index of the document in its stream. */
    readonly documentIndex: number;
    /** The props path the pack reported, as users write it (`spec.template.spec.containers[0]…`). */
    readonly path: string;
    /** The finding as data (what is wrong, in which state, what kind of fix), when the policy gives it. */
    readonly facts?: FindingFacts;
    /** Pulumi state and previews: the stack (`project/stack`) and the resource's URN. */
    readonly stack?: string;
    readonly urn?: string;
}

/** An input that could not be checked. */
export interface InputError {
    readonly file: string;
    readonly message: string;
    readonly line?: number;
    readonly column?: number;
}

/** Counts for the summary line. */
export interface CheckSummary {
    /** Inputs read (files and standard input), valid or not. */
    readonly inputs: number;
    readonly invalidInputs: number;
    readonly documents: number;
    /** Documents that are neither a Kubernetes object nor a Compose file (empty ones included). */
    readonly skippedDocuments: number;
    /** Kubernetes objects and Compose services. */
    readonly resources: number;
    /** Resources that run containers (what the per-resource policies judge). */
    readonly workloads: number;
    readonly mandatory: number;
    readonly advisory: number;
}

/** Everything a run found. */
export interface CheckResult {
    readonly findings: readonly LocatedFinding[];
    readonly errors: readonly InputError[];
    readonly summary: CheckSummary;
    /** One audit per Pulumi state or preview among the inputs (stateCheck.ts). */
    readonly stacks?: readonly StackAudit[];
}

interface Located {
    readonly file: string;
    readonly document: SourceDocument;
    readonly resource: ManifestResource;
}

/**
 * A string kept until the report is written (a message, a path, a URN) as one flat string.
 * Messages and paths are built by concatenation, and V8 keeps a concatenation as a tree of its
 * parts until it is read; thousands of findings held three to five times their text in such trees.
 * Reading a character flattens the string in place.
 */
function flat(text: string): string {
    text.charCodeAt(0);
    return text;
}

function locate(where: Located, judgement: Judgement, path: PropertyPath): LocatedFinding {
    const { resource, document } = where;
    return {
        file: where.file,
        range: document.rangeOf(resource.yamlPathOf(path)),
        policy: judgement.policy,
        level: judgement.level,
        message: flat(judgement.message),
        source: resource.source,
        kind: resource.kind,
        name: resource.name,
        namespace: resource.namespace,
        container: judgement.container,
        documentIndex: document.index,
        path: flat(formatPath(path)),
        ...(judgement.facts ? { facts: judgement.facts } : {}),
    };
}

/** How the checker reaches files that inputs refer to. */
export interface CheckOptions {
    /** What relative input names (and, for standard input, Compose `extends` files) are relative to; defaults to `process.cwd()`. */
    readonly cwd?: string;
    /** Told the length of each YAML stream (manifests, Compose, ECS files) just before it is parsed. */
    readonly onYamlStream?: (chars: number) => void;
}

// The Pulumi reader is loaded on the first input that may be a Pulumi state or preview.
let stateCheckModule: typeof StateCheck | undefined;
function stateCheck(): typeof StateCheck {
    return (stateCheckModule ??= require("./stateCheck") as typeof StateCheck);
}

// The Compose reader is loaded on the first Compose file: a run over manifests never needs it.
let composeModule: typeof ComposeReader | undefined;
function composeReader(): typeof ComposeReader {
    return (composeModule ??= require("./compose") as typeof ComposeReader);
}

/** Which manifest reader reads a document, in the order resourcesOf asks them; undefined for none. */
function manifestKindOf(value: unknown): "kubernetes" | "compose" | "ecs" | undefined {
    if (isKubernetesObject(value)) {
        return "kubernetes";
    }
    if (isComposeFile(value)) {
        return "compose";
    }
    return isEcsTaskDefinition(value) ? "ecs" : undefined;
}

function resourcesOf(
    document: SourceDocument,
    input: { name: string; text: string },
    cwd: string,
    errors: InputError[],
): ManifestResource[] | undefined {
    switch (manifestKindOf(document.value)) {
        case "kubernetes":
            return kubernetesResources(document.value, document.index);
        case "compose": {
            // A Compose file is read as docker compose reads it: its `extends` files are relative to its directory.
            const file = input.name === stdinName ? undefined : path.resolve(cwd, input.name);
            const read = composeReader().readCompose(document.value, {
                text: input.text,
                documentIndex: document.index,
                file,
                dir: file ? path.dirname(file) : cwd,
            });
            for (const p of read.problems) {
                const at = document.rangeOf(p.yamlPath);
                errors.push({ file: input.name, message: p.message, line: at.line, column: at.column });
            }
            return read.resources;
        }
        case "ecs":
            return ecsResources(document.value, document.index);
        default:
            return undefined;
    }
}

/** What the manifest readers (resourcesOf) would read a document as; undefined for nothing they read. */
function manifestReading(value: unknown): string | undefined {
    switch (manifestKindOf(value)) {
        case "kubernetes": {
            const object = value as Record<string, unknown>;
            return `a Kubernetes object (${String(object.apiVersion)} ${String(object.kind)})`;
        }
        case "compose":
            return "a Compose file (it has services)";
        case "ecs":
            return "an ECS task definition";
        default:
            return undefined;
    }
}

/**
 * Judges every input with the pack's per-resource policies, then every resource of the run
 * together with its stack policies (one run is one stack, as `helm template` output is one
 * release). Never throws on bad input: such inputs become errors and the others are checked.
 */
export function checkInputs(inputs: readonly Input[], config: PackConfig = {}, options: CheckOptions = {}): CheckResult {
    const cwd = options.cwd ?? process.cwd();
    const findings: LocatedFinding[] = [];
    const errors: InputError[] = [];
    const byUrn = new Map<string, Located>();
    let documents = 0;
    let skippedDocuments = 0;
    let resources = 0;
    let workloads = 0;
    const stacks: StackAudit[] = [];

    inputs.forEach((input, inputIndex) => {
        if ("error" in input) {
            errors.push({ file: input.name, message: input.error });
            return;
        }
        // A Pulumi state or preview is one stack of its own, judged as the engine would (stateCheck.ts).
        const pulumi = mayBePulumiDocument(input.text)
            ? stateCheck().checkPulumiInput(input.name, input.text, config, manifestReading)
            : undefined;
        if (pulumi) {
            documents++;
            resources += pulumi.audit.resources;
            workloads += pulumi.audit.workloads;
            pulumi.findings.forEach((f) => findings.push(f));
            pulumi.errors.forEach((e) => errors.push(e));
            stacks.push(pulumi.audit);
            return;
        }
        options.onYamlStream?.(input.text.length);
        const parsed = parseYamlStream(input.text);
        if (!parsed.ok) {
            for (const p of parsed.problems) {
                errors.push({ file: input.name, message: p.message, line: p.line, column: p.column });
            }
            return;
        }
        const build = buildOf(
            input.name,
            parsed.documents.map((d) => d.value),
        );
        if (build) {
            errors.push({ file: input.name, message: buildError(build) });
            return;
        }
        for (const document of parsed.documents) {
            documents++;
            const found = resourcesOf(document, input, cwd, errors);
            if (!found) {
                skippedDocuments++;
                continue;
            }
            found.forEach((resource, resourceIndex) => {
                resources++;
                const where: Located = { file: input.name, document, resource };
                // A URN that is unique in the run, so stack findings can be traced back.
                const urn = flat(
                    `urn:pulumi:immutable-check::${inputIndex}.${document.index}.${resourceIndex}::${resource.type}::${resource.name}`,
                );
                byUrn.set(urn, where);
                // The view judgeResource reads next (same dialect and declared kinds): built once.
                if (workloadOf(resource.type, resource.props, resource.name, dialectOf(resource), podTemplatesOfPack(config))) {
                    workloads++;
                }
                for (const j of judgeResource(resource.type, resource.props, resource.name, config, dialectOf(resource))) {
                    findings.push(locate(where, j, j.path));
                }
            });
        }
    });

    const stack = [...byUrn.entries()].map(([urn, w]) => ({
        type: w.resource.type,
        name: w.resource.name,
        urn,
        props: w.resource.props,
        dialect: dialectOf(w.resource),
    }));
    for (const j of judgeStack(stack, config)) {
        const where = j.urn !== undefined ? byUrn.get(j.urn) : undefined;
        if (where) {
            findings.push(locate(where, j, j.path));
        } else {
            // A stack finding about no resource in particular: placed at the start of the first input.
            const first = byUrn.values().next().value;
            if (first) {
                findings.push({ ...locate(first, j, []), range: { line: 1, column: 1, endLine: 1, endColumn: 1 } });
            }
        }
    }

    const order = new Map(inputs.map((i, n) => [i.name, n]));
    findings.sort(
        (a, b) =>
            (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) ||
            a.range.line - b.range.line ||
            a.range.column - b.range.column ||
            (a.policy < b.policy ? -1 : a.policy > b.policy ? 1 : 0),
    );
    const invalid = new Set(errors.map((e) => e.file));
    return {
        findings,
        errors,
        summary: {
            inputs: inputs.length,
            invalidInputs: invalid.size,
            documents,
            skippedDocuments,
            resources,
            workloads,
            mandatory: findings.filter((f) => f.level === "mandatory").length,
            advisory: findings.filter((f) => f.level === "advisory").length,
        },
        ...(stacks.length > 0 ? { stacks } : {}),
    };
}
