/**
 * A HubSpot list (Lists API); natural key: its object type and name (a create adopts a list of that name only with
 * `revstack:adopt`). A rename and new filters are updates, so the list keeps its id and what uses it keeps working.
 * Filters are written in HubSpot's filter branches by each property's HubSpot type (read from the portal), and read
 * back into the condition language. Deleting a list other lists or workflows use is refused with counts, here and,
 * before any write, by the program (program/data-guards.ts).
 */
import { LIST_OBJECT_TYPE_IDS, type HubSpotClient, type LiveList } from "../src/clients/hubspot";
import { tokenOf } from "../src/kinds";
import { hubspotFields, liveFields } from "../src/kinds/kind";
import { listKind, type ListInputs, type ListOutputs } from "../src/kinds/list";
import { fromFilterBranch, toFilterBranch } from "../src/kinds/list-filters";
import { keyedResource } from "./shared/keyed";
import { refuse, type DataGuards } from "./shared/data-guards";
import { listRemovalRefused, listUsage } from "./shared/list-usage";
export type { ListInputs, ListOutputs } from "../src/kinds/list";

const typeId = (l: ListInputs): string => LIST_OBJECT_TYPE_IDS[l.objectType] ?? l.objectType;

/** The filter branch of the list's conditions, each by its property's type in the portal. */
async function filterBranch(client: HubSpotClient, l: ListInputs) {
  if (!l.when) return undefined;
  const group = l.when;
  const names = ("all" in group && group.all ? group.all : (group.any ?? [])).map((c) => c.property);
  const types = new Map<string, string>();
  for (const name of new Set(names)) {
    const property = await client.findProperty(l.objectType, name);
    if (!property) throw new Error(`${listKind.describe(l)}: its filter's property "${name}" is not in HubSpot`);
    types.set(name, property.type);
  }
  return toFilterBranch(group, (name) => types.get(name) ?? "string");
}

async function write(client: HubSpotClient, id: string, l: ListInputs): Promise<LiveList> {
  const live = await client.lists.find({ id });
  if (!live)
    throw new Error(`${listKind.describe(l)} (id ${id}) no longer exists in HubSpot; refresh to create it again`);
  if (live.name !== l.name) await client.lists.rename(id, l.name);
  const branch = await filterBranch(client, l);
  if (branch && l.processingType === "DYNAMIC") await client.lists.setFilters(id, branch);
  return (await client.lists.find({ id })) ?? live;
}

/**
 * A list other lists filter on (IN_LIST) or workflows use is not deleted: counted here before the delete and, before
 * anything is written, by the program (program/data-guards.ts).
 */
export const listGuards: DataGuards<ListInputs> = {
  type: tokenOf(listKind),
  async removed(client, l) {
    const live = await client.lists.find({ objectTypeId: typeId(l), name: l.name });
    if (!live) return undefined;
    const usage = await listUsage(client, live.listId);
    return usage.lists + usage.workflows > 0 ? listRemovalRefused(listKind.describe(l), usage) : undefined;
  },
};

export { settingsFrom } from "./shared/config";
export const {
  check,
  diff,
  create,
  read,
  update,
  delete: del,
} = keyedResource<ListInputs, LiveList, ListOutputs>({
  kind: listKind,
  async create(client, l) {
    const existing = await client.lists.find({ objectTypeId: typeId(l), name: l.name });
    if (existing) return { object: existing, existed: true };
    const branch = await filterBranch(client, l);
    const made = await client.lists.create({
      ...hubspotFields(listKind, l, "create"),
      objectTypeId: typeId(l),
      processingType: l.processingType,
      ...(branch && { filterBranch: branch }),
    });
    return { object: made, existed: false };
  },
  find: (client, id) => client.lists.find({ id }),
  lookup: (client, l) => client.lists.find({ objectTypeId: typeId(l), name: l.name }),
  write,
  async remove(client, id, l) {
    await refuse(listGuards.removed!(client, l));
    await client.lists.remove(id);
  },
  idOf: (live) => live.listId,
  asInputs: async (_client, live, l) => {
    const when = fromFilterBranch(live.filterBranch);
    return {
      ...liveFields(listKind, live, l),
      key: l.key,
      objectType: l.objectType,
      processingType: live.processingType,
      ...(when && { when }),
    };
  },
  outputs: async (_client, live, l) => ({ ...l, listId: live.listId }),
});
export { del as delete };
