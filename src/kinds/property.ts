/**
 * A CRM property of one object type (custom, or one of HubSpot's own that the blueprint customizes). Natural
 * key: its internal name per object type.
 */
import { OPTIONAL_PROPERTY_FIELDS, type PropertySpec } from "../plan/crm";
import { fieldChange, quote, singular } from "../words/describe";
import { match, moves } from "../words/keyed";
import type { ChangeSink, Kind, Shown, WordedField } from "./kind";
import { known } from "./unknown";
import { KEY_PREFIX } from "../blueprint/object-keys";
import { FIELD_TYPES, type PropertyType } from "../blueprint/model";
import { BUILTIN_PROPERTIES } from "../blueprint/checks/builtin-properties";
import type { CrmObject } from "../blueprint/crm-objects";

export type PropertyInputs = PropertySpec;

/** A property HubSpot made (a default one): revstack may customize it, but never deletes it. */
export interface PropertyOutputs extends PropertyInputs {
  hubspotDefined?: boolean;
}

/** How each optional setting reads; typed so a setting the plan carries cannot lack its words. */
export const SETTING_WORDS: Record<(typeof OPTIONAL_PROPERTY_FIELDS)[number], string> = {
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

/** Whether HubSpot makes this property in every portal (a blueprint may customize it; it stays HubSpot's). */
const isBuiltinProperty = (objectType: string, name: string): boolean =>
  BUILTIN_PROPERTIES[objectType as CrmObject]?.includes(name) ?? false;

const capitalized = (words: string): string => words.charAt(0).toUpperCase() + words.slice(1);
type ShownProperty = Shown<PropertyOutputs>;

/** How people name a property: `Property 'Lead source' (lead_source)`. */
export const propertyName = (label: string, name: string): string => `Property ${quote(label)} (${name})`;
/** The heading one object type's properties are listed under: "Deal properties". */
export const propertiesHeading = (objectType: string): string => `${capitalized(singular(objectType))} properties`;
/** Why deleting a property is dangerous. */
export const propertyDeleteDanger = (objectType: string): string =>
  `deletes the property and the value every ${singular(objectType)} holds in it`;

const propertySubject = (p: ShownProperty) => propertyName(p.label ?? "", p.name ?? "");

interface Option {
  value: string;
  label: string;
  hidden?: boolean;
}

/** An enumeration's options from one list to the next: added, removed, relabelled, hidden, reordered. */
export function optionChanges(
  subject: string,
  before: readonly Option[] | undefined,
  after: readonly Option[] | undefined,
  out: ChangeSink,
): void {
  const m = match(before, after, (o) => o.value);
  for (const [value, o] of m.added) out.added(`${subject} option ${quote(o.label)} (${value}) added`);
  for (const [value, o] of m.removed) {
    out.removed(`${subject} option ${quote(o.label)} (${value}) removed`, {
      danger: `records that hold ${value} keep it, but it can no longer be chosen`,
    });
  }
  for (const [value, was, now] of m.kept) {
    out.fields(`${subject} option ${value}`, [
      fieldChange("label", was.label, now.label, quote),
      Boolean(was.hidden) !== Boolean(now.hidden) ? (now.hidden ? "hidden" : "shown again") : undefined,
    ]);
  }
  const order = (after ?? []).map((o) => o.value);
  if (
    moves(
      (before ?? []).map((o) => o.value),
      order,
    ).length > 0
  )
    out.changed(`${subject} options reordered: ${order.join(", ")}`);
}

/** What HubSpot holds for a setting nobody set: a blueprint (and so an export) leaves these out. */
const UNSAID: Partial<Record<(typeof OPTIONAL_PROPERTY_FIELDS)[number], unknown>> = {
  hasUniqueValue: false,
  formField: false,
  hidden: false,
  displayOrder: -1,
  dataSensitivity: "non_sensitive",
  showCurrencySymbol: false,
};

/** A property's fields: HubSpot's names, the blueprint's, how each reads, and what HubSpot holds when unsaid. */
const fields: Array<WordedField<PropertyInputs>> = [
  { key: "label", label: "label", format: quote },
  { key: "type", label: "type", danger: "changing a property's type can drop the values records already hold" },
  // A blueprint leaves out the field type its type shows by default.
  { key: "fieldType", label: "field type", unsaid: (p) => FIELD_TYPES[p.type as PropertyType]?.[0] ?? p.fieldType },
  { key: "groupName", label: "group", blueprint: "group" },
  { key: "description", label: "description", format: quote, unsaid: () => "" },
  ...OPTIONAL_PROPERTY_FIELDS.map((key): WordedField<PropertyInputs> => ({
    key,
    label: SETTING_WORDS[key],
    optional: true,
    // HubSpot sets whether values are unique when the property is made, and never after.
    createOnly: key === "hasUniqueValue",
    ...(key in UNSAID && { unsaid: () => UNSAID[key] }),
  })),
];

export const propertyKind: Kind<PropertyInputs, PropertyOutputs> = {
  module: "hubspot",
  name: "Property",
  identity: ["objectType", "name"],
  fields,
  alsoUpdatable: ["options"],
  outputOnly: ["hubspotDefined"],
  plannedOutputs: (i) => (isBuiltinProperty(i.objectType, i.name) ? { hubspotDefined: true } : {}),
  naturalKey: { prefix: KEY_PREFIX.property, word: "Property", of: (i) => `${i.objectType}/${i.name}` },
  describe: (p) => `Property "${p.name}" (${p.objectType})`,
  isHubSpotDefault: (p) => p.hubspotDefined === true,
  words: {
    section: "properties",
    scope: (p) => propertiesHeading(p.objectType ?? ""),
    subject: propertySubject,
    summary: (p) => `${p.type ?? ""} in group ${p.groupName ?? ""}`,
    extra: (old, next, out) => optionChanges(propertySubject(next), known(old.options), known(next.options), out),
    deleteDanger: (p) => propertyDeleteDanger(p.objectType ?? ""),
  },
};
