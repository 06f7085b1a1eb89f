/** Conditions (routing `when`, automation `if`, lifecycle criteria): operator/value fit and implication. */
import { PathSegment } from "../diagnostics";
import type { Condition, ConditionGroup, RecordObject } from "../model";
import { checkConditionType } from "./condition-types";
import type { CheckContext } from "./context";
import { expectProperty } from "./names";

type Value = string | number | boolean;

const LIST_OPS = new Set(["in", "not_in"]);
const ORDER_OPS = new Set(["gt", "gte", "lt", "lte"]);
const NO_VALUE_OPS = new Set(["known", "unknown"]);

export function conditionsOf(group: ConditionGroup): { list: Condition[]; field: "all" | "any" } {
  return "all" in group && group.all ? { list: group.all, field: "all" } : { list: group.any!, field: "any" };
}

function valueProblem(condition: Condition): string | undefined {
  const { op, value } = condition;
  if (NO_VALUE_OPS.has(op)) return value === undefined ? undefined : `op ${op} takes no value`;
  if (value === undefined) return `op ${op} needs a value`;
  if (LIST_OPS.has(op))
    return Array.isArray(value) && value.length > 0 ? undefined : `op ${op} needs a non-empty list of values`;
  if (Array.isArray(value)) return `op ${op} compares with one value, found a list (use op: in for several)`;
  if (ORDER_OPS.has(op) && typeof value !== "number" && !/^\d{4}-\d{2}-\d{2}/.test(String(value))) {
    return `op ${op} needs a number or a date (YYYY-MM-DD), found ${JSON.stringify(value)}`;
  }
  return undefined;
}

/** Checks each condition's operator/value, then both against the property's type and options. */
export function checkConditions(
  c: CheckContext,
  path: PathSegment[],
  group: ConditionGroup | undefined,
  object: RecordObject | undefined,
): void {
  if (!group) return;
  const { list, field } = conditionsOf(group);
  list.forEach((condition, i) => {
    const at = [...path, field, i];
    const problem = valueProblem(condition);
    if (problem)
      c.findings.error(
        [...at, NO_VALUE_OPS.has(condition.op) || condition.value === undefined ? "op" : "value"],
        problem,
      );
    if (!object) return;
    expectProperty(c.findings, c.names, [...at, "property"], object, condition.property, "condition");
    if (!problem) checkConditionType(c, at, object, condition);
  });
}

// ------------------------------------------------------------------------------------------------
// Implication, for "rule B is never reached because rule A matches everything B matches".
// ------------------------------------------------------------------------------------------------

/** A condition group as alternatives of conjunctions; undefined means "matches everything". */
export function alternatives(group: ConditionGroup | undefined): Condition[][] | undefined {
  if (!group) return undefined;
  const { list, field } = conditionsOf(group);
  return field === "all" ? [list] : list.map((condition) => [condition]);
}

const values = (c: Condition): Value[] => (Array.isArray(c.value) ? c.value : c.value === undefined ? [] : [c.value]);
const same = (a: Value, b: Value) => String(a) === String(b);
const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);

/** The bound a condition puts on a number from one side (eq bounds both), if any. */
function bound(c: Condition, side: "lower" | "upper"): { at: number; strict: boolean } | undefined {
  const n = num(c.value);
  if (n === undefined) return undefined;
  if (c.op === "eq" || c.op === (side === "lower" ? "gte" : "lte")) return { at: n, strict: false };
  if (c.op === (side === "lower" ? "gt" : "lt")) return { at: n, strict: true };
  return undefined;
}

/** Whether every record matching x also matches y (conservative: false when unsure). */
export function implies(x: Condition, y: Condition): boolean {
  if (x.property !== y.property) return false;
  const xs = values(x);
  const ys = values(y);
  const xIsSet = x.op === "eq" || x.op === "in";
  switch (y.op) {
    case "known":
      return !["neq", "not_in", "unknown"].includes(x.op);
    case "unknown":
      return x.op === "unknown";
    case "eq":
    case "in":
      return xIsSet && xs.length > 0 && xs.every((v) => ys.some((w) => same(v, w)));
    case "neq":
    case "not_in":
      if (xIsSet) return xs.every((v) => !ys.some((w) => same(v, w)));
      return (x.op === "neq" || x.op === "not_in") && ys.every((w) => xs.some((v) => same(v, w)));
    case "gt":
    case "gte":
    case "lt":
    case "lte": {
      const lower = y.op === "gt" || y.op === "gte";
      const need = num(y.value);
      const have = bound(x, lower ? "lower" : "upper");
      if (need === undefined || !have) return false;
      const inclusive = y.op === "gte" || y.op === "lte";
      return (lower ? have.at > need : have.at < need) || (have.at === need && (inclusive || have.strict));
    }
    case "contains":
      return (
        (x.op === "eq" || x.op === "contains") &&
        typeof x.value === "string" &&
        typeof y.value === "string" &&
        x.value.includes(y.value)
      );
  }
}

/** Whether everything `inner` matches is also matched by `outer`. */
export function covers(outer: Condition[][] | undefined, inner: Condition[][] | undefined): boolean {
  if (outer === undefined) return true;
  if (inner === undefined) return false;
  return inner.every((conj) => outer.some((need) => need.every((y) => conj.some((x) => implies(x, y)))));
}
