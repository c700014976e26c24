// Judging a Pulumi stack read from its state or a preview (pulumiState.ts) with the pack's own
// functions, as the engine has the pack judge it during `pulumi up`: every resource's inputs with
// the per-resource policies, then every resource's outputs with the stack policies.
//
// A value the checker cannot read (a secret without plaintext, a value Pulumi records as unknown)
// is unknown to the pack, which never fails a container on an unknown. For an audit that would be
// a silent pass, so the checker also asks the pack what the value could make of the container: it
// judges the resource again with every such value unset, `true`, `false` and `"ALL"` in turn, and
// a container that fails a mandatory policy in any of these, and not as read, is "unknown": never
// counted as passing.
import { judgeResource, judgeStack, Judgement, PackConfig, podTemplatesOfPack } from "../policy-pack/checks";
import { formatPath, unknownValue, workloadOf } from "../policy-pack/workloads";
import { packPolicies } from "./policies";
import type { InputError, LocatedFinding } from "./check";
import { parsePulumiText, PulumiDocumentKind, PulumiResource, PulumiStack, readPulumiDocument, UnknownCounts } from "./pulumiState";

/** A container (or, with no container name, a whole resource) of a stack. */
export interface AuditedContainer {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** Undefined when the verdict concerns the resource as a whole (no container can be named). */
    readonly container?: string;
    /** The policies it fails at mandatory, or (for an unknown one) could fail. */
    readonly policies: readonly string[];
    /** For an unknown one: how many secrets and unknown values its resource holds. */
    readonly unknowns?: UnknownCounts;
}

/** What the pack at its configured levels would make of one stack. */
export interface StackAudit {
    readonly file: string;
    readonly kind: PulumiDocumentKind;
    /** `project/stack` from the URNs, or undefined for a stack with no resource. */
    readonly stack?: string;
    readonly resources: number;
    /** Resources that run containers. */
    readonly workloads: number;
    /** Containers (and resources judged as a whole) the pack judged. */
    readonly containers: number;
    /** Containers that fail at least one mandatory policy. */
    readonly failing: readonly AuditedContainer[];
    /** Containers whose verdict depends on a value the checker cannot read. */
    readonly unknown: readonly AuditedContainer[];
}

/** The findings, input errors and audit of one Pulumi document. */
export interface PulumiCheck {
    readonly findings: LocatedFinding[];
    readonly errors: InputError[];
    readonly audit: StackAudit;
}

const absent = Symbol("absent");
/** What an unreadable value is replaced with to ask whether it could fail a container. */
const standIns: readonly unknown[] = [absent, true, false, "ALL"];

function hasUnknowns(c: UnknownCounts): boolean {
    return c.secrets + c.computed > 0;
}

/**
 * `value` with every unknown replaced by `standIn` (removed when it is `absent`). Copy on write:
 * only the objects and arrays on the way to an unknown are copied, the rest is shared (and never
 * changed), so a stand-in run allocates little however large the resource.
 */
export function withStandIn(value: unknown, standIn: unknown): unknown {
    if (value === unknownValue) {
        return standIn === absent ? undefined : standIn;
    }
    if (Array.isArray(value)) {
        let out: unknown[] | undefined;
        for (let i = 0; i < value.length; i++) {
            const v: unknown = value[i];
            const replaced = v === unknownValue && standIn === absent ? null : withStandIn(v, standIn);
            if (replaced !== v) {
                out ??= value.slice();
                out[i] = replaced;
            }
        }
        return out ?? value;
    }
    if (value !== null && typeof value === "object") {
        const record = value as Record<string, unknown>;
        const keys = Object.keys(record);
        let out: Record<string, unknown> | undefined;
        for (let k = 0; k < keys.length; k++) {
            const v = record[keys[k]];
            const dropped = v === unknownValue && standIn === absent;
            const replaced = dropped ? undefined : withStandIn(v, standIn);
            if (dropped || replaced !== v) {
                if (!out) {
                    out = {};
                    for (let j = 0; j < k; j++) {
                        out[keys[j]] = record[keys[j]];
                    }
                }
                if (!dropped) {
                    out[keys[k]] = replaced;
                }
            } else if (out) {
                out[keys[k]] = v;
            }
        }
        return out ?? value;
    }
    return value;
}

