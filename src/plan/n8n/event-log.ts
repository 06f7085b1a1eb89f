import type { Blueprint } from "../../blueprint/model";
import { code } from "./nodes";
import { insertRow, readRows, type DataTableSpec } from "./data-table";
import type { WorkflowBuilder } from "./workflow-builder";

/**
 * The automation log: the "already fired" marks of a stack's automations, in an n8n data table. Every event an
 * automation sees is claimed by inserting a row keyed `<automation>|<event id>`; the claim with the lowest row id
 * among the rows of that key fires, every other is dropped. n8n's database hands out row ids one insert at a time,
 * so executions that overlap (polls that run long, a retry, several workers in queue mode) all agree which one
 * fires, with nothing to lock. Workflow static data, which n8n saves last-writer-wins when an execution ends, only
 * spares inserts: it is no longer what decides. One table per stack, so two stacks never share a mark.
 */
export const automationLogTable = (bp: Blueprint): DataTableSpec => ({
  name: `revstack ${bp.metadata.name} automation log`,
  columns: EVENT_LOG_COLUMNS,
});

export const EVENT_LOG_COLUMNS: DataTableSpec["columns"] = [
  { name: "event", type: "string" },
  { name: "at", type: "number" },
];

const CLAIM = "Claim the event";
const FIRST = "First claim of the event";
const FIRES = "Fires once";

/**
 * Claim → read the first claim of each event → keep the records whose claim is that first one. `records` is the
 * Code node whose items carry `event`, the event's id within the automation (see ./runtime/events.js); the nodes
 * go in columns from `column`. Returns the last node and the next free column.
 */
export function fireOnce(wf: WorkflowBuilder, bp: Blueprint, automationKey: string, records: string, column: number) {
  const table = automationLogTable(bp).name;
  const claim = wf.add(
    insertRow(CLAIM, table, {
      event: `={{ ${JSON.stringify(`${automationKey}|`)} + $json.event }}`,
      at: "={{ Date.now() }}",
    }),
    column,
  );
  const first = wf.add(
    readRows(FIRST, table, [{ keyName: "event", condition: "eq", keyValue: "={{ $json.event }}" }], ["id", "ASC"], 1),
    column + 1,
  );
  const fires = wf.add(
    code(
      FIRES,
      [
        `const first = {};`,
        `for (const r of $input.all().map((i) => i.json)) if (r.id !== undefined && !(first[r.event] <= r.id)) first[r.event] = r.id;`,
        `const claims = $('${CLAIM}').all().map((i) => i.json);`,
        // Claims pair one to one, in order, with the records they were inserted for.
        `return $('${records}').all().filter((_, i) => claims[i] && first[claims[i].event] === claims[i].id);`,
        ``,
      ].join("\n"),
    ),
    column + 2,
  );
  wf.chain(records, claim, first, fires);
  return { last: fires, column: column + 3 };
}
