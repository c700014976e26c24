import * as assert from "assert";
import { noWritableHostMounts } from "../../../policy-pack/policies/no-writable-host-mounts";
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

const hostVol = (path: unknown) => [{ name: "host", hostPath: { path, type: "Directory" } }];
const hostMount = (extra: Record<string, unknown> = {}) => [{ name: "host", mountPath: "/data", ...extra }];

const readOnlyStates: Array<{ state: string; value: unknown; violates: boolean; patchViolates: boolean }> = [
    { state: "unset", value: undefined, violates: true, patchViolates: false },
    { state: "false", value: false, violates: true, patchViolates: true },
    { state: "true", value: true, violates: false, patchViolates: false },
    { state: "unknown", value: unknownOnTheWire, violates: false, patchViolates: false },
    { state: "invalid", value: "true", violates: true, patchViolates: true },
];

const matrix: PolicyCase[] = [];
for (const s of readOnlyStates) {
    const ro = s.value === undefined ? {} : { readOnly: s.value };
    matrix.push(
        {
            title: `Kubernetes hostPath, readOnly ${s.state}`,
            type: deploymentType,
            props: deployment(podSpec({ volumeMounts: hostMount(ro) }, hostVol("/var/data"))),
            expect: s.violates
                ? [/mounts hostPath volume "host" \(\/var\/data, spec\.template\.spec\.volumes\[0\]\.hostPath\.path\) at \/data writable/]
                : [],
        },
        {
            title: `Kubernetes patch hostPath, readOnly ${s.state}`,
            type: "kubernetes:apps/v1:DeploymentPatch",
            props: deployment(podSpec({ volumeMounts: hostMount(ro) }, hostVol("/var/data"))),
            expect: s.patchViolates ? [/hostPath/] : [],
        },
        {
            title: `Docker volumes[] hostPath, readOnly ${s.state}`,
            type: dockerContainerType,
            props: dockerContainer({ volumes: [{ hostPath: "/srv/data", containerPath: "/data", ...ro }] }),
            expect: s.violates ? [/Docker container "web" has a volume with hostPath \/srv\/data at \/data writable \(volumes\[0\]\)/] : [],
        },
        {
            title: `Docker bind mount, readOnly ${s.state}`,
            type: dockerContainerType,
            props: dockerContainer({ mounts: [{ type: "bind", source: "/srv/data", target: "/data", ...ro }] }),
            expect: s.violates
                ? [/Docker container "web" has a bind mount of \/srv\/data at \/data writable \(mounts\[0\]\): mounts\[0\]\.readOnly/]
                : [],
        },
        {
            title: `Swarm bind mount, readOnly ${s.state}`,
            type: dockerServiceType,
            props: swarmService({ mounts: [{ type: "bind", source: "/srv/data", target: "/data", ...ro }] }),
            expect: s.violates
                ? [/Swarm service "web" has a bind mount of \/srv\/data .*taskSpec\.containerSpec\.mounts\[0\]\.readOnly/]
                : [],
        },
    );
}

