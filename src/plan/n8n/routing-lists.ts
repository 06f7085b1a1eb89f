/**
 * List membership for routing rules (`when: all: [{ list: enterprise_icp, op: in }]`): each list the rules name is
 * found by its name (as the listJoined trigger finds its list, so the workflow needs no id from the CRM part), then
 * the lead's memberships are read and kept as list keys in the routing log's lead (`{ id, properties, lists }`), so a
 * replay of the log decides as the first run did. A blueprint whose rules test no list makes none of these calls.
 */
import { hubspotPaths as P } from "../../clients/hubspot/api-version";
import type { Blueprint, RoutingRule, RuleCondition } from "../../blueprint/model";
import { crmRequest, type N8nTarget } from "./nodes";
import { addCrmCall, answerOf } from "./rate-limits";
import type { WorkflowBuilder } from "./workflow-builder";

const CONTACTS = "0-1";
const BATCH_READ = "Read the lists of the leads";

export const ruleConditions = (rule: RoutingRule): RuleCondition[] =>
  rule.when ? ("all" in rule.when && rule.when.all ? rule.when.all : (rule.when.any ?? [])) : [];

/** The blueprint's lists the rules test a lead's membership of, key → the list's name (how the workflow finds it). */
export function ruleLists(bp: Blueprint): Record<string, string> {
  const keys = new Set(
    bp.routing.flatMap((rule) => ruleConditions(rule).flatMap((c) => ("list" in c ? [c.list] : []))),
  );
  return Object.fromEntries([...keys].sort().map((key) => [key, bp.lists?.[key]?.name ?? key]));
}

// The one-lead path and the batch path are in one workflow: each finds the lists with nodes of its own.
const findName = (key: string, batch: boolean) => `Find list ${key}${batch ? " for the batch" : ""}`;

/** `{ key: listId }` of the lists the rules test, as the Find nodes answered. */
const listIds = (bp: Blueprint, batch: boolean) =>
  `{ ${Object.keys(ruleLists(bp))
    .map((key) => `${JSON.stringify(key)}: String(${answerOf(findName(key, batch))}.list.listId)`)
    .join(", ")} }`;

/** The keys of the rules' lists among `memberships` (HubSpot's `[{ listId }]`), as a JavaScript expression. */
export function listKeysOf(bp: Blueprint, memberships: string, batch = false): string {
  return `((ids, held) => Object.keys(ids).filter((k) => held.includes(ids[k])))(${listIds(bp, batch)}, (${memberships} || []).map((m) => String(m.listId)))`;
}

/** Whether any rule tests list membership. */
export const usesLists = (bp: Blueprint): boolean => Object.keys(ruleLists(bp)).length > 0;

/** The Find nodes, then the memberships read (one lead's or the batch's); undefined when no rule tests a list. */
export function addListReads(
  wf: WorkflowBuilder,
  bp: Blueprint,
  target: N8nTarget,
  column: number,
  row: number,
  memberships: { name: string; method: "GET" | "POST"; url: string; body?: string },
): { first: string; last: string } | undefined {
  const batch = memberships.name === BATCH_READ;
  const names = ruleLists(bp);
  if (Object.keys(names).length === 0) return undefined;
  const calls = Object.entries(names).map(([key, name], i) =>
    addCrmCall(
      wf,
      crmRequest(
        target,
        findName(key, batch),
        "GET",
        `${P.lists}/object-type-id/${CONTACTS}/name/${encodeURIComponent(name)}`,
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

/** One lead's memberships read (the single-record path HubSpot publishes). */
export const leadMemberships = (contactId: string) => ({
  name: "Read the lists of the lead",
  method: "GET" as const,
  url: `${P.lists}/records/${CONTACTS}/{{ encodeURIComponent(${contactId}) }}/memberships`,
});

/** A batch's memberships read: one call for every lead of the request (`ids`: an expression of their ids). */
export const batchMemberships = (ids: string) => ({
  name: BATCH_READ,
  method: "POST" as const,
  url: `${P.lists}/records/memberships/batch/read`,
  body: `{ inputs: ${ids}.map((id) => ({ objectTypeId: "${CONTACTS}", recordId: String(id) })) }`,
});

/** Code: `, lists: [...]` for lead `id` of a batch (after the batch read), or nothing when no rule tests a list. */
export const batchLeadLists = (bp: Blueprint, id: string): string =>
  usesLists(bp)
    ? `, lists: ${listKeysOf(bp, `((${answerOf(BATCH_READ)}.results || []).find((r) => String(r.recordId) === String(${id})) || {}).recordListMemberships`, true)}`
    : "";
