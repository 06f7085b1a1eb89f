// A list's filters: the condition language → HubSpot's filter branches by property type, and back.
import { describe, expect, it } from "vitest";
import type { ConditionGroup } from "../../src/blueprint/model";
import { fromFilterBranch, operationOf, toFilterBranch } from "../../src/kinds/list-filters";

const types: Record<string, string> = { size: "number", stage: "enumeration", vip: "bool", title: "string" };

describe("list filters", () => {
  it.each<ConditionGroup>([
    {
      all: [
        { property: "size", op: "gte", value: 1000 },
        { property: "stage", op: "in", value: ["lead", "sql"] },
      ],
    },
    {
      any: [
        { property: "title", op: "contains", value: "VP" },
        { property: "vip", op: "eq", value: true },
      ],
    },
    {
      all: [
        { property: "title", op: "not_in", value: ["intern", "student"] },
        { property: "stage", op: "known" },
      ],
    },
    {
      all: [
        { property: "stage", op: "neq", value: "customer" },
        { property: "size", op: "lt", value: 10 },
      ],
    },
  ])("reads back what it writes: %j", (group) => {
    const branch = toFilterBranch(group, (p) => types[p]);
    expect(branch.filterBranchType).toBe("OR");
    expect(fromFilterBranch(branch)).toEqual(group);
  });

  it("writes HubSpot's operation for the property's type", () => {
    expect(operationOf({ property: "size", op: "gt", value: 5 }, "number")).toEqual({
      operationType: "NUMBER",
      operator: "IS_GREATER_THAN",
      value: 5,
    });
    expect(operationOf({ property: "stage", op: "eq", value: "lead" }, "enumeration")).toEqual({
      operationType: "ENUMERATION",
      operator: "IS_ANY_OF",
      values: ["lead"],
    });
    expect(operationOf({ property: "title", op: "gt", value: 5 }, "string")).toBe(
      "op gt on a string property has no list filter",
    );
  });

  it("says undefined for filters the condition language cannot say (nested NOT, values unset, other filter types)", () => {
    const and = (filters: unknown[], type = "AND") => ({ filterBranchType: type, filterBranches: [], filters });
    const or = (...branches: unknown[]) => ({ filterBranchType: "OR", filters: [], filterBranches: branches });
    const stage = { operationType: "ENUMERATION", operator: "IS_ANY_OF", values: ["lead"] };
    expect(fromFilterBranch(or({ ...and([]), filterBranches: [and([], "NOT_ANY")] }) as never)).toBeUndefined();
    expect(
      fromFilterBranch(
        or(
          and([{ filterType: "PROPERTY", property: "s", operation: { ...stage, includeObjectsWithNoValueSet: true } }]),
        ) as never,
      ),
    ).toBeUndefined();
    expect(
      fromFilterBranch(or(and([{ filterType: "IN_LIST", listId: "1", operator: "IN_LIST" }])) as never),
    ).toBeUndefined();
    expect(fromFilterBranch(undefined)).toBeUndefined();
  });
});
