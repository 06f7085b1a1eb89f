import { hubspotPaths as P } from "../../clients/hubspot/api-version";
import type { Action, Automation, Blueprint, CrmObject, RecordObject, Trigger } from "../../blueprint/model";
import { CUSTOM_DEFAULTS, isStandardObject } from "../../blueprint/checks/names";
import { pipelineNamed } from "../../blueprint/checks/builtin-pipelines";
import { objectTypePath } from "../../blueprint/crm-objects";
import { pipelineProperties } from "../../clients/hubspot";
import { durationMinutes } from "../../blueprint/duration";
import { scopeValue } from "../../blueprint/scope";
import { ACTIONS_RUNTIME, EVENTS_RUNTIME } from "./automation-runtime";
import { conditionExpression } from "./conditions";
import { addRecordLists, conditionLists } from "./list-memberships";
import { code, crmRequest, ifTrue, pipelineIds, scheduleNode, waitFor, type N8nTarget } from "./nodes";
import { internalEntry, publicEntry, publicPaths, respond } from "./callers";
import {
  expandTeams,
  peopleConfig,
  RENDER_RUNTIME,
  sendNotification,
  templateProperties,
  untilDelivered,
} from "./notify";
import { settings, type CompiledWorkflow } from "./compiled";
import { breachWebhookPath } from "./routing";
import { addAssignmentLog, assignedCode, assignmentLogTable } from "./assignment-log";
import { WorkflowBuilder } from "./workflow-builder";
import {
  ACTION_LEASE_MS,
  addActionFailure,
  EVENT_ATTEMPTS,
  addRetries,
  addRetryOnFailure,
  eventsToActOn,
  failsOver,
  fireOnce,
  notificationKey,
  markDone,
  markSkipped,
} from "./event-log";
import { addAutomationLogUpkeep } from "./log-upkeep";
import { addCrmCall, answerOf } from "./rate-limits";
import type { NodeSpec } from "./workflow-builder";

/** HubSpot's association type ids from a task to the record it is about. */
const TASK_ASSOCIATION: Record<CrmObject, number> = { contacts: 204, companies: 192, deals: 216, tickets: 230 };
const MINUTE_MS = 60_000;
/** The shortest interval between runs that take up events left to try again (polls may be more frequent). */
const RETRY_MIN_SECONDS = 10;

/** Whether n8n runs the automation: `target: hubspot` ones are HubSpot workflows (src/kinds/hubspot-workflow-automation.ts). */
export const runsInN8n = (a: Automation): boolean => a.target !== "hubspot";

/** An automation's problem that makes it impossible to compile (reported with its key). */
export class AutomationError extends Error {}

/**
 * One workflow per automation: trigger → the record(s) it is about → IF on its conditions → the actions in
 * order. CRM events are polled from the CRM's search API (see automation-runtime); webhook and SLA-breach
 * triggers name a contact; schedules act without a record.
 */
