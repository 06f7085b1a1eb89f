/**
 * How a child blueprint applies to its base (the rules are documented in docs/blueprint.md):
 * maps merge by key, lists of keyed items merge by their key, everything else is replaced, an
 * inherited item goes away only when the child says `remove: true`, and a field set to null is cleared. Nothing is mutated; merged maps
 * and lists get locations so later errors still point into the file that wrote each value.
 */
import type { z } from "zod";
import { diagnostic, Diagnostic, Loc, PathSegment } from "./diagnostics";
import { keyedLists, oneKeyObjects } from "./model";
import { arrayElement, kindOf, objectShape, recordValue, unionMember, unwrap } from "./schema-walk";
import { EntryLoc, locate, locsOf } from "./yaml-tree";

type YamlMap = Record<string, unknown>;

/** An inherited item a child removed: `path` is the map or list it was in, `key` the item's key. */
export interface Removal {
  path: PathSegment[];
  key: string;
  loc: Loc;
}

const MARKERS = ["remove", "before", "after"];

function isMap(value: unknown): value is YamlMap {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function setOwn(target: YamlMap, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function entryOf(container: unknown, key: PathSegment, fallback: Loc): EntryLoc {
  return locsOf.get(container as object)?.entries.get(key) ?? { value: fallback };
}

/** A copy of a map without some keys, keeping the locations of what remains. */
function omit(map: YamlMap, keys: string[]): YamlMap {
  const out: YamlMap = {};
  const locs = locsOf.get(map);
  const entries = new Map<PathSegment, EntryLoc>();
  for (const [key, value] of Object.entries(map)) {
    if (keys.includes(key)) continue;
    setOwn(out, key, value);
    const entry = locs?.entries.get(key);
    if (entry) entries.set(key, entry);
  }
  if (locs) locsOf.set(out, { self: locs.self, entries });
  return out;
}

export class Merger {
  readonly diagnostics: Diagnostic[] = [];
  readonly removals: Removal[] = [];

  constructor(private readonly fallback: Loc) {}

  private error(loc: Loc, message: string, path: PathSegment[]): void {
    this.diagnostics.push(diagnostic(loc, "error", message, path));
  }

  merge(schema: z.ZodType | undefined, base: unknown, over: unknown, path: PathSegment[]): unknown {
    if (over === undefined) return base;
    if (!schema) return over;
    const s = unwrap(schema);
    if (oneKeyObjects.has(s)) return over;
    const kind = kindOf(s);
    if (kind === "array") {
      const keyField = keyedLists.get(s);
      if (!keyField || !Array.isArray(over)) return over;
      return this.keyed(arrayElement(s)!, keyField, Array.isArray(base) ? base : [], over, path);
    }
    if (!isMap(over)) return over;
    const baseMap = isMap(base) ? base : {};
    if (kind === "object") return this.object(baseMap, over, (key) => objectShape(s)?.[key], path);
    if (kind === "record") return this.record(recordValue(s)!, baseMap, over, path);
    if (kind === "union") {
      // A metric that changes its type is a different metric: replace it rather than mix fields.
      if (over.type !== undefined && baseMap.type !== undefined && over.type !== baseMap.type) return over;
      const member = unionMember(s, { ...baseMap, ...over });
      return this.object(baseMap, over, (key) => (member ? objectShape(member)?.[key] : undefined), path);
    }
    return over;
  }

  private object(
    base: YamlMap,
    over: YamlMap,
    field: (key: string) => z.ZodType | undefined,
    path: PathSegment[],
  ): YamlMap {
    const out: YamlMap = {};
    const baseLocs = locsOf.get(base);
    const overLocs = locsOf.get(over);
    const entries = new Map<PathSegment, EntryLoc>(baseLocs?.entries ?? []);
    for (const [key, value] of Object.entries(base)) setOwn(out, key, value);
    for (const [key, value] of Object.entries(over)) {
      if (value === null) {
        // An explicit null clears what the base said (e.g. weights that no longer apply).
        delete out[key];
        entries.delete(key);
        continue;
      }
      setOwn(out, key, this.merge(field(key), base[key], value, [...path, key]));
      const entry = overLocs?.entries.get(key);
      if (entry) entries.set(key, entry);
    }
    locsOf.set(out, { self: overLocs?.self ?? baseLocs?.self ?? this.fallback, entries });
    return out;
  }

  private record(valueSchema: z.ZodType, base: YamlMap, over: YamlMap, path: PathSegment[]): YamlMap {
    const removed: string[] = [];
    for (const [key, value] of Object.entries(over)) {
      if (!isMap(value) || value.remove !== true) continue;
      const at = entryOf(over, key, this.fallback);
      const exists = Object.prototype.hasOwnProperty.call(base, key);
      if (this.removable(exists, key, value, at.key ?? at.value, [...path, key], ["remove"])) {
        removed.push(key);
        this.removals.push({ path, key, loc: at.key ?? at.value });
      }
    }
    const kept = omit(
      over,
      Object.keys(over).filter((key) => isMap(over[key]) && (over[key] as YamlMap).remove === true),
    );
    const merged = this.object(base, kept, () => valueSchema, path);
    return removed.length > 0 ? omit(merged, removed) : merged;
  }

  private removable(
    exists: boolean,
    key: string,
    item: YamlMap,
    at: Loc,
    path: PathSegment[],
    allowed: string[],
  ): boolean {
    if (!exists) {
      this.error(at, `cannot remove "${key}": the base blueprint has no such item`, path);
      return false;
    }
    const extra = Object.keys(item).filter((k) => !allowed.includes(k));
    if (extra.length > 0) {
      this.error(at, `"${key}" is marked remove: true and must say nothing else (found ${extra.join(", ")})`, path);
      return false;
    }
    return true;
  }

  private keyed(
    element: z.ZodType,
    keyField: string,
    base: unknown[],
    over: unknown[],
    path: PathSegment[],
  ): unknown[] {
    type Item = { key: string; value: unknown; loc: EntryLoc };
    const order: Item[] = base.map((value, i) => ({
      key: String(isMap(value) ? value[keyField] : ""),
      value,
      loc: entryOf(base, i, this.fallback),
    }));
    const byKey = new Map(order.map((item) => [item.key, item]));
    const seen = new Set<string>();
    over.forEach((raw, i) => {
      const at = entryOf(over, i, this.fallback);
      if (!isMap(raw)) return;
      const key = String(raw[keyField]);
      const itemPath = [...path, i];
      if (seen.has(key)) {
        this.error(locate(raw, [keyField], at.value), `duplicate ${keyField} "${key}" in this list`, itemPath);
        return;
      }
      seen.add(key);
      const existing = byKey.get(key);
      if (raw.remove === true) {
        if (this.removable(existing !== undefined, key, raw, at.value, itemPath, ["remove", keyField])) {
          byKey.delete(key);
          order.splice(order.indexOf(existing!), 1);
          this.removals.push({ path, key, loc: at.value });
        }
        return;
      }
      const value = this.merge(element, existing?.value, omit(raw, MARKERS), itemPath);
      const item: Item = existing ?? { key, value, loc: at };
      item.value = value;
      item.loc = at;
      if (!existing) byKey.set(key, item);
      this.place(order, item, raw, !existing, at.value, itemPath);
    });
    const out = order.map((item) => item.value);
    const self = locsOf.get(over)?.self ?? locsOf.get(base)?.self ?? this.fallback;
    locsOf.set(out, { self, entries: new Map(order.map((item, i) => [i, item.loc])) });
    return out;
  }

  /** Honours `before:`/`after:`; a new item without them goes last, an existing one stays where it was. */
  private place(
    order: { key: string }[],
    item: { key: string },
    raw: YamlMap,
    isNew: boolean,
    at: Loc,
    path: PathSegment[],
  ): void {
    const anchorKey = raw.before ?? raw.after;
    if (raw.before !== undefined && raw.after !== undefined) {
      this.error(at, `"${item.key}" says both before and after: choose one`, path);
    }
    if (anchorKey === undefined) {
      if (isNew) order.push(item);
      return;
    }
    const current = order.indexOf(item);
    if (current >= 0) order.splice(current, 1);
    const anchor = order.findIndex((other) => other.key === String(anchorKey));
    if (anchor < 0) {
      this.error(
        at,
        `cannot place "${item.key}" ${raw.before !== undefined ? "before" : "after"} "${anchorKey}": no such item`,
        path,
      );
      order.push(item);
      return;
    }
    order.splice(raw.before !== undefined ? anchor : anchor + 1, 0, item);
  }
}
