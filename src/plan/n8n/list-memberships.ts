/**
 * List membership for conditions (`{ list: enterprise_icp, op: in }` in a routing rule's `when:` or an automation's
 * `if:`): each list the conditions name is found by its name (as the listJoined trigger finds its list, so the
 * workflow needs no id from the CRM part), then the records' memberships are read and kept as list keys. Routing
 * keeps them in the routing log's lead (`{ id, properties, lists }`), so a replay of the log decides as the first run
 * did; an automation gives each record its `lists` before the IF node tests them. Conditions that test no list make
 * none of these calls.
 */
import { hubspotPaths as P } from "../../clients/hubspot/api-version";
import { LIST_OBJECT_TYPE_IDS, MEMBERSHIPS_CHUNK } from "../../clients/hubspot/lists";
import type { Blueprint, RoutingRule, RuleCondition, RuleConditionGroup } from "../../blueprint/model";
import { code, crmRequest, type N8nTarget } from "./nodes";
import { addCrmCall, answerOf } from "./rate-limits";
import type { WorkflowBuilder } from "./workflow-builder";

/** The lists some conditions test: their keys, the object they segment, and the suffix of the nodes that find them. */
export interface ListTests {
  bp: Blueprint;
  /** The keys of the lists, sorted. */
  keys: string[];
  /** HubSpot's objectTypeId of the records whose memberships are read. */
  objectTypeId: string;
  /** Told apart in node names when one workflow finds the lists on two paths. */
  suffix: string;
}

export const groupConditions = (group: RuleConditionGroup | undefined): RuleCondition[] =>
  group ? ("all" in group && group.all ? group.all : (group.any ?? [])) : [];

export const ruleConditions = (rule: RoutingRule): RuleCondition[] => groupConditions(rule.when);

const listKeys = (conditions: RuleCondition[]): string[] =>
  [...new Set(conditions.flatMap((c) => ("list" in c ? [c.list] : [])))].sort();

/** The lists the routing rules test, on leads (contacts); `batch` for the batch path's nodes. */
export const routingLists = (bp: Blueprint, batch = false): ListTests => ({
  bp,
  keys: listKeys(bp.routing.flatMap(ruleConditions)),
  objectTypeId: LIST_OBJECT_TYPE_IDS.contacts,
  suffix: batch ? " for the batch" : "",
});

/** The lists an automation's `if:` tests (validate holds them to the automation's object), or none. */
export function conditionLists(bp: Blueprint, group: RuleConditionGroup | undefined): ListTests | undefined {
  const keys = listKeys(groupConditions(group));
  if (keys.length === 0) return undefined;
  const object = bp.lists?.[keys[0]]?.object ?? "contacts";
  return { bp, keys, objectTypeId: LIST_OBJECT_TYPE_IDS[object], suffix: "" };
}

const findName = (key: string, t: ListTests) => `Find list ${key}${t.suffix}`;

/** `{ key: listId }` of the lists, as the Find nodes answered. */
const listIds = (t: ListTests) =>
  `{ ${t.keys.map((key) => `${JSON.stringify(key)}: String(${answerOf(findName(key, t))}.list.listId)`).join(", ")} }`;

/** The keys of the lists among `memberships` (HubSpot's `[{ listId }]`), as a JavaScript expression. */
export function listKeysOf(t: ListTests, memberships: string): string {
  return `((ids, held) => Object.keys(ids).filter((k) => held.includes(ids[k])))(${listIds(t)}, (${memberships} || []).map((m) => String(m.listId)))`;
}

/** The Find nodes, then the memberships read; undefined when no list is tested. */
export function addListReads(
  wf: WorkflowBuilder,
  t: ListTests,
  target: N8nTarget,
  column: number,
  row: number,
  memberships: { name: string; method: "GET" | "POST"; url: string; body?: string },
): { first: string; last: string } | undefined {
  if (t.keys.length === 0) return undefined;
  const calls = t.keys.map((key, i) =>
    addCrmCall(
      wf,
      crmRequest(
        target,
        findName(key, t),
        "GET",
        `${P.lists}/object-type-id/${t.objectTypeId}/name/${encodeURIComponent(t.bp.lists?.[key]?.name ?? key)}`,
      ),
      column + i * 0.1,
      row,
    ),
  );
  calls.push(
    addCrmCall(
      wf,
      crmRequest(target, memberships.name, memberships.method, memberships.url, memberships.body),
      column + calls.length * 0.1,
      row,
    ),
  );
  for (let i = 1; i < calls.length; i++) wf.connect(calls[i - 1].last, calls[i].first);
  return { first: calls[0].first, last: calls.at(-1)!.last };
}

