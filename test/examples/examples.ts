// The examples, and what each is expected to draw from the policy pack.
import * as fs from "fs";
import * as path from "path";
import { repositoryRoot } from "./harness";

/** Every Node.js program under examples/ (examples/yaml-immutable-service is test/e2e/languages.test.ts's). */
export const exampleDirs: readonly string[] = fs
    .readdirSync(path.join(repositoryRoot, "examples"), { withFileTypes: true })
    .filter(
        (e) =>
            e.isDirectory() &&
            /^runtime: nodejs$/m.test(fs.readFileSync(path.join(repositoryRoot, "examples", e.name, "Pulumi.yaml"), "utf8")),
    )
    .map((e) => e.name)
    .sort();

/** An example that must pass the pack: no mandatory violation, and exactly these advisory ones. */
export interface CompliantExample {
    readonly dir: string;
    /** Stack config, unqualified keys belonging to the project. */
    readonly config?: Readonly<Record<string, string>>;
    readonly secretConfig?: Readonly<Record<string, string>>;
    /** `policy resource` pairs of the advisory violations it is known to draw, sorted. */
    readonly advisories: readonly string[];
    /** A resource type the example must register, so that the check checks something. */
    readonly workloadTypes: readonly string[];
}

export const compliantExamples: readonly CompliantExample[] = [
    {
        dir: "docker-nginx",
        advisories: [],
        workloadTypes: ["docker:index/container:Container"],
    },
    {
        dir: "docker-swarm",
        advisories: [],
        workloadTypes: ["docker:index/service:Service"],
    },
    {
        dir: "aws-ecs-fargate",
        config: { image: `nginxinc/nginx-unprivileged:1.27@sha256:${"0".repeat(64)}` },
        advisories: [],
        workloadTypes: ["aws:ecs/taskDefinition:TaskDefinition"],
    },
    {
        dir: "kubernetes-plain",
        advisories: [],
        workloadTypes: ["kubernetes:apps/v1:Deployment", "kubernetes:batch/v1:CronJob", "kubernetes:core/v1:ConfigMap"],
    },
    {
        dir: "kubernetes-wordpress",
        secretConfig: { dbPassword: "correct horse battery staple", saltSeed: "a seed for the salts" },
        // The images are tags until the user pins them (the README says how): advisory only.
        advisories: ["pinned-image mariadb", "pinned-image wordpress"],
        workloadTypes: ["kubernetes:apps/v1:Deployment", "kubernetes:core/v1:PersistentVolumeClaim"],
    },
];

/** The example whose README lists the violations it draws. */
export const noncompliantExample = "noncompliant";
