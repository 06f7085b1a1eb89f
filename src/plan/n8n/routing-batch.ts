import { hubspotPaths as P } from "../../clients/hubspot/api-version";
import type { Blueprint } from "../../blueprint/model";
import { code, crmRequest, ifTrue, waitFor, type N8nTarget } from "./nodes";
import { respond } from "./callers";
import { insertItems, readRows } from "./data-table";
import { answerOf, addCrmCall } from "./rate-limits";
import {
  decisionWrites,
  DELIVERIES_RUNTIME,
  LEDGER_RUNTIME,
  ownerToWrite,
  replayReads,
  routingLogTable,
} from "./routing-log";
import { ROUTING_RUNTIME } from "./routing-runtime";
import { notifiesUnrouted, unroutedNotice } from "./unrouted";
import { sendNotification } from "./notify";
import type { NodeSpec, WorkflowBuilder } from "./workflow-builder";
import { inUnit, notThisUnit } from "./routing-scope";
import { addListReads, batchLeadLists, batchLeadsHeld, leadsMemberships, routingLists } from "./list-memberships";

/** The most events HubSpot delivers in one webhook request, and the most inputs of one batch call. */
export const MAX_BATCH = 100;

/** Node names the batch's expressions refer to. */
const B = {
  read: "Read the leads",
  owners: "Read the owners of the batch",
  find: "Find the leads in the routing log",
  sort: "Sort the leads",
  any: "Leads to log?",
  toLog: "The leads to log",
  insert: "Log the leads",
  base: "The newest saved state before the batch",
  rows: "Read the routing log for the batch",
  choose: "Choose the owners",
  complete: "Batch log complete?",
  wait: "Wait for the rows before the batch",
  updates: "The owner updates",
  anyOwner: "Owners to set?",
  assign: "Assign the owners in the CRM",
  check: "Check the batch",
  ok: "Every lead in the CRM?",
};

/** The request's leads, each once, in the order of their first event. */
const IDS = `$('Well-formed?').first().json.body.leads.map((l) => l.contactId).filter((id, i, all) => all.indexOf(id) === i)`;

/** The log rows this delivery decides: those it logged, and those of its leads logged before but not yet decided. */
const TARGETS =
  `[...Object.values($('${B.sort}').first().json.pending), ` +
  `...($('${B.insert}').isExecuted ? $('${B.insert}').all().map((i) => i.json.id) : [])]`;

/**
 * HubSpot's batched delivery (up to 100 contact events in one request, every one covered by the request's
 * signature) routed in one execution, at three CRM calls per request instead of three per lead: the leads are read
 * with one batch read and the owners once; the new leads are logged in one insert (their ids keep the request's
 * order), decided by one replay of the routing log (the same route() and ledger as one lead at a time, so round
 * robin, weights and capacity come out as if they had arrived one by one) and assigned with one batch update. A lead
 * routed before keeps its owner. A lead HubSpot could not read or write, or whose lists it did not answer for when
 * the rules test lists, fails the request (500) naming it, after
 * the others are assigned: HubSpot delivers it again, and the log makes that safe.
 *
 * `from` is the IF node whose output 1 carries a verified batched request (`body.leads`). Returns the answer node.
 */
