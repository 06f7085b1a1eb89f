import { invalid } from "./errors";
import type { CrmList, CrmObject } from "./model";
import { crmType } from "./object-types";
import { propertiesOf } from "./routes/properties";
import type { Store } from "./store";

/**
 * A list's filters (HubSpot's filter branches): checked when a list is created or its filters change, and
 * evaluated against records for DYNAMIC and SNAPSHOT lists. An OR branch passes when any of its filters or
 * branches passes, AND when all do, NOT_ALL / NOT_ANY negate them. PROPERTY filters (STRING, MULTISTRING, NUMBER,
 * ENUMERATION, BOOL, ALL_PROPERTY operations) and IN_LIST filters are evaluated; HubSpot's other filter types
 * (email events, page views, form submissions...) are kept as given and match no record here, because the sandbox
 * has no such events.
 */
type Branch = { filterBranchType?: string; filterBranches?: Branch[]; filters?: Filter[] };
type Filter = { filterType?: string; property?: string; operation?: Operation; listId?: string; operator?: string };
type Operation = {
  operationType?: string;
  operator?: string;
  value?: unknown;
  values?: unknown[];
  includeObjectsWithNoValueSet?: boolean;
};

const branchTypes = ["OR", "AND", "NOT_ALL", "NOT_ANY", "ASSOCIATION", "UNIFIED_EVENTS", "RESTRICTED"];
const operators: Record<string, string[]> = {
  ALL_PROPERTY: ["IS_KNOWN", "IS_UNKNOWN"],
  STRING: ["IS_EQUAL_TO", "IS_NOT_EQUAL_TO", "CONTAINS", "DOES_NOT_CONTAIN", "STARTS_WITH", "ENDS_WITH"],
  MULTISTRING: ["IS_EQUAL_TO", "IS_NOT_EQUAL_TO", "CONTAINS", "DOES_NOT_CONTAIN", "STARTS_WITH", "ENDS_WITH"],
  NUMBER: [
    "IS_EQUAL_TO",
    "IS_NOT_EQUAL_TO",
    "IS_GREATER_THAN",
    "IS_GREATER_THAN_OR_EQUAL_TO",
    "IS_LESS_THAN",
    "IS_LESS_THAN_OR_EQUAL_TO",
  ],
  ENUMERATION: ["IS_ANY_OF", "IS_NONE_OF", "IS_EXACTLY", "IS_NOT_EXACTLY", "CONTAINS_ALL", "DOES_NOT_CONTAIN_ALL"],
  BOOL: ["IS_EQUAL_TO", "IS_NOT_EQUAL_TO"],
};

function refuse(message: string, at: string): never {
  throw invalid(`Invalid input: ${message}`, [{ message, code: "INVALID_FILTER", in: at }]);
}

/** HubSpot wants an OR branch at the root whose branches are AND branches; property filters name real properties. */
export function checkFilters(store: Store, objectTypeId: string, raw: unknown, self?: string): void {
  const root = raw as Branch;
  if (!root || typeof root !== "object" || root.filterBranchType !== "OR")
    refuse("the root filter branch must be an OR branch", "filterBranch");
  if ((root.filters ?? []).length) refuse("the root OR branch holds AND branches, not filters", "filterBranch.filters");
  (root.filterBranches ?? []).forEach((b, i) => {
    if (b?.filterBranchType !== "AND")
      refuse("the root OR branch's branches must be AND branches", `filterBranch.filterBranches[${i}]`);
  });
  walk(root, "filterBranch", (filter, at) => checkFilter(store, objectTypeId, filter, at, self));
}

function walk(branch: Branch, at: string, each: (filter: Filter, at: string) => void): void {
  if (!branchTypes.includes(String(branch.filterBranchType)))
    refuse(`unknown filterBranchType ${String(branch.filterBranchType)}`, at);
  (branch.filters ?? []).forEach((f, i) => each(f, `${at}.filters[${i}]`));
  (branch.filterBranches ?? []).forEach((b, i) => walk(b, `${at}.filterBranches[${i}]`, each));
}

function checkFilter(store: Store, objectTypeId: string, filter: Filter, at: string, self?: string): void {
  if (filter.filterType === "IN_LIST") {
    if (!["IN_LIST", "NOT_IN_LIST"].includes(String(filter.operator)))
      refuse("operator must be IN_LIST or NOT_IN_LIST", at);
    const target = store.state.lists?.[String(filter.listId)];
    if (!target || target.deletedAt) refuse(`list ${String(filter.listId)} does not exist`, `${at}.listId`);
    if (self !== undefined && reaches(store, target, self))
      refuse(`list ${String(filter.listId)} refers back to this list`, `${at}.listId`);
    return;
  }
  if (filter.filterType !== "PROPERTY") return;
  const property = String(filter.property);
  if (!propertiesOf(store, crmType(store, objectTypeId))[property])
    refuse(`property ${property} does not exist on ${objectTypeId}`, `${at}.property`);
  const op = filter.operation ?? {};
  const allowed = operators[String(op.operationType)];
  if (!allowed) refuse(`unknown operationType ${String(op.operationType)}`, `${at}.operation`);
  if (!allowed.includes(String(op.operator)))
    refuse(`operator ${String(op.operator)} is not one of ${allowed.join(", ")}`, `${at}.operation.operator`);
}

