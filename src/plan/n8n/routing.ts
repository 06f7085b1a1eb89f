import { hubspotPaths as P } from "../../clients/hubspot/api-version";
import type { Blueprint, RoutingRule } from "../../blueprint/model";
import { ownerCalendar } from "../../blueprint/calendar";
import { slaDuration } from "../../blueprint/duration";
import { code, crmRequest, ifTrue, waitUntil, type N8nTarget } from "./nodes";
import { internalEntry, publicEntry, publicPaths, respond, signedPost } from "./callers";
import { metricReads } from "../instrumentation";
import { ROUTING_RUNTIME } from "./routing-runtime";
import { addRoutingSweep } from "./routing-sweep";
import { addRoutingLogUpkeep } from "./log-upkeep";
import { addUnroutedBranch } from "./unrouted";
import { chooseFromLog, DECISION, LEDGER_RUNTIME, logNodes } from "./routing-log";
import { expandTeams, notificationUses, RENDER_RUNTIME, sendNotification, templateProperties } from "./notify";
import { settings, webhookPrefix, type CompiledWorkflow } from "./compiled";
import { WorkflowBuilder } from "./workflow-builder";
import { addCrmCall, answerOf } from "./rate-limits";
import { addUnitCheck, NO_UNIT } from "./routing-scope";
import { addBatchRouting, MAX_BATCH } from "./routing-batch";

/** Contact properties whose value means "someone touched this lead" (a revstack property and HubSpot's own). */
export const FIRST_TOUCH_PROPERTIES = ["first_touch_at", "notes_last_contacted"];
/** Set to true on the contact when its SLA is breached, if the blueprint declares it. */
export const BREACH_PROPERTY = "sla_breached";

/**
 * The routing rule set becomes two workflows: "routing" (webhook → read lead and owners → choose the owner in
 * a Code node → assign in the CRM → start the SLA timer → answer with the decision) and, when a rule has an
 * SLA, "sla-timers" (wait until the deadline → re-read the lead → if untouched, reassign / mark / escalate).
 */
export function compileRouting(bp: Blueprint, target: N8nTarget): CompiledWorkflow[] {
  if (bp.routing.length === 0) return [];
  const prefix = webhookPrefix(bp);
  const withSla = bp.routing.some((r) => r.sla);
  const routing = routingWorkflow(bp, target, `${prefix}/route-lead`, withSla ? `${prefix}/sla-timer` : undefined);
  const out = [routing];
  if (withSla) out.push(slaWorkflow(bp, target, `${prefix}/sla-timer`, breachListeners(bp)));
  return out;
}

