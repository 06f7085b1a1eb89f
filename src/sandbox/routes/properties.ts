import { batchInputs, runBatch } from "../batch";
import { ApiError, conflict, invalid, notFound } from "../errors";
import type { Property, PropertyGroup, PropertyOption } from "../model";
import { crmType } from "../object-types";
import { valueProblem } from "../record-rules";
import { recordsOf } from "../records";
import { created, noContent, ok, type Context, type Route } from "../router";
import type { Store } from "../store";
import { oneOf, optionalString, requireArray, requireObject, requireString } from "../validate";

const base = "/crm/v3/properties/{objectType}";
/** HubSpot's types and the field types each allows (properties guide); rollups and scores exist but the API cannot create them. */
const fieldTypesOf: Record<string, string[]> = {
  string: ["text", "textarea", "html", "phonenumber", "file", "calculation_equation"],
  number: ["number", "calculation_equation", "calculation_rollup", "calculation_score"],
  date: ["date"],
  datetime: ["date"],
  enumeration: ["select", "radio", "checkbox", "booleancheckbox", "calculation_equation"],
  bool: ["booleancheckbox", "calculation_equation"],
  phone_number: ["phonenumber"],
};
const types = Object.keys(fieldTypesOf);
const fieldTypes = [...new Set(Object.values(fieldTypesOf).flat())];
const notCreatable = ["calculation_rollup", "calculation_score"];
const sensitivities = ["non_sensitive", "sensitive", "highly_sensitive"];
const displayHints = ["unformatted", "formatted", "currency", "percentage", "duration", "probability"];
const namePattern = /^[a-z][a-z0-9_]*$/;

export const propertiesOf = (store: Store, type: string): Record<string, Property> =>
  (store.state.properties[type] ??= {});
export const groupsOf = (store: Store, type: string): Record<string, PropertyGroup> =>
  (store.state.propertyGroups[type] ??= {});

/** `?archived=true` lists only archived properties; without it, only live ones (HubSpot's archive semantics). */
const wantsArchived = (ctx: Context): boolean => ctx.query.get("archived") === "true";

function readOptions(raw: unknown): PropertyOption[] {
  if (raw === undefined) return [];
  const options = requireArray(raw, "options").map((o, i) => {
    const option = requireObject(o, `options[${i}]`);
    if (typeof option.hidden !== "boolean") {
      throw invalid(`Invalid input JSON: options[${i}].hidden is required and must be a boolean`, [
        { message: "hidden is required", code: "REQUIRED_FIELD", in: `options[${i}].hidden` },
      ]);
    }
    return {
      label: requireString(option.label, `options[${i}].label`),
      value: requireString(option.value, `options[${i}].value`),
      displayOrder: typeof option.displayOrder === "number" ? option.displayOrder : i,
      hidden: option.hidden,
      description: typeof option.description === "string" ? option.description : "",
    };
  });
  const values = new Set(options.map((o) => o.value));
  if (values.size !== options.length)
    throw invalid("Invalid input: option values must be unique", [
      { message: "duplicate option value", in: "options" },
    ]);
  // HubSpot requires unique option labels too; whether case counts is not documented, so only exact repeats are refused.
  const twice = options.find((o, i) => options.findIndex((x) => x.label === o.label) !== i);
  if (twice)
    throw invalid(`Invalid input: option label "${twice.label}" is used twice; option labels must be unique`, [
      { message: "duplicate option label", in: "options" },
    ]);
  return options;
}

function liveGroup(store: Store, type: string, name: string, field: string): string {
  const group = groupsOf(store, type)[name];
  if (!group || group.archived)
    throw invalid(`Property group ${name} does not exist`, [{ message: "unknown property group", in: field }]);
  return name;
}

