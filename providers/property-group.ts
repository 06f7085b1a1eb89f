import * as pulumi from "@pulumi/pulumi";
import type { LivePropertyGroup } from "../src/clients/hubspot";
import type { PropertyGroupSpec } from "../src/plan/crm";
import { isBuiltinGroup } from "../src/blueprint/checks/builtin-properties";
import type { Owned } from "./shared/adopt";
import { keyedResource } from "./shared/keyed";
import { configuredProvider, type ResourceArgs } from "./shared/shim";

/** A property group of one object type (HubSpot keeps groups per object type); natural key: its name. */
export type PropertyGroupInputs = PropertyGroupSpec & Owned;

export const PropertyGroupProvider = configuredProvider("property-group");

const provider = new PropertyGroupProvider();

export class PropertyGroup extends pulumi.dynamic.Resource {
  constructor(name: string, args: ResourceArgs<PropertyGroupInputs>, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, args, opts, "hubspot", "PropertyGroup");
  }
}

export { settingsFrom } from "./shared/config";
export const { check, diff, create, read, update, delete: del } = keyedResource<PropertyGroupInputs, LivePropertyGroup>({
  type: "hubspot:PropertyGroup",
  fields: ["label", "displayOrder"],
  identity: ["objectType", "name"],
  describe: (g) => `Property group "${g.name}" (${g.objectType})`,
  create: (client, g) => client.createPropertyGroup(g.objectType, { name: g.name, label: g.label, displayOrder: g.displayOrder }),
  find: (client, _id, g) => client.findPropertyGroup(g.objectType, g.name),
  write: (client, _id, g) => client.updatePropertyGroup(g.objectType, g.name, { label: g.label, displayOrder: g.displayOrder }),
  // HubSpot's default groups are released, never deleted: removing one from the blueprint leaves it in HubSpot.
  remove: async (client, _id, g) => (isBuiltinGroup(g.objectType, g.name) ? undefined : client.deletePropertyGroup(g.objectType, g.name)),
  idOf: (_live, g) => `${g.objectType}/${g.name}`,
  asInputs: async (_client, live, g) => ({ ...g, label: live.label, displayOrder: live.displayOrder ?? g.displayOrder }),
  outputs: async (_client, _live, g) => g,
});
export { del as delete };
