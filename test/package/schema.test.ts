// The component package as other languages see it: `pulumi package get-schema component-package`
// with the real engine, checked against the TypeScript arguments in components/ read with the
// TypeScript compiler. Nothing here lists the fields: every property of ImmutableServiceArgs (and
// of every argument type it reaches) must be in the schema with the same doc comment and the same
// required-ness, every string-literal union must be an enum with the same values, unless
// component-package/schema.ts names it TypeScript-only.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { Engine, repositoryRoot } from "../e2e/engine";
import { typeScriptOnlyArgs } from "../../component-package/schema";
import { immutableServiceType } from "../../components/immutableService";

const packageDir = path.join(repositoryRoot, "component-package");

interface SchemaProperty {
    type?: string;
    $ref?: string;
    items?: SchemaProperty;
    additionalProperties?: SchemaProperty;
    description?: string;
}
interface SchemaType {
    type: string;
    properties?: Record<string, SchemaProperty>;
    required?: string[];
    enum?: Array<{ name: string; value: string | number }>;
}
interface PackageSchema {
    name: string;
    version: string;
    resources: Record<
        string,
        {
            isComponent: boolean;
            description?: string;
            inputProperties: Record<string, SchemaProperty>;
            requiredInputs: string[];
            properties: Record<string, SchemaProperty>;
            required: string[];
        }
    >;
    types: Record<string, SchemaType>;
}

/** A doc comment as text: `{@link X}` read as `X`, whitespace collapsed. */
function normalise(text: string): string {
    return text
        .replace(/\{@link\s+([^}|\s]+)(?:[|\s][^}]*)?\}/g, "$1")
        .replace(/\s+/g, " ")
        .trim();
}

/** The TypeScript program of the component, and its type checker. */
function typescriptArgs() {
    const program = ts.createProgram([path.join(repositoryRoot, "components", "index.ts")], {
        strict: true,
        skipLibCheck: true,
        noEmit: true,
        esModuleInterop: true,
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2020,
    });
    const checker = program.getTypeChecker();
    const find = (file: string, name: string) => {
        const source = program.getSourceFile(path.join(repositoryRoot, "components", file));
        assert.ok(source, `components/${file} is not in the program`);
        const node = source.statements.find((s) => (ts.isInterfaceDeclaration(s) || ts.isClassDeclaration(s)) && s.name?.text === name);
        assert.ok(node, `components/${file} declares no ${name}`);
        return checker.getTypeAtLocation(node);
    };
    return { checker, args: find("args.ts", "ImmutableServiceArgs"), component: find("immutableService.ts", "ImmutableService") };
}

