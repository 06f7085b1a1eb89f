/** A HubSpot form (marketing forms) whose fields fill contact properties. Natural key: its name in the portal. */
import type { Blueprint } from "../blueprint/model";
import { KEY_PREFIX } from "../blueprint/object-keys";
import { quote } from "../words/describe";
import { formDocs } from "./form.docs";
import type { ChangeSink, PlannedKind, Shown } from "./kind";
import { propertyKind } from "./property";
import { known } from "./unknown";

/** One field of the form, bound to a contact property; its type on the form follows the property's type. */
export interface FormFieldSpec {
  property: string;
  /** What the visitor reads; left out, the property's label in HubSpot (not compared). */
  label?: string;
  required: boolean;
}

/** What a visitor sees after sending: a thank-you message, or another page. */
export type FormSubmit = { message: string } | { redirect: string };

export interface FormInputs {
  /** The blueprint's form key. */
  key: string;
  name: string;
  fields: FormFieldSpec[];
  submit: FormSubmit;
  /** The lifecycle stage the form sets on the contacts it creates or updates (HubSpot's `lifecycleStages`). */
  lifecycleStage?: string;
  /** The owner's email: a hidden Contact owner field whose value is the owner's id. */
  owner?: string;
  /** Contact properties taken off the form on purpose (never written: it lets the removal through). */
  retiredFields?: string[];
}

export interface FormOutputs extends FormInputs {
  formId: string;
}

function formSpecs(blueprint: Blueprint): FormInputs[] {
  return Object.entries(blueprint.forms ?? {}).map(([key, form]) => ({
    key,
    name: form.name,
    fields: form.fields.map((f) => ({
      property: f.property,
      ...(f.label && { label: f.label }),
      required: f.required,
    })),
    submit: form.submit as FormSubmit,
    ...(form.lifecycleStage && { lifecycleStage: form.lifecycleStage }),
    ...(form.owner && { owner: form.owner.toLowerCase() }),
    ...(form.retiredFields?.length && { retiredFields: form.retiredFields }),
  }));
}

/** `thank-you message 'Thanks!'`, `redirect to https://acme.test/thanks`. */
export const submitText = (s: FormSubmit): string =>
  "redirect" in s ? `redirect to ${s.redirect}` : `thank-you message ${quote(s.message)}`;

/** A field as the visitor reads it: its label, else its property. */
export const fieldName = (f: FormFieldSpec): string => f.label ?? f.property;

const formName = (p: Shown<FormOutputs>): string => `Form ${quote(String(known(p.name) ?? ""))}`;

/** The properties whose fields the change takes off the form (not counting those the blueprint retires). */
export function removedFields(old: FormInputs, next: FormInputs): FormFieldSpec[] {
  const kept = new Set([...next.fields.map((f) => f.property), ...(next.retiredFields ?? [])]);
  return old.fields.filter((f) => !kept.has(f.property));
}

/** "field Phone added", "field Company now required", "field Fax removed": a form's fields as the visitor sees them. */
function fieldChanges(old: Shown<FormOutputs>, next: Shown<FormOutputs>, out: ChangeSink): void {
  const was = known(old.fields);
  const now = known(next.fields);
  if (!Array.isArray(was) || !Array.isArray(now)) return;
  const subject = `${formName(next)}:`;
  const before = new Map(was.map((f) => [f.property, f]));
  const after = new Map(now.map((f) => [f.property, f]));
  for (const f of now) {
    const o = before.get(f.property);
    if (!o) {
      out.added(`${subject} field ${fieldName(f)} added${f.required ? " (required)" : ""}`);
      continue;
    }
    if (o.label !== f.label) out.changed(`${subject} field ${f.property} label ${show(o.label)} → ${show(f.label)}`);
    if (o.required !== f.required)
      out.changed(`${subject} field ${fieldName(f)} now ${f.required ? "required" : "optional"}`);
  }
  const retired = new Set(known(next.retiredFields) ?? []);
  for (const f of was) {
    if (after.has(f.property)) continue;
    const danger = retired.has(f.property)
      ? undefined
      : `the form stops collecting ${f.property}: contacts who send it no longer give a value`;
    out.removed(`${subject} field ${fieldName(f)} removed`, danger ? { danger } : {});
  }
  const order = (list: FormFieldSpec[]) => list.map((f) => f.property).filter((p) => before.has(p) && after.has(p));
  if (order(was).join() !== order(now).join())
    out.changed(`${subject} fields now in order ${now.map(fieldName).join(", ")}`);
}

const show = (label: string | undefined): string => (label === undefined ? "(the property's)" : quote(label));

export const formKind: PlannedKind<"forms", FormInputs, FormOutputs> = {
  module: "hubspot",
  name: "Form",
  docs: formDocs,
  // A field names a property: the blueprint's own are made first.
  planned: {
    list: "forms",
    specs: formSpecs,
    after: { kind: propertyKind, keys: (f) => f.fields.map((field) => `contacts/${field.property}`) },
  },
  identity: [],
  fields: [
    { key: "name", label: "name", format: quote },
    { key: "submit", label: "after submit", format: submitText },
    { key: "lifecycleStage", label: "lifecycle stage", optional: true, hubspot: "lifecycleStages" },
    { key: "owner", label: "owner", optional: true, hubspot: "hubspot_owner_id" },
  ],
  alsoUpdatable: ["fields"],
  outputOnly: ["formId"],
  naturalKey: { prefix: KEY_PREFIX.form, word: "Form", of: (f) => f.name },
  describe: (f) => `Form "${f.name}"`,
  words: {
    section: "forms",
    scope: () => undefined,
    subject: formName,
    summary: (p) => {
      const fields = known(p.fields);
      return Array.isArray(fields)
        ? `fields ${fields.map((f) => fieldName(f) + (f.required ? "*" : "")).join(", ")}`
        : "";
    },
    extra: fieldChanges,
    deleteDanger: () => "deletes the form in HubSpot: pages that embed it show nothing, and it stops creating contacts",
  },
};
