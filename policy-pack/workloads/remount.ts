// What lets a container undo its read-only root filesystem: privileged mode, or CAP_SYS_ADMIN,
// which allows `mount -o remount,rw /`. Container runtimes accept a capability with or without
// its `CAP_` prefix and in any case (containerd and Docker upper-case and prefix it), and `ALL`
// adds every capability.
import { RemountGrant } from "./model";
import { asArray, booleanField, fieldAt, isUnknown, plain, PropertyPath } from "./values";

const remountCapabilities = new Set(["SYS_ADMIN", "ALL"]);

/** The capability as runtimes read it: upper case, without `CAP_`. */
export function capabilityName(value: string): string {
    const upper = value.trim().toUpperCase();
    return upper.startsWith("CAP_") ? upper.slice(4) : upper;
}

/** Where one platform keeps the two settings, relative to the container. */
export interface RemountFields {
    /** The privileged flag (absent on platforms that have none, like Swarm). */
    readonly privileged?: PropertyPath;
    /** The list of added capabilities. */
    readonly capabilitiesAdded: PropertyPath;
}

function written(path: PropertyPath): string {
    return path
        .map((k) => (typeof k === "number" ? `[${k}]` : `.${k}`))
        .join("")
        .replace(/^\./, "")
        .replace(/\.\[/g, "[");
}

/** The known grants of one container. Unknown values grant nothing known (no verdict from them). */
export function remountGrantsOf(container: unknown, containerPath: PropertyPath, fields: RemountFields): RemountGrant[] {
    const grants: RemountGrant[] = [];
    if (fields.privileged && booleanField(container, fields.privileged).state === "true") {
        grants.push({ field: written(fields.privileged), value: "privileged: true", path: [...containerPath, ...fields.privileged] });
    }
    const added = asArray(fieldAt(container, fields.capabilitiesAdded)) ?? [];
    added.forEach((entry, i) => {
        const value = plain(entry);
        if (typeof value === "string" && !isUnknown(value) && remountCapabilities.has(capabilityName(value))) {
            const at = [...fields.capabilitiesAdded, i];
            grants.push({ field: written(at), value, path: [...containerPath, ...at] });
        }
    });
    return grants;
}
