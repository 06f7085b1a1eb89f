/** The capacity model on a team small enough to work out by hand. */
import * as path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { Blueprint } from "../../src/blueprint/model";
import { register as capacity } from "../../src/cli/commands/capacity";
import { breakingPoint, simulate } from "../../src/routing/capacity";
import { runCommands } from "../review/cli";
import { SMALL, writeProject } from "./fixtures";

// Two SDRs in UTC, Monday–Friday 09:00–17:00, 10 new leads a day each (48 working minutes a lead), round robin.
const owner = (email: string) => ({
  email,
  team: "sdr",
  workingHours: { start: "09:00", end: "17:00" },
  capacity: { newLeadsPerDay: 10 },
});
const bp = Blueprint.parse({
  apiVersion: "revstack/v1",
  kind: "Blueprint",
  metadata: { name: "small", timezone: "UTC" },
  teams: { sdr: { manager: "a@x.test" } },
  owners: [owner("a@x.test"), owner("b@x.test")],
  routing: [{ key: "everyone", assign: { team: "sdr" }, sla: { firstTouch: "1bd" } }],
});
const ROOT = path.resolve(__dirname, "..", "..");
const MONDAY = Date.parse("2026-01-05T00:00:00Z");

describe("the capacity model", () => {
  it("saturates the team on the first day its leads so far exceed what its working days so far can take", () => {
    // 15 leads a day, every day, one every 96 minutes from 00:48. Capacity: 20 a working day, none at weekends.
    // Leads so far vs capacity so far: Mon 15/20 … Fri 75/100, Sat 90/100, Sun 105/100: day 7.
    const sim = simulate(bp, { start: MONDAY, days: 7, leadsPerDay: 15, mix: [{ properties: {} }] });
    // Round robin alternates: a gets leads 1, 3, …, 105 (53), b 52; each can take 50 in the week.
    expect(sim.owners["a@x.test"]).toMatchObject({ leads: 53, capacity: 50, saturatesOn: 7 });
    expect(sim.owners["b@x.test"]).toMatchObject({ leads: 52, capacity: 50, saturatesOn: 7 });
    // Weekdays keep up (about 7.5 leads each a day against 10). The 34 leads from Friday 17:00 on wait for
    // Monday: all due Monday 17:00 (one business day), each owner starts 10 of their 17 on Monday, 7 miss.
    expect(sim.teams.sdr).toEqual({
      leads: 105,
      capacity: 100,
      backlog: 34,
      withSla: 105,
      metSla: 91,
      saturatesOn: 7,
    });
    expect(sim.first).toEqual({ kind: "team", name: "sdr", day: 7 });
    expect(sim.unrouted).toBe(0);
  });

  it("at twice the volume the team saturates on day 1", () => {
    // 30 a day against 20: after 20, both are at capacity and routing.js gives the rest to the fallback anyway.
    const sim = simulate(bp, { start: MONDAY, days: 7, leadsPerDay: 30, mix: [{ properties: {} }] });
    expect(sim.first).toEqual({ kind: "team", name: "sdr", day: 1 });
    expect(sim.teams.sdr.leads).toBe(210);
  });

  it("finds the breaking point: the lowest volume at which something saturates, from below and from above", () => {
    // A week takes 100 leads: 14 a day (98) hold, 15 a day (105) saturate the team on day 7; owner a's 53rd
    // lead falls on the same day, and teams come first.
    const expected = { leadsPerDay: 15, first: { kind: "team", name: "sdr", day: 7 } };
    for (const leadsPerDay of [10, 40]) {
      const sim = simulate(bp, { start: MONDAY, days: 7, leadsPerDay, mix: [{ properties: {} }] });
      expect(breakingPoint(bp, sim)).toEqual(expected);
    }
  });

  it("never saturates a team below capacity", () => {
    const sim = simulate(bp, { start: MONDAY, days: 5, leadsPerDay: 10, mix: [{ properties: {} }] });
    expect(sim.teams.sdr.saturatesOn).toBeUndefined();
    expect(sim.first).toBeUndefined();
  });
});

