/**
 * A list's filters in the blueprint's condition language (`all:` / `any:` of `{ property, op, value }`, the
 * operators routing uses) and as HubSpot's filter branches: an OR root of AND branches. `all` is one AND branch,
 * `any` one AND branch per condition. The operation type follows the property's HubSpot type, which the provider
 * reads from the portal; a filter branch written by hand that the condition language cannot say reads as undefined.
 */
import type { Condition, ConditionGroup, ListCondition, RuleConditionGroup } from "../blueprint/model";
import type { FilterBranch, ListFilter } from "../clients/hubspot/lists";
import type { SearchFilter } from "../clients/hubspot/types";

type Value = string | number | boolean;
type Operation = NonNullable<ListFilter["operation"]>;

const ORDER: Record<string, string> = {
  eq: "IS_EQUAL_TO",
  neq: "IS_NOT_EQUAL_TO",
  gt: "IS_GREATER_THAN",
  gte: "IS_GREATER_THAN_OR_EQUAL_TO",
  lt: "IS_LESS_THAN",
  lte: "IS_LESS_THAN_OR_EQUAL_TO",
};
const TEXT: Record<string, string> = { eq: "IS_EQUAL_TO", neq: "IS_NOT_EQUAL_TO", contains: "CONTAINS" };
const CHOICE: Record<string, string> = { eq: "IS_ANY_OF", in: "IS_ANY_OF", neq: "IS_NONE_OF", not_in: "IS_NONE_OF" };

const valuesOf = (c: Condition): Value[] => (Array.isArray(c.value) ? c.value : c.value === undefined ? [] : [c.value]);

/** The HubSpot operation for one condition on a property of HubSpot type `type`, or why there is none. */
export function operationOf(c: Condition, type: string): Operation | string {
  if (c.op === "known" || c.op === "unknown")
    return { operationType: "ALL_PROPERTY", operator: c.op === "known" ? "IS_KNOWN" : "IS_UNKNOWN" };
  const [first] = valuesOf(c);
  if (type === "number" && ORDER[c.op]) return { operationType: "NUMBER", operator: ORDER[c.op], value: Number(first) };
  if (type === "bool" && (c.op === "eq" || c.op === "neq"))
    return { operationType: "BOOL", operator: TEXT[c.op], value: String(first) };
  if (type === "enumeration" && CHOICE[c.op])
    return { operationType: "ENUMERATION", operator: CHOICE[c.op], values: valuesOf(c).map(String) };
  if (type === "string" || type === "phone_number") {
    if (TEXT[c.op]) return { operationType: "STRING", operator: TEXT[c.op], value: String(first) };
    if (c.op === "in" || c.op === "not_in")
      return {
        operationType: "MULTISTRING",
        operator: c.op === "in" ? "IS_EQUAL_TO" : "IS_NOT_EQUAL_TO",
        values: valuesOf(c).map(String),
      };
  }
  return `op ${c.op} on a ${type} property has no list filter`;
}

const and = (filters: ListFilter[]): FilterBranch => ({ filterBranchType: "AND", filterBranches: [], filters });

/** HubSpot's list-membership filter (PublicInListFilter) for "in list `listId`": workflows' listJoined and `if:`. */
export const inListFilter = (listId: string): ListFilter => ({ filterType: "IN_LIST", listId, operator: "IN_LIST" });

/**
 * The filter branch of a condition group, given each property's HubSpot type and, where the group tests list
 * membership (a workflow's enrollment), each list's HubSpot id.
 */
export function toFilterBranch(
  group: RuleConditionGroup,
  typeOf: (property: string) => string,
  listIdOf?: (key: string) => string,
): FilterBranch {
  const filter = (c: Condition | ListCondition): ListFilter => {
    if ("list" in c) {
      if (!listIdOf || c.op !== "in") throw new Error(`list ${c.list}: op ${c.op} has no filter here`);
      return inListFilter(listIdOf(c.list));
    }
    const operation = operationOf(c, typeOf(c.property));
    if (typeof operation === "string") throw new Error(`${c.property}: ${operation}`);
    return { filterType: "PROPERTY", property: c.property, operation };
  };
  const branches = "all" in group && group.all ? [and(group.all.map(filter))] : group.any!.map((c) => and([filter(c)]));
  return { filterBranchType: "OR", filterBranches: branches, filters: [] };
}

const REVERSE: Record<string, Condition["op"]> = {
  "ALL_PROPERTY IS_KNOWN": "known",
  "ALL_PROPERTY IS_UNKNOWN": "unknown",
  "NUMBER IS_GREATER_THAN": "gt",
  "NUMBER IS_GREATER_THAN_OR_EQUAL_TO": "gte",
  "NUMBER IS_LESS_THAN": "lt",
  "NUMBER IS_LESS_THAN_OR_EQUAL_TO": "lte",
  "STRING CONTAINS": "contains",
  "MULTISTRING IS_EQUAL_TO": "in",
  "MULTISTRING IS_NOT_EQUAL_TO": "not_in",
};

