/** How blueprint values read in a change message: percentages, conditions, assignments, triggers, actions. */
import { isDeepStrictEqual } from "node:util";
import type { Action, Assign, Condition, RuleCondition, RuleConditionGroup, Trigger } from "../blueprint/model";

export const quote = (text: string): string => `'${text}'`;

export const percent = (share: number): string => `${Math.round(share * 1000) / 10}%`;

/** A scalar or a list as a user would write it in a sentence. */
export function show(value: unknown): string {
  if (value === undefined || value === null) return "nothing";
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.map(show).join(", ");
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k} ${show(v)}`)
      .join(", ");
  }
  return String(value);
}

/** "probability 20% → 40%", "stalled after set to 10d", "description removed (was …)"; undefined when equal. */
export function fieldChange<T>(
  what: string,
  before: T | undefined,
  after: T | undefined,
  format: (v: T) => string = show,
): string | undefined {
  if (isDeepStrictEqual(before, after)) return undefined;
  if (before === undefined) return `${what} set to ${format(after as T)}`;
  if (after === undefined) return `${what} removed (was ${format(before)})`;
  return `${what} ${format(before)} → ${format(after)}`;
}

/** What was added to and removed from a list of names: "now requires amount; no longer requires closedate". */
export function setChange(
  before: readonly unknown[] = [],
  after: readonly unknown[] = [],
  added: string,
  removed: string,
): string[] {
  const was = new Set(before.map(String));
  const now = new Set(after.map(String));
  const plus = [...now].filter((v) => !was.has(v));
  const minus = [...was].filter((v) => !now.has(v));
  const parts: string[] = [];
  if (plus.length > 0) parts.push(`${added} ${plus.join(", ")}`);
  if (minus.length > 0) parts.push(`${removed} ${minus.join(", ")}`);
  return parts;
}

/** How a condition's operator reads (plan's words; `revstack test` explains matches with them). */
export const OPERATORS: Record<Condition["op"], string> = {
  eq: "=",
  neq: "≠",
  in: "in",
  not_in: "not in",
  gt: ">",
  gte: "≥",
  lt: "<",
  lte: "≤",
  contains: "contains",
  known: "is known",
  unknown: "is unknown",
};

/** "company_size ≥ 1000", "in list enterprise_icp", "not in list customers". */
export function condition(c: RuleCondition): string {
  if ("list" in c) return `${OPERATORS[c.op]} list ${c.list}`;
  const value = Array.isArray(c.value) ? `[${c.value.join(", ")}]` : c.value === undefined ? "" : ` ${String(c.value)}`;
  return Array.isArray(c.value)
    ? `${c.property} ${OPERATORS[c.op]} ${value}`
    : `${c.property} ${OPERATORS[c.op]}${value}`;
}

export function conditions(group: RuleConditionGroup | undefined): string {
  if (!group) return "always";
  return "all" in group && group.all ? group.all.map(condition).join(" and ") : group.any!.map(condition).join(" or ");
}

const conditionList = (group: RuleConditionGroup): string[] =>
  ("all" in group && group.all ? group.all : group.any!).map(condition);
const joiner = (group: RuleConditionGroup): string => ("all" in group && group.all ? "all" : "any");

/**
 * What changed in a condition group, naming only the conditions that differ:
 * "condition company_size ≥ 1000 → company_size ≥ 500", "condition added: country = DE".
 */
export function conditionChanges(
  what: string,
  before: RuleConditionGroup | undefined,
  after: RuleConditionGroup | undefined,
): string[] {
  const was = before && conditions(before);
  const now = after && conditions(after);
  if (was === now) return [];
  if (!before || !after || joiner(before) !== joiner(after)) return [fieldChange(what, was, now)!];
  const old = conditionList(before);
  const next = conditionList(after);
  const added = next.filter((c) => !old.includes(c));
  const removed = old.filter((c) => !next.includes(c));
  if (added.length === 1 && removed.length === 1) return [`${what} ${removed[0]} → ${added[0]}`];
  if (added.length === 0 && removed.length === 0) return [`${what} reordered: ${now}`];
  return [...added.map((c) => `${what} added: ${c}`), ...removed.map((c) => `${what} removed: ${c}`)];
}

export function assignment(a: Assign): string {
  const who = a.owner ? `owner ${a.owner}` : a.team ? `team ${a.team}` : "nobody";
  return a.strategy ? `${who} (${a.strategy.replace("_", " ")})` : who;
}

export function trigger(t: Trigger): string {
  if (t.recordCreated) return `a ${singular(t.recordCreated.object)} is created`;
  if (t.propertyChanged) {
    const p = t.propertyChanged;
    return `${singular(p.object)} ${p.property} changes${p.to === undefined ? "" : ` to ${String(p.to)}`}`;
  }
  if (t.stageEntered) return `a record enters ${t.stageEntered.pipeline}/${t.stageEntered.stage}`;
  if (t.stageStalled)
    return `a record stalls in ${t.stageStalled.pipeline}${t.stageStalled.stage ? `/${t.stageStalled.stage}` : ""}`;
  if (t.listJoined) return `a contact joins list ${t.listJoined.list}`;
  if (t.slaBreached)
    return `the SLA of ${t.slaBreached.rule ? `rule ${t.slaBreached.rule}` : "any routing rule"} is breached`;
  if (t.schedule) return t.schedule.cron ? `on schedule ${t.schedule.cron}` : `every ${t.schedule.every}`;
  return `webhook ${t.webhook!.path} is called`;
}

export function action(a: Action): string {
  if (a.assignOwner) return `assign ${assignment(a.assignOwner)}`;
  if (a.createTask) {
    const t = a.createTask;
    const extra = [t.due && `due ${t.due}`, t.priority && `${t.priority} priority`].filter(Boolean).join(", ");
    return `create task ${quote(t.title)} for ${t.for}${extra ? ` (${extra})` : ""}`;
  }
  if (a.notify) return `notify ${a.notify.to.join(", ")}: ${quote(a.notify.message)}`;
  if (a.setProperty) return `set ${a.setProperty.property} = ${String(a.setProperty.value)}`;
  if (a.moveStage) return `move to ${a.moveStage.pipeline}/${a.moveStage.stage}`;
  if (a.webhook) return `call ${a.webhook.method} ${a.webhook.url}`;
  return `wait ${a.wait!.for}`;
}

const SINGULAR: Record<string, string> = {
  contacts: "contact",
  companies: "company",
  deals: "deal",
  tickets: "ticket",
};
export const singular = (object: string): string => SINGULAR[object] ?? object;

/** "1 team", "3 routing rules", "2 properties". */
export const count = (n: number, noun: string, plural = `${noun}s`): string => `${n} ${n === 1 ? noun : plural}`;
