import * as pulumi from "@pulumi/pulumi";
import { ArchivedPropertyError, type LiveProperty } from "../src/clients/hubspot";
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
  type: "hubspot:Property",
  fields: ["label", "type", "fieldType", "groupName", "description", "options"],
  identity: ["objectType", "name"],
  describe: (p) => `Property "${p.name}" (${p.objectType})`,
  create: (client, p) => unlessArchived(p, false, client.createProperty(p.objectType, { name: p.name, ...body(p) })),
  // Only live properties: one archived in HubSpot reads as gone, so a refresh shows it as drift.
  find: (client, _id, p) => client.findProperty(p.objectType, p.name),
  write: (client, _id, p) => unlessArchived(p, true, client.updateProperty(p.objectType, p.name, body(p))),
  remove: (client, _id, p) => client.deleteProperty(p.objectType, p.name),
  idOf: (_live, p) => `${p.objectType}/${p.name}`,
  asInputs: async (_client, live, p) => ({
    ...p, label: live.label, type: live.type, fieldType: live.fieldType, groupName: live.groupName,
    description: live.description ?? "", options: optionsInOrder(live),
  }),
  outputs: async (_client, _live, p) => p,
});
export { del as delete };

/**
 * HubSpot's v3 API cannot restore an archived property, nor create another with its name: say where the user can
 * restore it, and how this stack picks it up again (a create means the stack no longer tracks it: adopt it back).
 */
async function unlessArchived<T>(p: PropertyInputs, tracked: boolean, write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    if (!(err instanceof ArchivedPropertyError)) throw err;
    const then = tracked ? "then apply again" : "then apply again with `pulumi config set revstack:adopt true` so this stack takes it back";
    throw new Error(
      `Property "${p.name}" (${p.objectType}) was archived (deleted) in HubSpot, and HubSpot's API cannot restore it. ` +
        `Restore it in HubSpot (Settings → Properties → Archived properties), ${then}; or rename the property in the blueprint.`,
    );
  }
}

/** Options in display order, numbered from 0 like the blueprint's. */
function optionsInOrder(live: LiveProperty): PropertyInputs["options"] {
  return (live.options ?? [])
    .map((o, i) => ({ o, i }))
    .sort((a, b) => (a.o.displayOrder ?? a.i) - (b.o.displayOrder ?? b.i) || a.i - b.i)
    .map(({ o }, displayOrder) => ({ value: o.value, label: o.label, displayOrder, hidden: o.hidden === true }));
}