const cases: PolicyCase[] = [
    ...matrix,
    {
        title: "Kubernetes message says what to do",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: hostMount() }, hostVol("/var/data"))),
        expect: [
            /readOnly is unset, so the container can change files on the host\. Set spec\.template\.spec\.containers\[0\]\.volumeMounts\[0\]\.readOnly: true/,
        ],
    },
    {
        title: "emptyDir, PVC, configMap mounts are not host mounts",
        type: deploymentType,
        props: deployment(
            podSpec(
                {
                    volumeMounts: [
                        { name: "a", mountPath: "/a" },
                        { name: "b", mountPath: "/b" },
                        { name: "c", mountPath: "/c" },
                    ],
                },
                [
                    { name: "a", emptyDir: {} },
                    { name: "b", persistentVolumeClaim: { claimName: "x" } },
                    { name: "c", configMap: { name: "x" } },
                ],
            ),
        ),
        expect: [],
    },
    {
        title: "a hostPath volume no container mounts is no mount",
        type: deploymentType,
        props: deployment(podSpec({}, hostVol("/var/data"))),
        expect: [],
    },
    {
        title: "Docker named volume and volume mount are not host mounts",
        type: dockerContainerType,
        props: dockerContainer({
            volumes: [{ volumeName: "data", containerPath: "/data" }],
            mounts: [{ type: "volume", source: "data", target: "/d" }],
        }),
        expect: [],
    },
    {
        title: "allowedHostPaths glob allows a path",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: hostMount() }, hostVol("/var/run/agent/"))),
        config: { allowedHostPaths: ["/var/run/agent/**", "/var/run/agent"] },
        expect: [],
    },
    {
        title: "allowedHostPaths does not allow other paths",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: hostMount() }, hostVol("/etc"))),
        config: { allowedHostPaths: ["/var/run/**"] },
        expect: [/\/etc/],
    },
    {
        title: "allowedHostPaths for Docker bind sources",
        type: dockerContainerType,
        props: dockerContainer({ mounts: [{ type: "bind", source: "/var/run/docker.sock", target: "/var/run/docker.sock" }] }),
        config: { allowedHostPaths: ["/var/run/docker.sock"] },
        expect: [],
    },
    {
        title: "unknown host path with no allowed paths is still a violation",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: hostMount() }, hostVol(unknownOnTheWire))),
        expect: [/a host path unknown until the update/],
    },
    {
        title: "unknown host path with allowed paths: no verdict",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: hostMount() }, hostVol(unknownOnTheWire))),
        config: { allowedHostPaths: ["/var/run/**"] },
        expect: [],
    },
    {
        title: "unknown volumes: no verdict",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: hostMount() }, unknownOnTheWire)),
        expect: [],
    },
    {
        title: "unknown volume name: no verdict",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: [{ name: unknownOnTheWire, mountPath: "/d" }] }, hostVol("/x"))),
        expect: [],
    },
    {
        title: "unknown Docker mount type: no verdict",
        type: dockerContainerType,
        props: dockerContainer({ mounts: [{ type: unknownOnTheWire, source: "/x", target: "/x" }] }),
        expect: [],
    },
    {
        title: "secret-wrapped hostPath is read through",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: hostMount() }, [{ name: "host", hostPath: secretOnTheWire({ path: "/s" }) }])),
        expect: [/\(\/s,/],
    },
    {
        title: "several containers: each judged",
        type: deploymentType,
        props: deployment({
            containers: [
                { name: "a", image: "x", volumeMounts: hostMount() },
                { name: "b", image: "x", volumeMounts: hostMount({ readOnly: true }) },
                { name: "c", image: "x", volumeMounts: hostMount() },
            ],
            volumes: hostVol("/h"),
        }),
        expect: [/containers\[0\] "a"/, /containers\[2\] "c"/],
    },
    {
        title: "initContainers checked by default",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: hostMount() }, hostVol("/h"), "initContainers")),
        expect: [/initContainers\[0\] "app"/],
    },
    {
        title: "checkInitContainers false",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: hostMount() }, hostVol("/h"), "initContainers")),
        config: { checkInitContainers: false },
        expect: [],
    },
    {
        title: "Windows pods are still judged",
        type: deploymentType,
        props: deployment({ ...podSpec({ volumeMounts: hostMount() }, hostVol("C:\\data")), os: { name: "windows" } }),
        expect: [/C:\\data/],
    },
    {
        title: "exemption marker",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: hostMount() }, hostVol("/h")), {
            annotations: { "immutable-workloads/exempt": "node agent" },
        }),
        expect: [],
    },
    // An unknown justification exempts nothing (the Gate rule): the message says so.
    {
        title: "unknown exemption marker exempts nothing",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: hostMount() }, hostVol("/h")), { annotations: unknownOnTheWire }),
        expect: [/justification is not known yet/],
    },
    {
        title: "exemptContainers",
        type: deploymentType,
        props: deployment(podSpec({ volumeMounts: hostMount() }, hostVol("/h"))),
        config: { exemptContainers: ["app"] },
        expect: [],
    },
    {
        title: "exemptImages",
        type: dockerContainerType,
        props: dockerContainer({ mounts: [{ type: "bind", source: "/h", target: "/h" }] }),
        config: { exemptImages: ["nginx:*"] },
        expect: [],
    },
    // A volume mount whose volumeOptions make the local driver bind a host directory (Docker creates
    // the volume with those options): a bind mount by another name.
    {
        title: "Docker volume mount whose driver options bind a host directory",
        type: dockerContainerType,
        props: dockerContainer({
            mounts: [
                {
                    type: "volume",
                    source: "etc",
                    target: "/e",
                    volumeOptions: { driverName: "local", driverOptions: { type: "none", o: "bind", device: "/etc" } },
                },
            ],
        }),
        expect: [
            /^Docker container "web" has a volume mount whose driver options bind the host's \/etc \(mounts\[0\]\.volumeOptions\.driverOptions\.device\) at \/e writable \(mounts\[0\]\): mounts\[0\]\.readOnly is unset/,
        ],
    },
    {
        title: "Swarm volume mount whose driver options bind a host directory (driver defaults to local)",
        type: dockerServiceType,
        props: swarmService({
            mounts: [{ type: "volume", target: "/e", volumeOptions: { driverOptions: { type: "none", o: "rbind", device: "/var/lib" } } }],
        }),
        expect: [
            /^Swarm service "web" has a volume mount whose driver options bind the host's \/var\/lib .*taskSpec\.containerSpec\.mounts\[0\]\.readOnly is unset/,
        ],
    },
    {
        title: "volume driver options bind, read-only: nothing",
        type: dockerContainerType,
        props: dockerContainer({
            mounts: [
                {
                    type: "volume",
                    target: "/e",
                    readOnly: true,
                    volumeOptions: { driverOptions: { type: "none", o: "bind", device: "/etc" } },
                },
            ],
        }),
        expect: [],
    },
    {
        title: "volume driver options bind with ro: nothing",
        type: dockerContainerType,
        props: dockerContainer({
            mounts: [{ type: "volume", target: "/e", volumeOptions: { driverOptions: { type: "none", o: "ro,bind", device: "/etc" } } }],
        }),
        expect: [],
    },
    {
        title: "volume driver options of another driver: nothing",
        type: dockerContainerType,
        props: dockerContainer({
            mounts: [
                {
                    type: "volume",
                    target: "/e",
                    volumeOptions: { driverName: "rexray", driverOptions: { type: "none", o: "bind", device: "/etc" } },
                },
            ],
        }),
        expect: [],
    },
    {
        title: "volume driver options nfs: nothing",
        type: dockerContainerType,
        props: dockerContainer({
            mounts: [{ type: "volume", target: "/e", volumeOptions: { driverOptions: { type: "nfs", o: "addr=1.2.3.4", device: ":/x" } } }],
        }),
        expect: [],
    },
    {
        title: "volume driver options unknown at preview: no verdict",
        type: dockerContainerType,
        props: dockerContainer({ mounts: [{ type: "volume", target: "/e", volumeOptions: { driverOptions: unknownOnTheWire } }] }),
        expect: [],
    },
    {
        title: "volume driver options bind, device unknown, no allowed paths: still a violation",
        type: dockerContainerType,
        props: dockerContainer({
            mounts: [
                { type: "volume", target: "/e", volumeOptions: { driverOptions: { type: "none", o: "bind", device: unknownOnTheWire } } },
            ],
        }),
        expect: [/a host path unknown until the update/],
    },
    {
        title: "Docker exemption label on a Swarm service's containerSpec",
        type: dockerServiceType,
        props: swarmService({
            labels: [{ label: "immutable-workloads/exempt", value: "log shipper" }],
            mounts: [{ type: "bind", source: "/var/log", target: "/logs" }],
        }),
        expect: [],
    },
];

describe("no-writable-host-mounts", () => {
    itReportsExactly(noWritableHostMounts, cases);

    it("is mandatory by default with an empty allowedHostPaths", () => {
        assert.strictEqual(noWritableHostMounts.enforcementLevel, "mandatory");
        assert.deepStrictEqual(noWritableHostMounts.configSchema?.properties.allowedHostPaths?.default, []);
    });
});