export function addBatchRouting(
  wf: WorkflowBuilder,
  bp: Blueprint,
  target: N8nTarget,
  from: string,
  config: unknown,
  readProps: string[],
  stamps: (decision: string) => string,
): string {
  const row = 6;
  const table = routingLogTable(bp).name;
  const read = addCrmCall(
    wf,
    crmRequest(
      target,
      B.read,
      "POST",
      `${P.objects}/contacts/batch/read`,
      `{ inputs: ${IDS}.map((id) => ({ id })), properties: ${JSON.stringify(readProps)} }`,
    ),
    1,
    row,
  );
  const owners = addCrmCall(wf, crmRequest(target, B.owners, "GET", `${P.owners}?limit=500`), 2.5, row);
  const find = wf.add(findLeads(table), 4, row);
  const sort = wf.add(code(B.sort, `${DELIVERIES_RUNTIME}\n${sortCode(bp)}`), 5, row);
  const any = wf.add(ifTrue(B.any, "$json.toLog.length > 0"), 6, row);
  const toLog = wf.add(
    // The request's leads arrived at one instant: one time for all, so leads under one rule and calendar share a
    // due time and the SLA timers check them together (./sla-start.ts).
    code(
      B.toLog,
      `const at = Date.now();\nreturn $input.first().json.toLog.map((l) => ({ json: { ...l, at, reroute: false } }));\n`,
    ),
    7,
    row,
  );
  const insert = wf.add(insertItems(B.insert, table), 8, row);
  // The replay starts at the newest saved state before the batch's first row, however far back: batches running at
  // once save their states only when they are done, so the state may be more than one lead's window back.
  const reads = replayReads(table, B, `Math.min(...${TARGETS}, 1e15)`, `Math.max(0, ...${TARGETS})`);
  const base = wf.add(reads.base, 9, row + 1);
  const rows = wf.add(reads.rows, 9, row);
  const choose = wf.add(
    code(B.choose, `const config = ${JSON.stringify(config)};\n${ROUTING_RUNTIME}\n${LEDGER_RUNTIME}\n${chooseCode()}`),
    10,
    row,
  );
  const complete = wf.add(ifTrue(B.complete, "!$json.logIncomplete"), 11, row);
  const wait = wf.add(waitFor(B.wait, 0.25), 11, row + 1);
  // The leads' list memberships, when the rules test any (./list-memberships.ts).
  const lists = addListReads(wf, routingLists(bp, true), target, 3, row + 1, leadsMemberships(bp, IDS));
  if (lists) wf.chain(owners.last, lists.first);
  wf.connect(from, read.first, 1)
    .chain(read.last, owners.first)
    .chain(lists?.last ?? owners.last, find, sort, any)
    .connect(any, toLog, 0)
    .chain(toLog, insert, base, rows)
    .connect(any, base, 1)
    .chain(rows, choose, complete)
    .connect(complete, wait, 1)
    .connect(wait, base);
  return assignAndAnswer(wf, bp, target, complete, stamps, table, row);
}

/**
 * The decisions recorded (the saved states other deliveries replay from are there before the answer, as for one
 * lead), written to the CRM, checked, answered; then the unrouted told. Returns the answer, for the SLA timers to
 * start after it (./sla-start.ts, shared with the one-lead path).
 */
function assignAndAnswer(
  wf: WorkflowBuilder,
  bp: Blueprint,
  target: N8nTarget,
  complete: string,
  stamps: (decision: string) => string,
  table: string,
  row: number,
): string {
  const updates = wf.add(
    code(
      B.updates,
      `const ownerNow = Object.fromEntries((${answerOf(B.read)}.results || []).map((r) => [String(r.id), (r.properties || {}).hubspot_owner_id]));\n` +
        `const inputs = $('${B.choose}').all().map((i) => i.json).filter((d) => d.ownerId && ${ownerToWrite("d", "ownerNow[d.contactId]")})` +
        `.map((d) => ({ id: d.contactId, properties: { hubspot_owner_id: d.ownerId${stamps("d")} } }));\n` +
        `return [{ json: { inputs } }];\n`,
    ),
    12,
    row,
  );
  const anyOwner = wf.add(ifTrue(B.anyOwner, "$json.inputs.length > 0"), 13, row);
  const assign = addCrmCall(
    wf,
    crmRequest(
      target,
      B.assign,
      "POST",
      `${P.objects}/contacts/batch/update`,
      `{ inputs: $('${B.updates}').first().json.inputs }`,
    ),
    14,
    row,
  );
  const check = wf.add(code(B.check, checkCode()), 15.5, row);
  const ok = wf.add(ifTrue(B.ok, "$json.failed.length === 0"), 16.5, row);
  const answer = wf.add(respond("Answer the batch", 200, batchAnswer()), 17.5, row);
  const refuse = wf.add(
    respond(
      "Answer the batch's failures",
      500,
      `{ error: "HubSpot did not take every lead of the batch; deliver them again", failed: $json.failed }`,
    ),
    17.5,
    row + 1,
  );
  const fail = wf.add(
    {
      name: "Leads left unassigned",
      type: "n8n-nodes-base.stopAndError",
      typeVersion: 1,
      parameters: {
        errorType: "errorMessage",
        errorMessage: `={{ "Leads left unassigned: " + $('${B.check}').first().json.failed.map((f) => f.ids.join(", ") + " (" + f.message + ")").join("; ") }}`,
      },
    },
    18.5,
    row + 1,
  );
  // Only the batch's last row, with the state after it, is written before the answer: the other rows' decisions
  // follow it, as decision rows in one insert (./routing-log.ts); until then a delivery of one of those leads
  // replays it to the same decision.
  const writes = decisionWrites(table, RECORDING, "({ state, alreadyRouted, row, ...d }) => d");
  const toSave = wf.add(writes.toSave, 11.5, row + 2);
  const save = wf.add(writes.save, 11.5, row + 1);
  const toRecord = wf.add(writes.toRecord, 18.5, row);
  const record = wf.add(writes.record, 19.5, row);
  wf.chain(complete, toSave, save, updates, anyOwner)
    .connect(anyOwner, assign.first, 0)
    .connect(anyOwner, check, 1)
    .chain(assign.last, check, ok)
    .connect(ok, answer, 0)
    .connect(ok, refuse, 1)
    .chain(refuse, fail)
    .chain(answer, toRecord, record);
  if (notifiesUnrouted(bp)) {
    const notices = wf.add(
      code(
        "Who hears of the unrouted",
        `${unroutedNotice(bp)}\nreturn $('${B.choose}').all().map((i) => i.json).filter((d) => d.unrouted).map((d) => ({ json: notice(d) }));\n`,
      ),
      20.5,
      row + 1,
    );
    const chain = sendNotification(bp, target, "Tell them the batch's leads are unrouted", "$json");
    const send = wf.addChain(
      [...chain.slice(0, -1), { ...chain[chain.length - 1], onError: "continueRegularOutput" as const }],
      21.5,
      row + 1,
    );
    wf.chain(answer, notices, send.first);
  }
  return answer;
}

