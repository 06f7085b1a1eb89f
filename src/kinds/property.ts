/**
 * A CRM property of one object type (custom, or one of HubSpot's own that the blueprint customizes). Natural
 * key: its internal name per object type.
 */
import { fieldChange, quote, singular } from "../words/describe";
import { match, moves } from "../words/keyed";
import { withUnsaid, type ChangeSink, type PlannedKind, type Shown, type WordedField } from "./kind";
import { known } from "./unknown";
import { KEY_PREFIX } from "../blueprint/object-keys";
import { FIELD_TYPES, type Blueprint, type Property, type PropertyType } from "../blueprint/model";
import { BUILTIN_PROPERTIES } from "../blueprint/checks/builtin-properties";
import { CrmObject } from "../blueprint/crm-objects";
import { metricRequirements } from "../plan/instrumentation";
import { propertyGroupKind } from "./property-group";
import { propertyDocs } from "./property.docs";

export interface PropertyOptionSpec {
  value: string;
  label: string;
  displayOrder: number;
  hidden: boolean;
  description?: string;
}

/** The property settings a blueprint may leave out: a field it does not give is not managed (never compared or written). */
export const OPTIONAL_PROPERTY_FIELDS = [
  "hasUniqueValue",
  "formField",
  "hidden",
  "displayOrder",
  "dataSensitivity",
  "numberDisplayHint",
  "showCurrencySymbol",
  "currencyPropertyName",
  "calculationFormula",
] as const;

type OptionalPropertyFields = Partial<Pick<Property, (typeof OPTIONAL_PROPERTY_FIELDS)[number]>>;

interface PropertyCore {
  key: string;
  objectType: string;
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  description: string;
  options: PropertyOptionSpec[];
  /** The blueprint's explicit opt-in to a type change on a property that holds values. */
  allowTypeChange?: boolean;
}

export type PropertyInputs = PropertyCore & OptionalPropertyFields;

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
  { key: "fieldType", label: "field type", unsaid: (p) => defaultFieldType(p.type) ?? p.fieldType },
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

/** HubSpot's field type for a type when none is said: the first the type allows. */
export const defaultFieldType = (type: string): string => FIELD_TYPES[type as PropertyType]?.[0];

/** HubSpot's boolean properties are enumerations of these two options. */
const boolOptions = [
  { value: "true", label: "Yes" },
  { value: "false", label: "No" },
];

type BlueprintOption = { value: string; label: string; hidden?: boolean; description?: string };

/** A blueprint property's options as HubSpot holds them, in display order (a bool's Yes and No when it names none). */
export function hubspotOptions(p: { type: string; options?: BlueprintOption[] }) {
  const options: BlueprintOption[] = p.type === "bool" && !p.options?.length ? boolOptions : (p.options ?? []);
  return options.map((o, i) => ({
    value: o.value,
    label: o.label,
    displayOrder: i,
    hidden: o.hidden === true,
    ...(o.description ? { description: o.description } : {}),
  }));
}

/** The properties the blueprint declares itself, per object type. */
function declaredPropertySpecs(blueprint: Blueprint): PropertyInputs[] {
  return CrmObject.options.flatMap((objectType) =>
    Object.entries(blueprint.properties[objectType] ?? {}).map(([name, p]) => propertySpec(objectType, name, p)),
  );
}

/** The blueprint's properties, then those its metrics need to be measurable and it does not declare (their own group). */
function propertySpecs(blueprint: Blueprint): PropertyInputs[] {
  const measured = metricRequirements(blueprint).properties.map((r) =>
    propertySpec(r.object, r.name, {
      label: r.label,
      type: r.type,
      group: r.group,
      options: r.options,
      description: `Set by revstack; measured by: ${r.metrics.join(", ")}`,
    }),
  );
  return [...declaredPropertySpecs(blueprint), ...measured];
}

/** A blueprint property as HubSpot's fields: what it says, and what HubSpot holds for what it leaves out (`unsaid`). */
function propertySpec(objectType: string, name: string, p: Property): PropertyInputs {
  const optional = Object.fromEntries(OPTIONAL_PROPERTY_FIELDS.filter((f) => p[f] !== undefined).map((f) => [f, p[f]]));
  const said = {
    key: `${objectType}-${name}`,
    objectType,
    name,
    label: p.label,
    type: p.type,
    groupName: p.group,
    options: hubspotOptions(p),
    ...optional,
    ...(p.allowTypeChange ? { allowTypeChange: true } : {}),
  };
  // The field type and description the blueprint leaves out are filled in by the kind's fields (`unsaid`).
  return withUnsaid(propertyKind, { ...said, fieldType: p.fieldType, description: p.description });
}

export const propertyKind: PlannedKind<"properties", PropertyInputs, PropertyOutputs> = {
  module: "hubspot",
  name: "Property",
  docs: propertyDocs,
  planned: {
    list: "properties",
    specs: propertySpecs,
    after: { kind: propertyGroupKind, keys: (p) => [`${p.objectType}/${p.groupName}`] },
  },
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
