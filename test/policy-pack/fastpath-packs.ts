// The pack as built and a reference pack of the same policies served by `@pulumi/policy` alone
// (no fast path of policy-pack/lib/grpcFastPaths.ts), started as the engine starts them and driven
// with request bytes, for the fastpath-*.test.ts comparisons.
import * as grpc from "@grpc/grpc-js";
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { repositoryPackDir } from "../helpers/analyzer";

export const repositoryRoot = path.resolve(__dirname, "..", "..");
export const built = path.join(repositoryPackDir, "bin");

/** A pack folder that serves the built policies through `@pulumi/policy` alone: no fast path. */
export function writeReferencePack(dir: string): void {
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(path.join(repositoryPackDir, "PulumiPolicy.yaml"), path.join(dir, "PulumiPolicy.yaml"));
    // Same name and version (the SDK puts them in its answers); its own entry point.
    const pkg = JSON.parse(fs.readFileSync(path.join(repositoryPackDir, "package.json"), "utf8")) as Record<string, unknown>;
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: pkg.name, version: pkg.version, main: "index.js" }));
    const lib = (m: string) => JSON.stringify(path.join(built, m));
    fs.writeFileSync(
        path.join(dir, "index.js"),
        [
            `require(${lib("lib/engineSession")}).followEngineDryRun();`,
            `require(${lib("lib/sharedDeserialization")}).shareDeserializationPerRequest();`,
            `const { PolicyPack } = require(require.resolve("@pulumi/policy", { paths: [${JSON.stringify(built)}] }));`,
            `new PolicyPack("immutable-workloads", { ...require(${lib("metadata")}).packMetadata(), policies: require(${lib("policies")}).policies });`,
            "",
        ].join("\n"),
    );
}

export interface RawPack {
    readonly child: ChildProcess;
    readonly client: grpc.Client;
    stderr(): string;
    call(method: string, request: Uint8Array, deadlineMs?: number): Promise<Buffer>;
    close(): Promise<void>;
}

/** Starts a pack as the language host does and returns a client that sends and receives bytes. */
export async function startRaw(packDir: string): Promise<RawPack> {
    const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [repositoryPackDir] });
    const child = spawn(process.execPath, [runner, "127.0.0.1:1", packDir], { cwd: packDir, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
    const port = await new Promise<number>((resolve, reject) => {
        let out = "";
        child.stdout?.on("data", (c: Buffer) => {
            out += c.toString();
            if (out.includes("\n")) {
                resolve(Number(out.split("\n")[0].trim()));
            }
        });
        child.on("exit", (code) => reject(new Error(`pack exited with ${code}: ${stderr}`)));
    });
    const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return {
        child,
        client,
        stderr: () => stderr,
        call: (method, request, deadlineMs = 60_000) =>
            new Promise((resolve, reject) => {
                client.makeUnaryRequest<Uint8Array, Buffer>(
                    `/pulumirpc.Analyzer/${method}`,
                    (b) => Buffer.from(b),
                    (b) => b,
                    request,
                    { deadline: Date.now() + deadlineMs },
                    (err, res) => (err || !res ? reject(err ?? new Error("no response")) : resolve(res)),
                );
            }),
        close: async () => {
            client.close();
            if (child.exitCode === null) {
                const exited = new Promise((r) => child.once("exit", r));
                child.kill("SIGTERM");
                await exited;
            }
        },
    };
}