const keyOf = (urn: string, container: string | undefined) => `${urn}\u0000${container ?? ""}`;

function kindOf(type: string): string {
    return type.slice(type.lastIndexOf(":") + 1) || type;
}

/** Collects verdicts per container, keeping the order containers are met in. */
class Verdicts {
    private readonly entries = new Map<string, { resource: PulumiResource; container?: string; policies: Set<string> }>();

    add(resource: PulumiResource, container: string | undefined, policy: string): void {
        const key = keyOf(resource.urn, container);
        let entry = this.entries.get(key);
        if (!entry) {
            entry = { resource, container, policies: new Set() };
            this.entries.set(key, entry);
        }
        entry.policies.add(policy);
    }

    has(urn: string, container: string | undefined, policy?: string): boolean {
        const entry = this.entries.get(keyOf(urn, container));
        return entry !== undefined && (policy === undefined || entry.policies.has(policy));
    }

    keys(): IterableIterator<string> {
        return this.entries.keys();
    }

    list(unknowns: boolean): AuditedContainer[] {
        return [...this.entries.values()].map((e) => ({
            urn: e.resource.urn,
            type: e.resource.type,
            name: e.resource.name,
            ...(e.container !== undefined ? { container: e.container } : {}),
            policies: [...e.policies].sort(),
            ...(unknowns ? { unknowns: unknownsOf(e.resource) } : {}),
        }));
    }
}

// What made a resource unknown: its inputs when they hold unknowns (what Analyze judges), else its outputs.
function unknownsOf(resource: PulumiResource): UnknownCounts {
    return resource.inputs && hasUnknowns(resource.unknownInputs) ? resource.unknownInputs : resource.unknownOutputs;
}

const mandatory = (j: Judgement) => j.level === "mandatory";

/**
 * The config with every policy that would not report at mandatory disabled: the stand-in runs
 * only ask about mandatory failures, and a disabled policy costs nothing. Undefined when no
 * policy is at mandatory (or remediate, which the engine reports as mandatory when it cannot
 * remediate).
 */
export function mandatoryOnly(config: PackConfig): PackConfig | undefined {
    const out: PackConfig = {};
    let any = false;
    for (const policy of packPolicies()) {
        const entry = config[policy.name];
        const level = typeof entry === "string" ? entry : (entry?.enforcementLevel ?? policy.enforcementLevel);
        if (level === "mandatory" || level === "remediate") {
            any = true;
            out[policy.name] = entry ?? level;
        } else {
            out[policy.name] = typeof entry === "object" && entry !== null ? { ...entry, enforcementLevel: "disabled" } : "disabled";
        }
    }
    return any ? out : undefined;
}

