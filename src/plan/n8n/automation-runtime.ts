/**
 * Automation logic that runs inside n8n's Code nodes, kept as JavaScript source text for the same reason as
 * the routing runtime: the compiled workflows must not change when the toolchain does.
 *
 * CRM events (record created, property changed, stage entered, stage stalled) are found by polling the CRM's
 * search API on a schedule: HubSpot only pushes events to a registered app, and polling needs nothing but
 * the token. The workflow's static data keeps the poll window and what was already seen, so each event
 * fires once. The first poll looks back one interval.
 */
export const EVENTS_RUNTIME = String.raw`
const OVERLAP_MS = 30000;

// The search to send now, and the window start it covers (handed on to newEvents).
function pollRequest(trigger, state, now) {
  const since = state.since ?? now - trigger.pollMs;
  const modified = trigger.object === "contacts" ? "lastmodifieddate" : "hs_lastmodifieddate";
  const filters = [{ propertyName: modified, operator: "GTE", value: String(since) }];
  if (trigger.pipelineId) filters.push({ propertyName: "pipeline", operator: "EQ", value: trigger.pipelineId });
  if (trigger.kind === "stageStalled") {
    // Deals in a watched stage that nobody has touched for that stage's limit.
    const search = {
      filterGroups: Object.entries(trigger.stalledMs).map(([stageId, ms]) => ({
        filters: [
          { propertyName: "pipeline", operator: "EQ", value: trigger.pipelineId },
          { propertyName: "dealstage", operator: "EQ", value: stageId },
          { propertyName: modified, operator: "LTE", value: String(now - ms) },
        ],
      })),
      properties: trigger.properties, sorts: [{ propertyName: modified, direction: "ASCENDING" }], limit: 100,
    };
    return { search, since, until: now };
  }
  const search = { filterGroups: [{ filters }], properties: trigger.properties, sorts: [{ propertyName: modified, direction: "ASCENDING" }], limit: 100 };
  if (state.after) search.after = state.after;
  return { search, since, until: now };
}

function newEvents(trigger, request, results, state, paging) {
  const seen = (state.seen = state.seen || {});
  const fired = [];
  for (const r of results) {
    const p = r.properties || {};
    let key;
    if (trigger.kind === "recordCreated") key = Number(new Date(p.createdate)) >= Number(request.since) ? "created" : undefined;
    else if (trigger.kind === "propertyChanged") key = p[trigger.property] ?? "";
    else if (trigger.kind === "stageEntered") key = p.dealstage === trigger.stageId ? "in" : undefined;
    else if (trigger.kind === "stageStalled") key = p.dealstage + "@" + (p.hs_lastmodifieddate || "");
    else if (trigger.kind === "recordModified") key = p.hs_lastmodifieddate || p.lastmodifieddate || "";
    const before = seen[r.id];
    if (key === undefined) { delete seen[r.id]; continue; }
    seen[r.id] = key;
    if (before === key) continue;
    if (trigger.kind === "propertyChanged" && trigger.to !== undefined && String(key) !== String(trigger.to)) continue;
    if (trigger.kind === "propertyChanged" && before === undefined && Number(new Date(p.createdate)) < Number(request.since)) continue;
    fired.push({ object: trigger.object, id: String(r.id), properties: p });
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
`;

/**
 * Turns a record into the concrete actions: owner ids, rendered texts, due dates, resolved notification targets.
 * Uses route() for assignOwner and render() for templates. `config.people` is there only when an action names
 * owner, manager or backup.
 */
export const ACTIONS_RUNTIME = String.raw`
function prepare(config, record, crmOwners, state, now) {
  const byId = {}, ids = {};
  for (const o of crmOwners) if (o.email) { byId[String(o.id)] = o.email.toLowerCase(); ids[o.email.toLowerCase()] = String(o.id); }
  const p = (record && record.properties) || {};
  const ownerEmail = byId[String(p.hubspot_owner_id)];
  const people = {
    owner: ownerEmail,
    manager: manager(config, ownerEmail),
    backup: backup(config, ownerEmail),
  };
  const fill = (text) => render(text, p, { automation: config.key }, now);
  const actions = config.actions.map((a) => {
    if (a.setProperty) return { properties: { [a.setProperty.property]: fill(a.setProperty.value) } };
    if (a.assignOwner) {
      const routing = { ...config.routing, rules: [{ key: "assign", assign: a.assignOwner }] };
      const decision = route(routing, { id: record.id, properties: p }, crmOwners, state, now);
      p.hubspot_owner_id = decision.ownerId;
      people.owner = decision.owner;
      people.manager = manager(config, decision.owner);
      people.backup = backup(config, decision.owner);
      return { properties: { hubspot_owner_id: decision.ownerId } };
    }
    if (a.createTask) {
      const t = a.createTask;
      const who = t.for in people ? people[t.for] : t.for;
      const properties = {
        hs_task_subject: fill(t.title),
        hs_task_status: "NOT_STARTED",
        hs_timestamp: new Date(now + (t.dueMs || 0)).toISOString(),
      };
      if (t.priority) properties.hs_task_priority = t.priority.toUpperCase();
      if (who && ids[who.toLowerCase()]) properties.hubspot_owner_id = ids[who.toLowerCase()];
      const associations = record && config.taskAssociation
        ? [{ to: { id: record.id }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: config.taskAssociation }] }]
        : [];
      return { properties, associations };
    }
    if (a.notify) {
      const to = a.notify.to.map((n) => (n in people ? people[n] : n)).filter(Boolean);
      return { event: "notify", automation: config.key, to, subject: config.subject, message: fill(a.notify.message), record: record || null };
    }
    if (a.webhook) return { automation: config.key, record: record || null };
    return {};
  });
  return { id: record ? record.id : null, object: record ? record.object : null, actions };
}

function manager(config, email) {
  const owner = email && config.people && config.people.owners[email];
  const team = owner && owner.team && config.people.teams[owner.team];
  return team ? team.manager : undefined;
}

function backup(config, email) {
  const owner = email && config.people && config.people.owners[email];
  return owner ? owner.backup : undefined;
}
`;