function routingWorkflow(
  bp: Blueprint,
  target: N8nTarget,
  path: string,
  slaPath: string | undefined,
): CompiledWorkflow {
  const wf = new WorkflowBuilder("routing");
  // The rules' properties, and the business unit's that the unit check reads (./routing-scope.ts).
  const readProps = [...new Set([...leadProperties(bp), ...(bp.scope ? [bp.scope.property] : [])])].sort().join(",");
  // The request as the caller check (./callers.ts) accepted it: `{ contactId, reroute? }`.
  const contactId = "String($('Well-formed?').first().json.body.contactId)";
  const log = logNodes(bp, contactId);
  const arrive = publicEntry(wf, bp.metadata.name, "Lead arrives", path, target.callers, MAX_BATCH);
  // HubSpot's batched deliveries (several events in one request) take the batch path (./routing-batch.ts).
  const single = wf.add(ifTrue("One lead?", "!$json.body.leads"), 9.5, 0);
  const read = addCrmCall(
    wf,
    crmRequest(
      target,
      "Read the lead",
      "GET",
      `${P.objects}/contacts/{{ encodeURIComponent(${contactId}) }}?properties=${readProps}`,
    ),
    1,
  );
  const owners = addCrmCall(wf, crmRequest(target, "Read the owners", "GET", `${P.owners}?limit=500`), 2);
  const find = wf.add(log.find, 3);
  const first = wf.add(log.first, 4);
  const insert = wf.add(log.insert, 5);
  const rows = wf.add(log.rows, 6);
  const inUnit = addUnitCheck(wf, bp, target, read.last, "Read the lead", 1.5);
  wf.chain(arrive, single, read.first)
    .chain(inUnit, owners.first)
    .chain(owners.last, find, first)
    .connect(first, insert, 0)
    .connect(first, rows, 1)
    .connect(insert, rows);
  const choose = wf.add(
    code(
      "Choose the owner",
      `const config = ${JSON.stringify(routingConfig(bp, target))};\n${ROUTING_RUNTIME}\n${LEDGER_RUNTIME}\n${chooseFromLog()}`,
    ),
    8,
  );
  const complete = wf.add(log.complete, 8.5);
  const wait = wf.add(log.wait, 8.5, 1);
  const record = wf.add(log.record, 9);
  const routed = wf.add(ifTrue("Routed?", `!$('Choose the owner').first().json.unrouted`), 10);
  const assign = addCrmCall(
    wf,
    crmRequest(
      target,
      "Assign the owner in the CRM",
      "PATCH",
      `${P.objects}/contacts/{{ $('Choose the owner').first().json.contactId }}`,
      `{ properties: { hubspot_owner_id: $('Choose the owner').first().json.ownerId${routingStamps(bp)} } }`,
    ),
    10,
  );
  wf.chain(rows, choose, complete, record, routed, assign.first).connect(complete, wait, 1).connect(wait, rows);
  addUnroutedBranch(wf, bp, target, routed, 11);
  // The owner is in the CRM: the caller is answered before the SLA timer starts, a call into n8n itself that, under
  // a burst, waits behind every execution n8n is running (bench/routing.ts profiles it as the slowest node).
  const answer = wf.add(respond("Answer", 200, routingAnswer()), 11);
  wf.chain(assign.last, answer);
  if (slaPath) {
    // A re-delivered lead keeps the timer its first delivery started.
    const fresh = wf.add(ifTrue("Newly routed?", "!$('Choose the owner').first().json.alreadyRouted"), 12);
    const timer = wf.addChain(signedPost(target, "Start the SLA timer", slaPath, DECISION), 13);
    wf.chain(answer, fresh).connect(fresh, timer.first, 0);
  }
  const config = routingConfig(bp, target);
  addBatchRouting(wf, bp, target, single, config, readProps.split(","), (d) => routingStamps(bp, d), slaPath);
  // The batch's leads of no unit are told of as one lead's are (./routing-scope.ts).
  if (wf.has(NO_UNIT)) wf.connect("Answer the batch", NO_UNIT);
  if (target.routingSweepMinutes !== undefined) addRoutingSweep(wf, bp, target, target.routingSweepMinutes, 2);
  addRoutingLogUpkeep(wf, bp, target, 3);
  return {
    key: "routing",
    definition: wf.build(bp.metadata.name, settings(bp)),
    webhooks: publicPaths(path, target.callers).map((p) => ({ method: "POST" as const, path: p })),
    active: true,
  };
}

/**
 * What the routing webhook answers an accepted call: acknowledged and the lead's id to everyone; the rule, the
 * owner and the SLA due time only to holders of the stack's secret (the stack's own scripts and form tools, which
 * may show the visitor who will call back), and `alreadyRouted` when the lead kept the owner routing gave it before.
 * HubSpot needs no more. Backups and escalation managers are never told.
 */
function routingAnswer(): string {
  const decision = "$('Choose the owner').first().json";
  const via = "$('Well-formed?').first().json.via";
  return (
    `Object.assign({ acknowledged: true, leadId: ${decision}.contactId }, ${via} === "secret" ? ` +
    `{ rule: ${decision}.rule, ownerId: ${decision}.ownerId, owner: ${decision}.owner, ` +
    `alreadyRouted: ${decision}.alreadyRouted, ` +
    `sla: ${decision}.sla ? { dueAt: ${decision}.sla.dueAt } : undefined } : {})`
  );
}

/**
 * The routing facts the metrics read, written in the same PATCH as the owner so they cannot disagree.
 * Only properties the metrics read are named (provisioned by the CRM plan, or declared by the blueprint):
 * HubSpot refuses a PATCH naming a property that does not exist.
 */
