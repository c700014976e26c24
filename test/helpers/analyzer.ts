// Talks to the policy pack the way the Pulumi engine does: starts it through the Node.js
// language host's `run-policy-pack` entry point, reads the gRPC port from the first line of
// stdout, and drives the `pulumirpc.Analyzer` service with protobuf `Struct` props.
import * as grpc from "@grpc/grpc-js";
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";

/** The policy pack folder of this repository. */
export const repositoryPackDir = path.resolve(__dirname, "..", "..", "policy-pack");

/** What the engine sends for a value unknown during preview. */
export const unknownOnTheWire = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A value wrapped as a secret, as the engine sends it. */
export function secretOnTheWire(value: unknown): Record<string, unknown> {
    return { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value };
}

export type Level = "advisory" | "mandatory" | "disabled" | "remediate";
const levelNames: Record<number, Level> = { 0: "advisory", 1: "mandatory", 2: "disabled", 3: "remediate" };
const levelValues: Record<Level, pb.EnforcementLevel> = {
    advisory: pb.EnforcementLevel.ADVISORY,
    mandatory: pb.EnforcementLevel.MANDATORY,
    disabled: pb.EnforcementLevel.DISABLED,
    remediate: pb.EnforcementLevel.REMEDIATE,
};

/** One violation as the engine receives it. */
export interface Diagnostic {
    policyName: string;
    policyPackName: string;
    message: string;
    enforcementLevel: Level;
    urn: string;
}

/** One remediation as the engine receives it. */
export interface RemediationResult {
    policyName: string;
    properties: Record<string, unknown>;
    diagnostic: string;
}

/** A resource for `analyze`, `analyzeStack` and `remediate`. */
export interface WireResource {
    type: string;
    props: Record<string, unknown>;
    name?: string;
    urn?: string;
    parent?: string;
}

/** Policy config as `--policy-pack-config` holds it: a level, or an object with one and more keys. */
export type PackConfig = Record<string, Level | ({ enforcementLevel?: Level } & Record<string, unknown>)>;

/** A running pack. */
export interface PackClient {
    /** Milliseconds from spawn to the port on stdout. */
    readonly startupMs: number;
    /** The pack process's id. */
    readonly pid: number;
    /** Everything the pack wrote to stderr so far. */
    stderr(): string;
    info(): Promise<pb.AnalyzerInfo.AsObject>;
    configure(config: PackConfig): Promise<void>;
    /** ConfigureStack as the engine sends it right after starting a pack: `dryRun` is true in a preview. */
    configureStack(options: { dryRun: boolean }): Promise<void>;
    analyze(resource: WireResource): Promise<Diagnostic[]>;
    analyzeStack(resources: WireResource[]): Promise<Diagnostic[]>;
    remediate(resource: WireResource): Promise<RemediationResult[]>;
    /** Sends a pre-serialised `AnalyzeRequest` (see `serializeAnalyzeRequest`); resolves to the response bytes. */
    analyzeBytes(request: Uint8Array): Promise<Buffer>;
    /** Sends a pre-serialised `AnalyzeStackRequest`; resolves to the response bytes. */
    analyzeStackBytes(request: Uint8Array): Promise<Buffer>;
    close(): Promise<void>;
}

function urnOf(r: WireResource): string {
    return r.urn ?? `urn:pulumi:test::immutable-workloads::${r.type}::${r.name ?? "resource"}`;
}

function options(): pb.AnalyzerResourceOptions {
    const timeouts = new pb.AnalyzerResourceOptions.CustomTimeouts();
    return new pb.AnalyzerResourceOptions().setCustomtimeouts(timeouts);
}

function analyzeRequest(r: WireResource): pb.AnalyzeRequest {
    return new pb.AnalyzeRequest()
        .setType(r.type)
        .setName(r.name ?? "resource")
        .setUrn(urnOf(r))
        .setProperties(Struct.fromJavaScript(r.props as never))
        .setOptions(options());
}

/** An `AnalyzeRequest` serialised once, so that a benchmark times the pack and not the client. */
export function serializeAnalyzeRequest(resource: WireResource): Uint8Array {
    return analyzeRequest(resource).serializeBinary();
}

/** An `AnalyzeStackRequest` serialised once. */
export function serializeAnalyzeStackRequest(resources: WireResource[]): Uint8Array {
    return stackRequest(resources).serializeBinary();
}

/** Diagnostics of a serialised `AnalyzeResponse`. */
export function decodeAnalyzeResponse(bytes: Uint8Array): Diagnostic[] {
    return toDiagnostics(pb.AnalyzeResponse.deserializeBinary(bytes));
}

function stackRequest(resources: WireResource[]): pb.AnalyzeStackRequest {
    return new pb.AnalyzeStackRequest().setResourcesList(
        resources.map((r) => {
            const ar = new pb.AnalyzerResource()
                .setType(r.type)
                .setName(r.name ?? "resource")
                .setUrn(urnOf(r))
                .setProperties(Struct.fromJavaScript(r.props as never))
                .setOptions(options());
            if (r.parent) {
                ar.setParent(r.parent);
            }
            return ar;
        }),
    );
}

