import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as docker from "@pulumi/docker";
import { ImmutableService, ImmutableServiceArgs, Platform, immutableServiceType } from "../../components";
import * as publicApi from "../../index";
import { autoName, captureResources, registered, valueOf } from "./mocks";

/** Every child resource the component exposes. */
function childrenOf(component: ImmutableService): pulumi.Resource[] {
    const all: Array<pulumi.Resource | undefined> = [
        component.deployment,
        component.service,
        ...component.claims,
        component.container,
        component.swarmService,
        ...component.volumes,
    ];
    return all.filter((r): r is pulumi.Resource => r !== undefined);
}

const everyChild: Omit<ImmutableServiceArgs, "platform"> = {
    image: "app:1",
    ports: [8080],
    writablePaths: ["/tmp"],
    persistentPaths: [{ path: "/data", size: "1Gi" }],
};

describe("ImmutableService", () => {
    it("is exported from the package root", () => {
        assert.strictEqual(publicApi.ImmutableService, ImmutableService);
        assert.strictEqual(publicApi.immutableServiceType, "immutable-workloads:index:ImmutableService");
    });

    it("registers itself under its type token, as a component", async () => {
        const capture = await captureResources();
        const component = new ImmutableService("web", { image: "nginx" });
        await registered([component, ...childrenOf(component)]);
        const self = capture.one(immutableServiceType);
        assert.strictEqual(self.name, "web");
        assert.strictEqual(self.custom, false);
        assert.match(await valueOf(component.urn), /::immutable-workloads:index:ImmutableService::web$/);
    });

    it("defaults to Kubernetes", async () => {
        await captureResources();
        const component = new ImmutableService("web", { image: "nginx" });
        assert.strictEqual(component.platform, "kubernetes");
        assert.ok(component.deployment);
        // Every test waits for its registrations, so none lands in the next test's mocks.
        await registered([component, ...childrenOf(component)]);
    });

    const platforms: Platform[] = ["kubernetes", "docker", "swarm"];
    for (const platform of platforms) {
        describe(`on ${platform}`, () => {
            it("parents every child to the component", async () => {
                await captureResources();
                const component = new ImmutableService("web", { platform, ...everyChild });
                const children = childrenOf(component);
                await registered([component, ...children]);
                assert.strictEqual(children.length, platform === "kubernetes" ? 3 : 2);
                for (const child of children) {
                    // A child's URN carries its parent's type before its own: <parent type>$<type>::<name>.
                    assert.match(
                        await valueOf(child.urn),
                        /::immutable-workloads:index:ImmutableService\$[a-z]+:[A-Za-z0-9/]+:[A-Za-z]+::web(-data)?$/,
                    );
                }
            });

            it("resolves its outputs", async () => {
                await captureResources();
                const component = new ImmutableService("web", {
                    platform,
                    ...everyChild,
                    persistentPaths: [{ path: "/data", size: "1Gi" }],
                });
                await registered([component, ...childrenOf(component)]);
                assert.strictEqual(component.platform, platform);
                assert.strictEqual(await valueOf(component.workloadName), autoName("web"));
                assert.strictEqual(await valueOf(component.serviceName), platform === "kubernetes" ? autoName("web") : undefined);
                assert.deepStrictEqual(component.writablePaths, [
                    { path: "/tmp", sizeLimit: "64Mi", sizeBytes: 64 * 2 ** 20, mode: "1777" },
                ]);
                assert.deepStrictEqual(component.persistentPaths, [
                    {
                        path: "/data",
                        size: "1Gi",
                        sizeBytes: 2 ** 30,
                        storageClassName: undefined,
                        accessModes: ["ReadWriteOnce"],
                    },
                ]);
                assert.strictEqual(component.deployment !== undefined, platform === "kubernetes");
                assert.strictEqual(component.container !== undefined, platform === "docker");
                assert.strictEqual(component.swarmService !== undefined, platform === "swarm");
            });

            it("calls registerOutputs with the outputs", async () => {
                await captureResources();
                const calls: Array<{ self: unknown; outputs: Record<string, unknown> }> = [];
                const proto = pulumi.ComponentResource.prototype as unknown as { registerOutputs(o: unknown): void };
                const original = proto.registerOutputs;
                proto.registerOutputs = function (this: unknown, outputs: Record<string, unknown>) {
                    calls.push({ self: this, outputs });
                    return original.call(this, outputs);
                };
                let component: ImmutableService;
                try {
                    component = new ImmutableService("web", { platform, ...everyChild });
                } finally {
                    proto.registerOutputs = original;
                }
                await registered([component, ...childrenOf(component)]);
                const own = calls.filter((c) => c.self === component);
                assert.strictEqual(own.length, 1);
                assert.deepStrictEqual(Object.keys(own[0].outputs).sort(), [
                    "persistentPaths",
                    "platform",
                    "serviceName",
                    "workloadName",
                    "writablePaths",
                ]);
                assert.strictEqual(own[0].outputs.platform, platform);
            });
        });
    }

    describe("passes providers given in opts to its children", () => {
        const cases: Array<{ platform: Platform; make: () => pulumi.ProviderResource; via: "provider" | "providers" }> = [
            { platform: "kubernetes", make: () => new k8s.Provider("explicit", {}), via: "providers" },
            { platform: "kubernetes", make: () => new k8s.Provider("explicit", {}), via: "provider" },
            { platform: "docker", make: () => new docker.Provider("explicit", {}), via: "providers" },
            { platform: "docker", make: () => new docker.Provider("explicit", {}), via: "provider" },
            { platform: "swarm", make: () => new docker.Provider("explicit", {}), via: "providers" },
        ];
        for (const { platform, make, via } of cases) {
            it(`${platform}, through opts.${via}`, async () => {
                const capture = await captureResources();
                const provider = make();
                const opts: pulumi.ComponentResourceOptions = via === "provider" ? { provider } : { providers: [provider] };
                const component = new ImmutableService("web", { platform, ...everyChild }, opts);
                await registered([provider, component, ...childrenOf(component)]);
                const reference = `${await valueOf(provider.urn)}::${await valueOf(provider.id)}`;
                const children = capture.custom.filter((r) => !r.type.startsWith("pulumi:providers:"));
                assert.strictEqual(children.length, platform === "kubernetes" ? 3 : 2);
                for (const child of children) {
                    assert.strictEqual(child.provider, reference, `${child.type} ${child.name}`);
                }
            });
        }
    });
});
