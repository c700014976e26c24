// Fast paths in front of `@pulumi/policy`'s gRPC handlers, for calls whose answer is known before
// the request is decoded.
//
// Remediate. The engine calls Remediate for every resource of a preview or update, right before
// Analyze, whatever the policies' levels. The SDK's handler decodes the request (grpc-js turns
// the bytes into protobuf objects, then the SDK deserialises the props with secrets proxied) and
// only then looks for a policy at `remediate`; with none, it answers an empty RemediateResponse.
// Here the request stays bytes until the handler runs. When no resource policy's level is
// `remediate`, computed exactly as the SDK computes it (the level the engine configured for the
// policy, else the policy's own, else the pack's), the empty response is sent at once. Otherwise
// the bytes are decoded by the SDK's own deserialiser and the SDK's handler runs as before.
//
// The levels the engine configured are read from each Configure request the SDK's handler
// accepted (a Configure it refuses changes nothing, for the SDK or here).
//
// Analyze and AnalyzeStack. grpc-js decodes every request into google-protobuf objects, the props'
// Structs included, and the SDK then turns each Struct into JavaScript with `toJavaScript()` (its
// only use of it). Here a request is decoded by google-protobuf without the props, and each
// resource's props are a Struct whose `toJavaScript()` decodes their bytes straight into the same
// JavaScript value (lib/structDecoder.ts; google-protobuf decodes them when that decoder gives up),
// and only when a policy asks: props no policy looks at are never decoded.
//
// Should the SDK's or grpc-js's shape not be the expected one, nothing is patched and the SDK
// serves every call.
import * as path from "path";
import { structToJavaScript } from "./structDecoder";

/** A policy as the SDK reads its level: its name and its own level (the rest is the SDK's to judge). */
export interface LeveledPolicy {
    readonly name: string;
    readonly enforcementLevel?: string;
}

/** What the fast paths need to know about the pack. */
export interface FastPathPack {
    readonly policies: readonly LeveledPolicy[];
    /** The pack's level as the SDK resolves it (`PolicyPackArgs.enforcementLevel`, else the SDK's default). */
    readonly enforcementLevel: string;
}

type Callback = (error: unknown, response?: unknown) => void;
type Handler = (this: unknown, call: { request?: unknown }, callback: Callback) => unknown;
interface MethodDefinition {
    readonly path?: string;
    readonly requestDeserialize?: (bytes: Buffer) => unknown;
    readonly responseType?: new () => unknown;
    readonly [key: string]: unknown;
}
type Service = Record<string, MethodDefinition>;
type Implementation = Record<string, unknown>;
type AddService = ((this: unknown, service: Service, implementation: Implementation) => unknown) & { grpcFastPaths?: true };
interface ConfigureRequest {
    getPolicyconfigMap(): { entries(): Iterable<[string, { getEnforcementlevel(): unknown }]> };
}

/** Request bytes that were not decoded yet. */
class Undecoded {
    constructor(readonly bytes: Buffer) {}
}

/**
 * The levels the engine configured and the question the Remediate fast path asks: would the SDK
 * run any remediation? Exported for tests; the pack uses `installGrpcFastPaths`.
 */
export class RemediationLevels {
    /** Policy name → the level the engine configured (the SDK's `policyPackConfig[name].enforcementLevel`). */
    private configured = new Map<string, string>();
    /** Set when the SDK accepted a Configure whose levels could not be read here: never answer for the SDK again. */
    private unknown = false;

    constructor(
        private readonly pack: FastPathPack,
        /** The SDK's own test (`@pulumi/policy/policy`'s isResourcePolicy): Remediate skips any other policy. */
        private readonly isResourcePolicy: (p: LeveledPolicy) => boolean,
    ) {}

    /** After a Configure the SDK accepted: the levels it holds from now on (it replaces them all), or undefined when they could not be read. */
    configure(levels: ReadonlyMap<string, string> | undefined): void {
        if (levels) {
            this.configured = new Map(levels);
        } else {
            this.unknown = true;
        }
    }

