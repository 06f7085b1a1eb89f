import * as pulumi from "@pulumi/pulumi";
import type { LiveProperty } from "../src/clients/hubspot";
import type { PropertySpec } from "../src/plan/crm";
import { keyedResource } from "./shared/keyed";
import { configuredProvider } from "./shared/shim";

/** A custom CRM property of one object type; natural key: its internal name. */
export type PropertyInputs = PropertySpec;

export const PropertyProvider = configuredProvider("property");

const provider = new PropertyProvider();

export class Property extends pulumi.dynamic.Resource {
  constructor(name: string, args: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, args, opts, "hubspot", "Property");
  }
}

/** The writable fields; an empty description is left out (HubSpot refuses an empty string there). */
const body = (p: PropertyInputs) => ({
  label: p.label, type: p.type, fieldType: p.fieldType, groupName: p.groupName, options: p.options,
  ...(p.description ? { description: p.description } : {}),
});

export { settingsFrom } from "./shared/config";
export const { check, diff, create, read, update, delete: del } = keyedResource<PropertyInputs, LiveProperty>({
  fields: ["label", "type", "fieldType", "groupName", "description", "options"],
  identity: ["objectType", "name"],
  describe: (p) => `Property "${p.name}" (${p.objectType})`,
  create: (client, p) => client.createProperty(p.objectType, { name: p.name, ...body(p) }),
  find: (client, _id, p) => client.findProperty(p.objectType, p.name),
  write: (client, _id, p) => client.updateProperty(p.objectType, p.name, body(p)),
  remove: (client, _id, p) => client.deleteProperty(p.objectType, p.name),
  idOf: (_live, p) => `${p.objectType}/${p.name}`,
  asInputs: async (_client, live, p) => ({
    ...p, label: live.label, type: live.type, fieldType: live.fieldType, groupName: live.groupName,
    description: live.description ?? "", options: optionsInOrder(live),
  }),
  outputs: async (_client, _live, p) => p,
});
export { del as delete };

/** Options in display order, numbered from 0 like the blueprint's. */
function optionsInOrder(live: LiveProperty): PropertyInputs["options"] {
  return (live.options ?? [])
    .map((o, i) => ({ o, i }))
    .sort((a, b) => (a.o.displayOrder ?? a.i) - (b.o.displayOrder ?? b.i) || a.i - b.i)
    .map(({ o }, displayOrder) => ({ value: o.value, label: o.label, displayOrder, hidden: o.hidden === true }));
}
