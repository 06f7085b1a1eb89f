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
import { chooseFromLog, LEDGER_RUNTIME, logNodes, ownerToWrite } from "./routing-log";
import { expandTeams, notificationUses, RENDER_RUNTIME, sendNotification, templateProperties } from "./notify";
import { settings, webhookPrefix, type CompiledWorkflow } from "./compiled";
import { WorkflowBuilder } from "./workflow-builder";
import { addCrmCall, answerOf } from "./rate-limits";
import { addUnitCheck, NO_UNIT } from "./routing-scope";
import { addBatchRouting, MAX_BATCH } from "./routing-batch";
import { addListReads, leadListsNode, leadMemberships, routingLists, ruleConditions } from "./list-memberships";
import { addSlaTimersStart } from "./sla-start";

/** Contact properties whose value means "someone touched this lead" (a revstack property and HubSpot's own). */
export const FIRST_TOUCH_PROPERTIES = ["first_touch_at", "notes_last_contacted"];
/** Set to true on the contact when its SLA is breached, if the blueprint declares it. */
export const BREACH_PROPERTY = "sla_breached";

/**
 * The routing rule set becomes two workflows: "routing" (webhook → read lead and owners → choose the owner in
 * a Code node → assign in the CRM → answer with the decision → start the SLA timers) and, when a rule has an
 * SLA, "sla-timers" (wait until the deadlines → re-read the leads → the untouched ones reassigned / marked / escalated).
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
  // The rules' properties, the business unit's that the unit check reads (./routing-scope.ts), and the owner the lead
  // has now, which a re-delivery keeps (./routing-log.ts ownerToWrite).
  const readProps = [...new Set([...leadProperties(bp), ...(bp.scope ? [bp.scope.property] : []), "hubspot_owner_id"])]
    .sort()
    .join(",");
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
  const readLog = wf.add(log.read, 3);
  const find = wf.add(log.find, 3.5);
  const first = wf.add(log.first, 4);
  const insert = wf.add(log.insert, 5);
  const base = wf.add(log.base, 5.5, 1);
  const rows = wf.add(log.rows, 6);
  const inUnit = addUnitCheck(wf, bp, target, read.last, "Read the lead", 1.5);
  const lists = addListReads(wf, routingLists(bp), target, 1.6, 1, leadMemberships(contactId));
  // The lead's lists are known, or the execution stops naming it (HubSpot delivers it again, the sweep routes it).
  const listed = lists && wf.add(leadListsNode(bp, contactId), 2.5, 1);
  if (lists && listed) wf.chain(inUnit, lists.first).chain(lists.last, listed);
  wf.chain(arrive, single, read.first)
    .chain(listed ?? inUnit, owners.first)
    .chain(owners.last, readLog, find, first)
    .connect(first, insert, 0)
    .connect(first, base, 1)
    .chain(insert, base, rows);
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
  const write = wf.add(
    ifTrue("Owner to write?", ownerToWrite("$('Choose the owner').first().json", ONE_OWNER_NOW)),
    10.5,
  );
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
  wf.chain(rows, choose, complete, record, routed, write, assign.first).connect(complete, wait, 1).connect(wait, base);
  addUnroutedBranch(wf, bp, target, routed, 11);
  // The owner is in the CRM: the caller is answered, then the execution waits for the first SLA due time before it
  // starts the SLA timers (./sla-start.ts).
  const answer = wf.add(respond("Answer", 200, routingAnswer()), 11);
  wf.chain(assign.last, answer).connect(write, answer, 1);
  const config = routingConfig(bp, target);
  const batchAnswer = addBatchRouting(wf, bp, target, single, config, readProps.split(","), (d) =>
    routingStamps(bp, d),
  );
  // The batch's leads of no unit are told of as one lead's are (./routing-scope.ts).
  if (wf.has(NO_UNIT)) wf.connect(batchAnswer, NO_UNIT);
  if (slaPath) {
    // One start for both paths: the one-lead path's decision, or the batch's.
    const decisions = `($('Choose the owner').isExecuted ? [$('Choose the owner').first().json] : $('Choose the owners').all().map((i) => i.json))`;
    const timers = addSlaTimersStart(wf, target, slaPath, decisions, 12);
    wf.connect(answer, timers).connect(batchAnswer, timers);
  }
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

/**
 * The SLA timers of one routing execution: a list of `{ contactId, ownerId, owner, rule, sla: { dueAt, … } }`, one
 * call (./sla-start.ts). The execution waits until the earliest due time, hands the leads due later on to a new
 * execution of its own (one signed call; so at most one execution waits per batch, and each one's CRM calls get their
 * own tries), then checks the leads now due together: one batch read, one batch update of the breached ones, and
 * each breach notified and told to the slaBreached automations as one lead's timer did.
 */