    /** The level the SDK's Remediate handler computes for a policy (`config || policy || pack`). */
    levelOf(policy: LeveledPolicy): string {
        return this.configured.get(policy.name) || policy.enforcementLevel || this.pack.enforcementLevel;
    }

    /** True when the SDK's Remediate handler would look at the resource at all: a resource policy at `remediate`. */
    anyRemediates(): boolean {
        return this.unknown || this.pack.policies.some((p) => this.levelOf(p) === "remediate" && this.isResourcePolicy(p));
    }
}

/** A google-protobuf message class. */
type MessageClass = { deserializeBinary(bytes: Uint8Array): unknown };

/** The google-protobuf Struct class the SDK's requests are made of. */
type StructClass = (new () => { toJavaScript(): unknown }) & { deserializeBinary(bytes: Uint8Array): { toJavaScript(): unknown } };

interface Sdk {
    readonly grpcServer: { prototype?: { addService?: AddService } };
    readonly Struct: StructClass;
    readonly AnalyzerResource: MessageClass;
    readonly convertEnforcementLevel: (level: unknown) => string;
    readonly isResourcePolicy: (p: LeveledPolicy) => boolean;
}

function loadSdk(): Sdk | { reason: string } {
    try {
        const policyDir = path.dirname(require.resolve("@pulumi/policy/package.json"));
        const grpc = require(require.resolve("@grpc/grpc-js", { paths: [policyDir] })) as { Server?: Sdk["grpcServer"] };
        const protoutil = require("@pulumi/policy/protoutil") as { convertEnforcementLevel?: Sdk["convertEnforcementLevel"] };
        const policy = require("@pulumi/policy/policy") as { isResourcePolicy?: Sdk["isResourcePolicy"] };
        const protoDir = path.dirname(require.resolve("@pulumi/pulumi/proto/analyzer_pb", { paths: [policyDir] }));
        const struct = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [protoDir] })) as {
            Struct?: StructClass;
        };
        const analyzer = require(require.resolve("@pulumi/pulumi/proto/analyzer_pb", { paths: [policyDir] })) as {
            AnalyzerResource?: MessageClass;
        };
        if (typeof grpc.Server?.prototype?.addService !== "function") {
            return { reason: "@grpc/grpc-js Server.prototype.addService is not a function" };
        }
        if (typeof protoutil.convertEnforcementLevel !== "function") {
            return { reason: "@pulumi/policy/protoutil has no convertEnforcementLevel" };
        }
        if (typeof policy.isResourcePolicy !== "function") {
            return { reason: "@pulumi/policy/policy has no isResourcePolicy" };
        }
        if (typeof struct.Struct?.deserializeBinary !== "function" || typeof analyzer.AnalyzerResource?.deserializeBinary !== "function") {
            return { reason: "google-protobuf has no Struct, or @pulumi/pulumi's analyzer protocol no AnalyzerResource" };
        }
        return {
            grpcServer: grpc.Server,
            Struct: struct.Struct,
            AnalyzerResource: analyzer.AnalyzerResource,
            convertEnforcementLevel: protoutil.convertEnforcementLevel,
            isResourcePolicy: policy.isResourcePolicy,
        };
    } catch (err) {
        return { reason: `cannot load @pulumi/policy's gRPC modules: ${String(err)}` };
    }
}

/** Configure as the SDK handles it, recording the levels once the SDK accepted the request. */
function recordingLevels(configure: Handler, levels: RemediationLevels, convert: Sdk["convertEnforcementLevel"]): Handler {
    return function (this: unknown, call, callback) {
        let read: Map<string, string> | undefined;
        try {
            read = new Map();
            for (const [name, config] of (call.request as ConfigureRequest).getPolicyconfigMap().entries()) {
                read.set(name, convert(config.getEnforcementlevel()));
            }
        } catch {
            // The SDK refuses such a request (and keeps its levels); so do we.
            read = undefined;
        }
        return configure.call(this, call, (error, response) => {
            if (!error) {
                // Undefined when the SDK accepted what could not be read here: then the SDK answers every Remediate.
                levels.configure(read);
            }
            callback(error, response);
        });
    };
}

