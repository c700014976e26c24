// The reference reading of sizes (test/differential/sizes, Go): k8s.io/apimachinery's Quantity,
// go-units' RAMInBytes and compose-go's UnitBytes, built once with `go build` into
// .cache/differential/ and run with many texts per process.
import { createHash } from "crypto";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const repoRoot = path.resolve(__dirname, "..", "..");
const sourceDir = path.join(repoRoot, "test", "differential", "sizes");
const cacheDir = path.join(repoRoot, ".cache", "differential");

/** Which upstream reading: ParseQuantity + Value(), Quantity.UnmarshalJSON, RAMInBytes, UnitBytes. */
export type SizeKind = "quantity" | "json" | "docker" | "compose";

/** What the Go code makes of one text: its int64 value, a negative quantity, or its error. */
export type GoSizeAnswer = { readonly bytes?: string; readonly negative?: boolean; readonly error?: string };

/** Seconds the last build took (0 when the binary was already there). */
export let lastBuildSeconds = 0;

/**
 * The path of the built reader, building it when its sources changed. Throws, naming what is
 * missing, when Go is not installed: the differential test needs it and must not pass without it.
 */
export function sizesReader(): string {
    const hash = createHash("sha256");
    for (const f of ["go.mod", "go.sum", "main.go"]) {
        hash.update(fs.readFileSync(path.join(sourceDir, f)));
    }
    const binary = path.join(cacheDir, `sizes-${hash.digest("hex").slice(0, 16)}`);
    if (fs.existsSync(binary)) {
        lastBuildSeconds = 0;
        return binary;
    }
    const go = spawnSync("go", ["version"], { encoding: "utf8" });
    if (go.error || go.status !== 0) {
        throw new Error(
            "the size differential test needs Go: `go` is not on PATH (install Go 1.24 or newer; it builds " +
                "test/differential/sizes, with k8s.io/apimachinery, github.com/docker/go-units and compose-go from the Go module proxy)",
        );
    }
    fs.mkdirSync(cacheDir, { recursive: true });
    // Keep the cache out of git without touching the repository's .gitignore.
    fs.writeFileSync(path.join(repoRoot, ".cache", ".gitignore"), "*\n");
    const started = process.hrtime.bigint();
    const partial = `${binary}.${process.pid}.tmp`;
    try {
        execFileSync("go", ["build", "-o", partial, "."], {
            cwd: sourceDir,
            env: { ...process.env, GOFLAGS: "-mod=mod", CGO_ENABLED: "0" },
            stdio: ["ignore", "pipe", "pipe"],
        });
    } catch (err) {
        const e = err as { stderr?: Buffer; message: string };
        throw new Error(`go build of test/differential/sizes failed: ${e.stderr?.toString() || e.message}`);
    }
    fs.renameSync(partial, binary);
    lastBuildSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    return binary;
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
