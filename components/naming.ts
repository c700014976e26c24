// Names derived from paths and from the component's name, and the rules the platforms hold them to.
//
// Pulumi names what the component registers: `<logical name>-<random hex>` (pulumi-kubernetes appends
// 8 hex characters, the Terraform-bridged Docker provider 7). Each logical name is derived here, so
// that validation checks exactly the names the builders use.
import { Platform } from "./args";

/** Characters Pulumi's auto-naming appends: a dash and 8 hex characters (the longer of the providers'). */
export const autoNameSuffixLength = 9;

// Kubernetes name syntax, as k8s.io/apimachinery/pkg/util/validation checks it.
/** `IsDNS1123Label` (at most 63): container names, pod volume names, namespaces. */
export const dns1123LabelPattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** `IsDNS1123Subdomain` (at most 253): names of Deployments, Secrets, PersistentVolumeClaims. */
export const dns1123SubdomainPattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** `IsDNS1035Label` (at most 63): names of Services. */
export const dns1035LabelPattern = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** `IsValidLabelValue` and the name part of `IsQualifiedName` (at most 63), when not empty. */
export const labelValuePattern = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
/** `IsConfigMapKey` (at most 253, and not `.`, `..` or starting with `..`): keys of Secrets. */
export const secretKeyPattern = /^[-._a-zA-Z0-9]+$/;
/** moby `daemon/names.RestrictedNamePattern`: Docker container and volume names. */
export const dockerNamePattern = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
/** swarmkit `controlapi.isValidDNSName` (at most 63): Swarm service names. */
export const swarmServiceNamePattern = /^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$/;

/**
 * A container path as a name fragment: `/var/www/uploads` → `var-www-uploads`. Child resources of
 * persistent paths are named after the path rather than its position in the list, so reordering
 * `persistentPaths` never changes a URN — a changed URN would replace the volume and lose its data.
 */
export function pathSlug(containerPath: string): string {
    return (
        containerPath
            .slice(1)
            .replace(/[^A-Za-z0-9]+/g, "-")
            .replace(/^-+|-+$/g, "") || "root"
    );
}

/**
 * Logical name of the volume behind a persistent path: `<name>-<path slug>`. Lowercased on
 * Kubernetes, whose claim names are DNS-1123 subdomains (a claim with a capital never got past the
 * API server, so no existing claim is renamed by this); Docker volume names may have capitals, and
 * keep them so that existing volumes keep their URNs.
 */
export function persistentVolumeName(platform: Platform, name: string, containerPath: string): string {
    const slug = pathSlug(containerPath);
    return `${name}-${platform === "kubernetes" ? slug.toLowerCase() : slug}`;
}

/**
 * `text` as a DNS-1123 label (lowercase alphanumerics and inner hyphens, at most `max` characters),
 * the syntax Kubernetes requires of container and volume names.
 */
export function dnsLabel(text: string, fallback: string, max = 63): string {
    const label = text
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .slice(0, max)
        .replace(/^-+|-+$/g, "");
    return label || fallback;
}

/** The longest component name whose Service (Kubernetes) or Swarm service name fits in 63 characters. */
export const maxServiceComponentName = 63 - autoNameSuffixLength;

/**
 * A component name every platform accepts, close to `name`: lowercase letters, digits and inner
 * hyphens, starting with a letter, at most {@link maxServiceComponentName} characters. Offered in
 * the error that refuses a name.
 */
export function suggestedName(name: string): string {
    const label = dnsLabel(name, "");
    const lettered = /^[a-z]/.test(label) ? label : label ? `app-${label}` : "app";
    return lettered.slice(0, maxServiceComponentName).replace(/-+$/, "");
}

/** A Secret key close to `key`: the characters Kubernetes refuses become `_`, leading dots go. */
export function suggestedSecretKey(key: string): string {
    return (
        key
            .replace(/[^-._a-zA-Z0-9]+/g, "_")
            .replace(/^\.+/, "")
            .slice(0, 253) || "KEY"
    );
}
