// How the pack's whole-structure searches grow with their input: each is run at n, 2n and 4n
// (in this process, after a warm-up), and the figures printed with the ratio of each step. A
// linear search doubles its time with each step; a quadratic one quadruples it.
//
// These were timed assertions in the unit tests ("10,000 resources in well under a second"); a
// timed test measures the machine it runs on as much as the code, so the figures live here and
// the tests keep what they can assert exactly (the findings at scale).
import { judgeResource } from "../policy-pack/checks";
import { withDefaults } from "../policy-pack/lib/config";
import { findMutableConfiguration, immutableConfigurationDefinition } from "../policy-pack/policies/immutable-configuration";
import { findUndecidableHostMounts, inspectableWorkloadsStackDefinition } from "../policy-pack/policies/inspectable-workloads";
import { findSideDoorHostMounts, noWritableHostMountsStackDefinition } from "../policy-pack/policies/no-writable-host-mounts";
import { median } from "./measure";

interface StackResource {
    type: string;
    name: string;
    urn: string;
    props: unknown;
}

const pod = () => ({ containers: [{ name: "app", image: "nginx:1.27" }] });
const deployment = (name: string, spec: Record<string, unknown>) => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec } },
});

/** One resource of an unknown type holding n entries, and a pod spec deep in it. */
function bigResource(n: number): () => number {
    const items = Array.from({ length: n }, (_, i) => ({ name: `k${i}`, value: { nested: [i, { x: "y" }] } }));
    return () => judgeResource("acme:index/big:Big", { items, spec: pod() }, "big").length;
}

/** n ConfigMaps, each mounted by a Deployment that also reads the next one's keys. */
function configurationStack(n: number): () => number {
    const resources: StackResource[] = [];
    for (let i = 0; i < n; i++) {
        const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cfg-${i}` }, data: { a: "1" } };
        const web = deployment(`web-${i}`, {
            containers: [{ name: "app", image: "nginx", envFrom: [{ configMapRef: { name: `cfg-${i}` } }] }],
            volumes: [{ name: "v", configMap: { name: `cfg-${(i + 1) % n}` } }],
        });
        resources.push(
            { type: "kubernetes:core/v1:ConfigMap", name: `cfg-${i}`, urn: `urn:cm:${i}`, props: cm },
            { type: "kubernetes:apps/v1:Deployment", name: `web-${i}`, urn: `urn:web:${i}`, props: web },
        );
    }
    const config = withDefaults<never>(immutableConfigurationDefinition.configSchema, {});
    return () => findMutableConfiguration(resources, config).length;
}

/** n node volumes each bound by a claim a Deployment mounts, n unbound volumes and n free claims. */
function hostMountStack(n: number): () => number {
    const rs: StackResource[] = [];
    for (let i = 0; i < n; i++) {
        rs.push(
            {
                type: "kubernetes:core/v1:PersistentVolume",
                name: `pv${i}`,
                urn: `urn:pv${i}`,
                props: { metadata: { name: `pv${i}` }, spec: { hostPath: { path: `/d/${i}` } } },
            },
            {
                type: "kubernetes:core/v1:PersistentVolumeClaim",
                name: `c${i}`,
                urn: `urn:c${i}`,
                props: { metadata: { name: `c${i}` }, spec: { volumeName: `pv${i}` } },
            },
            {
                type: "kubernetes:apps/v1:Deployment",
                name: `w${i}`,
                urn: `urn:w${i}`,
                props: deployment(`w${i}`, {
                    containers: [{ name: "a", image: "x", volumeMounts: [{ name: "d", mountPath: "/d" }] }],
                    volumes: [{ name: "d", persistentVolumeClaim: { claimName: `c${i}` } }],
                }),
            },
            {
                type: "kubernetes:core/v1:PersistentVolume",
                name: `free${i}`,
                urn: `urn:free${i}`,
                props: { metadata: { name: `free${i}` }, spec: { storageClassName: "manual", hostPath: { path: `/f/${i}` } } },
            },
            {
                type: "kubernetes:core/v1:PersistentVolumeClaim",
                name: `any${i}`,
                urn: `urn:any${i}`,
                props: { metadata: { name: `any${i}` }, spec: { storageClassName: "manual" } },
            },
        );
    }
    const hostConfig = withDefaults<never>(noWritableHostMountsStackDefinition.configSchema, {});
    const inspectConfig = withDefaults<never>(inspectableWorkloadsStackDefinition.configSchema, {});
    return () => findSideDoorHostMounts(rs, hostConfig).length + findUndecidableHostMounts(rs, inspectConfig).length;
}

const searches: Array<{ name: string; unit: string; n: number; build: (n: number) => () => number }> = [
    {
        // 5 values per entry: 40,000 entries reach the search's budget of 200,000 values, after which
        // the time stays flat (and the finding is the "could not be searched whole" one).
        name: "inspectable-workloads: one resource of an unknown type, 5 values per entry (the search stops at 200,000)",
        unit: "entries",
        n: 20_000,
        build: bigResource,
    },
    { name: "immutable-configuration: ConfigMaps and the Deployments that read them", unit: "pairs", n: 5_000, build: configurationStack },
    {
        name: "host mounts through claims (no-writable-host-mounts, inspectable-workloads)",
        unit: "volume sets",
        n: 4_000,
        build: hostMountStack,
    },
];

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);

function timeOf(run: () => number): { ms: number; found: number } {
    const times: number[] = [];
    let found = 0;
    for (let r = 0; r < rounds; r++) {
        const started = process.hrtime.bigint();
        found = run();
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    return { ms: median(times), found };
}

console.log(`Node ${process.version}, ${rounds} rounds each, medians; a linear search shows ratios near 2`);
for (const search of searches) {
    timeOf(search.build(search.n)); // warm-up: the JIT, not the search, is what the first run measures
    console.log(search.name);
    let previous: number | undefined;
    for (const factor of [1, 2, 4]) {
        const n = search.n * factor;
        const { ms, found } = timeOf(search.build(n));
        const ratio = previous === undefined ? "" : `  ×${(ms / previous).toFixed(2)}`;
        console.log(`  ${n.toLocaleString("en")} ${search.unit}: ${ms.toFixed(1)} ms, ${found.toLocaleString("en")} findings${ratio}`);
        previous = ms;
    }
}
