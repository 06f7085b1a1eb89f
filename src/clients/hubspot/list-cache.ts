/**
 * Per-process cache of whole-list reads (all pipelines of an object type, all properties, all users...).
 * During a refresh every resource's `read` asks for its object; they all share one list call per object type.
 * Concurrent callers share the in-flight request. Our own writes are applied to the cached list (write-through),
 * so a run reads each list once; entries expire after a short time so a long-lived process never serves an old list.
 */
interface Entry {
  at: number;
  value: Promise<unknown>;
}

const TTL_MS = 30_000;
const registry = Symbol.for("revstack.hubspot.listCache");

function entries(): Map<string, Entry> {
  const g = globalThis as unknown as Record<symbol, Map<string, Entry> | undefined>;
  return (g[registry] ??= new Map());
}

export function cachedList<T>(key: string, load: () => Promise<T[]>, fresh = false): Promise<T[]> {
  const cache = entries();
  const hit = cache.get(key);
  if (!fresh && hit && Date.now() - hit.at < TTL_MS) return hit.value as Promise<T[]>;
  const value = load();
  cache.set(key, { at: Date.now(), value });
  // A failed load must not be served to later callers.
  value.catch(() => {
    if (cache.get(key)?.value === value) cache.delete(key);
  });
  return value;
}

/**
 * Applies one of our writes to the cached list, if there is one. `change` must be idempotent: a load that was
 * in flight during the write may already contain its effect.
 */
export function updateCachedList<T>(key: string, change: (list: T[]) => T[]): void {
  const hit = entries().get(key);
  if (hit) hit.value = (hit.value as Promise<T[]>).then(change);
}

/** Drops one cached list whose contents our write changed in a way the client cannot compute (derived lists). */
export function forgetCachedList(key: string): void {
  entries().delete(key);
}

/** Replaces (or adds) the item with the same identity. */
export const upsertBy =
  <T>(same: (a: T) => boolean, item: T) =>
  (list: T[]): T[] => [...list.filter((x) => !same(x)), item];

/** Removes the item with the identity. */
export const removeBy =
  <T>(same: (a: T) => boolean) =>
  (list: T[]): T[] =>
    list.filter((x) => !same(x));

/** Drops every cached list (tests, and a new look after an out-of-band change). */
export function clearListCache(): void {
  entries().clear();
}
