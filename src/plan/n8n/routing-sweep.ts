import { hubspotPaths as P } from "../../clients/hubspot/api-version";
import type { Blueprint } from "../../blueprint/model";
import { signedPost } from "./callers";
import { code, crmRequest, scheduleNode, type N8nTarget } from "./nodes";
import { webhookPrefix } from "./compiled";
import type { WorkflowBuilder } from "./workflow-builder";
import { addCrmCall, answerOf } from "./rate-limits";
import { MAX_BATCH } from "./routing-batch";

/** How far back the sweep looks: leads created earlier are not routing's to take (they predate it, or were left on purpose). */
const LOOKBACK_HOURS = 24;
/** Leads per sweep: one search page, posted as one batched delivery (at most MAX_BATCH); the next sweep takes the rest. */
const PAGE = MAX_BATCH;

/**
 * The routing workflow's second trigger: every few minutes, the contacts created in the last day that still have no
 * owner (created while n8n was down, refused by a rate limit, or by a path that never called the routing webhook) are
 * posted to the routing webhook, oldest first, at most a hundred per sweep in one request: HubSpot's batched delivery
 * (./routing-batch.ts), routed with one batch read and one batch update. The routing log makes that safe: a lead routed meanwhile keeps its
 * owner, so a lead is never routed twice however often it is swept. A lead is left unowned at most about one sweep
 * interval plus its routing time. Part of the routing workflow, so the stack gains no resource.
 *
 * Only when the stack sets `revstack:routingSweepMinutes`: the sweep takes every unowned new contact of the portal (of
 * its business unit, with a scope), so on a portal shared by several stacks only stacks scoped apart may all sweep
 * (src/review/shared-portal.ts says so at validate and preview).
 */
export function addRoutingSweep(wf: WorkflowBuilder, bp: Blueprint, target: N8nTarget, minutes: number, row: number) {
  const seconds = Math.max(1, Math.round(60 * minutes * (target.timeScale ?? 1)));
  const schedule = wf.add(scheduleNode("Every sweep interval", undefined, seconds), 0, row);
  const query = wf.add(code("Leads without an owner", queryCode(bp)), 1, row);
  const search = addCrmCall(
    wf,
    crmRequest(
      target,
      "Search for leads without an owner",
      "POST",
      `${P.objects}/contacts/search`,
      "$('Leads without an owner').first().json",
    ),
    2,
    row,
  );
  const batch = wf.add(
    code(
      "The leads as one delivery",
      `const ids = (${answerOf("Search for leads without an owner")}.results || []).map((r) => Number(r.id));\n` +
        `return ids.length ? [{ json: { events: ids.map((objectId) => ({ subscriptionType: "contact.creation", objectId })) } }] : [];\n`,
    ),
    3,
    row,
  );
  // The routing webhook takes only holders of the stack's secret (callers.ts): the sweep signs with it too.
  const [request, signature, post] = signedPost(
    target,
    "Route the leads",
    `${webhookPrefix(bp)}/route-lead`,
    "$json.events",
    target.callers.secret,
  );
  const route = wf.addChain([request, signature, { ...post, onError: "continueRegularOutput" }], 4, row);
  wf.chain(schedule, query, search.first).chain(search.last, batch, route.first);
}

/** The unowned new contacts; a business unit's stack (the blueprint's scope) sweeps only its own. */
function queryCode({ scope }: Blueprint): string {
  const since = `Date.now() - ${LOOKBACK_HOURS * 3600_000}`;
  const scoped = scope ? { propertyName: scope.property, operator: "EQ", value: String(scope.value) } : undefined;
  return (
    `return [{ json: { filterGroups: [{ filters: [\n` +
    `  { propertyName: "hubspot_owner_id", operator: "NOT_HAS_PROPERTY" },\n` +
    `  { propertyName: "createdate", operator: "GTE", value: String(${since}) },\n` +
    (scoped ? `  ${JSON.stringify(scoped)},\n` : "") +
    `] }], sorts: [{ propertyName: "createdate", direction: "ASCENDING" }], properties: ["hubspot_owner_id"], limit: ${PAGE} } }];\n`
  );
}
