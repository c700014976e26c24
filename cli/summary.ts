// The summary an organisation acts on before it enforces the pack: per stack and per policy, how
// many containers would fail a mandatory policy in `pulumi up`, how many cannot be judged from
// what Pulumi recorded (secrets, unknowns), and the list of them. Rendered for the terminal and as
// part of the JSON report.
import type { CheckResult, LocatedFinding } from "./check";
import type { AuditedContainer, StackAudit } from "./stateCheck";

/** Counts for one stack, or for all of them. */
export interface AuditCounts {
    readonly stacks: number;
    /** Stacks with at least one container failing a mandatory policy. */
    readonly failingStacks: number;
    readonly containers: number;
    readonly failing: number;
    readonly unknown: number;
    /** Containers failing each mandatory policy (a container failing two counts under both). */
    readonly byPolicy: Readonly<Record<string, number>>;
}

function countByPolicy(containers: readonly AuditedContainer[], into: Record<string, number> = {}): Record<string, number> {
    for (const c of containers) {
        for (const p of c.policies) {
            into[p] = (into[p] ?? 0) + 1;
        }
    }
    return into;
}

function sortedRecord(record: Record<string, number>): Record<string, number> {
    return Object.fromEntries(Object.entries(record).sort(([a, x], [b, y]) => y - x || a.localeCompare(b)));
}

/** The counts over a set of stacks. */
export function auditCounts(stacks: readonly StackAudit[]): AuditCounts {
    const byPolicy: Record<string, number> = {};
    for (const s of stacks) {
        countByPolicy(s.failing, byPolicy);
    }
    return {
        stacks: stacks.length,
        failingStacks: stacks.filter((s) => s.failing.length > 0).length,
        containers: stacks.reduce((n, s) => n + s.containers, 0),
        failing: stacks.reduce((n, s) => n + s.failing.length, 0),
        unknown: stacks.reduce((n, s) => n + s.unknown.length, 0),
        byPolicy: sortedRecord(byPolicy),
    };
}

/** Containers across the run whose verdict depends on a value the checker cannot read. */
export function unknownContainerCount(result: CheckResult): number {
    return (result.stacks ?? []).reduce((n, s) => n + s.unknown.length, 0);
}

function stackName(s: { stack?: string }): string {
    return s.stack ?? "(empty stack)";
}

function plural(n: number, word: string): string {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** A container of a stack as one line: the resource's URN and the container's name. */
function containerText(c: AuditedContainer): string {
    return `${c.urn}  ${c.container !== undefined ? `container "${c.container}"` : "(the resource as a whole: its containers cannot be named)"}`;
}

/** What a finding about a Pulumi resource concerns: its stack, URN and container. */
export function pulumiSubject(f: LocatedFinding): string {
    const container = f.container !== undefined ? `, container "${f.container}"` : "";
    return `stack ${f.stack ?? "(empty stack)"}, ${f.urn ?? f.name}${container}`;
}

function unknownWhy(c: AuditedContainer): string {
    const u = c.unknowns ?? { secrets: 0, computed: 0 };
    const parts: string[] = [];
    if (u.secrets > 0) {
        parts.push(`${plural(u.secrets, "secret")} (export with --show-secrets to judge them)`);
    }
    if (u.computed > 0) {
        parts.push(`${plural(u.computed, "unknown value")}`);
    }
    return parts.join(" and ");
}

/** The terminal summary of every Pulumi stack of a run; empty when there is none. */
export function formatAuditText(stacks: readonly StackAudit[]): string {
    if (stacks.length === 0) {
        return "";
    }
    const lines: string[] = ["Pulumi stacks: what the pack, at the levels configured, would stop in pulumi up"];
    const policyLines = (byPolicy: Record<string, number>, indent: string) => {
        const width = Math.max(0, ...Object.keys(byPolicy).map((p) => p.length));
        for (const [policy, n] of Object.entries(sortedRecord(byPolicy))) {
            lines.push(`${indent}${policy.padEnd(width)}  ${plural(n, "container")}`);
        }
    };
    for (const s of stacks) {
        lines.push(
            `  ${stackName(s)} (${s.file}, ${s.kind}): ${plural(s.containers, "container")} in ${plural(s.workloads, "workload")}, ` +
                `${s.failing.length} failing mandatory, ${s.unknown.length} unknown`,
        );
        policyLines(countByPolicy(s.failing), "    ");
    }
    if (stacks.length > 1) {
        const all = auditCounts(stacks);
        lines.push(
            `  all ${plural(all.stacks, "stack")}: ${all.failing} of ${plural(all.containers, "container")} failing mandatory ` +
                `in ${plural(all.failingStacks, "stack")}, ${all.unknown} unknown`,
        );
        policyLines({ ...all.byPolicy }, "    ");
    }
    const failing = stacks.flatMap((s) => s.failing.map((c) => ({ s, c })));
    if (failing.length > 0) {
        lines.push("Failing mandatory:");
        for (const { s, c } of failing) {
            lines.push(`  ${stackName(s)}  ${containerText(c)}  ${c.policies.join(", ")}`);
        }
    }
    const unknown = stacks.flatMap((s) => s.unknown.map((c) => ({ s, c })));
    if (unknown.length > 0) {
        lines.push("Unknown (neither pass nor fail: the verdict depends on values Pulumi did not record in the clear):");
        for (const { s, c } of unknown) {
            lines.push(`  ${stackName(s)}  ${containerText(c)}  could fail ${c.policies.join(", ")}; its resource holds ${unknownWhy(c)}`);
        }
    }
    return lines.join("\n") + "\n";
}

/** The JSON form: one entry per stack, and the counts across them. */
export function auditJson(stacks: readonly StackAudit[]): { stacks: object[]; organisation: AuditCounts } {
    return {
        stacks: stacks.map((s) => ({
            file: s.file,
            kind: s.kind,
            stack: s.stack ?? null,
            resources: s.resources,
            workloads: s.workloads,
            containers: s.containers,
            failingContainers: s.failing.length,
            unknownContainers: s.unknown.length,
            byPolicy: sortedRecord(countByPolicy(s.failing)),
            failing: s.failing,
            unknown: s.unknown,
        })),
        organisation: auditCounts(stacks),
    };
}
