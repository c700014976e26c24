// Builds one of the Go reference readers under test/differential/ with `go build`, once per
// version of its sources, into .cache/differential/. Without Go it throws, naming what is
// missing: the differential tests need the real parsers and must not pass without them.
import { createHash } from "crypto";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const repoRoot = path.resolve(__dirname, "..", "..");
const cacheDir = path.join(repoRoot, ".cache", "differential");

/** A built reader: its path, and the seconds its build took (0 when it was already built). */
export interface GoTool {
    readonly binary: string;
    readonly buildSeconds: number;
}

/**
 * The reader built from test/differential/<name> (go.mod, go.sum, main.go); `uses` says, for the
 * error without Go, which modules it builds with.
 */
export function goTool(name: string, uses: string): GoTool {
    const sourceDir = path.join(repoRoot, "test", "differential", name);
    const hash = createHash("sha256");
    for (const f of ["go.mod", "go.sum", "main.go"]) {
        hash.update(fs.readFileSync(path.join(sourceDir, f)));
    }
    const binary = path.join(cacheDir, `${name}-${hash.digest("hex").slice(0, 16)}`);
    if (fs.existsSync(binary)) {
        return { binary, buildSeconds: 0 };
    }
    const go = spawnSync("go", ["version"], { encoding: "utf8" });
    if (go.error || go.status !== 0) {
        throw new Error(
            `the ${name} differential test needs Go: \`go\` is not on PATH (install Go 1.24 or newer; it builds ` +
                `test/differential/${name}, with ${uses} from the Go module proxy)`,
        );
    }
    fs.mkdirSync(cacheDir, { recursive: true });
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
        throw new Error(`go build of test/differential/${name} failed: ${e.stderr?.toString() || e.message}`);
    }
    fs.renameSync(partial, binary);
    return { binary, buildSeconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
