import type { CrmObject } from "./model";
import { defaultPropertiesOf } from "./record-rules";
import type { Store } from "./store";

/** How records are stored per type and shown to callers. */
/** Record ids of each type come from one sequence starting here, so list pages can step through ids. */
export const FIRST_RECORD_ID = 10_001;
export const recordSequence = (type: string): string => `object:${type}`;

export const recordsOf = (store: Store, type: string): Record<string, CrmObject> => (store.state.objects[type] ??= {});

/** Only the asked-for properties (or the type's defaults); asked-for but unset ones come back as null, as in HubSpot. */
export function presentRecord(record: CrmObject, names: string[]) {
  const properties: Record<string, string | null> = {};
  for (const name of names) properties[name] = record.properties[name] ?? null;
  return {
    id: record.id,
    properties,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    archived: record.archived,
    ...(record.archivedAt ? { archivedAt: record.archivedAt } : {}),
  };
}

export function requestedProperties(type: string, raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw.map(String) : typeof raw === "string" && raw !== "" ? raw.split(",") : [];
  return list.length ? [...new Set([...list.map((s) => s.trim()), "hs_object_id"])] : defaultPropertiesOf(type);
}
