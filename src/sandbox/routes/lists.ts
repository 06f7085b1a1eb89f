import { conflict, invalid, notFound } from "../errors";
import { checkFilters, isMember } from "../list-filters";
import type { CrmList, CrmObject } from "../model";
import { crmType, typeIdOf } from "../object-types";
import { recordsOf } from "../records";
import { noContent, ok, type Context, type Route } from "../router";
import type { Store } from "../store";
import { oneOf, requireArray, requireObject, requireString, sameLabel } from "../validate";

/**
 * Lists (segments), v3 and 2026-09. MANUAL lists hold the records added to them; DYNAMIC lists are their filters,
 * evaluated whenever they are read (HubSpot processes them in the background: here they are always processed);
 * SNAPSHOT lists take the records their filters match when they are made, then are edited by hand. Deleting a list
 * is restorable; HubSpot does not refuse deleting a list other lists or workflows use, so neither does the sandbox.
 */
const base = "/crm/v3/lists";
const processingTypes = ["MANUAL", "DYNAMIC", "SNAPSHOT"];

export const listsOf = (store: Store): Record<string, CrmList> => (store.state.lists ??= {});

const typeOfList = (store: Store, list: CrmList) => crmType(store, list.objectTypeId);

/** The list's live members, with when each joined. */
export function membersOf(store: Store, list: CrmList): Array<{ recordId: string; membershipTimestamp: string }> {
  return Object.values(recordsOf(store, typeOfList(store, list)))
    .filter((record) => isMember(store, list, record))
    .map((record) => ({ recordId: record.id, membershipTimestamp: joinedAt(list, record) }));
}

/**
 * When a member joined: added by hand or by a snapshot, or (a DYNAMIC list) the write that made it match; a record
 * that matched before the list was made joined with the list.
 */
const joinedAt = (list: CrmList, record: CrmObject): string =>
  list.members[record.id] ?? list.joined?.[record.id] ?? list.createdAt;

/**
 * After a record's write, its DYNAMIC lists' join times, as HubSpot keeps them: a member edited while it still
 * matches keeps the time it joined (an automation tells one join from the next by it), one that stops matching
 * leaves, and matching again is a new join.
 */
export function restampDynamicLists(store: Store, type: string, record: CrmObject, now: string): void {
  for (const list of Object.values(listsOf(store))) {
    if (list.processingType !== "DYNAMIC" || list.deletedAt || typeOfList(store, list) !== type) continue;
    const joined = (list.joined ??= {});
    if (isMember(store, list, record)) joined[record.id] ??= now;
    else delete joined[record.id];
  }
}

function present(ctx: Context, list: CrmList, withFilters = ctx.query.get("includeFilters") === "true") {
  const { members: _members, filterBranch, ...shown } = list;
  return {
    ...shown,
    processingStatus: "COMPLETE",
    size: membersOf(ctx.store, list).length,
    ...(withFilters && filterBranch && { filterBranch }),
  };
}

function liveList(ctx: Context, id = ctx.params.listId): CrmList {
  const list = listsOf(ctx.store)[id];
  if (!list || list.deletedAt) throw notFound(`List ${id} does not exist`);
  return list;
}

function assertNameFree(store: Store, name: string, self?: string): void {
  if (Object.values(listsOf(store)).some((l) => l.listId !== self && !l.deletedAt && sameLabel(l.name, name)))
    throw conflict(`A list named ${name} already exists`);
}

