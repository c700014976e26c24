// immutable-configuration (a stack policy): a ConfigMap or Secret that a workload of the stack
// consumes sets `immutable: true`. Mutable configuration changes under running pods (volume
// contents are refreshed in place, new pods get new environment values while old ones keep the
// old), so two pods of one Deployment can run different configuration that nobody tested. An
// immutable object is replaced, never changed: a new name, a new rollout.
import { PolicyConfigSchema } from "@pulumi/policy";
import { exemptionMarkerConfigProperties, globList } from "../lib/config";
import { workloadLabel } from "../lib/containers";
import { markerHonoured, namedResourceExemption } from "../lib/exemptions";
import { StackFinding, StackPolicyDefinition, StackResource, stackPolicy } from "../lib/stackPolicy";
import {
    ConfigKind,
    ConfigObjectView,
    configObjectOf,
    ConfigReference,
    configReferencesOf,
    formatPath,
    isUnknown,
    workloadNamespaceOf,
    workloadOf,
    WorkloadView,
} from "../workloads";
import { platformOf, platformTags } from "../platforms/registry";
import { pushTo } from "../workloads/multiMap";

/** The policy's name. */
export const immutableConfigurationPolicyName = "immutable-configuration";

/** Config of immutable-configuration (defaults in the schema). */
export interface ImmutableConfigurationConfig {
    /** False: the exemption marker on a ConfigMap or Secret exempts nothing. */
    readonly honourExemptionMarker: boolean;
    readonly exemptNamespaces: readonly string[];
    readonly exemptResources: readonly string[];
    readonly checkSecrets: boolean;
    readonly defaultNamespace: string;
}

export const immutableConfigurationConfigSchema: PolicyConfigSchema = {
    properties: {
        ...exemptionMarkerConfigProperties,
        exemptNamespaces: globList("Namespaces (globs) whose ConfigMaps and Secrets are not checked."),
        exemptResources: globList(
            "ConfigMaps and Secrets (globs) that are not checked, matched against the Pulumi resource name, the object's " +
                "name and `<Kind>/<name>`.",
        ),
        checkSecrets: { type: "boolean", default: true, description: "Check Secrets as well as ConfigMaps." },
        defaultNamespace: {
            type: "string",
            default: "default",
            description:
                "The namespace of objects that set none: the Kubernetes provider's default namespace (its `namespace` " +
                "setting or the kubeconfig context's), `default` unless configured otherwise.",
        },
    },
};

// Pulumi auto-names an object without metadata.name `<resource name>-<8 hex digits>`.
const autoNameSuffix = /-[0-9a-f]{8}$/;

interface IndexedObject {
    readonly resource: StackResource;
    readonly view: ConfigObjectView;
    /** The namespace the object lands in. */
    readonly namespace: string;
}

/** The stack's ConfigMaps and Secrets, by kind, namespace and name: one lookup per reference. */
class ConfigObjectIndex {
    private readonly named = new Map<string, IndexedObject[]>();
    private readonly autoNamed = new Map<string, IndexedObject[]>();

    add(resource: StackResource, view: ConfigObjectView, defaultNamespace: string): void {
        if (isUnknown(view.name) || isUnknown(view.namespace)) {
            // Its name or namespace is decided by another resource: no reference can be matched to it at preview.
            return;
        }
        const namespace = view.namespace ?? defaultNamespace;
        const entry: IndexedObject = { resource, view, namespace };
        if (view.name !== undefined && view.name !== "") {
            pushTo(this.named, key(view.kind, namespace, view.name), entry);
        } else {
            pushTo(this.autoNamed, key(view.kind, namespace, view.resourceName), entry);
        }
    }

    /** The objects a reference names: by name, else an auto-named one by its resource name. */
    lookup(kind: ConfigKind, namespace: string, name: string): readonly IndexedObject[] {
        const exact = this.named.get(key(kind, namespace, name));
        if (exact) {
            return exact;
        }
        // A reference to an auto-named object carries the generated name (`app-config-1a2b3c4d`);
        // one written before it is generated (a mock, a manifest) carries the resource name.
        const byResourceName = this.autoNamed.get(key(kind, namespace, name));
        if (byResourceName) {
            return byResourceName;
        }
        return autoNameSuffix.test(name) ? (this.autoNamed.get(key(kind, namespace, name.replace(autoNameSuffix, ""))) ?? []) : [];
    }
}

function key(kind: string, namespace: string, name: string): string {
    return `${kind}\u0000${namespace}\u0000${name}`;
}