/** Remediate: the empty answer at once when nothing remediates, else the SDK's handler on the decoded request. */
function remediateFastPath(remediate: Handler, definition: MethodDefinition, levels: RemediationLevels): Handler {
    const decode = definition.requestDeserialize!;
    const Response = definition.responseType!;
    return function (this: unknown, call, callback) {
        const request = call.request;
        if (request instanceof Undecoded) {
            if (!levels.anyRemediates()) {
                callback(null, new Response());
                return;
            }
            try {
                call.request = decode(request.bytes);
            } catch (err) {
                callback(err);
                return;
            }
        }
        return remediate.call(this, call, callback);
    };
}

/** A field of a message: its number and wire type, where it starts (`from`, at its tag) and where its payload lies. */
interface WireField {
    readonly number: number;
    readonly wire: number;
    readonly from: number;
    readonly start: number;
    readonly end: number;
}

/** The top-level fields of a message, in order; undefined when the bytes are not one (google-protobuf then decides). */
function fieldsOf(bytes: Uint8Array): WireField[] | undefined {
    let pos = 0;
    const varint = (): number => {
        let result = 0;
        for (let shift = 0; ; shift += 7) {
            if (pos >= bytes.length || shift > 49) {
                throw new RangeError("truncated varint");
            }
            const b = bytes[pos++];
            result += (b & 0x7f) * 2 ** shift;
            if (b < 0x80) {
                return result;
            }
        }
    };
    const fields: WireField[] = [];
    try {
        while (pos < bytes.length) {
            const from = pos;
            const tag = varint();
            const wire = tag % 8;
            let start = pos;
            if (wire === 0) {
                varint();
            } else if (wire === 1) {
                pos += 8;
            } else if (wire === 2) {
                const length = varint();
                start = pos;
                pos += length;
            } else if (wire === 5) {
                pos += 4;
            } else {
                return undefined;
            }
            fields.push({ number: Math.floor(tag / 8), wire, from, start, end: pos });
        }
    } catch {
        return undefined;
    }
    return pos === bytes.length ? fields : undefined;
}

/** The bytes of these fields, one after the other. */
function joinFields(bytes: Uint8Array, fields: readonly WireField[]): Buffer {
    return Buffer.concat(fields.map((f) => bytes.subarray(f.from, f.end)));
}

/** A Struct whose `toJavaScript()` (the SDK's one use of it) decodes `bytes[start, end)`; every call gives a new value, as google-protobuf's does. */
function lazyStruct(Struct: StructClass, bytes: Uint8Array, start: number, end: number): unknown {
    const properties = new Struct();
    properties.toJavaScript = () =>
        structToJavaScript(bytes, start, end) ?? Struct.deserializeBinary(bytes.subarray(start, end)).toJavaScript();
    return properties;
}

/**
 * A message whose field 2 is a resource's props (AnalyzeRequest, AnalyzerResource): decoded by
 * `decode` without that field, then given it as a lazy Struct. When the field is not there exactly
 * once (google-protobuf merges repeated parts of a message), `decode` reads it all.
 */
function withLazyProperties(bytes: Uint8Array, decode: (bytes: Buffer) => unknown, Struct: StructClass): unknown {
    const fields = fieldsOf(bytes);
    const properties = fields?.filter((f) => f.number === 2);
    if (!fields || properties?.length !== 1 || properties[0].wire !== 2) {
        return decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
    }
    const message = decode(
        joinFields(
            bytes,
            fields.filter((f) => f.number !== 2),
        ),
    ) as { setProperties?: (s: unknown) => unknown };
    if (typeof message?.setProperties !== "function") {
        return decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
    }
    message.setProperties(lazyStruct(Struct, bytes, properties[0].start, properties[0].end));
    return message;
}

