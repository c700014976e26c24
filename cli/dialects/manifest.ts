// Findings about a Kubernetes manifest, for its author: every path is the YAML path in the file
// (inside a List, `items[2].spec…`), and the fix is written in manifest terms (no Pulumi
// component to deploy it with).
import { kubernetesWording } from "../../policy-pack/platforms/kubernetes/wording";
import { formatPath } from "../../policy-pack/workloads";
import { dialectFamily, resourceOfView } from "./resourceDialect";

/** The manifest dialect for one object read from a Kubernetes YAML document. */
export const manifestDialect = dialectFamily(
    "kubernetes-yaml",
    kubernetesWording({ component: false, path: (view, p) => formatPath(resourceOfView(view).yamlPathOf(p)) }),
    ["kubernetes"],
);
