// A large multi-document manifest made of the corpus's Kubernetes files: the input of
// bench/cli.ts and of the tests about large inputs.
import * as fs from "fs";
import * as path from "path";

const corpus = path.resolve(__dirname, "..", "fixtures", "corpus", "kubernetes");

/**
 * A multi-document manifest of `bytes` bytes (cut at a document boundary, then padded with a
 * comment): the corpus's Kubernetes files one after another, again and again, each copy's
 * objects renamed so that names stay unique, as in the output of `helm template` for many
 * releases.
 */
export function largeManifest(bytes: number): string {
    const files = fs
        .readdirSync(corpus)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => fs.readFileSync(path.join(corpus, f), "utf8"));
    const parts: string[] = [];
    let size = 0;
    for (let copy = 0; size < bytes; copy++) {
        for (const text of files) {
            const renamed = `---\n${text.replace(/^( {2}name: )([a-z0-9.-]+)$/gm, `$1$2-${copy}`)}\n`;
            if (size + Buffer.byteLength(renamed) > bytes) {
                size = bytes;
                break;
            }
            parts.push(renamed);
            size += Buffer.byteLength(renamed);
        }
    }
    const text = parts.join("");
    const rest = bytes - Buffer.byteLength(text);
    return rest >= 2 ? `${text}#${" ".repeat(rest - 2)}\n` : text;
}
