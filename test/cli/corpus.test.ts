// Agreement with the corpus's ground truth (test/fixtures/corpus/expected.json, verbatim from
// ../shared/corpus): every Compose service and every Kubernetes container whose file is among
// the fixtures gets a read-only-root-filesystem finding exactly when it is not read-only.
import * as assert from "assert";
import { existsSync, readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import { runCli } from "./run";

const corpus = path.resolve(__dirname, "..", "fixtures", "corpus");

interface ExpectedCompose {
    file: string;
    service: string;
    readOnly: unknown;
}
interface ExpectedContainer {
    file: string;
    docIndex: number;
    kind: string;
    name: string;
    namespace: string | null;
    containerName: string;
    readOnlyRootFilesystem: unknown;
}
interface Expected {
    compose: ExpectedCompose[];
    kubernetes: ExpectedContainer[];
}
interface JsonFinding {
    file: string;
    policy: string;
    level: string;
    source: string;
    kind: string;
    name: string;
    namespace?: string;
    container?: string;
    documentIndex: number;
}

const expected = JSON.parse(readFileSync(path.join(corpus, "expected.json"), "utf8")) as Expected;
const present = (file: string) => existsSync(path.join(corpus, file));

// Whether a Compose service as written (`privileged`, `cap_add`) lets its process remount /.
function remountable(file: string, service: string): boolean {
    const doc = parse(readFileSync(path.join(corpus, file), "utf8"), { merge: true }) as {
        services?: Record<string, { privileged?: unknown; cap_add?: unknown }>;
    };
    const s = doc?.services?.[service];
    const caps = Array.isArray(s?.cap_add) ? (s.cap_add as unknown[]).map((c) => String(c).toUpperCase().replace(/^CAP_/, "")) : [];
    return s?.privileged === true || caps.includes("SYS_ADMIN") || caps.includes("ALL");
}

describe("immutable-check agrees with the corpus", function () {
    let findings: JsonFinding[] = [];
    let seconds = 0;

    before(async function () {
        const dirs = ["compose", "kubernetes"].filter((d) => existsSync(path.join(corpus, d)));
        const started = process.hrtime.bigint();
        const r = await runCli(["--format", "json", ...dirs], "", { cwd: corpus });
        seconds = Number(process.hrtime.bigint() - started) / 1e9;
        assert.strictEqual(r.stderr, "", "no input error");
        findings = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings.filter(
            (f) => f.policy === "read-only-root-filesystem" && f.level === "mandatory",
        );
    });

    it("flags exactly the Compose services without read_only: true, or whose root can be remounted", function () {
        const rows = expected.compose.filter((row) => present(row.file));
        if (rows.length === 0) {
            this.skip();
        }
        const disagreements: string[] = [];
        for (const row of rows) {
            const flagged = findings.some((f) => f.source === "compose" && f.file === row.file && f.name === row.service);
            // The ground truth knows read_only; a privileged service (or one adding SYS_ADMIN or
            // ALL) can remount its root read-write, which the pack reports too.
            if (flagged !== (row.readOnly !== true || remountable(row.file, row.service))) {
                disagreements.push(`${row.file} ${row.service}: readOnly ${String(row.readOnly)}, flagged ${flagged}`);
            }
        }
        console.log(
            `      compose: ${rows.length - disagreements.length}/${rows.length} services agree (${new Set(rows.map((r) => r.file)).size} files)`,
        );
        assert.deepStrictEqual(disagreements, []);
        // Nothing flagged that the ground truth does not know.
        const known = new Set(rows.map((r) => `${r.file}\u0000${r.service}`));
        assert.deepStrictEqual(
            findings.filter((f) => f.source === "compose" && !known.has(`${f.file}\u0000${f.name}`)).map((f) => `${f.file} ${f.name}`),
            [],
        );
    });

    it("flags exactly the Kubernetes containers without readOnlyRootFilesystem: true", function () {
        const rows = expected.kubernetes.filter((row) => present(row.file));
        if (rows.length === 0) {
            this.skip();
        }
        const disagreements: string[] = [];
        for (const row of rows) {
            const flagged = findings.some(
                (f) =>
                    f.source === "kubernetes" &&
                    f.file === row.file &&
                    f.documentIndex === row.docIndex &&
                    f.kind === row.kind &&
                    f.name === row.name &&
                    (f.namespace ?? null) === row.namespace &&
                    f.container === row.containerName,
            );
            if (flagged !== (row.readOnlyRootFilesystem !== true)) {
                disagreements.push(
                    `${row.file}#${row.docIndex} ${row.kind}/${row.name} ${row.containerName}: ${String(row.readOnlyRootFilesystem)}, flagged ${flagged}`,
                );
            }
        }
        console.log(
            `      kubernetes: ${rows.length - disagreements.length}/${rows.length} containers agree (${new Set(rows.map((r) => r.file)).size} files)`,
        );
        assert.deepStrictEqual(disagreements, []);
        const flaggedTotal = findings.filter((f) => f.source === "kubernetes").length;
        assert.strictEqual(flaggedTotal, rows.filter((r) => r.readOnlyRootFilesystem !== true).length);
    });

    after(function () {
        console.log(`      whole corpus checked in ${seconds.toFixed(2)} s (one in-process run, every policy)`);
    });
});
