import { readFileSync } from "node:fs";
import * as path from "node:path";

/**
 * The JavaScript of a file in ./runtime as n8n's Code node receives it. Those files are type-checked
 * (`// @ts-check` with JSDoc types, by runtime/tsconfig.json); the types are comments the Code node does not
 * need, so the first line, every JSDoc block and every `// @ts-expect-error` line are cut. What is left is the
 * code exactly as written, so a change to the types alone leaves the compiled workflows byte-identical.
 */
export function runtimeSource(file: string): string {
  const text = readFileSync(path.join(__dirname, "runtime", file), "utf8");
  return text
    .replace(/^\/\/ @ts-check\n/, "")
    .replace(/^[ \t]*\/\*\*[\s\S]*?\*\/\n/gm, "")
    .replace(/^[ \t]*\/\/ @ts-expect-error.*\n/gm, "");
}
