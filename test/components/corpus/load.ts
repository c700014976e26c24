// The corpus workloads (test/fixtures/corpus/kubernetes, copied verbatim from their projects) and a
// way to build an ImmutableService under Pulumi mocks and get back the workload it registered.
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { ImmutableService, ImmutableServiceArgs } from "../../../components";
import { CapturedResource, captureResources, drain, registered } from "../mocks";

/* eslint-disable @typescript-eslint/no-explicit-any */

export const corpusDir = path.join(__dirname, "..", "..", "fixtures", "corpus", "kubernetes");

/** Kinds of objects that run pods. */
export const workloadKinds = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod", "ReplicationController", "ReplicaSet"];

/** One workload of the corpus, with the other objects of its file (claims, services). */
export interface CorpusWorkload {
    readonly file: string;
    readonly kind: string;
    readonly name: string;
    readonly object: any;
    readonly siblings: readonly any[];
}

/** Every workload of the corpus, in file order. */
export function corpusWorkloads(): CorpusWorkload[] {
    const result: CorpusWorkload[] = [];
    for (const file of fs
        .readdirSync(corpusDir)
        .filter((f) => f.endsWith(".yaml"))
        .sort()) {
        const objects = YAML.parseAllDocuments(fs.readFileSync(path.join(corpusDir, file), "utf8"))
            .map((d) => d.toJS())
            .filter((o) => o && typeof o === "object" && typeof o.kind === "string");
        for (const object of objects) {
            if (workloadKinds.includes(object.kind)) {
                result.push({ file, kind: object.kind, name: object.metadata?.name, object, siblings: objects });
            }
        }
    }
    return result;
}

/** The corpus workload `kind/name` of `file`. */
export function corpusWorkload(file: string, kind: string, name: string): CorpusWorkload {
    const found = corpusWorkloads().find((w) => w.file === file && w.kind === kind && w.name === name);
    if (!found) throw new Error(`no ${kind} ${name} in ${file}`);
    return found;
}

const workloadTypes: Record<string, string> = {
    Deployment: "kubernetes:apps/v1:Deployment",
    StatefulSet: "kubernetes:apps/v1:StatefulSet",
    DaemonSet: "kubernetes:apps/v1:DaemonSet",
    Job: "kubernetes:batch/v1:Job",
    CronJob: "kubernetes:batch/v1:CronJob",
};

/** What building an ImmutableService registered. */
export interface Built {
    readonly component: ImmutableService;
    readonly registrations: CapturedResource[];
    /** The workload's inputs: `{ apiVersion, kind, metadata, spec }`. */
    readonly workload: any;
}

/** Build `args` as ImmutableService `name` under fresh mocks. */
export async function buildService(name: string, args: ImmutableServiceArgs): Promise<Built> {
    const capture = await captureResources();
    const component = new ImmutableService(name, args);
    await registered([
        component,
        component.workload,
        component.service,
        component.headlessService,
        component.envSecret,
        component.filesConfigMap,
        component.filesSecret,
        ...component.claims,
        component.container,
        component.swarmService,
        ...component.volumes,
        ...component.configs,
        ...component.secrets,
    ]);
    await drain();
    const type = workloadTypes[args.kind ?? "Deployment"];
    const workload = capture.resources.find((r) => r.type === type);
    return { component, registrations: capture.resources, workload: workload?.inputs };
}
