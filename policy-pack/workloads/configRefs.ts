// ConfigMaps and Secrets: the objects themselves, and where a workload consumes them (pod
// volumes, projected volume sources, `envFrom`, `env[].valueFrom`). The immutable-configuration
// stack policy joins the two; both sides keep unknown-at-preview names and namespaces apart from
// unset ones, because an unset namespace means "the provider's default" and an unset name means
// "auto-named by Pulumi".
import { markerInMap } from "./marker";
import { ExemptionMarker, WorkloadView } from "./model";
import {
    asArray,
    asString,
    BooleanField,
    booleanField,
    field,
    fieldAt,
    isUnknown,
    plain,
    PropertyPath,
    UnknownValue,
    unknownValue,
    pathThrough,
    pathWith,
} from "./values";

/** The kinds of configuration object a pod can consume. */
export type ConfigKind = "ConfigMap" | "Secret";

/** Type token of a ConfigMap. */
export const configMapType = "kubernetes:core/v1:ConfigMap";
/** Type token of a Secret. */
export const secretType = "kubernetes:core/v1:Secret";

const configKindByType: ReadonlyMap<string, ConfigKind> = new Map([
    [configMapType, "ConfigMap"],
    [secretType, "Secret"],
]);

/** A string that is unknown at preview, unset, or known. */
export type MaybeKnownString = string | UnknownValue | undefined;

function maybeKnownString(value: unknown): MaybeKnownString {
    return isUnknown(value) ? unknownValue : asString(value);
}

/** A ConfigMap or Secret of the stack. */
export interface ConfigObjectView {
    readonly kind: ConfigKind;
    readonly typeToken: string;
    /** The Pulumi resource name. */
    readonly resourceName: string;
    /** `metadata.name`; undefined when unset, i.e. Pulumi auto-names it `<resourceName>-<suffix>`. */
    readonly name: MaybeKnownString;
    /** `metadata.namespace`; undefined when unset (the provider's default namespace). */
    readonly namespace: MaybeKnownString;
    readonly immutable: BooleanField;
    readonly immutablePath: PropertyPath;
    readonly exemption: ExemptionMarker;
}

/** The view of a ConfigMap or Secret, or undefined for any other type. Never throws. */
export function configObjectOf(typeToken: string, props: unknown, resourceName: string): ConfigObjectView | undefined {
    const kind = configKindByType.get(typeToken);
    if (!kind) {
        return undefined;
    }
    return {
        kind,
        typeToken,
        resourceName: typeof resourceName === "string" ? resourceName : "",
        name: maybeKnownString(fieldAt(props, ["metadata", "name"])),
        namespace: maybeKnownString(fieldAt(props, ["metadata", "namespace"])),
        immutable: booleanField(props, ["immutable"]),
        immutablePath: ["immutable"],
        exemption: markerInMap(fieldAt(props, ["metadata", "annotations"]), ["metadata", "annotations"]),
    };
}

/** How a pod consumes a configuration object. */
export type ConfigConsumption = "volume" | "projected volume" | "envFrom" | "env";

/** One place where a workload names a ConfigMap or Secret. */
export interface ConfigReference {
    readonly kind: ConfigKind;
    /** The name referenced; unknown at preview when it is another resource's output. */
    readonly name: string | UnknownValue;
    /** Path of the name field in the workload's props. */
    readonly path: PropertyPath;
    readonly via: ConfigConsumption;
    /** The container, for `envFrom` and `env` references. */
    readonly container?: string;
}

// A reference's path is `base`, `index`, then `tail`, built only for a reference that is kept: a
// large stack has hundreds of thousands of env entries, and most name no ConfigMap or Secret.
function pushRef(
    out: ConfigReference[],
    kind: ConfigKind,
    value: unknown,
    base: PropertyPath,
    index: number,
    tail: PropertyPath,
    via: ConfigConsumption,
    container?: string,
): void {
    if (isUnknown(value)) {
        out.push({ kind, name: unknownValue, path: pathThrough(base, index, tail), via, container });
        return;
    }
    const name = asString(value);
    if (name !== undefined && name !== "") {
        out.push({ kind, name, path: pathThrough(base, index, tail), via, container });
    }
}

