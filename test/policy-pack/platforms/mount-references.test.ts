// Each platform declares the kinds of stack reference its mounts can hold (Platform.mountReferences):
// the join of side-door host mounts skips the mounts of a container whose declared kinds cannot
// reach anything in its stack. An undeclared kind would be a side door the pack stops seeing, so
// every platform's mounts, over random mount lists of its own shape, hold only declared kinds, and
// every declared kind is met (the generators reach them). The join skipping and the join reading
// are then checked to find the same side doors.
import * as assert from "assert";
import fc from "fast-check";
import { registeredPlatforms } from "../../../policy-pack/platforms/registry";
import { awsTaskDefinitionType } from "../../../policy-pack/platforms/ecs/workload";
import { dockerContainerType, dockerServiceType, mountsOf, VolumeReference, workloadOf } from "../../../policy-pack/workloads";
import { stackHostMountsOf } from "../../../policy-pack/workloads/sideDoors";
import { unknownOnTheWire } from "../../helpers/policyArgs";

const names = ["a", "b", ""];
const name = fc.oneof(fc.constantFrom(...names), fc.constant(unknownOnTheWire));
const value = fc.oneof(name, fc.constantFrom(true, false, null, "/srv", "volume", "bind", "tmpfs", "local"), fc.constant({}));
const some = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { maxLength: 3 });

const kubernetesSources = ["emptyDir", "hostPath", "configMap", "secret", "persistentVolumeClaim", "ephemeral", "nfs", "csi", "projected"];
const kubernetesVolume = fc
    .record(
        {
            name,
            source: fc.constantFrom(...kubernetesSources),
            claimName: name,
            readOnly: value,
            volumeName: name,
            path: value,
        },
        { requiredKeys: ["source"] },
    )
    .map(({ source, ...v }) => ({
        name: v.name,
        [source]: {
            claimName: v.claimName,
            readOnly: v.readOnly,
            path: v.path,
            volumeClaimTemplate: { spec: { volumeName: v.volumeName } },
        },
    }));
const podSpec = fc.record({
    volumes: some(kubernetesVolume),
    containers: fc.array(
        fc.record({ name: fc.constant("app"), volumeMounts: some(fc.record({ name, mountPath: value, readOnly: value })) }),
        {
            minLength: 1,
            maxLength: 2,
        },
    ),
});
const kubernetes = fc
    .record({ spec: podSpec, templates: some(fc.record({ metadata: fc.record({ name }), spec: fc.record({ volumeName: name }) })) })
    .map(({ spec, templates }) => ({
        type: "kubernetes:apps/v1:StatefulSet",
        props: { metadata: { name: "db" }, spec: { template: { spec }, volumeClaimTemplates: templates } },
    }));

const dockerMount = fc.record({
    type: value,
    source: name,
    target: value,
    readOnly: value,
    volumeOptions: fc.record({ driverName: value, driverOptions: fc.record({ type: value, o: value, device: value }) }),
});
const dockerVolume = fc.record({
    fromContainer: name,
    volumeName: name,
    hostPath: fc.constantFrom(undefined, "", "/srv"),
    containerPath: value,
});
const docker = fc
    .record({ mounts: some(dockerMount), volumes: some(dockerVolume) })
    .map((p) => ({ type: dockerContainerType, props: { name: "web", ...p } }));
const swarm = some(dockerMount).map((mounts) => ({ type: dockerServiceType, props: { taskSpec: { containerSpec: { mounts } } } }));
const ecs = fc
    .record({
        volumes: some(
            fc.record({
                name,
                hostPath: fc.constantFrom(undefined, "/srv"),
                dockerVolumeConfiguration: fc.record({ driver: value, driverOpts: fc.record({ type: value, o: value, device: value }) }),
            }),
        ),
        mountPoints: some(fc.record({ sourceVolume: name, containerPath: value, readOnly: value })),
        volumesFrom: some(fc.record({ sourceContainer: name, readOnly: value })),
    })
    .map(({ volumes, mountPoints, volumesFrom }) => ({
        type: awsTaskDefinitionType,
        props: {
            family: "web",
            volumes,
            containerDefinitions: JSON.stringify([
                { name: "a", image: "x", mountPoints, volumesFrom },
                { name: "b", image: "x", mountPoints },
            ]),
        },
    }));