/** The batch's decision writes: the state after its last row, then the other rows' decisions. */
const RECORDING = {
  choose: B.choose,
  rows: B.rows,
  toSave: "The state to save",
  save: "Save the state after the batch",
  toRecord: "Decisions to record",
  record: "Record the decisions",
};

/**
 * The request's leads in the routing log, every row of each, in one query (any of up to 100 ids). The conditions
 * are one expression, evaluated once: a condition each, with an expression each, cost n8n 100 evaluations.
 */
function findLeads(table: string): NodeSpec {
  const spec = readRows(B.find, table, [], ["id", "ASC"], 0);
  const conditions = `={{ ${IDS}.map((id) => ({ keyName: "leadId", condition: "eq", keyValue: id })) }}`;
  return { ...spec, parameters: { ...spec.parameters, matchType: "anyCondition", filters: { conditions } } };
}

/** A batch answer's refused records, named: HubSpot names them in `context.ids`. */
const REFUSED = `(answer.errors || []).map((e) => ({ ids: ((e.context && e.context.ids) || []).map(String), message: e.message || e.category || "refused" }))`;

/**
 * The plan, one item: the leads HubSpot returned (in the request's order); those routed before (kept, with their
 * decision), those logged but not yet decided (pending, their row), those to log; and those HubSpot did not return.
 */
function sortCode(bp: Blueprint): string {
  // A business unit's routing routes only its unit's leads (./routing-scope.ts); the others are answered with why.
  const lead = "found[id]";
  const outside = bp.scope
    ? [
        `const outside = ids.filter((id) => found[id] && !(${inUnit(bp.scope, lead)})).map((id) => ({ leadId: id, routed: false, reason: ${notThisUnit(bp.scope, lead)} }));`,
        `for (const o of outside) delete found[o.leadId];`,
      ]
    : [`const outside = [];`];
  return [
    `const ids = ${IDS};`,
    `const answer = ${answerOf(B.read)};`,
    `const found = Object.fromEntries((answer.results || []).map((r) => [String(r.id), r]));`,
    `const refused = ${REFUSED};`,
    `const named = new Set(refused.flatMap((f) => f.ids));`,
    `const unread = ids.filter((id) => !found[id] && !named.has(id));`,
    `const missing = [...refused, ...(unread.length ? [{ ids: unread, message: "not in HubSpot's batch read answer" }] : [])];`,
    ...outside,
    // The leads' lists, when the rules test any: a lead HubSpot did not answer for is not routed, and named.
    ...[batchLeadsHeld(bp)].filter(Boolean),
    `const latest = newestDeliveries($('${B.find}').all().map((i) => i.json));`,
    `const leads = ids.filter((id) => found[id]);`,
    `const kept = {}, pending = {}, toLog = [];`,
    `for (const id of leads) {`,
    `  const last = latest[id];`,
    // Logged again, as one at a time: a new lead, or one that could not be routed last time (it is retried).
    `  if (last && last.decision && !String(last.decision).includes('"unrouted"')) kept[id] = JSON.parse(last.decision);`,
    `  else if (last && !last.decision) pending[id] = last.id;`,
    `  else toLog.push({ leadId: id, lead: JSON.stringify({ id: found[id].id, properties: found[id].properties${batchLeadLists(bp, "id")} }) });`,
    `}`,
    `return [{ json: { leads, kept, pending, toLog, missing, outside } }];`,
    ``,
  ].join("\n");
}

