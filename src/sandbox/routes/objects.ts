import { batchInputs, runBatch } from "../batch";
import { notFound } from "../errors";
import type { CrmObject } from "../model";
import { crmType } from "../object-types";
import { pageBySequence } from "../paging";
import {
  checkReferences,
  checkRequired,
  createdProperty,
  checkUnique,
  checkValues,
  modifiedProperty,
  stampStageChange,
} from "../record-rules";
import { presentAssociations, readAssociations } from "../associations";
import { created, noContent, ok, type Context, type Route } from "../router";
import { limitParam, requireObject, requireString } from "../validate";
import { search } from "./search";
import { holderOf, isUnique, reindex } from "../unique-index";
import { restampDynamicLists } from "./lists";
import { FIRST_RECORD_ID, presentRecord, recordSequence, recordsOf, requestedProperties } from "../records";

/** CRM objects v3 for contacts, companies, deals, tickets and tasks, by name or type id (`/crm/v3/objects/0-3` is deals). */
const base = "/crm/v3/objects/{objectType}";

function findRecord(
  ctx: Context,
  type: string,
  id: string,
  idProperty: string | undefined,
  archived: boolean,
): CrmObject {
  const records = recordsOf(ctx.store, type);
  const byProperty = idProperty && idProperty !== "hs_object_id" ? idProperty : undefined;
  const record = !byProperty
    ? records[id]
    : !archived && isUnique(ctx.store, type, byProperty)
      ? records[holderOf(ctx.store, type, byProperty, id) ?? ""]
      : Object.values(records).find(
          (r) => (r.properties[byProperty] ?? "").toLowerCase() === id.toLowerCase() && r.archived === archived,
        );
  if (!record || record.archived !== archived) throw notFound(`Object ${id} of type ${type} does not exist`);
  return record;
}

function asInstant(value: string): string | undefined {
  const time = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(time) ? new Date(time).toISOString() : undefined;
}

function createRecord(ctx: Context, type: string, raw: unknown): CrmObject {
  const input = requireObject(raw);
  const values = checkValues(ctx.store, type, input.properties);
  checkRequired(ctx.store, type, values);
  checkReferences(ctx.store, type, values);
  checkUnique(ctx.store, type, values);
  const associations = readAssociations(ctx.store, type, input.associations);
  const id = ctx.store.nextId(recordSequence(type), FIRST_RECORD_ID);
  // A back-dated `createdate` (imports, seeded history) is the record's creation time, as in HubSpot.
  const createdAt = values.createdate ? (asInstant(values.createdate) ?? ctx.now) : ctx.now;
  const record: CrmObject = {
    id,
    createdAt,
    updatedAt: ctx.now,
    archived: false,
    properties: { [createdProperty(type)]: ctx.now, ...values, hs_object_id: id, [modifiedProperty(type)]: ctx.now },
    ...(associations ? { associations } : {}),
  };
  stampStageChange(type, {}, record.properties, createdAt);
  ctx.store.search.beforeWrite(type, id, undefined);
  recordsOf(ctx.store, type)[id] = record;
  reindex(ctx.store, type, record, {});
  restampDynamicLists(ctx.store, type, record, ctx.now);
  ctx.store.search.afterWrite(type, record);
  return record;
}

function updateRecord(ctx: Context, record: CrmObject, type: string, raw: unknown): CrmObject {
  const values = checkValues(ctx.store, type, requireObject(raw).properties);
  const next = { ...record.properties, ...values };
  checkRequired(ctx.store, type, next);
  checkReferences(ctx.store, type, next);
  checkUnique(ctx.store, type, values, record.id);
  const before = record.properties;
  ctx.store.search.beforeWrite(type, record.id, record);
  record.properties = { ...next, [modifiedProperty(type)]: ctx.now };
  stampStageChange(type, before, record.properties, ctx.now);
  record.updatedAt = ctx.now;
  reindex(ctx.store, type, record, before);
  restampDynamicLists(ctx.store, type, record, ctx.now);
  ctx.store.search.afterWrite(type, record);
  return record;
}

/** Archiving moves a record to the recycling bin; archiving one that is already gone is not an error in HubSpot. */
function archiveRecord(ctx: Context, type: string, id: string): void {
  const record = recordsOf(ctx.store, type)[id];
  if (!record || record.archived) return;
  ctx.store.search.beforeWrite(type, id, record);
  Object.assign(record, { archived: true, archivedAt: ctx.now, updatedAt: ctx.now });
  reindex(ctx.store, type, record, record.properties);
  restampDynamicLists(ctx.store, type, record, ctx.now);
  ctx.store.search.afterWrite(type, record);
}

