/**
 * The lint's no-cycle rule catches a value import cycle between TypeScript files: fed two files that import each
 * other, with the project's own ESLint configuration, it fails on both; without the cycle it passes. (It once saw no
 * TypeScript import at all and let src/plan/n8n/notify.ts ↔ routing.ts through.)
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ESLint } from "eslint";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "revstack-lint-cycle-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cycleErrors(files: Record<string, string>): Promise<string[]> {
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: path.join(ROOT, "eslint.config.mjs") });
  const results = await eslint.lintFiles(Object.keys(files));
  return results.flatMap((r) =>
    r.messages.filter((m) => m.ruleId === "import-x/no-cycle").map(() => path.basename(r.filePath)),
  );
}

describe("npm run lint's import-x/no-cycle", () => {
  it("fails on two TypeScript files that import values from each other", async () => {
    const errors = await cycleErrors({
      "notify.ts": 'import { route } from "./routing";\nexport const notify = (): string => route();\n',
      "routing.ts": 'import { notify } from "./notify";\nexport const route = (): string => typeof notify;\n',
    });
    expect(errors.sort()).toEqual(["notify.ts", "routing.ts"]);
  }, 60_000);

  it("passes the same files once the shared part moves below both", async () => {
    const errors = await cycleErrors({
      "shared.ts": "export const route = (): string => 'shared';\n",
      "notify.ts": 'import { route } from "./shared";\nexport const notify = (): string => route();\n',
      "routing.ts": 'import { notify } from "./notify";\nexport const route = (): string => typeof notify;\n',
    });
    expect(errors).toEqual([]);
  }, 60_000);
});
