// Image references, normalised the way Docker resolves them, so that `nginx:1.27` and
// `docker.io/library/nginx:1.27` name the same image for exemptions and pinning.

/** The parts of an image reference. */
export interface ImageReference {
    /** Registry host, `docker.io` when the reference names none. */
    readonly registry: string;
    /** Repository path within the registry (`library/nginx`). */
    readonly repository: string;
    readonly tag?: string;
    /** `sha256:<hex>` when pinned by digest. */
    readonly digest?: string;
}

/** Splits an image reference; Docker Hub names get `docker.io` and `library/`. */
export function parseImageReference(reference: string): ImageReference {
    let rest = reference.trim();
    let digest: string | undefined;
    const at = rest.indexOf("@");
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
    }
    let tag: string | undefined;
    const lastSlash = rest.lastIndexOf("/");
    const lastColon = rest.lastIndexOf(":");
    if (lastColon > lastSlash) {
        tag = rest.slice(lastColon + 1);
        rest = rest.slice(0, lastColon);
    }
    const firstSlash = rest.indexOf("/");
    const first = firstSlash >= 0 ? rest.slice(0, firstSlash) : "";
    // Docker's rule: the first component is a registry when it has a dot or a port, or is localhost.
    const hasRegistry = firstSlash >= 0 && (first.includes(".") || first.includes(":") || first === "localhost");
    let registry = hasRegistry ? first : "docker.io";
    let repository = hasRegistry ? rest.slice(firstSlash + 1) : rest;
    if (registry === "index.docker.io" || registry === "registry-1.docker.io") {
        registry = "docker.io";
    }
    if (registry === "docker.io" && !repository.includes("/")) {
        repository = `library/${repository}`;
    }
    return { registry, repository, tag, digest };
}

/** `registry/repository` without tag or digest. */
export function repositoryOf(reference: string): string {
    const r = parseImageReference(reference);
    return `${r.registry}/${r.repository}`;
}

/** The full normalised reference: `docker.io/library/nginx:latest`, digests kept. */
export function normaliseImageReference(reference: string): string {
    const r = parseImageReference(reference);
    const tag = r.tag ?? (r.digest ? undefined : "latest");
    return `${r.registry}/${r.repository}${tag ? `:${tag}` : ""}${r.digest ? `@${r.digest}` : ""}`;
}
