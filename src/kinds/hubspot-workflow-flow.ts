/**
 * A HubSpot workflow in the blueprint's words, and the automation v4 flow HubSpot holds for it: one translation each
 * way, so `export` reads a flow as the blueprint would write it, the provider writes the blueprint's steps as a flow,
 * and drift compares the two in the blueprint's words. Pipelines and stages go by their blueprint keys, people by
 * their emails, properties by their names. A trigger or step revstack has no words for is kept as HubSpot holds it
 * (`hubspot:`), and a step is read in words only when writing those words back gives HubSpot's action exactly, so
 * adopting a hand-built workflow never changes it. Built-in action type ids are HubSpot's documented built-ins
 * (version 0): 0-1 delay, 0-3 create task, 0-5 set property, 0-8 internal email, 0-11 rotate owner.
 */
import { isDeepStrictEqual } from "node:util";
import type { FlowAction, FlowBody, LiveFlow } from "../clients/hubspot/flows";
import { formatDuration, parseDuration } from "../blueprint/duration";
import type { FlowStep, FlowTrigger, RuleConditionGroup } from "../blueprint/model";
import type { FilterBranch, ListFilter } from "../clients/hubspot/lists";
import { stageProperty } from "./hubspot-workflow-steps";
import { fromFilterBranch, inListFilter, toFilterBranch } from "./list-filters";

export type FlowObject = "contacts" | "companies" | "deals" | "tickets";
export const FLOW_OBJECTS: Record<FlowObject, string> = {
  contacts: "0-1",
  companies: "0-2",
  deals: "0-3",
  tickets: "0-5",
};

export type Trigger = FlowTrigger;
export type Step = FlowStep;

/** A HubSpot workflow as the blueprint says it (`hubspotWorkflows.<key>`). */
export interface WorkflowDefinition {
  object: FlowObject;
  trigger: Trigger;
  /** Enrolls only the records that also meet these (tested with the trigger's filter, in each AND branch). */
  when?: RuleConditionGroup;
  reenroll?: boolean;
  steps: Step[];
  /** HubSpot's other settings of the flow (time windows, suppression lists…), when it has any: kept as they are. */
  hubspot?: Record<string, unknown>;
}

/** The portal's ids behind the blueprint's words. */
export interface Names {
  pipelines: Array<{ key: string; id: string; object: string; stages: Array<{ key: string; id: string }> }>;
  owners: Array<{ email: string; ownerId: string; userId?: string }>;
  /** The blueprint's lists (`lists:` keys) the portal holds, by their HubSpot ids. */
  lists?: Array<{ key: string; id: string }>;
  /** HubSpot's type of each property `when` tests (string when unknown): a filter's operation follows it. */
  types?: Record<string, string>;
}

/** A word the portal has no id for (a stage the pipeline lacks, a person who is not an owner). */
export class UnknownNameError extends Error {}

/** A delay's units, largest first, in minutes. */
const UNITS: Record<string, number> = { DAYS: 1440, HOURS: 60, MINUTES: 1 };

// Blueprint words → ids

function stageId(names: Names, object: string, pipeline: string, stage: string): string {
  const p = names.pipelines.find((x) => x.key === pipeline && x.object === object);
  if (!p) throw new UnknownNameError(`pipeline ${pipeline} (${object}) is not in HubSpot`);
  const s = p.stages.find((x) => x.key === stage);
  if (!s) throw new UnknownNameError(`stage ${stage} is not in pipeline ${pipeline}`);
  return s.id;
}

function owner(names: Names, email: string): Names["owners"][number] {
  const o = names.owners.find((x) => x.email.toLowerCase() === email.toLowerCase());
  if (!o) throw new UnknownNameError(`${email} is not a HubSpot owner`);
  return o;
}

function listId(names: Names, key: string): string {
  const l = names.lists?.find((x) => x.key === key);
  if (!l) throw new UnknownNameError(`list ${key} is not in HubSpot`);
  return l.id;
}

