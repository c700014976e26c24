// Property-based: for arbitrary props of every covered type the policy never throws, and a
// read-only root filesystem on every container removes every violation.
import * as assert from "assert";
import fc from "fast-check";
import { readOnlyRootFilesystem } from "../../../policy-pack/policies/read-only-root-filesystem";
import { kubernetesWorkloadType, kubernetesWorkloadTypeTokens } from "../../../policy-pack/workloads";
import { remediationOf, secretOnTheWire, unknownOnTheWire, violationsOf } from "../../helpers/policyArgs";

const types = [...kubernetesWorkloadTypeTokens, "docker:index/container:Container", "docker:index/service:Service"];

// Leaves include the engine's unknown sentinel; any node may be wrapped as a secret.
const leaf = fc.oneof(fc.constant(unknownOnTheWire), fc.boolean(), fc.string(), fc.integer(), fc.constant(null));
const anyValue = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
        { depthSize: "small" },
        leaf,
        fc.array(tie("value"), { maxLength: 3 }),
        fc.dictionary(
            fc.constantFrom("name", "image", "securityContext", "readOnlyRootFilesystem", "readOnly", "containers", "x"),
            tie("value"),
            { maxKeys: 4 },
        ),
        tie("value").map((v) => secretOnTheWire(v)),
    ),
})).value;

const container = fc.record(
    { name: fc.oneof(fc.string(), fc.constant(unknownOnTheWire)), image: fc.string(), securityContext: anyValue },
    { requiredKeys: [] },
);
const podSpec = fc.record(
    {
        containers: fc.oneof(fc.array(fc.oneof(container, anyValue), { maxLength: 4 }), anyValue),
        initContainers: fc.array(container, { maxLength: 2 }),
        ephemeralContainers: fc.array(container, { maxLength: 2 }),
        securityContext: anyValue,
        os: fc.oneof(fc.constant({ name: "linux" }), anyValue),
    },
    { requiredKeys: [] },
);

function nest(path: ReadonlyArray<string | number>, leafValue: unknown): Record<string, unknown> {
    return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), leafValue) as Record<string, unknown>;
}

function propsFor(type: string, spec: Record<string, unknown>, metadata: unknown): Record<string, unknown> {
    const k = kubernetesWorkloadType(type);
    if (k) {
        return { metadata, ...nest(k.podSpecPath, spec) };
    }
    const c = ((spec.containers as unknown[] | undefined) ?? [])[0];
    const containerSpec = c && typeof c === "object" && !Array.isArray(c) ? c : {};
    return type.endsWith(":Container") ? { ...containerSpec } : { taskSpec: { containerSpec } };
}

function isObject(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}
function isSecret(v: unknown): boolean {
    return isObject(v) && "4dabf18193072939515e22adb298388d" in v;
}

// The object inside any number of secret wrappers (made an object when it is not one).
function unwrapSecrets(v: unknown): Record<string, unknown> | undefined {
    let current = v;
    while (isSecret(current)) {
        const wrapper = current as Record<string, unknown>;
        if (!isObject(wrapper.value)) {
            wrapper.value = {};
        }
        current = wrapper.value;
    }
    return isObject(current) ? current : undefined;
}

// Makes every container (every list, every object entry) read-only, the way a user would.
function makeReadOnly(type: string, props: Record<string, unknown>): Record<string, unknown> {
    const copy = JSON.parse(JSON.stringify(props)) as Record<string, unknown>;
    const k = kubernetesWorkloadType(type);
    if (!k) {
        const holder = type.endsWith(":Container") ? copy : unwrapSecrets((copy.taskSpec as Record<string, unknown>).containerSpec);
        holder!.readOnly = true;
        return copy;
    }
    let spec: unknown = copy;
    for (const key of k.podSpecPath) {
        spec = (spec as Record<string | number, unknown>)[key];
    }
    for (const list of ["containers", "initContainers", "ephemeralContainers"]) {
        // The list itself may arrive wrapped as a secret.
        let entries = (spec as Record<string, unknown>)[list];
        while (isSecret(entries)) {
            entries = (entries as Record<string, unknown>).value;
        }
        if (Array.isArray(entries)) {
            for (const entry of entries) {
                const e = unwrapSecrets(entry);
                if (e) {
                    // A secret-wrapped securityContext stays secret, with the field set inside it.
                    const sc = isSecret(e.securityContext) ? unwrapSecrets(e.securityContext) : undefined;
                    if (sc) {
                        sc.readOnlyRootFilesystem = true;
                    } else {
                        e.securityContext = { ...(isObject(e.securityContext) ? e.securityContext : {}), readOnlyRootFilesystem: true };
                    }
                }
            }
        }
    }
    return copy;
}

describe("read-only-root-filesystem properties", function () {
    this.timeout(120_000);

    it("never throws on arbitrary JSON props of any covered type", async () => {
        await fc.assert(
            fc.asyncProperty(fc.constantFrom(...types), fc.oneof(anyValue, fc.dictionary(fc.string(), anyValue)), async (type, props) => {
                const wire = (props && typeof props === "object" && !Array.isArray(props) ? props : { v: props }) as Record<
                    string,
                    unknown
                >;
                await violationsOf(readOnlyRootFilesystem, type, wire);
                await remediationOf(readOnlyRootFilesystem, type, wire);
            }),
            { numRuns: 400 },
        );
    });

    it("never throws on workload-shaped props, and read-only containers leave no violation", async () => {
        await fc.assert(
            fc.asyncProperty(fc.constantFrom(...types), podSpec, anyValue, async (type, spec, metadata) => {
                const props = propsFor(type, spec as Record<string, unknown>, metadata);
                await violationsOf(readOnlyRootFilesystem, type, props);
                const fixed = makeReadOnly(type, props);
                // What is left can only be the containers that are not containers (malformed lists
                // and entries): those are reported, never passed.
                const left = await violationsOf(readOnlyRootFilesystem, type, fixed);
                assert.deepStrictEqual(
                    left.filter((m) => !/ cannot be judged: /.test(m)),
                    [],
                );
            }),
            { numRuns: 400 },
        );
    });

    it("remediation with remediateExplicitFalse leaves no violation on non-patch types", async () => {
        const fullTypes = types.filter((t) => !t.endsWith("Patch"));
        await fc.assert(
            fc.asyncProperty(fc.constantFrom(...fullTypes), podSpec, async (type, spec) => {
                const props = propsFor(type, spec as Record<string, unknown>, { name: "w" });
                const config = { remediateExplicitFalse: true };
                const fixed = (await remediationOf(readOnlyRootFilesystem, type, props, config)) ?? props;
                const left = await violationsOf(readOnlyRootFilesystem, type, fixed, config);
                assert.deepStrictEqual(
                    left.filter((m) => !/ cannot be judged: /.test(m)),
                    [],
                );
            }),
            { numRuns: 300 },
        );
    });
});
