// Differential test: immutable-check's reading of Compose files against compose-go's, the loader
// `docker compose` uses (built from github.com/compose-spec/compose-go/v2 by
// test/differential/compose.ts; this test fails, naming what is missing, when Go is not installed).
//
// fast-check writes Compose files from the constructs that decide the verdict — read_only in its
// spellings (true, yes, "true", on, !reset, !override), tmpfs, volumes in the short and the long
// syntax with their options, named volumes (plain, tmpfs, bind driver_opts), extends in the file
// and from another file, volumes_from, anchors and `<<` merge keys, deploy, labels, privileged,
// cap_add — and for every file compares two verdicts per service: is the root filesystem
// read-only, and which host directories does the service mount writable.
//
// compose-go does not follow volumes_from (Docker does, when it creates the container): the
// expected verdict applies Docker's rules to compose-go's output (moby daemon/volumes.go: every
// mount of the other service's container is copied with its own read-only flag, the service's own
// mounts replace copied ones at the same target; docker compose passes the bare container id, so a
// `:ro` after the service name changes nothing). A named volume is a host directory when the local
// driver mounts its device with `o: bind` (read-only when `o` ends on `ro`).
//
// Where compose-go refuses a file, docker compose deploys nothing: our verdict must then be an input
// error or at least one mandatory finding, never a silent pass. The reverse (we report an input
// error for a file compose-go accepts) is a disagreement. Both are listed with the file.
import * as assert from "assert";
import * as fc from "fast-check";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { checkInputs } from "../../cli/check";
import { ServiceResolver } from "../../cli/compose-extends";
import { composeBoolean } from "../../cli/compose-syntax";
import { readComposeYaml } from "../../cli/compose-yaml";
import { ComposeGoProject, ComposeGoService, lastBuildSeconds, readWithComposeGo, referenceHome } from "../differential/compose";

// ---------------------------------------------------------------------------------------------
// Writing Compose files

/** A plain scalar written as is (`yes`, `on`, `true`), a tagged value, or JSON-like data. */
type Y = string | number | boolean | null | Raw | Tagged | Y[] | { [key: string]: Y };
class Raw {
    constructor(readonly text: string) {}
}
class Tagged {
    constructor(
        readonly tag: "!reset" | "!override",
        readonly value: Y,
    ) {}
}

function flow(v: Y): string {
    if (v instanceof Raw) {
        return v.text;
    }
    if (v instanceof Tagged) {
        return `${v.tag} ${flow(v.value)}`;
    }
    if (Array.isArray(v)) {
        return `[${v.map(flow).join(", ")}]`;
    }
    if (v !== null && typeof v === "object") {
        return `{${Object.entries(v)
            .map(([k, x]) => `${JSON.stringify(k)}: ${flow(x)}`)
            .join(", ")}}`;
    }
    return JSON.stringify(v);
}

interface ServiceSpec {
    /** `<<: *common`, or `<<: [*common, *more]`. */
    readonly merge: "none" | "common" | "both";
    readonly fields: ReadonlyArray<readonly [string, Y]>;
}

interface FileSpec {
    readonly common?: { readonly read_only?: Y; readonly volumes?: Y };
    readonly more?: { readonly read_only?: Y; readonly volumes?: Y };
    readonly services: ReadonlyArray<readonly [string, ServiceSpec]>;
    readonly volumes: ReadonlyArray<readonly [string, Y]>;
    /** The file `extends: {file: …}` names, in the same directory or a subdirectory. */
    readonly base?: { readonly dir: string; readonly text: string };
}

function render(spec: FileSpec): string {
    const lines: string[] = [];
    for (const [name, anchor] of [
        ["common", spec.common],
        ["more", spec.more],
    ] as const) {
        if (anchor) {
            lines.push(`x-${name}: &${name}`);
            for (const [k, v] of Object.entries(anchor)) {
                lines.push(`  ${k}: ${flow(v as Y)}`);
            }
        }
    }
    lines.push("services:");
    for (const [name, s] of spec.services) {
        lines.push(`  ${name}:`);
        if (s.merge !== "none") {
            lines.push(s.merge === "common" ? "    <<: *common" : "    <<: [*common, *more]");
        }
        for (const [k, v] of s.fields) {
            lines.push(`    ${k}: ${flow(v)}`);
        }
    }
    if (spec.volumes.length > 0) {
        lines.push("volumes:");
        for (const [name, def] of spec.volumes) {
            lines.push(`  ${name}: ${flow(def)}`);
        }
    }
    return lines.join("\n") + "\n";
}

