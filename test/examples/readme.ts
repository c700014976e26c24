// Reads the expected violations out of examples/noncompliant/README.md, so that the README a user
// reads and the test that checks it cannot drift apart.
import * as fs from "fs";
import { Level } from "../helpers/analyzer";
import { Violation } from "./harness";

/** A violation as the README lists it. */
export type ExpectedViolation = Violation;

const levels: readonly Level[] = ["advisory", "mandatory", "disabled", "remediate"];

/** The text of a table cell: without surrounding backticks. */
function cellText(cell: string): string {
    const trimmed = cell.trim();
    return /^`[^`]*`$/.test(trimmed) ? trimmed.slice(1, -1) : trimmed;
}

function splitRow(line: string): string[] {
    return line
        .trim()
        .replace(/^\|/, "")
        .replace(/\|$/, "")
        .split("|")
        .map((c) => c.trim());
}

/** The section of `markdown` under `heading` (a whole heading line), up to the next heading of the same or a higher level. */
export function section(markdown: string, heading: string): string {
    const lines = markdown.split("\n");
    const start = lines.findIndex((l) => l.trim() === heading);
    if (start < 0) {
        throw new Error(`no heading ${JSON.stringify(heading)}`);
    }
    const depth = heading.indexOf(" ");
    const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && l.indexOf(" ") <= depth);
    return lines.slice(start + 1, end < 0 ? undefined : end).join("\n");
}

/**
 * The table of the "What the pack reports" section (columns `#`, `policy`, `level`, `resource`,
 * `container`) joined with the fenced code blocks of its "Messages" subsection, in order.
 */
export function expectedViolations(readmePath: string): ExpectedViolation[] {
    const markdown = fs.readFileSync(readmePath, "utf8");
    const reports = section(markdown, "## What the pack reports");
    const tableLines = reports.split("\n").filter((l) => l.trim().startsWith("|"));
    if (tableLines.length < 3) {
        throw new Error('no table under "## What the pack reports"');
    }
    const header = splitRow(tableLines[0]);
    const column = (name: string) => {
        const i = header.indexOf(name);
        if (i < 0) {
            throw new Error(`the table has no column ${name}: ${header.join(", ")}`);
        }
        return i;
    };
    const [numberAt, policyAt, levelAt, resourceAt, containerAt] = ["#", "policy", "level", "resource", "container"].map(column);
    const rows = tableLines.slice(2).map(splitRow);

    const messages = [...section(reports, "### Messages").matchAll(/^( *)```\n([\s\S]*?)\n\1```$/gm)].map((m) =>
        m[2]
            .split("\n")
            .map((l) => l.slice(m[1].length))
            .join("\n")
            .trim(),
    );
    if (messages.length !== rows.length) {
        throw new Error(`${rows.length} rows in the table but ${messages.length} messages`);
    }
    return rows.map((cells, i) => {
        if (cellText(cells[numberAt]) !== String(i + 1)) {
            throw new Error(`row ${i + 1} is numbered ${cells[numberAt]}`);
        }
        const level = cellText(cells[levelAt]) as Level;
        if (!levels.includes(level)) {
            throw new Error(`row ${i + 1}: unknown level ${level}`);
        }
        return {
            policy: cellText(cells[policyAt]),
            level,
            resource: cellText(cells[resourceAt]),
            container: cellText(cells[containerAt]),
            message: messages[i],
        };
    });
}
