// The component package's entry point (package.json "main"): the Node.js language host starts it
// through @pulumi/pulumi/cmd/run-plugin, and it serves ImmutableService to the engine as a
// component provider, for programs in any language.
//
// The schema is not inferred from the class served below but from schema.ts: the analyzer reads
// this file's imports in order, looking for a class named ImmutableService, so schema.ts must
// come before components/immutableService.ts.
import type {} from "./schema";
import { typeScriptOnlyArgs } from "./schema";
import * as pulumi from "@pulumi/pulumi";
import { main } from "@pulumi/pulumi/provider";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { ImmutableService } from "../components/immutableService";

/** The package name: the first part of every type token, `immutable-workloads:index:ImmutableService`. */
export const packageName = "immutable-workloads";

interface SchemaSpec {
    resources: Record<string, { inputProperties: Record<string, { $ref?: string; items?: { $ref?: string } }>; requiredInputs: string[] }>;
    types: Record<string, unknown>;
}

/**
 * The inferred schema without the TypeScript-only arguments (schema.ts's typeScriptOnlyArgs) and
 * the types only they used; a value given for one of them is refused with the reason.
 */
export class ImmutableServiceProvider extends ComponentProvider {
    constructor() {
        super({ name: packageName, dirname: __dirname, components: [ImmutableService] });
    }

    async getSchema(): Promise<string> {
        const schema = JSON.parse(await super.getSchema()) as SchemaSpec;
        const refsOf = (p: { $ref?: string; items?: { $ref?: string } }) => [p.$ref, p.items?.$ref].filter((r): r is string => !!r);
        for (const resource of Object.values(schema.resources)) {
            for (const arg of Object.keys(typeScriptOnlyArgs)) {
                const property = resource.inputProperties[arg];
                if (!property) continue;
                delete resource.inputProperties[arg];
                resource.requiredInputs = resource.requiredInputs.filter((r) => r !== arg);
                const stillUsed = JSON.stringify(schema);
                for (const ref of refsOf(property)) {
                    const token = ref.replace(/^#\/types\//, "");
                    if (!stillUsed.includes(`"${ref}"`)) delete schema.types[token];
                }
            }
        }
        return JSON.stringify(schema);
    }

    async construct(name: string, type: string, inputs: pulumi.Inputs, options: pulumi.ComponentResourceOptions) {
        for (const [arg, why] of Object.entries(typeScriptOnlyArgs)) {
            if (inputs[arg] !== undefined) {
                throw new Error(`ImmutableService ${name}: \`${arg}\` is TypeScript only (${why}); remove it`);
            }
        }
        return super.construct(name, type, inputs, options);
    }
}

// Started by the language host (run-plugin) with the engine's address as the argument.
void main(new ImmutableServiceProvider(), process.argv.slice(2));
