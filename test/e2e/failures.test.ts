// Bounded, readable failures through the real engine: HubSpot unreachable → `revstack drift` exits 1 within
// 20 s printing the error once; a route that answers 429 to every request → `pulumi up` gives up within the
// documented bound (8 retries, 1-16 s apart) having sent at most 9 requests per call; never a stack trace.
import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot, type EngineStack } from "../support/engine";
import { editableBlueprint, fixtureBlueprint, sandboxStack } from "../support/portal";
import { faults, sandbox, stats } from "../providers/helpers";

const TRACE = /^\s{4}at /m;

async function revstack(engine: EngineStack, args: string[]): Promise<{ code: number; out: string; ms: number }> {
  const env = {
    ...process.env,
    ...engine.env,
    PATH: `${path.dirname(engine.stack.workspace.pulumiCommand.command)}:${process.env.PATH}`,
  };
  const started = Date.now();
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [path.join(repoRoot, "bin/revstack.js"), ...args],
      { cwd: engine.projectDir, env, timeout: 120_000 },
    );
    return { code: 0, out: stdout + stderr, ms: Date.now() - started };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof e.code === "number" ? e.code : -1,
      out: `${e.stdout ?? ""}${e.stderr ?? ""}`,
      ms: Date.now() - started,
    };
  }
}

describe("failures are bounded and readable", { timeout: 600_000 }, () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const f of cleanup.reverse()) await f().catch(() => undefined);
  });

  it("revstack drift with HubSpot unreachable exits 1 within 20 s, printing the error once", async () => {
    const sb = await sandbox({ tier: 250 });
    const { dir, file } = await editableBlueprint("lifecycle.yaml");
    const engine = await sandboxStack("unreachable", sb, file);
    cleanup.push(
      () => engine.dispose(),
      () => rm(dir, { recursive: true, force: true }),
    );
    await engine.up();
    await sb.stop();

    const { code, out, ms } = await revstack(engine, ["drift", "--stack", "unreachable"]);
    expect(code).toBe(1);
    expect(ms).toBeLessThan(20_000);
    const message = `HubSpot at ${sb.url} cannot be reached (ECONNREFUSED); nothing was sent.`;
    expect(out.split(message).length - 1, out).toBe(1);
    expect(out).not.toMatch(TRACE);
  });

  it("pulumi up gives up on a route that always answers 429, within the bound and a bounded number of requests", async () => {
    const sb = await sandbox({ tier: 250 });
    cleanup.push(() => sb.stop());
    const engine = await sandboxStack("storm", sb, fixtureBlueprint("lifecycle.yaml"));
    cleanup.push(() => engine.dispose());
    const route = "POST /crm/properties/2026-09/{objectType}";
    await faults(sb, { error429: 1, routes: [route] });

    const started = Date.now();
    const output = await engine.failedUp();
    const seconds = (Date.now() - started) / 1000;
    expect(output).toMatch(/was refused with 429 \(rate limit\) 9 times over \d+ s; gave up/);
    expect(output).not.toMatch(TRACE);
    // Two properties in the blueprint: each create is one call of at most 9 requests; 90 s bound plus engine time.
    expect((await stats(sb)).byRoute[route]).toBeLessThanOrEqual(2 * 9);
    expect(seconds).toBeLessThan(90 + 60);
  });
});
