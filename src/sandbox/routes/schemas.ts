import { ApiError, conflict, invalid, notFound } from "../errors";
import type { CustomSchema, SchemaAssociation } from "../model";
import { crmType, customSchema, schemasOf, typeIdOf } from "../object-types";
import { recordsOf } from "../records";
import { created, noContent, ok, type Context, type Route } from "../router";
import type { Store } from "../store";
import { optionalString, requireArray, requireObject, requireString } from "../validate";
import { createProperty, groupsOf, propertiesOf } from "./properties";

/**
 * Custom object schemas (crm-object-schemas). A schema's records, properties and property groups are kept under its
 * objectTypeId (`2-<id>`), so the objects, properties and search routes serve them like any other type. Deleting a
 * schema archives it (its name stays taken); HubSpot refuses that while live records of the type exist, and
 * `?archived=true` then purges an archived one, freeing its name.
 */
const base = "/crm-object-schemas/v3/schemas";
const namePattern = /^[A-Za-z][A-Za-z0-9_]*$/;

/** HubSpot's own properties on every custom object: these exist before any the schema defines. */
const builtIn = [
  { name: "hs_object_id", label: "Record ID", type: "number", fieldType: "number" },
  { name: "hs_createdate", label: "Create date", type: "datetime", fieldType: "date" },
  { name: "hs_lastmodifieddate", label: "Last modified date", type: "datetime", fieldType: "date" },
  // Where its records stand in the object's pipelines, named as a ticket's; their options are the pipelines'.
  { name: "hs_pipeline", label: "Pipeline", type: "enumeration", fieldType: "select", externalOptions: true },
  {
    name: "hs_pipeline_stage",
    label: "Pipeline stage",
    type: "enumeration",
    fieldType: "select",
    externalOptions: true,
  },
];

function present(store: Store, schema: CustomSchema) {
  const properties = Object.values(propertiesOf(store, schema.objectTypeId)).filter((p) => !p.archived);
  return { ...schema, properties };
}

function liveSchema(ctx: Context): CustomSchema {
  const schema = customSchema(ctx.store, ctx.params.objectType);
  if (!schema) throw notFound(`Unable to find object type ${ctx.params.objectType}`);
  return schema;
}

/** Names the schema's lists pick from must be among its properties. */
function checkNamed(store: Store, schema: CustomSchema): void {
  const names = new Set(Object.keys(propertiesOf(store, schema.objectTypeId)));
  const lists: Array<[string, string[]]> = [
    ["requiredProperties", schema.requiredProperties],
    ["searchableProperties", schema.searchableProperties],
    ["secondaryDisplayProperties", schema.secondaryDisplayProperties],
    ["primaryDisplayProperty", schema.primaryDisplayProperty ? [schema.primaryDisplayProperty] : []],
  ];
  for (const [field, picked] of lists) {
    const unknown = picked.filter((name) => !names.has(name));
    if (unknown.length)
      throw invalid(`Invalid input: ${field} names properties the object does not have: ${unknown.join(", ")}`, [
        { message: `unknown properties: ${unknown.join(", ")}`, code: "INVALID_PROPERTY", in: field },
      ]);
  }
}

const names = (raw: unknown, field: string): string[] =>
  raw === undefined ? [] : requireArray(raw, field).map((v, i) => requireString(v, `${field}[${i}]`));

