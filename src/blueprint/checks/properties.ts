/**
 * Properties: groups exist, field types fit the type, enumerations have options, and a declared HubSpot default
 * keeps HubSpot's type (a blueprint may customize a default, never redefine it).
 */
import { ADOPT_ONLY_FIELD_TYPES, FIELD_TYPES } from "../model";
import type { Check } from "./context";
import { BUILTIN_GROUPS, builtinType } from "./builtin-properties";
import { expectKnown } from "./names";
import { CrmObject } from "../crm-objects";

export const checkProperties: Check = (c) => {
  const declared = Object.keys(c.blueprint.properties.groups ?? {});
  for (const object of CrmObject.options) {
    for (const [name, property] of Object.entries(c.blueprint.properties[object] ?? {})) {
      const path = ["properties", object, name];
      const builtin = builtinType(object, name);
      if (builtin !== undefined && builtin !== property.type) {
        c.findings.error(
          [...path, "type"],
          `${name} is a HubSpot default ${object} property of type ${builtin}: a blueprint can customize it but not change its type (or give a custom property another name)`,
        );
      }
      expectKnown(
        c.findings,
        [...path, "group"],
        property.group,
        [...declared, ...BUILTIN_GROUPS[object]],
        "property group",
      );
      const fieldType = property.fieldType;
      if (fieldType !== undefined && !FIELD_TYPES[property.type].includes(fieldType)) {
        c.findings.error(
          [...path, "fieldType"],
          `fieldType ${fieldType} does not fit type ${property.type}; HubSpot allows ${FIELD_TYPES[property.type].join(", ")}`,
        );
      }
      if (fieldType === "calculation_equation" && !property.calculationFormula) {
        c.findings.error([...path, "fieldType"], `calculation property ${name} needs a calculationFormula`);
      }
      if (fieldType !== undefined && ADOPT_ONLY_FIELD_TYPES.includes(fieldType)) {
        c.findings.warn(
          [...path, "fieldType"],
          `HubSpot's API cannot create ${fieldType} properties: ${name} must exist in HubSpot, and the stack adopts it (revstack:adopt)`,
        );
      }
      if (property.type === "enumeration" && !property.options?.length) {
        c.findings.error([...path, "type"], `enumeration property ${name} needs options`);
      }
      if (property.type !== "enumeration" && property.type !== "bool" && property.options) {
        c.findings.error(
          [...path, "options"],
          `only enumeration and bool properties have options; ${name} is ${property.type}`,
        );
      }
    }
  }
};
