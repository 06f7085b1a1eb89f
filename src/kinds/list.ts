/** A HubSpot list (segment) of one object type: dynamic (filters), manual or snapshot. Natural key: its name per object type. */
import type { Blueprint, ConditionGroup, RuleConditionGroup } from "../blueprint/model";
import { KEY_PREFIX } from "../blueprint/object-keys";
import { quote } from "../words/describe";
import type { PlannedKind } from "./kind";
import { listDocs } from "./list.docs";
import { propertyKind } from "./property";

export type ListProcessing = "DYNAMIC" | "MANUAL" | "SNAPSHOT";

export interface ListInputs {
  /** The blueprint's list key. */
  key: string;
  name: string;
  objectType: string;
  processingType: ListProcessing;
  /** The filters of a dynamic or snapshot list, in the blueprint's condition language. */
  when?: ConditionGroup;
}

export interface ListOutputs extends ListInputs {
  listId: string;
}

function listSpecs(blueprint: Blueprint): ListInputs[] {
  return Object.entries(blueprint.lists ?? {}).map(([key, list]) => ({
    key,
    name: list.name,
    objectType: list.object,
    processingType: list.type.toUpperCase() as ListProcessing,
    ...(list.when && { when: list.when }),
  }));
}

/** `numberofemployees gte 1000 and country in [US, CA]`: a condition group as a reviewer reads it. */
export function conditionsText(group: RuleConditionGroup): string {
  const list = "all" in group && group.all ? group.all : (group.any ?? []);
  const joiner = "all" in group && group.all ? " and " : " or ";
  return list
    .map((c) => {
      if ("list" in c) return `${c.op === "in" ? "in" : "not in"} list ${c.list}`;
      const value = Array.isArray(c.value) ? `[${c.value.join(", ")}]` : c.value === undefined ? "" : ` ${c.value}`;
      return `${c.property} ${c.op}${Array.isArray(c.value) ? ` ${value}` : value}`;
    })
    .join(joiner);
}

const kindWord = (t: string | undefined) => (t ?? "").toLowerCase();

export const listKind: PlannedKind<"lists", ListInputs, ListOutputs> = {
  module: "hubspot",
  name: "List",
  docs: listDocs,
  // A filter names properties: the blueprint's own are made first.
  planned: {
    list: "lists",
    specs: listSpecs,
    after: {
      kind: propertyKind,
      keys: (l) => {
        const group = l.when;
        const conditions = group ? ("all" in group && group.all ? group.all : (group.any ?? [])) : [];
        return conditions.map((c) => `${l.objectType}/${c.property}`);
      },
    },
  },
  // HubSpot does not change a list's object type or processing type: a new list replaces it.
  identity: ["objectType", "processingType"],
  fields: [
    { key: "name", label: "name", format: quote },
    { key: "when", label: "filters", format: conditionsText, hubspot: "filterBranch", optional: true },
  ],
  outputOnly: ["listId"],
  naturalKey: { prefix: KEY_PREFIX.list, word: "List", of: (l) => `${l.objectType}/${l.name}` },
  describe: (l) => `List "${l.name}" (${l.objectType})`,
  words: {
    section: "lists",
    scope: () => undefined,
    subject: (p) => `List ${quote(p.name ?? "")} (${p.key ?? ""})`,
    summary: (p) =>
      `${kindWord(p.processingType)} list of ${p.objectType ?? ""}` +
      (p.when && typeof p.when === "object" ? ` where ${conditionsText(p.when)}` : ""),
    deleteDanger: (p) =>
      `deletes the list in HubSpot: workflows, reports and lists that use it lose it` +
      (p.processingType === "MANUAL" ? "; its members, added by hand, are not kept anywhere else" : ""),
  },
};
