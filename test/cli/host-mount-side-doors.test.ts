// immutable-check runs the pack's stack policies over a manifest stream as one stack, so a host
// mount through a PersistentVolume (hostPath PV + claim + Deployment) gets the same mandatory
// finding as under `pulumi preview`, placed on the Deployment's volumeMount; and a custom
// resource carrying a pod spec (an operator kind the pack does not know) gets the advisory "not inspected" finding.
import * as assert from "assert";
import { positionOf, runCli } from "./run";

interface JsonFinding {
    line: number;
    column: number;
    policy: string;
    level: string;
    kind: string;
    name: string;
    container?: string;
    path: string;
    message: string;
}

const sideDoor = `apiVersion: v1
kind: PersistentVolume
metadata:
  name: host-etc
spec:
  capacity:
    storage: 1Gi
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  hostPath:
    path: /etc
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
  namespace: shop
spec:
  storageClassName: manual
  volumeName: host-etc
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
          image: nginx:1.27@sha256:${"0".repeat(64)}
          securityContext:
            readOnlyRootFilesystem: true
          volumeMounts:
            - name: data
              mountPath: /data
      volumes:
        - name: data
          persistentVolumeClaim:
            claimName: data
`;

// An operator's kind the pack does not know (Argo Rollouts are judged as workloads now).
const rollout = `apiVersion: rollouts.example.com/v1
kind: Rollout
metadata:
  name: web
spec:
  replicas: 2
  strategy:
    canary:
      steps:
        - setWeight: 20
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
`;

async function findings(stdin: string, args: string[] = []): Promise<{ code: number; findings: JsonFinding[] }> {
    const r = await runCli(["--format", "json", ...args, "-"], stdin);
    assert.strictEqual(r.stderr, "");
    return { code: r.code, findings: (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings };
}

describe("immutable-check: host mounts through the side door and pod specs it does not inspect", () => {
    it("a hostPath PersistentVolume bound to the claim a Deployment mounts writable: mandatory, exit 1", async () => {
        const { code, findings: found } = await findings(sideDoor);
        const host = found.filter((f) => f.policy === "no-writable-host-mounts");
        assert.strictEqual(host.length, 1, JSON.stringify(found, null, 2));
        assert.strictEqual(host[0].level, "mandatory");
        assert.deepStrictEqual([host[0].kind, host[0].name, host[0].container], ["Deployment", "web", "app"]);
        assert.match(host[0].message, /mounts PersistentVolumeClaim "data" .*bound to PersistentVolume "host-etc" .*a hostPath of \/etc/);
        assert.strictEqual(host[0].path, "spec.template.spec.containers[0].volumeMounts[0].readOnly");
        // Placed on the volumeMount entry (readOnly is absent: the nearest node that exists).
        const at = positionOf(sideDoor, "- name: data");
        assert.deepStrictEqual([host[0].line, host[0].column], [at.line, at.column + 2]);
        assert.strictEqual(code, 1);
    });

    it("the same stream with the mount read-only passes", async () => {
        const readOnly = sideDoor.replace("mountPath: /data", "mountPath: /data\n              readOnly: true");
        const { code, findings: found } = await findings(readOnly);
        assert.deepStrictEqual(
            found.filter((f) => f.level === "mandatory"),
            [],
        );
        assert.strictEqual(code, 0);
    });

    it("an unknown operator kind: advisory not-inspected finding, exit 0 as for advisories", async () => {
        const { code, findings: found } = await findings(rollout);
        assert.deepStrictEqual(
            found.map((f) => [f.policy, f.level, f.kind, f.name, f.path]),
            [["inspectable-workloads", "advisory", "Rollout", "web", "spec.template.spec"]],
        );
        assert.match(found[0].message, /carries a pod spec at spec\.template\.spec .*does not inspect/);
        const at = positionOf(rollout, "    spec:");
        assert.strictEqual(found[0].line, at.line, "placed on the pod spec");
        assert.strictEqual(code, 0);
    });

    it("an unknown operator kind with inspectable-workloads made mandatory: exit 1", async () => {
        const { mkdtemp, writeFile, rm } = await import("fs/promises");
        const os = await import("os");
        const path = await import("path");
        const dir = await mkdtemp(path.join(os.tmpdir(), "immutable-check-rollout-"));
        const config = path.join(dir, "config.json");
        await writeFile(config, JSON.stringify({ "inspectable-workloads": "mandatory" }));
        const { code } = await findings(rollout, ["--config", config]);
        assert.strictEqual(code, 1);
        await rm(dir, { recursive: true });
    });
});
