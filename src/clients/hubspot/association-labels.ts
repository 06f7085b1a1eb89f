import { hubspotPaths as P } from "./api-version";
import { HubSpotApiError } from "./errors";
import { cachedList, forgetCachedList } from "./list-cache";
import type { ClientCore } from "./schemas";

/** One direction of a label between two object types, as HubSpot lists it (HubSpot's own types too). */
export interface LiveAssociationType {
  category: "HUBSPOT_DEFINED" | "USER_DEFINED" | "INTEGRATOR_DEFINED";
  typeId: number;
  label: string | null;
}

/** A user-defined label in one direction; a paired one has its inverse (the way back) too. */
export interface LiveAssociationLabel {
  label: string;
  typeId: number;
  inverseLabel?: string;
  inverseTypeId?: number;
}

const enc = encodeURIComponent;
const PAGE = 100;
/** Bounds the count of a label's uses: a million records of the type. */
const MAX_PAGES = 10_000;

/**
 * Association labels (`/crm/associations/{from}/{to}/labels`). HubSpot lists each direction on its own and names a
 * label only when it is created: a label is found by the name a record's association carries, and by its text.
 */
export class AssociationLabels {
  constructor(private readonly core: ClientCore) {}

  /** The types of one direction, HubSpot's and the portal's (cached per process). */
  types(from: string, to: string, fresh = false): Promise<LiveAssociationType[]> {
    return cachedList(
      this.core.key(`labels/${from}/${to}`),
      async () =>
        (await this.core.call<{ results: LiveAssociationType[] }>({ method: "GET", path: this.path(from, to) }))
          .results,
      fresh,
    );
  }

  /**
   * The user-defined label from `from` to `to` with this type id, else with this text; its way back is the type id
   * the create answered with, else the other direction's label with the next type id (HubSpot makes a pair's way
   * back right after it).
   */
  async find(
    from: string,
    to: string,
    by: { typeId?: number; label: string; inverseTypeId?: number },
    fresh = false,
  ): Promise<LiveAssociationLabel | undefined> {
    const own = (await this.types(from, to, fresh)).filter((t) => t.category === "USER_DEFINED");
    // Labels compare as HubSpot compares them: without case and surrounding space.
    const wanted = by.label.trim().toLowerCase();
    const forward =
      own.find((t) => t.typeId === by.typeId) ?? own.find((t) => t.label?.trim().toLowerCase() === wanted);
    if (!forward) return undefined;
    const back = (await this.types(to, from, fresh)).find(
      (t) =>
        t.category === "USER_DEFINED" &&
        t.typeId !== forward.typeId &&
        t.typeId === (by.inverseTypeId ?? forward.typeId + 1),
    );
    return {
      label: forward.label ?? "",
      typeId: forward.typeId,
      ...(back ? { inverseLabel: back.label ?? "", inverseTypeId: back.typeId } : {}),
    };
  }

  /** Creates a label (with its way back when it has an inverse): its type ids, this direction's first. */
  async create(from: string, to: string, body: { name: string; label: string; inverseLabel?: string }) {
    const made = await this.core.call<{ results: LiveAssociationType[] }>({
      method: "POST",
      path: this.path(from, to),
      body,
    });
    this.forget(from, to);
    return made.results;
  }

  async update(from: string, to: string, body: { associationTypeId: number; label: string; inverseLabel?: string }) {
    await this.core.call({ method: "PUT", path: this.path(from, to), body });
    this.forget(from, to);
  }

  /** Deletes a label (and its pair); callers count the associations that carry it first: HubSpot does not refuse. */
  async delete(from: string, to: string, typeId: number): Promise<void> {
    try {
      await this.core.call({ method: "DELETE", path: `${this.path(from, to)}/${typeId}` });
    } catch (err) {
      if (!(err instanceof HubSpotApiError && err.notFound)) throw err;
    }
    this.forget(from, to);
  }

  /** How many associations from `from` records to `to` records carry the label named `name` (every record read). */
  async countUses(from: string, to: string, name: string): Promise<number> {
    let count = 0;
    let after: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await this.core.call<{
        results: Array<{ associations?: Record<string, { results: Array<{ type: string }> }> }>;
        paging?: { next?: { after: string } };
      }>({
        method: "GET",
        path: `${P.objects}/${enc(from)}`,
        query: { associations: to, limit: PAGE, after, properties: "hs_object_id" },
      });
      for (const record of res.results)
        for (const found of Object.values(record.associations ?? {}))
          count += found.results.filter((a) => a.type === name).length;
      after = res.paging?.next?.after;
      if (!after) return count;
    }
    throw new HubSpotApiError(`HubSpot GET ${P.objects}/${from} did not end after ${MAX_PAGES} pages`, undefined);
  }

  private path(from: string, to: string): string {
    return `${P.associations}/${enc(from)}/${enc(to)}/labels`;
  }

  private forget(from: string, to: string): void {
    forgetCachedList(this.core.key(`labels/${from}/${to}`));
    forgetCachedList(this.core.key(`labels/${to}/${from}`));
  }
}
