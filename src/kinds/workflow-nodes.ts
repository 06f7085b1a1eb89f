/**
 * What changed inside one n8n workflow node, in the blueprint's words. The compiler puts the blueprint's part of
 * a Code node in `const <name> = <JSON>;` lines (the routing set, an automation's actions, the SLA messages), so
 * those are compared as data: a routing rule's change reads as `revstack plan` says it, an owner's or team's
 * setting by name, an action by its number. Other nodes are compared parameter by parameter.
 */
import { isDeepStrictEqual } from "node:util";
import type { Blueprint, RoutingRule } from "../blueprint/model";
import { quote, show } from "../words/describe";
import { Changes } from "../words/changes";
import { diffRouting } from "../words/routing";

export interface NodeLike {
  name: string;
  type?: string;
  parameters?: Record<string, unknown>;
  [key: string]: unknown;
}

const MAX_LINES = 12;

/** Equal as JSON data: key order and undefined entries do not count (a definition read from n8n or from the state). */
export const sameData = (a: unknown, b: unknown): boolean =>
  isDeepStrictEqual(JSON.parse(JSON.stringify(a ?? null)), JSON.parse(JSON.stringify(b ?? null)));

/** One line per difference between two versions of a node (at most MAX_LINES, then a count). */
export function nodeChanges(before: NodeLike, after: NodeLike): string[] {
  const lines =
    isCode(before) && isCode(after)
      ? codeChanges(String(before.parameters!.jsCode), String(after.parameters!.jsCode))
      : [];
  const rest = (n: NodeLike) => (isCode(n) ? { ...n, parameters: { ...n.parameters, jsCode: undefined } } : n);
  lines.push(...leafChanges(rest(before), rest(after), []).map(describeLeaf));
  if (lines.length === 0) lines.push("changed");
  return lines.length > MAX_LINES
    ? [...lines.slice(0, MAX_LINES - 1), `and ${lines.length - MAX_LINES + 1} more differences`]
    : lines;
}

const isCode = (n: NodeLike): boolean => n.type === "n8n-nodes-base.code" && typeof n.parameters?.jsCode === "string";