function newAssociation(ctx: Context, from: string, to: string, name?: string): SchemaAssociation {
  const id = ctx.store.nextId("associationType", 1000);
  return {
    id,
    fromObjectTypeId: from,
    toObjectTypeId: to,
    ...(name ? { name } : {}),
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
}

/** A type an association may point to: a standard object or a live custom one, by name or objectTypeId. */
const targetTypeId = (store: Store, raw: unknown, field: string): string =>
  typeIdOf(crmType(store, requireString(raw, field)));

function create(ctx: Context) {
  const input = requireObject(ctx.body);
  const name = requireString(input.name, "name");
  if (!namePattern.test(name))
    throw invalid(`Invalid input: name ${name} must start with a letter and hold only letters, digits and '_'`, [
      { message: "invalid name", in: "name" },
    ]);
  const labels = requireObject(input.labels, "labels");
  const id = ctx.store.nextId("schema", 1);
  const objectTypeId = `2-${id}`;
  const schema: CustomSchema = {
    id,
    objectTypeId,
    fullyQualifiedName: `p${ctx.store.state.portalId}_${name}`,
    name,
    ...(optionalString(input.description, "description") !== undefined && { description: input.description }),
    labels: {
      singular: requireString(labels.singular, "labels.singular"),
      plural: requireString(labels.plural, "labels.plural"),
    },
    ...(input.primaryDisplayProperty !== undefined && {
      primaryDisplayProperty: requireString(input.primaryDisplayProperty, "primaryDisplayProperty"),
    }),
    secondaryDisplayProperties: names(input.secondaryDisplayProperties, "secondaryDisplayProperties"),
    searchableProperties: names(input.searchableProperties, "searchableProperties"),
    requiredProperties: names(input.requiredProperties, "requiredProperties"),
    associations: [],
    createdAt: ctx.now,
    updatedAt: ctx.now,
    archived: false,
  };
  // The request's shape first (400), then whether the name is free (409).
  if (Object.values(schemasOf(ctx.store)).some((s) => s.name.toLowerCase() === name.toLowerCase()))
    throw conflict(`An object type with name ${name} already exists`);
  const associated = requireArray(input.associatedObjects ?? [], "associatedObjects").map((raw, i) =>
    targetTypeId(ctx.store, raw, `associatedObjects[${i}]`),
  );
  // Properties are checked one by one as they are made: a refused one undoes the whole schema, as HubSpot's create
  // either makes the object with all of them or nothing.
  try {
    const group = `${name.toLowerCase()}_information`;
    groupsOf(ctx.store, objectTypeId)[group] = {
      name: group,
      label: `${schema.labels.singular} information`,
      displayOrder: 0,
      archived: false,
    };
    for (const p of builtIn) {
      const made = createProperty(ctx, objectTypeId, { ...p, groupName: group });
      made.hubspotDefined = true;
      made.modificationMetadata = {
        archivable: false,
        readOnlyDefinition: true,
        readOnlyValue: !["hs_createdate", "hs_pipeline", "hs_pipeline_stage"].includes(p.name),
      };
    }
    requireArray(input.properties, "properties").forEach((raw, i) =>
      createProperty(ctx, objectTypeId, { groupName: group, ...requireObject(raw, `properties[${i}]`) }),
    );
    checkNamed(ctx.store, schema);
  } catch (err) {
    delete ctx.store.state.properties[objectTypeId];
    delete ctx.store.state.propertyGroups[objectTypeId];
    throw err;
  }
  schema.associations = associated.map((to) => newAssociation(ctx, objectTypeId, to));
  schemasOf(ctx.store)[objectTypeId] = schema;
  ctx.store.changed();
  return created(present(ctx.store, schema), `${base}/${objectTypeId}`);
}

function update(ctx: Context) {
  const schema = liveSchema(ctx);
  const input = requireObject(ctx.body);
  const next: CustomSchema = {
    ...schema,
    ...(input.labels !== undefined && { labels: { ...schema.labels, ...requireObject(input.labels, "labels") } }),
    ...(input.description !== undefined && { description: requireString(input.description, "description") }),
    ...(input.clearDescription === true && { description: undefined }),
    ...(input.primaryDisplayProperty !== undefined && {
      primaryDisplayProperty: requireString(input.primaryDisplayProperty, "primaryDisplayProperty"),
    }),
    ...(input.secondaryDisplayProperties !== undefined && {
      secondaryDisplayProperties: names(input.secondaryDisplayProperties, "secondaryDisplayProperties"),
    }),
    ...(input.searchableProperties !== undefined && {
      searchableProperties: names(input.searchableProperties, "searchableProperties"),
    }),
    ...(input.requiredProperties !== undefined && {
      requiredProperties: names(input.requiredProperties, "requiredProperties"),
    }),
    updatedAt: ctx.now,
  };
  checkNamed(ctx.store, next);
  Object.assign(schema, next);
  ctx.store.changed();
  return ok(present(ctx.store, schema));
}

function remove(ctx: Context) {
  if (ctx.query.get("archived") === "true") return purge(ctx);
  const schema = liveSchema(ctx);
  const live = Object.values(recordsOf(ctx.store, schema.objectTypeId)).filter((r) => !r.archived).length;
  if (live > 0)
    throw new ApiError(
      400,
      "VALIDATION_ERROR",
      `Object type ${schema.objectTypeId} has ${live} existing records; delete them before deleting the object type`,
    );
  Object.assign(schema, { archived: true, updatedAt: ctx.now });
  ctx.store.changed();
  return noContent();
}

/** Purging an archived schema frees its name and drops what was kept under its type id. */
function purge(ctx: Context) {
  const schema = customSchema(ctx.store, ctx.params.objectType, true);
  if (!schema) throw notFound(`Unable to find archived object type ${ctx.params.objectType}`);
  const type = schema.objectTypeId;
  for (const kept of [
    schemasOf(ctx.store),
    ctx.store.state.properties,
    ctx.store.state.propertyGroups,
    ctx.store.state.objects,
  ])
    delete kept[type];
  ctx.store.changed();
  return noContent();
}

function addAssociation(ctx: Context) {
  const schema = liveSchema(ctx);
  const input = requireObject(ctx.body);
  const from = targetTypeId(ctx.store, input.fromObjectTypeId, "fromObjectTypeId");
  if (from !== schema.objectTypeId)
    throw invalid(`Invalid input: fromObjectTypeId must be ${schema.objectTypeId}`, [
      { message: "fromObjectTypeId is not this object", in: "fromObjectTypeId" },
    ]);
  const name = optionalString(input.name, "name");
  const association = newAssociation(ctx, from, targetTypeId(ctx.store, input.toObjectTypeId, "toObjectTypeId"), name);
  schema.associations.push(association);
  ctx.store.changed();
  return created(association);
}

function removeAssociation(ctx: Context) {
  const schema = liveSchema(ctx);
  const at = schema.associations.findIndex((a) => a.id === ctx.params.associationIdentifier);
  if (at < 0) throw notFound(`Unable to find association ${ctx.params.associationIdentifier}`);
  schema.associations.splice(at, 1);
  ctx.store.changed();
  return noContent();
}

function list(ctx: Context) {
  const archived = ctx.query.get("archived") === "true";
  const results = Object.values(schemasOf(ctx.store)).filter((s) => s.archived === archived);
  return ok({ results: results.map((s) => present(ctx.store, s)) });
}

function batchRead(ctx: Context) {
  const inputs = requireArray(requireObject(ctx.body).inputs, "inputs").map((v, i) => requireString(v, `inputs[${i}]`));
  const results = inputs.flatMap((raw) => {
    const schema = customSchema(ctx.store, raw);
    return schema ? [present(ctx.store, schema)] : [];
  });
  return ok({ status: "COMPLETE", results, startedAt: ctx.now, completedAt: ctx.now });
}

export const schemaRoutes: Route[] = [
  { method: "GET", path: base, handler: list },
  { method: "POST", path: base, handler: create },
  { method: "POST", path: `${base}/batch/read`, handler: batchRead, read: true },
  { method: "GET", path: `${base}/{objectType}`, handler: (ctx) => ok(present(ctx.store, liveSchema(ctx))) },
  { method: "PATCH", path: `${base}/{objectType}`, handler: update },
  { method: "DELETE", path: `${base}/{objectType}`, handler: remove },
  { method: "POST", path: `${base}/{objectType}/associations`, handler: addAssociation },
  { method: "DELETE", path: `${base}/{objectType}/associations/{associationIdentifier}`, handler: removeAssociation },
];
