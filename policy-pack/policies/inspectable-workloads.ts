// inspectable-workloads: a workload the pack cannot see into must not pass silently. A Helm
// Release (helm.sh/v3) deploys manifests that never reach the policy engine, so every other
// policy of this pack passes it without having looked.
import { PolicyConfigSchema } from "@pulumi/policy";
import { globList } from "../lib/config";
import { namedResourceExemption } from "../lib/exemptions";
import { Finding } from "../lib/findings";
import { opaqueResourcePolicy, OpaqueResourcePolicyDefinition } from "../lib/opaquePolicy";
import { OpaqueResourceView } from "../workloads";

/** The policy's name. */
export const inspectableWorkloadsPolicyName = "inspectable-workloads";

/** Config of inspectable-workloads (defaults in the schema). */
export interface InspectableWorkloadsConfig {
    readonly exemptNamespaces: readonly string[];
    readonly exemptResources: readonly string[];
}

export const inspectableWorkloadsConfigSchema: PolicyConfigSchema = {
    properties: {
        exemptNamespaces: globList("Namespaces (globs) whose opaque resources (Helm releases) are not reported."),
        exemptResources: globList(
            "Opaque resources (globs) that are not reported, matched against the Pulumi resource name, the release name " +
                "and `Release/<name>`.",
        ),
    },
};

/** The findings of inspectable-workloads for one opaque resource. Pure. */
export function findOpaqueWorkloads(view: OpaqueResourceView, config: InspectableWorkloadsConfig): Finding[] {
    const kind = view.typeToken.slice(view.typeToken.lastIndexOf(":") + 1);
    if (namedResourceExemption({ kind, name: view.name, resourceName: view.resourceName, namespace: view.namespace }, config)) {
        return [];
    }
    const deploys = view.deploys ? ` (${view.deploys}${view.namespace ? `, namespace ${view.namespace}` : ""})` : "";
    return [
        {
            path: [],
            message:
                `${view.type.displayKind} "${view.name}"${deploys} deploys workloads this policy pack never sees: ` +
                `${view.typeToken} ${view.type.why}. To have them checked, ${view.type.fix}.`,
        },
    ];
}

export const inspectableWorkloadsDefinition: OpaqueResourcePolicyDefinition<InspectableWorkloadsConfig> = {
    name: inspectableWorkloadsPolicyName,
    displayName: "Inspectable workloads",
    description:
        "No workload is deployed where the policy pack cannot see it: a Helm Release (kubernetes:helm.sh/v3:Release) " +
        "installs manifests that are never registered as resources, so no policy checks them.",
    enforcementLevel: "advisory",
    severity: "medium",
    tags: ["immutability", "visibility", "kubernetes", "helm"],
    remediationSteps:
        "Replace kubernetes.helm.v3.Release with kubernetes.helm.v4.Chart (or helm.v3.Chart): it renders the chart in the " +
        "program and registers every object, so every policy of the pack checks them. Or render the chart (helm template) " +
        "and deploy the manifests with yaml.v2.ConfigGroup. A release that must stay goes into exemptResources.",
    configSchema: inspectableWorkloadsConfigSchema,
    evaluate: findOpaqueWorkloads,
};

/** The `@pulumi/policy` policy. */
export const inspectableWorkloads = opaqueResourcePolicy(inspectableWorkloadsDefinition);