function toDiagnostics(response: pb.AnalyzeResponse): Diagnostic[] {
    return response.getDiagnosticsList().map((d) => ({
        policyName: d.getPolicyname(),
        policyPackName: d.getPolicypackname(),
        message: d.getMessage(),
        enforcementLevel: levelNames[d.getEnforcementlevel()],
        urn: d.getUrn(),
    }));
}

function call<Req, Res>(method: (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown, request: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
        method(request, (err, res) => (err ? reject(err) : resolve(res)));
    });
}

function rawCall(client: grpc.Client, method: string, request: Uint8Array): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        client.makeUnaryRequest<Uint8Array, Buffer>(
            method,
            (bytes) => Buffer.from(bytes),
            (bytes) => bytes,
            request,
            (err, res) => (err || !res ? reject(err ?? new Error(`${method}: empty response`)) : resolve(res)),
        );
    });
}

function waitForPort(child: ChildProcess, stderr: () => string, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
        let stdout = "";
        const timer = setTimeout(() => {
            child.kill("SIGKILL");
            reject(new Error(`policy pack did not print its port within ${timeoutMs} ms; stderr:\n${stderr()}`));
        }, timeoutMs);
        child.stdout?.on("data", (chunk: Buffer) => {
            stdout += chunk.toString();
            const newline = stdout.indexOf("\n");
            if (newline >= 0) {
                clearTimeout(timer);
                const port = Number(stdout.slice(0, newline).trim());
                if (Number.isInteger(port) && port > 0) {
                    resolve(port);
                } else {
                    child.kill("SIGKILL");
                    reject(new Error(`policy pack's first stdout line is not a port: ${JSON.stringify(stdout)}`));
                }
            }
        });
        child.on("exit", (code) => {
            clearTimeout(timer);
            reject(new Error(`policy pack exited with ${code} before serving; stderr:\n${stderr()}`));
        });
    });
}

/**
 * Starts a policy pack as the language host does: `node <@pulumi/pulumi/cmd/run-policy-pack>
 * <engine-address> <pack-dir>`, with `@pulumi/pulumi` resolved from the pack's own folder.
 */
export async function startPack(packDir: string = repositoryPackDir, env: NodeJS.ProcessEnv = process.env): Promise<PackClient> {
    const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [runner, "127.0.0.1:1", packDir], {
        cwd: packDir,
        env,
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stderrText = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderrText += chunk.toString()));
    const stderr = () => stderrText;
    const port = await waitForPort(child, stderr, 60_000);
    const startupMs = Number(process.hrtime.bigint() - started) / 1e6;
    const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return {
        startupMs,
        pid: child.pid ?? -1,
        stderr,
        info: async () => (await call<Empty, pb.AnalyzerInfo>(client.getAnalyzerInfo.bind(client), new Empty())).toObject(),
        configure: async (config) => {
            const request = new pb.ConfigureAnalyzerRequest();
            const map = request.getPolicyconfigMap();
            for (const [policy, value] of Object.entries(config)) {
                const entry = typeof value === "string" ? { enforcementLevel: value } : value;
                const { enforcementLevel, ...properties } = entry;
                const pc = new pb.PolicyConfig()
                    .setEnforcementlevel(levelValues[enforcementLevel ?? "advisory"])
                    .setProperties(Struct.fromJavaScript(properties as never));
                map.set(policy, pc);
            }
            await call<pb.ConfigureAnalyzerRequest, Empty>(client.configure.bind(client), request);
        },
        configureStack: async ({ dryRun }) => {
            const request = new pb.AnalyzerStackConfigureRequest().setStack("test").setProject("immutable-workloads").setDryRun(dryRun);
            await call<pb.AnalyzerStackConfigureRequest, pb.AnalyzerStackConfigureResponse>(client.configureStack.bind(client), request);
        },
        analyze: async (resource) =>
            toDiagnostics(await call<pb.AnalyzeRequest, pb.AnalyzeResponse>(client.analyze.bind(client), analyzeRequest(resource))),
        analyzeStack: async (resources) =>
            toDiagnostics(
                await call<pb.AnalyzeStackRequest, pb.AnalyzeResponse>(client.analyzeStack.bind(client), stackRequest(resources)),
            ),
        remediate: async (resource) => {
            const response = await call<pb.AnalyzeRequest, pb.RemediateResponse>(client.remediate.bind(client), analyzeRequest(resource));
            return response.getRemediationsList().map((r) => ({
                policyName: r.getPolicyname(),
                properties: (r.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
                diagnostic: r.getDiagnostic(),
            }));
        },
        analyzeBytes: (request) => rawCall(client, "/pulumirpc.Analyzer/Analyze", request),
        analyzeStackBytes: (request) => rawCall(client, "/pulumirpc.Analyzer/AnalyzeStack", request),
        close: async () => {
            client.close();
            if (child.exitCode === null) {
                const exited = new Promise((resolve) => child.once("exit", resolve));
                child.kill("SIGTERM");
                await exited;
            }
        },
    };
}