/** Whether `list`'s filters lead, through IN_LIST filters, to the list `target`. */
function reaches(store: Store, list: CrmList, target: string, seen = new Set<string>()): boolean {
  if (list.listId === target) return true;
  if (seen.has(list.listId) || !list.filterBranch) return false;
  seen.add(list.listId);
  const refs: string[] = [];
  walk(list.filterBranch as Branch, "", (f) => f.filterType === "IN_LIST" && refs.push(String(f.listId)));
  return refs.some((id) => store.state.lists?.[id] && reaches(store, store.state.lists[id], target, seen));
}

/** Whether a record passes the branch. */
export function passes(store: Store, branch: Branch, record: CrmObject): boolean {
  const results = [
    ...(branch.filters ?? []).map((f) => filterPasses(store, f, record)),
    ...(branch.filterBranches ?? []).map((b) => passes(store, b, record)),
  ];
  switch (branch.filterBranchType) {
    case "OR":
      return results.some(Boolean);
    case "AND":
      return results.every(Boolean);
    case "NOT_ALL":
      return !results.every(Boolean);
    case "NOT_ANY":
      return !results.some(Boolean);
    default:
      return false;
  }
}

function filterPasses(store: Store, filter: Filter, record: CrmObject): boolean {
  if (filter.filterType === "IN_LIST") {
    const list = store.state.lists?.[String(filter.listId)];
    const member = !!list && !list.deletedAt && isMember(store, list, record);
    return filter.operator === "NOT_IN_LIST" ? !member : member;
  }
  if (filter.filterType !== "PROPERTY") return false;
  return operationPasses(filter.operation ?? {}, record.properties[String(filter.property)] ?? "");
}

function operationPasses(op: Operation, value: string): boolean {
  if (op.operationType === "ALL_PROPERTY") return (value !== "") === (op.operator === "IS_KNOWN");
  if (value === "") return op.includeObjectsWithNoValueSet === true;
  const text = value.toLowerCase();
  const wanted = (op.values ?? [op.value]).map((v) => String(v).toLowerCase());
  const held = text.split(";");
  switch (`${String(op.operationType)} ${String(op.operator)}`) {
    case "STRING IS_EQUAL_TO":
    case "MULTISTRING IS_EQUAL_TO":
    case "BOOL IS_EQUAL_TO":
    case "ENUMERATION IS_ANY_OF":
      return wanted.some((w) => held.includes(w));
    case "STRING IS_NOT_EQUAL_TO":
    case "MULTISTRING IS_NOT_EQUAL_TO":
    case "BOOL IS_NOT_EQUAL_TO":
    case "ENUMERATION IS_NONE_OF":
      return !wanted.some((w) => held.includes(w));
    case "STRING CONTAINS":
    case "MULTISTRING CONTAINS":
      return wanted.some((w) => text.includes(w));
    case "STRING DOES_NOT_CONTAIN":
    case "MULTISTRING DOES_NOT_CONTAIN":
      return !wanted.some((w) => text.includes(w));
    case "STRING STARTS_WITH":
    case "MULTISTRING STARTS_WITH":
      return wanted.some((w) => text.startsWith(w));
    case "STRING ENDS_WITH":
    case "MULTISTRING ENDS_WITH":
      return wanted.some((w) => text.endsWith(w));
    case "ENUMERATION IS_EXACTLY":
      return sameSet(held, wanted);
    case "ENUMERATION IS_NOT_EXACTLY":
      return !sameSet(held, wanted);
    case "ENUMERATION CONTAINS_ALL":
      return wanted.every((w) => held.includes(w));
    case "ENUMERATION DOES_NOT_CONTAIN_ALL":
      return !wanted.every((w) => held.includes(w));
    default:
      return compareNumber(String(op.operator), Number(value), Number(op.value));
  }
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

function compareNumber(operator: string, value: number, wanted: number): boolean {
  const checks: Record<string, boolean> = {
    IS_EQUAL_TO: value === wanted,
    IS_NOT_EQUAL_TO: value !== wanted,
    IS_GREATER_THAN: value > wanted,
    IS_GREATER_THAN_OR_EQUAL_TO: value >= wanted,
    IS_LESS_THAN: value < wanted,
    IS_LESS_THAN_OR_EQUAL_TO: value <= wanted,
  };
  return checks[operator] ?? false;
}

/** A record is in a DYNAMIC list while it passes the filters; in the others while it was added and not removed. */
export function isMember(store: Store, list: CrmList, record: CrmObject): boolean {
  if (record.archived) return false;
  if (list.processingType !== "DYNAMIC") return record.id in list.members;
  return !!list.filterBranch && passes(store, list.filterBranch as Branch, record);
}
