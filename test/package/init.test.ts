/** `revstack init` as a user runs it: what it writes, what it refuses, and that the result is a working project. */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import YAML from "yaml";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const run = promisify(execFile);
/** The built CLI (`npm test` builds first); resolves to exit code and output, never throws on exit 1. */
async function revstack(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, "bin/revstack.js"), ...args], {
      cwd,
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const tmp = mkdtempSync(path.join(tmpdir(), "revstack-init-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const FILES = [
  "package.json",
  "Pulumi.yaml",
  "blueprints/acme-rev.yaml",
  "stacks/Pulumi.dev.yaml",
  ".gitignore",
  "README.md",
  ".github/workflows/revstack.yml",
];

describe("revstack init", () => {
  it("scaffolds an empty directory into a project whose blueprint validates and whose paths are relative", async () => {
    const dir = path.join(tmp, "acme-rev");
    const result = await revstack(tmp, "init", "acme-rev");
    expect(result.code).toBe(0);
    for (const file of FILES) {
      expect(existsSync(path.join(dir, file)), file).toBe(true);
      expect(result.stdout).toContain(`wrote ${file}`);
    }
    expect(result.stdout).toContain("npx revstack setup");

    const project = YAML.parse(readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"));
    expect(project).toMatchObject({
      name: "acme-rev",
      main: "node_modules/revstack/dist/program/index.js",
      stackConfigDir: "stacks",
    });
    expect(project.backend.url).toBe("file://./.pulumi-state?metadata=skip");
    const stack = YAML.parse(readFileSync(path.join(dir, "stacks/Pulumi.dev.yaml"), "utf8"));
    expect(stack.config["revstack:blueprint"]).toBe("blueprints/acme-rev.yaml");
    const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    expect(manifest.dependencies.revstack).toMatch(/^\^\d+\.\d+\.\d+$/);
    expect(manifest.scripts.up).toBe("revstack pulumi up --stack dev --yes");

    const blueprint = readFileSync(path.join(dir, "blueprints/acme-rev.yaml"), "utf8");
    expect(blueprint.split("\n")[0]).toBe(
      "# yaml-language-server: $schema=../node_modules/revstack/schemas/blueprint.schema.json",
    );
    const workflow = readFileSync(path.join(dir, ".github/workflows/revstack.yml"), "utf8");
    expect(workflow).not.toContain("setup:pulumi");
    expect(workflow).toContain("node-version: 24");
    expect(workflow).toContain("pulumi/actions@");
    expect(workflow).toContain("npx revstack test blueprints/*.yaml");

    const validated = await revstack(dir, "validate", "blueprints/acme-rev.yaml");
    expect(validated.stdout + validated.stderr).toContain("valid (0 errors, 0 warnings)");
    expect(validated.code).toBe(0);
  });

  it("refuses a directory that already has a Pulumi.yaml, writing nothing, unless --force", async () => {
    const dir = path.join(tmp, "existing");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "Pulumi.yaml"), "name: mine\n");
    const refused = await revstack(dir, "init");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Pulumi.yaml already exists");
    expect(refused.stderr).toContain("--force");
    expect(readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")).toBe("name: mine\n");
    expect(existsSync(path.join(dir, "package.json"))).toBe(false);

    const forced = await revstack(dir, "init", "--force");
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain("overwrote Pulumi.yaml");
    expect(YAML.parse(readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")).name).toBe("existing");
  });

  it("keeps an existing package.json (e.g. from npm install revstack) and adds only what it lacks", async () => {
    const dir = path.join(tmp, "installed");
    mkdirSync(dir);
    writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ dependencies: { revstack: "file:revstack-0.1.0.tgz" }, scripts: { up: "mine" } }),
    );
    const result = await revstack(dir, "init");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("updated package.json");
    const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    expect(manifest.dependencies).toEqual({ revstack: "file:revstack-0.1.0.tgz" });
    expect(manifest.scripts.up).toBe("mine");
    expect(manifest.scripts.validate).toBe("revstack validate blueprints/*.yaml");
  });

  it("says clearly when the name is not a valid key", async () => {
    const named = await revstack(tmp, "init", path.join(tmp, "bad-name"), "--name", "Acme Revenue");
    expect(named.code).toBe(1);
    expect(named.stderr).toMatch(/^revstack init: "Acme Revenue" is not a valid name: use lowercase letters/);
    expect(named.stderr).not.toMatch(/\n\s+at /);
    const fromDir = await revstack(tmp, "init", path.join(tmp, "Acme Revenue"));
    expect(fromDir.code).toBe(1);
    expect(fromDir.stderr).toContain(`"Acme Revenue" is not a valid name (the directory's name); pass --name <key>`);
    expect(existsSync(path.join(tmp, "Acme Revenue"))).toBe(false);
  });
});
