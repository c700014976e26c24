// Whether an input may be a Pulumi state or preview: cheap, so that the Pulumi reader
// (./stateCheck.ts, ./pulumiState.ts) is loaded only for runs that have one. Every Pulumi
// document (`pulumi stack export`, a checkpoint, `pulumi preview --json`) is one JSON object; a
// manifest or Compose file that is one too is handed to the reader, which says it is not Pulumi's.

/** False for text that cannot be a Pulumi state or preview: anything but a JSON object (after a byte order mark and blanks). */
export function mayBePulumiDocument(text: string): boolean {
    const start = text.search(/[^\s\ufeff]/);
    return start >= 0 && text.charCodeAt(start) === 0x7b; // {
}
