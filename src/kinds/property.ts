/**
 * A CRM property of one object type (custom, or one of HubSpot's own that the blueprint customizes). Natural
 * key: its internal name per object type.
 */
import { OPTIONAL_PROPERTY_FIELDS, type PropertySpec } from "../plan/crm";
import { fieldChange, quote, singular } from "../review/describe";
import { match } from "../review/diff/keyed";
import type { ChangeSink, Kind, Shown, WordedField } from "./kind";
import { known } from "./unknown";
import { KEY_PREFIX } from "../blueprint/object-keys";

export type PropertyInputs = PropertySpec;

/** A property HubSpot made (a default one): revstack may customize it, but never deletes it. */
export interface PropertyOutputs extends PropertyInputs {
  hubspotDefined?: boolean;
}

/** How each optional setting reads; typed so a setting the plan carries cannot lack its words. */
const OPTIONAL_WORDS: Record<(typeof OPTIONAL_PROPERTY_FIELDS)[number], string> = {
  hasUniqueValue: "unique values",
  formField: "form field",
  hidden: "hidden",
  displayOrder: "position",
  dataSensitivity: "data sensitivity",
  numberDisplayHint: "number format",
  showCurrencySymbol: "currency symbol",
  currencyPropertyName: "currency property",
  calculationFormula: "formula",
};

const capitalized = (words: string): string => words.charAt(0).toUpperCase() + words.slice(1);
type ShownProperty = Shown<PropertyOutputs>;

const propertySubject = (p: ShownProperty) => `Property ${quote(p.label ?? "")} (${p.name ?? ""})`;

function options(old: ShownProperty, next: ShownProperty, out: ChangeSink): void {
  const subject = propertySubject(next);
  const m = match(known(old.options), known(next.options), (o) => o.value);
  for (const [value, o] of m.added) out.added(`${subject} option ${quote(o.label)} (${value}) added`);
  for (const [value, o] of m.removed) out.removed(`${subject} option ${quote(o.label)} (${value}) removed`);
  for (const [value, was, now] of m.kept) {
    out.fields(`${subject} option ${value}`, [
      fieldChange("label", was.label, now.label, quote),
      Boolean(was.hidden) !== Boolean(now.hidden) ? (now.hidden ? "hidden" : "shown again") : undefined,
    ]);
  }
}

const fields: Array<WordedField<PropertyInputs>> = [
  { key: "label", label: "label", format: quote },
  { key: "type", label: "type" },
  { key: "fieldType", label: "field type" },
  { key: "groupName", label: "group" },
  { key: "description", label: "description", format: quote },
  ...OPTIONAL_PROPERTY_FIELDS.map((key) => ({ key, label: OPTIONAL_WORDS[key] })),
];

export const propertyKind: Kind<PropertyInputs, PropertyOutputs> = {
  module: "hubspot",
  name: "Property",
  identity: ["objectType", "name"],
  fields,
  alsoUpdatable: ["options"],
  outputOnly: ["hubspotDefined"],
  naturalKey: { prefix: KEY_PREFIX.property, word: "Property", of: (i) => `${i.objectType}/${i.name}` },
  describe: (p) => `Property "${p.name}" (${p.objectType})`,
  isHubSpotDefault: (p) => p.hubspotDefined === true,
  words: {
    section: "properties",
    scope: (p) => `${capitalized(singular(p.objectType ?? ""))} properties`,
    subject: propertySubject,
    summary: (p) => `${p.type ?? ""} in group ${p.groupName ?? ""}`,
    extra: options,
    deleteDanger: (p) => `deletes the property and the value every ${singular(p.objectType ?? "")} holds in it`,
  },
};