function slaWorkflow(bp: Blueprint, target: N8nTarget, path: string, listeners: string[]): CompiledWorkflow {
  const wf = new WorkflowBuilder("sla-timers");
  const declared = bp.properties.contacts?.[BREACH_PROPERTY] !== undefined;
  const start = internalEntry(wf, bp.metadata.name, "SLA timers start", path, target.callers);
  const timers = wf.add(code("The timers", TIMERS), 10);
  const wait = wf.add(waitUntil("Wait for the first touch", "={{ $json.timers[0].sla.dueAt }}"), 11);
  const due = wf.add(code(DUE, DUE_NOW), 12);
  // Above the check, so n8n (v1 order: the topmost branch first) hands the later ones on even if the check fails.
  const later = wf.add(ifTrue("Later ones?", "$json.later.length > 0"), 13, -2);
  const handOn = wf.addChain(signedPost(target, "Hand the later ones on", path, "{ timers: $json.later }"), 14, -2);
  const reread = addCrmCall(
    wf,
    crmRequest(
      target,
      "Read the leads again",
      "POST",
      `${P.objects}/contacts/batch/read`,
      `{ inputs: [...new Set($('${DUE}').first().json.due.map((t) => String(t.contactId)))].map((id) => ({ id })), ` +
        `properties: ${JSON.stringify(breachReads(bp))} }`,
    ),
    13,
  );
  const breached = wf.add(code("Breached?", breachCode(bp, declared)), 14);
  const changes = wf.add(code("The changes", CHANGES), 15);
  const changeCrm = wf.add(ifTrue("Change the CRM?", "$json.inputs.length > 0"), 16);
  const record = addCrmCall(
    wf,
    crmRequest(
      target,
      "Reassign and mark in the CRM",
      "POST",
      `${P.objects}/contacts/batch/update`,
      "{ inputs: $('The changes').first().json.inputs }",
    ),
    17,
  );
  const written = wf.add(code("The breaches", BREACHES), 19);
  wf.chain(start, timers, wait, due, reread.first)
    .connect(due, later)
    .connect(later, handOn.first, 0)
    .chain(reread.last, breached, changes, changeCrm)
    .connect(changeCrm, record.first, 0)
    .connect(changeCrm, written, 1)
    .chain(record.last, written);
  if (notificationUses(bp).length > 0) {
    const notify = wf.addChain(sendNotification(bp, target, "Send the escalation", "$json"), 20);
    wf.connect(written, notify.first);
  }
  // A breach HubSpot did not write fails the execution naming the leads, after the others are told (the bottom
  // branch runs last).
  const allWritten = wf.add(ifTrue("All written?", `${UNWRITTEN}.length === 0`), 18, 4);
  const unwritten = wf.add(
    {
      name: "Breaches left unwritten",
      type: "n8n-nodes-base.stopAndError",
      typeVersion: 1,
      parameters: {
        errorType: "errorMessage",
        errorMessage: `={{ "SLA breaches HubSpot did not write, leads " + ${UNWRITTEN}.join(", ") }}`,
      },
    },
    19,
    4,
  );
  wf.connect(record.last, allWritten).connect(allWritten, unwritten, 1);
  listeners.forEach((listener, i) => {
    const tell = wf.addChain(
      signedPost(target, `Tell automation ${listener.split("/").pop()}`, listener, "$json"),
      15,
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

const DUE = "Due now";

/** The request's timers, earliest due first; none to wait for, nothing runs. */
const TIMERS =
  `const timers = ($input.first().json.body.timers || []).filter((t) => t && t.contactId && t.sla && !isNaN(Date.parse(t.sla.dueAt)));\n` +
  `timers.sort((a, b) => Date.parse(a.sla.dueAt) - Date.parse(b.sla.dueAt));\n` +
  `return timers.length ? [{ json: { timers } }] : [];\n`;

/** Every timer due by now (at least the earliest, which the wait was for), and those due later. */
const DUE_NOW =
  `const { timers } = $input.first().json;\n` +
  `const until = Math.max(Date.now(), Date.parse(timers[0].sla.dueAt));\n` +
  `const due = timers.filter((t) => Date.parse(t.sla.dueAt) <= until);\n` +
  `return [{ json: { due, later: timers.slice(due.length) } }];\n`;

/** One batch update's inputs: the breaches that change the CRM (reassign, mark). */
const CHANGES =
  `const inputs = $input.all().map((i) => i.json).filter((b) => Object.keys(b.patch).length > 0)` +
  `.map((b) => ({ id: b.contactId, properties: b.patch }));\n` +
  `return [{ json: { inputs } }];\n`;

const ANSWER = `($('Reassign and mark in the CRM').isExecuted ? ${answerOf("Reassign and mark in the CRM")}.results || [] : [])`;

/** The leads the batch update was sent and HubSpot's answer does not list (refused in its `errors`, or left out). */
const UNWRITTEN = `$('The changes').first().json.inputs.map((i) => String(i.id)).filter((id) => !${ANSWER}.some((r) => String(r.id) === id))`;

/** The breaches to notify: those the CRM took (or that change nothing in it). */
const BREACHES =
  `const unwritten = ${UNWRITTEN};\n` +
  `return $('Breached?').all().filter((i) => !unwritten.includes(String(i.json.contactId))).map((i) => ({ json: i.json }));\n`;

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
 * One item per lead now due that is still untouched and still its owner's (a lead touched or taken over meanwhile,
 * or no longer in HubSpot, has nothing to chase): the breach, with the notification: its rule's message filled
 * from the lead, to its notify targets (teams as their members) and the person it escalates to.
 */
function breachCode(bp: Blueprint, markBreach: boolean): string {
  const teams = Object.fromEntries(
    Object.keys(bp.teams).map((key) => [`team:${key}`, expandTeams(bp, [`team:${key}`])]),
  );
  return [
    `const messages = ${JSON.stringify(breachMessages(bp))};`,
    `const teams = ${JSON.stringify(teams)};`,
    RENDER_RUNTIME,
    `const leads = Object.fromEntries((${answerOf("Read the leads again")}.results || []).map((r) => [String(r.id), r.properties || {}]));`,
    `return $('${DUE}').first().json.due.flatMap((d) => {`,
    `  const p = leads[String(d.contactId)];`,
    `  if (!p || ${JSON.stringify(FIRST_TOUCH_PROPERTIES)}.some((k) => p[k])) return [];`,
    `  if (String(p.hubspot_owner_id ?? "") !== String(d.ownerId)) return [];`,
    `  const patch = {};`,
    `  if (d.sla.reassignTo && d.sla.reassignTo.id) patch.hubspot_owner_id = d.sla.reassignTo.id;`,
    ...(markBreach ? [`  patch.${BREACH_PROPERTY} = "true";`] : []),
    `  const facts = { rule: d.rule, contactId: d.contactId, owner: d.owner, dueAt: d.sla.dueAt, firstTouch: d.sla.firstTouch,`,
    `    reassignedTo: d.sla.reassignTo ? d.sla.reassignTo.email : null, escalateTo: d.sla.escalateTo ?? null };`,
    `  const to = [...new Set([...(d.sla.notify || []).flatMap((t) => teams[t] || [t]), ...(d.sla.escalateTo ? [d.sla.escalateTo] : [])])];`,
    `  const message = render(messages[d.rule] || "SLA breached ({{rule}})", p, facts, Date.now());`,
    `  return [{ json: { event: "sla_breached", ...facts, notify: d.sla.notify, to, subject: ${JSON.stringify(`revstack ${bp.metadata.name}: SLA breached`)} + " (" + d.rule + ")", message, patch } }];`,
    `});`,
    ``,
  ].join("\n");
}

/** The one lead's owner in HubSpot when it was read. */
const ONE_OWNER_NOW = `${answerOf("Read the lead")}.properties.hubspot_owner_id`;

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
  for (const rule of bp.routing) for (const c of ruleConditions(rule)) if ("property" in c) props.add(c.property);
  for (const team of Object.values(bp.teams)) if (team.territoryProperty) props.add(team.territoryProperty);
  return props;
}