/** A record as a GET shows it: the asked-for properties, and associations when `?associations=` names types. */
function shown(ctx: Context, type: string, record: CrmObject) {
  const asked = ctx.query
    .getAll("associations")
    .join(",")
    .split(",")
    .filter(Boolean)
    .map((name) => crmType(ctx.store, name.trim()));
  return {
    ...presentRecord(record, requestedProperties(type, ctx.query.getAll("properties").join(","))),
    ...presentAssociations(ctx.store, type, record, asked),
  };
}

function list(ctx: Context) {
  const type = crmType(ctx.store, ctx.params.objectType);
  const archived = ctx.query.get("archived") === "true";
  const records = recordsOf(ctx.store, type);
  const lookup = (id: string) => (records[id]?.archived === archived ? records[id] : undefined);
  const end = ctx.store.state.sequences[recordSequence(type)] ?? FIRST_RECORD_ID;
  const page = pageBySequence(
    lookup,
    FIRST_RECORD_ID,
    end,
    ctx.query.get("after"),
    limitParam(ctx.query, 10, 100),
    `/crm/v3/objects/${type}`,
  );
  return ok({ ...page, results: page.results.map((r) => shown(ctx, type, r)) });
}

function get(ctx: Context) {
  const type = crmType(ctx.store, ctx.params.objectType);
  const record = findRecord(
    ctx,
    type,
    ctx.params.objectId,
    ctx.query.get("idProperty") ?? undefined,
    ctx.query.get("archived") === "true",
  );
  return ok(shown(ctx, type, record));
}

/** Writes answer with every property the record has. */
const written = (record: CrmObject) => presentRecord(record, Object.keys(record.properties));

function batch(
  ctx: Context,
  status: number,
  required: string[],
  each: (type: string, input: Record<string, any>) => CrmObject,
) {
  const type = crmType(ctx.store, ctx.params.objectType);
  const reply = runBatch(batchInputs(ctx.body, required), ctx.now, status, (input) =>
    written(each(type, requireObject(input))),
  );
  ctx.store.changed();
  return reply;
}

export const objectRoutes: Route[] = [
  { method: "GET", path: base, handler: list },
  {
    method: "POST",
    path: base,
    handler: (ctx) => {
      const type = crmType(ctx.store, ctx.params.objectType);
      const record = createRecord(ctx, type, ctx.body);
      ctx.store.changed();
      return created(written(record), `/crm/v3/objects/${type}/${record.id}`);
    },
  },
  { method: "GET", path: `${base}/{objectId}`, handler: get },
  {
    method: "PATCH",
    path: `${base}/{objectId}`,
    handler: (ctx) => {
      const type = crmType(ctx.store, ctx.params.objectType);
      const record = findRecord(ctx, type, ctx.params.objectId, ctx.query.get("idProperty") ?? undefined, false);
      updateRecord(ctx, record, type, ctx.body);
      ctx.store.changed();
      return ok(written(record));
    },
  },
  {
    method: "DELETE",
    path: `${base}/{objectId}`,
    handler: (ctx) => {
      archiveRecord(ctx, crmType(ctx.store, ctx.params.objectType), ctx.params.objectId);
      ctx.store.changed();
      return noContent();
    },
  },
  {
    method: "POST",
    path: `${base}/batch/create`,
    handler: (ctx) => batch(ctx, 201, ["properties"], (type, input) => createRecord(ctx, type, input)),
  },
  {
    method: "POST",
    path: `${base}/batch/update`,
    handler: (ctx) =>
      batch(ctx, 200, ["id", "properties"], (type, input) => {
        const record = findRecord(ctx, type, requireString(input.id, "id"), undefined, false);
        return updateRecord(ctx, record, type, input);
      }),
  },
  {
    method: "POST",
    path: `${base}/batch/read`,
    read: true,
    handler: (ctx) => {
      const type = crmType(ctx.store, ctx.params.objectType);
      const body = requireObject(ctx.body);
      const names = requestedProperties(type, body.properties);
      const idProperty = typeof body.idProperty === "string" ? body.idProperty : undefined;
      return runBatch(batchInputs(body, ["id"]), ctx.now, 200, (input) =>
        presentRecord(findRecord(ctx, type, requireString(requireObject(input).id, "id"), idProperty, false), names),
      );
    },
  },
  {
    method: "POST",
    path: `${base}/batch/archive`,
    handler: (ctx) => {
      const type = crmType(ctx.store, ctx.params.objectType);
      for (const input of batchInputs(ctx.body, ["id"])) archiveRecord(ctx, type, String(requireObject(input).id));
      ctx.store.changed();
      return noContent();
    },
  },
  { method: "POST", path: `${base}/search`, read: true, handler: search },
];