export function createProperty(ctx: Context, type: string, raw: unknown): Property {
  const input = requireObject(raw);
  const name = requireString(input.name, "name");
  if (!namePattern.test(name))
    throw invalid(`Invalid input: property name ${name} must be lowercase letters, digits and '_'`, [
      { message: "Property name must be lowercase", in: "name" },
    ]);
  const properties = propertiesOf(ctx.store, type);
  const existing = properties[name];
  if (existing)
    throw conflict(
      existing.archived
        ? `Property ${name} already exists and is archived`
        : `Property named '${name}' already exists.`,
    );
  const property: Property = {
    name,
    label: requireString(input.label, "label"),
    type: oneOf(input.type, types, "type"),
    fieldType: oneOf(input.fieldType, fieldTypes, "fieldType"),
    groupName: liveGroup(ctx.store, type, requireString(input.groupName, "groupName"), "groupName"),
    description: optionalString(input.description, "description") ?? "",
    options: readOptions(input.options),
    displayOrder: typeof input.displayOrder === "number" ? input.displayOrder : -1,
    hidden: input.hidden === true,
    formField: input.formField === true,
    hasUniqueValue: input.hasUniqueValue === true,
    calculated: false,
    externalOptions: input.externalOptions === true,
    hubspotDefined: false,
    ...(typeof input.calculationFormula === "string" ? { calculationFormula: input.calculationFormula } : {}),
    ...(typeof input.referencedObjectType === "string" ? { referencedObjectType: input.referencedObjectType } : {}),
    ...displayFields(input),
    dataSensitivity:
      input.dataSensitivity === undefined
        ? "non_sensitive"
        : oneOf(input.dataSensitivity, sensitivities, "dataSensitivity"),
    createdAt: ctx.now,
    updatedAt: ctx.now,
    archived: false,
    modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
  };
  checkFieldType(property.type, property.fieldType);
  if (notCreatable.includes(property.fieldType)) {
    throw invalid(`Invalid input: ${property.fieldType} properties cannot be created through the API`, [
      { message: "field type not creatable", in: "fieldType" },
    ]);
  }
  if (property.fieldType === "calculation_equation") {
    if (!property.calculationFormula)
      throw invalid("Invalid input: calculation_equation properties need a calculationFormula", [
        { message: "calculationFormula is required", code: "REQUIRED_FIELD", in: "calculationFormula" },
      ]);
    Object.assign(property, {
      calculated: true,
      modificationMetadata: { ...property.modificationMetadata, readOnlyValue: true },
    });
  }
  if (property.type === "enumeration" && property.options.length === 0 && !property.externalOptions) {
    throw invalid("Invalid input: enumeration properties need at least one option", [
      { message: "options required", in: "options" },
    ]);
  }
  properties[name] = property;
  return property;
}

function checkFieldType(type: string, fieldType: string): void {
  if (!fieldTypesOf[type].includes(fieldType)) {
    throw invalid(
      `Invalid input: fieldType ${fieldType} is not valid for type ${type}; valid: ${fieldTypesOf[type].join(", ")}`,
      [{ message: "invalid fieldType for type", in: "fieldType" }],
    );
  }
}

/** How numbers are shown; written by create and update alike. */
function displayFields(input: Record<string, any>): Partial<Property> {
  return {
    ...(input.numberDisplayHint !== undefined
      ? { numberDisplayHint: oneOf(input.numberDisplayHint, displayHints, "numberDisplayHint") }
      : {}),
    ...(typeof input.showCurrencySymbol === "boolean" ? { showCurrencySymbol: input.showCurrencySymbol } : {}),
    ...(typeof input.currencyPropertyName === "string" ? { currencyPropertyName: input.currencyPropertyName } : {}),
  };
}

function findProperty(ctx: Context, type: string, name: string, archived: boolean): Property {
  const property = propertiesOf(ctx.store, type)[name];
  if (!property || property.archived !== archived) throw notFound(`Property ${name} does not exist`);
  return property;
}

