// Host mounts through the side door (issue #12 item 7): a Docker named volume that is a bind of a
// host directory, a Kubernetes PersistentVolume with a hostPath bound to the claim a pod mounts,
// and Docker's volumes-from. Each needs the stack view to join the container with the volume (or
// the other container), so these cases run the pack's stack policies: through `judgeStack` with
// props as the engine hands them over (levels included), through the policy objects, and over
// gRPC (AnalyzeStack) to pin that one policy name carries both the resource and the stack part.
import * as assert from "assert";
import { PolicyResource, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { judgeStack, PackConfig } from "../../../policy-pack/checks";
import { noWritableHostMounts } from "../../../policy-pack/policies/no-writable-host-mounts";
import { duringPreview, engineProps, secretOnTheWire, unknownOnTheWire } from "../../helpers/policyArgs";
import { usePack } from "../../helpers/packSuite";
import {
    deployment,
    deploymentType,
    dockerContainer,
    dockerContainerType,
    dockerServiceType,
    podSpec,
    swarmService,
} from "../../helpers/builders";

interface R {
    type: string;
    name: string;
    props: Record<string, unknown>;
}

const volumeType = "docker:index/volume:Volume";
const pvType = "kubernetes:core/v1:PersistentVolume";
const pvcType = "kubernetes:core/v1:PersistentVolumeClaim";

const bindOpts = (device: unknown, o: unknown = "bind") => ({ type: "none", o, device });
const volume = (
    name: unknown,
    driverOpts: unknown,
    extra: Record<string, unknown> = {},
    resourceName = typeof name === "string" ? name : "vol",
): R => ({
    type: volumeType,
    name: resourceName,
    // Keys set to undefined are left out, as the engine leaves out unset inputs.
    props: JSON.parse(
        JSON.stringify({
            ...(name === undefined ? {} : { name }),
            driver: "local",
            ...(driverOpts === undefined ? {} : { driverOpts }),
            ...extra,
        }),
    ) as Record<string, unknown>,
});
const container = (name: string, extra: Record<string, unknown>): R => ({
    type: dockerContainerType,
    name,
    props: { ...dockerContainer(extra), name },
});
const service = (extra: Record<string, unknown>): R => ({ type: dockerServiceType, name: "web", props: swarmService(extra) });
const pv = (name: string | undefined, spec: Record<string, unknown>, resourceName = name ?? "pv"): R => ({
    type: pvType,
    name: resourceName,
    props: {
        apiVersion: "v1",
        kind: "PersistentVolume",
        metadata: name === undefined ? {} : { name },
        spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], ...spec },
    },
});
const pvc = (
    name: string | undefined,
    spec: Record<string, unknown>,
    metadata: Record<string, unknown> = {},
    resourceName = name ?? "pvc",
): R => ({
    type: pvcType,
    name: resourceName,
    props: {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: { ...(name === undefined ? {} : { name }), ...metadata },
        spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...spec },
    },
});
const web = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}, type = deploymentType): R => ({
    type,
    name: "web",
    props: deployment(spec, metadata),
});
/** A pod spec whose container `app` mounts claim `claimName` at /data. */
const claimPod = (claimName: unknown, mount: Record<string, unknown> = {}, claim: Record<string, unknown> = {}) =>
    podSpec({ volumeMounts: [{ name: "data", mountPath: "/data", ...mount }] }, [
        { name: "data", persistentVolumeClaim: { claimName, ...claim } },
    ]);

type Level = "mandatory" | "advisory";
interface Case {
    title: string;
    resources: R[];
    config?: PackConfig;
    /** [policy, level, pattern, name of the resource the finding is reported on] */
    expect: Array<[string, Level, RegExp, string]>;
}

const hostMounts = "no-writable-host-mounts";
const inspectable = "inspectable-workloads";

function urn(r: R): string {
    return `urn:pulumi:test::immutable-workloads::${r.type}::${r.name}`;
}

/** The stack findings of the whole pack, props as the engine's deserialiser and proxy hand them over. */
function stackFindings(resources: R[], config: PackConfig = {}) {
    const stack = resources.map((r) => ({ type: r.type, name: r.name, urn: urn(r), props: engineProps(r.props) }));
    // immutable-configuration is not what these cases are about.
    return judgeStack(stack, { "immutable-configuration": "disabled", ...config });
}