function routingStamps(bp: Blueprint, decision = "$('Choose the owner').first().json"): string {
  const values = { rule: `${decision}.rule`, assignedAt: "new Date().toISOString()" };
  return metricReads(bp)
    .flatMap((p) =>
      "routed" in p.stampedWhen && p.object === "contacts" ? [`, ${p.name}: ${values[p.stampedWhen.routed]}`] : [],
    )
    .sort()
    .join("");
}

/** The path of the webhook an slaBreached automation listens on; the SLA timers call it on each breach. */
export function breachWebhookPath(bp: Blueprint, automationKey: string): string {
  return `${webhookPrefix(bp)}/automations/${automationKey}`;
}

function breachListeners(bp: Blueprint): string[] {
  return bp.automations.filter((a) => a.on.slaBreached).map((a) => breachWebhookPath(bp, a.key));
}

function slaWorkflow(bp: Blueprint, target: N8nTarget, path: string, listeners: string[]): CompiledWorkflow {
  const wf = new WorkflowBuilder("sla-timers");
  const trigger = "SLA timer starts";
  const declared = bp.properties.contacts?.[BREACH_PROPERTY] !== undefined;
  const start = internalEntry(wf, bp.metadata.name, trigger, path, target.callers);
  const hasSla = wf.add(ifTrue("Has an SLA?", "!!($json.body.sla && $json.body.sla.dueAt)"), 1);
  const wait = wf.add(waitUntil("Wait for the first touch", "={{ $json.body.sla.dueAt }}"), 2);
  const reread = addCrmCall(
    wf,
    crmRequest(
      target,
      "Read the lead again",
      "GET",
      `${P.objects}/contacts/{{ $('${trigger}').first().json.body.contactId }}?properties=${breachReads(bp).join(",")}`,
    ),
    3,
  );
  const breached = wf.add(code("Breached?", breachCode(bp, trigger, declared)), 4);
  const changeCrm = wf.add(ifTrue("Change the CRM?", "Object.keys($json.patch).length > 0"), 5);
  const record = addCrmCall(
    wf,
    crmRequest(
      target,
      "Reassign and mark in the CRM",
      "PATCH",
      `${P.objects}/contacts/{{ $('Breached?').first().json.contactId }}`,
      "{ properties: $('Breached?').first().json.patch }",
    ),
    6,
  );
  wf.chain(start, hasSla)
    .connect(hasSla, wait, 0)
    .chain(wait, reread.first)
    .chain(reread.last, breached, changeCrm)
    .connect(changeCrm, record.first, 0);
  if (notificationUses(bp).length > 0) {
    const notify = wf.addChain(sendNotification(bp, target, "Send the escalation", "$('Breached?').first().json"), 8);
    wf.connect(record.last, notify.first).connect(changeCrm, notify.first, 1);
  }
  listeners.forEach((listener, i) => {
    const tell = wf.addChain(
      signedPost(target, `Tell automation ${listener.split("/").pop()}`, listener, "$('Breached?').first().json"),
      5,
      i + 1,
    );
    wf.connect(breached, tell.first);
  });
  return {
    key: "sla-timers",
    definition: wf.build(bp.metadata.name, settings(bp)),
    webhooks: [{ method: "POST", path }],
    active: true,
  };
}

/** The text of an SLA breach notification when the rule's onBreach gives none. */
export const DEFAULT_BREACH_MESSAGE =
  "SLA breached: {{contact.firstname}} {{contact.lastname}} <{{contact.email}}> (routing rule {{rule}}) was not touched by {{owner}} within {{firstTouch}}, due {{dueAt}}.";

const breachMessages = (bp: Blueprint) =>
  Object.fromEntries(
    bp.routing.filter((r) => r.sla).map((r) => [r.key, r.sla!.onBreach?.message ?? DEFAULT_BREACH_MESSAGE]),
  );

/** What the breach check reads: the touch and the owner, and what the messages name. */
function breachReads(bp: Blueprint): string[] {
  const names = [...FIRST_TOUCH_PROPERTIES, "hubspot_owner_id"];
  return [
    ...names,
    ...templateProperties(...Object.values(breachMessages(bp)))
      .filter((p) => !names.includes(p))
      .sort(),
  ];
}