/** One item per lead, in the request's order: its decision from one replay of the log (./runtime/ledger.js). */
function chooseCode(): string {
  return [
    `const owners = ${answerOf(B.owners)}.results || [];`,
    `const plan = $('${B.sort}').first().json;`,
    `const logged = $('${B.insert}').isExecuted ? $('${B.insert}').all().map((i) => i.json) : [];`,
    `const rowOf = { ...plan.pending, ...Object.fromEntries(logged.map((r) => [String(r.leadId), r.id])) };`,
    `const targets = Object.values(rowOf);`,
    `const rows = $('${B.rows}').all().map((i) => i.json).filter((r) => r.id !== undefined);`,
    `if (targets.length && logIncomplete(rows, targets, Date.now())) return [{ json: { logIncomplete: true } }];`,
    `const out = targets.length ? replayLog(config, rows, !$('${B.base}').first().json.id, owners, targets) : {};`,
    `const decided = plan.leads.map((id) => {`,
    `  if (plan.kept[id]) return { json: { ...plan.kept[id], alreadyRouted: true } };`,
    `  const row = rowOf[id];`,
    `  const { decision, state } = out[row];`,
    // The state after the batch's last row is saved (before the answer): later deliveries replay from it.
    `  return { json: { ...decision, ...(plan.pending[id] !== undefined && { alreadyRouted: true }), row, state: row === Math.max(...targets) ? state : "" } };`,
    `});`,
    // Nothing HubSpot returned: one empty item, so the failure is still answered.
    `return decided.length ? decided : [{ json: {} }];`,
    ``,
  ].join("\n");
}

/** The records HubSpot did not read or did not write, named. */
function checkCode(): string {
  return [
    `const plan = $('${B.sort}').first().json;`,
    `const answer = $('${B.assign}').isExecuted ? ${answerOf(B.assign)} : { results: [] };`,
    `const refused = ${REFUSED};`,
    `const named = new Set(refused.flatMap((f) => f.ids));`,
    `const written = new Set((answer.results || []).map((r) => String(r.id)));`,
    `const unwritten = $('${B.updates}').first().json.inputs.map((i) => String(i.id)).filter((id) => !written.has(id) && !named.has(id));`,
    `const failed = [...plan.missing, ...refused, ...(unwritten.length ? [{ ids: unwritten, message: "not in HubSpot's batch update answer" }] : [])];`,
    `return [{ json: { failed } }];`,
    ``,
  ].join("\n");
}

/** As one lead's answer (./routing.ts), per lead: the decision only to holders of the stack's secret. */
function batchAnswer(): string {
  const d = "d";
  return (
    `{ acknowledged: true, leads: $('${B.choose}').all().map((i) => i.json).filter((d) => d.contactId).map((${d}) => ` +
    `Object.assign({ leadId: d.contactId }, d.unrouted ? { unrouted: true } : {}, ` +
    `$('Well-formed?').first().json.via === "secret" ? (d.unrouted ? { reason: d.unrouted } : ` +
    `{ rule: d.rule, ownerId: d.ownerId, owner: d.owner, alreadyRouted: d.alreadyRouted, ` +
    `sla: d.sla ? { dueAt: d.sla.dueAt } : undefined }) : {})).concat($('${B.sort}').first().json.outside) }`
  );
}
