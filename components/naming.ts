// Names derived from paths and from the component's name.

/**
 * A container path as a name fragment: `/var/www/uploads` → `var-www-uploads`. Child resources of
 * persistent paths are named after the path rather than its position in the list, so reordering
 * `persistentPaths` never changes a URN — a changed URN would replace the volume and lose its data.
 */
export function pathSlug(containerPath: string): string {
    return containerPath.slice(1).replace(/[^A-Za-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "root";
}

/**
 * `text` as a DNS-1123 label (lowercase alphanumerics and inner hyphens, at most `max` characters),
 * the syntax Kubernetes requires of container and volume names.
 */
export function dnsLabel(text: string, fallback: string, max = 63): string {
    const label = text.toLowerCase().replace(/[^a-z0-9]+/g, "-").slice(0, max).replace(/^-+|-+$/g, "");
    return label || fallback;
}
