// The portal guard on every path: with a hubspot:portalId (or token) that does not match, each command that
// reads or writes the CRM stops with one clear message, a non-zero exit and no write, and nobody sees a stack trace.
import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import type { EngineStack } from "../support/engine";
import { repoRoot } from "../support/engine";
import { editableBlueprint, sandboxStack } from "../support/portal";
import { resetStats, sandbox, stats } from "../providers/helpers";

const GUARD = /Portal guard: hubspot:portalId is 999 but the token belongs to portal \d+/;
const TRACE = /^\s{4}at /m;

/** `revstack <args>` as a user runs it, in the stack's project. */
async function revstack(engine: EngineStack, args: string[]): Promise<{ code: number; out: string }> {
  const env = {
    ...process.env,
    ...engine.env,
    PATH: `${path.dirname(engine.stack.workspace.pulumiCommand.command)}:${process.env.PATH}`,
  };
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [path.join(repoRoot, "bin/revstack.js"), ...args],
      { cwd: engine.projectDir, env, timeout: 120_000 },
    );
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, out: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

describe("the portal guard on every path", { timeout: 600_000 }, () => {
  let sb: Sandbox;
  let engine: EngineStack;
  let dir: string;

  beforeAll(async () => {
    sb = await sandbox({ tier: 250 });
    let blueprint: string;
    ({ dir, file: blueprint } = await editableBlueprint("lifecycle.yaml"));
    engine = await sandboxStack("guard", sb, blueprint);
    expect(await engine.up()).toMatchObject({ create: 15 });
    await engine.stack.setConfig("hubspot:portalId", { value: "999" });
  });

  afterAll(async () => {
    await engine?.dispose();
    await sb?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const engineRuns: Array<[string, () => Promise<unknown>]> = [
    ["up", () => engine.up()],
    ["up --refresh", () => engine.up({ refresh: true })],
    ["preview --refresh", () => engine.preview({ refresh: true })],
    ["refresh --run-program", () => engine.refresh({ runProgram: true })],
    ["destroy --run-program", () => engine.destroy({ runProgram: true })],
  ];
  for (const [name, run] of engineRuns) {
    it(`pulumi ${name} stops with the guard's message and writes nothing`, async () => {
      await resetStats(sb);
      const from = engine.logs.length;
      const err = await run().then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err, "the run must fail").toBeInstanceOf(Error);
      const output = engine.logs.slice(from).join("") + String(err);
      expect(output).toMatch(GUARD);
      expect(output).not.toMatch(TRACE);
      expect((await stats(sb)).writes).toBe(0);
    });
  }

  const cliRuns: Array<[string, string[]]> = [
    ["drift", ["drift", "--stack", "guard"]],
    ["export", ["export", "--stack", "guard", "--out", "exported.yaml"]],
    ["report", ["report", "--stack", "guard", "--out", "report"]],
    ["sandbox-seed", ["sandbox-seed", "--stack", "guard", "--deals", "5", "--contacts", "5"]],
  ];
  for (const [name, args] of cliRuns) {
    it(`revstack ${name} stops with the guard's message, exit 1, and writes nothing`, async () => {
      await resetStats(sb);
      const { code, out } = await revstack(engine, args);
      expect(code).toBe(1);
      expect(out).toMatch(GUARD);
      expect(out.match(new RegExp(GUARD.source, "g")) ?? []).toHaveLength(1);
      expect(out).not.toMatch(TRACE);
      expect((await stats(sb)).writes).toBe(0);
    });
  }

  it("checks the token the configuration names now, not the one recorded in the state", async () => {
    await engine.stack.setConfig("hubspot:portalId", { value: String(sb.portalId) });
    await engine.stack.setConfig("hubspot:token", { value: "pat-wrong-token", secret: true });
    await resetStats(sb);
    const { code, out } = await revstack(engine, ["drift", "--stack", "guard"]);
    expect(code).toBe(1);
    expect(out).toMatch(/Portal guard: could not check that hubspot:token belongs to portal \d+: .*401/);
    expect(out).not.toMatch(/No drift/i);
    expect((await stats(sb)).writes).toBe(0);
  });
});
