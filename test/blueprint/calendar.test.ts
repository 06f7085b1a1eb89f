import { describe, expect, it } from "vitest";
import {
  awayAt,
  explainWallDue,
  explainWorkingDue,
  ownerCalendar,
  workingDaysBetween,
  workingDue,
} from "../../src/blueprint/calendar";
import { slaDuration } from "../../src/blueprint/duration";
import { ROUTING_RUNTIME } from "../../src/plan/n8n/routing-runtime";
import { routingConfig } from "../../src/plan/n8n/routing";
import { computeMetrics } from "../../src/reporting/metrics";
import type { Contact } from "../../src/reporting/data";
import { calendarBlueprint as bp, calendarCases } from "../support/calendar-cases";

const owner = (email: string) => bp.owners.find((o) => o.email === email)!;
const ruleOf = (key: string) => bp.routing.find((r) => r.key === key)!;
// The text the routing Code node carries (it starts with the calendar), evaluated as n8n evaluates it.
const route = new Function(`${ROUTING_RUNTIME}\nreturn route;`)() as (...args: unknown[]) => any;
const crmOwners = bp.owners.map((o, i) => ({ id: String(100 + i), email: o.email }));

describe("working calendars: hand-computed SLA due times", () => {
  it.each(calendarCases)("$what", (c) => {
    const decision = route(
      routingConfig(bp, {}),
      { id: "L", properties: { case: c.lead } },
      crmOwners,
      {},
      Date.parse(c.at),
    );
    expect(decision.rule).toBe(c.rule);
    expect(decision.owner).toBe(c.owner);
    expect(decision.sla.dueAt).toBe(c.due);
    // The calendar module the report uses gives the same instant.
    const due = workingDue(
      ownerCalendar(bp, owner(c.owner)),
      Date.parse(c.at),
      slaDuration(ruleOf(c.rule).sla!.firstTouch),
    );
    expect(new Date(due!).toISOString()).toBe(c.due);
  });

  // The same hand-computed cases, explained in the owner's zone: each gap the clock skips, and why.
  const explained: Record<string, string> = {
    "anna-1bd@2026-11-20T16:00:00Z":
      "due Mon 2026-11-23 16:00 Europe/London: 1 business day (8 working hours) from Fri 2026-11-20 16:00, in working hours 09:00–17:00 Mon–Fri; skipping 17:00–09:00, Sat 2026-11-21–Sun 2026-11-22 (days off)",
    "ben-4h@2026-11-25T20:00:00Z":
      "due Fri 2026-11-27 11:00 America/New_York: 4 working hours from Wed 2026-11-25 15:00, in working hours 09:00–17:00 Mon–Fri; skipping 17:00–09:00, Thu 2026-11-26 (holiday)",
    "anna-1bd@2026-12-24T13:00:00Z":
      "due Tue 2026-12-29 13:00 Europe/London: 1 business day (8 working hours) from Thu 2026-12-24 13:00, in working hours 09:00–17:00 Mon–Fri; skipping 17:00–09:00, Fri 2026-12-25 (holiday), Sat 2026-12-26–Sun 2026-12-27 (days off), Mon 2026-12-28 (holiday)",
    "anna-1bd4h@2026-11-30T15:00:00Z":
      "due Mon 2026-12-07 11:00 Europe/London: 1 business day (8 working hours) and 4 working hours from Mon 2026-11-30 15:00, in working hours 09:00–17:00 Mon–Fri; skipping 17:00–09:00, Tue 2026-12-01–Thu 2026-12-03 (away), Sat 2026-12-05–Sun 2026-12-06 (days off)",
  };
  it.each(calendarCases.filter((c) => `${c.lead}@${c.at}` in explained))("explains: $what", (c) => {
    const cal = ownerCalendar(bp, owner(c.owner));
    const text = explainWorkingDue(cal, Date.parse(c.at), slaDuration(ruleOf(c.rule).sla!.firstTouch));
    expect(text).toBe(explained[`${c.lead}@${c.at}`]);
  });

  it("explains a wait for the working day, and a wall-clock SLA", () => {
    const ben = ownerCalendar(bp, owner("ben@x.test"));
    // 07:00 New York: the clock starts at 09:00.
    expect(explainWorkingDue(ben, Date.parse("2026-12-02T12:00:00Z"), { businessDays: 0, minutes: 30 })).toBe(
      "due Wed 2026-12-02 09:30 America/New_York: 30 working minutes from Wed 2026-12-02 07:00, in working hours 09:00–17:00 Mon–Fri; waiting until Wed 2026-12-02 09:00",
    );
    expect(explainWallDue(ben, Date.parse("2026-12-04T21:30:00Z"), 240)).toBe(
      "due Fri 2026-12-04 20:30 America/New_York: 240 minutes of wall-clock time from Fri 2026-12-04 16:30 (businessHours: false: nights, weekends and holidays count)",
    );
  });

  it("merges the blueprint's, the team's and the owner's holidays, and reads absences by local date", () => {
    const ben = ownerCalendar(bp, owner("ben@x.test"));
    expect(ben).toMatchObject({
      timezone: "America/New_York",
      days: [1, 2, 3, 4, 5],
      start: 540,
      end: 1020,
      off: ["2026-11-26", "2026-12-25", "2026-12-28"],
      away: false,
    });
    const anna = ownerCalendar(bp, owner("anna@x.test"));
    expect(anna.timezone).toBe("Europe/London");
    expect(awayAt(anna, Date.parse("2026-11-30T23:59:00Z"))).toBe(false);
    expect(awayAt(anna, Date.parse("2026-12-01T00:00:00Z"))).toBe(true);
    expect(awayAt(anna, Date.parse("2026-12-03T23:59:00Z"))).toBe(true); // `until` is the last day away
    expect(awayAt(anna, Date.parse("2026-12-04T00:00:00Z"))).toBe(false);
  });

  it("counts working days without holidays and absences (capacity's days)", () => {
    const anna = ownerCalendar(bp, owner("anna@x.test"));
    // Mon 30 Nov – Sun 6 Dec: Monday and Friday (away Tuesday to Thursday).
    expect(workingDaysBetween(anna, Date.parse("2026-11-30T00:00:00Z"), Date.parse("2026-12-07T00:00:00Z"))).toBe(2);
    // Mon 21 – Sun 27 Dec: Christmas Day is off.
    expect(workingDaysBetween(anna, Date.parse("2026-12-21T00:00:00Z"), Date.parse("2026-12-28T00:00:00Z"))).toBe(4);
  });

  it("the sla metric judges the same cases: touched at the due time is met, a minute later breached", () => {
    const metricBp = { ...bp, reporting: { metrics: [{ key: "sla", type: "sla" as const }] } };
    const lead = (c: (typeof calendarCases)[number], i: number, late: number): Contact => ({
      id: `${i}-${late}`,
      createdAt: Date.parse(c.at),
      ownerEmail: c.owner,
      entered: {},
      values: {},
      routingRule: c.rule,
      assignedAt: Date.parse(c.at),
      firstTouchAt: Date.parse(c.due) + late * 60_000,
    });
    const contacts = calendarCases.flatMap((c, i) => [lead(c, i, 0), lead(c, i, 1)]);
    const [m] = computeMetrics(metricBp, { deals: [], contacts, asOf: Date.parse("2027-01-01T00:00:00Z") });
    expect(m.rows.map((r) => [r.label, r.met, r.breached])).toEqual(
      bp.routing.map((r) => [
        r.key,
        calendarCases.filter((c) => c.rule === r.key).length,
        calendarCases.filter((c) => c.rule === r.key).length,
      ]),
    );
    expect(m.value).toBe(0.5);
  });

  it("capacity divides a week's new leads by the owner's working days in it", () => {
    const capBp = {
      ...bp,
      owners: bp.owners.map((o) => (o.email === "anna@x.test" ? { ...o, capacity: { newLeadsPerDay: 4 } } : o)),
      reporting: { metrics: [{ key: "cap", type: "capacity" as const, team: "uk" }] },
    };
    const contacts: Contact[] = [
      "2026-11-30T10:00:00Z",
      "2026-11-30T11:00:00Z",
      "2026-12-04T10:00:00Z",
      "2026-12-04T12:00:00Z",
    ].map((at, i) => ({
      id: String(i),
      createdAt: Date.parse(at),
      ownerEmail: "anna@x.test",
      entered: {},
      values: {},
      assignedAt: Date.parse(at),
    }));
    const [m] = computeMetrics(capBp, { deals: [], contacts, asOf: Date.parse("2026-12-07T00:00:00Z") });
    // 4 leads over 2 working days (three days away) = 2 a day, half of her 4.
    expect(m.rows.find((r) => r.label === "anna@x.test")).toMatchObject({ newLeadsPerDay: 2, value: 0.5 });
  });
});
