/** The report's routing section, from CRM data built by hand. */
import { describe, expect, it } from "vitest";
import type { CrmData } from "../../src/reporting/data";
import { chartOf } from "../../src/reporting/charts";
import { routingMetrics } from "../../src/reporting/routing";
import { smallBlueprint } from "./fixtures";

const MON = Date.parse("2026-01-05T10:00:00Z");
const MIN = 60_000;
const lead = (id: string, extra: object) => ({ id, createdAt: MON, entered: {}, values: {}, ...extra });

describe("the report's routing section", () => {
  it("shows leads per owner, SLA per rule, unrouted leads and the capacity model at 1× and 2×", () => {
    const bp = smallBlueprint({
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
      tests: [{ name: "big", lead: { company_size: 5000 }, expect: { rule: "enterprise-inbound" } }],
    });
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
    const [load, sla, unrouted, model] = routingMetrics(bp, data);
    expect(sla.rows.find((r) => r.label === "enterprise-inbound")).toMatchObject({ value: 0.5, met: 1, breached: 1 });
    expect(unrouted).toMatchObject({ value: 1, definition: "leads without an owner, of 3" });
    expect(load.rows.find((r) => r.label === "ethan.wright@x.test")).toMatchObject({ leadCapacity: 2 });
    // 3 leads in 28 days round up to 1 a day, all enterprise (the tests' one lead): 28 against Ethan's 2 a working
    // day over 4 weeks (40): 70 %; at 2× 56 leads: 140 %.
    expect(model.rows).toEqual([
      expect.objectContaining({ label: "team enterprise", value: 28 / 40, grown: 56 / 40, leadCapacity: 1 }),
    ]);
    expect(model.notes[1]).toMatch(
      /^At 2× volume \(2 leads a day\), (team enterprise|owner ethan\.wright@x\.test) saturates on day \d+/,
    );
    expect(chartOf(model)!.datasets.map((d) => d.label)).toEqual(["use %", "use % at 2×"]);
  });
});