export function compileAutomation(bp: Blueprint, automation: Automation, target: N8nTarget): CompiledWorkflow {
  const wf = new WorkflowBuilder(`automation-${automation.key}`);
  const where = `automation ${automation.key}`;
  const trigger = withKey(where, () => triggerNodes(bp, automation, target, wf));
  // Record-less (schedule) automations fire once per tick of n8n's one scheduler: there is no event to claim.
  const claimed = Boolean(trigger.object);
  let retried: string | undefined;
  const leaseMs = ACTION_LEASE_MS + longestWaitMs(automation, target);
  const once = claimed ? fireOnce(wf, bp, automation.key, trigger.last, trigger.column, leaseMs) : trigger;
  const warnings: string[] = [];
  if (claimed) {
    const assignments = assignsOwners(automation) ? assignmentLogTable(bp, automation.key).name : undefined;
    addAutomationLogUpkeep(wf, bp, target, 2, assignments);
    const notify = failureTargets(bp, automation);
    if (notify.length === 0) warnings.push(toldNoOne(where));
    const seconds = Math.max(pollSeconds(target), RETRY_MIN_SECONDS);
    retried = addRetries(wf, bp, target, { key: automation.key, seconds, leaseMs, notify }, 4);
    // Whatever node fails an execution (a refused CRM call, a Code node's error), its events are due at once.
    addRetryOnFailure(wf, bp, 6);
  }
  let column = once.column;
  let last = once.last;
  if (automation.if) {
    // A list condition needs the records' memberships first (./list-memberships.ts).
    const tested = conditionLists(bp, automation.if);
    const lists = tested && addRecordLists(wf, tested, target, column);
    column += lists ? 4 : 0;
    const check = wf.add(ifTrue("Conditions met?", conditionExpression(automation.if)), column++);
    if (lists) wf.connect(lists.last, check);
    wf.connect(last, lists?.first ?? check, 0);
    if (retried) wf.connect(retried, lists?.first ?? check);
    if (claimed) wf.connect(check, wf.add(markSkipped(bp, "Conditions not met: done"), column, 1), 1);
    last = check;
  }
  const owners = addCrmCall(
    wf,
    { ...crmRequest(target, "Read the owners", "GET", `${P.owners}?limit=500`), executeOnce: true },
    column,
  );
  column += 2;
  const assignments = addAssignmentLog(wf, bp, automation, last, column);
  column = assignments?.column ?? column;
  const prepare = wf.add(code("Prepare the actions", prepareCode(bp, automation, trigger.object, last)), column++);
  wf.chain(last, owners.first);
  if (retried && !automation.if) wf.connect(retried, owners.first);
  if (assignments) {
    wf.chain(owners.last, assignments.first);
    for (const [from, output] of assignments.tails) wf.connect(from, prepare, output);
  } else wf.chain(owners.last, prepare);
  // Where the next action is reached from (claimed events: the mark of the last one done, or the skip of one done before).
  let tails: Array<[string, number]> = [[prepare, 0]];
  automation.do.forEach((action, i) => {
    const node = actionNode(bp, action, i, trigger.object, target, automation.key, warnings);
    // A claimed event's notification or webhook that fails stops the execution once the others went on (./event-log.ts).
    const fails = claimed && Boolean(action.notify || action.webhook);
    const nodes =
      "crm" in node
        ? addCrmCall(wf, node.crm, column)
        : wf.addChain(fails ? failsOver([node].flat()) : [node].flat(), column);
    if (fails) addActionFailure(wf, nodes.last, column);
    column += "crm" in node ? 2 : [node].flat().length;
    const marked = claimed
      ? markedAction(wf, bp, action, i + 1, automation.do.length, leaseMs, nodes, column)
      : { first: nodes.first, tails: [[nodes.last, 0] as [string, number]] };
    column += claimed ? 2 : 0;
    for (const [from, output] of tails) wf.connect(from, marked.first, output);
    tails = marked.tails;
  });
  return {
    key: `automation-${automation.key}`,
    definition: wf.build(bp.metadata.name, settings(bp)),
    webhooks: (trigger.paths ?? []).map((path) => ({ method: "POST" as const, path })),
    active: automation.enabled,
    warnings,
    pipelines: pipelinesOf(automation),
  };
}

/**
 * An action of a claimed event, in the automation log (./event-log.ts): one a retry may do again unchanged (a PATCH
 * of fixed values) just runs; any other is skipped when an earlier attempt did it, and marked done when it succeeds,
 * so a retry never creates a second task or sends a second message. The last action marks the event done.
 */
function markedAction(
  wf: WorkflowBuilder,
  bp: Blueprint,
  action: Action,
  n: number,
  count: number,
  leaseMs: number,
  nodes: { first: string; last: string },
  column: number,
): { first: string; tails: Array<[string, number]> } {
  const again = Boolean(action.setProperty || action.moveStage);
  const entry = again
    ? undefined
    : wf.add(ifTrue(`${n}. Still to do?`, `$('Prepare the actions').item.json.done < ${n}`), column);
  if (entry) wf.connect(entry, nodes.first, 0);
  if (again && n < count) return { first: nodes.first, tails: [[nodes.last, 0]] };
  const mark = wf.add(markDone(bp, `${n}. Done`, n, n === count, leaseMs), column + 1);
  wf.connect(nodes.last, mark);
  return {
    first: entry ?? nodes.first,
    tails: entry
      ? [
          [mark, 0],
          [entry, 1],
        ]
      : [[mark, 0]],
  };
}

