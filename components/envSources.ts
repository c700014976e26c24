// Configuration the component does not create: environment variables read from existing
// ConfigMaps and Secrets or from the downward API (`valueFrom`), whole ConfigMaps and Secrets as
// variables (`envFrom`), and existing ConfigMaps and Secrets mounted read-only (`configMounts`).
// Kubernetes only. The objects are the caller's; the pack's immutable-configuration policy asks
// that those in the stack be immutable.
import { Platform } from "./args";
import { Problem, optionalBoolean, optionalInteger } from "./problem";

/** A key of an existing ConfigMap or Secret. */
export interface KeyReference {
    /** Name of the ConfigMap or Secret. */
    name: string;
    /** Key inside it. */
    key: string;
    /** Start the container even when the object or key is missing. */
    optional?: boolean;
}

/** A container's resource amount as a variable (downward API). */
export interface ResourceFieldReference {
    /** `limits.cpu`, `limits.memory`, `requests.cpu`, `requests.memory`, `limits.ephemeral-storage`… */
    resource: string;
    /** The container whose resources are read; default this one. */
    containerName?: string;
    /** Unit the value is divided by, e.g. `1Mi`. */
    divisor?: string;
}

/** Where one variable's value comes from: exactly one of the four. */
export interface EnvValueSource {
    /** A key of an existing ConfigMap. */
    configMapKey?: KeyReference;
    /** A key of an existing Secret. */
    secretKey?: KeyReference;
    /** A field of the pod (downward API), e.g. `metadata.namespace`, `status.podIP`, `spec.nodeName`. */
    fieldPath?: string;
    /** A resource amount of a container (downward API). */
    resourceField?: ResourceFieldReference;
}

/** Every key of an existing ConfigMap or Secret as variables: give exactly one of `configMap`, `secret`. */
export interface EnvFromSource {
    /** Name of the ConfigMap. */
    configMap?: string;
    /** Name of the Secret. */
    secret?: string;
    /** Prepended to every key. */
    prefix?: string;
    /** Start the container even when the object is missing. */
    optional?: boolean;
}

/** One key of a mounted ConfigMap or Secret, as a file. */
export interface KeyToPath {
    key: string;
    /** File name relative to the mount path. */
    path: string;
    /** Permission bits of the file, as a decimal number (0644 octal is 420). */
    mode?: number;
}

/**
 * An existing ConfigMap or Secret mounted read-only at `path` (kubelet mounts them read-only
 * whatever the mount says). Give exactly one of `configMap`, `secret`.
 */
export interface ConfigMount {
    /** Absolute directory (or, with `subPath`, file) inside the container. */
    path: string;
    /** Name of the ConfigMap. */
    configMap?: string;
    /** Name of the Secret. */
    secret?: string;
    /** Only these keys, as these files; default every key under its own name. */
    items?: KeyToPath[];
    /** Mount a single key (file) of the object at `path`, instead of a directory. */
    subPath?: string;
    /** Start the pod even when the object is missing. */
    optional?: boolean;
    /** Permission bits of the files, as a decimal number (0644 octal is 420). */
    defaultMode?: number;
    /** Kubernetes pod volume name; default derived from the path. */
    volumeName?: string;
}

/** Arguments of this file, on the service and on each init container and sidecar. */
export interface EnvSourceArgs {
    /** Kubernetes: variables whose values come from existing ConfigMaps, Secrets or the downward API, by name. */
    valueFrom?: Record<string, EnvValueSource>;
    /** Kubernetes: every key of existing ConfigMaps or Secrets as variables. */
    envFrom?: EnvFromSource[];
    /** Kubernetes: existing ConfigMaps and Secrets mounted read-only. */
    configMounts?: ConfigMount[];
}

/** A checked config mount. */
export interface ResolvedConfigMount {
    readonly path: string;
    readonly kind: "configMap" | "secret";
    readonly name: string;
    readonly items?: KeyToPath[];
    readonly subPath?: string;
    readonly optional?: boolean;
    readonly defaultMode?: number;
    readonly volumeName?: string;
}

/** The checked arguments: Kubernetes `env` entries with `valueFrom`, `envFrom` entries, mounts. */
export interface ResolvedEnvSources {
    readonly valueFrom: ReadonlyArray<{ name: string; valueFrom: Record<string, unknown> }>;
    readonly envFrom: ReadonlyArray<Record<string, unknown>>;
    readonly configMounts: readonly ResolvedConfigMount[];
}

function keyRef(ref: KeyReference, argument: string): Record<string, unknown> {
    if (
        ref === null ||
        typeof ref !== "object" ||
        typeof ref.name !== "string" ||
        ref.name === "" ||
        typeof ref.key !== "string" ||
        ref.key === ""
    ) {
        throw new Problem(argument, 'needs a name (the object) and a key; write e.g. { name: "app-config", key: "LOG_LEVEL" }');
    }
    const optional = optionalBoolean(ref.optional, `${argument}.optional`);
    return { name: ref.name, key: ref.key, ...(optional !== undefined ? { optional } : {}) };
}

function checkMode(value: unknown, argument: string): number | undefined {
    return optionalInteger(value, argument, 0, 0o777);
}

