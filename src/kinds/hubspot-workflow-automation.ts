/**
 * An automation that says `target: hubspot`, as the HubSpot workflow (hubspot:Flow) that runs it: the same words
 * `hubspotWorkflows:` uses, so the compiled flow is a workflow of that kind, written, reviewed and drift-checked as
 * one. What HubSpot's flows cannot run as revstack writes them is a reason, at the place in the automation that says
 * it, for validate to report (src/blueprint/checks/automations.ts): one compiler decides both.
 */
import type { PathSegment } from "../blueprint/diagnostics";
import type { Action, Automation, Blueprint, FlowStep, RuleConditionGroup, Trigger } from "../blueprint/model";
import type { FlowObject, WorkflowDefinition } from "./hubspot-workflow-flow";
import { FLOW_OBJECTS } from "./hubspot-workflow-flow";
import { operationOf } from "./list-filters";
import { builtinType } from "../blueprint/checks/builtin-properties";

/** Why part of an automation cannot run in HubSpot, at its path under the automation. */
export interface NotInHubSpot {
  at: PathSegment[];
  why: string;
}

export interface CompiledFlow {
  /** The resource's key: `automation-<automation key>`. */
  key: string;
  /** Its name in HubSpot (the natural key): the automation's key. */
  name: string;
  enabled: boolean;
  definition: WorkflowDefinition;
}

const LEAVE = "leave target as n8n (the default) to run it there";

const isFlowObject = (object: string | undefined): object is FlowObject =>
  object !== undefined && object in FLOW_OBJECTS;

/** The object and the flow trigger, or why HubSpot cannot enroll on this trigger. */
function triggerOf(
  bp: Blueprint,
  on: Trigger,
): { object?: FlowObject; trigger?: WorkflowDefinition["trigger"]; why?: NotInHubSpot } {
  if (on.stageEntered) {
    const { pipeline, stage } = on.stageEntered;
    const object = bp.pipelines[pipeline]?.object;
    if (!isFlowObject(object))
      return {
        why: {
          at: ["stageEntered", "pipeline"],
          why:
            object === undefined
              ? `a HubSpot workflow enrolls on a stage of a pipeline declared under pipelines:, and ${pipeline} is not one; ${LEAVE}`
              : `HubSpot workflows enroll contacts, companies, deals or tickets, and pipeline ${pipeline} holds ${object} records; ${LEAVE}`,
        },
      };
    return { object, trigger: { stageEntered: { pipeline, stage } } };
  }
  if (on.propertyChanged) {
    const { object, property, to } = on.propertyChanged;
    if (!isFlowObject(object))
      return {
        why: {
          at: ["propertyChanged", "object"],
          why: `HubSpot workflows enroll contacts, companies, deals or tickets, not ${object}; ${LEAVE}`,
        },
      };
    return { object, trigger: { propertyChanged: { property, ...(to !== undefined ? { value: String(to) } : {}) } } };
  }
  if (on.listJoined) {
    const object = bp.lists?.[on.listJoined.list]?.object;
    if (!isFlowObject(object))
      return {
        why: {
          at: ["listJoined", "list"],
          why: `a HubSpot workflow enrolls from a list declared under lists:, and ${on.listJoined.list} is not one; ${LEAVE}`,
        },
      };
    return { object, trigger: { listJoined: { list: on.listJoined.list } } };
  }
  const [kind] = Object.keys(on);
  const reasons: Record<string, string> = {
    webhook: "HubSpot workflows cannot be started by an outside caller's webhook",
    schedule: "HubSpot workflows enroll records when they meet criteria, not on a schedule",
    slaBreached: "routing SLAs are timed by revstack's n8n routing, which HubSpot does not see",
    stageStalled: "HubSpot workflows have no trigger for time spent in a stage as revstack writes them",
    recordCreated: "revstack does not compile recordCreated to HubSpot's enrollment",
  };
  return { why: { at: [kind], why: `${reasons[kind] ?? `${kind} is not a HubSpot enrollment trigger`}; ${LEAVE}` } };
}

/** The owners of a team (members by their `team:`), for HubSpot's rotate-owner action. */
const members = (bp: Blueprint, team: string): string[] => bp.owners.filter((o) => o.team === team).map((o) => o.email);

