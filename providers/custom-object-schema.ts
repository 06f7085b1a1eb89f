/**
 * A custom object schema; natural key: its internal name. Created with its properties and associations in one
 * call; an update patches its labels and display lists, creates or updates the properties the blueprint names and
 * adds the associations it names. A property that leaves the blueprint stays in HubSpot with its values; an
 * association is never removed here: the program refuses that before anything is written (program/data-guards.ts).
 * Deleting one the stack created counts its records first and refuses while it holds any.
 */
import { isDeepStrictEqual } from "node:util";
import type { HubSpotClient } from "../src/clients/hubspot";
import type { LiveSchema } from "../src/clients/hubspot/schemas";
import { keyedResource } from "./shared/keyed";
import { hubspotFields, liveFields } from "../src/kinds/kind";
import { customObjectKind, isCustomTarget, type CustomObjectProperty } from "../src/kinds/custom-object";
import type { CustomObjectInputs, CustomObjectOutputs } from "../src/kinds/custom-object";
import {
  associationDropRefused,
  customObjectRecordsNote,
  customObjectRecordsRefused,
} from "../src/kinds/object-removals";
import { tokenOf } from "../src/kinds";
import type { DataGuards } from "./shared/data-guards";
export type { CustomObjectInputs, CustomObjectOutputs } from "../src/kinds/custom-object";

/** HubSpot's object type ids of the standard objects a custom object may associate with. */
const STANDARD: Record<string, string> = { contacts: "0-1", companies: "0-2", deals: "0-3", tickets: "0-5" };

async function typeIdOf(client: HubSpotClient, target: string, o: CustomObjectInputs): Promise<string> {
  if (!isCustomTarget(target)) return STANDARD[target];
  const schema = await client.schemas.find(target);
  if (!schema)
    throw new Error(
      `${customObjectKind.describe(o)}: the custom object "${target}" it associates with does not exist in HubSpot`,
    );
  return schema.objectTypeId;
}

async function targetName(client: HubSpotClient, typeId: string): Promise<string> {
  const standard = Object.entries(STANDARD).find(([, id]) => id === typeId)?.[0];
  return standard ?? (await client.schemas.find(typeId))?.name ?? typeId;
}

const schemaFields = (o: CustomObjectInputs) => ({
  labels: { singular: o.singularLabel, plural: o.pluralLabel },
  ...hubspotFields(customObjectKind, o, "update"),
});

/** A live property as the inputs hold one: what HubSpot leaves empty is left out. */
function asProperty(x: LiveSchema["properties"][number]): CustomObjectProperty {
  return {
    name: x.name,
    label: x.label,
    type: x.type,
    fieldType: x.fieldType,
    ...(x.description ? { description: x.description } : {}),
    ...(x.options?.length && {
      options: x.options.map((o, i) => ({
        value: o.value,
        label: o.label,
        displayOrder: o.displayOrder ?? i,
        hidden: o.hidden === true,
        ...(o.description ? { description: o.description } : {}),
      })),
    }),
  };
}

async function create(client: HubSpotClient, o: CustomObjectInputs) {
  const associatedObjects = await Promise.all(o.associations.map((t) => typeIdOf(client, t, o)));
  return client.schemas.create({ ...schemaFields(o), name: o.name, properties: o.properties, associatedObjects });
}

/** Properties first (the display lists name them), then the schema, then new associations. */
async function write(client: HubSpotClient, id: string, o: CustomObjectInputs): Promise<LiveSchema> {
  const live = await client.schemas.find(id);
  if (!live)
    throw new Error(`${customObjectKind.describe(o)} (${id}) no longer exists in HubSpot; refresh to create it again`);
  const current = await asInputs(client, live, o);
  const group = live.properties.find((p) => !p.hubspotDefined)?.groupName ?? `${o.name.toLowerCase()}_information`;
  for (const p of o.properties) {
    const had = current.properties.find((x) => x.name === p.name);
    if (!had) await client.createProperty(id, { ...p, groupName: group });
    // The engine hands inputs over with their keys in its own order: compare values, not texts.
    else if (!isDeepStrictEqual(had, p)) await client.updateProperty(id, p.name, p);
  }
  const updated = await client.schemas.update(id, schemaFields(o));
  for (const t of o.associations.filter((x) => !current.associations.includes(x)))
    await client.schemas.associate(id, await typeIdOf(client, t, o));
  return (await client.schemas.find(id, true)) ?? updated;
}

/** The live schema in the inputs' shape: the properties and associations the inputs name (others are the portal's). */
async function asInputs(client: HubSpotClient, live: LiveSchema, o: CustomObjectInputs): Promise<CustomObjectInputs> {
  const targets = await Promise.all(live.associations.map((a) => targetName(client, a.toObjectTypeId)));
  const named = new Set(o.properties.map((p) => p.name));
  return {
    ...o,
    ...liveFields(customObjectKind, live, o),
    singularLabel: live.labels.singular,
    pluralLabel: live.labels.plural,
    properties: live.properties
      .filter((p) => named.has(p.name))
      .map(asProperty)
      .sort((a, b) => a.name.localeCompare(b.name)),
    associations: targets.filter((t) => o.associations.includes(t)).sort(),
  };
}

async function remove(client: HubSpotClient, id: string, o: CustomObjectOutputs): Promise<void> {
  const records = await client.countRecords(id);
  if (records > 0) throw new Error(customObjectRecordsRefused(o.name, records));
  await client.schemas.delete(id);
}

/**
 * Counted by the program before the first write (program/data-guards.ts): a schema that leaves the blueprint
 * holding records (HubSpot refuses that too, but only at the delete, after the run's other writes), and an
 * association the object stops naming, which revstack never removes (it would drop every record's associations of
 * that pair) and so refuses rather than leave in place without a word.
 */
export const customObjectGuards: DataGuards<CustomObjectInputs> = {
  type: tokenOf(customObjectKind),
  async removed(client, o) {
    const schema = await client.schemas.find(o.name, true);
    const records = schema ? await client.countRecords(schema.objectTypeId) : 0;
    return records > 0
      ? { note: customObjectRecordsNote(o.name, records), refusal: customObjectRecordsRefused(o.name, records) }
      : undefined;
  },
  async changed(_client, old, next) {
    const targets = (old.associations ?? []).filter((t) => !next.associations.includes(t));
    const refusal = targets.length > 0 ? associationDropRefused(next.name, targets) : undefined;
    return refusal && { note: refusal, refusal };
  },
};

export { settingsFrom } from "./shared/config";
export const {
  check,
  diff,
  create: createResource,
  read,
  update,
  delete: del,
} = keyedResource<CustomObjectInputs, LiveSchema, CustomObjectOutputs>({
  kind: customObjectKind,
  create,
  find: (client, id, o) => client.schemas.find(id || o.name),
  lookup: (client, o) => client.schemas.find(o.name),
  write,
  remove,
  idOf: (live) => live.objectTypeId,
  asInputs,
  outputs: async (_client, live, o) => ({
    ...o,
    objectTypeId: live.objectTypeId,
    fullyQualifiedName: live.fullyQualifiedName,
  }),
});
export { createResource as create, del as delete };
