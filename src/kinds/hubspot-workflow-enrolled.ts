/**
 * What revstack can count before deleting a HubSpot workflow, since HubSpot publishes no count of the records enrolled
 * in one (hubspot-api.md §11 lists no enrollment read): the records that meet its enrollment filters now, and so may
 * be enrolled. Read from the flow as HubSpot holds it — the list filters the blueprint's trigger and `when:` became
 * (hubspot-workflow-flow.ts, list-filters.ts), or a hand-built flow's own — as one CRM search (its total), or, for a
 * list-membership trigger, the list's size. What neither can count is said, with why.
 */
import type { FilterBranch, FlowBody, ListFilter, SearchFilter } from "../clients/hubspot";
import { count } from "../words/describe";
import { FLOW_OBJECTS } from "./hubspot-workflow-flow";
import { searchFilterOf } from "./list-filters";

/** How to count: a CRM search on the object (any group; every filter of one), a list's size, or why neither can. */
export type EnrollmentCount =
  { object: string; search: SearchFilter[][] } | { object: string; list: string } | { uncountable: string };

/** One CRM search takes at most 6 filter groups (hubspot-api.md), 6 filters in a group and 18 in all (HubSpot's search limits, which the sandbox enforces too). */
const fitsOneSearch = (groups: SearchFilter[][]): boolean =>
  groups.length <= 6 && groups.every((g) => g.length <= 6) && groups.flat().length <= 18;

/** HubSpot's OR of AND branches, each a flat list of filters; undefined when it nests otherwise. */
function andBranches(root: FilterBranch | undefined): ListFilter[][] | undefined {
  if (root?.filterBranchType !== "OR" || (root.filters ?? []).length > 0) return undefined;
  const ands = root.filterBranches ?? [];
  if (ands.length === 0 || ands.some((b) => b.filterBranchType !== "AND" || (b.filterBranches ?? []).length > 0))
    return undefined;
  return ands.map((b) => b.filters ?? []);
}

export function enrollmentCount(flow: FlowBody): EnrollmentCount {
  const typeId = flow.objectTypeId ?? (flow.type === "CONTACT_FLOW" ? FLOW_OBJECTS.contacts : undefined);
  const object = Object.entries(FLOW_OBJECTS).find(([, id]) => id === typeId)?.[0];
  if (!object) return { uncountable: `it enrolls records of object type ${typeId ?? "(none)"}` };
  const criteria = flow.enrollmentCriteria ?? {};
  if (criteria.type === "MANUAL") return { uncountable: "records are enrolled in it by hand" };
  if (criteria.type !== "LIST_BASED") return { uncountable: `its enrollment is ${String(criteria.type ?? "unset")}` };
  const branches = andBranches(criteria.listFilterBranch as FilterBranch | undefined);
  if (!branches) return { uncountable: "its enrollment filters nest branches one CRM search cannot" };
  const lists = branches.flat().filter((f) => f.filterType === "IN_LIST");
  if (lists.length > 0)
    return branches.length === 1 && branches[0].length === 1 && lists[0].operator === "IN_LIST"
      ? { object, list: String(lists[0].listId) }
      : { uncountable: "it tests list membership with other filters, which one CRM search cannot" };
  // An AND branch with no filter takes every record: the search then has no filter at all.
  if (branches.some((b) => b.length === 0)) return { object, search: [] };
  const groups: SearchFilter[][] = [];
  for (const branch of branches) {
    const filters = branch.map(searchFilterOf);
    const none = filters.find((f) => typeof f === "string");
    if (none !== undefined) return { uncountable: `the CRM search has no filter for ${none}` };
    groups.push(filters as SearchFilter[]);
  }
  return fitsOneSearch(groups)
    ? { object, search: groups }
    : { uncountable: "it has more filters than one CRM search takes" };
}

/** The count in words, honestly named: records that meet the filters (or are in the list), not records enrolled. */
export function meetingWords(object: string, records: number, list?: string): string {
  const what = count(records, object.replace(/s$/, ""), object);
  const one = records === 1;
  const meet =
    list === undefined ? `meet${one ? "s" : ""} its enrollment filters` : `${one ? "is" : "are"} in its list "${list}"`;
  return `${what} ${meet} now and may be enrolled`;
}
