import { describe, expect, it } from "vitest";
import type { LiveFlow } from "../../src/clients/hubspot";
import { definitionOf, flowOf, type Names } from "../../src/kinds/hubspot-workflow-flow";
import { stageEntered } from "../support/flows";

/** A flow as someone builds it by hand in HubSpot: action ids out of order, a branch, an action revstack has no words for. */
const names: Names = {
  pipelines: [
    {
      key: "new-business",
      id: "p1",
      object: "deals",
      stages: [
        { key: "demo", id: "s1" },
        { key: "won", id: "s2" },
      ],
    },
  ],
  owners: [
    { email: "sam@acme.test", ownerId: "o1", userId: "u1" },
    { email: "kim@acme.test", ownerId: "o2", userId: "u2" },
  ],
};

const stageFilter = stageEntered("s1");

const handBuilt: LiveFlow = {
  id: "9",
  revisionId: "4",
  name: "Lead nurture",
  isEnabled: true,
  type: "PLATFORM_FLOW",
  objectTypeId: "0-3",
  flowType: "WORKFLOW",
  startActionId: "7",
  nextAvailableActionId: "12",
  enrollmentCriteria: stageFilter,
  timeWindows: [],
  blockedDates: [],
  customProperties: {},
  dataSources: [],
  actions: [
    {
      actionId: "7",
      type: "SINGLE_CONNECTION",
      actionTypeId: "0-5",
      actionTypeVersion: 0,
      fields: { property_name: "hs_priority", value: { staticValue: "high", type: "STATIC_VALUE" } },
      connection: { edgeType: "STANDARD", nextActionId: "3" },
    },
    {
      actionId: "3",
      type: "SINGLE_CONNECTION",
      actionTypeId: "0-1",
      actionTypeVersion: 0,
      fields: { delta: "2", time_unit: "DAYS" },
      connection: { edgeType: "STANDARD", nextActionId: "11" },
    },
    {
      actionId: "11",
      type: "STATIC_BRANCH",
      inputValue: { propertyName: "deal_region", type: "OBJECT_PROPERTY" },
      staticBranches: [{ branchValue: "emea", connection: { edgeType: "STANDARD", nextActionId: "5" } }],
      defaultBranchName: "Otherwise",
      defaultBranch: { edgeType: "STANDARD", nextActionId: "6" },
    },
    {
      actionId: "5",
      type: "SINGLE_CONNECTION",
      actionTypeId: "0-5",
      actionTypeVersion: 0,
      fields: { property_name: "hubspot_owner_id", value: { staticValue: "o2", type: "STATIC_VALUE" } },
    },
    {
      actionId: "6",
      type: "SINGLE_CONNECTION",
      actionTypeId: "0-4",
      actionTypeVersion: 0,
      fields: { content_id: "777" },
    },
  ],
};

describe("a HubSpot workflow in the blueprint's words", () => {
  it("reads a hand-built flow as steps, with keys and emails, and keeps what it has no words for as it is", () => {
    const def = definitionOf(handBuilt, names);
    expect(def).toEqual({
      object: "deals",
      trigger: { stageEntered: { pipeline: "new-business", stage: "demo" } },
      steps: [
        { setProperty: { property: "hs_priority", value: "high" } },
        { delay: "2d" },
        {
          branch: {
            property: "deal_region",
            cases: { emea: [{ assignOwner: "kim@acme.test" }] },
            otherwise: [
              {
                hubspot: {
                  type: "SINGLE_CONNECTION",
                  actionTypeId: "0-4",
                  actionTypeVersion: 0,
                  fields: { content_id: "777" },
                },
              },
            ],
          },
        },
      ],
    });
  });

  it("writes the words back as a flow that reads as the same words (renumbered in step order)", () => {
    const def = definitionOf(handBuilt, names);
    if (typeof def === "string") throw new Error(def);
    const written = flowOf(
      "Lead nurture",
      true,
      { ...def, steps: [...def.steps.slice(0, 1), { delay: "3d" }, ...def.steps.slice(2)] },
      names,
    );
    expect(written.startActionId).toBe("1");
    expect(written.enrollmentCriteria).toEqual(stageFilter);
    const again = definitionOf({ ...written, id: "9", revisionId: "5" } as LiveFlow, names);
    expect(again).toMatchObject({
      steps: [{ setProperty: { property: "hs_priority" } }, { delay: "3d" }, { branch: {} }],
    });
    expect(written.actions.find((a) => a.actionTypeId === "0-1")?.fields).toEqual({
      delta: "3",
      time_unit: "DAYS",
    });
  });

  it("says why a flow cannot be read: a loop, an object no blueprint names", () => {
    const loop = {
      ...handBuilt,
      actions: [{ ...handBuilt.actions[0], connection: { edgeType: "STANDARD", nextActionId: "7" } }],
    };
    expect(definitionOf(loop, names)).toBe("its action 7 is missing or reached twice");
    expect(definitionOf({ ...handBuilt, objectTypeId: "2-55" }, names)).toContain("object type 2-55");
  });
});
