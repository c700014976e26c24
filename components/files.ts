// Configuration as immutable files: `files` (path → content) and `secretFiles` (the same, secret).
//
// Kubernetes: one immutable ConfigMap whose name ends in a hash of the content, like kustomize's
// configMapGenerator: a change makes a new object with a new name, the pod template changes with it
// and the pods roll, instead of running pods seeing files change under them. The immutable Secret
// of `secretFiles` is named by Pulumi instead (a hash of a secret must not be public), and rolls
// the pods the same way, by replacement under a new name. Each file is mounted on its own (`subPath`), read-only, so the rest of its directory in the
// image stays visible.
//
// Swarm: one `docker.ServiceConfig` (or `docker.Secret`) per file, named `<name>-<hash>` too (Swarm
// configs cannot change at all), mounted read-only at the path by the engine.
//
// Docker: refused. The daemon will not copy files into a container whose root filesystem is read-only
// (moby's `checkIfPathIsInAVolume`: a path outside a volume needs a writable root, and a read-only
// volume is refused too), so the provider's `uploads` cannot deliver them; a bind mount would need the
// file on the Docker host. Bake the files into the image, or use Swarm's configs.
import * as crypto from "crypto";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as docker from "@pulumi/docker";
import * as k8s from "@pulumi/kubernetes";
import { Platform } from "./args";
import { Problem } from "./problem";

/** The file arguments. */
export interface FileArgs {
    /**
     * Configuration files by absolute path, e.g. `{ "/etc/nginx/conf.d/default.conf": "server { … }" }`.
     * Kubernetes: an immutable ConfigMap named `<name>-files-<content hash>`, each file mounted
     * read-only with `subPath`. Swarm: a `docker.ServiceConfig` per file. Docker: refused (see README).
     */
    files?: Record<string, pulumi.Input<string>>;
    /**
     * Secret files by absolute path (keys, certificates). Kubernetes: an immutable Secret, mounted
     * like `files`, named by Pulumi (a hash of a secret would leak through the name); a change
     * replaces it under a new name, which rolls the pods. Swarm: a `docker.Secret` per file. The
     * contents are Pulumi secrets in the state. Put secrets here, not in `files`, whose names carry
     * a hash of the contents.
     */
    secretFiles?: Record<string, pulumi.Input<string>>;
}

/** One file, checked. */
export interface ResolvedFile {
    /** Absolute path in the container. */
    readonly path: string;
    /** Key in the ConfigMap / Secret. */
    readonly key: string;
    readonly content: pulumi.Input<string>;
}

/** The checked files. */
export interface ResolvedFiles {
    readonly files: readonly ResolvedFile[];
    readonly secretFiles: readonly ResolvedFile[];
}

/** `/etc/nginx/nginx.conf` → `etc_nginx_nginx.conf`: a ConfigMap key (letters, digits, `-`, `_`, `.`). */
export function fileKey(filePath: string): string {
    return filePath.slice(1).replace(/[^-._a-zA-Z0-9]+/g, "_");
}

function resolveGroup(map: Record<string, pulumi.Input<string>> | undefined, argument: "files" | "secretFiles"): ResolvedFile[] {
    if (map === undefined) {
        return [];
    }
    if (map === null || typeof map !== "object" || Array.isArray(map)) {
        throw new Problem(argument, 'is not a map of path to content; write e.g. { "/etc/app/config.yaml": "…" }');
    }
    return Object.entries(map).map(([filePath, content]) => {
        const where = `${argument}["${filePath}"]`;
        if (!filePath.startsWith("/")) {
            throw new Problem(where, 'is not an absolute path; write the file\'s full path in the container, e.g. "/etc/app/config.yaml"');
        }
        const normalised = path.posix.normalize(filePath);
        if (normalised !== filePath || filePath.endsWith("/") || filePath === "/") {
            throw new Problem(where, `is not a normalised file path; write "${normalised.replace(/\/$/, "") || "/etc/app/config"}"`);
        }
        if (content === undefined || content === null) {
            throw new Problem(where, "has no content; give the file's text");
        }
        const key = fileKey(filePath);
        if (key.length > 253) {
            throw new Problem(where, "is too long to be a ConfigMap key (253 characters); use a shorter path");
        }
        return { path: filePath, key, content };
    });
}

/** Check `files` and `secretFiles`: absolute paths, each once, keys distinct. */
export function resolveFiles(platform: Platform, args: FileArgs): ResolvedFiles {
    if (platform === "docker" && (args.files !== undefined || args.secretFiles !== undefined)) {
        throw new Problem(
            args.files !== undefined ? "files" : "secretFiles",
            'cannot be delivered on the docker platform: the Docker daemon refuses to copy files into a container whose root filesystem is read-only (outside a writable volume), so there is no read-only way in; bake the files into the image, or use platform "swarm" (configs and secrets)',
        );
    }
    const files = resolveGroup(args.files, "files");
    const secretFiles = resolveGroup(args.secretFiles, "secretFiles");
    const all = [...files.map((f) => ({ f, argument: "files" })), ...secretFiles.map((f) => ({ f, argument: "secretFiles" }))];
    all.forEach(({ f, argument }, i) => {
        const earlier = all.slice(0, i).find((e) => e.f.path === f.path || (e.argument === argument && e.f.key === f.key));
        if (earlier) {
            throw new Problem(
                `${argument}["${f.path}"]`,
                earlier.f.path === f.path
                    ? `is also in ${earlier.argument}; give each file once`
                    : `would share its key "${f.key}" with ${earlier.argument}["${earlier.f.path}"]; rename one of the files`,
            );
        }
        all.slice(0, i).forEach((e) => {
            if (f.path.startsWith(e.f.path + "/") || e.f.path.startsWith(f.path + "/")) {
                throw new Problem(
                    `${argument}["${f.path}"]`,
                    `and ${e.argument}["${e.f.path}"] are nested: one is a file, so it cannot be a directory; fix the paths`,
                );
            }
        });
    });
    return { files, secretFiles };
}

