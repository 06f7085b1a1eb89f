/**
 * An automation's assignment log as the compiled workflow writes it, without n8n: its Code nodes run here against a
 * data table kept in memory, the Data Table nodes done as n8n does them (an insert answers each row with its id, a
 * bulk insert only the count). A burst of records costs the same few writes as one record, and decides the owners
 * one record at a time would, in log order, whatever write a crash stops before.
 */
import { describe, expect, it } from "vitest";
import { Blueprint } from "../../../src/blueprint/model";
import { compileN8n } from "../../../src/plan/n8n";
import { assignmentLogTable } from "../../../src/plan/n8n/assignment-log";
import { deliveries } from "../../../src/routing/log";
import { fakeTarget } from "../../support/compile";

const REPS = ["ann", "bob", "cat"].map((n) => `${n}@acme.test`);
const bp = Blueprint.parse({
  apiVersion: "revstack/v1",
  kind: "Blueprint",
  metadata: { name: "assign-unit", timezone: "UTC" },
  targets: { automation: "n8n" },
  teams: { success: { manager: "mgr@acme.test", strategy: "round_robin" }, mgmt: { manager: "mgr@acme.test" } },
  owners: [
    ...REPS.map((email) => ({ email, team: "success", timezone: "UTC" })),
    { email: "mgr@acme.test", team: "mgmt", timezone: "UTC" },
  ],
  pipelines: {
    sales: {
      label: "Sales",
      object: "deals",
      stages: [
        { key: "open", label: "Open", probability: 0.1 },
        { key: "won", label: "Won", probability: 1, closed: "won" },
      ],
    },
  },
  automations: [
    {
      key: "hand-over",
      on: { stageEntered: { pipeline: "sales", stage: "won" } },
      do: [{ assignOwner: { team: "success" } }],
    },
  ],
});
const workflow = compileN8n(bp, fakeTarget(bp)).find((w) => w.key === "automation-hand-over")!.definition;
const TABLE = assignmentLogTable(bp, "hand-over").name;
const CRM_OWNERS = [...REPS, "mgr@acme.test"].map((email, i) => ({ id: String(100 + i), email }));

type Json = Record<string, any>;
interface Row {
  id: number;
  leadId: string;
  lead: string;
  at: number;
  reroute: boolean;
  decision: string;
  state: string;
}

const node = (name: string) => {
  const found = workflow.nodes.find((n) => n.name === name);
  if (!found) throw new Error(`no node "${name}"`);
  return found;
};
const outputOf = (items: Json[]) => ({
  all: () => items.map((json) => ({ json })),
  first: () => ({ json: items[0] ?? {} }),
  isExecuted: true,
});
/** An n8n expression (`={{ … }}`) evaluated for one item. */
const expression = (text: string, $: unknown, $json: Json) =>
  new Function("$", "$json", `return (${text.slice(3, -2)});`)($, $json);
/** What an insert writes for one item: its mapped columns, or (autoMapInputData) the item's own fields. */
const written = (name: string, $: unknown, item: Json) => {
  const columns = node(name).parameters.columns as { mappingMode: string; value: Record<string, string> };
  if (columns.mappingMode === "autoMapInputData") return { ...item } as Partial<Row>;
  return Object.fromEntries(Object.entries(columns.value).map(([k, v]) => [k, expression(v, $, item)])) as Partial<Row>;
};

/** Where a run stops: after which of the log's writes n8n went down. */
type Stop = "inserted" | "saved" | undefined;

