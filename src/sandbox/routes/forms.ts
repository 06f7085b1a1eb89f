import { randomUUID } from "node:crypto";
import { invalid, notFound } from "../errors";
import type { Form } from "../model";
import { crmType } from "../object-types";
import { pageByOffset } from "../paging";
import { created, noContent, ok, type Context, type Route } from "../router";
import type { Store } from "../store";
import { limitParam, oneOf, requireArray, requireObject, requireString } from "../validate";
import { propertiesOf } from "./properties";

/**
 * Marketing forms (the 2026-09 beta; v3 for HubSpot's client). The API makes HubSpot forms: field groups of at most
 * three fields, each bound to a property of its object, plus configuration, display and consent options. A field
 * naming a property its object lacks is refused. Deleting archives the form.
 */
const base = "/marketing/v3/forms";
const serverFields = ["id", "createdAt", "updatedAt", "archived", "archivedAt"];
const fieldTypes = [
  "email",
  "phone",
  "mobile_phone",
  "single_line_text",
  "multi_line_text",
  "number",
  "single_checkbox",
  "multiple_checkboxes",
  "dropdown",
  "radio",
  "datepicker",
  "file",
  "payment_link_radio",
];
const groupTypes = ["default_group", "progressive", "queued"];
const postSubmitTypes = ["thank_you", "redirect_url"];
const MAX_FIELDS_PER_GROUP = 3;

export const formsOf = (store: Store): Record<string, Form> => (store.state.forms ??= {});

const present = (form: Form) => ({
  ...form.body,
  id: form.id,
  createdAt: form.createdAt,
  updatedAt: form.updatedAt,
  archived: form.archived,
  ...(form.archivedAt && { archivedAt: form.archivedAt }),
});

function refuse(message: string, at: string): never {
  throw invalid(`Invalid input: ${message}`, [{ message, code: "INVALID_FORM", in: at }]);
}

function checkField(store: Store, raw: unknown, at: string): void {
  const field = requireObject(raw, at);
  const name = requireString(field.name, `${at}.name`);
  requireString(field.label, `${at}.label`);
  oneOf(field.fieldType, fieldTypes, `${at}.fieldType`);
  for (const flag of ["required", "hidden"])
    if (typeof field[flag] !== "boolean") refuse(`${at}.${flag} is required and must be a boolean`, `${at}.${flag}`);
  const objectTypeId = requireString(field.objectTypeId, `${at}.objectTypeId`);
  const property = propertiesOf(store, crmType(store, objectTypeId))[name];
  if (!property || property.archived) refuse(`property ${name} does not exist on ${objectTypeId}`, `${at}.name`);
}

/** The whole definition (create and replace): every part HubSpot's request schema requires, checked. */
function checkDefinition(store: Store, body: Record<string, any>): Record<string, unknown> {
  requireString(body.name, "name");
  if (body.formType !== "hubspot") refuse("formType must be hubspot (the API makes HubSpot forms only)", "formType");
  requireArray(body.fieldGroups, "fieldGroups").forEach((raw, g) => {
    const group = requireObject(raw, `fieldGroups[${g}]`);
    oneOf(group.groupType, groupTypes, `fieldGroups[${g}].groupType`);
    const fields = requireArray(group.fields, `fieldGroups[${g}].fields`);
    if (fields.length > MAX_FIELDS_PER_GROUP)
      refuse(`a field group holds at most ${MAX_FIELDS_PER_GROUP} fields`, `fieldGroups[${g}].fields`);
    fields.forEach((f, i) => checkField(store, f, `fieldGroups[${g}].fields[${i}]`));
  });
  const configuration = requireObject(body.configuration, "configuration");
  oneOf(
    requireObject(configuration.postSubmitAction, "configuration.postSubmitAction").type,
    postSubmitTypes,
    "configuration.postSubmitAction.type",
  );
  requireString(configuration.language, "configuration.language");
  requireObject(body.displayOptions, "displayOptions");
  requireString(requireObject(body.legalConsentOptions, "legalConsentOptions").type, "legalConsentOptions.type");
  return Object.fromEntries(Object.entries(body).filter(([key]) => !serverFields.includes(key)));
}

function liveForm(ctx: Context): Form {
  const form = formsOf(ctx.store)[ctx.params.formId];
  if (!form || form.archived) throw notFound(`Form ${ctx.params.formId} does not exist`);
  return form;
}

function create(ctx: Context) {
  const body = checkDefinition(ctx.store, requireObject(ctx.body));
  const form: Form = { id: randomUUID(), createdAt: ctx.now, updatedAt: ctx.now, archived: false, body };
  formsOf(ctx.store)[form.id] = form;
  ctx.store.changed();
  return created(present(form));
}

function replace(ctx: Context, merge: boolean) {
  const form = liveForm(ctx);
  const input = requireObject(ctx.body);
  form.body = checkDefinition(ctx.store, merge ? { ...form.body, ...input } : input);
  form.updatedAt = ctx.now;
  ctx.store.changed();
  return ok(present(form));
}

function archive(ctx: Context) {
  Object.assign(liveForm(ctx), { archived: true, archivedAt: ctx.now, updatedAt: ctx.now });
  ctx.store.changed();
  return noContent();
}

function list(ctx: Context) {
  const archived = ctx.query.get("archived") === "true";
  const forms = Object.values(formsOf(ctx.store))
    .filter((f) => f.archived === archived)
    .map(present);
  const { total: _total, ...page } = pageByOffset(
    forms,
    ctx.query.get("after") ?? undefined,
    limitParam(ctx.query, 20, 500),
    base,
  );
  return ok(page);
}

export const formRoutes: Route[] = [
  { method: "GET", path: base, handler: list },
  { method: "POST", path: base, handler: create },
  { method: "GET", path: `${base}/{formId}`, handler: (ctx) => ok(present(liveForm(ctx))) },
  { method: "PUT", path: `${base}/{formId}`, handler: (ctx) => replace(ctx, false) },
  { method: "PATCH", path: `${base}/{formId}`, handler: (ctx) => replace(ctx, true) },
  { method: "DELETE", path: `${base}/{formId}`, handler: archive },
];
