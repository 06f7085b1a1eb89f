import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Blueprint } from "../../../src/blueprint/model";
import { ROUTING_RUNTIME } from "../../../src/plan/n8n/routing-runtime";
import { DELIVERIES_RUNTIME, LEDGER_RUNTIME } from "../../../src/plan/n8n/routing-log";
import { routingConfig } from "../../../src/plan/n8n/routing";

// The same text the routing Code node runs: route() and the replay over the routing log.
const { route, replayLog, logIncomplete, newestDeliveries } = new Function(
  `${ROUTING_RUNTIME}\n${LEDGER_RUNTIME}\n${DELIVERIES_RUNTIME}\nreturn { route, replayLog, logIncomplete, newestDeliveries };`,
)() as {
  logIncomplete: (rows: Row[], targets: number[], now: number) => boolean;
  newestDeliveries: (rows: Row[]) => Record<string, Row>;
  route: (...args: unknown[]) => { owner: string; rule: string };
  replayLog: (
    ...args: unknown[]
  ) => Record<number, { decision: { owner: string; alreadyRouted?: boolean; unrouted?: string }; state: string }>;
};

const NOON = Date.parse("2026-11-23T12:00:00Z"); // a Monday
const owner = (email: string, team: string, extra: object = {}) => ({ email, team, timezone: "UTC", ...extra });
const bp = Blueprint.parse({
  apiVersion: "revstack/v1",
  kind: "Blueprint",
  metadata: { name: "t", timezone: "UTC" },
  teams: {
    ae: { manager: "m@x.test", strategy: "weighted", weights: { "a@x.test": 1, "b@x.test": 2, "c@x.test": 2 } },
    sdr: { manager: "m@x.test" },
  },
  owners: [
    owner("a@x.test", "ae", { capacity: { newLeadsPerDay: 5 } }),
    owner("b@x.test", "ae"),
    owner("c@x.test", "ae", { capacity: { newLeadsPerDay: 7 } }),
    owner("m@x.test", "sdr"),
    owner("s@x.test", "sdr"),
    owner("t@x.test", "sdr", { capacity: { newLeadsPerDay: 3 } }),
  ],
  routing: [
    {
      key: "uk",
      when: { all: [{ property: "country", op: "in", value: ["UK", "United Kingdom"] }] },
      assign: { team: "ae" },
    },
    { key: "rest", assign: { team: "sdr" } },
  ],
});
const config = routingConfig(bp, {});
const crmOwners = bp.owners.map((o, i) => ({ id: String(100 + i), email: o.email }));

interface Row {
  id: number;
  leadId: string;
  lead: string;
  at: number;
  reroute?: boolean;
  decision?: string;
  state?: string;
}

/** A routing log as the data table holds it: rows in insert order, each execution saving the state after its row. */
function log(leads: Array<{ id: string; country: string }>): Row[] {
  return leads.map((l, i) => ({
    id: i + 1,
    leadId: l.id,
    lead: JSON.stringify({ id: l.id, properties: { country: l.country } }),
    at: NOON + i,
  }));
}

/** What one execution does for its row: read the newest saved state before it and the rows since, replay, save. */
function execute(rows: Row[], target: number, window = 100) {
  const newest = rows.filter((r) => r.id <= target).slice(-window);
  const out = replayLog(config, newest, newest[0].id === 1, crmOwners, [target])[target];
  rows[target - 1].state = out.state;
  return out.decision;
}

function sequential(leads: Array<{ id: string; country: string }>) {
  const state = {};
  const seen = new Map<string, string>();
  return leads.map((l, i) => {
    const known = seen.get(l.id);
    if (known) return known;
    const chosen = route(config, { id: l.id, properties: { country: l.country } }, crmOwners, state, NOON + i).owner;
    seen.set(l.id, chosen);
    return chosen;
  });
}

const leadArb = fc.record({
  id: fc.integer({ min: 1, max: 40 }).map(String),
  country: fc.constantFrom("UK", "united kingdom", "France", " uk "),
});

