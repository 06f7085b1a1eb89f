// SLA due times worked out by hand, for owners in two time zones, across a weekend, holidays (the blueprint's
// and a team's) and a dated absence. The calendar unit tests, the sla metric test and the real-n8n test all
// check these same cases.
import { Blueprint } from "../../src/blueprint/model";

export const calendarBlueprint = Blueprint.parse({
  apiVersion: "revstack/v1",
  kind: "Blueprint",
  metadata: { name: "cal", timezone: "Europe/London" },
  holidays: ["2026-12-25", "2026-12-28"],
  teams: {
    uk: { manager: "anna@x.test" },
    us: { manager: "ben@x.test", holidays: ["2026-11-26"] },
  },
  owners: [
    {
      email: "anna@x.test",
      team: "uk",
      backup: "ben@x.test",
      workingHours: { start: "09:00", end: "17:00" },
      away: { from: "2026-12-01", until: "2026-12-03" },
    },
    {
      email: "ben@x.test",
      team: "us",
      timezone: "America/New_York",
      workingHours: { start: "09:00", end: "17:00" },
    },
  ],
  routing: [
    {
      key: "to-anna-4h",
      when: { all: [{ property: "case", op: "eq", value: "anna-4h" }] },
      assign: { owner: "anna@x.test" },
      sla: { firstTouch: "4h" },
    },
    {
      key: "to-anna-1bd",
      when: { all: [{ property: "case", op: "eq", value: "anna-1bd" }] },
      assign: { owner: "anna@x.test" },
      sla: { firstTouch: "1bd" },
    },
    {
      key: "to-anna-1bd4h",
      when: { all: [{ property: "case", op: "eq", value: "anna-1bd4h" }] },
      assign: { owner: "anna@x.test" },
      sla: { firstTouch: "1bd4h" },
    },
    {
      key: "to-ben-4h",
      when: { all: [{ property: "case", op: "eq", value: "ben-4h" }] },
      assign: { owner: "ben@x.test" },
      sla: { firstTouch: "4h" },
    },
    { key: "to-ben-1bd", assign: { owner: "ben@x.test" }, sla: { firstTouch: "1bd" } },
  ],
});

export interface CalendarCase {
  what: string;
  /** The `case` property of the lead, which picks the routing rule. */
  lead: string;
  rule: string;
  at: string;
  owner: string;
  due: string;
}

export const calendarCases: CalendarCase[] = [
  // London is on GMT (UTC+0) in November and December; New York on EST (UTC-5).
  {
    what: "a weekend: Friday 16:00 London + 1bd (8 h) = 1 h on Friday + 7 h from Monday 09:00",
    lead: "anna-1bd",
    rule: "to-anna-1bd",
    at: "2026-11-20T16:00:00Z",
    owner: "anna@x.test",
    due: "2026-11-23T16:00:00.000Z",
  },
  {
    what: "a team holiday (Thanksgiving): Wednesday 15:00 New York + 4h = 2 h on Wednesday, Thursday off, 2 h on Friday",
    lead: "ben-4h",
    rule: "to-ben-4h",
    at: "2026-11-25T20:00:00Z",
    owner: "ben@x.test",
    due: "2026-11-27T16:00:00.000Z",
  },
  {
    what: "blueprint holidays and a weekend: Thursday 24 Dec 13:00 London + 1bd = 4 h, then Fri 25, Sat, Sun, Mon 28 off, 4 h on Tuesday",
    lead: "anna-1bd",
    rule: "to-anna-1bd",
    at: "2026-12-24T13:00:00Z",
    owner: "anna@x.test",
    due: "2026-12-29T13:00:00.000Z",
  },
  {
    what: "a dated absence: Monday 30 Nov 15:00 London + 1bd4h (12 h) = 2 h, away Tue–Thu, 8 h on Friday, 2 h on Monday",
    lead: "anna-1bd4h",
    rule: "to-anna-1bd4h",
    at: "2026-11-30T15:00:00Z",
    owner: "anna@x.test",
    due: "2026-12-07T11:00:00.000Z",
  },
  {
    what: "during the absence the backup in New York takes the lead: Wednesday 2 Dec 09:00 New York + 4h = 13:00 New York",
    lead: "anna-4h",
    rule: "to-anna-4h",
    at: "2026-12-02T14:00:00Z",
    owner: "ben@x.test",
    due: "2026-12-02T18:00:00.000Z",
  },
  {
    what: "after the absence she takes it again, with no blueprint edit: Friday 4 Dec 10:00 London + 4h = 14:00",
    lead: "anna-4h",
    rule: "to-anna-4h",
    at: "2026-12-04T10:00:00Z",
    owner: "anna@x.test",
    due: "2026-12-04T14:00:00.000Z",
  },
  {
    what: "a weekend in New York: Friday 16:30 New York + 1bd = 30 min, then 7 h 30 from Monday 09:00",
    lead: "ben-1bd",
    rule: "to-ben-1bd",
    at: "2026-12-04T21:30:00Z",
    owner: "ben@x.test",
    due: "2026-12-07T21:30:00.000Z",
  },
];
