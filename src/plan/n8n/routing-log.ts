import type { Blueprint } from "../../blueprint/model";
import { insertItems, insertRow, readRows, updateRows, type DataTableSpec } from "./data-table";
import { runtimeSource } from "./runtime-source";
import { code, ifTrue, waitFor } from "./nodes";
import { answerOf } from "./rate-limits";
import { leadLists, routingLists } from "./list-memberships";
import type { NodeSpec } from "./workflow-builder";

/**
 * The routing log: one row per accepted lead, in an n8n data table. n8n's database gives each insert the next id
 * one insert at a time, so the ids order the leads; each decision is route() replayed over that order from the
 * newest saved state (./runtime/ledger.js). Overlapping executions thus agree on every round-robin turn, weight
 * and capacity count, with no lock to wait for and nothing to install: workflow static data, which n8n saves
 * last-writer-wins, is not used. The log is also the routing history (`revstack routing log`) and the record a
 * re-delivered lead is recognised by.
 */
export const routingLogTable = (bp: Blueprint): DataTableSpec => ({
  name: `revstack ${bp.metadata.name} routing log`,
  columns: LOG_COLUMNS,
});

export const LOG_COLUMNS: DataTableSpec["columns"] = [
  { name: "leadId", type: "string" },
  { name: "lead", type: "string" },
  { name: "at", type: "number" },
  { name: "reroute", type: "boolean" },
  { name: "decision", type: "string" },
  { name: "state", type: "string" },
];

/** The replay that runs in the Code node after route() (ROUTING_RUNTIME). */
export const LEDGER_RUNTIME = runtimeSource("ledger.js");

/** newestDeliveries(rows): each lead's newest row in the log with its decision, wherever it was recorded. */
export const DELIVERIES_RUNTIME = runtimeSource("deliveries.js");

/** Node names the routing workflow's expressions refer to. */
export const LOG = {
  read: "Read the lead's rows in the routing log",
  find: "Find the lead in the routing log",
  first: "First delivery?",
  insert: "Log the lead",
  base: "The newest saved state before the lead",
  rows: "Read the routing log",
  record: "Record the decision",
  complete: "Log complete?",
  wait: "Wait for the rows before it",
};

/** The Code node's decision as the CRM, the SLA timer and the caller see it: without the saved state. */
export const DECISION = "(({ state, alreadyRouted, ...d }) => d)($('Choose the owner').first().json)";

/** The row this delivery is decided by: the one it logged, or the lead's latest row when it was logged before. */
const TARGET = `($('${LOG.insert}').isExecuted ? $('${LOG.insert}').first().json.id : $('${LOG.find}').first().json.id)`;

/**
 * Every 10th row keeps the routing state after it: a replay is at most 10 rows plus the executions still running,
 * and the log grows by about 1 KB per lead (n8n's data tables hold 200 MB by default).
 */
export const SAVE_EVERY = 10;

/** The keys of the lists the lead is in, when the rules test any (./list-memberships.ts). */
const leadListsOf = (bp: Blueprint): string => (routingLists(bp).keys.length > 0 ? `, lists: ${leadLists}` : "");

/**
 * The log nodes, in order: read the lead's rows → find its newest delivery → first delivery? → log it → read the
 * newest saved state before its row, and the rows from it up to its row. However far back that state is (a burst of
 * batches saves one per batch, and their decision rows come after), as the batch reads it (replayReads).
 */
export function logNodes(bp: Blueprint, contactId: string): Record<keyof typeof LOG, NodeSpec> {
  const table = routingLogTable(bp).name;
  return {
    read: readRows(
      LOG.read,
      table,
      [{ keyName: "leadId", condition: "eq", keyValue: `={{ ${contactId} }}` }],
      ["id", "DESC"],
      0,
    ),
    // Its decision may be on a row a batch recorded (./routing-batch.ts): one item, empty for a lead never logged.
    find: code(
      LOG.find,
      `${DELIVERIES_RUNTIME}\nreturn [{ json: newestDeliveries($input.all().map((i) => i.json))[${contactId}] || {} }];\n`,
    ),
    // Logged again: a new lead, a re-route asked for, or a lead that could not be routed last time (it is retried).
    first: ifTrue(
      LOG.first,
      `!$json.id || $('Well-formed?').first().json.body.reroute === true || String($json.decision || "").includes('"unrouted"')`,
    ),
    insert: insertRow(LOG.insert, table, {
      leadId: `={{ ${contactId} }}`,
      lead: `={{ JSON.stringify({ id: ${answerOf("Read the lead")}.id, properties: ${answerOf("Read the lead")}.properties${leadListsOf(bp)} }) }}`,
      at: "={{ Date.now() }}",
      reroute: `={{ $('Well-formed?').first().json.body.reroute === true }}`,
    }),
    ...replayReads(table, LOG, TARGET, TARGET),
    complete: ifTrue(LOG.complete, "!$json.logIncomplete"),
    wait: waitFor(LOG.wait, 0.25),
    record: updateRows(LOG.record, table, [{ keyName: "id", condition: "eq", keyValue: `={{ ${TARGET} }}` }], {
      decision: `={{ JSON.stringify(${DECISION}) }}`,
      // A re-delivery keeps the state its row saved (a batch's last row saves one whatever its id).
      state: `={{ ${TARGET} % ${SAVE_EVERY} === 0 || (!$('${LOG.insert}').isExecuted && $('${LOG.find}').first().json.state) ? $('Choose the owner').first().json.state : "" }}`,
    }),
  };
}

