// @ts-check
/**
 * Polling for CRM events inside n8n's Code nodes (see ../automation-runtime.ts), type-checked by ./tsconfig.json.
 * The JSDoc blocks, `// @ts-expect-error` lines and the line above are cut before the text goes into a workflow.
 * @typedef {{ kind: "recordCreated" | "propertyChanged" | "stageEntered" | "stageStalled" | "recordModified", object: string, pollMs: number,
 *   properties: string[], pipelineId?: string, stageId?: string, property?: string, to?: unknown, stalledMs?: Record<string, number>,
 *   pipelineProperty?: string, stageProperty?: string,
 *   scope?: { property: string, value: string } }} Trigger
 * @typedef {{ since?: number, after?: string, seen?: Record<string, string>, activatedAt?: number }} PollState
 * @typedef {{ propertyName: string, operator: string, value: string | undefined }} Filter
 * @typedef {{ filterGroups: Array<{ filters: Filter[] }>, properties: string[], sorts: Array<{ propertyName: string, direction: string }>, limit: number, after?: string }} Search
 * @typedef {{ search: Search, since: number, until: number, first?: boolean }} PollRequest
 * @typedef {{ id: string, properties?: Record<string, string> }} Result
 * @typedef {{ since?: number, after?: string, members?: Record<string, string>, pass?: Record<string, string> }} ListState
 * @typedef {{ recordId: string | number, membershipTimestamp: string }} Membership
 */

const OVERLAP_MS = 30000;
/**
 * How far a trigger's first poll looks back when the workflow does not say when it was activated (one created
 * before `activatedAt`, ../activation.ts; one interval when that is longer). With `activatedAt`, the first window
 * starts there: n8n runs a newly activated workflow's first poll when its scheduler and its load allow, and the
 * records that changed between `pulumi up` and that poll are in its window, the older ones not. An event an earlier
 * poll saw is not fired again: the automation log (../event-log.ts) keys it by record and moment, whatever the window.
 */
const FIRST_POLL_LOOKBACK_MS = 10 * 60000;

// The search to send now, and the window start it covers (handed on to newEvents).
/**
 * @param {Trigger} trigger
 * @param {PollState} state
 * @param {number} now
 * @returns {PollRequest}
 */
function pollRequest(trigger, state, now) {
  const since = state.since ?? firstWindowStart(state, now, Math.max(trigger.pollMs, FIRST_POLL_LOOKBACK_MS));
  const modified = trigger.object === "contacts" ? "lastmodifieddate" : "hs_lastmodifieddate";
  // A business unit's stack searches its own records only (the blueprint's scope).
  const scoped = trigger.scope ? [{ propertyName: trigger.scope.property, operator: "EQ", value: trigger.scope.value }] : [];
  const filters = [{ propertyName: modified, operator: "GTE", value: String(since) }, ...scoped];
  // A deal's stage is in dealstage; a ticket's and a custom object's in hs_pipeline_stage (automations.ts names them).
  const pipelineProperty = trigger.pipelineProperty || "pipeline";
  const stageProperty = trigger.stageProperty || "dealstage";
  if (trigger.pipelineId) filters.push({ propertyName: pipelineProperty, operator: "EQ", value: trigger.pipelineId });
  if (trigger.kind === "stageStalled") {
    // Deals in a watched stage that nobody has touched for that stage's limit.
    /** @type {Search} */
    const search = {
      // @ts-expect-error a stageStalled trigger always has stalledMs (automations.ts)
      filterGroups: Object.entries(trigger.stalledMs).map(([stageId, ms]) => ({
        filters: [
          { propertyName: pipelineProperty, operator: "EQ", value: trigger.pipelineId },
          { propertyName: stageProperty, operator: "EQ", value: stageId },
          { propertyName: modified, operator: "LTE", value: String(now - ms) },
          ...scoped,
        ],
      })),
      properties: trigger.properties, sorts: [{ propertyName: modified, direction: "ASCENDING" }], limit: 100,
    };
    return { search, since, until: now };
  }
  /** @type {Search} */
  const search = { filterGroups: [{ filters }], properties: trigger.properties, sorts: [{ propertyName: modified, direction: "ASCENDING" }], limit: 100 };
  if (state.after) search.after = state.after;
  return { search, since, until: now, ...(state.since === undefined && { first: true }) };
}

/**
 * @param {Trigger} trigger
 * @param {PollRequest} request
 * @param {Result[]} results
 * @param {PollState} state
 * @param {{ next?: { after?: string } } | undefined} paging
 */
