/**
 * A user-defined association label; natural key: its two objects and internal name. HubSpot lists a label's text
 * and type id, so one is found by the type id the stack recorded, else (adoption) by its text. A paired label is
 * created, edited and deleted with its way back. Deleting one the stack created counts the associations that carry
 * it first and refuses while any does (HubSpot does not refuse).
 */
import type { HubSpotClient } from "../src/clients/hubspot";
import type { LiveAssociationLabel } from "../src/clients/hubspot/association-labels";
import { keyedResource } from "./shared/keyed";
import { associationLabelKind, type AssociationLabelInputs } from "../src/kinds/association-label";
import type { AssociationLabelOutputs } from "../src/kinds/association-label";
import { isCustomTarget } from "../src/kinds/custom-object";
import { labelUsesNote, labelUsesRefused } from "../src/kinds/object-removals";
import { tokenOf } from "../src/kinds";
import { refuse, type DataGuards } from "./shared/data-guards";
export type { AssociationLabelInputs, AssociationLabelOutputs } from "../src/kinds/association-label";

/** How HubSpot's paths name an object: a standard one by name, a custom one by its objectTypeId. */
async function typeOf(client: HubSpotClient, object: string, l: AssociationLabelInputs): Promise<string> {
  if (!isCustomTarget(object)) return object;
  const schema = await client.schemas.find(object);
  if (!schema)
    throw new Error(`${associationLabelKind.describe(l)}: the custom object "${object}" does not exist in HubSpot`);
  return schema.objectTypeId;
}

const pairOf = async (client: HubSpotClient, l: AssociationLabelInputs) =>
  [await typeOf(client, l.from, l), await typeOf(client, l.to, l)] as const;

async function find(client: HubSpotClient, l: AssociationLabelInputs, ids: Partial<AssociationLabelOutputs>) {
  const [from, to] = await pairOf(client, l);
  return client.associationLabels.find(from, to, {
    typeId: ids.typeId,
    inverseTypeId: ids.inverseTypeId,
    label: l.label,
  });
}

async function create(client: HubSpotClient, l: AssociationLabelInputs) {
  const existing = await find(client, l, {});
  if (existing) return { object: existing, existed: true };
  const [from, to] = await pairOf(client, l);
  const made = await client.associationLabels.create(from, to, {
    name: l.name,
    label: l.label,
    ...(l.inverseLabel !== undefined && { inverseLabel: l.inverseLabel }),
  });
  const object = await client.associationLabels.find(from, to, {
    typeId: made[0]?.typeId,
    inverseTypeId: made[1]?.typeId,
    label: l.label,
  });
  if (!object) throw new Error(`${associationLabelKind.describe(l)}: HubSpot answered the create but does not list it`);
  return { object, existed: false };
}

async function write(client: HubSpotClient, id: string, l: AssociationLabelInputs): Promise<LiveAssociationLabel> {
  const live = await find(client, l, { typeId: Number(id) });
  if (!live)
    throw new Error(`${associationLabelKind.describe(l)} no longer exists in HubSpot; refresh to create it again`);
  if (l.inverseLabel !== undefined && live.inverseTypeId === undefined)
    throw new Error(
      `${associationLabelKind.describe(l)} is a one-way label in HubSpot, and HubSpot pairs a label only when it is ` +
        "created: nothing was written. Give the paired label another name (a new label), or leave inverseLabel out.",
    );
  const [from, to] = await pairOf(client, l);
  await client.associationLabels.update(from, to, {
    associationTypeId: live.typeId,
    label: l.label,
    ...(l.inverseLabel !== undefined && { inverseLabel: l.inverseLabel }),
  });
  return (await find(client, l, { typeId: live.typeId, inverseTypeId: live.inverseTypeId })) ?? live;
}

/** A label that leaves the blueprint while associations carry it (HubSpot deletes it without a word). */
export const associationLabelGuards: DataGuards<AssociationLabelInputs> = {
  type: tokenOf(associationLabelKind),
  async removed(client, l) {
    const [from, to] = await pairOf(client, l);
    const uses = await client.associationLabels.countUses(from, to, l.name);
    const what = associationLabelKind.describe(l);
    return uses > 0 ? { note: labelUsesNote(what, uses), refusal: labelUsesRefused(what, uses) } : undefined;
  },
};

async function remove(client: HubSpotClient, id: string, l: AssociationLabelOutputs): Promise<void> {
  await refuse(associationLabelGuards.removed!(client, l));
  const [from, to] = await pairOf(client, l);
  await client.associationLabels.delete(from, to, Number(id));
}

export { settingsFrom } from "./shared/config";
export const {
  check,
  diff,
  create: createResource,
  read,
  update,
  delete: del,
} = keyedResource<AssociationLabelInputs, LiveAssociationLabel, AssociationLabelOutputs>({
  kind: associationLabelKind,
  create,
  find: (client, id, l) => find(client, l, { typeId: id ? Number(id) : undefined, inverseTypeId: l.inverseTypeId }),
  lookup: (client, l) => find(client, l, {}),
  write,
  remove,
  idOf: (live) => String(live.typeId),
  asInputs: async (_client, live, l) => ({
    ...l,
    label: live.label,
    ...(l.inverseLabel !== undefined && { inverseLabel: live.inverseLabel ?? "" }),
  }),
  outputs: async (_client, live, l) => ({
    ...l,
    typeId: live.typeId,
    ...(live.inverseTypeId !== undefined && { inverseTypeId: live.inverseTypeId }),
  }),
});
export { createResource as create, del as delete };