function updateProperty(ctx: Context) {
  const type = crmType(ctx.store, ctx.params.objectType);
  const property = findProperty(ctx, type, ctx.params.propertyName, false);
  const input = requireObject(ctx.body);
  const retyped =
    (input.type !== undefined && input.type !== property.type) ||
    (input.fieldType !== undefined && input.fieldType !== property.fieldType);
  if (property.hubspotDefined && retyped) {
    throw invalid(`Property ${property.name} is defined by HubSpot; its type cannot change`, [
      { message: "read-only definition", in: "type" },
    ]);
  }
  const next: Partial<Property> = {
    ...(input.label !== undefined ? { label: requireString(input.label, "label") } : {}),
    ...(input.type !== undefined ? { type: oneOf(input.type, types, "type") } : {}),
    ...(input.fieldType !== undefined ? { fieldType: oneOf(input.fieldType, fieldTypes, "fieldType") } : {}),
    ...(input.groupName !== undefined
      ? { groupName: liveGroup(ctx.store, type, requireString(input.groupName, "groupName"), "groupName") }
      : {}),
    ...(input.description !== undefined ? { description: String(input.description) } : {}),
    ...(input.options !== undefined ? { options: readOptions(input.options) } : {}),
    ...(typeof input.displayOrder === "number" ? { displayOrder: input.displayOrder } : {}),
    ...(typeof input.hidden === "boolean" ? { hidden: input.hidden } : {}),
    ...(typeof input.formField === "boolean" ? { formField: input.formField } : {}),
    ...(typeof input.calculationFormula === "string" ? { calculationFormula: input.calculationFormula } : {}),
    ...displayFields(input),
  };
  const typeChanged = next.type !== undefined && next.type !== property.type;
  if (input.hasUniqueValue !== undefined && input.hasUniqueValue !== property.hasUniqueValue) {
    throw invalid(`Property ${property.name}: hasUniqueValue cannot be changed once set`, [
      { message: "hasUniqueValue is read-only", in: "hasUniqueValue" },
    ]);
  }
  if (property.modificationMetadata.readOnlyOptions && input.options !== undefined) {
    throw invalid(`Property ${property.name} is defined by HubSpot; its options cannot change`, [
      { message: "read-only options", in: "options" },
    ]);
  }
  checkFieldType(next.type ?? property.type, next.fieldType ?? property.fieldType);
  Object.assign(property, next, { updatedAt: ctx.now });
  if (typeChanged) dropUnfitValues(ctx.store, type, property);
  ctx.store.changed();
  return ok(property);
}

/**
 * HubSpot applies a type change to a property that holds values; its docs only warn that existing values may
 * become incompatible. The sandbox models the worst case: values that do not fit the new type are cleared.
 */
function dropUnfitValues(store: Store, type: string, property: Property): void {
  for (const record of Object.values(recordsOf(store, type))) {
    const value = record.properties[property.name];
    if (value !== undefined && valueProblem(property, value) !== undefined) delete record.properties[property.name];
  }
}

/** Archiving moves a property to the recycling bin; HubSpot's own properties cannot be archived. */
function archiveProperty(ctx: Context, type: string, name: string, quiet: boolean): void {
  const property = propertiesOf(ctx.store, type)[name];
  if (!property || property.archived) {
    if (quiet) return;
    throw notFound(`Property ${name} does not exist`);
  }
  if (!property.modificationMetadata.archivable) {
    if (quiet) return;
    throw invalid(`Property ${name} is defined by HubSpot and cannot be archived`, [
      { message: "not archivable", in: "propertyName" },
    ]);
  }
  Object.assign(property, { archived: true, archivedAt: ctx.now, updatedAt: ctx.now });
}

function createGroup(ctx: Context) {
  const type = crmType(ctx.store, ctx.params.objectType);
  const input = requireObject(ctx.body);
  const name = requireString(input.name, "name");
  if (!namePattern.test(name))
    throw invalid(`Invalid input: group name ${name} must be lowercase letters, digits and '_'`, [
      { message: "invalid name", in: "name" },
    ]);
  const groups = groupsOf(ctx.store, type);
  if (groups[name] && !groups[name].archived) throw conflict(`Property group '${name}' already exists.`);
  const group: PropertyGroup = {
    name,
    label: requireString(input.label, "label"),
    displayOrder: typeof input.displayOrder === "number" ? input.displayOrder : -1,
    archived: false,
  };
  groups[name] = group;
  ctx.store.changed();
  return created(group, `/crm/v3/properties/${type}/groups/${name}`);
}

function liveGroupRecord(ctx: Context, type: string): PropertyGroup {
  const group = groupsOf(ctx.store, type)[ctx.params.groupName];
  if (!group || group.archived) throw notFound(`Property group ${ctx.params.groupName} does not exist`);
  return group;
}

