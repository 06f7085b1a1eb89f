import { invalid } from "./errors";

export interface Page<T> {
  results: T[];
  paging?: { next: { after: string; link: string } };
}

/**
 * Cursor pagination over records with increasing numeric ids: `after` is the id the next page starts at, so
 * records created or deleted between calls never make a page skip or repeat one.
 */
export function pageById<T extends { id: string }>(
  items: T[],
  after: string | null,
  limit: number,
  link: string,
): Page<T> {
  let start = 0;
  if (after !== null) {
    const from = Number(after);
    if (!Number.isFinite(from))
      throw invalid(`Invalid input: after must be a cursor from paging.next.after`, [
        { message: "invalid cursor", in: "after" },
      ]);
    start = items.findIndex((item) => Number(item.id) >= from);
    if (start < 0) start = items.length;
  }
  const results = items.slice(start, start + limit);
  const next = items[start + limit];
  return next ? { results, paging: { next: { after: next.id, link: nextLink(link, next.id, limit) } } } : { results };
}

/**
 * The same cursor contract for records whose ids come from one sequence (`first` .. `end - 1`): it steps through
 * ids instead of scanning every record, so paging through 100,000 deals costs each page only its own records.
 */
export function pageBySequence<T>(
  lookup: (id: string) => T | undefined,
  first: number,
  end: number,
  after: string | null,
  limit: number,
  link: string,
): Page<T> {
  let id = after === null ? first : Number(after);
  if (!Number.isInteger(id))
    throw invalid(`Invalid input: after must be a cursor from paging.next.after`, [
      { message: "invalid cursor", in: "after" },
    ]);
  const results: T[] = [];
  for (; id < end && results.length < limit; id++) {
    const item = lookup(String(id));
    if (item !== undefined) results.push(item);
  }
  for (; id < end; id++) {
    if (lookup(String(id)) !== undefined)
      return { results, paging: { next: { after: String(id), link: nextLink(link, String(id), limit) } } };
  }
  return { results };
}

/** Offset pagination, as HubSpot's search uses (`after` is a number of records to skip). */
export function pageByOffset<T>(items: T[], after: unknown, limit: number, link: string): Page<T> & { total: number } {
  const start = after === undefined || after === null || after === "" ? 0 : Number(after);
  if (!Number.isInteger(start) || start < 0)
    throw invalid(`Invalid input: after must be a cursor from paging.next.after`, [
      { message: "invalid cursor", in: "after" },
    ]);
  const results = items.slice(start, start + limit);
  const nextAt = start + limit;
  const paging =
    nextAt < items.length
      ? { next: { after: String(nextAt), link: nextLink(link, String(nextAt), limit) } }
      : undefined;
  return { total: items.length, results, ...(paging ? { paging } : {}) };
}

const nextLink = (path: string, after: string, limit: number): string =>
  `${path}?after=${encodeURIComponent(after)}&limit=${limit}`;