/** The AnalyzeRequest decoder: google-protobuf's for every field but the props. */
function lazyPropertiesDecoder(decode: (bytes: Buffer) => unknown, Struct: StructClass): (bytes: Buffer) => unknown {
    return (bytes) => withLazyProperties(bytes, decode, Struct);
}

/** The AnalyzeStackRequest decoder: its resources (field 1) each decoded as above, the other fields by google-protobuf. */
function lazyStackDecoder(decode: (bytes: Buffer) => unknown, Struct: StructClass, Resource: MessageClass): (bytes: Buffer) => unknown {
    return (bytes) => {
        const fields = fieldsOf(bytes);
        if (!fields || fields.some((f) => f.number === 1 && f.wire !== 2)) {
            return decode(bytes);
        }
        const request = decode(
            joinFields(
                bytes,
                fields.filter((f) => f.number !== 1),
            ),
        ) as { setResourcesList?: (r: unknown[]) => unknown };
        if (typeof request?.setResourcesList !== "function") {
            return decode(bytes);
        }
        const decodeResource = (b: Buffer) => Resource.deserializeBinary(b);
        request.setResourcesList(
            fields.filter((f) => f.number === 1).map((f) => withLazyProperties(bytes.subarray(f.start, f.end), decodeResource, Struct)),
        );
        return request;
    };
}

/**
 * Installs the fast paths on the gRPC server `@pulumi/policy` serves with; must run before the
 * PolicyPack is constructed. Returns the levels it follows when in place (idempotent per
 * process: a second call keeps the first one's), or why not.
 */
export function installGrpcFastPaths(pack: FastPathPack): { ok: true; levels: RemediationLevels } | { ok: false; reason: string } {
    const sdk = loadSdk();
    if ("reason" in sdk) {
        return { ok: false, reason: sdk.reason };
    }
    const proto = sdk.grpcServer.prototype!;
    const original = proto.addService!;
    if (original.grpcFastPaths) {
        return { ok: false, reason: "the gRPC fast paths are already installed" };
    }
    const levels = new RemediationLevels(pack, sdk.isResourcePolicy);
    const wrapped: AddService = function (this: unknown, service, implementation) {
        const remediate = service?.remediate;
        const analyze = service?.analyze;
        const analyzeStack = service?.analyzeStack;
        const isAnalyzer =
            implementation &&
            typeof implementation.remediate === "function" &&
            typeof implementation.configure === "function" &&
            typeof implementation.analyze === "function" &&
            typeof remediate?.requestDeserialize === "function" &&
            typeof remediate?.responseType === "function" &&
            remediate.path === "/pulumirpc.Analyzer/Remediate" &&
            typeof analyze?.requestDeserialize === "function" &&
            analyze.path === "/pulumirpc.Analyzer/Analyze" &&
            typeof analyzeStack?.requestDeserialize === "function" &&
            analyzeStack.path === "/pulumirpc.Analyzer/AnalyzeStack";
        if (isAnalyzer) {
            service = {
                ...service,
                remediate: { ...remediate, requestDeserialize: (bytes: Buffer) => new Undecoded(bytes) },
                analyze: { ...analyze, requestDeserialize: lazyPropertiesDecoder(analyze.requestDeserialize!, sdk.Struct) },
                analyzeStack: {
                    ...analyzeStack,
                    requestDeserialize: lazyStackDecoder(analyzeStack.requestDeserialize!, sdk.Struct, sdk.AnalyzerResource),
                },
            };
            implementation = {
                ...implementation,
                configure: recordingLevels(implementation.configure as Handler, levels, sdk.convertEnforcementLevel),
                remediate: remediateFastPath(implementation.remediate as Handler, remediate, levels),
            };
        }
        return original.call(this, service, implementation);
    };
    wrapped.grpcFastPaths = true;
    proto.addService = wrapped;
    return { ok: true, levels };
}