/** The longest `wait` action, as the workflow waits it: an attempt's lease covers it. */
function longestWaitMs(a: Automation, target: N8nTarget): number {
  const waits = a.do.map((d) => (d.wait ? durationMinutes(d.wait.for) * MINUTE_MS * (target.timeScale ?? 1) : 0));
  return Math.round(Math.max(0, ...waits));
}

/**
 * Who is told of an event the automation gave up on, the first of: the people its own notify actions name (a Slack
 * channel, an address, a team), those the routing rules name for leads they could not route, those their SLAs
 * notify on a breach, the teams' managers. (The event stays `failed` in the automation log either way.)
 */
function failureTargets(bp: Blueprint, a: Automation): string[] {
  const candidates = [
    a.do.flatMap((d) => d.notify?.to ?? []).filter((t) => !PEOPLE.has(t)),
    bp.routing.flatMap((r) => r.onUnrouted?.notify ?? []),
    bp.routing.flatMap((r) => r.sla?.onBreach?.notify ?? []),
    Object.values(bp.teams).flatMap((t) => (t.manager ? [t.manager] : [])),
  ];
  return [...new Set(expandTeams(bp, candidates.find((c) => c.length > 0) ?? []))];
}

/** The warning of an automation whose given-up events failureTargets finds no one to tell of. */
const toldNoOne = (where: string) =>
  `${where}: an event it gives up on (after ${EVENT_ATTEMPTS} attempts) is told to no one: it notifies no channel or ` +
  `address itself, and the blueprint names no onUnrouted.notify, no SLA onBreach.notify and no team manager. ` +
  `Until one is named (a notify action, say), such an event only fails its n8n execution and stays failed in the automation log`;

/** The pipelines whose CRM ids the workflow carries (stage triggers, moveStage). */
function pipelinesOf(a: Automation): string[] {
  const trigger = a.on.stageEntered ?? a.on.stageStalled;
  const moves = a.do.flatMap((action) => (action.moveStage ? [action.moveStage.pipeline] : []));
  return [...new Set([...(trigger ? [trigger.pipeline] : []), ...moves])].sort();
}

function withKey<T>(where: string, build: () => T): T {
  try {
    return build();
  } catch (err) {
    if (err instanceof AutomationError && !err.message.startsWith(where))
      throw new AutomationError(`${where}: ${err.message}`);
    throw err;
  }
}

interface TriggerNodes {
  last: string;
  column: number;
  /** The CRM object the records are (as its API path names it), or undefined for record-less (schedule) automations. */
  object?: string;
  /** The webhook paths it serves. */
  paths?: string[];
}

/**
 * A webhook trigger is public (callers.ts: the stack's secret or HubSpot's signature, a well-formed contact,
 * acknowledged before the work); an SLA-breach trigger is internal, called by the SLA timers only.
 */
function webhookTrigger(bp: Blueprint, a: Automation, target: N8nTarget, wf: WorkflowBuilder) {
  if (a.on.webhook) {
    const path = a.on.webhook.path.replace(/^\/+/, "");
    const valid = publicEntry(wf, bp.metadata.name, "Request arrives", path, target.callers);
    const ack = wf.add(respond("Acknowledge", 202, "{ acknowledged: true, leadId: $json.body.contactId }"), 7);
    wf.connect(valid, ack, 0);
    return { start: ack, paths: publicPaths(path, target.callers) };
  }
  const path = breachWebhookPath(bp, a.key);
  return { start: internalEntry(wf, bp.metadata.name, "Request arrives", path, target.callers), paths: [path] };
}

