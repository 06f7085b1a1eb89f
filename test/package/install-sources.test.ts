/**
 * The other ways a user installs revstack: from a git URL (here a local bare clone: npm clones it, installs its
 * devDependencies and runs `prepare` to build it) and from a directory with `--install-links` (npm packs it, also
 * building it with `prepare`). Both must give a working `revstack` command.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ok, ROOT, sh, userEnv } from "./support";

const tmp = mkdtempSync(path.join(tmpdir(), "revstack-install-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** An empty user project. */
function project(name: string): string {
  const dir = path.join(tmp, name);
  mkdirSync(dir);
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, private: true }));
  return dir;
}

/** The installed package is a copy (not a link to this checkout) with the compiled program, and its CLI answers. */
async function expectWorkingInstall(dir: string): Promise<void> {
  const installed = path.join(dir, "node_modules/revstack");
  expect(lstatSync(installed).isSymbolicLink()).toBe(false);
  expect(existsSync(path.join(installed, "dist/program/index.js"))).toBe(true);
  expect(existsSync(path.join(installed, "test"))).toBe(false);
  const help = ok(await sh(dir, "npx", ["--no-install", "revstack", "--help"]));
  expect(help.stdout).toContain("Usage: revstack");
  expect(help.stdout).toContain("init [options] [dir]");
}

describe.concurrent("installing revstack", () => {
  it("from a git URL (a local bare clone of this repository's HEAD)", async () => {
    const bare = path.join(tmp, "revstack.git");
    execFileSync("git", ["clone", "--quiet", "--bare", ROOT, bare]);
    const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    const dir = project("from-git");
    ok(
      await sh(dir, "npm", ["install", "--prefer-offline", `git+file://${bare}#${head}`], {
        env: userEnv(),
        timeoutMs: 600_000,
      }),
    );
    await expectWorkingInstall(dir);
  }, 620_000);

  it("from a directory with --install-links (a copy of this working tree, so its build does not touch dist/ here)", async () => {
    const copy = path.join(tmp, "revstack");
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], {
      cwd: ROOT,
      encoding: "utf8",
    })
      .split("\0")
      .filter(Boolean);
    for (const file of files)
      if (existsSync(path.join(ROOT, file))) cpSync(path.join(ROOT, file), path.join(copy, file));
    // `prepare` builds with the checkout's TypeScript, as it would in a developer's clone after `npm ci`.
    symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"), "dir");
    const dir = project("from-dir");
    ok(
      await sh(dir, "npm", ["install", "--prefer-offline", "--install-links", copy], {
        env: userEnv(),
        timeoutMs: 300_000,
      }),
    );
    await expectWorkingInstall(dir);
  }, 320_000);
});