/**
 * Code that declares `held` (record id → its entry of HubSpot's memberships answer) from `results` (an expression:
 * `[{ recordId, recordListMemberships }]`), and `unanswered` (`[{ ids, message }]`): the records among `ids` the
 * answer left out or named in its `errors` (an error naming no record counts too; `ids` empty then). A record HubSpot
 * did not answer for is never read as a member of no list. `complete` (an expression) says whether the answer is
 * whole, so that a record left out of it was left out by HubSpot.
 */
function heldMemberships(results: string, errors: string, ids: string, complete = "true"): string {
  return (
    `const held = new Map((${results}).map((r) => [String(r.recordId), r]));\n` +
    `const unanswered = ((ids, errors, whole) => {\n` +
    `  const refused = errors.map((e) => ({ ids: ((e.context && e.context.ids) || []).map(String), message: e.message || e.category || "refused" })).filter((f) => f.ids.length === 0 || f.ids.some((id) => ids.includes(id)));\n` +
    `  const left = whole ? ids.filter((id) => !held.has(id) && !refused.some((f) => f.ids.includes(id))) : [];\n` +
    `  return [...refused, ...(left.length ? [{ ids: left, message: "left out of HubSpot's answer" }] : [])];\n` +
    `})((${ids}).map(String), ${errors}, ${complete});\n`
  );
}

/** Code: the execution stops naming the records of `unanswered` (its lead or event is then tried again). */
const stopUnanswered = (call: string) =>
  `if (unanswered.length > 0)\n  throw new Error("${call}: HubSpot did not answer for every record: " + ` +
  `unanswered.map((f) => f.message + (f.ids.length ? " (" + f.ids.join(", ") + ")" : "")).join("; "));\n`;

const LEAD_READ = "Read the lists of the lead";
const LEAD_LISTS = "Lists of the lead";

/** One lead's memberships read (the single-record path HubSpot publishes). */
export const leadMemberships = (contactId: string) => ({
  name: LEAD_READ,
  method: "GET" as const,
  url: `${P.lists}/records/${LIST_OBJECT_TYPE_IDS.contacts}/{{ encodeURIComponent(${contactId}) }}/memberships`,
});

/** After the lead's memberships read: its `lists`, or the execution stops when HubSpot did not answer for it. */
export function leadListsNode(bp: Blueprint, contactId: string) {
  const answer = answerOf(LEAD_READ);
  const results = `Array.isArray(${answer}.results) ? [{ recordId: ${contactId}, recordListMemberships: ${answer}.results }] : []`;
  return code(
    LEAD_LISTS,
    heldMemberships(results, `${answer}.errors || []`, `[${contactId}]`) +
      stopUnanswered(LEAD_READ) +
      `return [{ json: { lists: ${listKeysOf(routingLists(bp), `held.get(String(${contactId})).recordListMemberships`)} } }];\n`,
  );
}

/** The keys of the lists the lead is in (from `leadListsNode`). */
export const leadLists = `$('${LEAD_LISTS}').first().json.lists`;

/** A batch memberships read named `name`, for the records whose ids `ids` (an expression) gives. */
export const batchMemberships = (t: ListTests, name: string, ids: string) => ({
  name,
  method: "POST" as const,
  url: `${P.lists}/records/memberships/batch/read`,
  body: `{ inputs: ${ids}.map((id) => ({ objectTypeId: "${t.objectTypeId}", recordId: String(id) })) }`,
});

const BATCH_READ = "Read the lists of the leads";

/** The routing batch's memberships read: one call for every lead of the request (at most MAX_BATCH, 100). */
export const leadsMemberships = (bp: Blueprint, ids: string) =>
  batchMemberships(routingLists(bp, true), BATCH_READ, ids);