function triggerNodes(bp: Blueprint, a: Automation, target: N8nTarget, wf: WorkflowBuilder): TriggerNodes {
  const on: Trigger = a.on;
  if (on.webhook || on.slaBreached) {
    const { start, paths } = webhookTrigger(bp, a, target, wf);
    const rule = on.slaBreached?.rule;
    // A breach is one lead's deadline; a webhook call is the event HubSpot (or the caller) names by eventId, and
    // without one every call is an event of its own.
    const webhookEvent = on.slaBreached
      ? "String(id) + ':breached:' + b.rule + '@' + b.dueAt"
      : "b.eventId !== undefined ? String(id) + ':event:' + b.eventId : String(id) + ':call:' + $execution.id";
    const which = wf.add(
      code(
        "Which contact",
        `const b = $json.body || {};\n` +
          (rule ? `if (b.rule !== ${JSON.stringify(rule)}) return [];\n` : "") +
          `const id = b.contactId ?? b.objectId;\nreturn id ? [{ json: { id: String(id), event: ${webhookEvent} } }] : [];\n`,
      ),
      8,
    );
    const read = readContact(bp, a, target, wf, "$('Which contact').first().json.id", 9);
    const record = wf.add(
      code(
        "Record",
        `const event = $('Which contact').first().json.event;\n` +
          `return $input.all().map((i) => i.json.body)${inScope(bp)}.map((c) => ({ json: { object: "contacts", id: String(c.id), properties: c.properties || {}, event } }));\n`,
      ),
      11,
    );
    wf.chain(start, which, read.first).chain(read.last, record);
    return { last: record, column: 12, object: "contacts", paths };
  }
  if (on.schedule) {
    const start = wf.add(
      scheduleNode(
        "On schedule",
        on.schedule.cron,
        on.schedule.every ? durationMinutes(on.schedule.every) * 60 : undefined,
      ),
      0,
    );
    return { last: start, column: 1 };
  }
  if (on.listJoined) return listJoinedNodes(bp, a, on.listJoined.list, target, wf);
  const poll = pollTrigger(bp, a, target);
  const start = wf.add(scheduleNode("Poll the CRM", undefined, poll.seconds), 0);
  const window = wf.add(
    code(
      "Poll window",
      `${EVENTS_RUNTIME}\nreturn [{ json: pollRequest(${JSON.stringify(poll.config)}, $getWorkflowStaticData('global'), Date.now()) }];\n`,
    ),
    1,
  );
  const search = addCrmCall(
    wf,
    crmRequest(
      target,
      "Search the CRM",
      "POST",
      `${P.objects}/${poll.config.object}/search`,
      "$('Poll window').first().json.search",
    ),
    2,
  );
  const record = wf.add(
    code(
      "Record",
      `${EVENTS_RUNTIME}\nconst events = newEvents(${JSON.stringify(poll.config)}, $('Poll window').first().json, ` +
        `$json.body.results || [], $getWorkflowStaticData('global'), $json.body.paging);\nreturn events.map((json) => ({ json }));\n`,
    ),
    4,
  );
  wf.chain(start, window, search.first).chain(search.last, record);
  return { last: record, column: 5, object: poll.config.object };
}

/**
 * A contact joining a list: the list found by its name (so the workflow needs no id from the CRM part), a page of its
 * members per poll (events.js: listJoins), then each new member's contact read as the other triggers read it.
 */
function listJoinedNodes(bp: Blueprint, a: Automation, key: string, target: N8nTarget, wf: WorkflowBuilder) {
  const list = bp.lists?.[key];
  if (!list) throw new AutomationError(`listJoined names list ${key}, which the blueprint does not declare`);
  const seconds = pollSeconds(target);
  const start = wf.add(scheduleNode("Poll the CRM", undefined, seconds), 0);
  const find = addCrmCall(
    wf,
    crmRequest(target, "Find the list", "GET", `${P.lists}/object-type-id/0-1/name/${encodeURIComponent(list.name)}`),
    1,
  );
  const window = wf.add(
    code(
      "Poll window",
      `${EVENTS_RUNTIME}\nreturn [{ json: membersRequest(${JSON.stringify({ pollMs: seconds * 1000 })}, $getWorkflowStaticData('global'), Date.now()) }];\n`,
    ),
    3,
  );
  const after = "$('Poll window').first().json.after";
  const members = addCrmCall(
    wf,
    crmRequest(
      target,
      "Read the members",
      "GET",
      `${P.lists}/{{ $('Find the list').first().json.body.list.listId }}/memberships?limit=250{{ ${after} ? '&after=' + ${after} : '' }}`,
    ),
    4,
  );
  const joins = wf.add(
    code(
      "List joins",
      `${EVENTS_RUNTIME}\nreturn listJoins($('Poll window').first().json, $json.body.results || [], $getWorkflowStaticData('global'), $json.body.paging).map((json) => ({ json }));\n`,
    ),
    6,
  );
  const read = readContact(bp, a, target, wf, "$('List joins').item.json.id", 7);
  // Each contact read carries the event of its join, found by the contact's id.
  const record = wf.add(
    code(
      "Record",
      `const events = Object.fromEntries($('List joins').all().map((j) => [j.json.id, j.json.event]));\n` +
        `return $input.all().map((i) => i.json.body)${inScope(bp)}` +
        `.map((c) => ({ json: { object: "contacts", id: String(c.id), properties: c.properties || {}, event: events[String(c.id)] } }));\n`,
    ),
    9,
  );
  wf.chain(start, find.first).chain(find.last, window, members.first).chain(members.last, joins, read.first);
  wf.chain(read.last, record);
  return { last: record, column: 10, object: "contacts" as const };
}

