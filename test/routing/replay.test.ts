/** The routing impact: fixed leads through the base and the changed routing, answers worked out by hand. */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { register as plan } from "../../src/cli/commands/plan";
import { NO_LEADS } from "../../src/routing/impact-markdown";
import { byArrival, readLeads, type Lead } from "../../src/routing/leads";
import { routingImpact } from "../../src/routing/replay";
import { runCommands } from "../review/cli";
import { TempRepo } from "../review/git-repo";
import { SMALL, smallBlueprint } from "./fixtures";

const at = (iso: string) => Date.parse(iso);
const lead = (id: string, iso: string, company_size: number): Lead => ({
  id,
  createdAt: at(iso),
  properties: { company_size: String(company_size) },
});

// Both owners work 09:00–17:00 UTC. Monday 5 and Tuesday 6 January 2026.
const LEADS = [
  lead("L1", "2026-01-05T10:00:00Z", 1200),
  lead("L2", "2026-01-05T10:01:00Z", 600),
  lead("L3", "2026-01-05T10:02:00Z", 700),
  lead("L4", "2026-01-05T10:03:00Z", 10),
  lead("L5", "2026-01-06T10:04:00Z", 800),
];

// The change: enterprise starts at 500 employees, and Ethan takes at most 2 new leads a day.
const base = smallBlueprint();
const head = smallBlueprint({
  owners: [{ ...SMALL.owners[0], capacity: { newLeadsPerDay: 2 } }, SMALL.owners[1]],
  routing: [
    { ...SMALL.routing[0], when: { all: [{ property: "company_size", op: "gte", value: 500 }] } },
    SMALL.routing[1],
  ],
});

describe("routing impact", () => {
  it("counts what changes rule, team and owner, per rule, team and owner, with SLA moves", () => {
    // Base: L1 enterprise (Ethan), L2–L5 fallback (Olivia).
    // Head: L1, L2 enterprise (Ethan, now full for Monday), L3 would be enterprise but Ethan is at capacity, so the
    // next matching rule (the fallback) takes it; L4 fallback; L5 on Tuesday enterprise (a new day for Ethan).
    const impact = routingImpact(base, head, LEADS);
    expect(impact.leads).toBe(5);
    expect(impact.changed).toEqual({ rule: 2, team: 2, owner: 2 });
    expect(impact.rules).toEqual({
      "enterprise-inbound": { before: 1, after: 3, gained: 2, lost: 0 },
      fallback: { before: 4, after: 2, gained: 0, lost: 2 },
    });
    expect(impact.teams).toEqual({
      enterprise: { before: 1, after: 3, gained: 2, lost: 0 },
      "mid-market": { before: 4, after: 2, gained: 0, lost: 2 },
    });
    expect(impact.owners).toEqual({
      "ethan.wright@x.test": { capacity: 2, peakBefore: 1, peakAfter: 2, daysOverBefore: 0, daysOverAfter: 0 },
      "olivia.brown@x.test": { capacity: undefined, peakBefore: 3, peakAfter: 2, daysOverBefore: 0, daysOverAfter: 0 },
    });
    // L2: fallback 1bd (8 working hours) due Tue 10:01 → enterprise 1h due Mon 11:01: 23 hours earlier. L5 alike;
    // L2 comes first, so it is the example, each due time with its reason.
    expect(impact.sla).toEqual({
      moved: 2,
      later: 0,
      earlier: 2,
      intoWeekend: 0,
      medianShiftMinutes: -23 * 60,
      largest: {
        lead: "L2",
        before:
          "fallback → olivia.brown@x.test, due Tue 2026-01-06 10:01 UTC: 1 business day (8 working hours) from Mon 2026-01-05 10:01, in working hours 09:00–17:00 Mon–Fri; skipping 17:00–09:00",
        after:
          "enterprise-inbound → ethan.wright@x.test, due Mon 2026-01-05 11:01 UTC: 1 working hour from Mon 2026-01-05 10:01, in working hours 09:00–17:00 Mon–Fri",
      },
    });
    expect(impact.fallback).toEqual({ before: 4, after: 2 });
    expect(impact.overCapacity).toEqual({ before: 0, after: 0 });
    expect(impact.unrouted).toEqual({ before: 0, after: 0 });
  });

  it("says when a due time moves into a weekend", () => {
    // Friday 16:30: 1h of working time is due Monday 09:30; a wall-clock day is due Saturday 16:30.
    const wall = smallBlueprint({
      routing: [SMALL.routing[0], { ...SMALL.routing[1], sla: { firstTouch: "1d", businessHours: false } }],
    });
    const hour = smallBlueprint({ routing: [SMALL.routing[0], { ...SMALL.routing[1], sla: { firstTouch: "1h" } }] });
    const impact = routingImpact(hour, wall, [lead("F", "2026-01-09T16:30:00Z", 10)]);
    expect(impact.sla).toMatchObject({ moved: 1, later: 0, earlier: 1, intoWeekend: 1, medianShiftMinutes: -41 * 60 });
    expect(impact.sla.largest?.after).toBe(
      "fallback → olivia.brown@x.test, due Sat 2026-01-10 16:30 UTC: 1440 minutes of wall-clock time from Fri 2026-01-09 16:30 (businessHours: false: nights, weekends and holidays count)",
    );
  });

  it("is the same for the same leads in any order", () => {
    const once = routingImpact(base, head, byArrival([...LEADS]));
    const shuffled = routingImpact(base, head, byArrival([LEADS[3], LEADS[0], LEADS[4], LEADS[2], LEADS[1]]));
    expect(shuffled).toEqual(once);
  });

  it("reads the same leads from JSONL and from CSV, and says where a line is wrong", async () => {
    const dir = tmpdir();
    const jsonl = path.join(dir, `leads-${process.pid}.jsonl`);
    const csv = path.join(dir, `leads-${process.pid}.csv`);
    writeFileSync(
      jsonl,
      LEADS.map((l) =>
        JSON.stringify({ id: l.id, createdAt: new Date(l.createdAt).toISOString(), properties: l.properties }),
      ).join("\n"),
    );
    writeFileSync(
      csv,
      [
        "id,createdAt,company_size,note",
        ...LEADS.map(
          (l, i) => `${l.id},${new Date(l.createdAt).toISOString()},${l.properties.company_size},"a, ""quoted""${i}"`,
        ),
      ].join("\r\n"),
    );
    const fromJsonl = await readLeads(jsonl);
    const fromCsv = await readLeads(csv);
    expect(fromJsonl).toEqual(LEADS);
    expect(fromCsv.map(({ id, createdAt, properties }) => ({ id, createdAt, size: properties.company_size }))).toEqual(
      LEADS.map(({ id, createdAt, properties }) => ({ id, createdAt, size: properties.company_size })),
    );
    expect(fromCsv[2].properties.note).toBe('a, "quoted"2');
    writeFileSync(jsonl, '{"id": "1", "createdAt": "2026-01-05T10:00:00Z"}\n{"id": 2, "createdAt": "soon"}\n');
    await expect(readLeads(jsonl)).rejects.toThrow(`${jsonl}:2:1: createdAt "soon" is not a date and time`);
  });
});

