import { createHash } from "node:crypto";
import type { Automation, Blueprint } from "../../blueprint/model";
import { code, ifTrue, waitFor } from "./nodes";
import { insertRow, type DataTableSpec } from "./data-table";
import { decisionWrites, LEDGER_RUNTIME, LOG_COLUMNS, replayReads } from "./routing-log";
import { ROUTING_RUNTIME } from "./routing-runtime";
import { routingConfig } from "./routing";
import { answerOf } from "./rate-limits";
import { eventsToActOn } from "./event-log";
import type { WorkflowBuilder } from "./workflow-builder";

/**
 * An automation's assignOwner actions decide as lead routing does (./routing-log.ts): every assignment is a row of an
 * n8n data table, whose ids n8n's database hands out one insert at a time, and its owner is route() replayed over
 * the rows before it from the newest saved state (./runtime/ledger.js). Executions that overlap (a poll that yields
 * many events, polls that run long, several workers) thus agree on every round-robin turn, weight and capacity
 * count, as if the records had come one at a time; workflow static data, which n8n saves last-writer-wins, is not
 * used. One table per automation, with the routing log's columns: its turns are its own, as they always were.
 *
 * An execution writes the log three times, however many records it assigns (SQLite, n8n's default database, has one
 * writer): one insert of its rows, one update of its last row (its decision and the state after it), one bulk insert
 * of the other rows' decisions as decision rows (./routing-log.ts decisionWrites, as lead routing's batch records
 * them). Each write is one transaction, all or nothing. What a re-run sees after a crash between them:
 * - after the rows' insert: rows with no decision and no saved state. Every later replay replays them from the state
 *   saved before them, to the owners this execution would have given, so they keep their turns and the owners after
 *   them come out as one at a time would; the next execution to save a state saves it past them.
 * - after the last row's update: the state after the rows is saved, so later replays start there and do not redo
 *   them; only the other rows' decisions are missing from the log (nothing reads them back: the actions take them
 *   from this execution's replay), so nothing is lost for the records still to assign.
 * - after the decision rows: the log is complete. n8n's retry of the failed execution (from its failed node) writes
 *   the log no more; the update is idempotent, and the decision rows are one insert, in or not.
 * In every case the record's owner is not written yet when the log's writes stop: the event is not done, and the
 * automation log takes it up again after its lease (./event-log.ts), logged as a new assignment: the crashed rows'
 * turns stay taken. A record's owner is written once either way: an assignOwner action marked done is skipped.
 */
export const assignmentLogTable = (bp: Blueprint, automationKey: string): DataTableSpec => ({
  name: tableName(bp.metadata.name, automationKey),
  columns: LOG_COLUMNS,
});

/** The end of every assignment log's name (./tables.ts tells the tables apart by it). */
export const ASSIGNMENT_LOG = " assignment log";

/** n8n refuses a data table name longer than 128 characters: a long automation key is shortened, kept unique. */
function tableName(stack: string, key: string): string {
  const name = `revstack ${stack} ${key}${ASSIGNMENT_LOG}`;
  if (name.length <= 128) return name;
  const hash = createHash("sha256").update(key).digest("hex").slice(0, 8);
  return `revstack ${stack} ${key.slice(0, 128 - name.length + key.length - 9)}-${hash}${ASSIGNMENT_LOG}`;
}

/** The node whose items (one per record and assignOwner action) carry the decisions "Prepare the actions" reads. */
export const ASSIGNED = "Choose the owners";

const N = {
  toLog: "The assignments to log",
  insert: "Log the assignments",
  base: "The newest saved assignment state",
  rows: "Read the assignment log",
  complete: "Assignment log complete?",
  wait: "Wait for the assignments before them",
  more: "More assignments to record?",
};

/** The assignment log's decision writes: the state after the execution's last row, then the other rows' decisions. */
const RECORDING = {
  choose: ASSIGNED,
  rows: N.rows,
  toSave: "The assignment state to save",
  save: "Save the assignment state",
  toRecord: "Assignments to record",
  record: "Record the assignments",
};

/** The rule an assignOwner action is replayed as: `assign-<its number>`. */
const ruleOf = (i: number) => `assign-${i + 1}`;

/**
 * The assignment log's nodes for automation `a`, from column `column`: the records (`records`, the node whose items
 * are the records the actions act on) logged once per assignOwner action, read back from the newest saved state,
 * replayed, recorded. Undefined when the automation assigns no owner. "Read the owners" must run before them.
 */
