import { invalid } from "../errors";
import type { CrmObject, Property } from "../model";
import { crmType, isCustomType, schemasOf } from "../object-types";
import { containsToken, matchesQuery } from "../search-index";
import { pageByOffset } from "../paging";
import { defaultProperties } from "../record-rules";
import { ok, type Context } from "../router";
import { requireArray, requireObject, requireString } from "../validate";
import { presentRecord, recordsOf, requestedProperties } from "../records";

/** CRM search: OR of filter groups, AND of filters within a group; sorts; free-text `query`; offset paging. */
const MAX_GROUPS = 6;
const MAX_FILTERS_PER_GROUP = 6;
const MAX_FILTERS = 18;
const MAX_LIMIT = 200;
const MAX_RESULTS = 10_000;

interface Filter {
  propertyName: string;
  operator: string;
  value?: unknown;
  values?: unknown[];
  highValue?: unknown;
}

type Comparable = number | string;

function comparable(def: Property | undefined, value: unknown): Comparable {
  const text = String(value ?? "");
  if (def?.type === "number") return Number(text);
  if (def?.type === "date" || def?.type === "datetime") return /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  return text.toLowerCase();
}

function matches(record: CrmObject, filter: Filter, def: Property | undefined): boolean {
  const raw = record.properties[filter.propertyName];
  const has = raw !== undefined && raw !== "";
  const value = comparable(def, raw);
  const target = comparable(def, filter.value);
  const list = (filter.values ?? []).map((v) => comparable(def, v));
  switch (filter.operator) {
    case "EQ":
      return has && value === target;
    case "NEQ":
      return !has || value !== target;
    case "LT":
      return has && value < target;
    case "LTE":
      return has && value <= target;
    case "GT":
      return has && value > target;
    case "GTE":
      return has && value >= target;
    case "BETWEEN":
      return has && value >= target && value <= comparable(def, filter.highValue);
    case "IN":
      return has && list.includes(value);
    case "NOT_IN":
      return !has || !list.includes(value);
    case "HAS_PROPERTY":
      return has;
    case "NOT_HAS_PROPERTY":
      return !has;
    case "CONTAINS_TOKEN":
      return has && containsToken(String(raw), String(filter.value ?? ""));
    case "NOT_CONTAINS_TOKEN":
      return !has || !containsToken(String(raw), String(filter.value ?? ""));
    default:
      throw invalid(`Invalid input: unknown filter operator ${filter.operator}`, [
        { message: "unknown operator", in: "operator" },
      ]);
  }
}

function readFilterGroups(raw: unknown): Filter[][] {
  if (raw === undefined) return [];
  const groups = requireArray(raw, "filterGroups").map((g, i) =>
    requireArray(requireObject(g, `filterGroups[${i}]`).filters ?? [], `filterGroups[${i}].filters`).map((f, j) => {
      const filter = requireObject(f, `filterGroups[${i}].filters[${j}]`);
      return {
        ...filter,
        propertyName: requireString(filter.propertyName, "propertyName"),
        operator: requireString(filter.operator, "operator"),
      } as Filter;
    }),
  );
  const total = groups.reduce((n, g) => n + g.length, 0);
  if (groups.length > MAX_GROUPS || groups.some((g) => g.length > MAX_FILTERS_PER_GROUP) || total > MAX_FILTERS) {
    throw invalid(
      `Invalid input: at most ${MAX_GROUPS} filter groups, ${MAX_FILTERS_PER_GROUP} filters per group and ${MAX_FILTERS} filters in all`,
      [{ message: "too many filters", in: "filterGroups" }],
    );
  }
  return groups;
}

export function search(ctx: Context) {
  const type = crmType(ctx.store, ctx.params.objectType);
  const body = requireObject(ctx.body ?? {});
  const limit = body.limit === undefined ? 10 : Number(body.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw invalid(`Invalid input: limit must be 1 to ${MAX_LIMIT}`, [{ message: "invalid limit", in: "limit" }]);
  if (Number(body.after ?? 0) + limit > MAX_RESULTS)
    throw invalid(`Search can page through at most ${MAX_RESULTS} results`, [
      { message: "after too large", in: "after" },
    ]);
  const defined = ctx.store.state.properties[type] ?? {};
  // Stage timestamps are calculated datetimes without a definition of their own.
  const def = (name: string): Property | undefined =>
    defined[name] ?? (/^hs_v2_date_/.test(name) ? ({ type: "datetime" } as Property) : undefined);
  const groups = readFilterGroups(body.filterGroups);
  const query = typeof body.query === "string" ? body.query.trim().toLowerCase() : "";
  const textProps = isCustomType(type) ? schemasOf(ctx.store)[type].searchableProperties : defaultProperties[type];
  // Search reads the index, which trails writes (HubSpot's search is not immediately consistent).
  const indexed = Object.values(recordsOf(ctx.store, type)).flatMap(
    (record) => ctx.store.search.visible(type, record) ?? [],
  );
  const found = indexed.filter(
    (record) =>
      !record.archived &&
      (groups.length === 0 ||
        groups.some((filters) => filters.every((f) => matches(record, f, def(f.propertyName))))) &&
      (!query ||
        matchesQuery(
          textProps.map((p) => record.properties[p] ?? ""),
          query,
        )),
  );
  const sorts = Array.isArray(body.sorts) ? body.sorts.map(readSort) : [];
  found.sort((a, b) => {
    for (const { propertyName, direction } of sorts) {
      const x = comparable(def(propertyName), a.properties[propertyName]);
      const y = comparable(def(propertyName), b.properties[propertyName]);
      if (x !== y) return (x < y ? -1 : 1) * (direction === "DESCENDING" ? -1 : 1);
    }
    return Number(a.id) - Number(b.id);
  });
  const page = pageByOffset(found, body.after, limit, `/crm/v3/objects/${type}/search`);
  const names = requestedProperties(type, body.properties);
  return ok({ ...page, results: page.results.map((r) => presentRecord(r, names)) });
}

function readSort(raw: unknown): { propertyName: string; direction: string } {
  if (typeof raw === "string")
    return raw.startsWith("-")
      ? { propertyName: raw.slice(1), direction: "DESCENDING" }
      : { propertyName: raw, direction: "ASCENDING" };
  const sort = requireObject(raw, "sorts[]");
  return {
    propertyName: requireString(sort.propertyName, "sorts[].propertyName"),
    direction: String(sort.direction ?? "ASCENDING").toUpperCase(),
  };
}
