// The exemption marker, `immutable-workloads/exempt`: an annotation on a Kubernetes workload, a
// label on a Docker container or Swarm service. Its value is the justification; a blank value
// exempts nothing, so that nobody opts out without saying why.
import { ExemptionMarker } from "./model";
import { isSentinelText } from "./sdkValues";
import { asArray, asString, field, isUnknown, PropertyPath, pathWith } from "./values";

/** The annotation / label key that exempts a workload. */
export const exemptionMarkerKey = "immutable-workloads/exempt";

// What a reader cannot see: white space, format characters (zero-width space, joiners, marks of
// direction, the BOM), controls, combining marks with nothing to combine with, and the blank
// letters and symbols of Hangul and Braille.
const invisible = /[\p{White_Space}\p{Cf}\p{Cc}\p{Mn}\p{Me}\u115F\u1160\u3164\uFFA0\u2800]/gu;

/** The justification as a reader sees it: empty when it has no visible character. */
export function visibleJustification(value: string): string {
    return value.replace(invisible, "") === "" ? "" : value.trim();
}

function markerOf(value: unknown, path: PropertyPath): ExemptionMarker {
    // An unknown justification exempts nothing, and neither does the SDK's unknown placeholder
    // written as text, in a preview or not: nobody can read why the workload is exempt.
    if (isUnknown(value) || isSentinelText(value)) {
        return { state: "unknown", path };
    }
    const text = typeof value === "string" ? visibleJustification(value) : "";
    return text === "" ? { state: "blank", path } : { state: "set", path, justification: text };
}

/** The marker in a Kubernetes-style string map (`metadata.annotations`). */
export function markerInMap(map: unknown, mapPath: PropertyPath): ExemptionMarker {
    if (isUnknown(map)) {
        return { state: "unknown", path: mapPath };
    }
    const value = field(map, exemptionMarkerKey);
    return value === undefined ? { state: "absent" } : markerOf(value, pathWith(mapPath, exemptionMarkerKey));
}

/** The marker in a Docker label list (`[{ label, value }]`), or a tag list (`[{ key, value }]`). */
export function markerInLabelList(labels: unknown, listPath: PropertyPath, keyField = "label"): ExemptionMarker {
    if (isUnknown(labels)) {
        return { state: "unknown", path: listPath };
    }
    const list = asArray(labels) ?? [];
    for (let i = 0; i < list.length; i++) {
        const entry = list[i];
        if (isUnknown(entry)) {
            return { state: "unknown", path: pathWith(listPath, i) };
        }
        const label = field(entry, keyField);
        if (isUnknown(label)) {
            return { state: "unknown", path: pathWith(listPath, i) };
        }
        if (asString(label) === exemptionMarkerKey) {
            return markerOf(field(entry, "value"), pathWith(listPath, i, "value"));
        }
    }
    return { state: "absent" };
}

/** The first marker that says anything among several places. */
export function firstMarker(...markers: ExemptionMarker[]): ExemptionMarker {
    return markers.find((m) => m.state === "set") ?? markers.find((m) => m.state !== "absent") ?? { state: "absent" };
}
