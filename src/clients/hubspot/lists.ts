/**
 * HubSpot's Lists API (`/crm/lists/2026-09`): segments of one object type, MANUAL (members added by hand), DYNAMIC
 * (members follow filter branches) or SNAPSHOT. Read by name per object type, written by id; a list's filters change
 * through their own endpoint, its name through another.
 */
import { HubSpotApiError } from "./errors";
import type { Call } from "./http";

const path = `/crm/lists/2026-09`;
const enc = encodeURIComponent;

/** HubSpot's objectTypeId of each standard object a list can segment. */
export const LIST_OBJECT_TYPE_IDS: Record<string, string> = {
  contacts: "0-1",
  companies: "0-2",
  deals: "0-3",
  tickets: "0-5",
};

/**
 * The most records one memberships batch read asks about. HubSpot's spec (hubspot-api.md §11) states no cap for
 * this read; 100 is the cap commonly cited for its batch reads, so bigger sets are read in chunks of it.
 */
export const MEMBERSHIPS_CHUNK = 100;

export type ListProcessingType = "MANUAL" | "DYNAMIC" | "SNAPSHOT";

/** A filter branch as HubSpot holds it: an OR root whose branches are AND branches of filters. */
export interface FilterBranch {
  filterBranchType: string;
  filterBranches: FilterBranch[];
  filters: ListFilter[];
}

export interface ListFilter {
  filterType: string;
  property?: string;
  operation?: {
    operationType: string;
    operator: string;
    value?: string | number;
    values?: Array<string | number>;
    includeObjectsWithNoValueSet?: boolean;
  };
  listId?: string;
  operator?: string;
}

export interface LiveList {
  listId: string;
  name: string;
  objectTypeId: string;
  processingType: ListProcessingType;
  filterBranch?: FilterBranch;
  size?: number;
}

export interface ListInput {
  name: string;
  objectTypeId: string;
  processingType: ListProcessingType;
  filterBranch?: FilterBranch;
}

/** Workflows: automation v4 is what HubSpot offers for flows until its date version leaves beta. */
const FLOWS = "/automation/v4/flows";

/** Whether the JSON names this list: a `listId` (enrollment filters, list actions) or a suppression list. */
function namesList(value: unknown, listId: string): boolean {
  if (Array.isArray(value)) return value.some((v) => namesList(v, listId));
  if (!value || typeof value !== "object") return false;
  return Object.entries(value).some(
    ([k, v]) =>
      (k === "listId" && String(v) === listId) ||
      (k === "suppressionListIds" && Array.isArray(v) && v.map(String).includes(listId)) ||
      namesList(v, listId),
  );
}

type Send = <T>(call: Call) => Promise<T>;

/** The Lists API through the client's calls (counted, retried, rate-limited like every other). */
export class ListsApi {
  constructor(private readonly send: Send) {}

  async find(by: { id: string } | { objectTypeId: string; name: string }): Promise<LiveList | undefined> {
    const at =
      "id" in by ? `${path}/${enc(by.id)}` : `${path}/object-type-id/${enc(by.objectTypeId)}/name/${enc(by.name)}`;
    try {
      const found = await this.send<{ list: LiveList }>({ method: "GET", path: at, query: { includeFilters: true } });
      return found.list;
    } catch (err) {
      if ((err as { notFound?: boolean }).notFound) return undefined;
      throw err;
    }
  }

  /** Every list of the portal (without filters), read page by page. */
  async all(): Promise<LiveList[]> {
    const lists: LiveList[] = [];
    for (let offset = 0, page = 0; page < 1000; page++) {
      const res = await this.send<{ lists: LiveList[]; offset: number; hasMore: boolean }>({
        method: "POST",
        path: `${path}/search`,
        body: { offset, count: 500 },
      });
      lists.push(...res.lists);
      if (!res.hasMore) return lists;
      offset = res.offset;
    }
    return lists;
  }

  /** Lists with their filters, by id, 100 a request. */
  async withFilters(ids: string[]): Promise<LiveList[]> {
    const lists: LiveList[] = [];
    for (let i = 0; i < ids.length; i += 100) {
      const query = ids
        .slice(i, i + 100)
        .map((id) => `listIds=${enc(id)}`)
        .join("&");
      const res = await this.send<{ lists: LiveList[] }>({
        method: "GET",
        path: `${path}?${query}&includeFilters=true`,
      });
      lists.push(...res.lists);
    }
    return lists;
  }

  /**
   * The ids of the lists each record is in (record id → list ids), MEMBERSHIPS_CHUNK records a request. A record
   * HubSpot's answer leaves out or names in `errors` is an error naming it, never read as in no list.
   */
  async memberships(objectTypeId: string, recordIds: string[]): Promise<Map<string, string[]>> {
    const held = new Map<string, string[]>();
    for (let i = 0; i < recordIds.length; i += MEMBERSHIPS_CHUNK) {
      const ids = recordIds.slice(i, i + MEMBERSHIPS_CHUNK);
      const res = await this.send<{
        results?: Array<{ recordId: string; recordListMemberships?: Array<{ listId: string }> }>;
        errors?: Array<{ message?: string }>;
      }>({
        method: "POST",
        path: `${path}/records/memberships/batch/read`,
        body: { inputs: ids.map((recordId) => ({ objectTypeId, recordId })) },
      });
      for (const r of res.results ?? [])
        held.set(
          String(r.recordId),
          (r.recordListMemberships ?? []).map((m) => String(m.listId)),
        );
      const missing = ids.filter((id) => !held.has(id));
      if (missing.length > 0 || (res.errors ?? []).length > 0)
        throw new HubSpotApiError(
          `HubSpot did not say which lists records ${missing.join(", ") || "(see its errors)"} are in` +
            (res.errors ?? []).map((e) => `; ${e.message ?? "error"}`).join(""),
          200,
        );
    }
    return held;
  }

  /** How many workflows (automation v4 flows) name the list (`listId`) anywhere: enrollment, filters, actions. */
  async workflowsUsing(listId: string): Promise<number> {
    let used = 0;
    let after: string | undefined;
    for (let page = 0; page < 1000; page++) {
      const res = await this.send<{ results: Array<{ id: string }>; paging?: { next?: { after: string } } }>({
        method: "GET",
        path: FLOWS,
        query: { limit: 100, after },
      });
      for (const { id } of res.results) {
        const flow = await this.send<unknown>({ method: "GET", path: `${FLOWS}/${enc(id)}` });
        if (namesList(flow, listId)) used++;
      }
      after = res.paging?.next?.after;
      if (!after) break;
    }
    return used;
  }

  async create(input: ListInput): Promise<LiveList> {
    return (await this.send<{ list: LiveList }>({ method: "POST", path, body: input })).list;
  }

  async rename(id: string, name: string): Promise<void> {
    await this.send({ method: "PUT", path: `${path}/${enc(id)}/update-list-name`, query: { listName: name } });
  }

  async setFilters(id: string, filterBranch: FilterBranch): Promise<void> {
    await this.send({ method: "PUT", path: `${path}/${enc(id)}/update-list-filters`, body: { filterBranch } });
  }

  async remove(id: string): Promise<void> {
    try {
      await this.send({ method: "DELETE", path: `${path}/${enc(id)}` });
    } catch (err) {
      if (!(err as { notFound?: boolean }).notFound) throw err;
    }
  }
}
