// The lint gate (`npm run lint`, run by CI): typescript-eslint's recommended rules, no `any` outside the
// sandbox's request parsing, no import cycles, nothing shadowing a built-in; formatting is Prettier's alone.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import { importX } from "eslint-plugin-import-x";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", ".revstack/", ".pulumi-state/", "coverage/", "**/*.d.ts"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver": { node: { extensions: [".ts", ".js", ".mjs"] } },
      // import-x follows imports only into files with these endings (its default is JavaScript's): without ".ts"
      // no-cycle saw no TypeScript import at all and passed every cycle (test/lint/no-cycle.test.ts feeds it one).
      "import-x/extensions": [".ts", ".js", ".mjs"],
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "@typescript-eslint/no-shadow": [
        "error",
        {
          builtinGlobals: true,
          allow: ["_"],
          ignoreTypeValueShadow: true,
          ignoreFunctionTypeParameterNameValueShadow: true,
        },
      ],
      "no-shadow": "off",
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
    },
  },
  {
    // The CLI's entry and the language host are plain CommonJS scripts run by Node as they are.
    files: ["**/*.js"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // The JavaScript n8n's Code nodes run: scripts whose functions the generated glue code calls (so they look
    // unused here), sharing one scope with each other and with the calendar and render() texts (./externals.js).
    files: ["src/plan/n8n/runtime/*.js"],
    languageOptions: { sourceType: "script" },
    rules: { "@typescript-eslint/no-unused-vars": "off", "no-unused-vars": "off", "no-undef": "off", "no-var": "off" },
  },
  {
    // HubSpot's request bodies arrive as whatever the caller sent; the sandbox parses them field by field.
    files: ["src/sandbox/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Tests match terminal colour codes and YAML indentation literally, and poke at loosely typed API answers.
    files: ["test/**/*.ts", "bench/**/*.ts"],
    rules: { "no-control-regex": "off", "no-regex-spaces": "off", "@typescript-eslint/no-explicit-any": "off" },
  },
  prettier,
);