function create(ctx: Context) {
  const input = requireObject(ctx.body);
  const name = requireString(input.name, "name");
  const processingType = oneOf(input.processingType, processingTypes, "processingType");
  const objectTypeId = typeIdOf(crmType(ctx.store, requireString(input.objectTypeId, "objectTypeId")));
  if (processingType === "MANUAL" ? input.filterBranch !== undefined : input.filterBranch === undefined)
    throw invalid(
      `Invalid input: ${processingType} lists ${processingType === "MANUAL" ? "take no" : "need a"} filterBranch`,
      [{ message: "filterBranch", in: "filterBranch" }],
    );
  if (input.filterBranch !== undefined) checkFilters(ctx.store, objectTypeId, input.filterBranch);
  assertNameFree(ctx.store, name);
  const listId = ctx.store.nextId("list", 1);
  const list: CrmList = {
    listId,
    name,
    objectTypeId,
    processingType: processingType as CrmList["processingType"],
    ...(input.filterBranch !== undefined && { filterBranch: input.filterBranch, filtersUpdatedAt: ctx.now }),
    listVersion: 1,
    members: {},
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  listsOf(ctx.store)[listId] = list;
  if (processingType === "SNAPSHOT") {
    const matched = membersOf(ctx.store, { ...list, processingType: "DYNAMIC" });
    list.members = Object.fromEntries(matched.map((m) => [m.recordId, ctx.now]));
  }
  ctx.store.changed();
  return ok({ list: present(ctx, list, true) });
}

function updateName(ctx: Context) {
  const list = liveList(ctx);
  const name = requireString(ctx.query.get("listName") ?? undefined, "listName");
  assertNameFree(ctx.store, name, list.listId);
  Object.assign(list, { name, updatedAt: ctx.now, listVersion: list.listVersion + 1 });
  ctx.store.changed();
  return ok({ updatedList: present(ctx, list) });
}

function updateFilters(ctx: Context) {
  const list = liveList(ctx);
  if (list.processingType !== "DYNAMIC")
    throw invalid(
      `Invalid input: only DYNAMIC lists have filters to update (list ${list.listId} is ${list.processingType})`,
    );
  const filterBranch = requireObject(requireObject(ctx.body).filterBranch, "filterBranch");
  checkFilters(ctx.store, list.objectTypeId, filterBranch, list.listId);
  Object.assign(list, {
    filterBranch,
    filtersUpdatedAt: ctx.now,
    updatedAt: ctx.now,
    listVersion: list.listVersion + 1,
  });
  ctx.store.changed();
  return ok({ updatedList: present(ctx, list, true) });
}

function remove(ctx: Context) {
  liveList(ctx).deletedAt = ctx.now;
  ctx.store.changed();
  return noContent();
}

function restore(ctx: Context) {
  const list = listsOf(ctx.store)[ctx.params.listId];
  if (!list?.deletedAt) throw notFound(`No deleted list ${ctx.params.listId} to restore`);
  assertNameFree(ctx.store, list.name, list.listId);
  delete list.deletedAt;
  ctx.store.changed();
  return noContent();
}

/** Adds or removes members of a MANUAL or SNAPSHOT list; ids that are not live records come back as missing. */
function changeMembers(ctx: Context, add: boolean) {
  const list = liveList(ctx);
  if (list.processingType === "DYNAMIC")
    throw invalid(`Invalid input: list ${list.listId} is DYNAMIC; its members follow its filters`);
  const ids = requireArray(ctx.body, "request body").map((id) => String(id));
  const records = recordsOf(ctx.store, typeOfList(ctx.store, list));
  const live = ids.filter((id) => records[id] && !records[id].archived);
  const changed = live.filter((id) => id in list.members !== add);
  for (const id of changed)
    if (add) list.members[id] = ctx.now;
    else delete list.members[id];
  ctx.store.changed();
  return ok({
    recordsIdsAdded: add ? changed : [],
    recordIdsRemoved: add ? [] : changed,
    recordIdsMissing: ids.filter((id) => !live.includes(id)),
  });
}

function memberships(ctx: Context) {
  const results = membersOf(ctx.store, liveList(ctx)).sort((a, b) => Number(a.recordId) - Number(b.recordId));
  const after = Number(ctx.query.get("after") ?? 0);
  const limit = Math.min(Number(ctx.query.get("limit") ?? 100), 250);
  const rest = results.filter((m) => Number(m.recordId) > after);
  const page = rest.slice(0, limit);
  const more = rest.length > limit;
  return ok({
    results: page,
    total: results.length,
    ...(more && { paging: { next: { after: page.at(-1)!.recordId } } }),
  });
}

/** The live lists one record is a member of, as HubSpot's membership reads show them. */
function listsHolding(store: Store, objectTypeId: string, recordId: string) {
  const type = crmType(store, objectTypeId);
  const record = recordsOf(store, type)[recordId];
  const lists = record
    ? Object.values(listsOf(store)).filter(
        (l) => !l.deletedAt && typeOfList(store, l) === type && isMember(store, l, record),
      )
    : [];
  return lists.map((l) => ({
    listId: l.listId,
    listVersion: l.listVersion,
    firstAddedTimestamp: joinedAt(l, record!),
    lastAddedTimestamp: joinedAt(l, record!),
  }));
}

function recordMemberships(ctx: Context) {
  const results = listsHolding(ctx.store, ctx.params.objectTypeId, ctx.params.recordId);
  return ok({ results, total: results.length });
}

/** `{ inputs: [{ objectTypeId, recordId }] }` → each record's lists, answered as HubSpot's batch status. */
function batchMemberships(ctx: Context) {
  const inputs = requireArray(requireObject(ctx.body).inputs, "inputs").map((raw, i) => {
    const input = requireObject(raw, `inputs[${i}]`);
    return {
      objectTypeId: requireString(input.objectTypeId, `inputs[${i}].objectTypeId`),
      recordId: String(requireString(String(input.recordId ?? ""), `inputs[${i}].recordId`)),
    };
  });
  const results = inputs.map(({ objectTypeId, recordId }) => ({
    objectTypeId,
    recordId,
    recordListMemberships: listsHolding(ctx.store, objectTypeId, recordId),
  }));
  return ok({ status: "COMPLETE", results, requestedAt: ctx.now, startedAt: ctx.now, completedAt: ctx.now });
}

function search(ctx: Context) {
  const input = requireObject(ctx.body ?? {});
  const query = typeof input.query === "string" ? input.query.toLowerCase() : "";
  const types = Array.isArray(input.processingTypes) ? input.processingTypes.map(String) : processingTypes;
  const ids = Array.isArray(input.listIds) ? input.listIds.map(String) : undefined;
  const found = Object.values(listsOf(ctx.store)).filter(
    (l) =>
      !l.deletedAt &&
      l.name.toLowerCase().includes(query) &&
      types.includes(l.processingType) &&
      (!ids || ids.includes(l.listId)),
  );
  const offset = Number(input.offset ?? 0);
  const count = Math.min(Number(input.count ?? 20), 500);
  const lists = found.slice(offset, offset + count).map((l) => {
    const shown = present(ctx, l, false);
    return { ...shown, additionalProperties: { hs_list_size: String(shown.size) } };
  });
  return ok({
    lists,
    total: found.length,
    offset: offset + lists.length,
    hasMore: offset + lists.length < found.length,
  });
}

function byName(ctx: Context) {
  const objectTypeId = typeIdOf(crmType(ctx.store, ctx.params.objectTypeId));
  const list = Object.values(listsOf(ctx.store)).find(
    (l) => !l.deletedAt && l.objectTypeId === objectTypeId && sameLabel(l.name, ctx.params.listName),
  );
  if (!list) throw notFound(`List ${ctx.params.listName} does not exist`);
  return ok({ list: present(ctx, list) });
}

function byIds(ctx: Context) {
  const ids = ctx.query.getAll("listIds");
  const lists = ids.flatMap((id) => {
    const list = listsOf(ctx.store)[id];
    return list && !list.deletedAt ? [present(ctx, list)] : [];
  });
  return ok({ lists });
}

export const listRoutes: Route[] = [
  { method: "GET", path: base, handler: byIds },
  { method: "POST", path: base, handler: create },
  { method: "POST", path: `${base}/search`, handler: search, read: true },
  { method: "GET", path: `${base}/object-type-id/{objectTypeId}/name/{listName}`, handler: byName },
  { method: "GET", path: `${base}/records/{objectTypeId}/{recordId}/memberships`, handler: recordMemberships },
  { method: "POST", path: `${base}/records/memberships/batch/read`, handler: batchMemberships, read: true },
  { method: "GET", path: `${base}/{listId}`, handler: (ctx) => ok({ list: present(ctx, liveList(ctx)) }) },
  { method: "DELETE", path: `${base}/{listId}`, handler: remove },
  { method: "PUT", path: `${base}/{listId}/restore`, handler: restore },
  { method: "PUT", path: `${base}/{listId}/update-list-name`, handler: updateName },
  { method: "PUT", path: `${base}/{listId}/update-list-filters`, handler: updateFilters },
  { method: "GET", path: `${base}/{listId}/memberships`, handler: memberships },
  { method: "PUT", path: `${base}/{listId}/memberships/add`, handler: (ctx) => changeMembers(ctx, true) },
  { method: "PUT", path: `${base}/{listId}/memberships/remove`, handler: (ctx) => changeMembers(ctx, false) },
];
