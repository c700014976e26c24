// The reference reading of Pulumi's records (test/differential/pulumi-state, Go): Pulumi's own
// apitype structs decoded with encoding/json, as `pulumi stack import` and the backends decode a
// deployment or a checkpoint. Built once with `go build` into .cache/differential/, then run with
// many texts per process.
import { execFileSync } from "child_process";
import { goTool } from "./goTool";

/** A resource as Pulumi holds it: the fields the checker reads. */
export interface GoResource {
    readonly urn: string;
    readonly type: string;
    readonly custom: boolean;
    readonly delete: boolean;
    readonly external: boolean;
    readonly inputs: Record<string, unknown> | null;
    readonly outputs: Record<string, unknown> | null;
}

/** What Pulumi makes of one text: its resources, or the decoder's error. */
export type GoStateAnswer = { readonly resources: GoResource[] | null; readonly error?: string };

/** Reads every text as Pulumi does, in one process; `kind` says which record each text is. */
export function readLikePulumi(texts: ReadonlyArray<{ kind: "export" | "checkpoint"; text: string }>): GoStateAnswer[] {
    const { binary } = goTool("pulumi-state", "github.com/pulumi/pulumi/sdk/v3 (its apitype package)");
    const out = execFileSync(binary, { input: JSON.stringify(texts), maxBuffer: 1024 * 1024 * 1024 });
    const answers = JSON.parse(out.toString("utf8")) as GoStateAnswer[];
    if (answers.length !== texts.length) {
        throw new Error(`the reference reader answered ${answers.length} of ${texts.length} texts`);
    }
    return answers;
}