/** The assignment log of one automation in memory, and the executions that write it (each a poll's records). */
function log() {
  const table: Row[] = [];
  let writes = 0;
  let now = Date.parse("2026-11-23T12:00:00Z");
  const execute = (deals: string[], stop?: Stop) => {
    const out: Record<string, Json[]> = {
      "Fires once": deals.map((id) => ({ id, properties: {} })),
      "Read the owners": [{ body: { results: CRM_OWNERS } }],
    };
    const $ = (name: string) => {
      if (!out[name]) throw new Error(`read of "${name}" before it ran`);
      return outputOf(out[name]);
    };
    const run = (name: string) => {
      out[name] = (new Function("$", node(name).parameters.jsCode as string)($) as { json: Json }[]).map((i) => i.json);
    };
    now += 1000;
    run("The assignments to log");
    writes++;
    out["Log the assignments"] = out["The assignments to log"].map((item) => {
      // The columns the insert leaves out are empty.
      const row = { decision: "", state: "", ...written("Log the assignments", $, { ...item, at: now }) };
      table.push({ ...row, id: table.length + 1 } as Row);
      return table[table.length - 1];
    });
    if (stop === "inserted") return { writes };
    const ids = out["Log the assignments"].map((r) => r.id);
    const base = table.filter((r) => r.id < Math.min(...ids) && r.state).pop();
    out["The newest saved assignment state"] = [base ?? {}];
    out["Read the assignment log"] = table.filter((r) => r.id >= (base?.id ?? 0) && r.id <= Math.max(...ids));
    run("Choose the owners");
    run("The assignment state to save");
    for (const item of out["The assignment state to save"]) {
      writes++;
      Object.assign(table.find((r) => r.id === item.row) ?? {}, {
        decision: item.decision,
        state: item.state,
      });
    }
    if (stop === "saved") return { writes };
    const more = node("More assignments to record?").parameters as Json;
    if (expression(more.conditions.conditions[0].leftValue, $, {})) {
      run("Assignments to record");
      writes++;
      for (const item of out["Assignments to record"])
        table.push({ ...written("Record the assignments", $, item), id: table.length + 1 } as Row);
    }
    const owners = out["Choose the owners"].map((d) => d.decision.owner as string);
    return { writes, owners };
  };
  return { table, execute, writes: () => writes };
}

/** The owners the same deals get one at a time, each in an execution of its own. */
function oneAtATime(deals: string[]): string[] {
  const single = log();
  return deals.flatMap((d) => single.execute([d]).owners!);
}

const DEALS = Array.from({ length: 7 }, (_, i) => `d${i + 1}`);

describe("an automation's assignment log", () => {
  it("writes a burst's assignments in three writes: its rows, the last one's state, the others' decision rows", () => {
    const burst = log();
    expect(burst.execute(DEALS.slice(0, 5)).writes).toBe(3);
    // One record is all on its own row: the rows' insert and the update that saves the state.
    expect(burst.execute(["d6"]).writes).toBe(3 + 2);
    burst.execute(["d1"]); // d1 enters the stage again: a turn of its own
    // Each assignment row's decision, wherever it was recorded: the owners one at a time gives, in log order.
    const assignments = deliveries(burst.table);
    const order = [...DEALS.slice(0, 6), "d1"];
    expect(assignments.map((r) => r.leadId)).toEqual(order);
    expect(assignments.map((r) => JSON.parse(r.decision!).owner)).toEqual(oneAtATime(order));
    expect(oneAtATime(order)).toEqual([...REPS, ...REPS, REPS[0]]);
    // The decision rows name the burst's rows but its last, which holds its own decision and the state after it.
    expect(burst.table.filter((r) => !r.lead).map((r) => JSON.parse(r.decision).row)).toEqual([1, 2, 3, 4]);
  });

  it("decides as one at a time after a crash between its writes, and loses no decision the log had saved", () => {
    for (const stop of ["inserted", "saved"] as const) {
      const crashed = log();
      crashed.execute(DEALS.slice(0, 2));
      crashed.execute(DEALS.slice(2, 5), stop);
      // The crashed rows keep their turns (the event, taken up again, is logged anew: here d3 to d5 again).
      const after = crashed.execute(DEALS.slice(2, 7)).owners!;
      expect(after, stop).toEqual(oneAtATime([...DEALS.slice(0, 5), ...DEALS.slice(2, 7)]).slice(5));
    }
  });

  it("compiles one update of the log (the state after the last row) and one bulk insert of the decisions", () => {
    const writers = workflow.nodes.filter(
      (n) =>
        n.type === "n8n-nodes-base.dataTable" &&
        (n.parameters.dataTableId as { value: string }).value === TABLE &&
        ["insert", "update"].includes(n.parameters.operation as string),
    );
    expect(writers.map((n) => [n.name, n.parameters.operation, n.parameters.options])).toEqual([
      ["Log the assignments", "insert", {}],
      ["Save the assignment state", "update", {}],
      ["Record the assignments", "insert", { optimizeBulk: true }],
    ]);
    // The actions go on after the decision rows, or straight after the state when there are none.
    const to = (from: string) => workflow.connections[from].main.map((o) => (o ?? []).map((c) => c.node));
    expect(to("More assignments to record?")).toEqual([["Assignments to record"], ["Prepare the actions"]]);
    expect(to("Record the assignments")).toEqual([["Prepare the actions"]]);
  });
});