/** The HubSpot users a notification goes to, or why it cannot go there from HubSpot. */
function recipients(bp: Blueprint, to: string[]): string[] | NotInHubSpot {
  const emails: string[] = [];
  for (const [i, target] of to.entries()) {
    if (target.startsWith("email:")) {
      const email = target.slice("email:".length);
      if (!bp.owners.some((o) => o.email.toLowerCase() === email.toLowerCase()))
        return {
          at: ["to", i],
          why: `HubSpot's internal email goes to the portal's users only, and ${email} is not an owner of this blueprint; ${LEAVE}`,
        };
      emails.push(email);
    } else if (target.startsWith("team:")) emails.push(...members(bp, target.slice("team:".length)));
    else {
      const why = target.startsWith("slack:")
        ? "HubSpot workflows do not post to Slack channels"
        : `revstack writes HubSpot's internal email to named users (email:<address> or team:<key>), not to the record's ${target}`;
      return { at: ["to", i], why: `${why}; ${LEAVE}` };
    }
  }
  return [...new Set(emails)];
}

/** One action as a workflow step on records of `object`, or why HubSpot cannot run it. */
function stepOf(bp: Blueprint, a: Automation, object: FlowObject | undefined, action: Action): FlowStep | NotInHubSpot {
  if (action.wait) return { delay: action.wait.for };
  if (action.setProperty)
    return { setProperty: { property: action.setProperty.property, value: String(action.setProperty.value) } };
  if (action.createTask) {
    const { title, for: who, due, priority } = action.createTask;
    if (who !== "owner")
      return {
        at: ["createTask", "for"],
        why: `HubSpot's create-task action as revstack writes it gives the task to the record's owner, not ${who}; ${LEAVE}`,
      };
    return { createTask: { title, ...(due !== undefined ? { due } : {}), ...(priority ? { priority } : {}) } };
  }
  if (action.moveStage) {
    const { pipeline, stage } = action.moveStage;
    if (object && bp.pipelines[pipeline]?.object !== object)
      return {
        at: ["moveStage", "pipeline"],
        why: `a HubSpot workflow sets the stage of the record it enrolls (${object}), and ${pipeline} is not a pipeline of those declared under pipelines:; ${LEAVE}`,
      };
    return { moveStage: { pipeline, stage } };
  }
  if (action.assignOwner) {
    const { owner, team, strategy } = action.assignOwner;
    if (owner) return { assignOwner: owner };
    const how = strategy ?? bp.teams[team ?? ""]?.strategy ?? "round_robin";
    if (how !== "round_robin")
      return {
        at: ["assignOwner"],
        why: `HubSpot's rotate-owner action takes turns (round_robin); strategy ${how} runs in revstack's routing only; ${LEAVE}`,
      };
    const emails = members(bp, team ?? "");
    if (emails.length === 0) return { at: ["assignOwner", "team"], why: `team ${team} has no owners to rotate among` };
    return { rotateOwner: emails };
  }
  if (action.notify) {
    const to = recipients(bp, action.notify.to);
    if (!Array.isArray(to)) return { at: ["notify", ...to.at], why: to.why };
    return { notify: { to, subject: a.description ?? `revstack automation ${a.key}`, body: action.notify.message } };
  }
  if (action.webhook)
    return { at: ["webhook"], why: `HubSpot's built-in actions revstack writes include no outbound webhook; ${LEAVE}` };
  const [kind] = Object.keys(action);
  return { at: [kind], why: `revstack compiles ${kind} to n8n only; ${LEAVE}` };
}

/**
 * The conditions HubSpot tests with the trigger: the automation's `if:`, and the stack's scope (a business unit's
 * stack acts only on its unit's records, as its n8n automations do), so HubSpot enrolls only what the stack would act
 * on. HubSpot's enrollment is an OR of AND branches, each holding the trigger's filter: `all:` with the scope is one
 * branch, but `any:` with the scope would need the scope in each branch, which revstack's words (one condition
 * group) do not hold.
 */
function enrollOnly(bp: Blueprint, a: Automation): { group?: RuleConditionGroup } | NotInHubSpot {
  const scope = bp.scope && { property: bp.scope.property, op: "eq" as const, value: bp.scope.value };
  const only = a.if;
  if (!scope) return { group: only };
  if (!only) return { group: { all: [scope] } };
  if ("all" in only && only.all) return { group: { all: [...only.all, scope] } };
  return {
    at: ["if", "any"],
    why: `this stack acts only on ${scope.property} = ${String(scope.value)} (scope:), and revstack writes HubSpot's enrollment as one condition group: any: together with the scope cannot be one; use all:, or ${LEAVE}`,
  };
}