/** Judges one stack read from a Pulumi document. */
export function judgePulumiStack(file: string, stack: PulumiStack, config: PackConfig = {}): PulumiCheck {
    const label = stack.project !== undefined ? `${stack.project}/${stack.stack}` : undefined;
    const findings: LocatedFinding[] = [];
    const errors: InputError[] = stack.problems.map((p) => ({ file, message: p.message, line: p.line, column: p.column }));
    const failing = new Verdicts();
    const maybe: Array<{ resource: PulumiResource; container?: string; policy: string }> = [];
    const judged = new Set<string>();
    const namespaces = new Map<string, string | undefined>();
    let workloads = 0;
    const standInConfig = mandatoryOnly(config);
    // The list judgeResource reads (memoised per config): workloadOf caches views by its identity.
    const podTemplates = podTemplatesOfPack(config);

    const locate = (resource: PulumiResource, j: Judgement): LocatedFinding => ({
        file,
        range: { line: resource.line, column: resource.column, endLine: resource.line, endColumn: resource.column },
        policy: j.policy,
        level: j.level,
        message: j.message,
        source: "pulumi",
        kind: kindOf(resource.type),
        name: resource.name,
        ...(namespaces.get(resource.urn) !== undefined ? { namespace: namespaces.get(resource.urn) } : {}),
        ...(j.container !== undefined ? { container: j.container } : {}),
        documentIndex: 0,
        path: formatPath(j.path),
        stack: label,
        urn: resource.urn,
    });

    for (const resource of stack.resources) {
        const inputs = resource.inputs;
        if (!inputs) {
            continue;
        }
        // The same declared kinds as judgeResource reads, so that the pack's cache of views (by
        // props and kinds) gives judgeResource this view instead of building it again.
        const view = workloadOf(resource.type, inputs, resource.name, undefined, podTemplates);
        if (view) {
            workloads++;
            namespaces.set(resource.urn, view.namespace);
            for (const c of view.containers) {
                judged.add(keyOf(resource.urn, c.name));
            }
            if (view.containers.length === 0 || view.unknownContainers.length > 0) {
                judged.add(keyOf(resource.urn, undefined));
            }
        }
        const actual = judgeResource(resource.type, inputs, resource.name, config);
        for (const j of actual) {
            findings.push(locate(resource, j));
            if (mandatory(j)) {
                failing.add(resource, j.container, j.policy);
            }
        }
        if (standInConfig && hasUnknowns(resource.unknownInputs)) {
            for (const standIn of standIns) {
                for (const j of judgeResource(resource.type, withStandIn(inputs, standIn), resource.name, standInConfig).filter(
                    mandatory,
                )) {
                    maybe.push({ resource, container: j.container, policy: j.policy });
                }
            }
        }
    }

    const byUrn = new Map(stack.resources.map((r) => [r.urn, r]));
    const root = stack.resources.find((r) => r.type === "pulumi:pulumi:Stack") ?? stack.resources[0];
    const stackView = stack.resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.outputs as unknown }));
    for (const j of judgeStack(stackView, config)) {
        // The engine files a stack finding that names no resource of the stack under the root stack.
        const resource = (j.urn !== undefined ? byUrn.get(j.urn) : undefined) ?? root;
        if (!resource) {
            continue;
        }
        findings.push(locate(resource, j));
        if (mandatory(j)) {
            failing.add(resource, j.container, j.policy);
        }
    }
    if (standInConfig && stack.resources.some((r) => hasUnknowns(r.unknownOutputs))) {
        for (const standIn of standIns) {
            const variant = stack.resources.map((r) => ({
                type: r.type,
                name: r.name,
                urn: r.urn,
                props: hasUnknowns(r.unknownOutputs) ? withStandIn(r.outputs, standIn) : (r.outputs as unknown),
            }));
            for (const j of judgeStack(variant, standInConfig).filter(mandatory)) {
                const resource = (j.urn !== undefined ? byUrn.get(j.urn) : undefined) ?? root;
                if (resource) {
                    maybe.push({ resource, container: j.container, policy: j.policy });
                }
            }
        }
    }

    const unknown = new Verdicts();
    for (const m of maybe) {
        // Unknown only where the pack, as it read the stack, does not already fail it.
        if (!failing.has(m.resource.urn, m.container)) {
            unknown.add(m.resource, m.container, m.policy);
        }
    }
    for (const key of [...failing.keys(), ...unknown.keys()]) {
        judged.add(key);
    }
    return {
        findings,
        errors,
        audit: {
            file,
            kind: stack.kind,
            ...(label !== undefined ? { stack: label } : {}),
            resources: stack.resources.length,
            workloads,
            containers: judged.size,
            failing: failing.list(false),
            unknown: unknown.list(true),
        },
    };
}

/**
 * Reads and judges an input when it is one of Pulumi's records; undefined when it is not.
 * `otherReading` says what else the document is to the tools that deploy files (a Kubernetes
 * object, a Compose file…), if anything: a Pulumi record is none of these, so a document that is
 * both is an error, whatever the stack's verdict. Otherwise a writable Deployment with a
 * `deployment` key beside its `spec` would be judged as an empty stack, and applied by kubectl.
 */
export function checkPulumiInput(
    file: string,
    text: string,
    config: PackConfig = {},
    otherReading: (value: unknown) => string | undefined = () => undefined,
): PulumiCheck | undefined {
    const parsed = parsePulumiText(text);
    const stack = parsed ? readPulumiDocument(parsed.value, parsed.body) : undefined;
    if (!parsed || !stack) {
        return undefined;
    }
    const checked = judgePulumiStack(file, stack, config);
    const other = otherReading(parsed.value);
    if (other !== undefined) {
        checked.errors.push({
            file,
            message:
                `this document is a Pulumi ${stack.kind} and also ${other}, which the tools that deploy such files read: ` +
                "no Pulumi record is one. Keep the two apart, so that each is judged as what it is",
        });
    }
    return checked;
}
