// Lint: typescript-eslint's recommended rules over every TypeScript source in the repository, and
// eslint's recommended rules over the JavaScript ones (the CLI launcher, scripts, the test reporter).
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
    {
        ignores: [
            "**/node_modules/**",
            "policy-pack/bin/**",
            "dist/**",
            ".engine/**",
            ".cache/**",
            ".bench/**",
            ".ci-cache/**",
            ".pulumi-e2e/**",
            "**/.scratch*/**",
            "test/e2e/engine/**/vendor/**",
        ],
    },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        rules: {
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
            "@typescript-eslint/no-require-imports": "off",
        },
    },
    {
        files: ["**/*.js", "**/*.cjs"],
        languageOptions: { sourceType: "commonjs", globals: { ...globals.node } },
    },
    {
        files: ["**/*.mjs"],
        languageOptions: { sourceType: "module", globals: { ...globals.node } },
    },
);