function entriesOf(list: unknown): unknown[] {
    return asArray(list) ?? [];
}

// The paths read and reported, made once.
const configMapName: PropertyPath = ["configMap", "name"];
const secretSecretName: PropertyPath = ["secret", "secretName"];
const secretName: PropertyPath = ["secret", "name"];
const projectedSources: PropertyPath = ["projected", "sources"];
const configMapRefName: PropertyPath = ["configMapRef", "name"];
const secretRefName: PropertyPath = ["secretRef", "name"];
const configMapKeyRefName: PropertyPath = ["configMapKeyRef", "name"];
const secretKeyRefName: PropertyPath = ["secretKeyRef", "name"];
const valueFromConfigMapKeyRefName: PropertyPath = ["valueFrom", ...configMapKeyRefName];
const valueFromSecretKeyRefName: PropertyPath = ["valueFrom", ...secretKeyRefName];

function volumeRefs(view: WorkloadView, out: ConfigReference[]): void {
    const volumesPath = pathWith(view.specPath, "volumes");
    entriesOf(fieldAt(view.props, volumesPath)).forEach((volume, i) => {
        pushRef(out, "ConfigMap", fieldAt(volume, configMapName), volumesPath, i, configMapName, "volume");
        pushRef(out, "Secret", fieldAt(volume, secretSecretName), volumesPath, i, secretSecretName, "volume");
        const sources = entriesOf(fieldAt(volume, projectedSources));
        if (sources.length === 0) {
            return;
        }
        const sourcesPath = pathThrough(volumesPath, i, projectedSources);
        sources.forEach((source, j) => {
            pushRef(out, "ConfigMap", fieldAt(source, configMapName), sourcesPath, j, configMapName, "projected volume");
            pushRef(out, "Secret", fieldAt(source, secretName), sourcesPath, j, secretName, "projected volume");
        });
    });
}

function containerRefs(view: WorkloadView, out: ConfigReference[]): void {
    for (const container of view.containers) {
        const envFrom = entriesOf(field(container.spec, "envFrom"));
        if (envFrom.length > 0) {
            const envFromPath = pathWith(container.path, "envFrom");
            envFrom.forEach((entry, i) => {
                pushRef(out, "ConfigMap", fieldAt(entry, configMapRefName), envFromPath, i, configMapRefName, "envFrom", container.name);
                pushRef(out, "Secret", fieldAt(entry, secretRefName), envFromPath, i, secretRefName, "envFrom", container.name);
            });
        }
        const env = entriesOf(field(container.spec, "env"));
        if (env.length > 0) {
            const envPath = pathWith(container.path, "env");
            env.forEach((entry, i) => {
                const valueFrom = field(entry, "valueFrom");
                pushRef(
                    out,
                    "ConfigMap",
                    fieldAt(valueFrom, configMapKeyRefName),
                    envPath,
                    i,
                    valueFromConfigMapKeyRefName,
                    "env",
                    container.name,
                );
                pushRef(out, "Secret", fieldAt(valueFrom, secretKeyRefName), envPath, i, valueFromSecretKeyRefName, "env", container.name);
            });
        }
    }
}

/**
 * Every ConfigMap and Secret a pod-spec workload consumes, in every container list (a config
 * change reaches init and ephemeral containers too). Platforms whose workloads consume them say
 * so (`Platform.configReferencesOf`).
 */
export function podConfigReferencesOf(view: WorkloadView): ConfigReference[] {
    const out: ConfigReference[] = [];
    volumeRefs(view, out);
    containerRefs(view, out);
    return out;
}

/** A workload's `metadata.namespace` with unknown and unset kept apart. */
export function workloadNamespaceOf(view: WorkloadView): MaybeKnownString {
    return maybeKnownString(plain(fieldAt(view.props, ["metadata", "namespace"])));
}
