/**
 * Custom objects and association labels: a custom object's display, searchable and required properties are among
 * its own, its enumerations have options, its associations and every label's two objects are objects that exist.
 */
import { FIELD_TYPES, type CustomObject } from "../model";
import { CrmObject } from "../crm-objects";
import type { PathSegment } from "../diagnostics";
import type { CheckContext, Check } from "./context";
import { expectKnown } from "./names";

/** The objects a custom object or a label may name: HubSpot's standard ones and the blueprint's custom objects. */
const objectsOf = (c: CheckContext): string[] => [
  ...CrmObject.options,
  ...Object.keys(c.blueprint.customObjects ?? {}),
];

function checkOwnProperties(c: CheckContext, path: PathSegment[], object: CustomObject): void {
  const own = Object.keys(object.properties);
  expectKnown(
    c.findings,
    [...path, "primaryDisplayProperty"],
    object.primaryDisplayProperty,
    own,
    "property",
    "of the object",
  );
  for (const list of ["secondaryDisplayProperties", "searchableProperties", "requiredProperties"] as const)
    (object[list] ?? []).forEach((name, i) =>
      expectKnown(c.findings, [...path, list, i], name, own, "property", "of the object"),
    );
  for (const [name, property] of Object.entries(object.properties)) {
    const at = [...path, "properties", name];
    if (property.fieldType !== undefined && !FIELD_TYPES[property.type].includes(property.fieldType))
      c.findings.error(
        [...at, "fieldType"],
        `fieldType ${property.fieldType} does not fit type ${property.type}; HubSpot allows ${FIELD_TYPES[property.type].join(", ")}`,
      );
    if (property.type === "enumeration" && !property.options?.length)
      c.findings.error([...at, "type"], `enumeration property ${name} needs options`);
    if (property.type !== "enumeration" && property.type !== "bool" && property.options)
      c.findings.error(
        [...at, "options"],
        `only enumeration and bool properties have options; ${name} is ${property.type}`,
      );
  }
}

export const checkCustomObjects: Check = (c) => {
  const objects = objectsOf(c);
  for (const [name, object] of Object.entries(c.blueprint.customObjects ?? {})) {
    const path = ["customObjects", name];
    if ((CrmObject.options as readonly string[]).includes(name))
      c.findings.error(path, `${name} is one of HubSpot's standard objects: give the custom object another name`);
    checkOwnProperties(c, path, object);
    (object.associations ?? []).forEach((target, i) =>
      expectKnown(c.findings, [...path, "associations", i], target, objects, "object"),
    );
  }
  for (const [name, label] of Object.entries(c.blueprint.associationLabels ?? {}))
    for (const end of ["from", "to"] as const)
      expectKnown(c.findings, ["associationLabels", name, end], label[end], objects, "object");
};