/** One HubSpot filter as a condition, or undefined when the condition language cannot say it. */
function conditionOf(
  f: ListFilter,
  listKeyOf?: (id: string) => string | undefined,
): Condition | ListCondition | undefined {
  if (f.filterType === "IN_LIST" && f.operator === "IN_LIST") {
    const list = listKeyOf?.(String(f.listId));
    return list === undefined ? undefined : { list, op: "in" };
  }
  const op = f.operation;
  if (f.filterType !== "PROPERTY" || !f.property || !op || op.includeObjectsWithNoValueSet) return undefined;
  const key = `${op.operationType} ${op.operator}`;
  const values = op.values ?? (op.value === undefined ? [] : [op.value]);
  const value = (v: string | number): Value =>
    op.operationType === "NUMBER" ? Number(v) : op.operationType === "BOOL" ? String(v) === "true" : String(v);
  if (REVERSE[key] === "known" || REVERSE[key] === "unknown") return { property: f.property, op: REVERSE[key] };
  if (REVERSE[key] === "in" || REVERSE[key] === "not_in")
    return { property: f.property, op: REVERSE[key], value: values.map(value) };
  if (values.length !== 1 && op.operationType !== "ENUMERATION") return undefined;
  if (REVERSE[key]) return { property: f.property, op: REVERSE[key], value: value(values[0]) };
  if (op.operator === "IS_EQUAL_TO" || op.operator === "IS_NOT_EQUAL_TO")
    return { property: f.property, op: op.operator === "IS_EQUAL_TO" ? "eq" : "neq", value: value(values[0]) };
  if (op.operationType === "ENUMERATION" && (op.operator === "IS_ANY_OF" || op.operator === "IS_NONE_OF")) {
    const many = values.length !== 1;
    const op2: Condition["op"] = op.operator === "IS_ANY_OF" ? (many ? "in" : "eq") : many ? "not_in" : "neq";
    return { property: f.property, op: op2, value: many ? values.map(String) : String(values[0]) };
  }
  return undefined;
}

/**
 * A filter branch as a condition group: one AND branch is `all`, AND branches of one filter each are `any`. List
 * membership reads as a list condition only given the lists' keys by id (a workflow's enrollment); a list's own
 * filters stay property conditions.
 */
export function fromFilterBranch(branch: FilterBranch | undefined): ConditionGroup | undefined;
export function fromFilterBranch(
  branch: FilterBranch | undefined,
  listKeyOf: (id: string) => string | undefined,
): RuleConditionGroup | undefined;
export function fromFilterBranch(
  branch: FilterBranch | undefined,
  listKeyOf?: (id: string) => string | undefined,
): RuleConditionGroup | undefined {
  if (!branch || branch.filterBranchType !== "OR" || (branch.filters ?? []).length > 0) return undefined;
  const ands = branch.filterBranches ?? [];
  if (ands.length === 0 || ands.some((b) => b.filterBranchType !== "AND" || (b.filterBranches ?? []).length > 0))
    return undefined;
  const read = (filters: ListFilter[]) => {
    const conditions = filters.map((f) => conditionOf(f, listKeyOf));
    return conditions.every((c) => c !== undefined) ? (conditions as Array<Condition | ListCondition>) : undefined;
  };
  if (ands.length === 1) {
    const all = read(ands[0].filters ?? []);
    return all && all.length > 0 ? { all } : undefined;
  }
  if (ands.some((b) => (b.filters ?? []).length !== 1)) return undefined;
  const any = read(ands.map((b) => b.filters[0]));
  return any && { any };
}

const SEARCH: Record<string, string> = {
  "ALL_PROPERTY IS_KNOWN": "HAS_PROPERTY",
  "ALL_PROPERTY IS_UNKNOWN": "NOT_HAS_PROPERTY",
  "NUMBER IS_EQUAL_TO": "EQ",
  "NUMBER IS_NOT_EQUAL_TO": "NEQ",
  "NUMBER IS_GREATER_THAN": "GT",
  "NUMBER IS_GREATER_THAN_OR_EQUAL_TO": "GTE",
  "NUMBER IS_LESS_THAN": "LT",
  "NUMBER IS_LESS_THAN_OR_EQUAL_TO": "LTE",
  "BOOL IS_EQUAL_TO": "EQ",
  "BOOL IS_NOT_EQUAL_TO": "NEQ",
  "STRING IS_EQUAL_TO": "EQ",
  "STRING IS_NOT_EQUAL_TO": "NEQ",
  "ENUMERATION IS_ANY_OF": "IN",
  "ENUMERATION IS_NONE_OF": "NOT_IN",
  "MULTISTRING IS_EQUAL_TO": "IN",
  "MULTISTRING IS_NOT_EQUAL_TO": "NOT_IN",
};

/**
 * A property filter of a list (as `operationOf` writes them, in lists and workflows' enrollment) as the CRM search
 * filter that finds the same records, or why there is none: a text `CONTAINS` (search matches whole tokens, not
 * parts of words), a filter that also takes records with no value, or one of another kind.
 */
export function searchFilterOf(f: ListFilter): SearchFilter | string {
  const op = f.operation;
  if (f.filterType !== "PROPERTY" || !f.property || !op) return `a ${f.filterType} filter`;
  const operator = SEARCH[`${op.operationType} ${op.operator}`];
  if (!operator || op.includeObjectsWithNoValueSet)
    return `the filter ${op.operationType} ${op.operator} on ${f.property}`;
  const values = (op.values ?? (op.value === undefined ? [] : [op.value])).map(String);
  if (operator === "IN" || operator === "NOT_IN") return { propertyName: f.property, operator, values };
  if (operator.endsWith("HAS_PROPERTY")) return { propertyName: f.property, operator };
  return { propertyName: f.property, operator, value: values[0] };
}
