// The JavaScript that runs in n8n's Code nodes (src/plan/n8n/runtime/*.js) is type-checked, and what the Code
// node receives is that code without its types.
import { readdirSync } from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { runtimeSource } from "../../../src/plan/n8n/runtime-source";

const DIR = path.resolve(__dirname, "../../../src/plan/n8n/runtime");
const RUNTIME_FILES = ["routing.js", "ledger.js", "events.js", "actions.js", "deliveries.js"];

describe("the n8n runtime files", () => {
  it("type-check against the configs the compiler builds (runtime/tsconfig.json)", () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      path.join(DIR, "tsconfig.json"),
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
    )!;
    const program = ts.createProgram(config.fileNames, config.options);
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(config.fileNames.map((f) => path.basename(f)).sort()).toEqual(expect.arrayContaining(RUNTIME_FILES));
    expect(problems).toEqual([]);
  });

  it.each(RUNTIME_FILES)("%s reaches the Code node as plain JavaScript: no types left, and it parses", (file) => {
    const code = runtimeSource(file);
    expect(code).not.toMatch(/\/\*\*|@ts-|@typedef|@param/);
    expect(() => new Function(code)).not.toThrow();
  });

  it("ships every runtime file the TypeScript modules read", () => {
    expect(
      readdirSync(DIR)
        .filter((f) => f.endsWith(".js"))
        .sort(),
    ).toEqual([...RUNTIME_FILES, "externals.js"].sort());
  });
});
