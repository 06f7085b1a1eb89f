/** Custom properties: groups exist, enumerations have options, and no name collides with HubSpot's own. */
import type { Check } from "./index";
import { BUILTIN_PROPERTIES } from "./builtin-properties";
import { expectKnown } from "./names";

/** HubSpot's default property groups, usable without declaring them. */
const BUILTIN_GROUPS = ["contactinformation", "companyinformation", "dealinformation", "ticketinformation"];

export const checkProperties: Check = (c) => {
  const groups = [...Object.keys(c.blueprint.properties.groups ?? {}), ...BUILTIN_GROUPS];
  for (const object of ["contacts", "companies", "deals", "tickets"] as const) {
    for (const [name, property] of Object.entries(c.blueprint.properties[object] ?? {})) {
      const path = ["properties", object, name];
      if (BUILTIN_PROPERTIES[object].includes(name)) {
        c.findings.error(path, `${name} is a HubSpot default ${object} property: a custom property needs another name`, "key");
      }
      expectKnown(c.findings, [...path, "group"], property.group, groups, "property group");
      if (property.type === "enumeration" && !property.options?.length) {
        c.findings.error([...path, "type"], `enumeration property ${name} needs options`);
      }
      if (property.type !== "enumeration" && property.options) {
        c.findings.error([...path, "options"], `only enumeration properties have options; ${name} is ${property.type}`);
      }
    }
  }
};
