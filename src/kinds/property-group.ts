/** A property group of one object type. Natural key: its internal name per object type. */
import { isBuiltinGroup } from "../blueprint/checks/builtin-properties";
import type { Blueprint } from "../blueprint/model";
import { metricRequirements } from "../plan/instrumentation";
import { quote } from "../words/describe";
import { position, type PlannedKind } from "./kind";
import { KEY_PREFIX } from "../blueprint/object-keys";
import { CrmObject } from "../blueprint/crm-objects";
import { propertyGroupDocs } from "./property-group.docs";

export interface PropertyGroupSpec {
  key: string;
  objectType: string;
  name: string;
  label: string;
  displayOrder: number;
}

export type PropertyGroupInputs = PropertyGroupSpec;

/**
 * HubSpot keeps property groups per object type: a blueprint group exists for each object type that uses it; the
 * groups the blueprint's metrics need (src/plan/instrumentation) come after the blueprint's own.
 */
function groupSpecs(blueprint: Blueprint): PropertyGroupSpec[] {
  const declared = Object.entries(blueprint.properties.groups ?? {});
  const used = (objectType: CrmObject, group: string) =>
    Object.values(blueprint.properties[objectType] ?? {}).some((p) => p.group === group);
  const own = CrmObject.options.flatMap((objectType) =>
    declared
      .map(([name, g], index) => ({
        key: `${objectType}-${name}`,
        objectType,
        name,
        label: g.label,
        displayOrder: g.displayOrder ?? index,
      }))
      .filter((g) => used(objectType, g.name)),
  );
  const measured = metricRequirements(blueprint).groups.map((g) => ({
    key: `${g.object}-${g.name}`,
    objectType: g.object,
    name: g.name,
    label: g.label,
    displayOrder: declared.length,
  }));
  return [...own, ...measured];
}

export const propertyGroupKind: PlannedKind<"propertyGroups", PropertyGroupInputs> = {
  module: "hubspot",
  name: "PropertyGroup",
  docs: propertyGroupDocs,
  planned: { list: "propertyGroups", specs: groupSpecs },
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
