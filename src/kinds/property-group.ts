/** A property group of one object type. Natural key: its internal name per object type. */
import { isBuiltinGroup } from "../blueprint/checks/builtin-properties";
import type { PropertyGroupSpec } from "../plan/crm";
import { quote } from "../words/describe";
import { position, type Kind } from "./kind";
import { KEY_PREFIX } from "../blueprint/object-keys";

export type PropertyGroupInputs = PropertyGroupSpec;

export const propertyGroupKind: Kind<PropertyGroupInputs> = {
  module: "hubspot",
  name: "PropertyGroup",
  identity: ["objectType", "name"],
  fields: [
    { key: "label", label: "label", format: quote },
    { key: "displayOrder", label: "position", format: position },
  ],
  outputOnly: [],
  naturalKey: { prefix: KEY_PREFIX.group, word: "Property group", of: (i) => `${i.objectType}/${i.name}` },
  describe: (g) => `Property group "${g.name}" (${g.objectType})`,
  isHubSpotDefault: (p) => isBuiltinGroup(p.objectType ?? "", p.name ?? ""),
  words: {
    section: "properties",
    scope: () => "Property groups",
    subject: (p) => `Group ${quote(p.label ?? "")} (${p.name ?? ""}) for ${p.objectType ?? ""}`,
  },
};
