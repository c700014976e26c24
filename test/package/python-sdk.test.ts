// The component package from Python: the SDK `pulumi package gen-sdk --language python` generates
// from component-package/, installed with pip next to the `pulumi` package from PyPI, imported,
// and type-checked with mypy through a program that uses it (and one that misuses it).
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Engine } from "../e2e/engine";
import { ensureVenv, generatePythonSdk, run, venvPython } from "../helpers/python";
import { platforms } from "../../components/args";

/** A program a Python team would write, close to examples/yaml-immutable-service. */
const goodProgram = `
import pulumi
import pulumi_immutable_workloads as iw

web = iw.ImmutableService(
    "web",
    platform=iw.Platform.KUBERNETES,
    image="nginx:1.27",
    ports=[iw.PortSpecArgs(container_port=8080, protocol=iw.Protocol.TCP)],
    writable_paths=[iw.WritablePathArgs(path="/tmp", size_limit="16Mi")],
    persistent_paths=[{"path": "/srv/uploads", "size": "1Gi", "access_modes": [iw.PersistentAccessMode.READ_WRITE_ONCE]}],
    user=iw.UserSpecArgs(uid=101, gid=101),
    resources=iw.ResourcesArgs(limits=iw.ResourceAmountsArgs(memory="256Mi")),
    replicas=1,
)
name: pulumi.Output[str] = web.workload_name
paths: pulumi.Output[list[iw.outputs.ResolvedWritablePath]] = web.writable_paths  # type: ignore[assignment]
`;

/** The same with three mistakes mypy must find, one per line marked. */
const badProgram = `
import pulumi_immutable_workloads as iw

iw.ImmutableService("web", image="nginx:1.27", replicas="two")  # BAD replicas
iw.ImmutableService("web2", image="nginx:1.27", ports=[8080])  # BAD ports
iw.ImmutableService("web3", imag="nginx:1.27")  # BAD image
`;

describe("component-package: the generated Python SDK", function () {
    this.timeout(600_000);
    let engine: Engine;
    let work = "";

    before(() => {
        ensureVenv();
        engine = new Engine();
        work = path.join(engine.dir, "python-sdk");
        generatePythonSdk(engine, work);
    });
    after(() => engine?.cleanUp());

    it("imports with the pulumi package from PyPI, with ImmutableService, its args and the enums of the TypeScript unions", () => {
        const out = run(
            venvPython,
            [
                "-c",
                `
import inspect, json, pulumi, pulumi_immutable_workloads as iw
from pulumi_immutable_workloads import immutable_service
print(json.dumps({
    "pulumi": pulumi.__version__ if hasattr(pulumi, "__version__") else "",
    "component": issubclass(iw.ImmutableService, pulumi.ComponentResource),
    "platforms": [p.value for p in iw.Platform],
    "args": sorted(inspect.signature(iw.ImmutableServiceArgs.__init__).parameters),
    "argsDoc": inspect.getdoc(iw.ImmutableServiceArgs.__init__) or "",
    "source": inspect.getsource(immutable_service),
}))`,
            ],
            "importing pulumi_immutable_workloads",
        );
        const found = JSON.parse(out.trim().split("\n").pop() ?? "{}") as {
            component: boolean;
            platforms: string[];
            args: string[];
            argsDoc: string;
            source: string;
        };
        assert.strictEqual(found.component, true);
        assert.deepStrictEqual(found.platforms, [...platforms]);
        for (const arg of ["image", "ports", "writable_paths", "persistent_paths", "secret_env", "user", "resources"]) {
            assert.ok(found.args.includes(arg), `ImmutableServiceArgs has no ${arg}: ${found.args.join(", ")}`);
        }
        assert.ok(!found.args.includes("transform"), "the TypeScript-only transform is not in the Python SDK");
        // Doc comments reach Python: the arguments' as :param lines, the component's in the constructor's docstring.
        assert.match(found.argsDoc, /:param .*\bimage: Container image reference, e\.g\. `nginx:1\.27`/, found.argsDoc.slice(0, 500));
        assert.match(found.source, /"""\s+A workload whose root filesystem is read-only/);
    });

    it("type-checks a program that uses it (mypy)", () => {
        const file = path.join(work, "good_program.py");
        fs.writeFileSync(file, goodProgram);
        // The SDK's own modules are analysed for their types, their errors not reported: the
        // generator's boilerplate (_utilities.py) is not ours to fix.
        run(
            venvPython,
            ["-m", "mypy", "--follow-imports=silent", "--python-version", "3.11", file],
            "mypy on a program using the SDK",
            work,
        );
    });

    it("makes mypy reject a program that misuses it, on each wrong line", () => {
        const file = path.join(work, "bad_program.py");
        fs.writeFileSync(file, badProgram);
        const r = spawnSync(venvPython, ["-m", "mypy", "--follow-imports=silent", "--python-version", "3.11", file], {
            cwd: work,
            encoding: "utf8",
        });
        assert.notStrictEqual(r.status, 0, r.stdout);
        const badLines = badProgram
            .split("\n")
            .map((l, i) => (l.includes("# BAD") ? i + 1 : 0))
            .filter((n) => n > 0);
        const reported = new Set([...r.stdout.matchAll(/bad_program\.py:(\d+): error/g)].map((m) => Number(m[1])));
        assert.deepStrictEqual(
            badLines.filter((n) => !reported.has(n)),
            [],
            `mypy missed a wrong line:\n${r.stdout}`,
        );
    });
});