/** A business unit's search filter: only the records whose scope property has the unit's value (events.js). */
/** The contact an event names (`id`: an n8n expression), with the properties the automation's conditions and actions read. */
function readContact(bp: Blueprint, a: Automation, target: N8nTarget, wf: WorkflowBuilder, id: string, column: number) {
  const url = `${P.objects}/contacts/{{ ${id} }}?properties=${readProperties(bp, a, "contacts")}`;
  return addCrmCall(wf, crmRequest(target, "Read the contact", "GET", url), column);
}

const pollScope = ({ scope }: Blueprint) =>
  scope && { scope: { property: scope.property, value: String(scope.value) } };

/**
 * A contact a webhook or a breach names is acted on only when it is the unit's (compared as HubSpot compares text,
 * case-insensitively): a caller may name any contact of the portal.
 */
function inScope({ scope }: Blueprint): string {
  if (!scope) return "";
  const [property, value] = [JSON.stringify(scope.property), JSON.stringify(scopeValue(scope.value))];
  return `.filter((c) => String((c.properties || {})[${property}] ?? "").toLowerCase() === ${value})`;
}

/** How often CRM events are polled, in seconds. */
export const pollSeconds = (target: N8nTarget) =>
  Math.max(1, Math.round(60 * (target.pollMinutes ?? 1) * (target.timeScale ?? 1)));

function pollTrigger(bp: Blueprint, a: Automation, target: N8nTarget) {
  const on = a.on;
  const seconds = pollSeconds(target);
  const base = { pollMs: seconds * 1000, ...pollScope(bp) };
  if (on.recordCreated)
    return {
      seconds,
      config: {
        ...base,
        kind: "recordCreated",
        object: objectTypePath(on.recordCreated.object),
        properties: props(bp, a, on.recordCreated.object),
      },
    };
  if (on.propertyChanged) {
    const { object, property, to } = on.propertyChanged;
    return {
      seconds,
      config: {
        ...base,
        kind: "propertyChanged",
        object: objectTypePath(object),
        property,
        to,
        properties: props(bp, a, object, [property]),
      },
    };
  }
  const { pipeline, stage } = (on.stageEntered ?? on.stageStalled)!;
  const ids = pipelineIds(bp, target, pipeline);
  if (!ids) throw new AutomationError(`needs the CRM id of pipeline ${pipeline}: apply the CRM part first`);
  const object = pipelineNamed(bp, pipeline)?.object ?? "deals";
  const { stage: stageProperty, pipeline: pipelineProperty } = pipelineProperties(object);
  // A deal's stage properties are the runtime's default (events.js); tickets and custom objects name theirs.
  const watch = {
    object: objectTypePath(object),
    pipelineId: ids.id,
    ...(object !== "deals" && { pipelineProperty, stageProperty }),
  };
  const stageId = (key: string) => {
    const id = ids.stages[key];
    if (!id) throw new AutomationError(`needs the CRM id of stage ${key} in pipeline ${pipeline}`);
    return id;
  };
  if (on.stageEntered) {
    return {
      seconds,
      config: {
        ...base,
        kind: "stageEntered",
        ...watch,
        stageId: stageId(stage!),
        properties: props(bp, a, object, [stageProperty, `hs_v2_date_entered_${stageId(stage!)}`]),
      },
    };
  }
  const watched = (pipelineNamed(bp, pipeline)?.stages ?? []).filter(
    (s) => s.stalledAfter && (!stage || s.key === stage),
  );
  const stalledMs = Object.fromEntries(
    watched.map((s) => [stageId(s.key), durationMinutes(s.stalledAfter!) * MINUTE_MS * (target.timeScale ?? 1)]),
  );
  return {
    seconds,
    config: {
      ...base,
      kind: "stageStalled",
      ...watch,
      stalledMs,
      properties: props(bp, a, object, [stageProperty]),
    },
  };
}

