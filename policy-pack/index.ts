// The immutable-workloads policy pack: wiring only. Constructing the PolicyPack starts the gRPC
// server the engine talks to, so nothing here may print to stdout.
import { PolicyPack } from "@pulumi/policy";
import { followEngineDryRun } from "./lib/engineSession";
import { shareDeserializationPerRequest } from "./lib/sharedDeserialization";
import { packMetadata } from "./metadata";
import { policies } from "./policies";

// Must precede the PolicyPack, which registers the gRPC service when constructed.
const dryRun = followEngineDryRun();
if (!dryRun.ok) {
    // Without it every sentinel string is judged as written (never as unknown): safe, but a
    // preview with values computed by other resources may report them. Say so on stderr.
    process.stderr.write(`immutable-workloads: cannot tell a preview from an update (${dryRun.reason}); unknown values are judged as written.\n`);
}
shareDeserializationPerRequest();
new PolicyPack("immutable-workloads", { ...packMetadata(), policies });
