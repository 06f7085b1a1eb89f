import type { Blueprint } from "../../blueprint/model";
import type { DataTableSpec } from "./data-table";

/**
 * The automation log: the "already fired" marks of a stack's automations, in an n8n data table. Every event an
 * automation sees is claimed by inserting a row keyed `<automation>|<event id>`; the claim with the lowest row id
 * among the rows of that key fires, every other is dropped. n8n's database hands out row ids one insert at a time,
 * so executions that overlap (polls that run long, a retry, several workers in queue mode) all agree which one
 * fires, with nothing to lock. Workflow static data, which n8n saves last-writer-wins when an execution ends, only
 * spares inserts: it is no longer what decides. One table per stack, so two stacks never share a mark.
 *
 * The winning claim's row then records the event's outcome: how many of the automation's actions are done, and
 * whether it is `acting`, `done` or `failed`. An event whose actions did not all succeed is tried again from its
 * first undone action (at once when its execution failed, once its lease ran out when n8n stopped under it), by the
 * claim of the next attempt (`<automation>|<event id>#<attempt>`, the same lowest-id rule; an attempt whose run
 * failed or stopped before recording it counts as made), at most `EVENT_ATTEMPTS` times; then the people the
 * blueprint names for notifications are told. See docs/routing-and-automations.md.
 *
 * A notify action's notification has its own rows, keyed `<automation>|<event id>|<action number>` (the same in
 * every attempt): one per target that took it (`target`: a Slack channel as `slack:#channel`, an address, `webhook`
 * for `revstack:notifyUrl`), written by the notifications workflow (./notify.ts), so an attempt after a refusal sends
 * it only to the targets that did not take it yet.
 */
export const automationLogTable = (bp: Blueprint): DataTableSpec => ({
  name: `revstack ${bp.metadata.name} automation log`,
  columns: EVENT_LOG_COLUMNS,
});

export const EVENT_LOG_COLUMNS: DataTableSpec["columns"] = [
  { name: "event", type: "string" },
  { name: "at", type: "number" },
  { name: "automation", type: "string" },
  { name: "record", type: "string" },
  { name: "state", type: "string" },
  { name: "done", type: "number" },
  { name: "attempts", type: "number" },
  { name: "due", type: "number" },
  { name: "execution", type: "string" },
  { name: "target", type: "string" },
];