function updateGroup(ctx: Context) {
  const type = crmType(ctx.store, ctx.params.objectType);
  const group = liveGroupRecord(ctx, type);
  const input = requireObject(ctx.body);
  if (input.label !== undefined) group.label = requireString(input.label, "label");
  if (typeof input.displayOrder === "number") group.displayOrder = input.displayOrder;
  ctx.store.changed();
  return ok(group);
}

function archiveGroup(ctx: Context) {
  const type = crmType(ctx.store, ctx.params.objectType);
  const group = liveGroupRecord(ctx, type);
  const members = Object.values(propertiesOf(ctx.store, type)).filter((p) => !p.archived && p.groupName === group.name);
  if (members.length) {
    throw new ApiError(
      400,
      "VALIDATION_ERROR",
      `Property group ${group.name} still holds properties: ${members.map((p) => p.name).join(", ")}`,
    );
  }
  group.archived = true;
  ctx.store.changed();
  return noContent();
}

function batchRead(ctx: Context) {
  const type = crmType(ctx.store, ctx.params.objectType);
  const archived = requireObject(ctx.body).archived === true;
  return runBatch(batchInputs(ctx.body, ["name"]), ctx.now, 200, (input) =>
    findProperty(ctx, type, requireString(requireObject(input).name, "name"), archived),
  );
}

export const propertyRoutes: Route[] = [
  {
    method: "GET",
    path: base,
    handler: (ctx) => {
      const archived = wantsArchived(ctx);
      return ok({
        results: Object.values(propertiesOf(ctx.store, crmType(ctx.store, ctx.params.objectType))).filter(
          (p) => p.archived === archived,
        ),
      });
    },
  },
  {
    method: "POST",
    path: base,
    handler: (ctx) => {
      const type = crmType(ctx.store, ctx.params.objectType);
      const property = createProperty(ctx, type, ctx.body);
      ctx.store.changed();
      return created(property, `/crm/v3/properties/${type}/${property.name}`);
    },
  },
  {
    method: "GET",
    path: `${base}/{propertyName}`,
    handler: (ctx) =>
      ok(findProperty(ctx, crmType(ctx.store, ctx.params.objectType), ctx.params.propertyName, wantsArchived(ctx))),
  },
  { method: "PATCH", path: `${base}/{propertyName}`, handler: updateProperty },
  {
    method: "DELETE",
    path: `${base}/{propertyName}`,
    handler: (ctx) => {
      archiveProperty(ctx, crmType(ctx.store, ctx.params.objectType), ctx.params.propertyName, false);
      ctx.store.changed();
      return noContent();
    },
  },
  {
    method: "POST",
    path: `${base}/batch/create`,
    handler: (ctx) => {
      const type = crmType(ctx.store, ctx.params.objectType);
      const reply = runBatch(
        batchInputs(ctx.body, ["name", "label", "type", "fieldType", "groupName"]),
        ctx.now,
        201,
        (input) => createProperty(ctx, type, input),
      );
      ctx.store.changed();
      return reply;
    },
  },
  { method: "POST", path: `${base}/batch/read`, handler: batchRead, read: true },
  {
    method: "POST",
    path: `${base}/batch/archive`,
    handler: (ctx) => {
      const type = crmType(ctx.store, ctx.params.objectType);
      // 204 whatever each property's state was: active, already archived or unknown.
      for (const input of batchInputs(ctx.body, ["name"]))
        archiveProperty(ctx, type, requireString(requireObject(input).name, "name"), true);
      ctx.store.changed();
      return noContent();
    },
  },
  {
    method: "GET",
    path: `${base}/groups`,
    handler: (ctx) =>
      ok({
        results: Object.values(groupsOf(ctx.store, crmType(ctx.store, ctx.params.objectType))).filter(
          (g) => !g.archived,
        ),
      }),
  },
  { method: "POST", path: `${base}/groups`, handler: createGroup },
  {
    method: "GET",
    path: `${base}/groups/{groupName}`,
    handler: (ctx) => ok(liveGroupRecord(ctx, crmType(ctx.store, ctx.params.objectType))),
  },
  { method: "PATCH", path: `${base}/groups/{groupName}`, handler: updateGroup },
  { method: "DELETE", path: `${base}/groups/{groupName}`, handler: archiveGroup },
];
