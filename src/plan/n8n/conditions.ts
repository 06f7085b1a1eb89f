import type { Condition, ConditionGroup } from "../../blueprint/model";

/**
 * A blueprint condition group as an n8n expression over `$json.properties`, for an IF node. Same semantics
 * as the routing Code node: CRM values are strings, so numbers compare numerically and booleans as text;
 * text compares case-insensitively, as HubSpot's own filters do; a missing value satisfies only neq, not_in and unknown.
 */
export function conditionExpression(group: ConditionGroup): string {
  const [joiner, conditions] = group.all ? [" && ", group.all] : [" || ", group.any!];
  return conditions.map(condition).join(joiner);
}

function condition(c: Condition): string {
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
