/**
 * An automation's retry runs as the compiled workflow does them, without n8n: from its retry trigger, the nodes run
 * in n8n's v1 order (a node's children top to bottom, each branch to its end), the Code nodes and expressions as
 * n8n runs them, the Data Table nodes against an automation log kept in memory. A run can stop (n8n went down) or
 * fail (then its Error Trigger runs) after any node: whatever happens to a retry run, the event is tried again by a
 * later one, never by two runs for one attempt, and given up after the bound, the people named told once.
 */
import { describe, expect, it } from "vitest";
import { Blueprint } from "../../../src/blueprint/model";
import { compileN8n } from "../../../src/plan/n8n";
import { ACTION_LEASE_MS, EVENT_ATTEMPTS } from "../../../src/plan/n8n/event-log";
import { fakeTarget } from "../../support/compile";

const bp = Blueprint.parse({
  apiVersion: "revstack/v1",
  kind: "Blueprint",
  metadata: { name: "attempts", timezone: "UTC" },
  owners: [{ email: "ann@acme.test", timezone: "UTC" }],
  teams: { sales: { manager: "mgr@acme.test" } },
  pipelines: {
    closing: {
      label: "Closing",
      object: "deals",
      stages: [
        { key: "open", label: "Open", probability: 0.1 },
        { key: "won", label: "Won", probability: 1 },
      ],
    },
  },
  automations: [
    {
      key: "kickoff",
      on: { stageEntered: { pipeline: "closing", stage: "won" } },
      do: [{ createTask: { title: "Kickoff", for: "owner" } }, { setProperty: { property: "kickoff", value: "yes" } }],
    },
  ],
});
const def = compileN8n(bp, fakeTarget(bp)).find((w) => w.key === "automation-kickoff")!.definition;

type Json = Record<string, any>;
type Item = { json: Json };
const COLUMNS = ["event", "at", "automation", "record", "state", "done", "attempts", "due", "execution", "target"];
/** Where the run's events go on to the automation's actions, or to the people told: this file stops there. */
const ENDS = ["Events tried again", "Events given up"];

const node = (name: string) => {
  const found = def.nodes.find((n) => n.name === name);
  if (!found) throw new Error(`no node "${name}"`);
  return found;
};
/** `name`'s children, in the order n8n's v1 order runs them: top to bottom, then left to right. */
const children = (name: string) =>
  (def.connections[name]?.main ?? [])
    .flatMap((targets, output) => targets.map((t) => ({ name: t.node, output })))
    .sort(
      (a, b) =>
        node(a.name).position[1] - node(b.name).position[1] || node(a.name).position[0] - node(b.name).position[0],
    );

class Stopped extends Error {}
class Failed extends Error {}

