/** Property groups and the custom properties of each CRM object: labels, types, groups, options. */
import { BUILTIN_PROPERTIES, isBuiltinGroup } from "../../blueprint/checks/builtin-properties";
import type { Blueprint, Property } from "../../blueprint/model";
import { count, fieldChange, quote } from "../../words/describe";
import { OPTIONAL_PROPERTY_FIELDS } from "../../plan/crm";
import {
  optionChanges,
  propertiesHeading,
  propertyDeleteDanger,
  propertyName,
  SETTING_WORDS,
} from "../../kinds/property";
import type { Changes, ScopedChanges } from "../../words/changes";
import { match } from "../../words/keyed";
import { KEY_PREFIX, objectKey } from "../../blueprint/object-keys";
import { CrmObject } from "../../blueprint/crm-objects";

const OBJECTS = CrmObject.options;

function propertySummary(p: Property): string {
  const options = p.options ? `, ${count(p.options.length, "option")}` : "";
  return `${p.type} in group ${p.group}${options}`;
}

const show = (value: unknown): string | undefined => (value === undefined ? undefined : String(value));

function diffProperty(s: ScopedChanges, name: string, before: Property, after: Property): void {
  const subject = propertyName(after.label, name);
  if (before.label !== after.label) s.changed(`${propertyName(before.label, name)} renamed to ${quote(after.label)}`);
  if (before.type !== after.type) {
    s.changed(`${subject} type ${before.type} → ${after.type}`, {
      danger: "changing a property's type can drop the values records already hold",
    });
  }
  s.fields(subject, [
    fieldChange("field type", before.fieldType, after.fieldType),
    before.group !== after.group ? `moved to group ${after.group} (was ${before.group})` : undefined,
    fieldChange("description", before.description, after.description, quote),
    ...OPTIONAL_PROPERTY_FIELDS.map((key) => fieldChange(SETTING_WORDS[key], show(before[key]), show(after[key]))),
  ]);
  optionChanges(subject, before.options, after.options, s);
}

function diffObject(out: Changes, object: (typeof OBJECTS)[number], before: Blueprint, after: Blueprint): void {
  const s = out.in("properties", propertiesHeading(object));
  const props = match(before.properties[object], after.properties[object]);
  for (const [name, p] of props.added) s.added(`${propertyName(p.label, name)} added: ${propertySummary(p)}`);
  for (const [name, p] of props.removed) {
    if (BUILTIN_PROPERTIES[object].includes(name)) {
      s.released(
        `${propertyName(p.label, name)} is HubSpot's own: it is released (stays in HubSpot as it is, no longer managed)`,
      );
      continue;
    }
    s.removedObject(
      objectKey(KEY_PREFIX.property, object, name),
      propertyName(p.label, name),
      `${propertyName(p.label, name)} removed`,
      { danger: propertyDeleteDanger(object) },
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
