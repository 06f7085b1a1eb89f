/**
 * Conditions checked against the property they test (declared in the blueprint, or a HubSpot default whose
 * type is known): a condition whose value cannot occur never matches, silently, so it is an error.
 */
import { didYouMean, PathSegment } from "../diagnostics";
import type { Condition, CrmObject, RecordObject } from "../model";
import { builtinConditionFacts, conditionKind, type PropertyKind } from "./builtin-properties";
import type { CheckContext } from "./context";
import { isStandardObject } from "./names";

interface PropertyFacts {
  kind: PropertyKind;
  options?: readonly string[];
}

const ORDER_OPS = new Set(["gt", "gte", "lt", "lte"]);
const VALUE_OPS = new Set(["eq", "neq", "in", "not_in"]);
const TRUE_WORDS = new Set(["yes", "y", "on", "1", "checked"]);
const FALSE_WORDS = new Set(["no", "n", "off", "0", "unchecked"]);
const DATE = /^\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export function propertyFacts(c: CheckContext, object: RecordObject, name: string): PropertyFacts | undefined {
  const custom = isStandardObject(object) ? undefined : c.blueprint.customObjects?.[object];
  const declared = custom ? custom.properties[name] : c.blueprint.properties[object as CrmObject]?.[name];
  if (declared) {
    // Property types this check does not know about are not checked.
    const kind = conditionKind(declared.type);
    return kind && { kind, options: declared.options?.map((o) => o.value) };
  }
  if (!isStandardObject(object)) return undefined;
  const builtin = builtinConditionFacts(object, name);
  if (name === "lifecyclestage" && builtin) {
    return { ...builtin, options: [...new Set([...(builtin.options ?? []), ...c.names.lifecycle])] };
  }
  return builtin;
}

/** Why one value cannot be a value of the property, or undefined when it fits. */
function valueMisfit(name: string, facts: PropertyFacts, value: string | number | boolean): string | undefined {
  const shown = JSON.stringify(value);
  switch (facts.kind) {
    case "bool": {
      if (typeof value === "boolean" || value === "true" || value === "false") return undefined;
      const word = String(value).trim().toLowerCase();
      const meant = TRUE_WORDS.has(word) ? "true" : FALSE_WORDS.has(word) ? "false" : undefined;
      return `property ${name} is a bool: expected true or false, found ${shown}${meant ? `; did you mean ${meant}?` : ""}`;
    }
    case "number":
      return typeof value === "number" ||
        (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
        ? undefined
        : `property ${name} is a number: expected a number, found ${shown}`;
    case "date":
      return typeof value === "number" || DATE.test(String(value))
        ? undefined
        : `property ${name} is a date: expected a date (YYYY-MM-DD), found ${shown}`;
    case "enumeration":
      return !facts.options || facts.options.includes(String(value))
        ? undefined
        : `${shown} is not an option of property ${name}${didYouMean(String(value), facts.options) || `; its options are ${facts.options.join(", ")}`}`;
    case "string":
      return undefined;
  }
}

/** Checks one condition (whose operator and value already fit each other) against its property. */
export function checkConditionType(
  c: CheckContext,
  at: PathSegment[],
  object: RecordObject,
  condition: Condition,
): void {
  const facts = propertyFacts(c, object, condition.property);
  if (!facts) return;
  if (ORDER_OPS.has(condition.op) && facts.kind !== "number" && facts.kind !== "date") {
    c.findings.error(
      [...at, "op"],
      `op ${condition.op} compares numbers and dates, but property ${condition.property} is ${facts.kind === "enumeration" ? "an" : "a"} ${facts.kind}: use eq, in or contains`,
    );
    return;
  }
  if (!VALUE_OPS.has(condition.op) && !ORDER_OPS.has(condition.op)) return;
  const values = Array.isArray(condition.value)
    ? condition.value
    : condition.value === undefined
      ? []
      : [condition.value];
  values.forEach((value, j) => {
    const misfit = valueMisfit(condition.property, facts, value);
    if (misfit) c.findings.error(Array.isArray(condition.value) ? [...at, "value", j] : [...at, "value"], misfit);
  });
}