describe("the stack references each platform's mounts hold", () => {
    it("are all declared in the platform's mountReferences, and every declared kind is met", () => {
        const met = new Map<string, Set<string>>();
        fc.assert(
            fc.property(fc.oneof(kubernetes, docker, swarm, ecs), ({ type, props }) => {
                const view = workloadOf(type, props, "r");
                assert.ok(view, `${type} is a workload`);
                const platform = registeredPlatforms().find((p) => p.id === view.platform)!;
                for (const container of view.containers) {
                    for (const mount of mountsOf(view, container).mounts) {
                        const reference: VolumeReference | undefined =
                            mount.backing.kind === "volume" ? mount.backing.reference : undefined;
                        if (reference) {
                            assert.ok(
                                platform.mountReferences?.includes(reference.kind),
                                `${platform.id} gives a ${reference.kind} reference, which its mountReferences leaves out`,
                            );
                            met.set(platform.id, (met.get(platform.id) ?? new Set()).add(reference.kind));
                        }
                    }
                }
            }),
            { numRuns: 3000, seed: 18 },
        );
        for (const platform of registeredPlatforms()) {
            assert.deepStrictEqual([...(met.get(platform.id) ?? [])].sort(), [...(platform.mountReferences ?? [])].sort(), platform.id);
        }
    });
});

describe("the join of side-door host mounts", () => {
    const nodeVolume = {
        type: "kubernetes:core/v1:PersistentVolume",
        name: "pv",
        urn: "urn:pv",
        props: { metadata: { name: "node-disk" }, spec: { hostPath: { path: "/srv" }, claimRef: { name: "data", namespace: "default" } } },
    };
    const claim = {
        type: "kubernetes:core/v1:PersistentVolumeClaim",
        name: "data",
        urn: "urn:pvc",
        props: { metadata: { name: "data", namespace: "default" }, spec: {} },
    };
    const pod = {
        type: "kubernetes:core/v1:Pod",
        name: "web",
        urn: "urn:pod",
        props: {
            metadata: { name: "web", namespace: "default" },
            spec: {
                containers: [{ name: "app", image: "x", volumeMounts: [{ name: "data", mountPath: "/data" }] }],
                volumes: [{ name: "data", persistentVolumeClaim: { claimName: "data" } }],
            },
        },
    };
    const bindVolume = {
        type: "docker:index/volume:Volume",
        name: "srv",
        urn: "urn:vol",
        props: { name: "srv", driver: "local", driverOpts: { type: "none", o: "bind", device: "/srv" } },
    };
    const container = {
        type: dockerContainerType,
        name: "web",
        urn: "urn:web",
        props: { name: "web", image: "x", volumes: [{ volumeName: "srv", containerPath: "/data" }] },
    };
    const routes = (resources: Array<{ type: string; name: string; urn: string; props: unknown }>, defaultNamespace = "default") =>
        stackHostMountsOf(resources, { defaultNamespace }).sideDoors.map((d) => `${d.resource.urn} ${d.reached.route.kind}`);

    it("follows a claim to a node-directory volume, and a mount to a Docker bind volume", () => {
        assert.deepStrictEqual(routes([pod, claim, nodeVolume]), ["urn:pod claim"]);
        assert.deepStrictEqual(routes([container, bindVolume]), ["urn:web dockerVolume"]);
    });

    it("finds nothing to follow in a stack without such volumes", () => {
        assert.deepStrictEqual(routes([pod, claim, container]), []);
    });

    it("is made once per list and namespace, and again for another namespace", () => {
        const stack = [pod, claim, nodeVolume];
        assert.strictEqual(
            stackHostMountsOf(stack, { defaultNamespace: "default" }),
            stackHostMountsOf(stack, { defaultNamespace: "default" }),
        );
        // The claim sits in "default"; a pod without a namespace lands in the default namespace.
        const unnamespaced = [{ ...pod, props: { ...pod.props, metadata: { name: "web" } } }, claim, nodeVolume];
        assert.deepStrictEqual(routes(unnamespaced, "default"), ["urn:pod claim"]);
        assert.deepStrictEqual(routes(unnamespaced, "other"), []);
    });
});
