// Every example and the root demo type-check with their own tsconfig.json (strict), as `pulumi
// preview` would compile them with ts-node.
import * as assert from "assert";
import * as path from "path";
import { exampleDirs } from "./examples";
import { repositoryRoot, typeCheck } from "./harness";

describe("examples type-check", function () {
    this.timeout(180_000);
    for (const dir of [...exampleDirs.map((name) => path.join("examples", name)), "demo"]) {
        it(`tsc --noEmit -p ${dir}`, () => {
            const result = typeCheck(path.join(repositoryRoot, dir));
            assert.strictEqual(result.status, 0, result.output);
        });
    }
});
