/**
 * Lists: a dynamic or snapshot list has filters and a manual one none; each filter's property exists on the list's
 * object and its operator has a HubSpot list filter for the property's type; names are unique per object, as
 * HubSpot keeps them.
 */
import { operationOf } from "../../kinds/list-filters";
import { sameLabel } from "../../clients/hubspot/client";
import { checkConditions, conditionsOf } from "./conditions";
import { builtinType } from "./builtin-properties";
import type { Check } from "./context";

export const checkLists: Check = (c) => {
  const seen: Array<{ object: string; name: string; key: string }> = [];
  for (const [key, list] of Object.entries(c.blueprint.lists ?? {})) {
    const path = ["lists", key];
    const twin = seen.find((s) => s.object === list.object && sameLabel(s.name, list.name));
    if (twin)
      c.findings.error(
        [...path, "name"],
        `list ${twin.key} is already named "${twin.name}" on ${list.object}: HubSpot keeps one list of a name`,
      );
    seen.push({ object: list.object, name: list.name, key });
    if (list.type === "manual") {
      if (list.when)
        c.findings.error(
          [...path, "when"],
          "a manual list has no filters: its members are added by hand (use type: dynamic)",
        );
      continue;
    }
    if (!list.when) {
      c.findings.error(
        [...path, "type"],
        `a ${list.type} list needs filters: say them under when (all: or any: of property, op, value)`,
      );
      continue;
    }
    checkConditions(c, [...path, "when"], list.when, list.object);
    const { list: conditions, field } = conditionsOf(list.when);
    conditions.forEach((condition, i) => {
      // HubSpot picks the filter by the property's stored type (a contact's annualrevenue is text).
      const type =
        c.blueprint.properties[list.object]?.[condition.property]?.type ?? builtinType(list.object, condition.property);
      if (!type) return;
      const operation = operationOf(condition, type);
      if (typeof operation === "string")
        c.findings.error(
          [...path, "when", field, i, "op"],
          `${operation}: a list can filter a ${type} property with ${fitting(type)}`,
        );
    });
  }
};

const fitting = (type: string): string =>
  ({
    number: "eq, neq, gt, gte, lt, lte, known, unknown",
    bool: "eq, neq, known, unknown",
    enumeration: "eq, neq, in, not_in, known, unknown",
    string: "eq, neq, contains, in, not_in, known, unknown",
    phone_number: "eq, neq, contains, in, not_in, known, unknown",
  })[type] ?? "known, unknown";
