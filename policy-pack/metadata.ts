// What Pulumi Cloud shows about the pack: display name, description, tags, repository, and the
// README (what it enforces, how to configure it, how to exempt a workload) as its readme.
import * as fs from "fs";
import * as path from "path";
import { PolicyPackArgs } from "@pulumi/policy";

/** The repository the pack is published from. */
export const packRepository = "https://github.com/immutable-workloads/immutable-workloads";

// Compiled to bin/metadata.js; the README sits next to package.json, one folder up. Reading it
// must never stop the pack from serving.
function readme(): string | undefined {
    for (const candidate of [path.join(__dirname, "..", "README.md"), path.join(__dirname, "README.md")]) {
        try {
            return fs.readFileSync(candidate, "utf8");
        } catch {
            // try the next place
        }
    }
    return undefined;
}

/** Everything of `PolicyPackArgs` but the policies. */
export function packMetadata(): Omit<PolicyPackArgs, "policies"> {
    return {
        displayName: "Immutable workloads",
        description:
            "Immutable container deployments: read-only root filesystems on every Kubernetes workload, Docker container " +
            "and Swarm service; writable paths few, in memory and bounded; no writable host mounts; images pinned by " +
            "digest; immutable ConfigMaps and Secrets; no workload hidden from the pack.",
        readme: readme(),
        tags: ["immutability", "kubernetes", "docker", "swarm", "security", "read-only-root-filesystem"],
        repository: packRepository,
    };
}