function props(bp: Blueprint, a: Automation, object: RecordObject, extra: string[] = []): string[] {
  return readProperties(bp, a, object)
    .split(",")
    .concat(extra)
    .filter((p, i, all) => all.indexOf(p) === i)
    .sort();
}

/** What actions and messages may read from a record: the owner, timestamps, the blueprint's properties and what its templates name. */
function readProperties(bp: Blueprint, a: Automation, object: RecordObject): string {
  const standard: Record<CrmObject, string[]> = {
    contacts: ["email", "firstname", "lastname", "lastmodifieddate"],
    companies: ["name", "domain", "hs_lastmodifieddate"],
    deals: ["dealname", "amount", "dealstage", "pipeline", "hs_lastmodifieddate"],
    tickets: ["subject", "hs_pipeline", "hs_pipeline_stage", "hs_lastmodifieddate"],
  };
  const templates = templateProperties(
    ...a.do.map(
      (d) =>
        d.notify?.message ??
        d.createTask?.title ??
        (typeof d.setProperty?.value === "string" ? d.setProperty.value : undefined),
    ),
  );
  const own = isStandardObject(object)
    ? ["hubspot_owner_id", "createdate", ...standard[object], ...Object.keys(bp.properties[object] ?? {})]
    : [...CUSTOM_DEFAULTS, ...Object.keys(bp.customObjects?.[object]?.properties ?? {})];
  const names = [...(bp.scope ? [bp.scope.property] : []), ...own, ...templates];
  return [...new Set(names)].sort().join(",");
}

/**
 * The Code node that turns records into concrete actions. Its config holds only what this automation's actions
 * read, so an edit elsewhere in the blueprint (a routing rule, an owner's capacity) leaves the workflow as it was:
 * the people (teams, managers, backups) only when an action names them. assignOwner's owners are decided before,
 * by the assignment log (./assignment-log.ts).
 */
function prepareCode(bp: Blueprint, a: Automation, object: string | undefined, input: string): string {
  const config = {
    key: a.key,
    subject: `revstack ${bp.metadata.name}: ${a.key}`,
    taskAssociation: object ? TASK_ASSOCIATION[object as CrmObject] : undefined,
    people: a.do.some(namesPeople) ? peopleConfig(bp) : undefined,
    actions: a.do.map((action) => actionConfig(bp, action)),
  };
  const records = object ? `${eventsToActOn(input)}.all().map((i) => i.json)` : "[null]";
  return (
    `const config = ${JSON.stringify(config)};\n${RENDER_RUNTIME}\n${ACTIONS_RUNTIME}\n` +
    `const owners = ${answerOf("Read the owners")}.results || [];\n${assignsOwners(a) ? assignedCode() : "const assigned = [];\n"}` +
    // An event's claim (../event-log.ts) goes on with its prepared actions: which row to mark, which actions are done,
    // and the event's id (its notifications' keys).
    `return ${records}.map((record, i) => ({ json: { ...prepare(config, record, owners, assigned[i] || {}, Date.now()), ` +
    `claim: record && record.claim, done: (record && record.done) || 0, event: record && record.event } }));\n`
  );
}

const assignsOwners = (a: Automation) => a.do.some((action) => action.assignOwner);