const userIdOf = (names: Names, email: string): string => {
  const o = owner(names, email);
  return o.userId ?? o.ownerId;
};

/** The condition filters of `when`, one list per AND branch (HubSpot's OR of ANDs); one empty list without it. */
function whenBranches(def: WorkflowDefinition, names: Names): ListFilter[][] {
  if (!def.when) return [[]];
  const typeOf = (property: string) => names.types?.[property] ?? "string";
  return toFilterBranch(def.when, typeOf, (key) => listId(names, key)).filterBranches.map((b) => b.filters);
}

function triggerFilter(def: WorkflowDefinition, names: Names): unknown {
  const t = def.trigger;
  if ("listJoined" in t) return inListFilter(listId(names, t.listJoined.list));
  if ("stageEntered" in t)
    return {
      filterType: "PROPERTY",
      property: stageProperty(def.object),
      operation: {
        operationType: "ENUMERATION",
        operator: "IS_ANY_OF",
        includeObjectsWithNoValueSet: false,
        values: [stageId(names, def.object, t.stageEntered.pipeline, t.stageEntered.stage)],
      },
    };
  if (!("propertyChanged" in t)) throw new Error("a manual or HubSpot-held trigger has no filter");
  return {
    filterType: "PROPERTY",
    property: t.propertyChanged.property,
    operation:
      t.propertyChanged.value === undefined
        ? { operationType: "ALL_PROPERTY", operator: "IS_KNOWN", includeObjectsWithNoValueSet: false }
        : {
            operationType: "MULTISTRING",
            operator: "IS_EQUAL_TO",
            includeObjectsWithNoValueSet: false,
            values: [t.propertyChanged.value],
          },
  };
}

function enrollment(def: WorkflowDefinition, names: Names): Record<string, unknown> {
  const t = def.trigger;
  if ("hubspot" in t) return t.hubspot;
  const shouldReEnroll = def.reenroll ?? false;
  if ("manual" in t) return { type: "MANUAL", shouldReEnroll };
  // The trigger's filter and the conditions hold together: `all` is one AND branch, `any` one per condition.
  const filter = triggerFilter(def, names);
  return {
    type: "LIST_BASED",
    shouldReEnroll,
    unEnrollObjectsNotMeetingCriteria: false,
    reEnrollmentTriggersFilterBranches: [],
    listFilterBranch: {
      filterBranchType: "OR",
      filterBranchOperator: "OR",
      filters: [],
      filterBranches: whenBranches(def, names).map((conditions) => ({
        filterBranchType: "AND",
        filterBranchOperator: "AND",
        filterBranches: [],
        filters: [filter, ...conditions],
      })),
    },
  };
}

/** A duration in the largest unit that divides it, as HubSpot's editor writes a delay or a task's due time. */
function inUnits(duration: string): [number, string] {
  const d = parseDuration(duration);
  if (!d.ok) throw new UnknownNameError(d.message);
  const [unit, size] = Object.entries(UNITS).find(([, n]) => d.minutes % n === 0)!;
  return [d.minutes / size, unit];
}