const dockerCases: Case[] = [
    {
        title: "a named volume that binds /etc, mounted through volumes[] without readOnly",
        resources: [volume("etc", bindOpts("/etc")), container("web", { volumes: [{ volumeName: "etc", containerPath: "/host-etc" }] })],
        expect: [
            [
                hostMounts,
                "mandatory",
                /^Docker container "web" mounts Docker volume "etc" at \/host-etc writable \(volumes\[0\]\), and docker\.Volume "etc" binds the host's \/etc \(driverOpts\.device\): volumes\[0\]\.readOnly is unset, so the container can change files on the host\. Set volumes\[0\]\.readOnly: true/,
                "web",
            ],
        ],
    },
    {
        title: "the same, read-only: no finding",
        resources: [
            volume("etc", bindOpts("/etc")),
            container("web", { volumes: [{ volumeName: "etc", containerPath: "/host-etc", readOnly: true }] }),
        ],
        expect: [],
    },
    {
        title: "a named volume that binds /etc, mounted through mounts[] of type volume",
        resources: [
            volume("etc", bindOpts("/etc")),
            container("web", { mounts: [{ type: "volume", source: "etc", target: "/host-etc" }] }),
        ],
        expect: [
            [
                hostMounts,
                "mandatory",
                /^Docker container "web" mounts Docker volume "etc" at \/host-etc writable \(mounts\[0\]\).*mounts\[0\]\.readOnly is unset/,
                "web",
            ],
        ],
    },
    {
        title: "a Swarm service mount of type volume",
        resources: [
            volume("etc", bindOpts("/etc")),
            service({ mounts: [{ type: "volume", source: "etc", target: "/host-etc", readOnly: false }] }),
        ],
        expect: [
            [
                hostMounts,
                "mandatory",
                /^Swarm service "web" mounts Docker volume "etc" at \/host-etc writable \(taskSpec\.containerSpec\.mounts\[0\]\).*readOnly is false/,
                "web",
            ],
        ],
    },
    {
        title: "rbind and extra mount options count as a bind",
        resources: [
            volume("etc", bindOpts("/etc", "rbind,nosuid")),
            container("web", { volumes: [{ volumeName: "etc", containerPath: "/e" }] }),
        ],
        expect: [[hostMounts, "mandatory", /binds the host's \/etc/, "web"]],
    },
    {
        title: "a bind volume whose options say ro is not writable",
        resources: [
            volume("etc", bindOpts("/etc", "bind,ro")),
            container("web", { volumes: [{ volumeName: "etc", containerPath: "/e" }] }),
        ],
        expect: [],
    },
    {
        title: "the driver defaults to local",
        resources: [
            volume("etc", bindOpts("/etc"), { driver: undefined }),
            container("web", { volumes: [{ volumeName: "etc", containerPath: "/e" }] }),
        ],
        expect: [[hostMounts, "mandatory", /binds the host's \/etc/, "web"]],
    },
    {
        title: "an nfs volume is not a host mount",
        resources: [
            volume("share", { type: "nfs", o: "addr=10.0.0.1,rw", device: ":/export" }),
            container("web", { volumes: [{ volumeName: "share", containerPath: "/s" }] }),
        ],
        expect: [],
    },
    {
        title: "a volume of another driver is not judged",
        resources: [
            volume("etc", bindOpts("/etc"), { driver: "rexray" }),
            container("web", { volumes: [{ volumeName: "etc", containerPath: "/e" }] }),
        ],
        expect: [],
    },
    {
        title: "a plain named volume is not a host mount",
        resources: [volume("data", undefined), container("web", { volumes: [{ volumeName: "data", containerPath: "/d" }] })],
        expect: [],
    },
    {
        title: "a bind volume nobody mounts: nothing to report",
        resources: [volume("etc", bindOpts("/etc")), container("web", {})],
        expect: [],
    },
    {
        title: "a hostPath takes precedence over volumeName",
        resources: [
            volume("etc", bindOpts("/etc")),
            container("web", { volumes: [{ hostPath: "/srv", volumeName: "etc", containerPath: "/e", readOnly: true }] }),
        ],
        expect: [],
    },
    {
        title: "allowedHostPaths allows the bound device",
        resources: [volume("etc", bindOpts("/etc/app/")), container("web", { volumes: [{ volumeName: "etc", containerPath: "/e" }] })],
        config: { [hostMounts]: { allowedHostPaths: ["/etc/app"] } },
        expect: [],
    },
    {
        title: "the exemption label on the container",
        resources: [
            volume("etc", bindOpts("/etc")),
            container("web", {
                labels: [{ label: "immutable-workloads/exempt", value: "config agent" }],
                volumes: [{ volumeName: "etc", containerPath: "/e" }],
            }),
        ],
        expect: [],
    },
    {
        title: "a secret-wrapped device is read through",
        resources: [
            volume("etc", { type: "none", o: "bind", device: secretOnTheWire("/etc") }),
            container("web", { volumes: [{ volumeName: "etc", containerPath: "/e" }] }),
        ],
        expect: [[hostMounts, "mandatory", /binds the host's \/etc/, "web"]],
    },
    {
        title: "a volume auto-named by Pulumi, referenced by its generated name",
        resources: [
            volume(undefined, bindOpts("/etc"), {}, "etc"),
            container("web", { volumes: [{ volumeName: "etc-1a2b3c4", containerPath: "/e" }] }),
        ],
        expect: [[hostMounts, "mandatory", /docker\.Volume "etc" binds the host's \/etc/, "web"]],
    },
    // Preview: unknowns never give a mandatory finding.
    {
        title: "volume name unknown at preview on the container: advisory, saying so",
        resources: [
            volume("etc", bindOpts("/etc")),
            container("web", { volumes: [{ volumeName: unknownOnTheWire, containerPath: "/e" }] }),
        ],
        expect: [
            [
                inspectable,
                "advisory",
                /^Docker container "web" mounts a Docker volume whose name is unknown until the update at \/e writable \(volumes\[0\]\.volumeName\), and this stack has volumes that bind host directories \(docker\.Volume "etc": \/etc\).*judged again/,
                "web",
            ],
        ],
    },
    {
        title: "volume name unknown at preview on both sides: advisory",
        resources: [
            volume(unknownOnTheWire, bindOpts("/etc"), {}, "etc"),
            container("web", { mounts: [{ type: "volume", source: unknownOnTheWire, target: "/e" }] }),
        ],
        expect: [[inspectable, "advisory", /unknown until the update.*docker\.Volume "etc": \/etc/, "web"]],
    },
    {
        title: "an unknown name read-only: nothing",
        resources: [
            volume("etc", bindOpts("/etc")),
            container("web", { volumes: [{ volumeName: unknownOnTheWire, containerPath: "/e", readOnly: true }] }),
        ],
        expect: [],
    },
    {
        title: "an unknown name and no bind volume in the stack: nothing",
        resources: [volume("data", undefined), container("web", { volumes: [{ volumeName: unknownOnTheWire, containerPath: "/e" }] })],
        expect: [],
    },
    {
        title: "driver options unknown at preview: advisory, not mandatory",
        resources: [volume("etc", unknownOnTheWire), container("web", { volumes: [{ volumeName: "etc", containerPath: "/e" }] })],
        expect: [
            [
                inspectable,
                "advisory",
                /^Docker container "web" mounts Docker volume "etc" at \/e writable \(volumes\[0\]\), whose driver options are unknown until the update/,
                "web",
            ],
        ],
    },
    {
        title: "readOnly unknown at preview: nothing",
        resources: [
            volume("etc", bindOpts("/etc")),
            container("web", { volumes: [{ volumeName: "etc", containerPath: "/e", readOnly: unknownOnTheWire }] }),
        ],
        expect: [],
    },
];

const volumesFromCases: Case[] = [
    {
        title: "volumes-from a container with a writable bind mount",
        resources: [
            container("agent", { mounts: [{ type: "bind", source: "/var/lib/agent", target: "/state" }] }),
            container("web", { volumes: [{ fromContainer: "agent" }] }),
        ],
        // The source's own bind is the resource part's finding (Analyze); the stack part adds the consumer.
        expect: [
            [
                hostMounts,
                "mandatory",
                /^Docker container "web" takes every mount of Docker container "agent" \(volumes\[0\]\.fromContainer\), among them a bind mount of \/var\/lib\/agent at \/state writable \(mounts\[0\] of "agent"\): volumes\[0\]\.readOnly is unset, so the container can change files on the host\./,
                "web",
            ],
        ],
    },
    {
        title: "volumes-from read-only: nothing more",
        resources: [
            container("agent", { mounts: [{ type: "bind", source: "/var/lib/agent", target: "/state" }] }),
            container("web", { volumes: [{ fromContainer: "agent", readOnly: true }] }),
        ],
        expect: [],
    },
    {
        title: "volumes-from a container whose binds are read-only: nothing",
        resources: [
            container("agent", { volumes: [{ hostPath: "/etc", containerPath: "/etc", readOnly: true }] }),
            container("web", { volumes: [{ fromContainer: "agent" }] }),
        ],
        expect: [],
    },
    {
        title: "volumes-from a container that mounts a bind volume",
        resources: [
            volume("etc", bindOpts("/etc")),
            container("agent", { volumes: [{ volumeName: "etc", containerPath: "/host-etc" }] }),
            container("web", { volumes: [{ fromContainer: "agent" }] }),
        ],
        expect: [
            [hostMounts, "mandatory", /^Docker container "agent" mounts Docker volume "etc"/, "agent"],
            [
                hostMounts,
                "mandatory",
                /^Docker container "web" takes every mount of Docker container "agent" .*Docker volume "etc" \(a bind of the host's \/etc\) at \/host-etc writable/,
                "web",
            ],
        ],
    },
    {
        title: "volumes-from is transitive",
        resources: [
            container("a", { volumes: [{ hostPath: "/srv", containerPath: "/srv" }] }),
            container("b", { volumes: [{ fromContainer: "a" }] }),
            container("c", { volumes: [{ fromContainer: "b" }] }),
        ],
        expect: [
            [hostMounts, "mandatory", /^Docker container "b" takes every mount of Docker container "a" .*\/srv/, "b"],
            [
                hostMounts,
                "mandatory",
                /^Docker container "c" takes every mount of Docker container "b" \(volumes\[0\]\.fromContainer\), among them a volume with hostPath \/srv at \/srv writable \(volumes\[0\] of "a", by way of "b"\)/,
                "c",
            ],
        ],
    },
    {
        title: "a volumes-from cycle without host mounts: nothing, and no hang",
        resources: [container("a", { volumes: [{ fromContainer: "b" }] }), container("b", { volumes: [{ fromContainer: "a" }] })],
        expect: [],
    },
    {
        title: "volumes-from a container that is not in the stack: advisory, we cannot see it",
        resources: [container("web", { volumes: [{ fromContainer: "legacy-data" }] })],
        expect: [
            [
                inspectable,
                "advisory",
                /^Docker container "web" takes every mount of container "legacy-data" \(volumes\[0\]\.fromContainer\), which is not in this stack: the policy pack cannot see its mounts/,
                "web",
            ],
        ],
    },
    {
        title: "volumes-from outside the stack, read-only: nothing",
        resources: [container("web", { volumes: [{ fromContainer: "legacy-data", readOnly: true }] })],
        expect: [],
    },
    {
        title: "volumes-from a container whose name is unknown at preview: advisory",
        resources: [
            container("agent", { mounts: [{ type: "bind", source: "/srv", target: "/srv", readOnly: true }] }),
            container("web", { volumes: [{ fromContainer: unknownOnTheWire }] }),
        ],
        expect: [
            [
                inspectable,
                "advisory",
                /^Docker container "web" takes every mount of a container whose name is unknown until the update \(volumes\[0\]\.fromContainer\)/,
                "web",
            ],
        ],
    },
    {
        title: "the source container is found by its Pulumi resource name when its name is auto-generated",
        resources: [
            {
                type: dockerContainerType,
                name: "agent",
                props: { image: "nginx:1.27", readOnly: true, mounts: [{ type: "bind", source: "/srv", target: "/srv" }] },
            },
            container("web", { volumes: [{ fromContainer: "agent-1a2b3c4" }] }),
        ],
        expect: [[hostMounts, "mandatory", /^Docker container "web" takes every mount of Docker container "agent"/, "web"]],
    },
];

const pvHostEtc = (extra: Record<string, unknown> = {}) =>
    pv("host-etc", { storageClassName: "manual", hostPath: { path: "/etc", type: "Directory" }, ...extra });

const kubernetesCases: Case[] = [
    {
        title: "PV hostPath bound by the claim's volumeName, mounted writable",
        resources: [pvHostEtc(), pvc("data", { volumeName: "host-etc", storageClassName: "manual" }), web(claimPod("data"))],
        expect: [
            [
                hostMounts,
                "mandatory",
                /^Deployment "web" containers\[0\] "app" mounts PersistentVolumeClaim "data" \(volume "data", spec\.template\.spec\.volumes\[0\]\.persistentVolumeClaim\.claimName\) at \/data writable, and the claim is bound to PersistentVolume "host-etc" \(the claim's spec\.volumeName\), a hostPath of \/etc on the node \(spec\.hostPath\.path\): spec\.template\.spec\.containers\[0\]\.volumeMounts\[0\]\.readOnly is unset, so the container can change files on the host\. Set spec\.template\.spec\.containers\[0\]\.volumeMounts\[0\]\.readOnly: true/,
                "web",
            ],
        ],
    },
    {
        title: "PV hostPath bound by its claimRef",
        resources: [
            pvHostEtc({ claimRef: { namespace: "default", name: "data" } }),
            pvc("data", { storageClassName: "manual" }),
            web(claimPod("data")),
        ],
        expect: [[hostMounts, "mandatory", /bound to PersistentVolume "host-etc" \(its spec\.claimRef\), a hostPath of \/etc/, "web"]],
    },
    {
        title: "PV local volume",
        resources: [
            pv("disk", { local: { path: "/mnt/disks/ssd1" }, claimRef: { namespace: "default", name: "data" } }),
            pvc("data", {}),
            web(claimPod("data")),
        ],
        expect: [
            [
                hostMounts,
                "mandatory",
                /PersistentVolume "disk" \(its spec\.claimRef\), a local volume of \/mnt\/disks\/ssd1 on the node \(spec\.local\.path\)/,
                "web",
            ],
        ],
    },
    {
        title: "volumeMount readOnly: nothing",
        resources: [pvHostEtc(), pvc("data", { volumeName: "host-etc" }), web(claimPod("data", { readOnly: true }))],
        expect: [],
    },
    {
        title: "the pod volume's persistentVolumeClaim.readOnly: nothing",
        resources: [pvHostEtc(), pvc("data", { volumeName: "host-etc" }), web(claimPod("data", {}, { readOnly: true }))],
        expect: [],
    },
    {
        title: "a StatefulSet is judged too",
        resources: [pvHostEtc(), pvc("data", { volumeName: "host-etc" }), web(claimPod("data"), {}, "kubernetes:apps/v1:StatefulSet")],
        expect: [[hostMounts, "mandatory", /^StatefulSet "web" containers\[0\] "app" mounts PersistentVolumeClaim "data"/, "web"]],
    },
    {
        title: "namespaces: the claim in the pod's namespace",
        resources: [
            pvHostEtc({ claimRef: { namespace: "shop", name: "data" } }),
            pvc("data", {}, { namespace: "shop" }),
            web(claimPod("data"), { namespace: "shop" }),
        ],
        expect: [[hostMounts, "mandatory", /PersistentVolumeClaim "data" \(namespace shop/, "web"]],
    },
    {
        title: "a claim of another namespace is not the pod's claim; the PV then has no claim of the stack",
        resources: [
            pvHostEtc({ claimRef: { namespace: "other", name: "data" } }),
            pvc("data", {}, { namespace: "other" }),
            web(claimPod("data"), { namespace: "shop" }),
        ],
        expect: [],
    },
    {
        title: "claimRef naming a claim that is not in the stack: advisory on the PV",
        resources: [pvHostEtc({ claimRef: { namespace: "default", name: "elsewhere" } })],
        expect: [
            [
                inspectable,
                "advisory",
                /^PersistentVolume "host-etc" is a hostPath of \/etc on the node \(spec\.hostPath\.path\), bound to claim default\/elsewhere \(spec\.claimRef\), which is not in this stack/,
                "host-etc",
            ],
        ],
    },
    {
        title: "a hostPath PV that no claim names: advisory (a storage class is not a binding)",
        resources: [pvHostEtc(), pvc("data", { storageClassName: "manual" }), web(claimPod("data"))],
        expect: [
            [
                inspectable,
                "advisory",
                /^PersistentVolume "host-etc" is a hostPath of \/etc on the node \(spec\.hostPath\.path\), and no claim names it.*storage class "manual".*PersistentVolumeClaim "data" \(namespace default\), mounted writable by Deployment "web"/,
                "host-etc",
            ],
        ],
    },
    {
        title: "the claim's volumeName unknown at preview: advisory, not mandatory",
        resources: [pvHostEtc(), pvc("data", { volumeName: unknownOnTheWire }), web(claimPod("data"))],
        expect: [[inspectable, "advisory", /^PersistentVolume "host-etc" is a hostPath of \/etc.*unknown until the update/, "host-etc"]],
    },
    {
        title: "the claim names the PV but the PV's claimRef is unknown at preview: advisory, not mandatory",
        resources: [
            pvHostEtc({ claimRef: { namespace: "default", name: unknownOnTheWire } }),
            pvc("data", { volumeName: "host-etc" }),
            web(claimPod("data")),
        ],
        expect: [[inspectable, "advisory", /^PersistentVolume "host-etc" .*unknown until the update \(its spec\.claimRef\)/, "host-etc"]],
    },
    {
        title: "the claimRef unknown at preview: advisory",
        resources: [pvHostEtc({ claimRef: unknownOnTheWire }), pvc("data", {}), web(claimPod("data"))],
        expect: [[inspectable, "advisory", /^PersistentVolume "host-etc" .*unknown until the update/, "host-etc"]],
    },
    {
        title: "the pod's claimName unknown at preview: advisory, not mandatory",
        resources: [pvHostEtc(), pvc("data", { volumeName: "host-etc" }), web(claimPod(unknownOnTheWire))],
        expect: [
            [
                inspectable,
                "advisory",
                /^Deployment "web" containers\[0\] "app" mounts a PersistentVolumeClaim whose name is unknown until the update at \/data writable \(spec\.template\.spec\.volumes\[0\]\.persistentVolumeClaim\.claimName\), and this stack has claims bound to node directories \(PersistentVolumeClaim "data" → PersistentVolume "host-etc"\).*judged again/,
                "web",
            ],
        ],
    },
    {
        title: "the PV's hostPath unknown at preview, allowedHostPaths set: no verdict",
        resources: [
            pv("host-etc", { hostPath: { path: unknownOnTheWire } }),
            pvc("data", { volumeName: "host-etc" }),
            web(claimPod("data")),
        ],
        config: { [hostMounts]: { allowedHostPaths: ["/var/**"] } },
        expect: [],
    },
    {
        title: "a claimRef and a volumeName that disagree bind nothing",
        resources: [
            pvHostEtc({ claimRef: { namespace: "default", name: "other" } }),
            pvc("data", { volumeName: "host-etc" }),
            pvc("other", {}),
            web(claimPod("data")),
        ],
        expect: [],
    },
    {
        title: "auto-named PV and claim, referenced by their generated names",
        resources: [
            pv(undefined, { hostPath: { path: "/var/lib/docker" } }, "dockerdir"),
            pvc(undefined, { volumeName: "dockerdir-1a2b3c4d" }, {}, "data"),
            web(claimPod("data-0f0f0f0f")),
        ],
        expect: [
            [hostMounts, "mandatory", /PersistentVolumeClaim "data".*bound to PersistentVolume "dockerdir".*\/var\/lib\/docker/, "web"],
        ],
    },
    {
        title: "allowedHostPaths",
        resources: [pvHostEtc(), pvc("data", { volumeName: "host-etc" }), web(claimPod("data"))],
        config: { [hostMounts]: { allowedHostPaths: ["/etc"] } },
        expect: [],
    },
    {
        title: "exemption annotation on the workload",
        resources: [
            pvHostEtc(),
            pvc("data", { volumeName: "host-etc" }),
            web(claimPod("data"), { annotations: { "immutable-workloads/exempt": "backup agent" } }),
        ],
        expect: [],
    },
    {
        title: "exemption annotation on the workload, with honourExemptionMarker false: reported, saying the marker is not honoured",
        resources: [
            pvHostEtc(),
            pvc("data", { volumeName: "host-etc" }),
            web(claimPod("data"), { annotations: { "immutable-workloads/exempt": "backup agent" } }),
        ],
        config: { [hostMounts]: { honourExemptionMarker: false } },
        expect: [
            [hostMounts, "mandatory", /bound to PersistentVolume "host-etc".*does not honour it \(honourExemptionMarker: false\)/, "web"],
        ],
    },
    {
        title: "checkInitContainers false",
        resources: [
            pvHostEtc(),
            pvc("data", { volumeName: "host-etc" }),
            web(
                podSpec(
                    { volumeMounts: [{ name: "data", mountPath: "/data" }] },
                    [{ name: "data", persistentVolumeClaim: { claimName: "data" } }],
                    "initContainers",
                ),
            ),
        ],
        config: { [hostMounts]: { checkInitContainers: false } },
        expect: [],
    },
    {
        title: "an ephemeral volume whose claim template names the PV",
        resources: [
            pvHostEtc(),
            web(
                podSpec({ volumeMounts: [{ name: "scratch", mountPath: "/scratch" }] }, [
                    {
                        name: "scratch",
                        ephemeral: { volumeClaimTemplate: { spec: { volumeName: "host-etc", accessModes: ["ReadWriteOnce"] } } },
                    },
                ]),
            ),
        ],
        expect: [
            [
                hostMounts,
                "mandatory",
                /^Deployment "web" containers\[0\] "app" mounts ephemeral volume "scratch" .*at \/scratch writable, and its claim template names PersistentVolume "host-etc" \(spec\.template\.spec\.volumes\[0\]\.ephemeral\.volumeClaimTemplate\.spec\.volumeName\), a hostPath of \/etc/,
                "web",
            ],
        ],
    },
    {
        title: "a StatefulSet volumeClaimTemplate that names the PV",
        resources: [
            pvHostEtc(),
            {
                type: "kubernetes:apps/v1:StatefulSet",
                name: "db",
                props: {
                    metadata: { name: "db" },
                    spec: {
                        template: {
                            spec: {
                                containers: [
                                    {
                                        name: "db",
                                        image: "postgres:16",
                                        volumeMounts: [{ name: "pgdata", mountPath: "/var/lib/postgresql" }],
                                    },
                                ],
                            },
                        },
                        volumeClaimTemplates: [{ metadata: { name: "pgdata" }, spec: { volumeName: "host-etc" } }],
                    },
                },
            },
        ],
        expect: [
            [
                hostMounts,
                "mandatory",
                /^StatefulSet "db" containers\[0\] "db" mounts volumeClaimTemplate "pgdata" \(spec\.volumeClaimTemplates\[0\]\) at \/var\/lib\/postgresql writable, and its claim template names PersistentVolume "host-etc" \(spec\.volumeClaimTemplates\[0\]\.spec\.volumeName\), a hostPath of \/etc/,
                "db",
            ],
        ],
    },
    {
        title: "a PV claimRef naming a StatefulSet's generated claim",
        resources: [
            pvHostEtc({ claimRef: { namespace: "default", name: "pgdata-db-0" } }),
            {
                type: "kubernetes:apps/v1:StatefulSet",
                name: "db",
                props: {
                    metadata: { name: "db" },
                    spec: {
                        template: {
                            spec: {
                                containers: [
                                    {
                                        name: "db",
                                        image: "postgres:16",
                                        volumeMounts: [{ name: "pgdata", mountPath: "/var/lib/postgresql" }],
                                    },
                                ],
                            },
                        },
                        volumeClaimTemplates: [{ metadata: { name: "pgdata" }, spec: {} }],
                    },
                },
            },
        ],
        expect: [
            [
                hostMounts,
                "mandatory",
                /^StatefulSet "db" containers\[0\] "db" mounts volumeClaimTemplate "pgdata" .*and claim pgdata-db-0 is bound to PersistentVolume "host-etc" \(its spec\.claimRef\), a hostPath of \/etc/,
                "db",
            ],
        ],
    },
    {
        title: "a PV that is not a host directory is nothing",
        resources: [pv("nfs", { nfs: { server: "10.0.0.1", path: "/export" } }), pvc("data", { volumeName: "nfs" }), web(claimPod("data"))],
        expect: [],
    },
    {
        title: "malformed storage objects never throw",
        resources: [
            pv("x", { hostPath: "oops", claimRef: 3 }),
            pvc("data", { volumeName: ["x"] }),
            { type: pvType, name: "bad", props: { spec: null } },
            web(claimPod({ a: 1 })),
        ],
        expect: [],
    },
];

function run(cases: Case[]): void {
    for (const c of cases) {
        it(c.title, () => {
            const found = stackFindings(c.resources, c.config);
            const shown = JSON.stringify(
                found.map((f) => [f.policy, f.level, f.message, f.urn]),
                null,
                2,
            );
            assert.strictEqual(found.length, c.expect.length, shown);
            c.expect.forEach(([policy, level, re, name]) => {
                const target = c.resources.find((r) => r.name === name);
                assert.ok(target, `no resource ${name}`);
                const f = found.find((x) => x.policy === policy && re.test(x.message));
                assert.ok(f, `no ${policy} finding matching ${re}: ${shown}`);
                assert.strictEqual(f.level, level);
                assert.strictEqual(f.urn, urn(target));
            });
        });
    }
}

describe("host mounts through the side door (stack view)", () => {
    // Sentinel strings in these cases stand for values unknown during a preview.
    duringPreview();
    describe("Docker named volumes that bind a host directory", () => run(dockerCases));
    describe("Docker volumes-from", () => run(volumesFromCases));
    describe("Kubernetes PersistentVolumes on a node directory", () => run(kubernetesCases));

    it("no-writable-host-mounts is one policy with a resource and a stack part", () => {
        const policy = noWritableHostMounts as typeof noWritableHostMounts & Partial<StackValidationPolicy>;
        assert.strictEqual(typeof policy.validateResource, "function");
        assert.strictEqual(typeof policy.validateStack, "function");
        const resources = [volume("etc", bindOpts("/etc")), container("web", { volumes: [{ volumeName: "etc", containerPath: "/e" }] })];
        const out: Array<{ message: string; urn?: string }> = [];
        const args = {
            resources: resources.map(
                (r) => ({ type: r.type, name: r.name, urn: urn(r), props: engineProps(r.props) }) as unknown as PolicyResource,
            ),
            getConfig: () => ({}),
        } as unknown as StackValidationArgs;
        void policy.validateStack?.(args, (message, u) => out.push({ message, urn: u }));
        assert.deepStrictEqual(
            out.map((o) => o.urn),
            [urn(resources[1])],
        );
    });

    describe("over gRPC (AnalyzeStack)", function () {
        this.timeout(120_000);
        const pack = usePack();

        it("reports the side doors under no-writable-host-mounts (mandatory) and inspectable-workloads (advisory)", async () => {
            const resources = [
                volume("etc", bindOpts("/etc")),
                container("web", { volumes: [{ volumeName: "etc", containerPath: "/e" }, { fromContainer: "elsewhere" }] }),
                pvHostEtc(),
                pvc("data", { volumeName: "host-etc" }),
                web(claimPod("data")),
            ];
            const diags = await pack.analyzeStack(resources.map((r) => ({ ...r, urn: urn(r) })));
            const mine = diags.filter((d) => d.policyName !== "immutable-configuration");
            const summary = mine.map((d) => [d.policyName, d.enforcementLevel, d.urn]).sort();
            assert.deepStrictEqual(
                summary,
                [
                    [inspectable, "advisory", urn(resources[1])],
                    [hostMounts, "mandatory", urn(resources[1])],
                    [hostMounts, "mandatory", urn(resources[4])],
                ].sort(),
            );
            const info = await pack.info();
            assert.strictEqual(info.policiesList.filter((p) => p.name === hostMounts).length, 1, "one policy of that name");
            // Analyze (per resource) still runs the resource part of the same policy.
            const single = await pack.analyze({
                type: dockerContainerType,
                name: "web",
                props: dockerContainer({ mounts: [{ type: "bind", source: "/srv", target: "/srv" }] }),
            });
            assert.deepStrictEqual(
                single.filter((d) => d.policyName === hostMounts).map((d) => d.enforcementLevel),
                ["mandatory"],
            );
            assert.strictEqual(pack.stderr().includes("failed"), false, pack.stderr());
        });
    });
});
