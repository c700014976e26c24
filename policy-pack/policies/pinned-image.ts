// pinned-image: the code that runs is exactly the code that was tested. A tag can be moved to
// another image at any time (and `latest` is moved on every push); a digest names one image for
// ever, so a restart, a reschedule or a new node pulls the same bytes.
import { PolicyConfigSchema } from "@pulumi/policy";
import { exemptionConfigProperties, podTemplatesConfigProperties } from "../lib/config";
import {
    containerLabel,
    ContainerSelectionConfig,
    containerSelectionConfigProperties,
    pathIn,
    selectedContainers,
} from "../lib/containers";
import { markerNote, containerExemption, ExemptionConfig, workloadExemption } from "../lib/exemptions";
import { Finding } from "../lib/findings";
import { workloadPolicy, WorkloadPolicyDefinition } from "../lib/resourcePolicy";
import { platformTags } from "../platforms/registry";
import { ContainerView, isUnknown, parseImageReference, platformOf, PlatformModule, wordingOf, WorkloadView } from "../workloads";

/** The policy's name. */
export const pinnedImagePolicyName = "pinned-image";

/** Config of pinned-image (defaults in the schema). */
export interface PinnedImageConfig extends ExemptionConfig, ContainerSelectionConfig {
    readonly requireDigest: boolean;
}

export const pinnedImageConfigSchema: PolicyConfigSchema = {
    properties: {
        ...exemptionConfigProperties,
        ...podTemplatesConfigProperties,
        ...containerSelectionConfigProperties,
        requireDigest: {
            type: "boolean",
            default: true,
            description:
                "Every image is pinned by digest (@sha256:<64 hex>). With false, only an image without a tag or tagged latest is a violation.",
        },
    },
};

/** `<anything>@sha256:<64 lowercase hex>`: a reference pinned to one image. */
export const digestPattern = /@sha256:[0-9a-f]{64}$/;

/** Why an image reference is not pinned under this config, or undefined when it is. */
export function unpinnedReason(image: string, platform: Pick<PlatformModule, "pinsImage">, requireDigest: boolean): string | undefined {
    if (digestPattern.test(image) || platform.pinsImage?.(image) === true) {
        return undefined;
    }
    const ref = parseImageReference(image);
    if (ref.digest !== undefined) {
        return `its digest ${JSON.stringify(ref.digest)} is not sha256: followed by 64 lowercase hex digits`;
    }
    if (ref.tag === undefined || ref.tag === "") {
        return "it has no tag, so it means latest, which moves on every push, and no digest";
    }
    if (ref.tag === "latest") {
        return "its tag latest moves on every push, and it has no digest";
    }
    return requireDigest ? `the tag ${ref.tag} can be moved to another image; only a digest cannot` : undefined;
}

function fixFor(view: WorkloadView, image: string): string {
    const name = parseImageReference(image);
    const base = image.replace(/@.*$/, "");
    const example = `${base}${name.tag === undefined ? ":<tag>" : ""}@sha256:<digest>`;
    return wordingOf(view).imagePinFix(view, example, base);
}

/** The findings of pinned-image for one workload. Pure. */
export function findUnpinnedImages(view: WorkloadView, config: PinnedImageConfig): Finding[] {
    if (workloadExemption(view, config)) {
        return [];
    }
    const findings: Finding[] = [];
    for (const container of selectedContainers(view, config)) {
        const image = container.image;
        // Unknown at preview (built or resolved by another resource): judged at `pulumi up`.
        // Missing: the patch leaves the image alone, or the API rejects the object anyway.
        if (isUnknown(image) || typeof image !== "string" || image.trim() === "" || containerExemption(container, config)) {
            continue;
        }
        const reason = unpinnedReason(image.trim(), platformOf(view), config.requireDigest !== false);
        if (reason) {
            findings.push(unpinned(view, container, image, reason, config));
        }
    }
    return findings;
}

/** How an unpinned reference is written: `bad-digest`, `untagged`, `latest` or `tag`. */
function imageState(image: string): string {
    const ref = parseImageReference(image.trim());
    return ref.digest !== undefined
        ? "bad-digest"
        : ref.tag === undefined || ref.tag === ""
          ? "untagged"
          : ref.tag === "latest"
            ? "latest"
            : "tag";
}

function unpinned(view: WorkloadView, container: ContainerView, image: string, reason: string, config: PinnedImageConfig): Finding {
    return {
        container: container.name,
        path: container.imagePath,
        facts: { platform: view.platform, problem: "unpinned-image", state: imageState(image), fix: "pin-digest" },
        message:
            `${containerLabel(view, container)} runs image ${JSON.stringify(image)} (${pathIn(view, container.imagePath)}), which is not ` +
            `pinned by digest: ${reason}. ${fixFor(view, image.trim())}.` +
            markerNote(view, config),
    };
}

export const pinnedImageDefinition: WorkloadPolicyDefinition<PinnedImageConfig> = {
    name: pinnedImagePolicyName,
    displayName: "Pinned image",
    description:
        "Every container image is pinned by digest (image@sha256:<64 hex>), so that what runs is exactly what was tested. " +
        "With requireDigest: false, only an image without a tag or tagged latest is a violation.",
    enforcementLevel: "advisory",
    severity: "medium",
    get tags() {
        return ["immutability", "supply-chain", ...platformTags()];
    },
    remediationSteps:
        "Reference each image by digest: name:tag@sha256:<digest> (docker buildx imagetools inspect name:tag prints it). " +
        "In a Pulumi program, take it from docker.RegistryImage's sha256Digest or docker.RemoteImage's repoDigest, so a " +
        "new image is a new deployment. Images resolved at deploy time are judged at pulumi up.",
    configSchema: pinnedImageConfigSchema,
    evaluate: findUnpinnedImages,
};

/** The `@pulumi/policy` policy. */
export const pinnedImage = workloadPolicy(pinnedImageDefinition);
