import { describe, expect, it } from "vitest";
import { Blueprint } from "../../../src/blueprint/model";
import { ROUTING_RUNTIME } from "../../../src/plan/n8n/routing-runtime";
import { routingConfig } from "../../../src/plan/n8n/routing";

// The same source the Code node runs, evaluated here so assignment can be checked without n8n.
const route = new Function(`${ROUTING_RUNTIME}\nreturn route;`)() as (...args: unknown[]) => any;

const owner = (email: string, team: string, extra: object = {}) => ({ email, team, timezone: "UTC", ...extra });
const blueprint = (over: object) =>
  Blueprint.parse({
    apiVersion: "revstack/v1",
    kind: "Blueprint",
    metadata: { name: "t", timezone: "UTC" },
    ...over,
  });
const crmOwners = (bp: Blueprint) => bp.owners.map((o, i) => ({ id: String(100 + i), email: o.email }));
const NOON = Date.parse("2026-11-23T12:00:00Z"); // a Monday

/** Routes `n` leads one after another through the same state, like successive executions. */
function routeMany(bp: Blueprint, leads: Record<string, string>[], now = NOON) {
  const config = routingConfig(bp, {});
  const state = {};
  return leads.map((properties, i) => route(config, { id: `L${i}`, properties }, crmOwners(bp), state, now));
}
const tally = (decisions: { owner: string }[]) =>
  decisions.reduce<Record<string, number>>((acc, d) => ({ ...acc, [d.owner]: (acc[d.owner] ?? 0) + 1 }), {});
const leads = (n: number, properties: Record<string, string> = {}) => Array.from({ length: n }, () => properties);

