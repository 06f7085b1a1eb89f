import type { CrmObject } from "./model";
import type { Store } from "./store";

/**
 * Live records by unique value, per object type and property, so uniqueness checks stay constant-time on portals
 * with hundreds of thousands of records. Built lazily from the state, kept current by `reindex` after each write.
 */
const indexes = new WeakMap<Store, Map<string, Map<string, string>>>();

/** Contacts' email, and every property defined with `hasUniqueValue`. */
export const isUnique = (store: Store, type: string, name: string): boolean =>
  (type === "contacts" && name === "email") || !!store.state.properties[type]?.[name]?.hasUniqueValue;

function index(store: Store, type: string, name: string): Map<string, string> {
  let all = indexes.get(store);
  if (!all) indexes.set(store, (all = new Map()));
  const key = `${type}/${name}`;
  let byValue = all.get(key);
  if (!byValue) {
    byValue = new Map();
    for (const record of Object.values(store.state.objects[type] ?? {})) {
      const value = record.properties[name];
      if (!record.archived && value) byValue.set(value.toLowerCase(), record.id);
    }
    all.set(key, byValue);
  }
  return byValue;
}

/** The id of the live record holding `value` (case-insensitive), if any. */
export const holderOf = (store: Store, type: string, name: string, value: string): string | undefined =>
  index(store, type, name).get(value.toLowerCase());

/** Call after a record was created, changed or archived; `before` is its previous properties. */
export function reindex(store: Store, type: string, record: CrmObject, before: Record<string, string>): void {
  for (const name of new Set([...Object.keys(before), ...Object.keys(record.properties)])) {
    if (!isUnique(store, type, name)) continue;
    const byValue = index(store, type, name);
    const old = before[name]?.toLowerCase();
    if (old && byValue.get(old) === record.id) byValue.delete(old);
    const value = record.properties[name];
    if (!record.archived && value) byValue.set(value.toLowerCase(), record.id);
  }
}
