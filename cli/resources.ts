// What the checker judges: a resource as the policy pack sees it (type token, props, name), plus
// where it came from, so that a finding's props path can be turned back into a YAML position.
import { PropertyPath } from "../policy-pack/workloads";

/** Where a resource was found. */
export type ResourceSource = "kubernetes" | "compose" | "pulumi" | "ecs";

/** One resource from a document, in the shape the pack judges. */
export interface ManifestResource {
    readonly source: ResourceSource;
    /** Pulumi type token (`kubernetes:apps/v1:Deployment`, `docker:index/container:Container`). */
    readonly type: string;
    /** The resource name the pack sees: `metadata.name`, or the Compose service name. */
    readonly name: string;
    /** `Deployment`, … for Kubernetes; `service` for Compose. */
    readonly kind: string;
    readonly namespace?: string;
    readonly props: Record<string, unknown>;
    /** The YAML path, in its document, of the node a props path came from (nearest known). */
    readonly yamlPathOf: (propsPath: PropertyPath) => PropertyPath;
}
