import * as assert from "assert";
import { inspectableWorkloads } from "../../../policy-pack/policies/inspectable-workloads";
import { judgeResource } from "../../../policy-pack/checks";
import { unknownOnTheWire } from "../../helpers/policyArgs";
import { itReportsExactly, PolicyCase } from "../../helpers/builders";

const releaseType = "kubernetes:helm.sh/v3:Release";

const cases: PolicyCase[] = [
    {
        title: "a Helm Release is reported with the fix",
        type: releaseType,
        props: {
            name: "ingress",
            chart: "ingress-nginx",
            version: "4.11.0",
            namespace: "ingress",
            repositoryOpts: { repo: "https://kubernetes.github.io/ingress-nginx" },
        },
        expect: [
            /^Helm Release "ingress" \(chart ingress-nginx 4\.11\.0 from https:\/\/kubernetes\.github\.io\/ingress-nginx, namespace ingress\) deploys workloads this policy pack never sees: kubernetes:helm\.sh\/v3:Release installs the chart .*kubernetes\.helm\.v4\.Chart \(kubernetes:helm\.sh\/v4:Chart\) or helm\.v3\.Chart, whose rendered resources are registered and checked, or render it into the program/,
        ],
    },
    {
        title: "an auto-named release is named by its resource name",
        type: releaseType,
        props: { chart: "redis" },
        name: "cache",
        expect: [/^Helm Release "cache" \(chart redis\)/],
    },
    {
        title: "unknown chart and name at preview still report (the type alone is opaque)",
        type: releaseType,
        props: { name: unknownOnTheWire, chart: unknownOnTheWire },
        name: "rel",
        expect: [/^Helm Release "rel" deploys workloads/],
    },
    {
        title: "malformed props still report, never throw",
        type: releaseType,
        props: { name: 3, chart: null, repositoryOpts: "x" },
        name: "rel",
        expect: [/Helm Release "rel"/],
    },
    {
        title: "exemptResources by release name",
        type: releaseType,
        props: { name: "ingress", chart: "x" },
        config: { exemptResources: ["Release/ingress"] },
        expect: [],
    },
    {
        title: "exemptResources by resource name",
        type: releaseType,
        props: { chart: "x" },
        name: "legacy-release",
        config: { exemptResources: ["legacy-*"] },
        expect: [],
    },
    {
        title: "exemptNamespaces",
        type: releaseType,
        props: { chart: "x", namespace: "vendor" },
        config: { exemptNamespaces: ["vendor"] },
        expect: [],
    },
    { title: "Helm Chart v4 is not opaque", type: "kubernetes:helm.sh/v4:Chart", props: { chart: "x" }, expect: [] },
    { title: "Helm Chart v3 is not opaque", type: "kubernetes:helm.sh/v3:Chart", props: { chart: "x" }, expect: [] },
    { title: "a Deployment is not opaque", type: "kubernetes:apps/v1:Deployment", props: { spec: {} }, expect: [] },
];

describe("inspectable-workloads", () => {
    // The resource name is `release` unless a row says otherwise.
    itReportsExactly(
        inspectableWorkloads,
        cases.map((c) => ({ name: "release", ...c })),
    );

    it("judgeResource reports a Release through the opaque-resource policies only", () => {
        const found = judgeResource(releaseType, { chart: "x" }, "rel");
        assert.deepStrictEqual(
            found.map((f) => [f.policy, f.level]),
            [["inspectable-workloads", "advisory"]],
        );
        assert.deepStrictEqual(judgeResource(releaseType, { chart: "x" }, "rel", { "inspectable-workloads": "disabled" }), []);
    });

    it("is advisory by default", () => {
        assert.strictEqual(inspectableWorkloads.enforcementLevel, "advisory");
    });
});
