// SARIF 2.1.0, the format code-scanning services read: one run, the pack's policies as rules,
// one result per finding, and inputs that could not be checked as tool notifications.
import { createHash } from "crypto";
import * as path from "path";
import { pathToFileURL } from "url";
import { EnforcementLevel, Severity } from "@pulumi/policy";
import { CheckResult, InputError, LocatedFinding } from "./check";
import { stdinName } from "./inputs";
import { packPolicies } from "./policies";
import { subjectOf } from "./report";

/** The schema URI a SARIF 2.1.0 log names. */
export const sarifSchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

type SarifLevel = "error" | "warning" | "note" | "none";

function levelOf(level: EnforcementLevel): SarifLevel {
    switch (level) {
        case "mandatory":
        case "remediate":
            return "error";
        case "advisory":
            return "warning";
        default:
            return "none";
    }
}

// GitHub code scanning ranks security results by this number (CVSS-like, as a string).
const securitySeverity: Record<Severity, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

function pascalCase(name: string): string {
    return name
        .split("-")
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
        .join("");
}

/** Where an input lives, as a SARIF artifact location. */
function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
    if (file === stdinName) {
        return { uri: "stdin" };
    }
    const absolute = path.resolve(cwd, file);
    const relative = path.relative(cwd, absolute);
    if (relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative)) {
        return { uri: relative.split(path.sep).map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" };
    }
    return { uri: pathToFileURL(absolute).href };
}

function fingerprint(f: LocatedFinding, location: { uri: string }): string {
    // A Pulumi resource is its URN (two resources of one stack may share a name); other findings keep their keys.
    const key = [
        f.policy,
        location.uri,
        f.kind,
        f.namespace ?? "",
        f.name,
        f.container ?? "",
        f.path,
        ...(f.urn !== undefined ? [f.urn] : []),
    ].join("\u0000");
    return createHash("sha256").update(key).digest("hex").slice(0, 32);
}

function notification(e: InputError, cwd: string): object {
    const region = e.line !== undefined ? { region: { startLine: e.line, startColumn: e.column ?? 1 } } : {};
    return {
        level: "error",
        message: { text: `${e.file}: ${e.message}` },
        locations: [{ physicalLocation: { artifactLocation: artifactLocation(e.file, cwd), ...region } }],
    };
}

/** The SARIF log of a run. `cwd` is what relative paths are relative to (`%SRCROOT%`). */
export function toSarif(result: CheckResult, options: { version: string; cwd: string }): object {
    const definitions = packPolicies();
    const ruleIndex = new Map(definitions.map((d, i) => [d.name, i]));
    const rules = definitions.map((d) => ({
        id: d.name,
        name: pascalCase(d.name),
        shortDescription: { text: d.displayName },
        fullDescription: { text: d.description },
        help: { text: d.remediationSteps },
        defaultConfiguration: { level: levelOf(d.enforcementLevel), enabled: d.enforcementLevel !== "disabled" },
        properties: { tags: d.tags, precision: "very-high", "security-severity": securitySeverity[d.severity] ?? "5.5" },
    }));
    const results = result.findings.map((f) => {
        const location = artifactLocation(f.file, options.cwd);
        const index = ruleIndex.get(f.policy);
        return {
            ruleId: f.policy,
            ...(index !== undefined ? { ruleIndex: index } : {}),
            level: levelOf(f.level),
            message: { text: f.message },
            locations: [
                {
                    physicalLocation: {
                        artifactLocation: location,
                        region: {
                            startLine: f.range.line,
                            startColumn: f.range.column,
                            endLine: f.range.endLine,
                            endColumn: f.range.endColumn,
                        },
                    },
                    logicalLocations: [{ name: f.name, fullyQualifiedName: subjectOf(f), kind: "resource" }],
                },
            ],
            partialFingerprints: { "immutableCheckFinding/v1": fingerprint(f, location) },
            properties: {
                enforcementLevel: f.level,
                documentIndex: f.documentIndex,
                path: f.path,
                ...(f.urn !== undefined ? { stack: f.stack, urn: f.urn } : {}),
            },
        };
    });
    return {
        $schema: sarifSchemaUri,
        version: "2.1.0",
        runs: [
            {
                tool: { driver: { name: "immutable-check", version: options.version, semanticVersion: options.version, rules } },
                originalUriBaseIds: {
                    "%SRCROOT%": { uri: pathToFileURL(options.cwd.endsWith(path.sep) ? options.cwd : options.cwd + path.sep).href },
                },
                invocations: [
                    {
                        executionSuccessful: result.errors.length === 0,
                        toolExecutionNotifications: result.errors.map((e) => notification(e, options.cwd)),
                    },
                ],
                columnKind: "utf16CodeUnits",
                results,
            },
        ],
    };
}