describe("revstack capacity", () => {
  it("scales the volume by the growth factor and says when nothing saturates", async () => {
    const file = writeProject(SMALL);
    const result = await runCommands(
      [capacity],
      ["capacity", file, "--leads-per-day", "5", "--growth", "2x", "--days", "7", "--from", "2026-01-05"],
    );
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain(
      "### Capacity: 7 days, Mon 2026-01-05 to Sun 2026-01-11 (as --from says), 10 leads a day (leads with no properties (no test cases))",
    );
    // Every lead is a fallback lead for Olivia, who has no stated capacity: nothing saturates.
    expect(result.stdout).toContain("At 2× volume (10 leads a day), no team or owner saturates");
    expect(result.code).toBe(0);
  });

  it("gives the same bytes on any day without --from: the inputs fix the period, and the output names it", async () => {
    const demo = path.join(ROOT, "blueprints", "base.yaml");
    const leads = writeProject(SMALL, {
      "leads.jsonl": ["2026-01-05T10:00:00Z", "2026-01-21T16:00:00Z", "2026-02-04T09:30:00Z"]
        .map((t, i) => JSON.stringify({ id: String(i + 1), createdAt: t, properties: { company_size: "1200" } }))
        .join("\n"),
    });
    const runs = [
      {
        args: [demo, "--growth", "2x", "--days", "7"],
        period: "Mon 2026-01-05 to Sun 2026-01-11 (the week of the test cases",
      },
      {
        args: [leads, "--leads", path.join(path.dirname(leads), "leads.jsonl")],
        period: "Mon 2026-02-09 to Sun 2026-03-08 (the Monday after the last lead)",
      },
    ];
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      for (const { args, period } of runs) {
        const seen: string[] = [];
        for (const clock of ["2026-03-11T08:00:00Z", "2027-07-04T23:59:00Z"]) {
          vi.setSystemTime(new Date(clock));
          const result = await runCommands([capacity], ["capacity", ...args]);
          expect(result).toMatchObject({ code: 0, stderr: "" });
          seen.push(result.stdout);
        }
        expect(seen[0]).toContain(period);
        expect(seen[1]).toBe(seen[0]);
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it("on the demo blueprint, 1x fits, and it names the breaking point: Sam, covering Emma's leave, from 1.6x", async () => {
    const demo = path.join(ROOT, "blueprints", "base.yaml");
    const today = await runCommands([capacity], ["capacity", demo]);
    for (const line of [
      "At 42 leads a day, no team or owner saturates; enterprise-inbound first-touch SLA falls to 35 %.",
      "Breaking point: from 66 leads a day (1.6× this volume), owner sam.lee@acme.test saturates, on day 14 (Sun 2026-01-18).",
    ]) {
      expect(today.stdout).toContain(`\n${line}\n`);
    }
    const grown = await runCommands([capacity], ["capacity", demo, "--growth", "2x"]);
    expect(grown.stdout).toContain(
      "\nAt 2× volume (84 leads a day), owner sam.lee@acme.test saturates on day 6 (Sat 2026-01-10); " +
        "high-intent-score first-touch SLA falls to 7 %.\n",
    );
    for (const row of [
      "| customer-success | 168 | 200 | 84 % | 12 | 59 % | — |",
      "| enterprise-ae | 336 | 360 | 93 % | 23 | 15 % | — |",
      "| inbound-sdr | 1344 | 1240 | 108 % | 278 | 31 % | day 7 |",
      "| mid-market-ae | 504 | 560 | 90 % | 37 | 13 % | — |",
      "| sam.lee@acme.test | 1034 | 800 | 129 % | 256 | 15 % | day 6 |",
    ]) {
      expect(grown.stdout).toContain(row);
    }
  });

  it("refuses a growth that is not a factor, and --stack until the portal read exists: exit 1", async () => {
    const file = writeProject(SMALL);
    expect(await runCommands([capacity], ["capacity", file, "--growth", "double"])).toMatchObject({
      code: 1,
      stderr: 'revstack capacity: --growth must be a number above 0, found "double"\n',
    });
    expect((await runCommands([capacity], ["capacity", file, "--stack", "dev"])).code).toBe(1);
  });
});