/** One step's action: its type, the HubSpot fields, and the branches it leads to (steps of each, in order). */
function actionOf(step: Step, object: FlowObject, names: Names): Omit<FlowAction, "actionId" | "connection"> {
  const builtin = (actionTypeId: string, fields: Record<string, unknown>) => ({
    type: "SINGLE_CONNECTION",
    actionTypeVersion: 0,
    actionTypeId,
    fields,
  });
  if ("delay" in step) {
    const [delta, unit] = inUnits(step.delay);
    return builtin("0-1", { delta: String(delta), time_unit: unit });
  }
  if ("setProperty" in step)
    return builtin("0-5", {
      property_name: step.setProperty.property,
      value: { staticValue: step.setProperty.value, type: "STATIC_VALUE" },
    });
  if ("assignOwner" in step)
    return builtin("0-5", {
      property_name: "hubspot_owner_id",
      value: { staticValue: owner(names, step.assignOwner).ownerId, type: "STATIC_VALUE" },
    });
  if ("rotateOwner" in step)
    return builtin("0-11", {
      user_ids: step.rotateOwner.map((e) => userIdOf(names, e)),
      target_property: "hubspot_owner_id",
      overwrite_current_owner: true,
    });
  if ("moveStage" in step)
    return builtin("0-5", {
      property_name: stageProperty(object),
      value: {
        staticValue: stageId(names, object, step.moveStage.pipeline, step.moveStage.stage),
        type: "STATIC_VALUE",
      },
    });
  if ("createTask" in step) {
    const { title, body, due, priority } = step.createTask;
    const dueIn = due === undefined ? undefined : inUnits(due);
    return builtin("0-3", {
      task_type: "TODO",
      subject: title,
      body: body ?? "",
      priority: priority?.toUpperCase() ?? "NONE",
      ...(dueIn ? { due_time: { delta: dueIn[0], timeUnit: dueIn[1] } } : {}),
    });
  }
  if ("notify" in step)
    return builtin("0-8", {
      user_ids: step.notify.to.map((e) => userIdOf(names, e)),
      subject: step.notify.subject,
      body: step.notify.body,
    });
  if ("hubspot" in step) return step.hubspot as Omit<FlowAction, "actionId">;
  throw new Error("a branch is laid out by flowOf");
}

/** The flow HubSpot should hold for the definition: actions numbered from 1 in step order, branch by branch. */
export function flowOf(name: string, enabled: boolean, def: WorkflowDefinition, names: Names): FlowBody {
  const actions: FlowAction[] = [];
  let next = 1;
  // Lays out a chain of steps and returns the id of its first action (undefined for an empty chain).
  const chain = (steps: Step[]): string | undefined => {
    const ids = steps.map(() => String(next++));
    steps.forEach((step, i) => {
      const following = ids[i + 1];
      const connection = following ? { connection: { edgeType: "STANDARD", nextActionId: following } } : {};
      if (!("branch" in step)) {
        actions.push({ actionId: ids[i], ...actionOf(step, def.object, names), ...connection } as FlowAction);
        return;
      }
      const edge = (first: string | undefined) => (first ? { edgeType: "STANDARD", nextActionId: first } : undefined);
      const cases = Object.entries(step.branch.cases).map(([value, inner]) => ({
        branchValue: value,
        connection: edge(chain(inner)),
      }));
      const otherwise = edge(chain(step.branch.otherwise ?? []));
      actions.push({
        actionId: ids[i],
        type: "STATIC_BRANCH",
        inputValue: { propertyName: step.branch.property, type: "OBJECT_PROPERTY" },
        staticBranches: cases,
        ...(otherwise ? { defaultBranchName: "Otherwise", defaultBranch: otherwise } : {}),
      });
    });
    return ids[0];
  };
  const start = chain(def.steps);
  const contact = def.object === "contacts";
  return {
    name,
    isEnabled: enabled,
    type: contact ? "CONTACT_FLOW" : "PLATFORM_FLOW",
    objectTypeId: FLOW_OBJECTS[def.object],
    flowType: "WORKFLOW",
    ...(start ? { startActionId: start } : {}),
    nextAvailableActionId: String(next),
    actions: actions.sort((a, b) => Number(a.actionId) - Number(b.actionId)),
    enrollmentCriteria: enrollment(def, names),
    timeWindows: [],
    blockedDates: [],
    customProperties: {},
    dataSources: [],
    ...(contact ? { suppressionListIds: [], canEnrollFromSalesforce: false } : {}),
    ...def.hubspot,
  };
}

// Ids → blueprint words

