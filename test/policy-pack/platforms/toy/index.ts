// A toy fourth platform that exists only in the tests: "Toybox" boxes run one container each.
//   type token  toy:index:Box
//   props       { name, labels: { k: v }, box: { image, sealed, scratch: [{ path, megabytes }], shares: [{ host, at, writable }] } }
// `sealed: true` is its read-only root; `scratch` entries are in-memory writable paths,
// `shares` are host directories. It is built only from what the pack offers platforms, so that
// the pack judging it proves a platform is a folder and a registry entry.
import type { Platform } from "../../../../policy-pack/platforms/platform";
import { markerInMap } from "../../../../policy-pack/workloads/marker";
import type { ContainerView, WorkloadView } from "../../../../policy-pack/workloads/model";
import type { BooleanField } from "../../../../policy-pack/workloads/values";
import { MountView, sizeLimitOf } from "../../../../policy-pack/workloads/mounts";
import {
    asArray,
    asRecord,
    asString,
    booleanField,
    field,
    formatPath,
    isUnknown,
    PropertyPath,
} from "../../../../policy-pack/workloads/values";
import { remountGrantsOf } from "../../../../policy-pack/workloads/remount";

export const toyBoxType = "toy:index:Box";

function flip(writable: BooleanField): BooleanField {
    switch (writable.state) {
        case "true":
            return { state: "false" };
        case "false":
        case "unset":
            return { state: "true" };
        default:
            return writable;
    }
}

function boxView(typeToken: string, props: Record<string, unknown>, resourceName: string): WorkloadView | undefined {
    if (typeToken !== toyBoxType) {
        return undefined;
    }
    const name = asString(field(props, "name")) ?? resourceName;
    const box = asRecord(field(props, "box"));
    const path: PropertyPath = ["box"];
    const containers: ContainerView[] = box
        ? [
              {
                  list: "container",
                  index: 0,
                  name,
                  path,
                  image: isUnknown(field(box, "image")) ? (field(box, "image") as never) : asString(field(box, "image")),
                  imagePath: [...path, "image"],
                  readOnlyRootFilesystem: booleanField(box, ["sealed"]),
                  readOnlyRootFilesystemPath: [...path, "sealed"],
                  readOnlyRootFilesystemField: "sealed",
                  remountGrants: remountGrantsOf(box, path, { privileged: ["superpowers"], capabilitiesAdded: ["powers"] }),
                  spec: box,
              },
          ]
        : [];
    return {
        platform: "toy",
        typeToken,
        kind: "Box",
        isPatch: false,
        name,
        resourceName,
        exemption: markerInMap(field(props, "labels"), ["labels"]),
        specPath: path,
        containers,
        unknownContainers: [],
        malformedContainers: box || field(props, "box") === undefined ? [] : [{ path, value: field(props, "box") }],
        props,
    };
}

function mounts(container: ContainerView): { mounts: MountView[]; unknownMounts: PropertyPath[] } {
    const out: MountView[] = [];
    (asArray(field(container.spec, "scratch")) ?? []).forEach((entry, i) => {
        const path = [...container.path, "scratch", i];
        out.push({
            path,
            target: asString(field(entry, "path")),
            readOnly: { state: "unset" },
            readOnlyPath: path,
            backing: {
                kind: "tmpfs",
                sizeLimit: sizeLimitOf(field(entry, "megabytes"), (n) => Number(n) > 0),
                sizePath: [...path, "megabytes"],
                sizeField: "tmpfsOptions.sizeBytes",
            },
        });
    });
    (asArray(field(container.spec, "shares")) ?? []).forEach((entry, i) => {
        const path = [...container.path, "shares", i];
        out.push({
            path,
            target: asString(field(entry, "at")),
            readOnly: flip(booleanField(entry, ["writable"])),
            readOnlyPath: [...path, "writable"],
            backing: { kind: "host", hostPath: asString(field(entry, "host")), hostPathPath: [...path, "host"] },
        });
    });
    return { mounts: out, unknownMounts: [] };
}

const where = (_view: WorkloadView, p: PropertyPath) => formatPath(p);

export const toyPlatform: Platform = {
    id: "toy",
    title: "Toybox",
    workloadOf: boxView,
    mountsOf: (_view, container) => mounts(container),
    wording: {
        workload: (view) => `Toybox "${view.name}"`,
        container: (view) => `Toybox "${view.name}"`,
        path: where,
        markerPlace: "label",
        readOnlyRootFix: (view, c) => `Seal it: set ${where(view, c.readOnlyRootFilesystemPath)} to true`,
        tmpfsSizeProblem: (view, b) => `${where(view, b.sizePath)} is not a size`,
        tmpfsSizeFix: (view, b) => `Set ${where(view, b.sizePath)} in megabytes`,
        imagePinFix: (_view, example) => `Box it as ${example}`,
        hostMount: (view, mount, _b, host) => `shares ${host} writable (${where(view, mount.path)})`,
        hostMountSource: (_view, _b, host) => `a share of ${host}`,
        hostMountFix: (view, mount) => `Set ${where(view, mount.readOnlyPath)} to false`,
        readOnlyMountFix: (view, mount) => `Set ${where(view, mount.readOnlyPath)} to false`,
        namedVolume: (name) => `toy volume "${name}"`,
        inMemoryPath: "a scratch entry",
    },
    guidance: {
        readOnlyRoot: "seal every box.",
        writablePaths: "give every scratch entry megabytes.",
        hostMounts: "share nothing writable.",
    },
};
