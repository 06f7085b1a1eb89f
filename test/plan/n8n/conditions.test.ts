import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RuleConditionGroup } from "../../../src/blueprint/model";
import { conditionExpression } from "../../../src/plan/n8n/conditions";
import { ROUTING_RUNTIME } from "../../../src/plan/n8n/routing-runtime";

// Automations check conditions in an IF node expression, routing in its Code node: both must agree.
type Group = RuleConditionGroup;
const matches = new Function(`${ROUTING_RUNTIME}\nreturn matches;`)() as (g: Group, p: object, l?: string[]) => boolean;
// An automation's records carry `lists` (./list-memberships.ts), as routing's leads do.
const viaIf = (g: Group, props: object, lists?: string[]) =>
  new Function("$json", `return ${conditionExpression(g)};`)({ properties: props, lists });

const scalar = fc.oneof(
  fc.constantFrom("5", "10", "ebook", " ebook ", "true", "False", ""),
  fc.integer({ min: -3, max: 12 }),
  fc.boolean(),
);
const condition = fc
  .record({
    property: fc.constantFrom("a", "b"),
    op: fc.constantFrom("eq", "neq", "in", "not_in", "gt", "gte", "lt", "lte", "contains", "known", "unknown"),
    value: fc.oneof(scalar, fc.array(scalar, { minLength: 1, maxLength: 3 })),
  })
  .map((c) => (["in", "not_in"].includes(c.op) || !Array.isArray(c.value) ? c : { ...c, value: c.value[0] }));
const listCondition = fc.record({ list: fc.constantFrom("icp", "dnc"), op: fc.constantFrom("in", "not_in") });
const lists = fc.subarray(["icp", "dnc", "other"]);
// What the CRM returns: strings, or nothing.
const crmValue = fc.option(fc.constantFrom("5", "10", "ebook", "EBOOK", "true", "false", "", "abc"), {
  nil: undefined,
});

describe("conditions", () => {
  it("mean the same in an automation's IF node as in the routing code", () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(fc.oneof(condition, listCondition), { minLength: 1, maxLength: 3 }),
        crmValue,
        crmValue,
        lists,
        (all, cs, a, b, held) => {
          const group = (all ? { all: cs } : { any: cs }) as Group;
          expect(viaIf(group, { a, b }, held)).toBe(matches(group, { a, b }, held));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("compare numbers numerically and text as HubSpot does, case-insensitively", () => {
    const big = { all: [{ property: "n", op: "gte", value: 1000 }] } as Group;
    expect(viaIf(big, { n: "5000" })).toBe(true);
    expect(viaIf(big, { n: "999" })).toBe(false);
    expect(viaIf(big, {})).toBe(false);
    const source = { any: [{ property: "s", op: "in", value: ["ebook", "webinar"] }] } as Group;
    expect(viaIf(source, { s: "webinar" })).toBe(true);
    expect(viaIf(source, { s: "Webinar" })).toBe(true);
    expect(viaIf(source, { s: "webinars" })).toBe(false);
  });
});
