/** Property groups and the custom properties of each CRM object: labels, types, groups, options. */
import { BUILTIN_PROPERTIES, isBuiltinGroup } from "../../blueprint/checks/builtin-properties";
import type { Blueprint, Property } from "../../blueprint/model";
import { count, fieldChange, quote, singular } from "../describe";
import type { Changes, ScopedChanges } from "./changes";
import { match, moves } from "./keyed";
import { KEY_PREFIX, objectKey } from "../../blueprint/object-keys";
import { CrmObject } from "../../blueprint/crm-objects";

const OBJECTS = CrmObject.options;

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function propertySummary(p: Property): string {
  const options = p.options ? `, ${count(p.options.length, "option")}` : "";
  return `${p.type} in group ${p.group}${options}`;
}

function diffOptions(s: ScopedChanges, subject: string, before: Property, after: Property): void {
  const options = match(before.options, after.options, (o) => o.value);
  for (const [value, o] of options.added) s.added(`${subject} option ${quote(o.label)} (${value}) added`);
  for (const [value, o] of options.removed) {
    s.removed(`${subject} option ${quote(o.label)} (${value}) removed`, {
      details: [`records that hold ${value} keep it, but it can no longer be chosen`],
    });
  }
  for (const [value, was, now] of options.kept) {
    s.fields(`${subject} option ${value}`, [
      fieldChange("label", was.label, now.label, quote),
      (was.hidden ?? false) !== (now.hidden ?? false) ? (now.hidden ? "hidden" : "shown again") : undefined,
    ]);
  }
  const order = moves(
    (before.options ?? []).map((o) => o.value),
    (after.options ?? []).map((o) => o.value),
  );
  if (order.length > 0)
    s.changed(`${subject} options reordered: ${(after.options ?? []).map((o) => o.value).join(", ")}`);
}

/** The optional settings, in the user's words. */
const SETTINGS: Array<[keyof Property, string]> = [
  ["hasUniqueValue", "unique values"],
  ["formField", "form field"],
  ["hidden", "hidden"],
  ["displayOrder", "position"],
  ["dataSensitivity", "data sensitivity"],
  ["numberDisplayHint", "number format"],
  ["showCurrencySymbol", "currency symbol"],
  ["currencyPropertyName", "currency property"],
  ["calculationFormula", "formula"],
];
const show = (value: unknown): string | undefined => (value === undefined ? undefined : String(value));

function diffProperty(s: ScopedChanges, name: string, before: Property, after: Property): void {
  const subject = `Property ${quote(after.label)} (${name})`;
  if (before.label !== after.label)
    s.changed(`Property ${quote(before.label)} (${name}) renamed to ${quote(after.label)}`);
  if (before.type !== after.type) {
    s.changed(`${subject} type ${before.type} → ${after.type}`, {
      danger: "changing a property's type can drop the values records already hold",
    });
  }
  s.fields(subject, [
    fieldChange("field type", before.fieldType, after.fieldType),
    before.group !== after.group ? `moved to group ${after.group} (was ${before.group})` : undefined,
    fieldChange("description", before.description, after.description, quote),
    ...SETTINGS.map(([key, label]) => fieldChange(label, show(before[key]), show(after[key]))),
  ]);
  diffOptions(s, subject, before, after);
}

function diffObject(out: Changes, object: (typeof OBJECTS)[number], before: Blueprint, after: Blueprint): void {
  const s = out.in("properties", `${capitalized(singular(object))} properties`);
  const props = match(before.properties[object], after.properties[object]);
  for (const [name, p] of props.added) s.added(`Property ${quote(p.label)} (${name}) added: ${propertySummary(p)}`);
  for (const [name, p] of props.removed) {
    if (BUILTIN_PROPERTIES[object].includes(name)) {
      s.released(
        `Property ${quote(p.label)} (${name}) is HubSpot's own: it is released (stays in HubSpot as it is, no longer managed)`,
      );
      continue;
    }
    s.removedObject(
      objectKey(KEY_PREFIX.property, object, name),
      `Property ${quote(p.label)} (${name})`,
      `Property ${quote(p.label)} (${name}) removed`,
      { danger: `deletes the property and the value every ${singular(object)} holds in it` },
    );
  }
  for (const [name, was, now] of props.kept) diffProperty(s, name, was, now);
}

export function diffProperties(before: Blueprint, after: Blueprint, out: Changes): void {
  const s = out.in("properties", "Property groups");
  const groups = match(before.properties.groups, after.properties.groups);
  for (const [name, g] of groups.added) s.added(`Group ${quote(g.label)} (${name}) added`);
  for (const [name, g] of groups.removed) {
    if (OBJECTS.some((object) => isBuiltinGroup(object, name)))
      s.released(`Group ${quote(g.label)} (${name}) is HubSpot's own: it is released (stays in HubSpot as it is)`);
    else {
      const keys = OBJECTS.filter((o) => Object.values(before.properties[o] ?? {}).some((p) => p.group === name)).map(
        (o) => objectKey(KEY_PREFIX.group, o, name),
      );
      s.removedObject(keys, `Group ${quote(g.label)} (${name})`, `Group ${quote(g.label)} (${name}) removed`);
    }
  }
  for (const [name, was, now] of groups.kept)
    s.fields(`Group ${name}`, [fieldChange("renamed", was.label, now.label, quote)]);
  for (const object of OBJECTS) diffObject(out, object, before, after);
}