describe("routing in the Code node", () => {
  it("routes on list membership from the lead's list keys: in, not in, and no lists read as in none", () => {
    const bp = blueprint({
      lists: { icp: { name: "Enterprise ICP", when: { all: [{ property: "country", op: "eq", value: "DE" }] } } },
      teams: { ae: { manager: "a@x.test" }, sdr: { manager: "s@x.test" } },
      owners: [owner("a@x.test", "ae"), owner("s@x.test", "sdr")],
      routing: [
        { key: "icp", when: { all: [{ list: "icp", op: "in" }] }, assign: { team: "ae" } },
        { key: "rest", assign: { team: "sdr" } },
      ],
    });
    const config = routingConfig(bp, {});
    const lead = (lists?: string[]) =>
      route(config, { id: "L", properties: { country: "DE" }, lists }, crmOwners(bp), {}, NOON).rule;
    expect([lead(["icp"]), lead(["other"]), lead([]), lead(undefined)]).toEqual(["icp", "rest", "rest", "rest"]);
    const notIn = {
      ...config,
      rules: [{ ...config.rules[0], when: { all: [{ list: "icp", op: "not_in" }] } }, config.rules[1]],
    };
    const routeNotIn = (lists: string[]) =>
      route(notIn, { id: "L", properties: {}, lists }, crmOwners(bp), {}, NOON).rule;
    expect([routeNotIn(["icp"]), routeNotIn([])]).toEqual(["rest", "icp"]);
  });

  it("splits leads by weight, exactly over whole cycles", () => {
    const bp = blueprint({
      teams: {
        ae: { manager: "m@x.test", strategy: "weighted", weights: { "a@x.test": 2, "b@x.test": 1, "c@x.test": 1 } },
      },
      owners: [owner("a@x.test", "ae"), owner("b@x.test", "ae"), owner("c@x.test", "ae"), owner("m@x.test", "ae")],
      routing: [{ key: "all", assign: { team: "ae" } }],
    });
    // m has no weight: weight 1. Total 5: a gets 2 of every 5.
    expect(tally(routeMany(bp, leads(100)))).toEqual({
      "a@x.test": 40,
      "b@x.test": 20,
      "c@x.test": 20,
      "m@x.test": 20,
    });
  });

  it("sends an absent owner's round-robin turn to the backup", () => {
    const bp = blueprint({
      teams: { sdr: { manager: "m@x.test" } },
      owners: [
        owner("a@x.test", "sdr"),
        owner("b@x.test", "sdr", { away: true, backup: "c@x.test" }),
        owner("c@x.test", "sdr"),
      ],
      routing: [{ key: "all", assign: { team: "sdr" } }],
    });
    const decisions = routeMany(bp, leads(6));
    expect(decisions.map((d) => d.owner)).toEqual([
      "a@x.test",
      "c@x.test",
      "c@x.test",
      "a@x.test",
      "c@x.test",
      "c@x.test",
    ]);
    expect(decisions[1]).toMatchObject({ owner: "c@x.test", coveringFor: "b@x.test", ownerId: "102" });
  });

  it("skips an owner at capacity, falls back when the rule's team is full, and never drops a lead", () => {
    const bp = blueprint({
      teams: { ent: { manager: "m@x.test" }, sdr: { manager: "m@x.test" } },
      owners: [
        owner("a@x.test", "ent", { capacity: { newLeadsPerDay: 1 } }),
        owner("b@x.test", "ent", { capacity: { newLeadsPerDay: 2 } }),
        owner("s@x.test", "sdr", { capacity: { newLeadsPerDay: 2 } }),
      ],
      routing: [
        {
          key: "big",
          when: { all: [{ property: "numberofemployees", op: "gte", value: 1000 }] },
          assign: { team: "ent" },
        },
        { key: "fallback", assign: { team: "sdr" } },
      ],
    });
    const decisions = routeMany(bp, leads(7, { numberofemployees: "5000" }));
    expect(decisions.map((d) => `${d.rule}:${d.owner}`)).toEqual([
      "big:a@x.test",
      "big:b@x.test",
      "big:b@x.test", // a is full after one
      "fallback:s@x.test",
      "fallback:s@x.test",
      "fallback:s@x.test", // everyone full: the fallback takes it anyway, flagged
      "fallback:s@x.test",
    ]);
    expect(decisions.slice(0, 5).some((d) => d.overCapacity)).toBe(false);
    expect(decisions[5].overCapacity).toBe(true);
  });

  it("counts capacity per day in the owner's time zone", () => {
    const bp = blueprint({
      teams: { sdr: { manager: "a@x.test" } },
      owners: [owner("a@x.test", "sdr", { capacity: { newLeadsPerDay: 1 } }), owner("b@x.test", "sdr")],
      routing: [{ key: "all", assign: { team: "sdr", strategy: "capacity" } }],
    });
    const config = routingConfig(bp, {});
    const state = {};
    const at = (iso: string) => route(config, { id: "L", properties: {} }, crmOwners(bp), state, Date.parse(iso)).owner;
    expect(at("2026-11-23T10:00:00Z")).toBe("a@x.test");
    expect(at("2026-11-23T11:00:00Z")).toBe("b@x.test");
    expect(at("2026-11-23T12:00:00Z")).toBe("b@x.test"); // a is full today, b has no limit
    expect(at("2026-11-24T09:00:00Z")).toBe("a@x.test"); // a new day
  });

  it("matches rules in order on the CRM's string values, and routes territories to their owners", () => {
    const bp = blueprint({
      teams: {
        ent: { manager: "m@x.test", strategy: "territory", territoryProperty: "state" },
        sdr: { manager: "m@x.test" },
      },
      owners: [
        owner("ny@x.test", "ent", { territories: ["NY", "NJ"] }),
        owner("ca@x.test", "ent", { territories: ["CA"] }),
        owner("s@x.test", "sdr"),
      ],
      routing: [
        {
          key: "customer",
          when: { all: [{ property: "is_customer", op: "eq", value: true }] },
          assign: { owner: "s@x.test" },
        },
        {
          key: "us",
          when: { any: [{ property: "country", op: "in", value: ["United States", "US"] }] },
          assign: { team: "ent" },
        },
        { key: "fallback", assign: { team: "sdr" } },
      ],
    });
    const [customer, ny, ca, elsewhere, unknownState] = routeMany(bp, [
      { is_customer: "true", country: "US", state: "NY" },
      { is_customer: "false", country: "United States", state: "nj" },
      { country: "US", state: "CA" },
      { country: "Germany" },
      { country: "US", state: "TX" },
    ]);
    expect([customer.rule, customer.owner]).toEqual(["customer", "s@x.test"]);
    expect([ny.rule, ny.owner]).toEqual(["us", "ny@x.test"]);
    expect(ca.owner).toBe("ca@x.test");
    expect([elsewhere.rule, elsewhere.owner]).toEqual(["fallback", "s@x.test"]);
    expect(unknownState.rule).toBe("us"); // no territory owner: the whole team takes turns
  });

  it("sets the SLA deadline in the assignee's working hours and resolves who a breach goes to", () => {
    const bp = blueprint({
      teams: { sdr: { manager: "m@x.test" } },
      owners: [
        owner("a@x.test", "sdr", {
          timezone: "America/New_York",
          workingHours: { start: "08:00", end: "17:00" },
          backup: "b@x.test",
        }),
        owner("b@x.test", "sdr"),
        owner("m@x.test", "mgmt"),
      ],
      routing: [
        {
          key: "all",
          assign: { owner: "a@x.test" },
          sla: {
            firstTouch: "1h",
            onBreach: { escalateTo: "manager", reassignTo: "backup", notify: ["owner", "slack:#sales"] },
          },
        },
      ],
    });
    // Friday 16:30 in New York: 30 minutes left today, the other 30 on Monday from 08:00.
    const [d] = routeMany(bp, leads(1), Date.parse("2026-11-20T21:30:00Z"));
    expect(d.sla).toEqual({
      firstTouch: "1h",
      dueAt: "2026-11-23T13:30:00.000Z",
      reassignTo: { email: "b@x.test", id: "101" },
      escalateTo: "m@x.test",
      notify: ["a@x.test", "slack:#sales"],
    });
  });

  it("takes a team as backup to mean someone else in that team", () => {
    const bp = blueprint({
      teams: { sdr: { manager: "m@x.test" } },
      owners: [owner("a@x.test", "sdr", { backup: "sdr" }), owner("b@x.test", "sdr"), owner("m@x.test", "mgmt")],
      routing: [
        {
          key: "all",
          assign: { owner: "a@x.test" },
          sla: { firstTouch: "1h", businessHours: false, onBreach: { reassignTo: "backup" } },
        },
      ],
    });
    expect(routeMany(bp, leads(1))[0].sla.reassignTo).toEqual({ email: "b@x.test", id: "101" });
  });

  it("says clearly when no owner exists in the CRM", () => {
    const bp = blueprint({
      teams: { sdr: { manager: "m@x.test" } },
      owners: [owner("a@x.test", "sdr")],
      routing: [{ key: "all", assign: { team: "sdr" } }],
    });
    expect(() => route(routingConfig(bp, {}), { id: "L1", properties: {} }, [], {}, NOON)).toThrow(
      /no owner available for lead L1/,
    );
  });
});