describe("the routing log", () => {
  it("gives every interleaving of executions the decisions of one lead at a time", () => {
    fc.assert(
      fc.property(fc.array(leadArb, { minLength: 1, maxLength: 60 }), fc.func(fc.integer()), (leads, priority) => {
        const rows = log(leads);
        // Executions finish in any order: each saves its state when it ends, which later ones may start from.
        const order = rows.map((r) => r.id).sort((a, b) => priority(a) - priority(b) || a - b);
        const decided = new Map<number, string>();
        for (const target of order) decided.set(target, execute(rows, target).owner);
        expect(rows.map((r) => decided.get(r.id))).toEqual(sequential(leads));
      }),
      { numRuns: 200 },
    );
  });

  it("decides a batched delivery's rows in one replay as one lead at a time would, duplicates and all", () => {
    fc.assert(
      fc.property(fc.array(leadArb, { minLength: 2, maxLength: 60 }), fc.nat(), (leads, cut) => {
        const rows = log(leads);
        // The rows before the batch were routed one execution each; the batch's rows are decided together.
        const from = 1 + (cut % leads.length);
        const decided = rows.filter((r) => r.id < from).map((r) => execute(rows, r.id).owner);
        const targets = rows.filter((r) => r.id >= from).map((r) => r.id);
        const out = replayLog(config, rows, true, crmOwners, targets);
        expect([...decided, ...targets.map((t) => out[t].decision.owner)]).toEqual(sequential(leads));
      }),
      { numRuns: 100 },
    );
  });

  it("gives a batch's decision rows, one insert after its answer, no turn, and reads each lead's decision off them", () => {
    fc.assert(
      fc.property(fc.array(leadArb, { minLength: 2, maxLength: 40 }), fc.nat(), (leads, cut) => {
        // Two batches: the first's decisions recorded as rows of their own after its rows, then the second logged.
        const from = 1 + (cut % leads.length);
        const first = log(leads.slice(0, from - 1));
        const out = replayLog(
          config,
          first,
          true,
          crmOwners,
          first.map((r) => r.id),
        );
        const decisions: Row[] = first.map((r, k) => ({
          id: first.length + 1 + k,
          leadId: r.leadId,
          lead: "",
          at: r.at,
          decision: JSON.stringify({ ...out[r.id].decision, row: r.id }),
        }));
        const second = log(leads.slice(from - 1)).map((r) => ({ ...r, id: r.id + 2 * first.length }));
        const rows = [...first, ...decisions, ...second];
        const targets = second.map((r) => r.id);
        const late = replayLog(config, rows, true, crmOwners, targets);
        const owners = [...first.map((r) => out[r.id].decision.owner), ...targets.map((t) => late[t].decision.owner)];
        expect(owners).toEqual(sequential(leads));
        // Each lead of the first batch: its newest row there, with the decision its decision row holds.
        const newest = newestDeliveries([...first, ...decisions]);
        for (const row of first.filter((r) => newest[r.leadId].id === r.id))
          expect(JSON.parse(newest[row.leadId].decision!)).toEqual(out[row.id].decision);
      }),
      { numRuns: 100 },
    );
  });

  it("takes a lead's decision from its newest delivery's decision row, not from an older delivery's recorded late", () => {
    const lead = JSON.stringify({ id: "7", properties: {} });
    const decided = (row: number, to: string) => JSON.stringify({ contactId: "7", owner: to, row });
    const rows: Row[] = [
      { id: 1, leadId: "7", lead, at: NOON },
      { id: 2, leadId: "7", lead: "", at: NOON, decision: decided(1, "a") },
      // Re-routed: a new delivery, then an execution slow to record its decision for the first one.
      { id: 3, leadId: "7", lead, at: NOON + 1, reroute: true },
      { id: 4, leadId: "7", lead: "", at: NOON, decision: decided(1, "a") },
    ];
    expect(newestDeliveries(rows)["7"]).toMatchObject({ id: 3, decision: "" });
    rows.push({ id: 5, leadId: "7", lead: "", at: NOON + 1, decision: decided(3, "b") });
    expect(newestDeliveries(rows)["7"]).toMatchObject({
      id: 3,
      decision: JSON.stringify({ contactId: "7", owner: "b" }),
    });
    // A decision recorded on the delivery's own row (one lead at a time) is that row's.
    expect(newestDeliveries([{ ...rows[0], decision: "x" }])["7"].decision).toBe("x");
  });

  it("decides an automation's assignOwner rows by the rule each names, polls overlapping in any order, as one at a time", () => {
    // Two assignOwner actions (ae, then sdr) per record: each row names its action's rule; every row is a new turn.
    const assigning = {
      ...config,
      rules: ["ae", "sdr"].map((team, i) => ({ key: `assign-${i + 1}`, assign: { team } })),
    };
    const record = fc.record({
      id: fc.integer({ min: 1, max: 20 }).map(String),
      country: fc.constantFrom("UK", "France"),
    });
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.func(fc.integer()),
        (records, cuts, priority) => {
          const rows: Row[] = records.flatMap((r, i) =>
            [1, 2].map((n) => ({
              id: 2 * i + n,
              leadId: r.id,
              at: NOON + i,
              reroute: true,
              lead: JSON.stringify({ id: r.id, properties: { country: r.country }, rule: `assign-${n}` }),
            })),
          );
          // Each poll logs a run of consecutive rows; polls end in any order, each saving the state after its last row.
          const bounds = [...new Set([0, ...cuts.map((c) => c % rows.length), rows.length])].sort((a, b) => a - b);
          const polls = bounds.slice(1).map((end, i) => rows.slice(bounds[i], end).map((r) => r.id));
          const decided = new Map<number, string>();
          for (const targets of [...polls].sort((a, b) => priority(a[0]) - priority(b[0]))) {
            const out = replayLog(assigning, rows, true, crmOwners, targets);
            for (const t of targets) decided.set(t, out[t].decision.owner);
            rows[targets[targets.length - 1] - 1].state = out[targets[targets.length - 1]].state;
          }
          const state = {};
          const one = (row: Row) => {
            const lead = JSON.parse(row.lead);
            const rules = assigning.rules.filter((r) => r.key === lead.rule);
            return route({ ...assigning, rules }, lead, crmOwners, state, row.at).owner;
          };
          expect(rows.map((r) => decided.get(r.id))).toEqual(rows.map(one));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("keeps a re-delivered lead's owner, says so, and re-routes only when asked", () => {
    const rows = log([
      { id: "1", country: "UK" },
      { id: "2", country: "UK" },
      { id: "1", country: "UK" },
    ]);
    const first = execute(rows, 1);
    execute(rows, 2);
    const again = execute(rows, 3);
    expect(again).toMatchObject({ owner: first.owner, alreadyRouted: true });
    rows.push({ ...rows[0], id: 4, reroute: true, at: NOON + 4 });
    const rerouted = execute(rows, 4);
    expect(rerouted.alreadyRouted).toBeUndefined();
    expect(rerouted.owner).not.toBe(first.owner);
  });

  it("starts from the newest saved state among the rows it reads, and says so when none is there", () => {
    const rows = log(Array.from({ length: 12 }, (_, i) => ({ id: `L${i}`, country: "France" })));
    const sequentialOwners = rows.map((r) => execute(rows, r.id).owner);
    // Only the states of the first 4 rows are kept: row 12 replays 5..12 from row 4's.
    for (const r of rows.slice(4)) delete r.state;
    expect(execute(rows, 12, 9).owner).toBe(sequentialOwners[11]);
    for (const r of rows) delete r.state;
    expect(() => execute(rows, 12, 9)).toThrow("routing log: no saved state in the 9 rows before row 12");
  });

  it("never passes a capacity, whatever order executions end in", () => {
    const leads = Array.from({ length: 40 }, (_, i) => ({ id: `L${i}`, country: "France" }));
    const rows = log(leads);
    for (const target of rows.map((r) => r.id).reverse()) execute(rows, target);
    const owners = rows.map((r) => execute(rows, r.id).owner);
    expect(owners.filter((o) => o === "t@x.test")).toHaveLength(3);
  });

  it("waits for a row whose id came before a recent one (PostgreSQL commits out of order), not for an old hole", () => {
    const rows = log(Array.from({ length: 6 }, (_, i) => ({ id: `L${i}`, country: "France" })));
    execute(rows, 2); // row 2 keeps the state after it
    const withHole = rows.filter((r) => r.id !== 4);
    // Row 5 was logged 100 ms ago and row 4 is not visible: wait for it.
    expect(logIncomplete(withHole, [6], NOON + 4 + 100)).toBe(true);
    // Ten seconds on, row 4's insert failed: its id is never used.
    expect(logIncomplete(withHole, [6], NOON + 4 + 10_000)).toBe(false);
    // A hole before the newest saved state is not read; no hole, nothing to wait for.
    expect(
      logIncomplete(
        rows.filter((r) => r.id !== 1),
        [6],
        NOON,
      ),
    ).toBe(false);
    expect(logIncomplete(rows, [6], NOON)).toBe(false);
  });

  it("compares text as HubSpot does: case-insensitively", () => {
    const rows = log([
      { id: "1", country: "united kingdom" },
      { id: "2", country: "uk" },
    ]);
    expect(
      [execute(rows, 1), execute(rows, 2)].map((d) => ["a@x.test", "b@x.test", "c@x.test"].includes(d.owner)),
    ).toEqual([true, true]);
  });
});