/**
 * Stops (no items) when the lead was touched or someone else took it over meanwhile. Otherwise the breach, with
 * the notification: its rule's message filled from the lead, to its notify targets (teams as their members)
 * and the person it escalates to.
 */
function breachCode(bp: Blueprint, trigger: string, markBreach: boolean): string {
  const teams = Object.fromEntries(
    Object.keys(bp.teams).map((key) => [`team:${key}`, expandTeams(bp, [`team:${key}`])]),
  );
  return [
    `const messages = ${JSON.stringify(breachMessages(bp))};`,
    `const teams = ${JSON.stringify(teams)};`,
    RENDER_RUNTIME,
    `const d = $('${trigger}').first().json.body;`,
    `const p = ${answerOf("Read the lead again")}.properties || {};`,
    `if (${JSON.stringify(FIRST_TOUCH_PROPERTIES)}.some((k) => p[k])) return [];`,
    `if (String(p.hubspot_owner_id ?? "") !== String(d.ownerId)) return [];`,
    `const patch = {};`,
    `if (d.sla.reassignTo && d.sla.reassignTo.id) patch.hubspot_owner_id = d.sla.reassignTo.id;`,
    ...(markBreach ? [`patch.${BREACH_PROPERTY} = "true";`] : []),
    `const facts = { rule: d.rule, contactId: d.contactId, owner: d.owner, dueAt: d.sla.dueAt, firstTouch: d.sla.firstTouch,`,
    `  reassignedTo: d.sla.reassignTo ? d.sla.reassignTo.email : null, escalateTo: d.sla.escalateTo ?? null };`,
    `const to = [...new Set([...(d.sla.notify || []).flatMap((t) => teams[t] || [t]), ...(d.sla.escalateTo ? [d.sla.escalateTo] : [])])];`,
    `const message = render(messages[d.rule] || "SLA breached ({{rule}})", p, facts, Date.now());`,
    `return [{ json: { event: "sla_breached", ...facts, notify: d.sla.notify, to, subject: ${JSON.stringify(`revstack ${bp.metadata.name}: SLA breached`)} + " (" + d.rule + ")", message, patch } }];`,
    ``,
  ].join("\n");
}

/** What the Code node needs from the blueprint, in blueprint order (stable). */
export function routingConfig(bp: Blueprint, target: Pick<N8nTarget, "timeScale">) {
  const teams = Object.fromEntries(
    Object.entries(bp.teams).map(([key, t]) => [
      key,
      {
        manager: t.manager,
        strategy: t.strategy,
        weights: t.weights,
        territoryProperty: t.territoryProperty,
        members: bp.owners.filter((o) => o.team === key).map((o) => o.email),
      },
    ]),
  );
  const owners = Object.fromEntries(
    bp.owners.map((o) => [
      o.email,
      {
        team: o.team,
        backup: o.backup,
        capacity: o.capacity?.newLeadsPerDay,
        calendar: ownerCalendar(bp, o),
        territories: o.territories,
      },
    ]),
  );
  return {
    timeScale: target.timeScale ?? 1,
    teams,
    owners,
    rules: bp.routing.map(ruleConfig),
  };
}

function ruleConfig(rule: RoutingRule) {
  return {
    key: rule.key,
    when: rule.when,
    assign: rule.assign,
    sla: rule.sla && {
      firstTouch: rule.sla.firstTouch,
      ...slaDuration(rule.sla.firstTouch),
      businessHours: rule.sla.businessHours,
      // The breach message is the SLA timers' business: editing it leaves the routing workflow as it is.
      onBreach: rule.sla.onBreach && { ...rule.sla.onBreach, message: undefined },
    },
  };
}

/** Lead properties the rules read: condition properties and territory properties. */
export function leadProperties(bp: Blueprint): Set<string> {
  const props = new Set<string>(["email"]);
  for (const rule of bp.routing) {
    const group = rule.when;
    for (const c of group ? ("all" in group && group.all ? group.all : (group.any ?? [])) : []) props.add(c.property);
  }
  for (const team of Object.values(bp.teams)) if (team.territoryProperty) props.add(team.territoryProperty);
  return props;
}