function exempt(object: IndexedObject, config: ImmutableConfigurationConfig): boolean {
    const marker = object.view.exemption.state;
    if ((marker === "set" || marker === "unknown") && markerHonoured(config)) {
        return true;
    }
    const name = typeof object.view.name === "string" && object.view.name !== "" ? object.view.name : object.view.resourceName;
    return (
        namedResourceExemption(
            { kind: object.view.kind, name, resourceName: object.view.resourceName, namespace: object.namespace },
            config,
        ) !== undefined
    );
}

function consumerText(ref: ConfigReference): string {
    const where = formatPath(ref.path);
    return ref.container !== undefined ? `${where} (${ref.via}, container "${ref.container}")` : `${where} (${ref.via})`;
}

function objectLabel(object: IndexedObject): string {
    const name = typeof object.view.name === "string" && object.view.name !== "" ? object.view.name : object.view.resourceName;
    return `${object.view.kind} "${name}" (namespace ${object.namespace})`;
}

function immutableState(view: ConfigObjectView): string {
    const s = view.immutable;
    switch (s.state) {
        case "unset":
            return "immutable is unset";
        case "false":
            return "immutable is false";
        case "invalid":
            return `immutable is ${JSON.stringify(s.value)}, not the boolean true`;
        default:
            return `immutable is ${s.state}`;
    }
}

function finding(object: IndexedObject, workload: WorkloadView, refs: readonly ConfigReference[]): StackFinding {
    const shown = refs.slice(0, 3).map(consumerText);
    const more = refs.length > shown.length ? ` and ${refs.length - shown.length} more` : "";
    return {
        urn: object.resource.urn,
        path: object.view.immutablePath,
        message:
            `${objectLabel(object)} is consumed by ${workloadLabel(workload)} at ${shown.join(", ")}${more}, but ` +
            `${immutableState(object.view)}: its contents can change under running pods. Set immutable: true on the ` +
            `${object.view.kind}, and change configuration by creating a new one under a new name (leave metadata.name ` +
            `unset and Pulumi auto-names it and replaces it, rolling out ${workload.kind} "${workload.name}", on every change).`,
    };
}

/** The findings of immutable-configuration over a stack. Pure; linear in the number of resources and references. */
export function findMutableConfiguration(resources: readonly StackResource[], config: ImmutableConfigurationConfig): StackFinding[] {
    const defaultNamespace =
        typeof config.defaultNamespace === "string" && config.defaultNamespace !== "" ? config.defaultNamespace : "default";
    const index = new ConfigObjectIndex();
    const workloads: WorkloadView[] = [];
    for (const resource of resources) {
        const object = configObjectOf(resource.type, resource.props, resource.name);
        if (object) {
            index.add(resource, object, defaultNamespace);
            continue;
        }
        const view = workloadOf(resource.type, resource.props, resource.name, resource.dialect);
        if (view && platformOf(view).configReferencesOf) {
            workloads.push(view);
        }
    }
    const findings: StackFinding[] = [];
    for (const workload of workloads) {
        const ns = workloadNamespaceOf(workload);
        if (isUnknown(ns)) {
            continue;
        }
        const namespace = ns ?? defaultNamespace;
        // One finding per object and workload, listing every place the workload consumes it.
        const byObject = new Map<IndexedObject, ConfigReference[]>();
        for (const ref of configReferencesOf(workload)) {
            if (isUnknown(ref.name) || (ref.kind === "Secret" && config.checkSecrets === false)) {
                continue;
            }
            for (const object of index.lookup(ref.kind, namespace, ref.name)) {
                const state = object.view.immutable.state;
                if (state === "true" || state === "unknown" || exempt(object, config)) {
                    continue;
                }
                pushTo(byObject, object, ref);
            }
        }
        for (const [object, refs] of byObject) {
            findings.push(finding(object, workload, refs));
        }
    }
    return findings;
}

export const immutableConfigurationDefinition: StackPolicyDefinition<ImmutableConfigurationConfig> = {
    name: immutableConfigurationPolicyName,
    displayName: "Immutable configuration",
    description:
        "Every ConfigMap and Secret of the stack that a workload of the stack consumes (volumes, projected volumes, " +
        "envFrom, env[].valueFrom) sets immutable: true, so configuration cannot change under running pods.",
    enforcementLevel: "advisory",
    severity: "medium",
    get tags() {
        return ["immutability", "configuration", ...platformTags((p) => p.configReferencesOf !== undefined)];
    },
    remediationSteps:
        "Set immutable: true on the ConfigMap or Secret. Change configuration by replacing the object, not editing it: " +
        "leave metadata.name unset so Pulumi auto-names it, and a change creates a new object and rolls out the workloads " +
        "that reference it. Objects that are not in the stack are not checked.",
    configSchema: immutableConfigurationConfigSchema,
    evaluateStack: findMutableConfiguration,
};

/** The `@pulumi/policy` policy. */
export const immutableConfiguration = stackPolicy(immutableConfigurationDefinition);
