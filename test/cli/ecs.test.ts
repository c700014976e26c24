// immutable-check reads ECS task definition JSON (issue 14): the register-task-definition input
// and describe-task-definition output, judged as the pack judges an aws-native TaskDefinition,
// each finding placed in the file and worded with the file's paths.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { checkInputs } from "../../cli/check";
import { isEcsTaskDefinition } from "../../cli/ecs";

const dir = path.join(__dirname, "../fixtures/ecs");
const read = (file: string) => ({ name: file, text: fs.readFileSync(path.join(dir, file), "utf8") });

describe("immutable-check: ECS task definition JSON", () => {
    it("register-task-definition input: every container and mount, at its line", () => {
        const result = checkInputs([read("register-task-definition.json")]);
        assert.strictEqual(result.summary.workloads, 1);
        assert.deepStrictEqual(
            result.findings.map((f) => [f.policy, f.level, f.container, f.range.line, f.kind, f.name]),
            [
                // readonlyRootFilesystem is unset: the finding points at the container definition.
                ["read-only-root-filesystem", "mandatory", "app", 9, "TaskDefinition", "web"],
                ["pinned-image", "advisory", "app", 11, "TaskDefinition", "web"],
                ["no-writable-host-mounts", "mandatory", "app", 13, "TaskDefinition", "web"],
            ],
        );
        const host = result.findings.find((f) => f.policy === "no-writable-host-mounts");
        assert.strictEqual(
            host?.message,
            'ECS task definition "web" container "app" mounts task volume "logs" (host path /var/log/web, volumes[0].host.sourcePath) at /logs writable (containerDefinitions[0].mountPoints[0]): containerDefinitions[0].mountPoints[0].readOnly is unset, so the container can change files on the host. Set containerDefinitions[0].mountPoints[0].readOnly to true, or keep what the container writes in a tmpfs (EC2) or a task-storage volume instead of the instance\'s filesystem; or add the path to allowedHostPaths if it must be written.',
        );
    });

    it("describe-task-definition output: paths under taskDefinition, the tags beside it", () => {
        const result = checkInputs([read("describe-task-definition.json")]);
        assert.deepStrictEqual(
            result.findings.map((f) => [f.policy, f.level, f.container]),
            [["read-only-root-filesystem", "mandatory", "worker"]],
        );
        const [f] = result.findings;
        assert.match(
            f.message,
            /readonlyRootFilesystem is explicitly false \(taskDefinition\.containerDefinitions\[0\]\.readonlyRootFilesystem\)/,
        );
        // The blank exemption tag beside the task definition is read, and exempts nothing.
        assert.match(f.message, /immutable-workloads\/exempt tag is present but empty/);
        assert.strictEqual(f.range.line, 8);
    });

    it("detection by content: a task definition, describe output; not a Compose file or a manifest", () => {
        assert.ok(isEcsTaskDefinition({ containerDefinitions: [] }));
        assert.ok(isEcsTaskDefinition({ taskDefinition: { containerDefinitions: [] } }));
        assert.ok(!isEcsTaskDefinition({ containerDefinitions: "[]" }));
        assert.ok(!isEcsTaskDefinition({ services: {} }));
        assert.ok(!isEcsTaskDefinition([{ containerDefinitions: [] }]));
    });
});
