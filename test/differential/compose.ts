// The reference reading of Compose files: a small Go program (./compose/main.go) built from
// github.com/compose-spec/compose-go/v2, the loader `docker compose` itself uses. It is built once
// into .cache/differential/compose/<hash of its sources and the Go version>/ and reused; a test
// that needs it fails, naming what is missing, when Go is not installed.
import { execFileSync, spawnSync } from "child_process";
import { createHash } from "crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "fs";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..");
const sourceDir = path.join(__dirname, "compose");
const sources = ["go.mod", "go.sum", "main.go"];

/** One mount of a service, as compose-go reads it (paths resolved). */
export interface ComposeGoVolume {
    readonly type: string;
    readonly source: string;
    readonly target: string;
    readonly read_only: boolean;
}

/** One service, as compose-go reads it. */
export interface ComposeGoService {
    readonly read_only: boolean;
    readonly privileged: boolean;
    readonly cap_add: readonly string[];
    readonly tmpfs: readonly string[];
    readonly volumes: readonly ComposeGoVolume[];
    readonly volumes_from: readonly string[];
    readonly user: string;
    readonly image: string;
    readonly labels: Readonly<Record<string, string>> | null;
}

/** A top-level named volume, as compose-go reads it. */
export interface ComposeGoNamedVolume {
    readonly driver: string;
    readonly driver_opts: Readonly<Record<string, string>> | null;
    readonly external: boolean;
}

/** What compose-go made of one file: its services, or why it refused the file. */
export interface ComposeGoProject {
    readonly file: string;
    readonly error?: string;
    readonly services?: Readonly<Record<string, ComposeGoService>>;
    readonly volumes?: Readonly<Record<string, ComposeGoNamedVolume>>;
}

function goVersion(): string {
    const found = spawnSync("go", ["env", "GOVERSION"], { encoding: "utf8" });
    if (found.error || found.status !== 0) {
        throw new Error(
            "the Compose differential test needs Go: `go` is not on PATH (" +
                `${found.error?.message ?? found.stderr.trim()}). Install Go 1.24 or newer (https://go.dev/dl/) so that ` +
                "test/differential/compose can be built against github.com/compose-spec/compose-go/v2 (modules come from the Go module proxy).",
        );
    }
    return found.stdout.trim();
}

/** Seconds the last `composeReader()` call spent building (0 when the cached binary was used). */
export let lastBuildSeconds = 0;

/** The path of the built reference reader, building it first when its sources or Go changed. */
export function composeReader(): string {
    const version = goVersion();
    const hash = createHash("sha256").update(version);
    for (const f of sources) {
        hash.update(`\u0000${f}\u0000`).update(readFileSync(path.join(sourceDir, f)));
    }
    const dir = path.join(root, ".cache", "differential", "compose", hash.digest("hex").slice(0, 16));
    const binary = path.join(dir, process.platform === "win32" ? "composeread.exe" : "composeread");
    lastBuildSeconds = 0;
    if (existsSync(binary)) {
        return binary;
    }
    mkdirSync(dir, { recursive: true });
    // The cache is no source: it ignores itself (as test/differential/k8sYaml.ts's does).
    const ignore = path.join(root, ".cache", ".gitignore");
    if (!existsSync(ignore)) {
        writeFileSync(ignore, "*\n");
    }
    const partial = `${binary}.${process.pid}.tmp`;
    const started = process.hrtime.bigint();
    try {
        execFileSync("go", ["build", "-trimpath", "-o", partial, "."], {
            cwd: sourceDir,
            env: { ...process.env, GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local" },
            stdio: ["ignore", "pipe", "pipe"],
            encoding: "utf8",
        });
    } catch (err) {
        const e = err as { stderr?: string; message: string };
        throw new Error(`building the Compose reference reader (go build in ${sourceDir}) failed:\n${e.stderr ?? e.message}`);
    }
    renameSync(partial, binary);
    lastBuildSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    return binary;
}

/** The home directory the reference reader runs with: compose-go expands `~` in host paths to it. */
export const referenceHome = "/home/compose-differential";

/** Loads each file (absolute paths) with compose-go, in one run of the reference reader. */
export function readWithComposeGo(files: readonly string[]): ComposeGoProject[] {
    const binary = composeReader();
    const run = spawnSync(binary, [], {
        input: files.join("\n") + "\n",
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
        env: { ...process.env, HOME: referenceHome },
    });
    if (run.error || run.status !== 0) {
        throw new Error(`the Compose reference reader failed (${run.error?.message ?? `exit ${run.status}`}): ${run.stderr}`);
    }
    const out = run.stdout
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => JSON.parse(l) as ComposeGoProject);
    if (out.length !== files.length) {
        throw new Error(`the Compose reference reader answered for ${out.length} of ${files.length} files`);
    }
    return out;
}
