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
import type { FlowStep, FlowTrigger } from "../blueprint/model";
import { stageProperty } from "./hubspot-workflow-steps";

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

const branchOf = (filters: unknown[]) => ({
  filterBranchType: "OR",
  filterBranchOperator: "OR",
  filters: [],
  filterBranches: [{ filterBranchType: "AND", filterBranchOperator: "AND", filterBranches: [], filters }],
});

function enrollment(def: WorkflowDefinition, names: Names): Record<string, unknown> {
  const t = def.trigger;
  if ("hubspot" in t) return t.hubspot;
  const shouldReEnroll = def.reenroll ?? false;
  if ("manual" in t) return { type: "MANUAL", shouldReEnroll };
  const filter =
    "listJoined" in t
      ? { filterType: "IN_LIST", listId: listId(names, t.listJoined.list), operator: "IN_LIST" }
      : "stageEntered" in t
        ? {
            filterType: "PROPERTY",
            property: stageProperty(def.object),
            operation: {
              operationType: "ENUMERATION",
              operator: "IS_ANY_OF",
              includeObjectsWithNoValueSet: false,
              values: [stageId(names, def.object, t.stageEntered.pipeline, t.stageEntered.stage)],
            },
          }
        : {
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
  return {
    type: "LIST_BASED",
    shouldReEnroll,
    unEnrollObjectsNotMeetingCriteria: false,
    reEnrollmentTriggersFilterBranches: [],
    listFilterBranch: branchOf([filter]),
  };
}

/** One step's action: its type, the HubSpot fields, and the branches it leads to (steps of each, in order). */
function actionOf(step: Step, names: Names): Omit<FlowAction, "actionId" | "connection"> {
  const builtin = (actionTypeId: string, fields: Record<string, unknown>) => ({
    type: "SINGLE_CONNECTION",
    actionTypeVersion: 0,
    actionTypeId,
    fields,
  });
  if ("delay" in step) {
    const d = parseDuration(step.delay);
    if (!d.ok) throw new UnknownNameError(d.message);
    // In the largest unit that divides it, as HubSpot's editor writes a delay.
    const [unit, size] = Object.entries(UNITS).find(([, n]) => d.minutes % n === 0)!;
    return builtin("0-1", { delta: String(d.minutes / size), time_unit: unit });
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
  if ("createTask" in step)
    return builtin("0-3", {
      task_type: "TODO",
      subject: step.createTask.title,
      body: step.createTask.body ?? "",
      priority: "NONE",
    });
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
        actions.push({ actionId: ids[i], ...actionOf(step, names), ...connection } as FlowAction);
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

/** Tries the readings of an action in turn; one counts only when writing it back gives HubSpot's action exactly. */
function stepOf(action: FlowAction, names: Names): Step {
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
  if (action.actionTypeId === "0-5" && typeof f.property_name === "string" && typeof value === "string")
    candidates.push({ setProperty: { property: f.property_name, value } });
  if (action.actionTypeId === "0-11") candidates.push({ rotateOwner: emails(f.user_ids) });
  if (action.actionTypeId === "0-3" && typeof f.subject === "string")
    candidates.push({
      createTask: { title: f.subject, ...(typeof f.body === "string" && f.body !== "" ? { body: f.body } : {}) },
    });
  if (action.actionTypeId === "0-8")
    candidates.push({ notify: { to: emails(f.user_ids), subject: String(f.subject), body: String(f.body) } });
  const { actionId: _id, connection: _next, ...kept } = action;
  const exact = candidates.find((c) => {
    try {
      return isDeepStrictEqual(actionOf(c, names), kept);
    } catch {
      return false;
    }
  });
  return exact ?? { hubspot: kept };
}

/** HubSpot's enrollment in words, when writing the words back gives it exactly; else as HubSpot holds it. */
function triggerOf(object: FlowObject, criteria: Record<string, unknown> | undefined, names: Names): Trigger {
  if (!criteria) return { manual: true };
  const filter = (criteria.listFilterBranch as { filterBranches?: Array<{ filters?: unknown[] }> } | undefined)
    ?.filterBranches?.[0]?.filters?.[0] as
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
  const exact = candidates.find((trigger) => {
    try {
      return isDeepStrictEqual(enrollment({ object, trigger, steps: [], reenroll }, names), criteria);
    } catch {
      return false;
    }
  });
  return exact ?? { hubspot: criteria };
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
      steps.push(stepOf(action, names));
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
    trigger: triggerOf(object, criteria, names),
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