/** An action as the runtime reads it: due times in ms, team targets as their members' addresses. */
function actionConfig(bp: Blueprint, action: Action): unknown {
  if (action.createTask)
    return {
      createTask: {
        ...action.createTask,
        dueMs: action.createTask.due ? durationMinutes(action.createTask.due) * MINUTE_MS : 0,
      },
    };
  if (action.notify) return { notify: { ...action.notify, to: expandTeams(bp, action.notify.to) } };
  return action;
}

const PEOPLE = new Set(["owner", "manager", "backup"]);
const namesPeople = (action: Action): boolean =>
  Boolean(
    action.assignOwner ||
    (action.createTask && PEOPLE.has(action.createTask.for)) ||
    action.notify?.to.some((t) => PEOPLE.has(t)),
  );

function actionNode(
  bp: Blueprint,
  action: Action,
  i: number,
  object: string | undefined,
  target: N8nTarget,
  key: string,
  warnings: string[],
): NodeSpec | NodeSpec[] | { crm: NodeSpec } {
  const where = `automation ${key}`;
  const prepared = `$('Prepare the actions').item.json`;
  const step = `${prepared}.actions[${i}]`;
  const n = i + 1;
  const needRecord = (what: string) => {
    if (!object) throw new AutomationError(`${where}: ${what} needs a record, but a schedule trigger has none`);
    return object;
  };
  if (action.setProperty || action.assignOwner) {
    const what = action.setProperty ? `Set ${action.setProperty.property}` : "Assign the owner";
    return {
      crm: crmRequest(
        target,
        `${n}. ${what}`,
        "PATCH",
        `${P.objects}/${needRecord(what)}/{{ ${prepared}.id }}`,
        `{ properties: ${step}.properties }`,
      ),
    };
  }
  if (action.moveStage) {
    const { pipeline, stage } = action.moveStage;
    const ids = pipelineIds(bp, target, pipeline);
    if (!ids?.stages[stage])
      throw new AutomationError(
        `${where}: moveStage needs the CRM ids of ${pipeline}/${stage}: apply the CRM part first`,
      );
    const obj = needRecord("moveStage");
    const { pipeline: pipelineProp, stage: stageProp } = pipelineProperties(obj);
    // Spaced: n8n ends an expression at the first "}}", which JSON.stringify of a nested object writes.
    const [p, st] = [pipelineProp, stageProp].map((k) => JSON.stringify(k));
    const body = `{ properties: { ${p}: ${JSON.stringify(ids.id)}, ${st}: ${JSON.stringify(ids.stages[stage])} } }`;
    return {
      crm: crmRequest(target, `${n}. Move to ${stage}`, "PATCH", `${P.objects}/${obj}/{{ ${prepared}.id }}`, body),
    };
  }
  if (action.createTask) {
    if (!object && action.createTask.for === "owner")
      warnings.push(`${where}: a scheduled task "for: owner" has no record, so it is created unassigned`);
    // A refused create made nothing: trying it again makes the one task.
    return {
      crm: crmRequest(
        target,
        `${n}. Create a task`,
        "POST",
        `${P.objects}/tasks`,
        `{ properties: ${step}.properties, associations: ${step}.associations }`,
      ),
    };
  }
  // A claimed event's notification is confirmed once delivered, so one not delivered is tried again, to the targets
  // that did not take it yet.
  if (action.notify)
    return sendNotification(bp, target, `${n}. Notify`, object ? untilDelivered(step, notificationKey(key, n)) : step);
  if (action.webhook) {
    return {
      name: `${n}. Call ${new URL(action.webhook.url).host}`,
      type: "n8n-nodes-base.httpRequest",
      typeVersion: 4.2,
      parameters: {
        method: action.webhook.method,
        url: action.webhook.url,
        ...(action.webhook.method !== "GET" && {
          sendBody: true,
          specifyBody: "json",
          jsonBody: `={{ JSON.stringify(${step}) }}`,
        }),
        options: {},
      },
    };
  }
  const seconds = Math.max(1, Math.round(durationMinutes(action.wait!.for) * 60 * (target.timeScale ?? 1)));
  return waitFor(`${n}. Wait ${action.wait!.for}`, seconds);
}
