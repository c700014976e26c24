// The immutable-workloads policy pack: wiring only. Constructing the PolicyPack starts the gRPC
// server the engine talks to, so nothing here may print to stdout.
import { PolicyPack } from "@pulumi/policy";
import { shareDeserializationPerRequest } from "./lib/sharedDeserialization";
import { packMetadata } from "./metadata";
import { policies } from "./policies";

shareDeserializationPerRequest();
new PolicyPack("immutable-workloads", { ...packMetadata(), policies });