describe("revstack plan --leads", () => {
  it("adds the impact table to the plan; without leads it says what it would need", async () => {
    const repo = new TempRepo();
    try {
      repo.commit("base", { "routing.yaml": YAML.stringify(SMALL) });
      const file = repo.write("routing.yaml", YAML.stringify({ ...SMALL, routing: head.routing }));
      const leads = repo.write(
        "leads.jsonl",
        LEADS.map((l) => JSON.stringify({ ...l, createdAt: new Date(l.createdAt).toISOString() })).join("\n"),
      );
      const withLeads = await runCommands([plan], ["plan", file, "--format", "markdown", "--leads", leads]);
      expect(withLeads.code).toBe(0);
      expect(withLeads.stdout).toContain(`### Routing impact: 5 leads from ${leads} replayed`);
      expect(withLeads.stdout).toContain("| enterprise-inbound | 1 | 4 | +3 | 3 | 0 |");
      const without = await runCommands([plan], ["plan", file]);
      expect(without.stdout).toContain(NO_LEADS);
      const missing = await runCommands([plan], ["plan", file, "--leads", repo.path("nope.csv")]);
      expect(missing).toMatchObject({
        code: 1,
        stderr: `revstack plan: cannot read ${repo.path("nope.csv")}: no such file\n`,
      });
    } finally {
      repo.remove();
    }
  });
});

describe("routing impact on list membership", () => {
  it("reads the lists each lead is in from JSONL and CSV, and refuses leads that do not say", async () => {
    const lists = { icp: { name: "Enterprise ICP", type: "manual" } };
    const onList = {
      ...SMALL,
      lists,
      routing: [{ ...SMALL.routing[0], when: { all: [{ list: "icp", op: "in" }] } }, SMALL.routing[1]],
    };
    const repo = new TempRepo();
    try {
      repo.commit("base", { "routing.yaml": YAML.stringify({ ...SMALL, lists }) });
      const file = repo.write("routing.yaml", YAML.stringify(onList));
      // L2 and L3 are in the list: they move from the fallback (under 1000 employees) to enterprise; L1 leaves it.
      const inList = new Set(["L2", "L3"]);
      const iso = (l: Lead) => new Date(l.createdAt).toISOString();
      const jsonl = repo.write(
        "leads.jsonl",
        LEADS.map((l) => JSON.stringify({ ...l, createdAt: iso(l), lists: inList.has(l.id) ? ["icp"] : [] })).join(
          "\n",
        ),
      );
      const csv = repo.write(
        "leads.csv",
        [
          "id,createdAt,company_size,lists",
          ...LEADS.map((l) => `${l.id},${iso(l)},${l.properties.company_size},${inList.has(l.id) ? "icp" : ""}`),
        ].join("\n"),
      );
      for (const leads of [jsonl, csv]) {
        const result = await runCommands([plan], ["plan", file, "--format", "markdown", "--leads", leads]);
        expect(result.stderr).toBe("");
        expect(result.stdout).toContain("3 leads change rule, 3 change team, 3 change owner.");
      }
      expect((await readLeads(csv)).map((l) => l.lists)).toEqual([[], ["icp"], ["icp"], [], []]);
      const unknown = repo.write(
        "unknown.jsonl",
        LEADS.map((l) => JSON.stringify({ ...l, createdAt: iso(l) })).join("\n"),
      );
      const refused = await runCommands([plan], ["plan", file, "--leads", unknown]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        `the routing rules test membership of list icp, and 5 of the 5 leads of ${unknown} do not say which lists they are in (the first: L1)`,
      );
    } finally {
      repo.remove();
    }
  });
});