/** The first 10 hex characters of SHA-256 over the files' keys and contents, in key order. */
export function contentHash(entries: ReadonlyArray<readonly [string, string]>): string {
    const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return crypto.createHash("sha256").update(JSON.stringify(sorted)).digest("hex").slice(0, 10);
}

/** `<name>-<kind>-<hash of the contents>`, as an Output (contents may be Outputs). */
export function hashedName(prefix: string, group: readonly ResolvedFile[]): pulumi.Output<string> {
    return pulumi
        .all(group.map((f) => pulumi.output(f.content)))
        .apply((contents) => `${prefix}-${contentHash(group.map((f, i) => [f.key, contents[i]] as const))}`);
}

/** Kubernetes pod volume names of the two generated objects. */
export const filesVolumeName = "files";
export const secretFilesVolumeName = "secret-files";

/** The mounts of the files: each on its own, read-only. */
export function fileMounts(resolved: ResolvedFiles): Record<string, unknown>[] {
    return [
        ...resolved.files.map((f) => ({ name: filesVolumeName, mountPath: f.path, subPath: f.key, readOnly: true })),
        ...resolved.secretFiles.map((f) => ({ name: secretFilesVolumeName, mountPath: f.path, subPath: f.key, readOnly: true })),
    ];
}

/** The Kubernetes objects holding the files, and the pod volumes that read them. */
export function buildKubernetesFiles(
    resourceName: string,
    objectName: string,
    resolved: ResolvedFiles,
    metadata: k8s.types.input.meta.v1.ObjectMeta,
    opts: pulumi.CustomResourceOptions,
): { configMap?: k8s.core.v1.ConfigMap; secret?: k8s.core.v1.Secret; volumes: Record<string, unknown>[] } {
    const volumes: Record<string, unknown>[] = [];
    let configMap: k8s.core.v1.ConfigMap | undefined;
    let secret: k8s.core.v1.Secret | undefined;
    if (resolved.files.length > 0) {
        configMap = new k8s.core.v1.ConfigMap(
            `${resourceName}-files`,
            {
                metadata: { ...metadata, name: hashedName(`${objectName}-files`, resolved.files) },
                immutable: true,
                data: Object.fromEntries(resolved.files.map((f) => [f.key, f.content])),
            },
            opts,
        );
        volumes.push({ name: filesVolumeName, configMap: { name: configMap.metadata.name } });
    }
    if (resolved.secretFiles.length > 0) {
        // Named by Pulumi, not by a hash of the contents: a name is visible to whoever may list
        // Secrets, and a hash of a short secret can be brute-forced. Immutable, so a change replaces
        // it under a new auto-name, which rolls the pods all the same.
        secret = new k8s.core.v1.Secret(
            `${resourceName}-secret-files`,
            {
                metadata,
                immutable: true,
                type: "Opaque",
                stringData: Object.fromEntries(resolved.secretFiles.map((f) => [f.key, pulumi.secret(f.content)])),
            },
            opts,
        );
        volumes.push({ name: secretFilesVolumeName, secret: { secretName: secret.metadata.name } });
    }
    return { configMap, secret, volumes };
}

/** The Swarm configs and secrets of the files, and the task's references to them. */
export function buildSwarmFiles(
    name: string,
    resolved: ResolvedFiles,
    opts: pulumi.CustomResourceOptions,
): {
    configs: docker.ServiceConfig[];
    secrets: docker.Secret[];
    configRefs: docker.types.input.ServiceTaskSpecContainerSpecConfig[];
    secretRefs: docker.types.input.ServiceTaskSpecContainerSpecSecret[];
} {
    const base64 = (content: pulumi.Input<string>) => pulumi.output(content).apply((c) => Buffer.from(c, "utf8").toString("base64"));
    // Swarm names configs and secrets with at most 64 characters: `<name>-<8 hex>`, the hash over the
    // file's key and content (the component name has at most 54).
    const swarmName = (f: ResolvedFile) => hashedName(name, [f]).apply((n) => n.slice(0, name.length + 9));
    const configs = resolved.files.map(
        (f) =>
            new docker.ServiceConfig(
                `${name}-${f.key}`,
                {
                    name: swarmName(f),
                    data: base64(f.content),
                },
                opts,
            ),
    );
    // Secrets are named by Pulumi (never by a hash of what they hold); Swarm secrets cannot change,
    // so new contents replace the secret under a new name.
    const secrets = resolved.secretFiles.map(
        (f) =>
            new docker.Secret(
                `${name}-${f.key}`,
                {
                    data: pulumi.secret(base64(f.content)),
                },
                opts,
            ),
    );
    return {
        configs,
        secrets,
        configRefs: resolved.files.map((f, i) => ({ configId: configs[i].id, configName: configs[i].name, fileName: f.path })),
        secretRefs: resolved.secretFiles.map((f, i) => ({ secretId: secrets[i].id, secretName: secrets[i].name, fileName: f.path })),
    };
}
