// @ts-check
/**
 * An automation's actions inside n8n's Code node (see ../automation-runtime.ts), type-checked by ./tsconfig.json.
 * The JSDoc blocks, `// @ts-expect-error` lines and the line above are cut before the text goes into a workflow.
 * @typedef {{ setProperty?: { property: string, value: string }, assignOwner?: Rule["assign"],
 *   createTask?: { title: string, for: string, dueMs?: number, priority?: string }, notify?: { to: string[], message: string }, webhook?: object }} Action
 * @typedef {{ owners: Record<string, { team?: string, backup?: string }>, teams: Record<string, { manager: string }> }} People
 * @typedef {{ key: string, subject: string, taskAssociation?: number, people?: People, actions: Action[] }} ActionsConfig
 * @typedef {{ owner: string, ownerId: string, unrouted?: string }} Assigned
 * @typedef {{ id: string, object?: string, properties?: Record<string, unknown> }} CrmRecord
 */

/**
 * @param {ActionsConfig} config
 * @param {CrmRecord | null} record
 * @param {Array<{ id: string | number, email?: string }>} crmOwners
 * @param {Record<number, Assigned>} assigned the assignOwner actions' decisions, by action, from the assignment log
 * @param {number} now
 */
function prepare(config, record, crmOwners, assigned, now) {
  /** @type {Record<string, string>} */
  const byId = {}, ids = {};
  // @ts-expect-error `ids` is a Record<string, string> too (a JSDoc type covers the first name of a declaration only)
  for (const o of crmOwners) if (o.email) { byId[String(o.id)] = o.email.toLowerCase(); ids[o.email.toLowerCase()] = String(o.id); }
  const p = (record && record.properties) || {};
  const ownerEmail = byId[String(p.hubspot_owner_id)];
  /** @type {Record<string, string | undefined>} */
  const people = {
    owner: ownerEmail,
    manager: manager(config, ownerEmail),
    backup: backup(config, ownerEmail),
  };
  /** @param {string} text */
  const fill = (text) => render(text, p, { automation: config.key }, now);
  const actions = config.actions.map((a, i) => {
    if (a.setProperty) return { properties: { [a.setProperty.property]: fill(a.setProperty.value) } };
    if (a.assignOwner) {
      const decision = assigned[i];
      // Nobody it could go to (as route() says): the execution fails, named, rather than clear the owner.
      if (!decision || decision.unrouted) throw new Error(config.key + ": " + (decision ? decision.unrouted : "no assignment logged for record " + (record && record.id)));
      p.hubspot_owner_id = decision.ownerId;
      people.owner = decision.owner;
      people.manager = manager(config, decision.owner);
      people.backup = backup(config, decision.owner);
      return { properties: { hubspot_owner_id: decision.ownerId } };
    }
    if (a.createTask) {
      const t = a.createTask;
      const who = t.for in people ? people[t.for] : t.for;
      /** @type {Record<string, string>} */
      const properties = {
        hs_task_subject: fill(t.title),
        hs_task_status: "NOT_STARTED",
        hs_timestamp: new Date(now + (t.dueMs || 0)).toISOString(),
      };
      if (t.priority) properties.hs_task_priority = t.priority.toUpperCase();
      // @ts-expect-error as above: `ids` maps lower-case emails to owner ids
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

/**
 * @param {ActionsConfig} config
 * @param {string | undefined} email
 */
function manager(config, email) {
  const owner = email && config.people && config.people.owners[email];
  // @ts-expect-error `owner` was found in config.people
  const team = owner && owner.team && config.people.teams[owner.team];
  return team ? team.manager : undefined;
}

/**
 * @param {ActionsConfig} config
 * @param {string | undefined} email
 */
function backup(config, email) {
  const owner = email && config.people && config.people.owners[email];
  return owner ? owner.backup : undefined;
}
