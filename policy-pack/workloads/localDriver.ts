// Docker's `local` volume driver can be a bind mount by another name: with the options
// `type: none`, `o: bind` (or `rbind`) and `device: /some/host/dir` it mounts that host directory
// into every container that uses the volume. This reads those options, wherever they are written:
// a `docker.Volume`'s `driver`/`driverOpts`, or a mount's `volumeOptions.driverName`/`driverOptions`
// (Docker creates the volume with them when it does not exist yet).
import { asRecord, asString, field, isUnknown, PropertyPath, UnknownValue, unknownValue, pathWith } from "./values";

/** What the driver options make of a volume. */
export type LocalDriverVolume =
    /** A bind of a host directory. `readOnly` when the mount options say `ro`. */
    | {
          readonly kind: "bind";
          readonly device: string | UnknownValue | undefined;
          readonly devicePath: PropertyPath;
          readonly readOnly: boolean;
      }
    /** The driver or its options are unknown at preview: whether it binds the host is unknown. */
    | { readonly kind: "unknown"; readonly path: PropertyPath }
    /** Anything else: a plain named volume, tmpfs, nfs, another driver's volume. */
    | { readonly kind: "other" };

// The mount(8) options of the local driver are comma-separated; `bind` and `rbind` make it a bind.
function mountOptions(o: string): string[] {
    return o.split(",").map((p) => p.trim().toLowerCase());
}

/**
 * What a volume with these settings is. `driver` unset means `local` (Docker's default);
 * `optionsPath` is where the options map is in the resource's props.
 */
export function localDriverVolume(driver: unknown, options: unknown, optionsPath: PropertyPath): LocalDriverVolume {
    if (isUnknown(driver)) {
        return { kind: "unknown", path: optionsPath };
    }
    const driverName = asString(driver);
    if (driverName !== undefined && driverName !== "" && driverName !== "local") {
        return { kind: "other" };
    }
    if (isUnknown(options)) {
        return { kind: "unknown", path: optionsPath };
    }
    const map = asRecord(options);
    if (!map) {
        return { kind: "other" };
    }
    const type = field(map, "type");
    const o = field(map, "o");
    if (isUnknown(o) || isUnknown(type)) {
        return { kind: "unknown", path: optionsPath };
    }
    const opts = mountOptions(asString(o) ?? "");
    if (!opts.includes("bind") && !opts.includes("rbind")) {
        return { kind: "other" };
    }
    // The kernel ignores the filesystem type of a bind mount; Docker passes `none` by convention.
    const device = field(map, "device");
    return {
        kind: "bind",
        device: isUnknown(device) ? unknownValue : asString(device),
        devicePath: pathWith(optionsPath, "device"),
        readOnly: opts.includes("ro"),
    };
}
