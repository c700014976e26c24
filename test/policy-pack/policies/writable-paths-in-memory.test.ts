import * as assert from "assert";
import { writablePathsInMemory } from "../../../policy-pack/policies/writable-paths-in-memory";
import { secretOnTheWire, unknownOnTheWire } from "../../helpers/policyArgs";
import {
    deployment,
    deploymentType,
    dockerContainer,
    dockerContainerType,
    dockerServiceType,
    podSpec,
    swarmService,
    itReportsExactly,
    PolicyCase,
} from "../../helpers/builders";

const mem = (sizeLimit?: unknown) => ({ medium: "Memory", ...(sizeLimit === undefined ? {} : { sizeLimit }) });
const vol = (name: string, emptyDir: unknown) => ({ name, emptyDir });
const mount = (name: string, mountPath: string, extra: Record<string, unknown> = {}) => ({ name, mountPath, ...extra });
const tmpMount = [mount("tmp", "/tmp")];

const manyMounts = (n: number) => Array.from({ length: n }, (_, i) => mount(`v${i}`, `/w${i}`));
const manyVolumes = (n: number) => Array.from({ length: n }, (_, i) => vol(`v${i}`, mem("16Mi")));

const cases: PolicyCase[] = [
    // Kubernetes emptyDir: medium × sizeLimit
    {
        title: "emptyDir Memory with sizeLimit passes",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: tmpMount }, [vol("tmp", mem("64Mi"))])),
        expect: [],
    },
    {
        title: "emptyDir on disk, unbounded: one message naming both",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: tmpMount }, [vol("tmp", {})])),
        expect: [
            /Deployment "web" containers\[0\] "app" mounts emptyDir volume "tmp" writable at \/tmp .*medium is unset.* and .*sizeLimit is unset.*Set medium: Memory and a sizeLimit/,
        ],
    },
    {
        title: "emptyDir Memory without sizeLimit",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: tmpMount }, [vol("tmp", mem())])),
        expect: [/it is unbounded \(spec\.template\.spec\.volumes\[0\]\.emptyDir\.sizeLimit is unset\)/],
    },
    {
        title: "emptyDir with explicit disk medium and a sizeLimit",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: tmpMount }, [vol("tmp", { medium: "", sizeLimit: "1Gi" })])),
        expect: [/emptyDir\.medium is ""\)/],
    },
    {
        title: "sizeLimit 0 bounds nothing",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: tmpMount }, [vol("tmp", mem("0"))])),
        expect: [/sizeLimit is "0", which bounds nothing/],
    },
    {
        title: "a volume with no source defaults to a disk emptyDir",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: tmpMount }, [{ name: "tmp" }])),
        expect: [/on the node's disk/],
    },
    {
        title: "requireMemoryMedium false: disk emptyDir with sizeLimit passes",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: tmpMount }, [vol("tmp", { sizeLimit: "64Mi" })])),
        config: { requireMemoryMedium: false },
        expect: [],
    },
    {
        title: "requireSizeLimit false: Memory emptyDir without limit passes",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: tmpMount }, [vol("tmp", mem())])),
        config: { requireSizeLimit: false },
        expect: [],
    },
    {
        title: "readOnly emptyDir mount is not a writable path",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: [mount("tmp", "/tmp", { readOnly: true })] }, [vol("tmp", {})])),
        expect: [],
    },
    {
        title: "configMap, secret, PVC and hostPath mounts are not this policy's business",
        type: deploymentType,
        props: deployment(
            podSpec({ volumeMounts: [mount("c", "/c"), mount("s", "/s"), mount("p", "/p"), mount("h", "/h")] }, [
                { name: "c", configMap: { name: "x" } },
                { name: "s", secret: { secretName: "x" } },
                { name: "p", persistentVolumeClaim: { claimName: "x" } },
                { name: "h", hostPath: { path: "/h" } },
            ]),
        ),
        expect: [],
    },
    // Unknowns: no verdict from them, the rest still judged
    {
        title: "unknown medium: only the known sizeLimit is judged",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: tmpMount }, [vol("tmp", { medium: unknownOnTheWire })])),
        expect: [/it is unbounded/],
    },
    {
        title: "unknown sizeLimit and medium: no verdict",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: tmpMount }, [vol("tmp", { medium: unknownOnTheWire, sizeLimit: unknownOnTheWire })])),
        expect: [],
    },
    {
        title: "unknown volume list: no verdict",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: tmpMount }, unknownOnTheWire)),
        expect: [],
    },
    {
        title: "unknown readOnly: no verdict",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: [mount("tmp", "/tmp", { readOnly: unknownOnTheWire })] }, [vol("tmp", {})])),
        expect: [],
    },
    {
        title: "one unknown mount does not hide the other",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: [unknownOnTheWire, mount("b", "/b")] }, [vol("b", {})])),
        expect: [/volume "b" writable at \/b/],
    },
    {
        title: "secret-wrapped emptyDir is read through",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: tmpMount }, [vol("tmp", secretOnTheWire({ medium: "Memory" }))])),
        expect: [/unbounded/],
    },
    // Container selection, exemptions
    {
        title: "initContainers are checked",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: tmpMount }, [vol("tmp", {})], "initContainers")),
        expect: [/initContainers\[0\] "app"/],
    },
    {
        title: "checkInitContainers false skips them",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: tmpMount }, [vol("tmp", {})], "initContainers")),
        config: { checkInitContainers: false },
        expect: [],
    },
    {
        title: "checkEphemeralContainers false skips them",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: tmpMount }, [vol("tmp", {})], "ephemeralContainers")),
        config: { checkEphemeralContainers: false },
        expect: [],
    },
    {
        title: "exemption marker",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: tmpMount }, [vol("tmp", {})]), {
            annotations: { "immutable-workloads/exempt": "legacy cache" },
        }),
        expect: [],
    },
    {
        title: "blank marker exempts nothing and says so",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: tmpMount }, [vol("tmp", {})]), { annotations: { "immutable-workloads/exempt": " " } }),
        expect: [/present but empty/],
    },
    {
        title: "exemptContainers",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: tmpMount }, [vol("tmp", {})])),
        config: { exemptContainers: ["ap*"] },
        expect: [],
    },
    {
        title: "exemptImages (normalised)",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: tmpMount }, [vol("tmp", {})])),
        config: { exemptImages: ["docker.io/library/nginx"] },
        expect: [],
    },
    {
        title: "exemptNamespaces",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: tmpMount }, [vol("tmp", {})]), { namespace: "legacy" }),
        config: { exemptNamespaces: ["leg*"] },
        expect: [],
    },
    {
        title: "exemptResources",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: tmpMount }, [vol("tmp", {})])),
        config: { exemptResources: ["Deployment/web"] },
        expect: [],
    },
    {
        title: "Windows pods are not applicable",
        type: deploymentType,
        props: deployment({ ...podSpec({ volumeMounts: tmpMount }, [vol("tmp", {})]), os: { name: "windows" } }),
        expect: [],
    },
    // Patches change only what they set
    {
        title: "patch: unset medium and sizeLimit change nothing",
        type: "kubernetes:apps/v1:DeploymentPatch",
        props: deployment(podSpec({ volumeMounts: tmpMount }, [vol("tmp", {})])),
        expect: [],
    },
    {
        title: "patch: explicit disk medium is a violation",
        type: "kubernetes:apps/v1:DeploymentPatch",
        props: deployment(podSpec({ volumeMounts: tmpMount }, [vol("tmp", { medium: "" })])),
        expect: [/medium is ""/],
    },
    // Count
    {
        title: "5 writable paths pass with the default limit",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: manyMounts(5) }, manyVolumes(5))),
        expect: [],
    },
    {
        title: "6 writable paths exceed the default limit",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: manyMounts(6) }, manyVolumes(6))),
        expect: [/has 6 writable in-memory paths \(\/w0 at .*\), more than maxWritablePaths \(5\)/],
    },
    {
        title: "maxWritablePaths configurable",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: manyMounts(2) }, manyVolumes(2))),
        config: { maxWritablePaths: 1 },
        expect: [/more than maxWritablePaths \(1\)/],
    },
    // Docker
    {
        title: "Docker tmpfs with size= passes",
        type: dockerContainerType,
        props: dockerContainer({ tmpfs: { "/tmp": "rw,noexec,size=64m" } }),
        expect: [],
    },
    {
        title: "Docker tmpfs without size=",
        type: dockerContainerType,
        props: dockerContainer({ tmpfs: { "/tmp": "rw,noexec" } }),
        expect: [/Docker container "web" has a tmpfs at \/tmp with no size limit: tmpfs\["\/tmp"\] has no size= option\. Add size=/],
    },
    {
        title: "Docker tmpfs with empty options",
        type: dockerContainerType,
        props: dockerContainer({ tmpfs: { "/run": "" } }),
        expect: [/no size= option/],
    },
    {
        title: "Docker tmpfs size=0 bounds nothing",
        type: dockerContainerType,
        props: dockerContainer({ tmpfs: { "/tmp": "size=0" } }),
        expect: [/sets size=0, which bounds nothing/],
    },
    {
        title: "Docker read-only tmpfs is not writable",
        type: dockerContainerType,
        props: dockerContainer({ tmpfs: { "/x": "ro" } }),
        expect: [],
    },
    {
        title: "Docker tmpfs options unknown: no verdict",
        type: dockerContainerType,
        props: dockerContainer({ tmpfs: { "/tmp": unknownOnTheWire, "/run": "rw" } }),
        expect: [/tmpfs at \/run/],
    },
    {
        title: "Docker tmpfs map unknown: no verdict",
        type: dockerContainerType,
        props: dockerContainer({ tmpfs: unknownOnTheWire }),
        expect: [],
    },
    {
        title: "Docker mounts[] tmpfs with sizeBytes passes",
        type: dockerContainerType,
        props: dockerContainer({ mounts: [{ type: "tmpfs", target: "/tmp", tmpfsOptions: { sizeBytes: 67108864 } }] }),
        expect: [],
    },
    {
        title: "Docker mounts[] tmpfs without sizeBytes",
        type: dockerContainerType,
        props: dockerContainer({ mounts: [{ type: "tmpfs", target: "/tmp" }] }),
        expect: [/mounts\[0\]\.tmpfsOptions\.sizeBytes is unset\. Set mounts\[0\]\.tmpfsOptions\.sizeBytes/],
    },
    {
        title: "Docker requireSizeLimit false",
        type: dockerContainerType,
        props: dockerContainer({ tmpfs: { "/tmp": "rw" } }),
        config: { requireSizeLimit: false },
        expect: [],
    },
    {
        title: "Docker count over the limit",
        type: dockerContainerType,
        props: dockerContainer({ tmpfs: { "/a": "size=1m", "/b": "size=1m" } }),
        config: { maxWritablePaths: 1 },
        expect: [/has 2 writable in-memory paths/],
    },
    {
        title: "Docker exemption label",
        type: dockerContainerType,
        props: dockerContainer({ tmpfs: { "/tmp": "rw" }, labels: [{ label: "immutable-workloads/exempt", value: "vendor image" }] }),
        expect: [],
    },
    // Swarm
    {
        title: "Swarm tmpfs mount without sizeBytes",
        type: dockerServiceType,
        props: swarmService({ mounts: [{ type: "tmpfs", target: "/tmp" }] }),
        expect: [
            /Swarm service "web" has a tmpfs at \/tmp with no size limit: taskSpec\.containerSpec\.mounts\[0\]\.tmpfsOptions\.sizeBytes is unset/,
        ],
    },
    {
        title: "Swarm tmpfs mount with sizeBytes 0",
        type: dockerServiceType,
        props: swarmService({ mounts: [{ type: "tmpfs", target: "/tmp", tmpfsOptions: { sizeBytes: 0 } }] }),
        expect: [/is "0", which bounds nothing/],
    },
    {
        title: "Swarm tmpfs mount with sizeBytes passes",
        type: dockerServiceType,
        props: swarmService({ mounts: [{ type: "tmpfs", target: "/tmp", tmpfsOptions: { sizeBytes: 1048576 } }] }),
        expect: [],
    },
    {
        title: "Swarm unknown mount type: no verdict",
        type: dockerServiceType,
        props: swarmService({ mounts: [{ type: unknownOnTheWire, target: "/tmp" }] }),
        expect: [],
    },
];

describe("writable-paths-in-memory", () => {
    itReportsExactly(writablePathsInMemory, cases);

    it("is advisory by default and defaults its config keys", () => {
        assert.strictEqual(writablePathsInMemory.enforcementLevel, "advisory");
        const p = writablePathsInMemory.configSchema?.properties ?? {};
        assert.deepStrictEqual(
            [p.requireMemoryMedium?.default, p.requireSizeLimit?.default, p.maxWritablePaths?.default, p.checkInitContainers?.default],
            [true, true, 5, true],
        );
    });
});