/**
 * Why "not in list" has no enrollment filter: HubSpot's list-membership filter, as the official client models it
 * (PublicInListFilter: filterType IN_LIST, operator a free string), names no negation, so revstack does not guess one.
 */
const NOT_IN_LIST =
  'HubSpot\'s list-membership filter (PublicInListFilter in the official client) names only IN_LIST, no "not in list" operator, so revstack does not write one it would have to guess';

/**
 * HubSpot's type of a property conditions test: the blueprint's declaration, else the type HubSpot gives its default
 * property of that name (src/blueprint/checks/builtin-properties.ts); undefined for a property neither knows, which
 * the portal types when the workflow is written.
 */
function typeOf(bp: Blueprint, object: FlowObject, name: string): { type: string; whose: string } | undefined {
  const declared = bp.properties[object]?.[name]?.type;
  if (declared) return { type: declared, whose: "declared under properties:" };
  const builtin = builtinType(object, name);
  return builtin && { type: builtin, whose: `HubSpot's default property of ${object}` };
}

/**
 * The conditions whose test HubSpot's enrollment filters cannot make: for the type of the property they test (`gte`
 * on text, such as a contact's annualrevenue, which HubSpot holds as text), or "not in list" (NOT_IN_LIST), each at
 * `[all|any, i, "op"]` under the group: found when the blueprint is validated, not when HubSpot is written to.
 */
export function untestableConditions(
  bp: Blueprint,
  object: FlowObject | undefined,
  group: RuleConditionGroup | undefined,
): NotInHubSpot[] {
  if (!object || !group) return [];
  const [which, conditions] = "all" in group && group.all ? ["all", group.all] : ["any", group.any ?? []];
  return conditions.flatMap((c, i) => {
    if ("list" in c) return c.op === "in" ? [] : [{ at: [which, i, "op"], why: NOT_IN_LIST }];
    const typed = typeOf(bp, object, c.property);
    const operation = typed && operationOf(c, typed.type);
    if (typeof operation !== "string") return [];
    const why = `HubSpot's enrollment filters cannot test this: property ${c.property} (${typed!.whose}) is of type ${typed!.type}, and ${operation}`;
    return [{ at: [which, i, "op"], why }];
  });
}

const isReason = (x: object): x is NotInHubSpot => "why" in x && "at" in x;

/** The HubSpot workflow that runs the automation, or every reason it cannot run in HubSpot. */
export function automationFlow(bp: Blueprint, a: Automation): CompiledFlow | NotInHubSpot[] {
  const reasons: NotInHubSpot[] = [];
  const key = `automation-${a.key}`;
  const workflows = bp.hubspotWorkflows ?? {};
  if (workflows[key] || Object.values(workflows).some((w) => w.name === a.key))
    reasons.push({
      at: ["key"],
      why: `hubspotWorkflows already has a workflow ${workflows[key] ? `keyed ${key}` : `named ${a.key}`}, the one this automation would be`,
    });
  const { object, trigger, why } = triggerOf(bp, a.on);
  if (why) reasons.push({ at: ["on", ...why.at], why: why.why });
  const when = enrollOnly(bp, a);
  if ("why" in when) reasons.push(when);
  for (const u of untestableConditions(bp, object, a.if))
    reasons.push({ at: ["if", ...u.at], why: `${u.why}; ${LEAVE}` });
  const steps: FlowStep[] = [];
  a.do.forEach((action, i) => {
    const step = stepOf(bp, a, object, action);
    if (isReason(step)) reasons.push({ at: ["do", i, ...step.at], why: step.why });
    else steps.push(step);
  });
  if (reasons.length > 0 || !object || !trigger) return reasons;
  const only = "group" in when && when.group ? { when: when.group } : {};
  return { key, name: a.key, enabled: a.enabled, definition: { object, trigger, ...only, steps } };
}

/** Why the automation cannot run in HubSpot, each at its path under the automation; none when it can. */
export function notInHubSpot(bp: Blueprint, a: Automation): NotInHubSpot[] {
  const flow = automationFlow(bp, a);
  return Array.isArray(flow) ? flow : [];
}

/** The automations of the blueprint that run in HubSpot, compiled (those that cannot are validate's errors). */
export function hubspotAutomations(bp: Blueprint): CompiledFlow[] {
  return bp.automations.flatMap((a) => {
    if (a.target !== "hubspot") return [];
    const flow = automationFlow(bp, a);
    return Array.isArray(flow) ? [] : [flow];
  });
}
