// Reading JSON text without parsing it: where a string ends. The JSON stream reader
// (./documents.ts) and the count of Pulumi's keys (./pulumiKeys.ts) walk a text string by string.

/**
 * The index of the quote that closes the JSON string opened at `open` (a quote not escaped by an
 * odd run of backslashes), or -1 when the text ends first. Linear in the string's length.
 */
export function jsonStringEnd(text: string, open: number): number {
    let close = text.indexOf('"', open + 1);
    while (close >= 0 && escapedAt(text, close)) {
        close = text.indexOf('"', close + 1);
    }
    return close;
}

/** Whether the quote at `at` is escaped: preceded by an odd number of backslashes. */
function escapedAt(text: string, at: number): boolean {
    let n = 0;
    while (text.charCodeAt(at - 1 - n) === 92) {
        n++;
    }
    return n % 2 === 1;
}
