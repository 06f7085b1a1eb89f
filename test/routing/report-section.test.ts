/** The report's routing section, from CRM data built by hand. */
import { describe, expect, it } from "vitest";
import type { CrmData } from "../../src/reporting/data";
import { chartOf } from "../../src/reporting/charts";
import { routingMetrics } from "../../src/reporting/routing";
import { caseSample } from "../../src/routing/cases";
import { SMALL, smallBlueprint, writeProject } from "./fixtures";

const MON = Date.parse("2026-01-05T10:00:00Z");
const MIN = 60_000;
const lead = (id: string, extra: object) => ({ id, createdAt: MON, entered: {}, values: {}, ...extra });

describe("the report's routing section", () => {
  it("shows leads per owner, SLA per rule, unrouted leads and the capacity model at 1× and 2×", async () => {
    const owners = {
      owners: [
        {
          email: "ethan.wright@x.test",
          team: "enterprise",
          workingHours: { start: "09:00", end: "17:00" },
          capacity: { newLeadsPerDay: 2 },
        },
        {
          email: "olivia.brown@x.test",
          team: "mid-market",
          workingHours: { start: "09:00", end: "17:00" },
          capacity: { newLeadsPerDay: 4 },
        },
      ],
    };
    const bp = smallBlueprint(owners);
    // The test cases revstack test runs, from tests/*.yaml beside the blueprint: the model routes their leads.
    const file = writeProject(
      { ...SMALL, ...owners },
      {
        "tests/big.yaml":
          "tests:\n  - name: big\n    lead: { company_size: 5000 }\n    expect: { rule: enterprise-inbound }\n",
      },
    );
    const data: CrmData = {
      asOf: MON + 3 * 60 * MIN,
      deals: [],
      contacts: [
        // Touched after 30 minutes (SLA 1h): met. Untouched after 3 hours: breached. No owner: unrouted.
        lead("1", {
          ownerEmail: "ethan.wright@x.test",
          routingRule: "enterprise-inbound",
          assignedAt: MON,
          firstTouchAt: MON + 30 * MIN,
        }),
        lead("2", { ownerEmail: "ethan.wright@x.test", routingRule: "enterprise-inbound", assignedAt: MON }),
        lead("3", {}),
      ],
    };
    const [load, sla, unrouted, model] = routingMetrics(bp, data, await caseSample(file));
    expect(sla.rows.find((r) => r.label === "enterprise-inbound")).toMatchObject({ value: 0.5, met: 1, breached: 1 });
    expect(unrouted).toMatchObject({ value: 1, definition: "leads without an owner, of 3" });
    expect(load.rows.find((r) => r.label === "ethan.wright@x.test")).toMatchObject({ leadCapacity: 2 });
    // 3 leads in 28 days round up to 1 a day, all enterprise (the tests' one lead): 28 against Ethan's 2 a working
    // day over 4 weeks (40): 70 %; at 2× 56 leads: 140 %.
    expect(model.definition).toContain("the leads of its 1 test case in turn");
    expect(model.rows).toEqual([
      expect.objectContaining({ label: "team enterprise", value: 28 / 40, grown: 56 / 40, leadCapacity: 1 }),
    ]);
    expect(model.notes[1]).toMatch(
      /^At 2× volume \(2 leads a day\), (team enterprise|owner ethan\.wright@x\.test) saturates on day \d+/,
    );
    // And where it breaks: Ethan (team enterprise alone) takes 2 a working day, so 2 a day, every day, exceed
    // his working days so far on Saturday (12 against 10); a team is named before its owner on the same day.
    expect(model.notes[2]).toBe(
      "Breaking point: from 2 leads a day (2.0× this volume), team enterprise saturates, on day 6 (Sat 2026-01-10).",
    );
    expect(chartOf(model)!.datasets.map((d) => d.label)).toEqual(["use %", "use % at 2×"]);
  });

  it("says when the blueprint has no test cases: the model routes leads with no properties", async () => {
    const bp = smallBlueprint();
    const data: CrmData = { asOf: MON, deals: [], contacts: [] };
    const model = routingMetrics(bp, data, await caseSample(writeProject(SMALL)))[3];
    expect(model.definition).toContain("leads with no properties (no test cases)");
    // Every such lead is a fallback lead: team mid-market, none for enterprise.
    expect(model.rows.map((r) => r.label)).toEqual(["team mid-market"]);
  });
});
