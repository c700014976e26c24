// The reference reading of sizes (test/differential/sizes, Go): k8s.io/apimachinery's Quantity,
// go-units' RAMInBytes and compose-go's UnitBytes, built once with `go build` into
// .cache/differential/ and run with many texts per process.
import { execFileSync } from "child_process";
import { goTool } from "./goTool";

/** Which upstream reading: ParseQuantity + Value(), Quantity.UnmarshalJSON, RAMInBytes, UnitBytes. */
export type SizeKind = "quantity" | "json" | "docker" | "compose";

/** What the Go code makes of one text: its int64 value, a negative quantity, or its error. */
export type GoSizeAnswer = { readonly bytes?: string; readonly negative?: boolean; readonly error?: string };

/** Seconds the last build took (0 when the binary was already there). */
export let lastBuildSeconds = 0;

/**
 * The path of the built reader, building it when its sources changed. Throws, naming what is
 * missing, when Go is not installed: the differential tests need it and must not pass without it.
 */
export function sizesReader(): string {
    const tool = goTool("sizes", "k8s.io/apimachinery, github.com/docker/go-units and compose-go");
    lastBuildSeconds = tool.buildSeconds;
    return tool.binary;
}

/** Reads every text with the Go code, in one process. */
export function readSizesWithGo(kind: SizeKind, texts: readonly string[]): GoSizeAnswer[] {
    const input = JSON.stringify(texts.map((text) => ({ kind, text })));
    const out = execFileSync(sizesReader(), { input, maxBuffer: 256 * 1024 * 1024, timeout: 120_000 });
    const answers = JSON.parse(out.toString("utf8")) as GoSizeAnswer[];
    if (answers.length !== texts.length) {
        throw new Error(`the reference reader answered ${answers.length} of ${texts.length} texts`);
    }
    return answers;
}
