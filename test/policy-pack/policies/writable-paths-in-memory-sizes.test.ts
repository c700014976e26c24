// Issue #13: the sizes writable-paths-in-memory judges are read in each platform's own grammar
// (policy-pack/workloads/quantities.ts): a Kubernetes quantity as the API server decodes it, a
// Docker `tmpfs` option `size=` as the Linux kernel reads it (the daemon passes the options to
// mount(2) untouched), a mount's `tmpfsOptions.sizeBytes` as the byte count it is. A size the
// platform reads as a bound passes; anything else "bounds nothing".
import * as assert from "assert";
import { writablePathsInMemory } from "../../../policy-pack/policies/writable-paths-in-memory";
import { violationsOf } from "../../helpers/policyArgs";
import {
    deployment,
    deploymentType,
    dockerContainer,
    dockerContainerType,
    dockerServiceType,
    podSpec,
    swarmService,
} from "../../helpers/builders";

const emptyDir = (sizeLimit: unknown) =>
    deployment(
        podSpec({ volumeMounts: [{ name: "tmp", mountPath: "/tmp" }] }, [{ name: "tmp", emptyDir: { medium: "Memory", sizeLimit } }]),
    );
const tmpfsOption = (options: string) => dockerContainer({ tmpfs: { "/tmp": options } });
const sizeBytes = (value: unknown) => swarmService({ mounts: [{ type: "tmpfs", target: "/tmp", tmpfsOptions: { sizeBytes: value } }] });

describe("writable-paths-in-memory reads sizes as the platform does", () => {
    describe("Kubernetes emptyDir.sizeLimit (a resource.Quantity, as the API server decodes it)", () => {
        const bounded: unknown[] = [
            "1e8", // the exponent form of a quantity: 100000000 bytes
            "1E8",
            "1e+8",
            100000000,
            1e8,
            "64Mi",
            "500M",
            "1.5Gi",
            ".5Ki",
            "5.",
            " 64Mi ", // Quantity.UnmarshalJSON trims white space before parsing
            "64m", // 0.064 bytes, rounded up to 1 by Quantity.Value(): a bound, if a useless one
        ];
        for (const sizeLimit of bounded) {
            it(`${JSON.stringify(sizeLimit)} bounds the emptyDir`, async () => {
                assert.deepStrictEqual(await violationsOf(writablePathsInMemory, deploymentType, emptyDir(sizeLimit)), []);
            });
        }
        const unbounded: unknown[] = ["64 bananas", "64MB", "64 Mi", "64mi", "1.5.3", "0x10", "-64Mi", "Mi", "0", "0e5", "1e", 0, -1, true];
        for (const sizeLimit of unbounded) {
            it(`${JSON.stringify(sizeLimit)} bounds nothing`, async () => {
                const messages = await violationsOf(writablePathsInMemory, deploymentType, emptyDir(sizeLimit));
                assert.strictEqual(messages.length, 1, JSON.stringify(messages));
                assert.match(messages[0], /emptyDir\.sizeLimit is .*, which bounds nothing/);
            });
        }
    });

    describe("Docker tmpfs options size= (the kernel's tmpfs size=, as mount(2) reads it)", () => {
        const bounded = [
            "size=64m",
            "size=64M",
            "size=1g",
            "size=65536",
            "size=100k",
            "size=0x10m",
            "size=010m",
            "size=50%",
            "size=1e",
            "rw,size=2t,noexec",
        ];
        for (const options of bounded) {
            it(`${JSON.stringify(options)} bounds the tmpfs`, async () => {
                assert.deepStrictEqual(await violationsOf(writablePathsInMemory, dockerContainerType, tmpfsOption(options)), []);
            });
        }
        // Sizes the kernel refuses (the mount fails) or reads as 0, which tmpfs takes for "no limit".
        const unbounded = [
            "size=64 bananas",
            "size=64mb",
            "size=64Mi",
            "size=1.5g",
            "size=1e8",
            "size=64 m",
            "size=08m",
            "size=-1m",
            "size=0",
            "size=m",
            "size=0%",
            "size=16e",
        ];
        for (const options of unbounded) {
            it(`${JSON.stringify(options)} bounds nothing`, async () => {
                const messages = await violationsOf(writablePathsInMemory, dockerContainerType, tmpfsOption(options));
                assert.strictEqual(messages.length, 1, JSON.stringify(messages));
                assert.match(messages[0], /sets size=.*, which bounds nothing/);
            });
        }
    });

    describe("Swarm and Docker mounts[] tmpfsOptions.sizeBytes (an integer number of bytes)", () => {
        for (const value of [67108864, 1, "67108864"]) {
            it(`${JSON.stringify(value)} bounds the tmpfs`, async () => {
                assert.deepStrictEqual(await violationsOf(writablePathsInMemory, dockerServiceType, sizeBytes(value)), []);
            });
        }
        for (const value of ["64 bananas", "64m", "1e8", 1.5, -1, 0, "0"]) {
            it(`${JSON.stringify(value)} bounds nothing`, async () => {
                const messages = await violationsOf(writablePathsInMemory, dockerServiceType, sizeBytes(value));
                assert.strictEqual(messages.length, 1, JSON.stringify(messages));
                assert.match(messages[0], /tmpfsOptions\.sizeBytes is .*, which bounds nothing/);
            });
        }
    });
});
