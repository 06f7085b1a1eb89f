// HubSpot's v1–v3 endpoints stop being supported in September 2027 and v4 on 2027-03-30: every HubSpot call
// revstack makes (an apply and a refresh of blueprints/base.yaml through the real engine, an export, a seed and
// a report) must use a date-based path. The sandbox counts each call under the path family it came in on (it
// serves both), so a single v3 or v4 route in its stats fails this test; automation flows are the one exception
// (no date-based flows API exists yet, and revstack does not call it).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBlueprint } from "../../src/blueprint";
import type { Blueprint } from "../../src/blueprint/model";
import { register as registerExport } from "../../src/cli/commands/export";
import { writeReport } from "../../src/reporting/run";
import type { Sandbox } from "../../src/sandbox";
import { seedPortal } from "../../src/seed";
import { api, resetStats, sandbox, stats, TOKEN } from "../providers/helpers";
import { runCommands } from "../review/cli";
import type { EngineStack } from "../support/engine";
import { sandboxStack } from "../support/portal";

const BASE = path.join(__dirname, "../../blueprints/base.yaml");
const LEGACY = /^[A-Z]+ \/[^ ]*\/v\d+(\/|$)/;
const FLOWS = /^[A-Z]+ \/automation\/v4\/flows/;

/** The routes a step called that are not date-based (flows excepted), and how many routes it called at all. */
async function legacyRoutes(sb: Sandbox): Promise<{ legacy: string[]; called: string[] }> {
  const called = Object.keys((await stats(sb)).byRoute);
  return { called, legacy: called.filter((route) => LEGACY.test(route) && !FLOWS.test(route)) };
}

describe("every HubSpot call revstack makes uses a date-based path", { timeout: 300_000 }, () => {
  let sb: Sandbox;
  let engine: EngineStack;
  let dir: string;
  let blueprint: Blueprint;

  beforeAll(async () => {
    sb = await sandbox({ tier: 250 });
    dir = await mkdtemp(path.join(tmpdir(), "revstack-paths-"));
    blueprint = (await loadBlueprint(BASE)).blueprint!;
    engine = await sandboxStack("paths", sb, BASE);
  });

  afterAll(async () => {
    await engine?.dispose();
    await sb?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("the sandbox tells the two families apart (so this test can fail)", async () => {
    await resetStats(sb);
    await api(sb, "GET", "/crm/v3/owners");
    expect((await legacyRoutes(sb)).legacy).toEqual(["GET /crm/v3/owners"]);
  });

  it("apply of blueprints/base.yaml (with its teams)", async () => {
    await resetStats(sb);
    await engine.up();
    const { legacy, called } = await legacyRoutes(sb);
    expect(called).toEqual(
      expect.arrayContaining([
        "POST /crm/pipelines/2026-09/{objectType}",
        "POST /crm/properties/2026-09/{objectType}",
        "POST /settings/users/2026-03",
        "POST /settings/teams/2026-09-beta",
        "GET /account-info/2026-09/details",
      ]),
    );
    expect(legacy).toEqual([]);
  });

  it("refresh", async () => {
    await resetStats(sb);
    await engine.refresh();
    const { legacy, called } = await legacyRoutes(sb);
    expect(called).toContain("GET /settings/teams/2026-09-beta");
    expect(legacy).toEqual([]);
  });

  it("export", async () => {
    await resetStats(sb);
    const { code } = await runCommands(
      [registerExport],
      ["export", "--base-url", sb.url, "--token", TOKEN, "--out", path.join(dir, "exported.yaml")],
    );
    expect(code).toBe(0);
    const { legacy, called } = await legacyRoutes(sb);
    expect(called.length).toBeGreaterThan(5);
    expect(legacy).toEqual([]);
  });

  it("seed and report", async () => {
    const conn = { baseUrl: sb.url, token: TOKEN };
    const asOf = Date.UTC(2026, 10, 1);
    await resetStats(sb);
    await seedPortal(conn, blueprint, { seed: 3, deals: 40, contacts: 60, asOf, historyDays: 90 });
    await writeReport(conn, blueprint, path.join(dir, "report"), asOf);
    const { legacy, called } = await legacyRoutes(sb);
    expect(called).toEqual(
      expect.arrayContaining([
        "POST /crm/objects/2026-09/{objectType}/batch/create",
        "GET /crm/objects/2026-09/{objectType}",
        "GET /crm/owners/2026-09",
      ]),
    );
    expect(legacy).toEqual([]);
  });
});