/** The flow settings a definition leaves out when HubSpot holds their empty value. */
const SETTINGS: Record<string, unknown> = {
  timeWindows: [],
  blockedDates: [],
  customProperties: {},
  dataSources: [],
  suppressionListIds: [],
  canEnrollFromSalesforce: false,
};
/** What the definition's own words say, or HubSpot computes. */
const OWN = new Set([
  "id",
  "revisionId",
  "createdAt",
  "updatedAt",
  "name",
  "isEnabled",
  "type",
  "objectTypeId",
  "flowType",
  "startActionId",
  "nextAvailableActionId",
  "actions",
  "enrollmentCriteria",
]);

const objectOf = (flow: LiveFlow): FlowObject | undefined =>
  flow.type === "CONTACT_FLOW"
    ? "contacts"
    : (Object.entries(FLOW_OBJECTS).find(([, id]) => id === flow.objectTypeId)?.[0] as FlowObject | undefined);

const PRIORITIES = ["low", "medium", "high"] as const;

/** A create-task action's fields in words (what does not read back exactly is caught by stepOf's check). */
function taskOf(f: Record<string, unknown>): Extract<Step, { createTask: unknown }>["createTask"] {
  const priority = PRIORITIES.find((p) => p.toUpperCase() === f.priority);
  const due = f.due_time as { delta?: unknown; timeUnit?: unknown } | undefined;
  const minutes = Number(due?.delta) * (UNITS[String(due?.timeUnit)] ?? NaN);
  return {
    title: String(f.subject),
    ...(typeof f.body === "string" && f.body !== "" ? { body: f.body } : {}),
    ...(minutes > 0 ? { due: formatDuration(minutes) } : {}),
    ...(priority ? { priority } : {}),
  };
}

/** Tries the readings of an action in turn; one counts only when writing it back gives HubSpot's action exactly. */
function stepOf(action: FlowAction, object: FlowObject, names: Names): Step {
  const f = (action.fields ?? {}) as Record<string, unknown>;
  const value = (f.value as { staticValue?: unknown } | undefined)?.staticValue;
  const emails = (ids: unknown) =>
    Array.isArray(ids)
      ? ids.map((id) => names.owners.find((o) => (o.userId ?? o.ownerId) === String(id))?.email ?? `user ${id}`)
      : [];
  const candidates: Step[] = [];
  const minutes = Number(f.delta) * (UNITS[String(f.time_unit)] ?? NaN);
  if (action.actionTypeId === "0-1" && minutes > 0) candidates.push({ delay: formatDuration(minutes) });
  if (action.actionTypeId === "0-5" && f.property_name === "hubspot_owner_id") {
    const o = names.owners.find((x) => x.ownerId === String(value));
    if (o) candidates.push({ assignOwner: o.email });
  }
  if (action.actionTypeId === "0-5" && f.property_name === stageProperty(object))
    for (const p of names.pipelines.filter((x) => x.object === object)) {
      const s = p.stages.find((x) => x.id === String(value));
      if (s) candidates.push({ moveStage: { pipeline: p.key, stage: s.key } });
    }
  if (action.actionTypeId === "0-5" && typeof f.property_name === "string" && typeof value === "string")
    candidates.push({ setProperty: { property: f.property_name, value } });
  if (action.actionTypeId === "0-11") candidates.push({ rotateOwner: emails(f.user_ids) });
  if (action.actionTypeId === "0-3" && typeof f.subject === "string") candidates.push({ createTask: taskOf(f) });
  if (action.actionTypeId === "0-8")
    candidates.push({ notify: { to: emails(f.user_ids), subject: String(f.subject), body: String(f.body) } });
  const { actionId: _id, connection: _next, ...kept } = action;
  const exact = candidates.find((c) => {
    try {
      return isDeepStrictEqual(actionOf(c, object, names), kept);
    } catch {
      return false;
    }
  });
  return exact ?? { hubspot: kept };
}

/** HubSpot's type of a property, as a filter's operation shows it: what writing the filter back follows. */
const TYPE_OF_OPERATION: Record<string, string> = { NUMBER: "number", BOOL: "bool", ENUMERATION: "enumeration" };

