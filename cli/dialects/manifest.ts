// Findings about a Kubernetes manifest, for its author: every path is the YAML path in the file
// (inside a List, `items[2].spec…`), and the fix is written in manifest terms (no Pulumi
// component to deploy it with).
import { kubernetesWording } from "../../policy-pack/platforms/kubernetes/wording";
import type { Dialect, Platform } from "../../policy-pack/platforms/platform";
import { formatPath } from "../../policy-pack/workloads";
import { ManifestResource } from "../resources";

/** The manifest dialect for one object read from a Kubernetes YAML document. */
export function manifestDialect(resource: ManifestResource): Dialect {
    const wording = kubernetesWording({ component: false, path: (_view, p) => formatPath(resource.yamlPathOf(p)) });
    return { id: "kubernetes-yaml", wordingFor: (platform: Platform) => (platform.id === "kubernetes" ? wording : undefined) };
}
