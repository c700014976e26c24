// Calls a policy the way `@pulumi/policy`'s server does: props go through a protobuf Struct, the
// SDK's own deserialiser (secrets unwrapped for Analyze, kept as `Secret` for Remediate) and its
// unknown-checking proxy, so unit tests see exactly what a policy sees under the engine.
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { unknownOnTheWire, secretOnTheWire } from "./analyzer";
import { setPreview, unknownsPossible } from "../../policy-pack/workloads";

// Internal modules of @pulumi/policy (their .d.ts files export nothing).
const deserialize = require("@pulumi/policy/deserialize") as {
    deserializeProperties(s: Struct, proxySecrets: boolean): Record<string, unknown>;
    serializeProperties(o: unknown): Promise<Record<string, unknown>>;
};
const proxy = require("@pulumi/policy/proxy") as { unknownCheckingProxy<T>(o: T): T };

export { unknownOnTheWire, secretOnTheWire };

/** Props as the engine would hand them to `validateResource` (Analyze) or `remediateResource`. */
export function engineProps(wireProps: Record<string, unknown>, forRemediation = false): Record<string, unknown> {
    const struct = Struct.fromJavaScript(wireProps as never);
    return proxy.unknownCheckingProxy(deserialize.deserializeProperties(struct, forRemediation));
}

function args(type: string, name: string, props: Record<string, unknown>, config: object): ResourceValidationArgs {
    return {
        type,
        name,
        urn: `urn:pulumi:test::immutable-workloads::${type}::${name}`,
        props,
        opts: {
            protect: false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
        },
        stackTags: new Map(),
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => {
            throw new Error(`notApplicable: ${reason}`);
        },
    };
}

/**
 * Runs `fn` as the pack runs in a preview (`preview: true`: sentinel strings are unknowns) or in
 * an update (`false`), as the engine's ConfigureStack would have said; restores the mode after.
 */
export async function asEngineRuns<T>(preview: boolean, fn: () => T | Promise<T>): Promise<T> {
    const before = unknownsPossible();
    setPreview(preview);
    try {
        return await fn();
    } finally {
        setPreview(before);
    }
}

/** Mocha hooks: the tests of the enclosing suite run as in a preview (see `asEngineRuns`). */
export function duringPreview(): void {
    let before = false;
    beforeEach(() => {
        before = unknownsPossible();
        setPreview(true);
    });
    afterEach(() => setPreview(before));
}

/** The violation messages a resource policy reports for wire-form props (in a preview unless `preview: false`). */
export async function violationsOf(
    policy: ResourceValidationPolicy,
    type: string,
    wireProps: Record<string, unknown>,
    config: object = {},
    name = "resource",
    options: { preview?: boolean } = {},
): Promise<string[]> {
    const messages: string[] = [];
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
    await asEngineRuns(options.preview ?? true, async () => {
        for (const validate of validations) {
            await validate?.(args(type, name, engineProps(wireProps), config), (m) => messages.push(m));
        }
    });
    return messages;
}

/** What `remediateResource` returns, serialised back to wire form (secrets as signatures). */
export async function remediationOf(
    policy: ResourceValidationPolicy,
    type: string,
    wireProps: Record<string, unknown>,
    config: object = {},
    name = "resource",
    options: { preview?: boolean } = {},
): Promise<Record<string, unknown> | undefined> {
    // The engine asks for remediations in a preview (to show them) and in the update.
    const result = await asEngineRuns(options.preview ?? true, () =>
        policy.remediateResource?.(args(type, name, engineProps(wireProps, true), config)),
    );
    return result ? deserialize.serializeProperties(result) : undefined;
}
