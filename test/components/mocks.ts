// Pulumi mocks that record every resource registration, for the component tests.
//
// `pulumi.runtime.setMocks` is process-global and other test files install their own mocks, so
// every test installs a fresh capture (`await captureResources()`) instead of sharing one.
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";

/** One `RegisterResource` call as the engine would have received it. */
export interface CapturedResource {
    /** Type token, e.g. `kubernetes:apps/v1:Deployment`. */
    readonly type: string;
    /** Logical name. */
    readonly name: string;
    /** The URN the engine would give it (`urn:pulumi:<stack>::<project>::<type>::<name>`). */
    readonly urn: string;
    /** The resolved inputs, as plain JSON (secrets unwrapped). */
    readonly inputs: Record<string, unknown>;
    /** The inputs as the engine receives them: secrets still wrapped in their signature objects. */
    readonly wireInputs: Record<string, unknown>;
    /** `<provider urn>::<provider id>` when an explicit provider was used. */
    readonly provider?: string;
    /** False for component resources. */
    readonly custom: boolean;
}

// The RPC layer marks secrets with this signature (see @pulumi/pulumi runtime/rpc `specialSigKey`).
const signatureKey = "4dabf18193072939515e22adb298388d";
const secretSignature = "1b47061264138c4ac30d75fd1eb44270";

/** `value` with every secret wrapper replaced by the value it wraps. */
export function unwrapSecrets(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(unwrapSecrets);
    }
    if (value !== null && typeof value === "object") {
        const record = value as Record<string, unknown>;
        if (record[signatureKey] === secretSignature) {
            return unwrapSecrets(record.value);
        }
        return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrapSecrets(v)]));
    }
    return value;
}

/** The resources registered since the capture was installed. */
export class ResourceCapture {
    readonly resources: CapturedResource[] = [];

    /** Custom (provider-managed) resources, in registration order. */
    get custom(): CapturedResource[] {
        return this.resources.filter((r) => r.custom);
    }

    ofType(type: string): CapturedResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    /** The only resource of `type`; throws when there are none or several. */
    one(type: string): CapturedResource {
        const found = this.ofType(type);
        if (found.length !== 1) {
            throw new Error(`expected one ${type}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
        }
        return found[0];
    }
}

/**
 * The name Pulumi's auto-naming would give a resource: its logical name, a dash and 8 hex
 * characters (deterministic here), so that policies matching auto-named objects see the real shape.
 */
export function autoName(name: string): string {
    return `${name}-${crypto.createHash("sha256").update(name).digest("hex").slice(0, 8)}`;
}

/**
 * The state the mock engine returns: the inputs, plus the names a provider would have generated
 * (Kubernetes `metadata.name`, Docker `name`) so that outputs such as a claim's name resolve.
 */
function mockState(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
    const generated = autoName(name);
    if (type === "docker:index/remoteImage:RemoteImage") {
        // The repo digest it would have pulled: a deterministic stand-in, so a resolved image is pinned.
        const reference = String(inputs.name ?? name);
        const repository = reference.replace(/@.*$/, "").replace(/:[^/:]+$/, "");
        const digest = `sha256:${crypto.createHash("sha256").update(reference).digest("hex")}`;
        return { ...inputs, repoDigest: `${repository}@${digest}`, imageId: digest };
    }
    if (type.startsWith("kubernetes:") && !type.startsWith("kubernetes:index")) {
        const metadata = (inputs.metadata ?? {}) as Record<string, unknown>;
        return { ...inputs, metadata: { ...metadata, name: metadata.name ?? generated } };
    }
    if (type.startsWith("docker:index/")) {
        return { ...inputs, name: inputs.name ?? generated };
    }
    return inputs;
}

/** Where the mocks pretend to run. */
export interface CaptureOptions {
    /** Run as `pulumi preview` (outputs of resources not yet created are unknown). */
    readonly preview?: boolean;
    readonly project?: string;
    readonly stack?: string;
}

/** Install fresh mocks and return the capture they fill. */
export async function captureResources(options: CaptureOptions = {}): Promise<ResourceCapture> {
    const capture = new ResourceCapture();
    const project = options.project ?? "project";
    const stack = options.stack ?? "stack";
    await pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
                const inputs = unwrapSecrets(args.inputs) as Record<string, unknown>;
                capture.resources.push({
                    type: args.type,
                    name: args.name,
                    urn: `urn:pulumi:${stack}::${project}::${args.type}::${args.name}`,
                    inputs,
                    wireInputs: args.inputs,
                    provider: args.provider || undefined,
                    custom: args.custom ?? true,
                });
                return { id: `${args.name}-id`, state: mockState(args.type, args.name, inputs) };
            },
            call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
                return args.inputs;
            },
        },
        project,
        stack,
        options.preview ?? false,
    );
    return capture;
}

/** The value of an output, once known. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) =>
        output.apply((value) => {
            resolve(value);
            return value;
        }),
    );
}

/**
 * Resolves when every given resource has been registered: a resource's URN is set from the
 * engine's answer to its registration, so once all URNs are known every registration has happened.
 */
export async function registered(resources: ReadonlyArray<pulumi.Resource | undefined>): Promise<void> {
    await Promise.all(resources.filter((r): r is pulumi.Resource => r !== undefined).map((r) => valueOf(r.urn)));
}

/** Let pending callbacks run, to show that nothing is waiting to register. */
export async function drain(turns = 10): Promise<void> {
    for (let i = 0; i < turns; i++) {
        await new Promise((resolve) => setImmediate(resolve));
    }
}