function newEvents(trigger, request, results, state, paging) {
  /** @type {Record<string, string>} */
  const seen = (state.seen = state.seen || {});
  /** @type {Array<{ object: string, id: string, properties: Record<string, string>, event: string }>} */
  const fired = [];
  for (const r of results) {
    const p = r.properties || {};
    // A custom object's records are created at hs_createdate, the standard objects' at createdate.
    const created = Number(new Date(p.createdate ?? p.hs_createdate));
    /** @type {string | undefined} */
    let key;
    const stage = p[trigger.stageProperty || "dealstage"];
    if (trigger.kind === "recordCreated") key = created >= Number(request.since) ? "created" : undefined;
    // @ts-expect-error a propertyChanged trigger always names its property (automations.ts)
    else if (trigger.kind === "propertyChanged") key = p[trigger.property] ?? "";
    else if (trigger.kind === "stageEntered") key = stage === trigger.stageId ? "in" : undefined;
    else if (trigger.kind === "stageStalled") key = stage + "@" + (p.hs_lastmodifieddate || "");
    else if (trigger.kind === "recordModified") key = p.hs_lastmodifieddate || p.lastmodifieddate || "";
    const before = seen[r.id];
    if (key === undefined) { delete seen[r.id]; continue; }
    seen[r.id] = key;
    if (before === key) continue;
    if (trigger.kind === "propertyChanged" && trigger.to !== undefined && String(key) !== String(trigger.to)) continue;
    if (trigger.kind === "propertyChanged" && before === undefined && created < Number(request.since)) continue;
    // The first poll's window reaches back before the automation was on: a record in the stage that entered it
    // before the window is not an event of it.
    if (trigger.kind === "stageEntered" && request.first && Number(new Date(p["hs_v2_date_entered_" + trigger.stageId])) < Number(request.since)) continue;
    fired.push({ object: trigger.object, id: String(r.id), properties: p, event: eventId(trigger, r.id, key, p) });
  }
  // A full page with a next page: the same window continues from it on the next run (one page per run), so
  // more than a page of changes within the overlap cannot hold the cursor in place.
  const after = results.length === 100 && trigger.kind !== "stageStalled" && paging && paging.next && paging.next.after;
  if (after) { state.after = after; return fired; }
  delete state.after;
  // Without a next page, a full page continues from its last record next time. Windows overlap
  // (the CRM's search index lags behind writes); what was seen already does not fire twice.
  const last = results.length === 100 && results[results.length - 1].properties;
  const until = last ? Number(new Date(last.hs_lastmodifieddate || last.lastmodifieddate)) : request.until;
  state.since = trigger.kind === "stageStalled" ? request.until : Math.max(Number(request.since), until - OVERLAP_MS);
  const ids = Object.keys(seen);
  if (ids.length > 20000) for (const id of ids.slice(0, ids.length - 20000)) delete seen[id];
  return fired;
}

/**
 * The event's id within its automation, the same in every execution that sees it (the automation log's key,
 * ../event-log.ts): the record and the moment HubSpot gives for the change. A stage entry is told apart by when the
 * record entered the stage (HubSpot's `hs_v2_date_entered_<stage>`), so leaving and entering again is a new event.
 * @param {Trigger} trigger
 * @param {string | number} id
 * @param {string} key
 * @param {Record<string, string>} p
 */
function eventId(trigger, id, key, p) {
  const modified = p.hs_lastmodifieddate || p.lastmodifieddate || "";
  if (trigger.kind === "recordCreated") return id + ":created";
  if (trigger.kind === "propertyChanged") return id + ":" + trigger.property + "=" + key + "@" + modified;
  if (trigger.kind === "stageEntered") return id + ":entered@" + (p["hs_v2_date_entered_" + trigger.stageId] || modified);
  return id + ":" + trigger.kind + "@" + key;
}

/**
 * Where a trigger's first window starts: when the workflow was activated, else `lookback` before now.
 * @param {{ activatedAt?: number }} state
 * @param {number} now
 * @param {number} lookback
 */
function firstWindowStart(state, now, lookback) {
  return typeof state.activatedAt === "number" ? Math.min(state.activatedAt, now) : now - lookback;
}

// A list's members are read a page per poll (HubSpot's `/{listId}/memberships`, by record id); a join is a member
// that the last full pass did not hold. Without a last pass (the first one), a member joined within one interval
// before the first poll counts, as the other triggers look back one interval.
/**
 * @param {{ pollMs: number }} trigger
 * @param {ListState} state
 * @param {number} now
 */
function membersRequest(trigger, state, now) {
  if (state.since === undefined) state.since = now - trigger.pollMs;
  return { after: state.after || "", since: state.since };
}

/**
 * The joins in one page of members, each with its event id (the record and when it joined: leaving and joining
 * again is a new event; the automation log makes each fire once).
 * @param {{ after: string, since: number }} request
 * @param {Membership[]} results
 * @param {ListState} state
 * @param {{ next?: { after?: string } } | undefined} paging
 */
function listJoins(request, results, state, paging) {
  /** @type {Record<string, string>} */
  const pass = (state.pass = state.pass || {});
  /** @type {Array<{ id: string, event: string }>} */
  const joined = [];
  for (const m of results) {
    const id = String(m.recordId);
    pass[id] = m.membershipTimestamp;
    const held = state.members ? id in state.members : Number(new Date(m.membershipTimestamp)) < request.since;
    if (!held) joined.push({ id, event: id + ":joined@" + m.membershipTimestamp });
  }
  const after = paging && paging.next && paging.next.after;
  if (after) {
    state.after = String(after);
    return joined;
  }
  delete state.after;
  state.members = pass;
  state.pass = {};
  return joined;
}
