// What only a preview may treat as unknown. `e2e:mode`:
// - "computed": readOnlyRootFilesystem is a value the preview cannot know (as an output of a
//   resource not yet created would be; made unknown here with the SDK's own marker, since the
//   rendering provider knows its outputs in a preview): no mandatory violation may come from it,
//   and `pulumi up` writes it true.
// - "placeholder": the same field holds Pulumi's unknown placeholder written as text. The engine
//   reads that text as an unknown in the preview, and does not deploy it in the update (the field
//   arrives unset): the update must be stopped.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { unknown } from "@pulumi/pulumi/output";

const config = new pulumi.Config("e2e");
const provider = new k8s.Provider("render", { renderYamlToDirectory: config.require("outDir") });
const labels = { app: "later" };
const image = "busybox:1.38.0@sha256:fd8d9aa63ba2f0982b5304e1ee8d3b90a210bc1ffb5314d980eb6962f1a9715d";
const unknownInPreview = pulumi.runtime.isDryRun() ? (pulumi.output(unknown) as pulumi.Output<boolean>) : true;
const readOnly: pulumi.Input<boolean> =
    config.require("mode") === "computed" ? unknownInPreview : ("1c4a061d-8072-4f0a-a4cb-0ff528b18fe7" as unknown as boolean);

export const name = new k8s.apps.v1.Deployment(
    "later",
    {
        metadata: { name: "later", labels },
        spec: {
            selector: { matchLabels: labels },
            template: {
                metadata: { labels },
                spec: { containers: [{ name: "app", image, securityContext: { readOnlyRootFilesystem: readOnly } }] },
            },
        },
    },
    { provider },
).metadata.name;