/** The automation log in memory, a clock, and the runs of the compiled workflow against them. */
function automationLog() {
  const rows: Json[] = [];
  let clock = Date.parse("2026-12-07T12:00:00Z");
  let executions = 100;
  const Clock = { now: () => clock };

  const expression = (text: unknown, $: unknown, $json: Json, execution: string): any => {
    const match = /^=\{\{([\s\S]*)\}\}$/.exec(String(text));
    if (!match) return text;
    return new Function("$", "$json", "$execution", "Date", `return (${match[1]});`)(
      $,
      $json,
      { id: execution },
      Clock,
    );
  };
  const same = (a: unknown, b: unknown) => a !== null && a !== undefined && String(a) === String(b);
  const matches = (row: Json, conditions: Json[], $: unknown, item: Json, execution: string) =>
    conditions.every((c) => {
      const value = expression(c.keyValue, $, item, execution);
      if (c.condition === "eq") return same(row[c.keyName], value);
      if (c.condition === "lt") return row[c.keyName] !== null && row[c.keyName] < value;
      throw new Error(`condition ${c.condition} not done here`);
    });

  /** One node on its input items, as n8n runs it; its output items by output. */
  const runNode = (name: string, input: Json[], $: unknown, execution: string): Json[][] => {
    const n = node(name);
    const p = n.parameters as Json;
    const $input = { all: () => input.map((json) => ({ json })) };
    if (n.type === "n8n-nodes-base.code") {
      const out = new Function("$", "$input", "Date", p.jsCode)($, $input, Clock) as Item[];
      return [out.map((i) => i.json)];
    }
    if (n.type === "n8n-nodes-base.if") {
      const holds = (json: Json) => expression(p.conditions.conditions[0].leftValue, $, json, execution);
      return [input.filter(holds), input.filter((json) => !holds(json))];
    }
    if (n.type !== "n8n-nodes-base.dataTable") throw new Error(`node ${name} (${n.type}) not done here`);
    const conditions = p.filters?.conditions ?? [];
    const values = (item: Json) =>
      Object.fromEntries(
        Object.entries(p.columns?.value ?? {}).map(([k, v]) => [k, expression(v, $, item, execution)]),
      );
    if (p.operation === "get") {
      const out = input.flatMap((item) => {
        const found = rows.filter((r) => matches(r, conditions, $, item, execution));
        const [column, direction] = [p.orderByColumn as string, p.orderByDirection === "DESC" ? -1 : 1];
        found.sort((a, b) => (a[column] - b[column]) * direction);
        return (p.returnAll ? found : found.slice(0, p.limit)).map((r) => ({ ...r }));
      });
      return [out.length === 0 && n.alwaysOutputData ? [{}] : out];
    }
    if (p.operation === "insert") {
      return [
        input.map((item) => {
          const row = { ...Object.fromEntries(COLUMNS.map((c) => [c, null])), ...values(item), id: rows.length + 1 };
          rows.push(row);
          return { ...row };
        }),
      ];
    }
    if (p.operation === "update") {
      return [
        input.flatMap((item) =>
          rows
            .filter((r) => matches(r, conditions, $, item, execution))
            .map((r) => ({ ...Object.assign(r, values(item)) })),
        ),
      ];
    }
    throw new Error(`operation ${p.operation} not done here`);
  };

  /**
   * One execution from `trigger`: each node's children on its output, each branch to its end. It stops (n8n went
   * down) or fails (its Error Trigger runs) right after the node `stop` or `fail` names.
   */
  const execute = (trigger: string, json: Json, how: { stop?: string; fail?: string } = {}) => {
    const execution = String(++executions);
    const out: Record<string, Json[]> = {};
    const $ = (name: string) => {
      if (!out[name]) throw new Error(`read of "${name}" before it ran`);
      return {
        all: () => out[name].map((j) => ({ json: j })),
        first: () => ({ json: out[name][0] }),
        isExecuted: true,
      };
    };
    const visit = (name: string, input: Json[]) => {
      if (ENDS.includes(name) && name !== trigger) {
        out[name] = runNode(name, input, $, execution)[0];
        return;
      }
      const outputs = name === trigger ? [[json]] : runNode(name, input, $, execution);
      out[name] = outputs[0];
      if (how.stop === name) throw new Stopped(name);
      if (how.fail === name) throw new Failed(name);
      for (const child of children(name)) if (outputs[child.output]?.length) visit(child.name, outputs[child.output]);
    };
    try {
      visit(trigger, []);
    } catch (e) {
      if (e instanceof Failed) execute("When an execution fails", { execution: { id: execution } });
      else if (!(e instanceof Stopped)) throw e;
    }
    return { execution, tried: out["Events tried again"] ?? [], givenUp: out["Events given up"] ?? [] };
  };

  return {
    rows,
    later: (ms: number) => (clock += ms),
    now: () => clock,
    /** A retry run (the retry trigger fired), stopped or failed where `how` says. */
    retry: (how?: { stop?: string; fail?: string }) => execute("Every retry interval", {}, how),
    /** An event whose first attempt's execution failed after `done` actions: due at once (addRetryOnFailure). */
    failedEvent: (deal: string, done: number) => {
      rows.push({
        ...Object.fromEntries(COLUMNS.map((c) => [c, null])),
        id: rows.length + 1,
        event: `kickoff|${deal}:entered@2026-12-07T11:00:00.000Z`,
        at: clock,
        automation: "kickoff",
        record: JSON.stringify({ object: "deals", id: deal, properties: {} }),
        state: "acting",
        done,
        attempts: 1,
        due: clock - 1,
        execution: "1",
      });
      clock += 1000;
      return rows[rows.length - 1];
    },
    /** One node on `items`, outside any execution (nothing else ran). */
    node: (name: string, items: Json[]) =>
      runNode(
        name,
        items,
        () => {
          throw new Error("no other node ran");
        },
        "0",
      )[0],
    /** The execution acting on an event fails (its action refused): its Error Trigger leaves it due. */
    actionFails: (execution: string) => execute("When an execution fails", { execution: { id: execution } }),
  };
}

const RETRY = 10_000;

