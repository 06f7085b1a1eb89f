import type { Condition, RuleCondition, RuleConditionGroup } from "../../blueprint/model";

/**
 * A blueprint condition group as an n8n expression over `$json.properties`, for an IF node. Same semantics
 * as the routing Code node: CRM values are strings, so numbers compare numerically and booleans as text;
 * text compares case-insensitively, as HubSpot's own filters do; a missing value satisfies only neq, not_in and unknown.
 * A list condition tests the record's `lists`, as routing tests the lead's.
 */
export function conditionExpression(group: RuleConditionGroup): string {
  const [joiner, conditions] = group.all ? [" && ", group.all] : [" || ", group.any!];
  return conditions.map(condition).join(joiner);
}

function condition(c: RuleCondition): string {
  // `$json.lists`: the keys of the tested lists the record is in, read before the IF node (./list-memberships.ts).
  if ("list" in c) return `${c.op === "in" ? "" : "!"}($json.lists || []).includes(${JSON.stringify(c.list)})`;
  return propertyCondition(c);
}

function propertyCondition(c: Condition): string {
  const v = `$json.properties[${JSON.stringify(c.property)}]`;
  const known = `(${v} !== undefined && ${v} !== null && ${v} !== "")`;
  const list = Array.isArray(c.value) ? c.value : [c.value!];
  const same = (w: unknown) =>
    typeof w === "number"
      ? `Number(${v}) === ${w}`
      : typeof w === "boolean"
        ? `String(${v}).toLowerCase() === "${w}"`
        : `String(${v}).trim().toLowerCase() === ${JSON.stringify(String(w).trim().toLowerCase())}`;
  const anyOf = `(${list.map(same).join(" || ")})`;
  switch (c.op) {
    case "known":
      return known;
    case "unknown":
      return `!${known}`;
    case "eq":
      return `(${known} && ${same(c.value)})`;
    case "neq":
      return `!(${known} && ${same(c.value)})`;
    case "in":
      return `(${known} && ${anyOf})`;
    case "not_in":
      return `!(${known} && ${anyOf})`;
    case "gt":
      return `(${known} && Number(${v}) > ${Number(c.value)})`;
    case "gte":
      return `(${known} && Number(${v}) >= ${Number(c.value)})`;
    case "lt":
      return `(${known} && Number(${v}) < ${Number(c.value)})`;
    case "lte":
      return `(${known} && Number(${v}) <= ${Number(c.value)})`;
    case "contains":
      return `(${known} && String(${v}).toLowerCase().includes(${JSON.stringify(String(c.value).toLowerCase())}))`;
  }
}