/** Check `valueFrom`, `envFrom` and `configMounts` (`prefix` locates them: "" or `sidecars[0].`). */
export function resolveEnvSources(
    platform: Platform,
    args: EnvSourceArgs,
    prefix: string,
    envNames: readonly string[],
): ResolvedEnvSources {
    if (platform !== "kubernetes") {
        for (const field of ["valueFrom", "envFrom", "configMounts"] as const) {
            if (args[field] !== undefined) {
                throw new Problem(
                    `${prefix}${field}`,
                    `reads Kubernetes ConfigMaps, Secrets or the downward API, which the ${platform} platform does not have; use env, secretEnv${platform === "swarm" ? ", files or secretFiles" : ""} instead`,
                );
            }
        }
    }
    const valueFrom = Object.entries(args.valueFrom ?? {}).map(([name, source]) => {
        const argument = `${prefix}valueFrom["${name}"]`;
        if (name === "" || name.includes("=")) {
            throw new Problem(argument, "is not a usable variable name; names must be non-empty and must not contain '='");
        }
        if (envNames.includes(name)) {
            throw new Problem(argument, "is also in env or secretEnv; give each variable once");
        }
        const given = (["configMapKey", "secretKey", "fieldPath", "resourceField"] as const).filter((k) => source?.[k] !== undefined);
        if (given.length !== 1) {
            throw new Problem(
                argument,
                `sets ${given.length === 0 ? "no source" : given.join(" and ")}; give exactly one of configMapKey, secretKey, fieldPath or resourceField`,
            );
        }
        if (source.configMapKey) return { name, valueFrom: { configMapKeyRef: keyRef(source.configMapKey, `${argument}.configMapKey`) } };
        if (source.secretKey) return { name, valueFrom: { secretKeyRef: keyRef(source.secretKey, `${argument}.secretKey`) } };
        if (source.fieldPath !== undefined) {
            if (typeof source.fieldPath !== "string" || !/^(metadata|spec|status)\./.test(source.fieldPath)) {
                throw new Problem(
                    `${argument}.fieldPath`,
                    `${JSON.stringify(source.fieldPath)} is not a pod field; write e.g. "metadata.namespace" or "status.podIP"`,
                );
            }
            return { name, valueFrom: { fieldRef: { fieldPath: source.fieldPath } } };
        }
        const r = source.resourceField as ResourceFieldReference;
        if (typeof r.resource !== "string" || !/^(limits|requests)\./.test(r.resource)) {
            throw new Problem(
                `${argument}.resourceField.resource`,
                `${JSON.stringify(r.resource)} is not a resource; write e.g. "limits.memory"`,
            );
        }
        return {
            name,
            valueFrom: {
                resourceFieldRef: {
                    resource: r.resource,
                    ...(r.containerName ? { containerName: r.containerName } : {}),
                    ...(r.divisor ? { divisor: r.divisor } : {}),
                },
            },
        };
    });
    const envFrom = (args.envFrom ?? []).map((source, i) => {
        const argument = `${prefix}envFrom[${i}]`;
        if (source === null || typeof source !== "object" || (source.configMap === undefined) === (source.secret === undefined)) {
            throw new Problem(argument, "needs exactly one of configMap or secret (the object's name)");
        }
        const optional = optionalBoolean(source.optional, `${argument}.optional`);
        const ref = { name: source.configMap ?? source.secret, ...(optional !== undefined ? { optional } : {}) };
        return {
            ...(source.prefix !== undefined ? { prefix: source.prefix } : {}),
            ...(source.configMap !== undefined ? { configMapRef: ref } : { secretRef: ref }),
        };
    });
    const configMounts = (args.configMounts ?? []).map((m, i): ResolvedConfigMount => {
        const argument = `${prefix}configMounts[${i}]`;
        if (m === null || typeof m !== "object" || (m.configMap === undefined) === (m.secret === undefined)) {
            throw new Problem(argument, "needs exactly one of configMap or secret (the object's name)");
        }
        if (typeof m.path !== "string" || !m.path.startsWith("/") || m.path === "/") {
            throw new Problem(`${argument}.path`, `${JSON.stringify(m.path)} is not an absolute path below /; write e.g. "/etc/app"`);
        }
        (m.items ?? []).forEach((item, j) => {
            if (
                !item ||
                typeof item.key !== "string" ||
                typeof item.path !== "string" ||
                item.path.startsWith("/") ||
                item.path.split("/").includes("..")
            ) {
                throw new Problem(`${argument}.items[${j}]`, "needs a key and a relative path without '..'");
            }
            checkMode(item.mode, `${argument}.items[${j}].mode`);
        });
        return {
            path: m.path,
            kind: m.configMap !== undefined ? "configMap" : "secret",
            name: (m.configMap ?? m.secret) as string,
            items: m.items,
            subPath: m.subPath,
            optional: optionalBoolean(m.optional, `${argument}.optional`),
            defaultMode: checkMode(m.defaultMode, `${argument}.defaultMode`),
            volumeName: m.volumeName,
        };
    });
    return { valueFrom, envFrom, configMounts };
}