/** The conditions besides the trigger's filter (the first of each AND branch), with the types their filters show. */
function conditionsOf(
  ands: Array<{ filters?: ListFilter[] }>,
  names: Names,
): {
  when?: RuleConditionGroup;
  types: Record<string, string>;
} {
  const rests = ands.map((b) => (b.filters ?? []).slice(1));
  const types = Object.fromEntries(
    rests
      .flat()
      .flatMap((f) =>
        f.property ? [[f.property, TYPE_OF_OPERATION[f.operation?.operationType ?? ""] ?? "string"]] : [],
      ),
  );
  if (rests.every((r) => r.length === 0)) return { types };
  const branch: FilterBranch = {
    filterBranchType: "OR",
    filters: [],
    filterBranches: rests.map((filters) => ({ filterBranchType: "AND", filterBranches: [], filters })),
  };
  const listKeyOf = (id: string) => names.lists?.find((l) => l.id === id)?.key;
  return { when: fromFilterBranch(branch, listKeyOf), types };
}

/** HubSpot's enrollment in words, when writing the words back gives it exactly; else as HubSpot holds it. */
function triggerOf(
  object: FlowObject,
  criteria: Record<string, unknown> | undefined,
  names: Names,
): { trigger: Trigger; when?: RuleConditionGroup } {
  if (!criteria) return { trigger: { manual: true } };
  const ands = ((criteria.listFilterBranch as { filterBranches?: Array<{ filters?: ListFilter[] }> } | undefined)
    ?.filterBranches ?? []) as Array<{ filters?: ListFilter[] }>;
  const filter = ands[0]?.filters?.[0] as
    { property?: string; listId?: unknown; operation?: { values?: unknown[]; operator?: string } } | undefined;
  const candidates: Trigger[] = [{ manual: true }];
  const list = names.lists?.find((l) => l.id === String(filter?.listId));
  if (list) candidates.push({ listJoined: { list: list.key } });
  const first = filter?.operation?.values?.[0];
  if (filter?.property === stageProperty(object) && typeof first === "string") {
    for (const p of names.pipelines.filter((x) => x.object === object)) {
      const s = p.stages.find((x) => x.id === first);
      if (s) candidates.push({ stageEntered: { pipeline: p.key, stage: s.key } });
    }
  }
  if (filter?.property)
    candidates.push({
      propertyChanged: { property: filter.property, ...(typeof first === "string" ? { value: first } : {}) },
    });
  const reenroll = criteria.shouldReEnroll === true;
  const { when, types } = conditionsOf(ands, names);
  const typed = { ...names, types: { ...types, ...names.types } };
  const exact = candidates.find((trigger) => {
    try {
      return isDeepStrictEqual(enrollment({ object, trigger, when, steps: [], reenroll }, typed), criteria);
    } catch {
      return false;
    }
  });
  return exact ? { trigger: exact, ...(when ? { when } : {}) } : { trigger: { hubspot: criteria } };
}

/**
 * A live flow in the blueprint's words, or why it cannot be (an object type no blueprint names; actions that do not
 * form one chain with property branches, such as a branch that joins back: kept out, named in a note). Action ids
 * are HubSpot's bookkeeping and not kept: a flow revstack writes numbers its actions in step order.
 */