export function addAssignmentLog(wf: WorkflowBuilder, bp: Blueprint, a: Automation, records: string, column: number) {
  const actions = a.do.flatMap((d, i) => (d.assignOwner ? [i] : []));
  if (actions.length === 0) return undefined;
  const table = assignmentLogTable(bp, a.key).name;
  const rules = actions.map((i) => ({ key: ruleOf(i), assign: a.do[i].assignOwner! }));
  const config = { ...routingConfig(bp, {}), rules };
  const ids = `$('${N.insert}').all().map((i) => i.json.id)`;
  const toLog = wf.add(code(N.toLog, toLogCode(records, actions)), column);
  const insert = wf.add(
    insertRow(N.insert, table, {
      leadId: "={{ $json.leadId }}",
      lead: "={{ $json.lead }}",
      at: "={{ $json.at }}",
      // Every assignment is a turn of its own: fireOnce (./event-log.ts) has already dropped a repeated event.
      reroute: "={{ true }}",
    }),
    column + 1,
  );
  const reads = replayReads(table, N, `Math.min(...${ids})`, `Math.max(...${ids})`);
  const base = wf.add(reads.base, column + 2);
  const rows = wf.add(reads.rows, column + 3);
  const choose = wf.add(
    code(ASSIGNED, `const config = ${JSON.stringify(config)};\n${ROUTING_RUNTIME}\n${LEDGER_RUNTIME}\n${chooseCode()}`),
    column + 4,
  );
  const complete = wf.add(ifTrue(N.complete, "!$json.logIncomplete"), column + 5);
  const wait = wf.add(waitFor(N.wait, 0.25), column + 5, 1);
  const writes = decisionWrites(table, RECORDING, "(d) => d.decision");
  const toSave = wf.add(writes.toSave, column + 6);
  const save = wf.add(writes.save, column + 7);
  // One record's assignment is all on its row: no decision rows to insert (an insert of none would end the run).
  const more = wf.add(
    { ...ifTrue(N.more, `$('${ASSIGNED}').all().some((i) => !i.json.state)`), executeOnce: true },
    column + 8,
  );
  const toRecord = wf.add(writes.toRecord, column + 9);
  const record = wf.add(writes.record, column + 10);
  wf.chain(toLog, insert, base, rows, choose, complete, toSave, save, more)
    .connect(complete, wait, 1)
    .connect(wait, base)
    .connect(more, toRecord, 0)
    .chain(toRecord, record);
  // The actions go on after the log's writes, from either branch.
  const tails: Array<[string, number]> = [
    [record, 0],
    [more, 1],
  ];
  return { first: toLog, tails, column: column + 11 };
}

/** One row per record and assignOwner action, in the records' order. */
function toLogCode(records: string, actions: number[]): string {
  return [
    `const actions = ${JSON.stringify(actions)};`,
    `return ${eventsToActOn(records)}.all().flatMap((item, record) => actions.map((action) => ({ json: {`,
    `  record, action, leadId: String(item.json.id), at: Date.now(),`,
    `  lead: JSON.stringify({ id: item.json.id, properties: item.json.properties || {}, rule: "assign-" + (action + 1) }),`,
    `} })));`,
    ``,
  ].join("\n");
}

/** One item per logged row: its decision from one replay, and the state after the execution's last row. */
function chooseCode(): string {
  return [
    `const owners = ${answerOf("Read the owners")}.results || [];`,
    `const asked = $('${N.toLog}').all().map((i) => i.json);`,
    `const targets = $('${N.insert}').all().map((i) => i.json.id);`,
    `const rows = $('${N.rows}').all().map((i) => i.json).filter((r) => r.id !== undefined);`,
    `if (logIncomplete(rows, targets, Date.now())) return [{ json: { logIncomplete: true } }];`,
    `const out = replayLog(config, rows, !$('${N.base}').first().json.id, owners, targets);`,
    `const last = Math.max(...targets);`,
    `return targets.map((row, k) => ({ json: { row, record: asked[k].record, action: asked[k].action, ` +
      `decision: out[row].decision, state: row === last ? out[row].state : "" } }));`,
    ``,
  ].join("\n");
}

/** The code "Prepare the actions" reads the decisions with: `assigned[record][action]`. */
export const assignedCode = () =>
  `const assigned = [];\nfor (const d of $('${ASSIGNED}').all().map((i) => i.json)) (assigned[d.record] = assigned[d.record] || {})[d.action] = d.decision;\n`;
