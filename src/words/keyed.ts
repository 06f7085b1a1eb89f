/** Matching two versions of a keyed collection, and telling which items really moved when order matters. */

export interface Matched<T> {
  added: Array<[string, T]>;
  removed: Array<[string, T]>;
  kept: Array<[string, T, T]>;
}

type Keyed<T> = Record<string, T> | ReadonlyArray<T>;

function entries<T>(items: Keyed<T> | undefined, keyOf: (item: T) => string): Array<[string, T]> {
  if (!items) return [];
  return Array.isArray(items)
    ? items.map((item: T) => [keyOf(item), item])
    : Object.entries(items as Record<string, T>);
}

/** Items of both versions matched by key; lists by `keyOf`, maps by their keys. Order follows the new version. */
export function match<T>(
  before: Keyed<T> | undefined,
  after: Keyed<T> | undefined,
  keyOf: (item: T) => string = (i) => (i as { key: string }).key,
): Matched<T> {
  const was = new Map(entries(before, keyOf));
  const now = entries(after, keyOf);
  const nowKeys = new Set(now.map(([k]) => k));
  return {
    added: now.filter(([k]) => !was.has(k)),
    removed: [...was].filter(([k]) => !nowKeys.has(k)),
    kept: now.filter(([k]) => was.has(k)).map(([k, v]) => [k, was.get(k)!, v]),
  };
}

export interface Move {
  key: string;
  /** The kept item it now follows, or undefined when it is now first. */
  after?: string;
}

/**
 * The fewest kept items that must have moved to turn the old order into the new one: everything outside
 * a longest increasing run of old positions. Inserting or deleting items therefore moves nothing.
 */
export function moves(beforeKeys: readonly string[], afterKeys: readonly string[]): Move[] {
  const keptBefore = beforeKeys.filter((k) => afterKeys.includes(k));
  const order = afterKeys.filter((k) => keptBefore.includes(k));
  const positions = order.map((k) => keptBefore.indexOf(k));
  const stay = new Set(longestIncreasing(positions).map((i) => order[i]));
  return order.flatMap((key, i) => (stay.has(key) ? [] : [{ key, after: i === 0 ? undefined : order[i - 1] }]));
}

/** Indexes of a longest strictly increasing subsequence (patience sorting). */
function longestIncreasing(values: readonly number[]): number[] {
  const tails: number[] = [];
  const previous: number[] = new Array(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]] < values[i]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const run: number[] = [];
  for (let i = tails.length > 0 ? tails[tails.length - 1] : -1; i >= 0; i = previous[i]) run.unshift(i);
  return run;
}