export function definitionOf(flow: LiveFlow, names: Names): WorkflowDefinition | string {
  const object = objectOf(flow);
  if (!object) return `it runs on object type ${String(flow.objectTypeId)}, which a blueprint does not name`;
  const byId = new Map(flow.actions.map((a) => [a.actionId, a]));
  const seen = new Set<string>();
  const walk = (first: string | undefined): Step[] | string => {
    const steps: Step[] = [];
    for (let id = first; id !== undefined;) {
      const action = byId.get(id);
      if (!action || seen.has(id)) return `its action ${id} is missing or reached twice`;
      seen.add(id);
      if (action.type === "STATIC_BRANCH") {
        const branch = readBranch(action, walk);
        if (typeof branch === "string") return branch;
        steps.push(branch);
        return steps;
      }
      if (action.type !== "SINGLE_CONNECTION") return `its action ${id} is a ${action.type}`;
      steps.push(stepOf(action, object, names));
      id = action.connection?.nextActionId;
    }
    return steps;
  };
  const steps = walk(flow.startActionId);
  if (typeof steps === "string") return steps;
  if (seen.size !== flow.actions.length) return "some of its actions are reached from none";
  const settings = Object.fromEntries(
    Object.entries(flow).filter(([k, v]) => !OWN.has(k) && !isDeepStrictEqual(v, SETTINGS[k])),
  );
  const criteria = flow.enrollmentCriteria;
  return {
    object,
    ...triggerOf(object, criteria, names),
    ...(criteria?.shouldReEnroll === true ? { reenroll: true } : {}),
    steps,
    ...(Object.keys(settings).length ? { hubspot: settings } : {}),
  };
}

function readBranch(action: FlowAction, walk: (first: string | undefined) => Step[] | string): Step | string {
  const input = action.inputValue as { propertyName?: unknown } | undefined;
  if (typeof input?.propertyName !== "string") return `its branch ${action.actionId} is not on a property`;
  const cases: Record<string, Step[]> = {};
  for (const b of (action.staticBranches ?? []) as Array<{
    branchValue: string;
    connection?: { nextActionId: string };
  }>) {
    const inner = walk(b.connection?.nextActionId);
    if (typeof inner === "string") return inner;
    cases[b.branchValue] = inner;
  }
  const otherwise = walk((action.defaultBranch as { nextActionId?: string } | undefined)?.nextActionId);
  if (typeof otherwise === "string") return otherwise;
  return { branch: { property: input.propertyName, cases, ...(otherwise.length ? { otherwise } : {}) } };
}

// Which workflows enroll on what another writes

/** Every value under `key` anywhere in the JSON. */
function valuesOf(json: unknown, key: string): unknown[] {
  if (Array.isArray(json)) return json.flatMap((v) => valuesOf(v, key));
  if (!json || typeof json !== "object") return [];
  return Object.entries(json).flatMap(([k, v]) => [...(k === key ? [v] : []), ...valuesOf(v, key)]);
}

/** What a flow's actions write, as the flows API shows it: properties set (0-5) or rotated (0-11), lists named. */
function writes(flow: LiveFlow): { properties: Set<string>; lists: Set<string> } {
  const properties = new Set<string>();
  for (const a of flow.actions) {
    const f = (a.fields ?? {}) as Record<string, unknown>;
    if (a.actionTypeId === "0-5" && typeof f.property_name === "string") properties.add(f.property_name);
    if (a.actionTypeId === "0-11")
      properties.add(typeof f.target_property === "string" ? f.target_property : "hubspot_owner_id");
  }
  return { properties, lists: new Set(valuesOf(flow.actions, "listId").map(String)) };
}

/**
 * What `other` enrolls on that `flow` writes: a property its actions set that a PROPERTY filter of `other`'s
 * enrollment (or re-enrollment) criteria tests, or a list its actions name that an IN_LIST filter tests, on the
 * same object type. Empty when `other` does not depend on `flow`. This is all the flows API exposes of the link:
 * it publishes no count of the records one workflow enrolls into another.
 */
export function enrolledBy(other: LiveFlow, flow: LiveFlow): string[] {
  if (other.id === flow.id || other.objectTypeId !== flow.objectTypeId || other.type !== flow.type) return [];
  const { properties, lists } = writes(flow);
  const filters = valuesOf(other.enrollmentCriteria, "filters").flat() as Array<Record<string, unknown>>;
  const on = filters.flatMap((f) =>
    f.filterType === "PROPERTY" && properties.has(String(f.property))
      ? [String(f.property)]
      : f.filterType === "IN_LIST" && lists.has(String(f.listId))
        ? [`list ${String(f.listId)}`]
        : [],
  );
  return [...new Set(on)];
}
