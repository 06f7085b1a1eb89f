/** A custom object schema (Subscriptions, Projects…): its labels, display properties, properties and associations. */
import { isDeepStrictEqual } from "node:util";
import type { Blueprint, CustomObject } from "../blueprint/model";
import { KEY_PREFIX } from "../blueprint/object-keys";
import { CrmObject } from "../blueprint/crm-objects";
import { count, quote } from "../words/describe";
import type { ChangeSink, PlannedKind, Shown } from "./kind";
import { known } from "./unknown";
import { customObjectDocs } from "./custom-object.docs";
import { defaultFieldType, hubspotOptions } from "./property";

/** One of the object's own properties, as HubSpot's schema create takes it. */
export interface CustomObjectProperty {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  description?: string;
  options?: Array<{ value: string; label: string; displayOrder: number; hidden: boolean; description?: string }>;
}

export interface CustomObjectInputs {
  /** The blueprint's key: the object's internal name. */
  key: string;
  name: string;
  singularLabel: string;
  pluralLabel: string;
  description?: string;
  primaryDisplayProperty: string;
  secondaryDisplayProperties: string[];
  searchableProperties: string[];
  requiredProperties: string[];
  /** Its own properties, sorted by name. */
  properties: CustomObjectProperty[];
  /** The objects its records associate with, as the blueprint names them, sorted. */
  associations: string[];
}

export interface CustomObjectOutputs extends CustomObjectInputs {
  /** `2-<id>`: how HubSpot's other APIs name the object. */
  objectTypeId: string;
  /** `p<portal>_<name>`. */
  fullyQualifiedName: string;
}

/** Its own properties by name (HubSpot keeps no order among them). */
function ownProperties(object: CustomObject): CustomObjectProperty[] {
  const named = Object.entries(object.properties).sort(([a], [b]) => a.localeCompare(b));
  return named.map(([name, p]) => {
    const options = hubspotOptions(p);
    return {
      name,
      label: p.label,
      type: p.type,
      // HubSpot's field type for a type the blueprint leaves it out of: the first the type allows.
      fieldType: p.fieldType ?? defaultFieldType(p.type),
      ...(p.description !== undefined && { description: p.description }),
      ...(options.length > 0 && { options }),
    };
  });
}

/** The blueprint's custom objects; one that another one associates with comes first (the checks forbid a cycle). */
function customObjectSpecs(blueprint: Blueprint): CustomObjectInputs[] {
  const specs = Object.entries(blueprint.customObjects ?? {}).map(([name, o]) => ({
    key: name,
    name,
    singularLabel: o.labels.singular,
    pluralLabel: o.labels.plural,
    ...(o.description !== undefined && { description: o.description }),
    primaryDisplayProperty: o.primaryDisplayProperty,
    secondaryDisplayProperties: o.secondaryDisplayProperties ?? [],
    searchableProperties: o.searchableProperties ?? [],
    requiredProperties: o.requiredProperties ?? [],
    properties: ownProperties(o),
    associations: [...(o.associations ?? [])].sort(),
  }));
  const ordered: CustomObjectInputs[] = [];
  const ready = (o: CustomObjectInputs) =>
    o.associations.filter(isCustomTarget).every((t) => t === o.name || ordered.some((d) => d.name === t));
  while (ordered.length < specs.length) {
    const next = specs.find((o) => !ordered.includes(o) && ready(o)) ?? specs.find((o) => !ordered.includes(o))!;
    ordered.push(next);
  }
  return ordered;
}

/** Whether an association target is another custom object (not one of HubSpot's standard objects). */
export const isCustomTarget = (target: string): boolean => !(CrmObject.options as readonly string[]).includes(target);

export const customObjectName = (p: { singularLabel?: unknown; name?: unknown }): string =>
  `Custom object ${quote(String(p.singularLabel ?? ""))} (${String(p.name ?? "")})`;

const names = (v: string[]): string => (v.length === 0 ? "none" : v.join(", "));

/** Properties added or changed, and associations added; a property or association that leaves is left in HubSpot. */
function objectChanges(old: Shown<CustomObjectOutputs>, next: Shown<CustomObjectOutputs>, out: ChangeSink): void {
  const subject = customObjectName(next);
  const was = new Map((known(old.properties) ?? []).map((p) => [p.name, p]));
  const now = known(next.properties) ?? [];
  for (const p of now) {
    const before = was.get(p.name);
    if (!before) out.added(`${subject} property ${p.name} (${p.type}) added`);
    else if (!isDeepStrictEqual(before, p)) out.changed(`${subject} property ${p.name} changed`);
  }
  for (const name of was.keys())
    if (!now.some((p) => p.name === name))
      out.released(`${subject} property ${name} left in HubSpot with its values (revstack never deletes one)`);
  const targets = known(next.associations) ?? [];
  for (const t of targets)
    if (!(known(old.associations) ?? []).includes(t)) out.added(`${subject} can now be associated with ${t}`);
}

export const customObjectKind: PlannedKind<"customObjects", CustomObjectInputs, CustomObjectOutputs> = {
  module: "hubspot",
  name: "CustomObjectSchema",
  docs: customObjectDocs,
  planned: {
    list: "customObjects",
    specs: customObjectSpecs,
    after: {
      kind: { module: "hubspot", name: "CustomObjectSchema" },
      keys: (o) => o.associations.filter(isCustomTarget),
    },
  },
  identity: ["name"],
  fields: [
    { key: "singularLabel", label: "singular label", format: quote, hubspot: "labels" },
    { key: "pluralLabel", label: "plural label", format: quote, hubspot: "labels" },
    { key: "description", label: "description", format: quote, optional: true },
    { key: "primaryDisplayProperty", label: "primary display property", format: (v) => v },
    { key: "secondaryDisplayProperties", label: "secondary display properties", format: names, unsaid: () => [] },
    { key: "searchableProperties", label: "searchable properties", format: names, unsaid: () => [] },
    { key: "requiredProperties", label: "required properties", format: names, unsaid: () => [] },
  ],
  alsoUpdatable: ["properties", "associations"],
  outputOnly: ["objectTypeId", "fullyQualifiedName"],
  naturalKey: { prefix: KEY_PREFIX.schema, word: "Custom object", of: (i) => i.name },
  describe: (o) => `Custom object "${o.name}"`,
  words: {
    section: "objects",
    scope: () => "Custom objects",
    subject: customObjectName,
    summary: (p) => {
      const props = known(p.properties) ?? [];
      const targets = known(p.associations) ?? [];
      return `${count(props.length, "property", "properties")}, associated with ${names(targets)}`;
    },
    extra: objectChanges,
    deleteDanger: () =>
      "deletes the custom object schema: HubSpot refuses while it holds records, and revstack stops first with their count",
  },
};
