import type { CrmObject } from "./model";

/**
 * HubSpot's search reads an index that trails writes by a moment ("search results may exclude newly created and
 * updated objects"): a write becomes searchable `delayMs` after it happened; until then search sees the version
 * before it (or nothing, for a new record). Reads by id and list pages are never delayed. In memory only: after a
 * restart everything is indexed.
 */
interface Version {
  at: number;
  record: CrmObject | undefined;
}

export class SearchIndex {
  private readonly pending = new Map<string, Version[]>();

  constructor(readonly delayMs: number) {}

  /** Call before a record is written, with the record as it is (undefined when it is being created). */
  beforeWrite(type: string, id: string, current: CrmObject | undefined): void {
    if (this.delayMs <= 0) return;
    const key = `${type}/${id}`;
    const versions = this.pending.get(key) ?? [{ at: -Infinity, record: current && snapshot(current) }];
    this.pending.set(key, versions);
  }

  /** Call after the write, with the record as it now is. */
  afterWrite(type: string, record: CrmObject, now = Date.now()): void {
    if (this.delayMs <= 0) return;
    this.pending.get(`${type}/${record.id}`)?.push({ at: now, record: snapshot(record) });
  }

  /** The version of `record` search sees now, or undefined when the index has not seen it yet. */
  visible(type: string, record: CrmObject, now = Date.now()): CrmObject | undefined {
    const key = `${type}/${record.id}`;
    const versions = this.pending.get(key);
    if (!versions) return record;
    const cutoff = now - this.delayMs;
    let last = 0;
    for (let i = 0; i < versions.length; i++) if (versions[i].at <= cutoff) last = i;
    if (last === versions.length - 1) {
      this.pending.delete(key);
      return record;
    }
    versions.splice(0, last);
    return versions[0].record;
  }
}

const snapshot = (record: CrmObject): CrmObject => ({ ...record, properties: { ...record.properties } });

/** HubSpot's token matching: a value is its words (split at spaces and punctuation) and itself; `*` matches anything. */
export function containsToken(value: string, pattern: string): boolean {
  const wanted = pattern.trim().toLowerCase();
  if (wanted === "") return false;
  const regex = new RegExp(`^${wanted.split("*").map(escapeRegExp).join(".*")}$`);
  return tokens(value).some((token) => regex.test(token));
}

/** A free-text `query`: every word of it starts a token of one of the searched properties. */
export function matchesQuery(values: string[], query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const all = values.flatMap(tokens);
  return words.every((word) => all.some((token) => token.startsWith(word)));
}

function tokens(value: string): string[] {
  const text = value.toLowerCase();
  return [text, ...text.split(/[\s,;]+/), ...text.split(/[^\p{L}\p{N}]+/u)].filter(Boolean);
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
