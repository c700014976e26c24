// Whether the engine runs a preview. The engine tells every policy pack right after starting it
// (ConfigureStack, field `dry_run`), but `@pulumi/policy` drops that field. Only during a preview
// may a sentinel string mean "unknown" (see workloads/sdkValues.ts); during `pulumi up` the same
// string is a value the engine will not deploy as written, and must be judged as such.
//
// This wraps the SDK's ConfigureStack handler when the SDK registers its gRPC service, reads
// `dry_run`, and then lets the SDK handle the call as before. It is installed before the
// PolicyPack is constructed (policy-pack/index.ts) and checks that it took effect.
import * as path from "path";
import { setPreview } from "../workloads/sdkValues";

type Handler = (this: unknown, call: { request?: { getDryRun?: () => unknown } }, callback: unknown) => unknown;
type Implementation = Record<string, unknown> & { configureStack?: Handler; analyze?: unknown };
type AddService = (this: unknown, service: unknown, implementation: Implementation) => unknown;
interface GrpcModule {
    Server?: { prototype?: { addService?: AddService & { followsDryRun?: true } } };
}

/** The ConfigureStack handler that records `dry_run` before the SDK's own handler runs. */
export function recordingDryRun(configureStack: Handler): Handler {
    return function (this: unknown, call, callback) {
        let dryRun: unknown = false;
        try {
            dryRun = call?.request?.getDryRun?.();
        } catch {
            dryRun = false;
        }
        setPreview(dryRun === true);
        return configureStack.call(this, call, callback);
    };
}

/**
 * Installs the dry-run hook on the gRPC module `@pulumi/policy` serves with. Returns true when it
 * is in place (idempotent); false, with the reason, when the SDK's shape is not the expected one.
 */
export function followEngineDryRun(): { ok: true } | { ok: false; reason: string } {
    let grpc: GrpcModule;
    try {
        const policyDir = path.dirname(require.resolve("@pulumi/policy/package.json"));
        grpc = require(require.resolve("@grpc/grpc-js", { paths: [policyDir] })) as GrpcModule;
    } catch (err) {
        return { ok: false, reason: `cannot load the @grpc/grpc-js that @pulumi/policy uses: ${String(err)}` };
    }
    const proto = grpc.Server?.prototype;
    const original = proto?.addService;
    if (!proto || typeof original !== "function") {
        return { ok: false, reason: "@grpc/grpc-js Server.prototype.addService is not a function" };
    }
    if (original.followsDryRun) {
        return { ok: true };
    }
    const wrapped: AddService & { followsDryRun?: true } = function (this: unknown, service, implementation) {
        if (implementation && typeof implementation.configureStack === "function" && typeof implementation.analyze === "function") {
            implementation = { ...implementation, configureStack: recordingDryRun(implementation.configureStack) };
        }
        return original.call(this, service, implementation);
    };
    wrapped.followsDryRun = true;
    proto.addService = wrapped;
    return { ok: true };
}
