// The CLI's shape: a command module imports shared pieces from src/cli/shared, never another command, and no
// CLI module keeps state between runs (each command returns its exit code to `main`).
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const CLI = path.resolve(__dirname, "../../src/cli");
const commands = readdirSync(path.join(CLI, "commands")).filter((f) => f.endsWith(".ts") && f !== "index.ts");
const modules = [
  ...["main.ts"],
  ...readdirSync(path.join(CLI, "shared")).map((f) => `shared/${f}`),
  ...commands.map((f) => `commands/${f}`),
];

describe("src/cli", () => {
  it.each(commands)("commands/%s imports no other command", (file) => {
    const source = readFileSync(path.join(CLI, "commands", file), "utf8");
    expect(source.match(/from "\.\/[^"]+"/g) ?? []).toEqual([]);
  });

  it.each(modules)("%s keeps no module-level variable", (file) => {
    const source = readFileSync(path.join(CLI, file), "utf8");
    expect(source.match(/^(let|var) /gm) ?? []).toEqual([]);
  });
});