const serviceNames = ["web", "db", "cache"];
const hostPaths = ["/etc", "/srv/data", "./conf", "../up", "/var/log/", "~/cache"];
const volumeNames = ["data", "logs", "on", "mem"];
const targets = ["/a", "/b", "/a/", "/c/d"];

const readOnlyValue: fc.Arbitrary<Y> = fc.constantFrom<Y>(
    new Raw("true"),
    new Raw("false"),
    new Raw("yes"),
    new Raw("on"),
    new Raw("True"),
    "true",
    "no",
    new Tagged("!reset", new Raw("true")),
    new Tagged("!reset", null),
    new Tagged("!override", new Raw("false")),
    new Tagged("!override", new Raw("true")),
);

const mode = fc.constantFrom("", ":ro", ":rw", ":ro,rw", ":rw,ro", ":z", ":ro,z");
const volumeEntry: fc.Arbitrary<Y> = fc.oneof(
    {
        weight: 2,
        arbitrary: fc.tuple(fc.constantFrom(...hostPaths), fc.constantFrom(...targets), mode).map(([s, t, m]): Y => `${s}:${t}${m}`),
    },
    {
        weight: 2,
        arbitrary: fc.tuple(fc.constantFrom(...volumeNames), fc.constantFrom(...targets), mode).map(([s, t, m]): Y => `${s}:${t}${m}`),
    },
    { weight: 1, arbitrary: fc.constantFrom<Y>(...targets) },
    {
        weight: 1,
        arbitrary: fc
            .record({
                source: fc.constantFrom(...hostPaths),
                target: fc.constantFrom(...targets),
                ro: fc.option(fc.constantFrom<Y>(new Raw("true"), new Raw("false"), "yes")),
            })
            .map(({ source, target, ro }): Y => ({ type: "bind", source, target, ...(ro === null ? {} : { read_only: ro }) })),
    },
    {
        weight: 2,
        arbitrary: fc
            .record({
                source: fc.constantFrom(...volumeNames),
                target: fc.constantFrom(...targets),
                ro: fc.option(fc.constantFrom<Y>(new Raw("true"), new Raw("false"))),
            })
            .map(({ source, target, ro }): Y => ({ type: "volume", source, target, ...(ro === null ? {} : { read_only: ro }) })),
    },
    { weight: 1, arbitrary: fc.constantFrom(...targets).map((target): Y => ({ type: "tmpfs", target, tmpfs: { size: "1m" } })) },
);
const volumesValue: fc.Arbitrary<Y> = fc.oneof(
    { weight: 6, arbitrary: fc.array(volumeEntry, { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.array(volumeEntry, { maxLength: 3 }).map((v) => new Tagged("!override", v)) },
    { weight: 1, arbitrary: fc.constant(new Tagged("!reset", [])) },
    {
        weight: 1,
        arbitrary: fc.tuple(fc.array(volumeEntry, { maxLength: 2 }), volumeEntry).map(([v, r]): Y => [...v, new Tagged("!reset", r)]),
    },
);

// `others`: the services this one may extend or take volumes from. Mostly the later ones (so that
// most files have no cycle, which compose-go refuses), sometimes any other (cycles included).
function serviceArbitrary(name: string, others: readonly string[], withBaseFile: boolean, withCommon: boolean): fc.Arbitrary<ServiceSpec> {
    const extendsChoices: Array<fc.Arbitrary<Y>> = [
        ...(others.length > 0 ? [fc.constantFrom<Y>(...others), fc.constantFrom<Y>(...others).map((service): Y => ({ service }))] : []),
        ...(withBaseFile ? [fc.constant<Y>({ file: "BASEFILE", service: "base" })] : []),
    ];
    const extendsValue: fc.Arbitrary<Y | null> =
        extendsChoices.length > 0 ? fc.option(fc.oneof(...extendsChoices), { freq: 2 }) : fc.constant(null);
    const volumesFrom: fc.Arbitrary<Y> = fc.uniqueArray(
        fc.constantFrom<Y>(...others, ...others.map((o) => `${o}:ro`), "container:ext", "container:ext:ro"),
        {
            minLength: 1,
            maxLength: 2,
            selector: (v) => (String(v).split(":")[0] === "container" ? "container" : String(v).split(":")[0]),
        },
    );
    const optional = <T extends Y>(arb: fc.Arbitrary<T>, freq = 2) => fc.option(arb, { freq });
    return fc
        .record({
            merge: withCommon ? fc.constantFrom<ServiceSpec["merge"]>("none", "common", "both") : fc.constant<ServiceSpec["merge"]>("none"),
            read_only: optional(readOnlyValue, 1),
            privileged: optional(fc.constantFrom<Y>(new Raw("true"), new Raw("false")), 2),
            cap_add: optional(fc.constantFrom<Y>(["NET_ADMIN"], ["SYS_ADMIN", "NET_ADMIN"]), 2),
            tmpfs: optional(fc.constantFrom<Y>("/run", ["/run", "/tmp:size=1m"]), 2),
            volumes: optional(volumesValue, 1),
            volumes_from: optional(volumesFrom, 3),
            extends: extendsValue,
            labels: optional(fc.constantFrom<Y>({ tier: "web" }, ["tier=db"]), 3),
            deploy: optional(fc.constant<Y>({ replicas: 1 }), 4),
        })
        .map((r) => {
            const fields: Array<[string, Y]> = [["image", "nginx"]];
            for (const key of [
                "read_only",
                "privileged",
                "cap_add",
                "tmpfs",
                "volumes",
                "volumes_from",
                "extends",
                "labels",
                "deploy",
            ] as const) {
                if (r[key] !== null) {
                    fields.push([key, r[key] as Y]);
                }
            }
            return { merge: r.merge, fields };
        });
}

const volumeDefinition: fc.Arbitrary<Y> = fc.oneof(
    fc.constant<Y>({}),
    fc
        .record({ driver: fc.constantFrom<Y | undefined>(undefined, "local"), device: fc.constantFrom(...hostPaths) })
        .map(({ driver, device }): Y => ({
            ...(driver === undefined ? {} : { driver }),
            driver_opts: { type: "none", o: "bind", device },
        })),
    fc
        .record({
            driver: fc.constantFrom<Y | undefined>(undefined, "local"),
            o: fc.constantFrom("bind", "rbind", "bind,ro", "ro,bind", "bind,ro,rw"),
            device: fc.constantFrom(...hostPaths),
        })
        .map(({ driver, o, device }) => ({ ...(driver === undefined ? {} : { driver }), driver_opts: { type: "none", o, device } })),
    fc.constant<Y>({ driver_opts: { type: "tmpfs", device: "tmpfs", o: "size=1m" } }),
);

// The other file: `base`, which may extend `base2` of the same file.
const baseService = (name: string, extendsBase2: boolean) =>
    fc
        .record({ read_only: fc.option(readOnlyValue, { freq: 2 }), volumes: fc.option(volumesValue, { freq: 3 }) })
        .map(
            ({ read_only, volumes }) =>
                `  ${name}:\n    image: busybox\n` +
                (extendsBase2 ? "    extends: base2\n" : "") +
                (read_only === null ? "" : `    read_only: ${flow(read_only)}\n`) +
                (volumes === null ? "" : `    volumes: ${flow(volumes)}\n`),
        );
const baseFile: fc.Arbitrary<{ dir: string; text: string }> = fc
    .record({ dir: fc.constantFrom(".", "lib"), chain: fc.boolean() })
    .chain(({ dir, chain }) =>
        fc
            .tuple(baseService("base", chain), chain ? baseService("base2", false) : fc.constant(""))
            .map(([base, base2]) => ({ dir, text: `services:\n${base}${base2}` })),
    );

const anchorValue = fc.oneof(
    fc.record({ read_only: readOnlyValue, volumes: fc.array(volumeEntry, { maxLength: 2 }) }),
    fc.record({ read_only: readOnlyValue }),
    fc.record({ volumes: fc.array(volumeEntry, { minLength: 1, maxLength: 2 }) }),
);

const composeFile: fc.Arbitrary<FileSpec> = fc
    .record({
        count: fc.integer({ min: 1, max: 3 }),
        withBase: fc.boolean(),
        withCommon: fc.boolean(),
        cycles: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
    })
    .chain(({ count, withBase, withCommon, cycles }) =>
        fc.record({
            common: withCommon ? anchorValue : fc.constant(undefined),
            more: withCommon ? anchorValue : fc.constant(undefined),
            services: fc.tuple(
                ...serviceNames.slice(0, count).map((n, i) => {
                    const others = cycles ? serviceNames.slice(0, count).filter((o) => o !== n) : serviceNames.slice(i + 1, count);
                    return serviceArbitrary(n, others, withBase, withCommon).map((s) => [n, s] as const);
                }),
            ),
            volumes: fc.tuple(...volumeNames.map((n) => volumeDefinition.map((d) => [n, d] as const))),
            base: withBase ? baseFile : fc.constant(undefined),
        }),
    )
    .map((f) => ({
        ...f,
        // Services only name services that exist; a dangling name is a different (refused) file.
        services: f.services.map(
            ([n, s]) =>
                [
                    n,
                    restrictToPresent(
                        s,
                        f.services.map(([m]) => m),
                    ),
                ] as const,
        ),
    }));

function restrictToPresent(s: ServiceSpec, present: readonly string[]): ServiceSpec {
    const fields = s.fields
        .map(([k, v]): [string, Y] | undefined => {
            if (k === "extends") {
                const target = typeof v === "string" ? v : (v as { service?: string; file?: string }).service;
                const file = (v as { file?: string }).file;
                return file !== undefined || present.includes(target as string) ? [k, v] : undefined;
            }
            if (k === "volumes_from") {
                const kept = (v as string[]).filter((x) => x.startsWith("container:") || present.includes(x.split(":")[0]));
                return kept.length > 0 ? [k, kept] : undefined;
            }
            return [k, v];
        })
        .filter((x): x is [string, Y] => x !== undefined);
    return { merge: s.merge, fields };
}

// ---------------------------------------------------------------------------------------------
// The expected verdict, from compose-go's output and Docker's rules

interface ServiceVerdict {
    readonly readOnly: boolean;
    /** Host directories mounted writable, absolute; `container:<name>` for mounts of a container outside the file. */
    readonly writableHostPaths: readonly string[];
}

function cleanTarget(t: string): string {
    return path.posix.normalize(t).replace(/(.)\/+$/, "$1");
}

interface DockerMount {
    readonly host?: string;
    readonly writable: boolean;
    readonly tmpfs: boolean;
}

function expectedVerdicts(project: ComposeGoProject, dir: string): Map<string, ServiceVerdict> {
    const services = project.services ?? {};
    const named = project.volumes ?? {};
    const own = (s: ComposeGoService): Map<string, DockerMount> => {
        const out = new Map<string, DockerMount>();
        for (const v of s.volumes) {
            let host: string | undefined;
            let writable = !v.read_only;
            if (v.type === "bind") {
                host = path.resolve(dir, v.source);
            } else if (v.type === "volume" && v.source !== "" && named[v.source]) {
                const def = named[v.source];
                const o = (def.driver_opts?.o ?? "").split(",");
                if ((def.driver === "" || def.driver === "local") && !def.external && (o.includes("bind") || o.includes("rbind"))) {
                    // compose-go resolves the device only for `driver: local` and `o: bind` exactly; a device
                    // it leaves as written is compared as we report it: relative to the file, ~ the home.
                    host = path.resolve(dir, (def.driver_opts?.device ?? "").replace(/^~(?=\/|$)/, referenceHome));
                    const modes = o.filter((x) => x === "ro" || x === "rw");
                    writable = writable && modes[modes.length - 1] !== "ro";
                }
            }
            out.set(cleanTarget(v.target), { host, writable, tmpfs: v.type === "tmpfs" });
        }
        return out;
    };
    const mountsOf = (name: string): { byTarget: Map<string, DockerMount>; containers: string[] } => {
        const s = services[name];
        const inherited = new Map<string, DockerMount>();
        const containers: string[] = [];
        for (const ref of s.volumes_from) {
            const [head, ...rest] = ref.split(":");
            if (head === "container") {
                containers.push(`container:${rest[0]}`);
                continue;
            }
            const theirs = mountsOf(head);
            containers.push(...theirs.containers);
            for (const [t, m] of theirs.byTarget) {
                if (!m.tmpfs) {
                    inherited.set(t, m);
                }
            }
        }
        for (const [t, m] of own(s)) {
            inherited.set(t, m);
        }
        return { byTarget: inherited, containers };
    };
    const out = new Map<string, ServiceVerdict>();
    for (const name of Object.keys(services)) {
        const { byTarget, containers } = mountsOf(name);
        const hosts = [...byTarget.values()].filter((m) => m.host !== undefined && m.writable).map((m) => m.host as string);
        // A read-only root the process can remount (privileged, SYS_ADMIN or ALL added) is not
        // read-only: what Docker deploys from compose-go's reading lets it `mount -o remount,rw /`.
        const s = services[name];
        const remountable = s.privileged || s.cap_add.some((cap) => ["SYS_ADMIN", "ALL"].includes(cap.toUpperCase().replace(/^CAP_/, "")));
        out.set(name, { readOnly: s.read_only && !remountable, writableHostPaths: [...new Set([...hosts, ...containers])].sort() });
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Our verdict, from the checker itself

interface OurVerdict {
    readonly errors: readonly string[];
    readonly services: Map<string, ServiceVerdict>;
    readonly mandatory: number;
}

function ourVerdicts(file: string, text: string): OurVerdict {
    const dir = path.dirname(file);
    const result = checkInputs([{ name: file, text }], {}, { cwd: dir });
    const services = new Map<string, { readOnly: boolean; hosts: Set<string> }>();
    const get = (name: string) => {
        let s = services.get(name);
        if (!s) {
            s = { readOnly: true, hosts: new Set() };
            services.set(name, s);
        }
        return s;
    };
    for (const f of result.findings) {
        if (f.level !== "mandatory") {
            continue;
        }
        if (f.policy === "read-only-root-filesystem") {
            get(f.name).readOnly = false;
        } else if (f.policy === "no-writable-host-mounts") {
            const host = /(?:hostPath|bind mount of|the host's) (\S+)/.exec(f.message)?.[1] ?? f.message;
            get(f.name).hosts.add(host.startsWith("container:") ? host : path.resolve(dir, host.replace(/^~(?=\/|$)/, referenceHome)));
        }
    }
    const out = new Map<string, ServiceVerdict>();
    for (const [name, s] of services) {
        out.set(name, { readOnly: s.readOnly, writableHostPaths: [...s.hosts].sort() });
    }
    return { errors: result.errors.map((e) => e.message), services: out, mandatory: result.summary.mandatory };
}

// ---------------------------------------------------------------------------------------------

const runs = Number(process.env.COMPOSE_DIFFERENTIAL_RUNS ?? 200);
const seed = Number(process.env.COMPOSE_DIFFERENTIAL_SEED ?? 20261130);

describe("Compose: immutable-check reads what compose-go reads (differential)", function () {
    this.timeout(300_000);
    let work: string;

    before(() => {
        work = mkdtempSync(path.join(os.tmpdir(), "compose-differential-"));
    });
    after(() => {
        rmSync(work, { recursive: true, force: true });
    });

    it(`agrees on ${runs} generated files: read-only root and writable host mounts per service`, () => {
        const started = process.hrtime.bigint();
        const specs = fc.sample(composeFile, { numRuns: runs, seed });
        const files: Array<{ file: string; text: string; base?: string }> = specs.map((spec, i) => {
            const dir = path.join(work, String(i));
            mkdirSync(path.join(dir, "lib"), { recursive: true });
            let base: string | undefined;
            if (spec.base) {
                base = path.posix.join(spec.base.dir, "common.yml");
                writeFileSync(path.join(dir, base), spec.base.text);
            }
            const text = render(spec).replace(/"BASEFILE"/g, JSON.stringify(base ?? "common.yml"));
            const file = path.join(dir, "compose.yml");
            writeFileSync(file, text);
            return { file, text, base };
        });
        const reference = readWithComposeGo(files.map((f) => f.file));

        const disagreements: string[] = [];
        let refused = 0;
        let refusedAndFlagged = 0;
        const reasons = new Map<string, number>();
        let services = 0;
        files.forEach(({ file, text, base }, i) => {
            const expected = reference[i];
            const ours = ourVerdicts(file, text);
            const show = () => `--- ${file}\n${text}${base ? `--- ${base}\n${specs[i].base?.text}` : ""}`;
            if (expected.error !== undefined) {
                refused++;
                const reason = expected.error
                    .replace(/\/\S+/g, "<path>")
                    .replace(/"[^"]*"/g, "<name>")
                    .replace(/ at line \d+.*/, "");
                reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
                if (ours.errors.length > 0 || ours.mandatory > 0) {
                    refusedAndFlagged++;
                    return;
                }
                disagreements.push(`compose-go refuses the file (${expected.error}), we pass it:\n${show()}`);
                return;
            }
            if (ours.errors.length > 0) {
                disagreements.push(`compose-go accepts the file, we report input errors (${ours.errors.join("; ")}):\n${show()}`);
                return;
            }
            for (const [name, want] of expectedVerdicts(expected, path.dirname(file))) {
                services++;
                const got = ours.services.get(name) ?? { readOnly: true, writableHostPaths: [] };
                if (got.readOnly !== want.readOnly || JSON.stringify(got.writableHostPaths) !== JSON.stringify(want.writableHostPaths)) {
                    disagreements.push(
                        `service ${name}: compose-go + Docker ${JSON.stringify(want)}, we ${JSON.stringify(got)}:\n${show()}`,
                    );
                }
            }
        });
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        console.log(
            `      ${files.length} files (seed ${seed}), ${services} services compared, ${refused} refused by compose-go ` +
                `(${refusedAndFlagged} of them an error or a mandatory finding for us), ${disagreements.length} disagreements; ` +
                `${seconds.toFixed(1)} s${lastBuildSeconds > 0 ? `, reference reader built in ${lastBuildSeconds.toFixed(1)} s` : ""}`,
        );
        if (process.env.COMPOSE_DIFFERENTIAL_VERBOSE) {
            for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1])) {
                console.log(`        ${n} × ${reason}`);
            }
        }
        assert.deepStrictEqual(disagreements.slice(0, 5), [], `${disagreements.length} disagreements`);
    });

    it("resolves extends like compose-go: privileged and cap_add of every service agree", () => {
        const specs = fc.sample(composeFile, { numRuns: 60, seed: seed + 1 });
        const disagreements: string[] = [];
        const files = specs.map((spec, i) => {
            const dir = path.join(work, `x${i}`);
            mkdirSync(path.join(dir, "lib"), { recursive: true });
            let base: string | undefined;
            if (spec.base) {
                base = path.posix.join(spec.base.dir, "common.yml");
                writeFileSync(path.join(dir, base), spec.base.text);
            }
            const text = render(spec).replace(/"BASEFILE"/g, JSON.stringify(base ?? "common.yml"));
            const file = path.join(dir, "compose.yml");
            writeFileSync(file, text);
            return { file, text };
        });
        const reference = readWithComposeGo(files.map((f) => f.file));
        files.forEach(({ file, text }, i) => {
            const expected = reference[i];
            if (expected.error !== undefined) {
                return;
            }
            const stream = readComposeYaml(text);
            assert.ok(stream.ok);
            const resolver = new ServiceResolver({ document: stream.documents[0], file, dir: path.dirname(file) });
            for (const [name, want] of Object.entries(expected.services ?? {})) {
                const got = resolver.service(name);
                if ("message" in got && "at" in got) {
                    disagreements.push(`${name}: we refuse (${got.message})\n${text}`);
                    continue;
                }
                const value = got.value as Record<string, unknown>;
                const privileged = composeBoolean(value.privileged ?? false) === true;
                const capAdd = Array.isArray(value.cap_add) ? [...(value.cap_add as string[])].sort() : [];
                if (privileged !== want.privileged || JSON.stringify(capAdd) !== JSON.stringify(want.cap_add)) {
                    disagreements.push(
                        `${name}: compose-go privileged ${want.privileged} cap_add ${JSON.stringify(want.cap_add)}, we ${privileged} ${JSON.stringify(capAdd)}\n${text}`,
                    );
                }
            }
        });
        assert.deepStrictEqual(disagreements.slice(0, 5), []);
    });
});
