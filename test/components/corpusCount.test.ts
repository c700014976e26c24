// How much of the corpus the component can express: every workload of test/fixtures/corpus/kubernetes
// is written as ImmutableService arguments by a mechanical converter (corpus/convert.ts: first-class
// arguments where one exists, the data escape hatch for the rest), built under mocks and compared
// with the original (corpus/compare.ts), allowing only the component's own additions
// (immutabilityAdditions: names, read-only root, no escalation, writable paths in memory and bounded,
// defaults). The test prints the count and the list of what does not fit, and holds both: the list
// of workloads that do not fit, with their reasons, is written out below, so a regression (or an
// improvement) shows up as a failure to update.
import * as assert from "assert";
import { ImmutableServiceArgsError } from "../../components";
import { describe as describeDifference, differences, immutabilityAdditions, unexplained } from "./corpus/compare";
import { asDeployment, componentName, convert } from "./corpus/convert";
import { CorpusWorkload, buildService, corpusWorkloads } from "./corpus/load";

const componentKinds = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"];

interface Verdict {
    readonly workload: CorpusWorkload;
    readonly expressed: boolean;
    readonly reason?: string;
    /** Fields that needed the escape hatch. */
    readonly overridden: readonly string[];
}

async function judge(w: CorpusWorkload): Promise<Verdict> {
    const conversion = convert(w);
    if (conversion.args === undefined) {
        return { workload: w, expressed: false, reason: conversion.refused, overridden: conversion.overridden };
    }
    try {
        const built = await buildService(componentName(w), conversion.args);
        const { unallowed } = unexplained(differences(w.object, built.workload), immutabilityAdditions);
        return unallowed.length === 0
            ? { workload: w, expressed: true, overridden: conversion.overridden }
            : { workload: w, expressed: false, reason: unallowed.map(describeDifference).join("; "), overridden: conversion.overridden };
    } catch (error) {
        if (error instanceof ImmutableServiceArgsError) {
            return { workload: w, expressed: false, reason: error.message, overridden: conversion.overridden };
        }
        throw error;
    }
}

const label = (w: CorpusWorkload) => `${w.kind} ${w.name} (${w.file.split("__").slice(0, 2).join("/")})`;

/** Every corpus workload that does not fit, and why (a pattern its reason must match). */
const expectedMisfits: Record<string, RegExp> = {
    "DaemonSet kube-flannel-ds": /mounts the host path \/run\/flannel writable/,
    "DaemonSet newrelic-agent": /is privileged/,
};

/** Workloads of other kinds that a Deployment cannot replace either. */
const expectedOtherKindMisfits: Record<string, RegExp> = {
    "Pod nginx": /is privileged/,
};

describe("how much of the corpus ImmutableService expresses", function () {
    this.timeout(300_000);
    /** Expressed workloads of the five kinds, kept for the total over all corpus workloads. */
    let expressedOfFiveKinds: number | undefined;

    it("at least 90% of the corpus's Deployments, StatefulSets, DaemonSets, Jobs and CronJobs; the rest listed with the reason", async () => {
        const workloads = corpusWorkloads().filter((w) => componentKinds.includes(w.kind));
        const verdicts: Verdict[] = [];
        for (const w of workloads) verdicts.push(await judge(w));
        const expressed = verdicts.filter((v) => v.expressed);
        expressedOfFiveKinds = expressed.length;
        const firstClass = expressed.filter((v) => v.overridden.length === 0);
        const lines = [
            `expressed ${expressed.length}/${verdicts.length} (${((100 * expressed.length) / verdicts.length).toFixed(1)}%), ` +
                `${firstClass.length} with first-class arguments only, ${expressed.length - firstClass.length} also with the data escape hatch:`,
            ...expressed.filter((v) => v.overridden.length > 0).map((v) => `  ${label(v.workload)}: ${v.overridden.join("; ")}`),
            "not expressed:",
            ...verdicts.filter((v) => !v.expressed).map((v) => `  ${label(v.workload)}: ${v.reason}`),
        ];
        console.log(lines.map((l) => `      ${l}`).join("\n"));
        assert.ok(expressed.length / verdicts.length >= 0.9, lines.join("\n"));
        const misfits = verdicts.filter((v) => !v.expressed);
        assert.deepStrictEqual(
            misfits.map((v) => `${v.workload.kind} ${v.workload.name}`).sort(),
            Object.keys(expectedMisfits).sort(),
            lines.join("\n"),
        );
        for (const v of misfits) {
            assert.match(v.reason ?? "", expectedMisfits[`${v.workload.kind} ${v.workload.name}`]);
        }
    });

    it("the Pods, ReplicationController and ReplicaSet of the corpus, as the Deployments that replace them", async () => {
        const others = corpusWorkloads().filter((w) => !componentKinds.includes(w.kind));
        const verdicts: Verdict[] = [];
        for (const w of others) {
            const deployment = asDeployment(w);
            const verdict =
                deployment === undefined
                    ? {
                          workload: w,
                          expressed: false,
                          reason: "its pod must not be restarted, which a Deployment always does",
                          overridden: [],
                      }
                    : await judge(deployment);
            verdicts.push({ ...verdict, workload: w });
        }
        const expressed = verdicts.filter((v) => v.expressed);
        const all = corpusWorkloads().length;
        console.log(
            `      as Deployments: ${expressed.length}/${verdicts.length}; not: ${verdicts
                .filter((v) => !v.expressed)
                .map((v) => `${label(v.workload)}: ${v.reason}`)
                .join("; ")}`,
        );
        if (expressedOfFiveKinds !== undefined) {
            const total = expressedOfFiveKinds + expressed.length;
            console.log(
                `      all ${all} corpus workloads: ${total}/${all} (${((100 * total) / all).toFixed(1)}%) counting a Pod, ReplicationController or ReplicaSet as its Deployment; ${expressedOfFiveKinds}/${all} without them`,
            );
        }
        const misfits = verdicts.filter((v) => !v.expressed);
        assert.deepStrictEqual(
            misfits.map((v) => `${v.workload.kind} ${v.workload.name}`).sort(),
            Object.keys(expectedOtherKindMisfits).sort(),
        );
        for (const v of misfits) {
            assert.match(v.reason ?? "", expectedOtherKindMisfits[`${v.workload.kind} ${v.workload.name}`]);
        }
    });

    it("would notice a misfit: the comparison fails when the converter drops a field", async () => {
        const w = corpusWorkloads().find((x) => x.kind === "Deployment" && x.name === "vote")!;
        const conversion = convert(w);
        const built = await buildService(componentName(w), { ...conversion.args!, replicas: 2 });
        const { unallowed } = unexplained(differences(w.object, built.workload), immutabilityAdditions);
        assert.ok(unallowed.length > 0, "a changed replica count went unnoticed");
    });
});
