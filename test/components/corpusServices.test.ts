// Issue 15's proof: real workloads of the corpus, written as ImmutableServices (corpus/services.ts),
// built under Pulumi mocks and compared field by field with their original manifests: every field
// the original sets is there with the same value, except the differences each workload lists (and
// the component adds nothing else). Each listed difference must occur, so the lists stay exact.
import * as assert from "assert";
import { describe as describeDifference, differences, immutabilityAdditions, unexplained } from "./corpus/compare";
import { buildService, corpusWorkload } from "./corpus/load";
import { corpusServices } from "./corpus/services";

/* eslint-disable @typescript-eslint/no-explicit-any */

describe("corpus workloads as ImmutableServices", function () {
    this.timeout(120_000);

    it("covers the workloads issue 15 names", () => {
        assert.deepStrictEqual(
            corpusServices.map((s) => s.name),
            [
                "frontend",
                "cartservice",
                "redis-cart",
                "argocd-repo-server",
                "argocd-application-controller",
                "cockroachdb",
                "cassandra",
                "grafana",
                "kube-state-metrics",
                "descheduler-cronjob",
                "ingress-nginx-controller",
            ],
        );
    });

    for (const service of corpusServices) {
        it(`${service.kind} ${service.name}: the original's fields, except ${service.allowed.length} listed difference(s)`, async () => {
            const original = corpusWorkload(service.file, service.kind, service.name).object;
            const built = await buildService(service.component, service.args);
            assert.strictEqual(built.workload?.kind, service.kind);
            const found = differences(original, built.workload);
            const { unallowed, unused } = unexplained(found, service.allowed, service.allowed);
            assert.deepStrictEqual(unallowed.map(describeDifference), [], "differences nobody listed");
            assert.deepStrictEqual(
                unused.map((a) => `${a.change} ${a.path}`),
                [],
                "listed differences that do not occur",
            );
        });
    }

    it("would notice a missing field: cartservice without its REDIS_ADDR differs", async () => {
        const service = corpusServices.find((s) => s.name === "cartservice")!;
        const built = await buildService(service.component, { ...service.args, env: {} });
        const found = differences(corpusWorkload(service.file, service.kind, service.name).object, built.workload);
        const { unallowed } = unexplained(found, immutabilityAdditions);
        assert.deepStrictEqual(unallowed.map(describeDifference), [
            'removed pod.containers[server].env[REDIS_ADDR].value (was "redis-cart:6379")',
        ]);
    });

    it("would notice a changed value: a probe period differs", async () => {
        const service = corpusServices.find((s) => s.name === "redis-cart")!;
        const built = await buildService(service.component, {
            ...service.args,
            livenessProbe: { periodSeconds: 6, tcpSocket: { port: 6379 } },
        });
        const found = differences(corpusWorkload(service.file, service.kind, service.name).object, built.workload);
        assert.deepStrictEqual(unexplained(found, immutabilityAdditions).unallowed.map(describeDifference), [
            "changed pod.containers[redis].livenessProbe.periodSeconds: 5 → 6",
        ]);
    });

    it("cockroachdb's Services: the headless one and the client one have the original's ports", async () => {
        const service = corpusServices.find((s) => s.name === "cockroachdb")!;
        const workload = corpusWorkload(service.file, service.kind, service.name);
        const originalHeadless = workload.siblings.find((o) => o.kind === "Service" && o.metadata.name === "cockroachdb");
        const originalPublic = workload.siblings.find((o) => o.kind === "Service" && o.metadata.name === "cockroachdb-public");
        const built = await buildService(service.component, service.args);
        const services = built.registrations.filter((r) => r.type === "kubernetes:core/v1:Service");
        const headless = services.find((r) => r.name === "cockroachdb-headless");
        const client = services.find((r) => r.name === "cockroachdb");
        assert.ok(headless && client, `Services registered: ${services.map((r) => r.name).join(", ")}`);
        const ports = (list: any[]) =>
            list.map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort })).sort((a, b) => a.port - b.port);
        const headlessSpec = headless.inputs.spec as any;
        assert.strictEqual(headlessSpec.clusterIP, "None");
        assert.deepStrictEqual(ports(headlessSpec.ports), ports(originalHeadless.spec.ports));
        // The original's alpha annotation tolerate-unready-endpoints is publishNotReadyAddresses today.
        assert.strictEqual(originalHeadless.metadata.annotations["service.alpha.kubernetes.io/tolerate-unready-endpoints"], "true");
        assert.strictEqual(headlessSpec.publishNotReadyAddresses, true);
        assert.deepStrictEqual(ports((client.inputs.spec as any).ports), ports(originalPublic.spec.ports));
        // The StatefulSet names the headless Service (the mock engine auto-names it), so pods get <pod>.<service> names.
        assert.match(String((built.workload.spec as any).serviceName), /^cockroachdb-headless-[0-9a-f]{8}$/);
    });
});