/** The `const name = <JSON>;` lines of compiled code. */
function constants(code: string): Map<string, unknown> | undefined {
  const out = new Map<string, unknown>();
  for (const m of code.matchAll(/^const (\w+) = ([[{"].*);$/gm)) {
    try {
      out.set(m[1], JSON.parse(m[2]));
    } catch {
      // Not JSON (an expression): compared as code below.
    }
  }
  return out.size > 0 ? out : undefined;
}

const codeWithout = (code: string) => code.replace(/^const \w+ = [[{"].*;$/gm, "");

function codeChanges(before: string, after: string): string[] {
  if (before === after) return [];
  const was = constants(before);
  const now = constants(after);
  if (!was || !now) return ["its code differs from what the blueprint compiles to (edited in n8n?)"];
  const lines: string[] = [];
  for (const name of new Set([...was.keys(), ...now.keys()]))
    lines.push(...configChanges(name, was.get(name), now.get(name)));
  if (codeWithout(before) !== codeWithout(after))
    lines.push("its code changed (revstack's runtime, or an edit in n8n)");
  return lines;
}

type Config = Record<string, unknown> | undefined;

function configChanges(name: string, before: unknown, after: unknown): string[] {
  if (isDeepStrictEqual(before, after)) return [];
  if (name === "messages")
    return leafChanges(before, after, []).map((l) =>
      describeLeaf({ ...l, path: ["SLA breach message for rule", ...l.path] }),
    );
  if (name !== "config") return leafChanges(before, after, [name]).map(describeLeaf);
  const was = (before ?? {}) as Config & object;
  const now = (after ?? {}) as Config & object;
  const lines = routingChanges(was.rules, now.rules);
  const { rules: _a, ...wasRest } = was as Record<string, unknown>;
  const { rules: _b, ...nowRest } = now as Record<string, unknown>;
  lines.push(...leafChanges(wasRest, nowRest, []).map(describeLeaf));
  return lines;
}

/** Routing rules as `revstack plan` describes them (conditions, assignment, SLA timer, order, fallback). */
function routingChanges(before: unknown, after: unknown): string[] {
  if (!Array.isArray(before) || !Array.isArray(after) || isDeepStrictEqual(before, after)) return [];
  const asBlueprint = (rules: unknown[]) => ({ routing: rules as RoutingRule[] }) as Blueprint;
  const changes = new Changes();
  diffRouting(asBlueprint(before), asBlueprint(after), changes);
  if (changes.list.length === 0) return leafChanges(before, after, ["routing rule"]).map(describeLeaf);
  return changes.list.map((c) => c.message.charAt(0).toLowerCase() + c.message.slice(1));
}

interface Leaf {
  path: Array<string | number>;
  before: unknown;
  after: unknown;
}

/** Every differing leaf; lists of keyed items (`key`) are matched by key, other lists by position. */
function leafChanges(before: unknown, after: unknown, path: Array<string | number>): Leaf[] {
  if (sameData(before, after)) return [];
  const keyed = (v: unknown) =>
    Array.isArray(v) &&
    v.length > 0 &&
    v.every((x) => x && typeof x === "object" && typeof (x as { key?: unknown }).key === "string");
  if (keyed(before) && keyed(after)) {
    const byKey = (list: unknown[]) => Object.fromEntries(list.map((x) => [(x as { key: string }).key, x]));
    return leafChanges(byKey(before as unknown[]), byKey(after as unknown[]), path);
  }
  if (
    Array.isArray(before) &&
    Array.isArray(after) &&
    before.length === after.length &&
    before.some((x) => x && typeof x === "object")
  ) {
    return before.flatMap((x, i) => leafChanges(x, after[i], [...path, i]));
  }
  const object = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);
  if (object(before) && object(after)) {
    const a = before as Record<string, unknown>;
    const b = after as Record<string, unknown>;
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].flatMap((k) => leafChanges(a[k], b[k], [...path, k]));
  }
  return [{ path, before, after }];
}

/** Where a leaf is, in words: owners and teams by name, actions by number, n8n parameters by what they do. */
function where(path: Array<string | number>): string {
  const words: string[] = [];
  let i = 0;
  while (i < path.length) {
    const seg = path[i];
    const next = path[i + 1];
    if ((seg === "routing" || seg === "people") && i === 0) {
      i++;
      continue;
    }
    if ((seg === "owners" || seg === "teams") && next !== undefined) {
      words.push(`${seg === "owners" ? "owner" : "team"} ${String(next)}`);
      i += 2;
      continue;
    }
    if (seg === "actions" && typeof next === "number") {
      const kind = path[i + 2];
      words.push(`action ${next + 1}${typeof kind === "string" ? ` (${kind})` : ""}`);
      i += typeof kind === "string" ? 3 : 2;
      continue;
    }
    words.push(LABELS[String(seg)] ?? String(seg));
    i++;
  }
  return words.filter(Boolean).join(" ");
}

const LABELS: Record<string, string> = {
  parameters: "",
  jsonBody: "request body",
  url: "URL",
  leftValue: "condition",
  conditions: "",
  amount: "wait",
  dateTime: "wait until",
  interval: "schedule",
  rule: "",
  newLeadsPerDay: "capacity",
  capacity: "capacity",
  workingHours: "working hours",
  dueMs: "due (ms)",
  credentials: "credential",
  disabled: "disabled",
};

const MAX_VALUE = 200;

function value(v: unknown): string {
  const text = typeof v === "string" ? quote(v) : typeof v === "object" && v !== null ? JSON.stringify(v) : show(v);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/** "reads now also dealname; no longer email": a CRM read whose property list changed. */
function readChange(before: unknown, after: unknown): string | undefined {
  const list = (v: unknown) => (typeof v === "string" ? /[?&]properties=([^&]*)/.exec(v)?.[1]?.split(",") : undefined);
  const [was, now] = [list(before), list(after)];
  if (!was || !now || String(before).split("properties=")[0] !== String(after).split("properties=")[0])
    return undefined;
  const added = now.filter((p) => !was.includes(p));
  const removed = was.filter((p) => !now.includes(p));
  return [
    added.length ? `now also reads ${added.join(", ")}` : "",
    removed.length ? `no longer reads ${removed.join(", ")}` : "",
  ]
    .filter(Boolean)
    .join("; ");
}

function describeLeaf(leaf: Leaf): string {
  const read = readChange(leaf.before, leaf.after);
  if (read) return read;
  const what = where(leaf.path) || "value";
  if (leaf.before === undefined) return `${what} set to ${value(leaf.after)}`;
  if (leaf.after === undefined) return `${what} removed (was ${value(leaf.before)})`;
  return `${what} ${value(leaf.before)} → ${value(leaf.after)}`;
}
