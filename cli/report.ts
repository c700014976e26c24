// The three outputs of a run: a terminal report for people, JSON for scripts, SARIF for code
// scanning (see sarif.ts). Only the terminal report has colour, and only on a terminal.
import { CheckResult, InputError, LocatedFinding } from "./check";
import { SkippedEntry } from "./inputs";
import { writeJson } from "./jsonChunks";
import { auditJson, formatAuditText, pulumiSubject, unknownContainerCount } from "./summary";

/** Output formats of `--format`. */
export const formats = ["text", "json", "sarif"] as const;
export type Format = (typeof formats)[number];

interface Palette {
    readonly red: (s: string) => string;
    readonly yellow: (s: string) => string;
    readonly bold: (s: string) => string;
    readonly dim: (s: string) => string;
}

const plain: Palette = { red: (s) => s, yellow: (s) => s, bold: (s) => s, dim: (s) => s };
const sgr = (code: string) => (s: string) => `\u001b[${code}m${s}\u001b[0m`;
const ansi: Palette = { red: sgr("31"), yellow: sgr("33"), bold: sgr("1"), dim: sgr("2") };

function plural(n: number, word: string): string {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** `file:line:column`, the form editors and terminals turn into links. */
export function placeOf(f: { file: string; range?: { line: number; column: number }; line?: number; column?: number }): string {
    const line = f.range?.line ?? f.line;
    const column = f.range?.column ?? f.column;
    return line !== undefined ? `${f.file}:${line}:${column ?? 1}` : f.file;
}

/** What a finding concerns: `Deployment web (namespace ns), container "app"` or `service web`. */
export function subjectOf(f: LocatedFinding): string {
    if (f.source === "pulumi") {
        return pulumiSubject(f);
    }
    const ns = f.namespace ? ` (namespace ${f.namespace})` : "";
    const container = (f.source === "kubernetes" || f.source === "ecs") && f.container ? `, container "${f.container}"` : "";
    return `${f.kind} ${f.name}${ns}${container}`;
}

/** The summary line. */
export function summaryLine(result: CheckResult): string {
    const s = result.summary;
    const unknown = unknownContainerCount(result);
    const verdict =
        (s.mandatory + s.advisory === 0
            ? "no findings"
            : `${plural(s.mandatory, "mandatory finding")}, ${plural(s.advisory, "advisory finding")}`) +
        (unknown > 0 ? `, ${plural(unknown, "container")} unknown` : "");
    const parts = [
        `${plural(s.workloads, "workload")} in ${plural(s.inputs, "input")} checked`,
        `${plural(s.documents, "document")} read`,
        `${s.skippedDocuments} skipped (not a manifest, Compose file, task definition or Pulumi stack)`,
    ];
    if (s.invalidInputs > 0) {
        parts.push(`${plural(s.invalidInputs, "input")} could not be checked`);
    }
    return `${verdict}: ${parts.join(", ")}`;
}

/** The terminal report: one block per finding, the errors, the entries skipped, then the summary line. */
export function formatText(result: CheckResult, colour: boolean, skipped: readonly SkippedEntry[] = []): string {
    const c = colour ? ansi : plain;
    const lines: string[] = [];
    for (const f of result.findings) {
        const level = f.level === "mandatory" ? c.red("mandatory") : c.yellow("advisory");
        lines.push(`${c.bold(placeOf(f))}  ${level}  ${f.policy}  ${subjectOf(f)}`);
        lines.push(`  ${f.message}`);
    }
    for (const e of result.errors) {
        lines.push(`${c.bold(placeOf(e))}  ${c.red("error")}  ${e.message}`);
    }
    for (const s of skipped) {
        lines.push(`${c.bold(s.path)}  ${c.dim("skipped")}  ${s.reason}`);
    }
    if (lines.length > 0) {
        lines.push("");
    }
    const audit = formatAuditText(result.stacks ?? []);
    if (audit !== "") {
        lines.push(audit);
    }
    const s = result.summary;
    const summary = summaryLine(result);
    const unknown = unknownContainerCount(result) > 0;
    lines.push(s.mandatory > 0 || s.invalidInputs > 0 || unknown ? c.red(summary) : s.advisory > 0 ? c.yellow(summary) : summary);
    return lines.join("\n") + "\n";
}

/** Input errors as lines for standard error (`file:line:col: error: message`). */
export function formatErrors(errors: readonly InputError[]): string {
    return errors.map((e) => `immutable-check: ${placeOf(e)}: ${e.message}\n`).join("");
}

/** Directory entries a walk skipped, as note lines for standard error. */
export function formatSkipped(skipped: readonly SkippedEntry[]): string {
    return skipped.map((s) => `immutable-check: ${s.path}: skipped: ${s.reason}\n`).join("");
}

/** The JSON report: findings, input errors, skipped directory entries and the counts, stable for scripts. */
export function formatJson(result: CheckResult, skipped: readonly SkippedEntry[] = []): string {
    const chunks: string[] = [];
    writeJsonReport(result, skipped, (chunk) => chunks.push(chunk));
    return chunks.join("");
}

/** The JSON report, written a piece at a time (the same bytes as formatJson). */
export function writeJsonReport(result: CheckResult, skipped: readonly SkippedEntry[], write: (chunk: string) => void): void {
    const report = {
        findings: result.findings.map((f) => ({
            file: f.file,
            line: f.range.line,
            column: f.range.column,
            endLine: f.range.endLine,
            endColumn: f.range.endColumn,
            policy: f.policy,
            level: f.level,
            source: f.source,
            kind: f.kind,
            name: f.name,
            ...(f.namespace !== undefined ? { namespace: f.namespace } : {}),
            ...(f.container !== undefined ? { container: f.container } : {}),
            documentIndex: f.documentIndex,
            path: f.path,
            ...(f.facts !== undefined ? { facts: f.facts } : {}),
            ...(f.stack !== undefined ? { stack: f.stack } : {}),
            ...(f.urn !== undefined ? { urn: f.urn } : {}),
            message: f.message,
        })),
        errors: result.errors,
        skipped: skipped.map((s) => ({ path: s.path, reason: s.reason })),
        summary: result.summary,
        ...(result.stacks ? auditJson(result.stacks) : {}),
    };
    writeJson(report, 2, write);
    write("\n");
}
