import { describe, expect, it } from "vitest";
import { enrollmentCount } from "../../src/kinds/hubspot-workflow-enrolled";
import { flowOf, type Names, type WorkflowDefinition } from "../../src/kinds/hubspot-workflow-flow";

/**
 * Before a workflow is deleted, revstack counts the records that meet its enrollment filters now: the filters the
 * blueprint's trigger and `when:` compile to become one CRM search (or a list's size), and what cannot be counted
 * says why.
 */
const names: Names = {
  pipelines: [{ key: "sales", id: "p1", object: "deals", stages: [{ key: "demo", id: "s-demo" }] }],
  owners: [],
  lists: [{ key: "trial", id: "42" }],
  types: { amount: "number", dealname: "string", hs_priority: "enumeration" },
};
const counted = (def: Partial<WorkflowDefinition>) =>
  enrollmentCount(flowOf("W", true, { object: "deals", trigger: { manual: true }, steps: [], ...def }, names));

describe("what revstack counts before deleting a HubSpot workflow", () => {
  it("a stage entered with all: conditions is one search group", () => {
    expect(
      counted({
        trigger: { stageEntered: { pipeline: "sales", stage: "demo" } },
        when: {
          all: [
            { property: "amount", op: "gte", value: 1000 },
            { property: "hs_priority", op: "neq", value: "low" },
          ],
        },
      }),
    ).toEqual({
      object: "deals",
      search: [
        [
          { propertyName: "dealstage", operator: "IN", values: ["s-demo"] },
          { propertyName: "amount", operator: "GTE", value: "1000" },
          { propertyName: "hs_priority", operator: "NOT_IN", values: ["low"] },
        ],
      ],
    });
  });

  it("any: is one group per condition, each with the trigger's filter", () => {
    expect(
      counted({
        trigger: { propertyChanged: { property: "hs_priority" } },
        when: {
          any: [
            { property: "amount", op: "lt", value: 5 },
            { property: "dealname", op: "unknown" },
          ],
        },
      }),
    ).toEqual({
      object: "deals",
      search: [
        [
          { propertyName: "hs_priority", operator: "HAS_PROPERTY" },
          { propertyName: "amount", operator: "LT", value: "5" },
        ],
        [
          { propertyName: "hs_priority", operator: "HAS_PROPERTY" },
          { propertyName: "dealname", operator: "NOT_HAS_PROPERTY" },
        ],
      ],
    });
  });

  it("a list-membership trigger alone is the list's size", () => {
    expect(counted({ object: "contacts", trigger: { listJoined: { list: "trial" } } })).toEqual({
      object: "contacts",
      list: "42",
    });
  });

  it("what it cannot count, with why", () => {
    expect(counted({})).toEqual({ uncountable: "records are enrolled in it by hand" });
    expect(
      counted({
        trigger: { listJoined: { list: "trial" } },
        when: { all: [{ property: "amount", op: "gt", value: 1 }] },
      }),
    ).toEqual({ uncountable: "it tests list membership with other filters, which one CRM search cannot" });
    // Search matches whole tokens, a list's CONTAINS parts of words: not the same records.
    expect(
      counted({
        trigger: { propertyChanged: { property: "hs_priority" } },
        when: { all: [{ property: "dealname", op: "contains", value: "acme" }] },
      }),
    ).toEqual({ uncountable: "the CRM search has no filter for the filter STRING CONTAINS on dealname" });
    expect(counted({ trigger: { hubspot: { type: "EVENT_BASED" } } })).toEqual({
      uncountable: "its enrollment is EVENT_BASED",
    });
  });
});
