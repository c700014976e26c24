// The immutable-workloads policy pack: wiring only. Constructing the PolicyPack starts the gRPC
// server the engine talks to, so nothing here may print to stdout.
import { PolicyPack, PolicyPackArgs } from "@pulumi/policy";
import { followEngineDryRun } from "./lib/engineSession";
import { installGrpcFastPaths } from "./lib/grpcFastPaths";
import { shareDeserializationPerRequest } from "./lib/sharedDeserialization";
import { packMetadata } from "./metadata";
import { policies } from "./policies";

const args: PolicyPackArgs = { ...packMetadata(), policies };

// Must precede the PolicyPack, which registers the gRPC service when constructed.
const dryRun = followEngineDryRun();
if (!dryRun.ok) {
    // Without it every sentinel string is judged as written (never as unknown): safe, but a
    // preview with values computed by other resources may report them. Say so on stderr.
    process.stderr.write(
        `immutable-workloads: cannot tell a preview from an update (${dryRun.reason}); unknown values are judged as written.\n`,
    );
}
shareDeserializationPerRequest();
// Remediate answered without decoding when no policy is at `remediate` (the SDK's default pack
// level is "advisory"). Without it the SDK answers every call itself, as before: nothing to say.
installGrpcFastPaths({ policies, enforcementLevel: args.enforcementLevel || "advisory" });
new PolicyPack("immutable-workloads", args);
