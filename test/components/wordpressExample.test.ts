// The WordPress example (examples/kubernetes-wordpress) runs MariaDB as a StatefulSet: its data on
// a volumeClaimTemplate, a headless Service, probes; WordPress stays a Deployment with a claim.
import * as assert from "assert";
import * as path from "path";
import { runProgram } from "../examples/harness";

/* eslint-disable @typescript-eslint/no-explicit-any */

describe("examples/kubernetes-wordpress with ImmutableService's new kinds", function () {
    this.timeout(120_000);

    it("MariaDB is a StatefulSet with its data on a claim template and a headless Service", async () => {
        const registrations = await runProgram({
            entry: path.join("examples", "kubernetes-wordpress", "index.ts"),
            project: "kubernetes-wordpress",
            config: { "kubernetes-wordpress:dbPassword": "pw", "kubernetes-wordpress:saltSeed": "seed" },
            secretKeys: ["kubernetes-wordpress:dbPassword", "kubernetes-wordpress:saltSeed"],
        });
        const mariadb = registrations.find((r) => r.type === "kubernetes:apps/v1:StatefulSet" && r.name === "mariadb");
        assert.ok(mariadb, `registered: ${registrations.map((r) => `${r.type} ${r.name}`).join(", ")}`);
        const spec = mariadb.inputs.spec as any;
        assert.deepStrictEqual(
            spec.volumeClaimTemplates.map((t: any) => [t.metadata.name, t.spec.resources.requests.storage]),
            [["data", "10Gi"]],
        );
        const container = spec.template.spec.containers[0];
        assert.deepStrictEqual(
            container.volumeMounts.find((m: any) => m.mountPath === "/var/lib/mysql"),
            { name: "data", mountPath: "/var/lib/mysql" },
        );
        assert.strictEqual(container.securityContext.readOnlyRootFilesystem, true);
        assert.deepStrictEqual(container.readinessProbe.exec.command, ["healthcheck.sh", "--connect", "--innodb_initialized"]);
        const headless = registrations.find((r) => r.type === "kubernetes:core/v1:Service" && r.name === "mariadb-headless");
        assert.ok(headless);
        assert.strictEqual((headless.inputs.spec as any).clusterIP, "None");
        // No Deployment nor stand-alone claim for MariaDB any more; WordPress keeps its Deployment and uploads claim.
        assert.deepStrictEqual(
            registrations.filter((r) => r.type === "kubernetes:apps/v1:Deployment").map((r) => r.name),
            ["wordpress"],
        );
        assert.deepStrictEqual(
            registrations.filter((r) => r.type === "kubernetes:core/v1:PersistentVolumeClaim").map((r) => r.name),
            ["wordpress-var-www-html-wp-content-uploads"],
        );
    });
});
