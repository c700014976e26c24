import * as assert from "assert";
import { pinnedImage, unpinnedReason } from "../../../policy-pack/policies/pinned-image";
import { secretOnTheWire, unknownOnTheWire, violationsOf } from "../../helpers/policyArgs";
import {
    deployment,
    deploymentType,
    dockerContainer,
    dockerContainerType,
    dockerServiceType,
    podSpec,
    swarmService,
    itReportsExactly,
    PolicyCase,
} from "../../helpers/builders";

const digest = "sha256:" + "0123456789abcdef".repeat(4);

// image × requireDigest → violation?
const images: Array<{ image: string; strict: boolean; lax: boolean }> = [
    { image: "nginx", strict: true, lax: true },
    { image: "nginx:latest", strict: true, lax: true },
    { image: "docker.io/library/nginx:latest", strict: true, lax: true },
    { image: "nginx:1.27", strict: true, lax: false },
    { image: "registry.example.com:5000/team/app:2024.1", strict: true, lax: false },
    { image: "localhost:5000/app", strict: true, lax: true },
    { image: `nginx@${digest}`, strict: false, lax: false },
    { image: `nginx:1.27@${digest}`, strict: false, lax: false },
    { image: `ghcr.io/org/app:latest@${digest}`, strict: false, lax: false },
    { image: `nginx@${digest.toUpperCase().replace("SHA256", "sha256")}`, strict: true, lax: true },
    { image: `nginx@sha256:abc`, strict: true, lax: true },
    { image: `nginx@sha512:${"a".repeat(128)}`, strict: true, lax: true },
];

describe("pinned-image", () => {
    describe("image reference × requireDigest", () => {
        for (const i of images) {
            for (const requireDigest of [true, false]) {
                const violates = requireDigest ? i.strict : i.lax;
                it(`${i.image} requireDigest=${requireDigest} → ${violates ? "violation" : "pass"}`, async () => {
                    const messages = await violationsOf(pinnedImage, deploymentType, deployment(podSpec({ image: i.image })), {
                        requireDigest,
                    });
                    assert.strictEqual(messages.length, violates ? 1 : 0, JSON.stringify(messages));
                    if (violates) {
                        assert.match(
                            messages[0],
                            /^Deployment "web" containers\[0\] "app" runs image ".*" \(spec\.template\.spec\.containers\[0\]\.image\), which is not pinned by digest: .*Reference it as .*@sha256:<digest>/,
                        );
                    }
                });
            }
        }
    });

    const cases: PolicyCase[] = [
        {
            title: "unknown image at preview is skipped",
            type: deploymentType,
            props: deployment(podSpec({ image: unknownOnTheWire })),
            expect: [],
        },
        {
            title: "one unknown image does not hide another container",
            type: deploymentType,
            props: deployment({
                containers: [
                    { name: "a", image: unknownOnTheWire },
                    { name: "b", image: "redis" },
                ],
            }),
            expect: [/containers\[1\] "b" runs image "redis"/],
        },
        {
            title: "secret image is read through",
            type: deploymentType,
            props: deployment(podSpec({ image: secretOnTheWire("nginx:1.27") })),
            expect: [/tag 1\.27 can be moved/],
        },
        { title: "a missing image is not judged", type: deploymentType, props: deployment({ containers: [{ name: "a" }] }), expect: [] },
        {
            title: "patch without image changes nothing",
            type: "kubernetes:apps/v1:DeploymentPatch",
            props: deployment({ containers: [{ name: "a", securityContext: {} }] }),
            expect: [],
        },
        {
            title: "initContainers and ephemeralContainers are checked",
            type: deploymentType,
            props: deployment({
                initContainers: [{ name: "i", image: "busybox" }],
                containers: [{ name: "c", image: `x@${digest}` }],
                ephemeralContainers: [{ name: "e", image: "debug" }],
            }),
            expect: [/initContainers\[0\] "i"/, /ephemeralContainers\[0\] "e"/],
        },
        {
            title: "checkInitContainers/checkEphemeralContainers false",
            type: deploymentType,
            props: deployment({
                initContainers: [{ name: "i", image: "busybox" }],
                containers: [{ name: "c", image: `x@${digest}` }],
                ephemeralContainers: [{ name: "e", image: "debug" }],
            }),
            config: { checkInitContainers: false, checkEphemeralContainers: false },
            expect: [],
        },
        {
            title: "exemptImages",
            type: deploymentType,
            props: deployment(podSpec({ image: "nginx:1.27" })),
            config: { exemptImages: ["docker.io/library/nginx:*"] },
            expect: [],
        },
        {
            title: "exempt marker",
            type: deploymentType,
            props: deployment(podSpec({ image: "nginx" }), { annotations: { "immutable-workloads/exempt": "vendor pins by tag" } }),
            expect: [],
        },
        {
            title: "exemptNamespaces",
            type: deploymentType,
            props: deployment(podSpec({ image: "nginx" }), { namespace: "kube-system" }),
            config: { exemptNamespaces: ["kube-*"] },
            expect: [],
        },
        {
            title: "Docker container by tag",
            type: dockerContainerType,
            props: dockerContainer({ image: "nginx:1.27" }),
            expect: [/^Docker container "web" runs image "nginx:1\.27" \(image\).*docker\.RemoteImage's repoDigest/],
        },
        { title: "Docker container by image ID passes", type: dockerContainerType, props: dockerContainer({ image: digest }), expect: [] },
        {
            title: "Docker container by repo digest passes",
            type: dockerContainerType,
            props: dockerContainer({ image: `nginx@${digest}` }),
            expect: [],
        },
        {
            title: "Swarm service latest",
            type: dockerServiceType,
            props: swarmService({ image: "nginx:latest" }),
            config: { requireDigest: false },
            expect: [/^Swarm service "web" runs image "nginx:latest" \(taskSpec\.containerSpec\.image\).*its tag latest moves/],
        },
        {
            title: "Swarm service image ID is not a reference Swarm resolves",
            type: dockerServiceType,
            props: swarmService({ image: digest }),
            expect: [/not pinned/],
        },
    ];
    itReportsExactly(pinnedImage, cases);

    it("unpinnedReason names the problem", () => {
        assert.match(unpinnedReason("nginx", {}, false) ?? "", /no tag/);
        assert.strictEqual(unpinnedReason("nginx:1", {}, false), undefined);
        assert.match(unpinnedReason("nginx@sha256:xyz", {}, false) ?? "", /64 lowercase hex/);
    });

    it("is advisory with requireDigest true by default", () => {
        assert.strictEqual(pinnedImage.enforcementLevel, "advisory");
        assert.strictEqual(pinnedImage.configSchema?.properties.requireDigest?.default, true);
    });
});
