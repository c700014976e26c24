// Property: outside a preview, no string written anywhere in a resource's props (the engine's
// unknown sentinels, blank and invisible text, any other text) and no key named like the SDK's
// proxy key turns a mandatory violation of read-only-root-filesystem into a pass.
import * as assert from "assert";
import fc from "fast-check";
import { readOnlyRootFilesystem } from "../../../policy-pack/policies/read-only-root-filesystem";
import { violationsOf } from "../../helpers/policyArgs";
import { deployment, deploymentType, dockerContainer, dockerContainerType, dockerServiceType, swarmService } from "../../helpers/builders";
import { sentinels } from "../../helpers/sdkSentinels";

const marker = "immutable-workloads/exempt";
type Path = Array<string | number>;

// Violating workloads: one writable container among read-only ones.
const writable = fc.constantFrom<Record<string, unknown>>(
    {},
    { securityContext: {} },
    { securityContext: { readOnlyRootFilesystem: false } },
    { securityContext: { runAsUser: 1000 } },
);
const readOnlyContainer = (name: string) => ({ name, image: "nginx:1.27", securityContext: { readOnlyRootFilesystem: true } });
const subjects = fc.oneof(
    fc.tuple(writable, fc.nat(2), fc.constantFrom("containers", "initContainers")).map(([w, at, list]) => {
        const entries: Array<Record<string, unknown>> = [readOnlyContainer("a"), readOnlyContainer("b")];
        entries.splice(at, 0, { name: "w", image: "busybox", ...w });
        const spec: Record<string, unknown> = { containers: [readOnlyContainer("main")], [list]: entries };
        return { type: deploymentType, props: deployment(spec, { annotations: { team: "web" } }) };
    }),
    fc.tuple(writable, fc.nat(1)).map(([w, at]) => {
        const entries: Array<Record<string, unknown>> = [readOnlyContainer("a")];
        entries.splice(at, 0, { name: "w", image: "busybox", ...w });
        return {
            type: "kubernetes:batch/v1:CronJob",
            props: {
                apiVersion: "batch/v1",
                kind: "CronJob",
                metadata: { name: "job" },
                spec: { schedule: "* * * * *", jobTemplate: { spec: { template: { spec: { containers: entries } } } } },
            },
        };
    }),
    fc.constantFrom(
        { type: dockerContainerType, props: dockerContainer({ readOnly: false, labels: [{ label: "team", value: "web" }] }) },
        { type: dockerContainerType, props: { name: "web", image: "nginx:1.27" } },
        { type: dockerServiceType, props: swarmService({ readOnly: false, labels: [{ label: "team", value: "web" }] }) },
    ),
);

// Every node of a JSON value, by path.
function pathsOf(value: unknown, at: Path = [], out: Path[] = []): Path[] {
    out.push(at);
    if (Array.isArray(value)) {
        value.forEach((v, i) => pathsOf(v, [...at, i], out));
    } else if (value !== null && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) {
            pathsOf(v, [...at, k], out);
        }
    }
    return out;
}

function objectAt(root: unknown, path: Path): unknown {
    return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);
}

// A justification written as visible text legitimately exempts: the one place a string may pass.
function isMarkerValue(path: Path, props: unknown): boolean {
    const last = path[path.length - 1];
    if (last === marker) {
        return true;
    }
    // A Docker label entry's value whose label is the marker.
    if (last === "value" && path.length >= 2) {
        const entry = objectAt(props, path.slice(0, -1)) as Record<string, unknown>;
        return entry?.label === marker;
    }
    return false;
}

const text = fc.oneof(
    fc.constantFrom(...sentinels),
    fc.constantFrom("", " ", "\u200b", "\ufeff", "true", "yes", "y", "1", "__getSpecialProxyTarget"),
    fc.string(),
);
const anyJson = fc.jsonValue({ maxDepth: 2 });

describe("gate property: no string anywhere turns a violation into a pass outside a preview", function () {
    this.timeout(120_000);

    it("replacing any node with a string keeps a mandatory violation", async () => {
        await fc.assert(
            fc.asyncProperty(subjects, fc.nat(), text, async (subject, pick, replacement) => {
                const props = JSON.parse(JSON.stringify(subject.props)) as Record<string, unknown>;
                const paths = pathsOf(props).filter((p) => p.length > 0 && !isMarkerValue(p, props));
                const path = paths[pick % paths.length];
                const parent = objectAt(props, path.slice(0, -1)) as Record<string | number, unknown>;
                parent[path[path.length - 1]] = replacement;
                const messages = await violationsOf(readOnlyRootFilesystem, subject.type, props, {}, "web", { preview: false });
                assert.ok(
                    messages.length >= 1,
                    `passed after ${JSON.stringify(path)} = ${JSON.stringify(replacement)}: ${JSON.stringify(props)}`,
                );
            }),
            { numRuns: 600 },
        );
    });

    it("adding a key (the SDK's proxy key among them) to any object keeps a mandatory violation", async () => {
        const keys = fc.oneof(
            fc.constant("__getSpecialProxyTarget"),
            fc.constant("__isSpecialProxy"),
            fc.string().filter((k) => k !== marker),
        );
        await fc.assert(
            fc.asyncProperty(
                subjects,
                fc.nat(),
                keys,
                fc.oneof(text, anyJson, fc.constant({ containers: [] }), fc.constant({ readOnly: true })),
                async (subject, pick, key, value) => {
                    const props = JSON.parse(JSON.stringify(subject.props)) as Record<string, unknown>;
                    const objects = pathsOf(props).filter((p) => {
                        const node = objectAt(props, p);
                        return node !== null && typeof node === "object" && !Array.isArray(node);
                    });
                    const path = objects[pick % objects.length];
                    const node = objectAt(props, path) as Record<string, unknown>;
                    // Only new keys: overwriting a field is the other property.
                    if (Object.prototype.hasOwnProperty.call(node, key)) {
                        return;
                    }
                    node[key] = value;
                    const messages = await violationsOf(readOnlyRootFilesystem, subject.type, props, {}, "web", { preview: false });
                    assert.ok(
                        messages.length >= 1,
                        `passed after adding ${JSON.stringify(key)} at ${JSON.stringify(path)}: ${JSON.stringify(props)}`,
                    );
                },
            ),
            { numRuns: 600 },
        );
    });
});
