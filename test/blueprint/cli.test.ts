/** revstack validate / show / clone as a user runs them: output, exit codes, files written. */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { Command, CommanderError } from "commander";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadBlueprint } from "../../src/blueprint";
import { register as clone } from "../../src/cli/commands/clone";
import { register as show } from "../../src/cli/commands/show";
import { register as validate } from "../../src/cli/commands/validate";
import { runProgram } from "../../src/cli/shared/command";
import { renderDiagnostic } from "../../src/cli/shared/diagnostics";
import { memoryFiles } from "./memory-files";

const ROOT = path.resolve(__dirname, "..", "..");
const BASE = path.join(ROOT, "blueprints", "base.yaml");
let out = "";
let err = "";

beforeEach(() => {
  out = err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((err += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

/** The commands on a commander program, in process, the way src/cli/main.ts wires them. */
async function run(...args: string[]): Promise<number> {
  const program = new Command("revstack").exitOverride();
  try {
    return await runProgram(program, [validate, show, clone], ["node", "revstack", ...args]);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    throw e;
  }
}

describe("revstack validate", () => {
  it("works from the installed bin on every example (npm test builds dist first)", async () => {
    const files = ["base.yaml", "emea.yaml", "partners.yaml"].map((f) => `blueprints/${f}`);
    const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, ["bin/revstack.js", "validate", ...files], { cwd: ROOT }, (error, stdout) =>
        resolve({ code: error ? Number(error.code) : 0, stdout }),
      );
    });
    expect(result.stdout).toBe(files.map((f) => `${f}: valid (0 errors, 0 warnings)\n`).join(""));
    expect(result.code).toBe(0);
  });

  it("exits 0 for valid blueprints and says so per file", async () => {
    const code = await run("validate", BASE, path.join(ROOT, "blueprints", "emea.yaml"));
    expect(code).toBe(0);
    expect(out).toBe(
      `${BASE}: valid (0 errors, 0 warnings)\n${path.join(ROOT, "blueprints", "emea.yaml")}: valid (0 errors, 0 warnings)\n`,
    );
  });

  it("exits 1 and prints file:line:column: error: message when any file is invalid", async () => {
    const bad = path.join(ROOT, "test", "fixtures", "unknown-team.yaml");
    const code = await run("validate", BASE, bad);
    expect(code).toBe(1);
    expect(out).toContain(`${bad}:12:38: error: unknown team "sdrs"; did you mean "sdr"?\n`);
    expect(out).toContain(`${bad}: invalid (1 error, 0 warnings)\n`);
    expect(out).not.toMatch(/\x1b\[/); // no colors when not on a terminal
  });

  it("prints machine-readable JSON with --format json", async () => {
    const bad = path.join(ROOT, "test", "fixtures", "probability-step.yaml");
    expect(await run("validate", "--format", "json", bad)).toBe(1);
    const report = JSON.parse(out);
    expect(report.valid).toBe(false);
    expect(report.files[0].diagnostics[0]).toMatchObject({
      file: bad,
      line: 10,
      column: 48,
      severity: "error",
      path: "pipelines.nb.stages[0].probability",
    });
  });

  it("colors severities on a terminal and keeps the same text", async () => {
    const pc = (await import("picocolors")).default;
    const d = { file: "a.yaml", line: 3, column: 7, severity: "error" as const, message: 'unknown team "x"' };
    const colored = renderDiagnostic(d, pc.createColors(true));
    expect(colored).toMatch(/\x1b\[31m/);
    expect(colored.replace(/\x1b\[\d+m/g, "")).toBe('a.yaml:3:7: error: unknown team "x"');
    expect(renderDiagnostic(d, pc.createColors(false))).toBe('a.yaml:3:7: error: unknown team "x"');
  });

  it("rejects an unknown format without a stack trace", async () => {
    expect(await run("validate", "--format", "xml", BASE)).toBe(1);
    expect(err).toBe('revstack validate: --format must be text or json, found "xml"\n');
  });
});

describe("revstack show", () => {
  it("prints the resolved blueprint as YAML that loads on its own to the same model", async () => {
    expect(await run("show", path.join(ROOT, "blueprints", "partners.yaml"))).toBe(0);
    const shown = parse(out);
    expect(shown.extends).toBeUndefined();
    expect(shown.pipelines["partner-deals"].stages).toHaveLength(7);
    const direct = await loadBlueprint(path.join(ROOT, "blueprints", "partners.yaml"));
    const again = await loadBlueprint("/shown.yaml", memoryFiles({ "/shown.yaml": out }));
    expect(again.diagnostics).toEqual([]);
    expect(again.blueprint).toEqual(direct.blueprint);
  });

  it("prints diagnostics to stderr and exits 1 when the blueprint is invalid", async () => {
    expect(await run("show", path.join(ROOT, "test", "fixtures", "no-fallback.yaml"))).toBe(1);
    expect(out).toBe("");
    expect(err).toMatch(/no-fallback\.yaml:12:10: error: routing has no fallback/);
  });
});

describe("revstack clone", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "revstack-clone-"));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it("writes a minimal child blueprint and a stack config that points at it", async () => {
    const code = await run(
      "clone",
      BASE,
      "--unit",
      "latam",
      "--out-dir",
      dir,
      "--set",
      "metadata.currency=BRL",
      "--set",
      "routing.enterprise-inbound.sla.firstTouch=30m",
      "--set",
      "hubspot:portalId=4242",
    );
    expect(err).toBe("");
    expect(code).toBe(0);
    // The stack exists before its secrets can be set: pulumi config set --secret fails on a stack not yet created.
    const steps = out.split("next steps:\n")[1].trimEnd().split("\n");
    expect(steps[0]).toMatch(/^ {2}1\. pulumi stack init latam\b/);
    expect(steps[1]).toBe(
      "  2. pulumi config set --secret hubspot:token <private app token or service key> --stack latam",
    );
    expect(steps.at(-1)).toBe("  4. revstack preview --stack latam");
    const childFile = path.join(dir, "blueprints", "latam.yaml");
    const child = await readFile(childFile, "utf8");
    expect(child.split("\n")[0]).toMatch(/^# yaml-language-server: \$schema=.*schemas\/blueprint\.schema\.json$/);
    expect(parse(child)).toEqual({
      apiVersion: "revstack/v1",
      kind: "Blueprint",
      extends: path.relative(path.dirname(childFile), BASE),
      metadata: { name: "latam", businessUnit: "latam", currency: "BRL" },
      routing: [{ key: "enterprise-inbound", sla: { firstTouch: "30m" } }],
    });
    const stack = parse(await readFile(path.join(dir, "stacks", "Pulumi.latam.yaml"), "utf8"));
    expect(stack).toEqual({ config: { "revstack:blueprint": "blueprints/latam.yaml", "hubspot:portalId": "4242" } });
    const { blueprint } = await loadBlueprint(childFile);
    expect(blueprint?.metadata.currency).toBe("BRL");
    expect(blueprint?.routing.find((r) => r.key === "enterprise-inbound")?.sla?.firstTouch).toBe("30m");
  });

  it("writes nothing when a --set is wrong, a secret is passed, or the child would not validate", async () => {
    const code = await run(
      "clone",
      BASE,
      "--unit",
      "latam",
      "--out-dir",
      dir,
      "--set",
      "metadata.curency=BRL",
      "--set",
      "hubspot:token=pat-123",
    );
    expect(code).toBe(1);
    expect(err).toContain('--set metadata.curency: unknown key "curency"; did you mean "currency"?');
    expect(err).toContain("--set hubspot:token: secrets are never written to files");
    expect(err).not.toContain("pat-123");
    expect(
      await run("clone", BASE, "--unit", "latam", "--out-dir", dir, "--set", "routing.fallback.sla.firstTouch=soon"),
    ).toBe(1);
    expect(err).toMatch(/latam\.yaml:\d+:\d+: error: expected a duration/);
    await expect(stat(path.join(dir, "blueprints"))).rejects.toThrow();
    await expect(stat(path.join(dir, "stacks"))).rejects.toThrow();
  });

  it("does not overwrite an existing unit unless --force", async () => {
    expect(await run("clone", BASE, "--unit", "latam", "--out-dir", dir)).toBe(0);
    expect(await run("clone", BASE, "--unit", "latam", "--out-dir", dir)).toBe(1);
    expect(err).toMatch(/latam\.yaml already exists \(use --force to overwrite\)/);
    expect(await run("clone", BASE, "--unit", "latam", "--out-dir", dir, "--force")).toBe(0);
  });
});