/** The Code node's body after the runtimes: the decision for this delivery's row. */
export function chooseFromLog(): string {
  return [
    `const owners = ${answerOf("Read the owners")}.results || [];`,
    `const target = ${TARGET};`,
    `const known = $('${LOG.find}').first().json;`,
    `const again = !$('${LOG.insert}').isExecuted;`,
    // A lead routed before keeps the owner its row records.
    `if (again && known.decision) return [{ json: { ...JSON.parse(known.decision), alreadyRouted: true, state: known.state || "" } }];`,
    `const rows = $('${LOG.rows}').all().map((i) => i.json).filter((r) => r.id !== undefined);`,
    // Routed once the rows before it are all visible (queue mode on PostgreSQL): "Log complete?" waits otherwise.
    `if (logIncomplete(rows, [target], Date.now())) return [{ json: { logIncomplete: true } }];`,
    `const out = replayLog(config, rows, !$('${LOG.base}').first().json.id, owners, [target])[target];`,
    `return [{ json: { ...out.decision, ...(again && { alreadyRouted: true }), state: out.state } }];`,
    ``,
  ].join("\n");
}

/**
 * Whether a decision's owner is written: always for a lead routed now; for one routed before (a re-delivery) only when
 * it has no owner in HubSpot (routing's write was lost), so an owner given since (an SLA breach's reassignment, a
 * rep's hand) is kept.
 */
export function ownerToWrite(decision: string, ownerNow: string): string {
  return `!(${decision}.alreadyRouted && ${ownerNow})`;
}

/** Node names of a replay's decision writes (decisionWrites), each workflow's own. */
export interface DecisionWriteNames {
  /** The Code node whose items are the decisions: each with the log `row` it decides, the last also with `state`. */
  choose: string;
  /** The node that read the log's rows up to the last decided (replayReads' `rows`). */
  rows: string;
  toSave: string;
  save: string;
  toRecord: string;
  record: string;
}

/**
 * A replay's decisions written in two writes, however many rows it decided: SQLite, n8n's default database, has one
 * writer, so a write per row would queue a burst of N rows behind N writes. n8n's Data Table node updates the rows
 * one filter matches to one value per call, but inserts many rows in one call: so only the last decided row, which
 * keeps the state after it (the next replay starts there), is updated (`save`); the other rows' decisions go in as
 * decision rows in one bulk insert (`record`): a row each, `lead` empty (no delivery: a replay gives it no turn), its
 * decision naming the row it decides (newestDeliveries, ./runtime/deliveries.js, and `revstack routing log` read it
 * so). `decisionOf` is a function's source that gives a decision item's decision as the log records it. The nodes
 * are returned for the caller to place: lead routing's batch answers between the two writes (./routing-batch.ts).
 */
export function decisionWrites(table: string, names: DecisionWriteNames, decisionOf: string) {
  const decided = `const decisionOf = ${decisionOf};\nconst decided = $('${names.choose}').all().map((i) => i.json);\n`;
  const toSave = code(
    names.toSave,
    decided +
      `const last = decided.filter((d) => d.state).map((d) => ({ json: { row: d.row, decision: JSON.stringify(decisionOf(d)), state: d.state } }));\n` +
      // Nothing decided (every lead kept its owner): an update that matches no row, so the workflow goes on.
      `return last.length ? last : [{ json: { row: 0, decision: "", state: "" } }];\n`,
  );
  const save: NodeSpec = {
    ...updateRows(names.save, table, [{ keyName: "id", condition: "eq", keyValue: "={{ $json.row }}" }], {
      decision: "={{ $json.decision }}",
      state: "={{ $json.state }}",
    }),
    alwaysOutputData: true,
  };
  const toRecord = code(
    names.toRecord,
    decided +
      `const logged = Object.fromEntries($('${names.rows}').all().map((i) => [i.json.id, i.json]));\n` +
      // The decision names its row: a row, not a lead id, says which delivery (or assignment) it decides.
      // Every column, as the insert maps the items' fields (an expression per column and row would cost a burst).
      `return decided.filter((d) => d.row !== undefined && !d.state).map((d) => ({ json: { leadId: logged[d.row].leadId, lead: "", ` +
      `at: logged[d.row].at, reroute: false, decision: JSON.stringify({ ...decisionOf(d), row: d.row }), state: "" } }));\n`,
  );
  const record = insertItems(names.record, table, { bulk: true });
  return { toSave, save, toRecord, record };
}

/**
 * The two reads a replay of a log needs (./runtime/ledger.js), each once per execution: the newest saved state before
 * the first row to decide (`first`, an expression), and every row from it to the last (`last`). Lead routing's batch
 * and an automation's assignOwner read their logs so.
 */
export function replayReads(table: string, names: { base: string; rows: string }, first: string, last: string) {
  const base: NodeSpec = {
    ...readRows(
      names.base,
      table,
      [
        { keyName: "id", condition: "lt", keyValue: `={{ ${first} }}` },
        { keyName: "state", condition: "isNotEmpty" },
      ],
      ["id", "DESC"],
      1,
    ),
    executeOnce: true,
  };
  const rows: NodeSpec = {
    ...readRows(
      names.rows,
      table,
      [
        { keyName: "id", condition: "gte", keyValue: `={{ $json.id || 0 }}` },
        { keyName: "id", condition: "lte", keyValue: `={{ ${last} }}` },
      ],
      ["id", "DESC"],
      0,
    ),
    executeOnce: true,
  };
  return { base, rows };
}
