import { ArchivedPropertyError, type LiveProperty } from "../src/clients/hubspot";
import { ADOPT_ONLY_FIELD_TYPES } from "../src/blueprint/model";
import { keyedResource } from "./shared/keyed";
import { typeChangeRefusal } from "./shared/type-change";
import { optionRemovalRefusal, propertyDeleteRefusal } from "./shared/property-values";
import { refuse, type DataGuards } from "./shared/data-guards";
import { tokenOf } from "../src/kinds/kind";
import { guardedClient, type Settings } from "./shared/config";
import type { UpdateResult } from "./shared/shim";
import { hubspotFields, liveFields } from "../src/kinds/kind";
import { propertyKind } from "../src/kinds/property";
import type { PropertyInputs, PropertyOutputs } from "../src/kinds/property";
export type { PropertyInputs, PropertyOutputs } from "../src/kinds/property";

/** What a create or update writes: the kind's fields (./src/kinds/property), and options for the types that have them. */
const body = (p: PropertyInputs, on: "create" | "update") => ({
  ...hubspotFields(propertyKind, p, on),
  ...(hasOptions(p) ? { options: p.options } : {}),
});

const hasOptions = (p: PropertyInputs): boolean => p.type === "enumeration" || p.type === "bool";

export { settingsFrom } from "./shared/config";
const keyed = keyedResource<PropertyInputs, LiveProperty, PropertyOutputs>({
  kind: propertyKind,
  create: (client, p) =>
    unlessArchived(
      p,
      false,
      creatable(p).then(() => client.createProperty(p.objectType, { ...body(p, "create"), name: p.name })),
    ),
  // Only live properties: one archived in HubSpot reads as gone, so a refresh shows it as drift.
  find: (client, _id, p) => client.findProperty(p.objectType, p.name),
  write: (client, _id, p) => unlessArchived(p, true, client.updateProperty(p.objectType, p.name, body(p, "update"))),
  // HubSpot's own properties are released, never deleted: removing one from the blueprint leaves it as it is. One
  // that records hold values in is counted first: HubSpot would delete it and the values with it.
  remove: async (client, _id, p) => {
    if (p.hubspotDefined) return;
    await refuse(propertyDeleteRefusal(client, p));
    await client.deleteProperty(p.objectType, p.name);
  },
  idOf: (_live, p) => `${p.objectType}/${p.name}`,
  asInputs: async (_client, live, p) => ({
    ...p,
    ...liveFields(propertyKind, live, p),
    options: hasOptions(p) || live.options?.length ? optionsInOrder(live) : p.options,
  }),
  outputs: async (_client, live, p) => ({ ...p, ...(live.hubspotDefined ? { hubspotDefined: true } : {}) }),
});
export const { check, diff, create, read, delete: del } = keyed;
export { del as delete };

/** What a property's delete or update would lose, counted (the program counts it too, before any write). */
export const propertyGuards: DataGuards<PropertyInputs> = {
  type: tokenOf(propertyKind),
  removed: propertyDeleteRefusal,
  changed: async (client, olds, news) =>
    (await typeChangeRefusal(client, olds, news)) ?? (await optionRemovalRefusal(client, olds, news)),
};

/** An update first passes the type-change guard (./shared/type-change) and the option-removal count. */
export async function update(
  settings: Settings | undefined,
  id: string,
  olds: PropertyInputs,
  news: PropertyInputs,
): Promise<UpdateResult<PropertyOutputs>> {
  await refuse(propertyGuards.changed!(await guardedClient(settings), olds, news));
  return keyed.update(settings, id, olds, news);
}

/**
 * HubSpot's v3 API cannot restore an archived property, nor create another with its name: say where the user can
 * restore it, and how this stack picks it up again (a create means the stack no longer tracks it: adopt it back).
 */
async function unlessArchived<T>(p: PropertyInputs, tracked: boolean, write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    if (!(err instanceof ArchivedPropertyError)) throw err;
    const then = tracked
      ? "then apply again"
      : "then apply again with `pulumi config set revstack:adopt true` so this stack takes it back";
    throw new Error(
      `Property "${p.name}" (${p.objectType}) was archived (deleted) in HubSpot, and HubSpot's API cannot restore it. ` +
        `Restore it in HubSpot (Settings → Properties → Archived properties), ${then}; or rename the property in the blueprint.`,
      { cause: err },
    );
  }
}

/** Rollups and scores cannot be created through HubSpot's API: a blueprint can only adopt one that exists. */
async function creatable(p: PropertyInputs): Promise<void> {
  if (!(ADOPT_ONLY_FIELD_TYPES as readonly string[]).includes(p.fieldType)) return;
  throw new Error(
    `Property "${p.name}" (${p.objectType}) is a ${p.fieldType} property, which HubSpot's API cannot create: ` +
      "create it in HubSpot (Settings → Properties), then apply again with `revstack:adopt` so this stack adopts it.",
  );
}

/** Options in display order, numbered from 0 like the blueprint's. */
function optionsInOrder(live: LiveProperty): PropertyInputs["options"] {
  return (live.options ?? [])
    .map((o, i) => ({ o, i }))
    .sort((a, b) => (a.o.displayOrder ?? a.i) - (b.o.displayOrder ?? b.i) || a.i - b.i)
    .map(({ o }, displayOrder) => ({
      value: o.value,
      label: o.label,
      displayOrder,
      hidden: o.hidden === true,
      ...(o.description ? { description: o.description } : {}),
    }));
}