describe("an event's next attempt", () => {
  it("claimed by a retry run that n8n stopped before it recorded it: taken up once the claim's lease ran out", () => {
    const log = automationLog();
    const event = log.failedEvent("12", 1);
    log.retry({ stop: "Claim the next attempt" });
    // The run may still be alive: its attempt is not taken from it (nor counted) while its claim's lease runs.
    log.later(RETRY);
    expect(log.retry().tried).toEqual([]);
    expect(event).toMatchObject({ state: "acting", attempts: 1 });
    log.later(ACTION_LEASE_MS);
    // Its lease ran out: the attempt it claimed counts as made, and the next run takes up the one after it.
    expect(log.retry().tried).toEqual([]);
    expect(event).toMatchObject({ state: "acting", attempts: 2 });
    log.later(RETRY);
    const run = log.retry();
    expect(run.tried).toEqual([{ object: "deals", id: "12", properties: {}, claim: event.id, done: 1 }]);
    expect(event).toMatchObject({ state: "acting", attempts: 3, execution: run.execution });
    // It is not taken up again while that attempt runs.
    log.later(RETRY);
    expect(log.retry().tried).toEqual([]);
  });

  it("claimed by a retry run that failed before it recorded it: taken up by the run after next, with no lease to wait", () => {
    for (const fail of ["Claim the next attempt", "First claim of the next attempt"]) {
      const log = automationLog();
      const event = log.failedEvent("12", 1);
      log.retry({ fail });
      log.later(RETRY);
      expect(log.retry().tried).toEqual([]);
      expect(event).toMatchObject({ attempts: 2 });
      log.later(RETRY);
      expect(log.retry().tried.map((r) => r.id)).toEqual(["12"]);
      expect(event).toMatchObject({ attempts: 3 });
    }
  });

  it("lost on every place of a run does not keep the other due events from being tried", () => {
    const log = automationLog();
    const stuck = Array.from({ length: 20 }, (_, i) => log.failedEvent(String(100 + i), 0));
    log.retry({ fail: "First claim of the next attempt" });
    const waiting = log.failedEvent("200", 0);
    log.later(RETRY);
    log.retry();
    log.later(RETRY);
    expect(log.retry().tried.map((r) => r.id)).toEqual(stuck.map((r) => JSON.parse(r.record).id));
    log.later(RETRY);
    expect(log.retry().tried.map((r) => r.id)).toEqual(["200"]);
    expect(waiting).toMatchObject({ attempts: 2 });
  });

  it("is made at most once per attempt number, the lost ones counted: at most the bound in all, then the people named are told once", () => {
    const log = automationLog();
    const event = log.failedEvent("12", 1);
    let told = 0;
    const made: number[] = [];
    // Retry runs that stop, then fail, before recording, in turn with attempts that fail (an action refused).
    for (let run = 0; run < 40; run++) {
      log.later(RETRY);
      const how = [{ stop: "Claim the next attempt" }, { fail: "Next attempts once" }, {}][run % 3];
      const r = log.retry(how);
      if (how.stop) log.later(ACTION_LEASE_MS);
      told += r.givenUp.length;
      if (r.tried.length) made.push(event.attempts);
      if (r.tried.length) log.actionFails(r.execution);
    }
    // Attempts 2 and 4 lost (claimed, never recorded), 3 and 5 made, each by one run; the claim of giving up (6) lost
    // too, then given up (7): the first attempt and these two, never more than the bound.
    expect(made).toEqual([3, 5]);
    expect(1 + made.length).toBeLessThanOrEqual(EVENT_ATTEMPTS);
    expect(told).toBe(1);
    expect(event).toMatchObject({ state: "failed", attempts: 7 });
  });

  it("counted lost by a run that read the event before another run recorded that attempt: the count changes nothing", () => {
    const log = automationLog();
    const event = log.failedEvent("12", 1);
    log.later(RETRY);
    const run = log.retry();
    expect(event).toMatchObject({ attempts: 2, execution: run.execution });
    const recorded = { ...event };
    // The item a run that read the event at 1 attempt would count lost: attempt 2. Only the attempts count is
    // written, and only on a row still at 1.
    expect(log.node("Count the lost attempts", [{ ...recorded, attempts: 2 }])).toEqual([]);
    expect(event).toEqual(recorded);
    expect(Object.keys((node("Count the lost attempts").parameters as Json).columns.value)).toEqual(["attempts"]);
  });
});