describe("component-package: the schema other languages see", function () {
    this.timeout(300_000);
    let engine: Engine;
    let schema: PackageSchema;
    let resource: PackageSchema["resources"][string];
    const { checker, args, component } = typescriptArgs();

    before(() => {
        engine = new Engine();
        const result = engine.run(["package", "get-schema", packageDir], engine.dir);
        assert.strictEqual(result.status, 0, `pulumi package get-schema ${packageDir} failed:\n${result.output}`);
        const json = result.output.slice(result.output.indexOf("{"), result.output.lastIndexOf("}") + 1);
        schema = JSON.parse(json) as PackageSchema;
        resource = schema.resources[immutableServiceType];
        assert.ok(resource, `the schema has no resource ${immutableServiceType}: ${Object.keys(schema.resources).join(", ")}`);
    });
    after(() => engine?.cleanUp());

    it("names the package and version of the npm package, and ImmutableService is a component", () => {
        const root = JSON.parse(fs.readFileSync(path.join(repositoryRoot, "package.json"), "utf8")) as { name: string; version: string };
        const own = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as { name: string; version: string };
        assert.strictEqual(schema.name, root.name);
        assert.strictEqual(schema.version, root.version);
        assert.strictEqual(own.version, root.version, "component-package/package.json's version follows the root package.json");
        assert.strictEqual(resource.isComponent, true);
    });

    it("carries the component's doc comment over: every paragraph but TypeScript's example and error class", () => {
        const symbol = component.getSymbol();
        assert.ok(symbol);
        const paragraphs = ts
            .displayPartsToString(symbol.getDocumentationComment(checker))
            .split(/\n\s*\n/)
            .filter((p) => !p.includes("```") && !p.includes("ImmutableServiceArgsError"))
            .map(normalise);
        assert.ok(paragraphs.length >= 2, paragraphs.join("\n"));
        const description = normalise(resource.description ?? "");
        for (const paragraph of paragraphs) {
            assert.ok(
                description.includes(paragraph),
                `the schema's description lacks this paragraph of components/immutableService.ts's doc comment (copy it into component-package/schema.ts):\n${paragraph}\n\ndescription:\n${resource.description}`,
            );
        }
    });

    it("has no doc comment the analyzer could not render", () => {
        assert.doesNotMatch(
            JSON.stringify(schema),
            /\[object Object\]/,
            "a {@link} in a doc comment the analyzer copies becomes [object Object]: override the field in component-package/schema.ts without the link",
        );
    });

    it("every TypeScript argument is in the schema with its doc comment and required-ness, at every depth", () => {
        const problems: string[] = [];
        const seen = new Set<string>();

        /** The object types and literal unions a TypeScript property's type holds, unwrapped. */
        const parts = (type: ts.Type): ts.Type[] => {
            if (type.isUnion()) {
                // pulumi.Input<T> arrives expanded: T | Promise<T> | OutputInstance<T>; T is the part.
                const wrapper = (t: ts.Type) => ["Promise", "OutputInstance", "Output"].includes(t.getSymbol()?.getName() ?? "");
                const literals = type.types.filter((t) => t.isStringLiteral());
                const rest = type.types.filter(
                    (t) =>
                        !t.isStringLiteral() &&
                        !wrapper(t) &&
                        !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.BooleanLiteral)),
                );
                return [...(literals.length > 0 ? [type] : []), ...rest.flatMap(parts)];
            }
            if (checker.isArrayType(type)) return parts(checker.getTypeArguments(type as ts.TypeReference)[0]);
            const input =
                type.aliasSymbol?.name === "Input" || type.aliasSymbol?.name === "Output" ? type.aliasTypeArguments?.[0] : undefined;
            if (input) return parts(input);
            if (type.getCallSignatures().length > 0) return [];
            const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
            if (index && type.getProperties().length === 0) return parts(index.type);
            if (type.flags & ts.TypeFlags.Object && type.getProperties().length > 0) return [type];
            return [];
        };

        /** The schema type a property refers to, through arrays and maps. */
        const referenced = (property: SchemaProperty): string[] => {
            const refs = [
                property.$ref,
                property.items?.$ref,
                property.additionalProperties?.$ref,
                property.additionalProperties?.items?.$ref,
            ];
            return refs.filter((r): r is string => !!r && r.startsWith("#/types/")).map((r) => r.slice("#/types/".length));
        };

        const compare = (
            where: string,
            tsType: ts.Type,
            schemaProps: Record<string, SchemaProperty>,
            required: string[],
            skip: Readonly<Record<string, string>>,
        ) => {
            for (const symbol of tsType.getProperties()) {
                const name = symbol.getName();
                const at = `${where}.${name}`;
                if (skip[name] !== undefined) {
                    if (schemaProps[name]) problems.push(`${at}: TypeScript-only, yet in the schema`);
                    continue;
                }
                const property = schemaProps[name];
                if (!property) {
                    problems.push(`${at}: missing from the schema`);
                    continue;
                }
                const tsDoc = normalise(ts.displayPartsToString(symbol.getDocumentationComment(checker)));
                const schemaDoc = normalise(property.description ?? "");
                if (schemaDoc !== tsDoc && !schemaDoc.startsWith(`${tsDoc} In the schema `)) {
                    problems.push(`${at}: doc differs\n    TypeScript: ${tsDoc}\n    schema:     ${schemaDoc}`);
                }
                const optional = (symbol.flags & ts.SymbolFlags.Optional) !== 0;
                if (optional === required.includes(name))
                    problems.push(`${at}: ${optional ? "optional" : "required"} in TypeScript, not in the schema`);

                const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
                assert.ok(declaration, at);
                const tsParts = parts(checker.getTypeOfSymbolAtLocation(symbol, declaration));
                const refs = referenced(property);
                for (const part of tsParts) {
                    if (part.isUnion()) {
                        const values = part.types
                            .filter((t): t is ts.StringLiteralType => t.isStringLiteral())
                            .map((t) => t.value)
                            .sort();
                        const enumType = refs.map((r) => schema.types[r]).find((t) => t?.enum);
                        const schemaValues = enumType?.enum?.map((e) => String(e.value)).sort();
                        if (!enumType) problems.push(`${at}: "${values.join('" | "')}" is no enum in the schema`);
                        else assert.deepStrictEqual(schemaValues, values, `${at}: the enum's values`);
                        continue;
                    }
                    const objectRef = refs.find((r) => schema.types[r]?.properties);
                    if (!objectRef) {
                        problems.push(`${at}: ${checker.typeToString(part)} has no object type in the schema`);
                        continue;
                    }
                    const key = `${checker.typeToString(part)}->${objectRef}`;
                    if (seen.has(key)) continue;
                    seen.add(key);
                    const target = schema.types[objectRef];
                    compare(`${objectRef.split(":").pop()}`, part, target.properties ?? {}, target.required ?? [], {});
                }
            }
        };

        compare("ImmutableServiceArgs", args, resource.inputProperties, resource.requiredInputs, typeScriptOnlyArgs);
        assert.ok(seen.size >= 5, `the walk reached only ${seen.size} argument types`);
        assert.deepStrictEqual(problems, [], `\n${problems.join("\n")}`);
    });

    it("has no input the TypeScript arguments lack", () => {
        const names = new Set(args.getProperties().map((p) => p.getName()));
        assert.deepStrictEqual(
            Object.keys(resource.inputProperties).filter((k) => !names.has(k)),
            [],
        );
    });

    it("types every output, and each is a member of the TypeScript component with the same doc comment", () => {
        const members = new Map(component.getProperties().map((p) => [p.getName(), p]));
        assert.ok(Object.keys(resource.properties).length >= 5, Object.keys(resource.properties).join(", "));
        for (const [name, property] of Object.entries(resource.properties)) {
            assert.ok(property.type || property.$ref, `output ${name} is untyped`);
            assert.notStrictEqual(property.$ref, "pulumi.json#/Any", `output ${name} is Any`);
            const member = members.get(name);
            assert.ok(
                member,
                `output ${name} is no member of components/immutableService.ts's ImmutableService: construct would return undefined`,
            );
            assert.strictEqual(
                normalise(property.description ?? ""),
                normalise(ts.displayPartsToString(member.getDocumentationComment(checker))),
                `output ${name}'s doc`,
            );
        }
        assert.strictEqual(resource.properties.workloadName?.type, "string");
        assert.ok(resource.required.includes("workloadName"));
    });
});