/**
 * Code for a batch, before its leads are sorted: `held` the memberships of the leads HubSpot returned (`found`); a
 * lead HubSpot's memberships answer did not answer for is taken out of `found` into `missing`, so it is not routed and
 * the request fails naming it after the others are (as a lead HubSpot could not read). Nothing when no rule tests a
 * list.
 */
export function batchLeadsHeld(bp: Blueprint): string {
  if (routingLists(bp, true).keys.length === 0) return "";
  const answer = answerOf(BATCH_READ);
  return (
    heldMemberships(`${answer}.results || []`, `${answer}.errors || []`, "ids.filter((id) => found[id])") +
    `const unlisted = unanswered.some((f) => f.ids.length === 0) ? ids.filter((id) => found[id]) : unanswered.flatMap((f) => f.ids);\n` +
    `for (const id of unlisted) delete found[id];\n` +
    `missing.push(...unanswered.map((f) => ({ ids: f.ids.length ? f.ids : unlisted, message: "${BATCH_READ}: " + f.message })));`
  );
}

/** Code: `, lists: [...]` for lead `id` of a batch (after `batchLeadsHeld`), or nothing when no rule tests a list. */
export function batchLeadLists(bp: Blueprint, id: string): string {
  const t = routingLists(bp, true);
  return t.keys.length > 0 ? `, lists: ${listKeysOf(t, `held.get(String(${id})).recordListMemberships`)}` : "";
}

const TO_READ = "Lists to read";
const RECORDS_READ = "Read the lists of the records";

/**
 * An automation's records, each given `lists` (the keys of the tested lists it is in) for its IF node: the records'
 * distinct ids in chunks of MEMBERSHIPS_CHUNK, the lists found, each chunk's memberships read, then each record of
 * the chunks answered goes on with its lists. A record HubSpot's answer leaves out or names in `errors` stops the
 * execution naming it (its event is tried again), rather than being read as a member of no list.
 */
export function addRecordLists(
  wf: WorkflowBuilder,
  t: ListTests,
  target: N8nTarget,
  column: number,
): { first: string; last: string } {
  const chunks = wf.add(
    code(
      TO_READ,
      `const records = $input.all().map((i) => i.json);\n` +
        `const ids = [...new Set(records.map((r) => String(r.id)))];\n` +
        `const chunks = [];\nfor (let k = 0; k < ids.length; k += ${MEMBERSHIPS_CHUNK}) chunks.push(ids.slice(k, k + ${MEMBERSHIPS_CHUNK}));\n` +
        `return chunks.map((chunk) => ({\n  json: { ids: chunk, records: records.filter((r) => chunk.includes(String(r.id))) },\n` +
        `  pairedItem: records.flatMap((r, i) => (chunk.includes(String(r.id)) ? [{ item: i }] : [])),\n}));\n`,
    ),
    column,
  );
  const reads = addListReads(
    wf,
    t,
    target,
    column + 1,
    0,
    batchMemberships(t, RECORDS_READ, `$('${TO_READ}').item.json.ids`),
  )!;
  const withLists = wf.add(code("Lists of the records", recordListsCode(t)), column + 3);
  wf.chain(chunks, reads.first).chain(reads.last, withLists);
  return { first: chunks, last: withLists };
}

function recordListsCode(t: ListTests): string {
  const keys = listKeysOf(t, "held.get(String(r.id)).recordListMemberships");
  const results = "answers.flatMap((a, k) => (a.json.body.results || []).map((r) => ({ ...r, k })))";
  return (
    `const answers = $input.all();\nconst chunks = $('${TO_READ}').all();\n` +
    `const records = chunks.flatMap((c) => c.json.records);\n` +
    // Tries of a refused chunk come in runs of their own: only a run holding every chunk's answer can tell one left out.
    heldMemberships(
      results,
      "answers.flatMap((a) => a.json.body.errors || [])",
      "records.map((r) => r.id)",
      "answers.length === chunks.length",
    ) +
    stopUnanswered(RECORDS_READ) +
    `return records.filter((r) => held.has(String(r.id))).map((r) => ({ json: { ...r, lists: ${keys} }, pairedItem: { item: held.get(String(r.id)).k } }));\n`
  );
}
