/**
 * `target: hubspot` on an automation: compiled to a HubSpot workflow of the hubspot:Flow kind, checked structurally
 * against the automation v4 flow shape (hubspot-api.md §11: the sandbox stores flows but runs none), and what HubSpot
 * cannot run is a positioned validate error that says why and suggests n8n.
 */
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { formatDiagnostic, loadBlueprint } from "../../src/blueprint";
import { tokenOf } from "../../src/kinds";
import { definitionOf, enrolledBy, flowOf, type Names } from "../../src/kinds/hubspot-workflow-flow";
import { hubspotWorkflowKind } from "../../src/kinds/hubspot-workflow";
import { n8nPlan } from "../../src/plan/n8n/plan";
import { crmPlan } from "../../src/plan/crm";
import { withWholeApply } from "../../program/data-guards";
import { memoryFiles } from "../blueprint/memory-files";
import type { LiveFlow } from "../../src/clients/hubspot";
import { accountToBlueprint } from "../../src/review/export/to-blueprint";
import type { LiveAccount } from "../../src/review/export/read";

const HEAD = `apiVersion: revstack/v1
kind: Blueprint
metadata: { name: t }
targets: { automation: n8n }
teams:
  sdr: { manager: ann@acme.test }
owners:
  - { email: ann@acme.test, team: sdr, backup: bob@acme.test }
  - { email: bob@acme.test, team: sdr, backup: sdr }
pipelines:
  nb:
    label: New business
    stages:
      - { key: open, label: Open, probability: 0.5 }
      - { key: won, label: Won, probability: 1.0, closed: won }
      - { key: lost, label: Lost, probability: 0.0, closed: lost }
lists:
  trial: { name: Trial signups, type: manual }
`;

const GOOD = `automations:
  - key: demo-booked
    description: Demo booked
    target: hubspot
    on: { stageEntered: { pipeline: nb, stage: open } }
    do:
      - { setProperty: { property: hs_priority, value: high } }
      - { wait: { for: 2d } }
      - { createTask: { title: Prepare the demo } }
      - { assignOwner: { team: sdr } }
      - { notify: { to: ["email:ann@acme.test", "team:sdr"], message: A demo is booked } }
  - key: trial-joined
    target: hubspot
    on: { listJoined: { list: trial } }
    do:
      - { assignOwner: { owner: bob@acme.test } }
  - key: still-n8n
    on: { stageEntered: { pipeline: nb, stage: won } }
    do:
      - { createTask: { title: Thank them } }
`;

let text = "";
async function load(extra: string) {
  text = HEAD + extra;
  return loadBlueprint("t.yaml", memoryFiles({ "t.yaml": text }));
}

function at(needle: string): string {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`${needle} is not in the blueprint`);
  const before = text.slice(0, offset).split("\n");
  return `t.yaml:${before.length}:${before[before.length - 1].length + 1}`;
}

const names: Names = {
  pipelines: [
    {
      key: "nb",
      id: "p7",
      object: "deals",
      stages: [
        { key: "open", id: "s1" },
        { key: "won", id: "s2" },
      ],
    },
  ],
  owners: [
    { email: "ann@acme.test", ownerId: "o1", userId: "u1" },
    { email: "bob@acme.test", ownerId: "o2", userId: "u2" },
  ],
  lists: [{ key: "trial", id: "l42" }],
};

async function flows() {
  const { blueprint, diagnostics } = await load(GOOD);
  expect(diagnostics.map(formatDiagnostic)).toEqual([]);
  return { blueprint: blueprint!, specs: crmPlan(blueprint!).hubspotWorkflows };
}

describe("an automation with target: hubspot", () => {
  it("is a hubspot:Flow of the stack, and n8n no longer compiles it", async () => {
    const { blueprint, specs } = await flows();
    expect(specs.map((s) => [s.key, s.name, s.enabled])).toEqual([
      ["automation-demo-booked", "demo-booked", true],
      ["automation-trial-joined", "trial-joined", true],
    ]);
    expect(tokenOf(hubspotWorkflowKind)).toBe("hubspot:Flow");
    const keys = n8nPlan(blueprint, {
      crmBaseUrl: "http://127.0.0.1:9",
      n8nBaseUrl: "http://127.0.0.1:5678",
    }).workflows.map((w) => w.key);
    expect(keys).toContain("automation-still-n8n");
    expect(keys).not.toContain("automation-demo-booked");
    expect(keys).not.toContain("automation-trial-joined");
  });

  it("compiles to HubSpot's flow shape: enrollment on the stage, built-in actions chained in order", async () => {
    const { specs } = await flows();
    const spec = specs[0];
    expect(spec.definition.steps).toEqual([
      { setProperty: { property: "hs_priority", value: "high" } },
      { delay: "2d" },
      { createTask: { title: "Prepare the demo" } },
      { rotateOwner: ["ann@acme.test", "bob@acme.test"] },
      { notify: { to: ["ann@acme.test", "bob@acme.test"], subject: "Demo booked", body: "A demo is booked" } },
    ]);
    const flow = flowOf(spec.name, spec.enabled, spec.definition, names);
    expect(flow).toMatchObject({
      name: "demo-booked",
      isEnabled: true,
      type: "PLATFORM_FLOW",
      objectTypeId: "0-3",
      flowType: "WORKFLOW",
      startActionId: "1",
      nextAvailableActionId: "6",
      enrollmentCriteria: {
        type: "LIST_BASED",
        listFilterBranch: {
          filterBranches: [
            {
              filters: [
                {
                  filterType: "PROPERTY",
                  property: "dealstage",
                  operation: { operationType: "ENUMERATION", operator: "IS_ANY_OF", values: ["s1"] },
                },
              ],
            },
          ],
        },
      },
    });
    expect(flow.actions.map((a) => [a.actionId, a.type, a.actionTypeId, a.connection?.nextActionId])).toEqual([
      ["1", "SINGLE_CONNECTION", "0-5", "2"],
      ["2", "SINGLE_CONNECTION", "0-1", "3"],
      ["3", "SINGLE_CONNECTION", "0-3", "4"],
      ["4", "SINGLE_CONNECTION", "0-11", "5"],
      ["5", "SINGLE_CONNECTION", "0-8", undefined],
    ]);
    expect(flow.actions[1].fields).toEqual({ delta: "2", time_unit: "DAYS" });
    expect(flow.actions[3].fields).toMatchObject({ user_ids: ["u1", "u2"], target_property: "hubspot_owner_id" });
    expect(flow.actions[4].fields).toEqual({
      user_ids: ["u1", "u2"],
      subject: "Demo booked",
      body: "A demo is booked",
    });
    // HubSpot's required fields for a PLATFORM_FLOW create (the sandbox refuses a flow without them).
    for (const field of ["timeWindows", "blockedDates", "customProperties", "dataSources"])
      expect(flow).toHaveProperty(field);
    // Read back, the flow is the same steps: drift compares the compiled automation in the same words.
    const live = { ...flow, id: "1", revisionId: "1" } as LiveFlow;
    expect(definitionOf(live, names)).toEqual(spec.definition);
  });

  it("enrolls from a list by HubSpot's IN_LIST filter on the list's id, and reads it back", async () => {
    const { specs } = await flows();
    const spec = specs[1];
    expect(spec.lists).toEqual([{ key: "trial", name: "Trial signups", object: "contacts" }]);
    const flow = flowOf(spec.name, spec.enabled, spec.definition, names);
    expect(flow).toMatchObject({ type: "CONTACT_FLOW", suppressionListIds: [], canEnrollFromSalesforce: false });
    expect(flow.enrollmentCriteria).toMatchObject({
      listFilterBranch: {
        filterBranches: [{ filters: [{ filterType: "IN_LIST", listId: "l42", operator: "IN_LIST" }] }],
      },
    });
    expect(flow.actions[0]).toMatchObject({
      actionTypeId: "0-5",
      fields: { property_name: "hubspot_owner_id", value: { staticValue: "o2" } },
    });
    expect(definitionOf({ ...flow, id: "2", revisionId: "1" } as LiveFlow, names)).toEqual(spec.definition);
  });

  it("tests list membership in if: with the listJoined trigger's IN_LIST filter, in each group, and reads it back", async () => {
    const { blueprint, diagnostics } = await load(`automations:
  - key: both
    target: hubspot
    on: { propertyChanged: { object: contacts, property: lifecyclestage } }
    if: { all: [{ list: trial, op: in }, { property: email, op: known }] }
    do: [{ createTask: { title: Look } }]
  - key: either
    target: hubspot
    on: { propertyChanged: { object: contacts, property: lifecyclestage } }
    if: { any: [{ property: email, op: known }, { list: trial, op: in }] }
    do: [{ createTask: { title: Look } }]
`);
    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
    const specs = crmPlan(blueprint!).hubspotWorkflows;
    const inList = { filterType: "IN_LIST", listId: "l42", operator: "IN_LIST" };
    const known = { filterType: "PROPERTY", property: "email", operation: { operationType: "ALL_PROPERTY" } };
    const trigger = { filterType: "PROPERTY", property: "lifecyclestage" };
    const filtersOf = (i: number) => {
      const flow = flowOf(specs[i].name, specs[i].enabled, specs[i].definition, names);
      expect(definitionOf({ ...flow, id: String(i), revisionId: "1" } as LiveFlow, names)).toEqual(specs[i].definition);
      const criteria = flow.enrollmentCriteria as {
        listFilterBranch: { filterBranches: Array<{ filters: unknown[] }> };
      };
      return criteria.listFilterBranch.filterBranches.map((b) => b.filters);
    };
    expect(specs.map((s) => s.lists)).toEqual([
      [{ key: "trial", name: "Trial signups", object: "contacts" }],
      [{ key: "trial", name: "Trial signups", object: "contacts" }],
    ]);
    expect(specs[0].definition.when).toEqual({
      all: [
        { list: "trial", op: "in" },
        { property: "email", op: "known" },
      ],
    });
    expect(filtersOf(0)).toMatchObject([[trigger, inList, known]]);
    expect(filtersOf(1)).toMatchObject([
      [trigger, known],
      [trigger, inList],
    ]);
  });

  it("export reads the IN_LIST condition back as the list's key, in a blueprint that loads", async () => {
    const { blueprint } = await load(`automations:
  - key: both
    target: hubspot
    on: { propertyChanged: { object: contacts, property: lifecyclestage } }
    if: { all: [{ list: trial, op: in }, { property: email, op: known }] }
    do: [{ createTask: { title: Look } }]
`);
    const [spec] = crmPlan(blueprint!).hubspotWorkflows;
    const flow = { ...flowOf(spec.name, true, spec.definition, names), id: "5", revisionId: "1" } as LiveFlow;
    // A portal with only the list and the flow: nothing else to export.
    const none = { contacts: [], companies: [], deals: [], tickets: [] };
    const live: LiveAccount = {
      account: { portalId: 1 },
      pipelines: {},
      groups: none,
      properties: none,
      users: [],
      teams: [],
      roles: [],
      owners: [],
      flows: [flow],
      lists: [{ listId: "l42", name: "Trial signups", objectTypeId: "0-1", processingType: "MANUAL" }],
      schemas: [],
    };
    const exported = accountToBlueprint(live, "x").blueprint as {
      lists: Record<string, { name: string }>;
      hubspotWorkflows: Record<string, { when: unknown }>;
    };
    const [key] = Object.keys(exported.lists);
    expect(Object.values(exported.hubspotWorkflows).map((w) => w.when)).toEqual([
      {
        all: [
          { list: key, op: "in" },
          { property: "email", op: "known" },
        ],
      },
    ]);
    const again = await loadBlueprint("x.yaml", memoryFiles({ "x.yaml": stringify(exported) }));
    expect(again.diagnostics.map(formatDiagnostic).filter((d) => d.includes("error"))).toEqual([]);
  });

  it('"not in list" stays in n8n: the list-membership filter names no negation', async () => {
    const { diagnostics } = await load(`automations:
  - key: outside
    target: hubspot
    on: { propertyChanged: { object: contacts, property: lifecyclestage } }
    if: { all: [{ property: email, op: known }, { list: trial, op: not_in }] }
    do: [{ createTask: { title: Look } }]
`);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      `${at("not_in")}: error: HubSpot's list-membership filter (PublicInListFilter in the official client) names only IN_LIST, no "not in list" operator, so revstack does not write one it would have to guess; leave target as n8n (the default) to run it there`,
    ]);
  });

  it("says, at its place, what HubSpot cannot run and suggests n8n", async () => {
    const { diagnostics } = await load(`automations:
  - key: hooked
    target: hubspot
    on: { webhook: { path: /hooks/trial } }
    do:
      - { notify: { to: ["slack:#sales"], message: New trial } }
      - { webhook: { url: "https://example.test/x" } }
      - { createTask: { title: Call, for: manager } }
  - key: timed
    target: hubspot
    on: { schedule: { every: 1d } }
    if: { all: [{ property: hs_priority, op: eq, value: high }] }
    do:
      - { moveStage: { pipeline: nb, stage: won } }
  - key: elsewhere
    target: hubspot
    on: { listJoined: { list: trial } }
    do:
      - { moveStage: { pipeline: nb, stage: lost } }
`);
    const n8n = "leave target as n8n (the default) to run it there";
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      `${at("{ path: /hooks")}: error: HubSpot workflows cannot be started by an outside caller's webhook; ${n8n}`,
      `${at('"slack:#sales"')}: error: HubSpot workflows do not post to Slack channels; ${n8n}`,
      `${at("{ url:")}: error: HubSpot's built-in actions revstack writes include no outbound webhook; ${n8n}`,
      `${at("manager }")}: error: HubSpot's create-task action as revstack writes it gives the task to the record's owner, not manager; ${n8n}`,
      `${at("{ every: 1d }")}: error: HubSpot workflows enroll records when they meet criteria, not on a schedule; ${n8n}`,
      `${at("nb, stage: lost }")}: error: a HubSpot workflow sets the stage of the record it enrolls (contacts), and nb is not a pipeline of those declared under pipelines:; ${n8n}`,
    ]);
  });

  it("writes if:, moveStage and a task's due time and priority into HubSpot's flow, and reads them back", async () => {
    const { blueprint, diagnostics } = await load(`automations:
  - key: big-deal
    target: hubspot
    on: { stageEntered: { pipeline: nb, stage: open } }
    if: { all: [{ property: amount, op: gte, value: 10000 }, { property: hs_priority, op: eq, value: high }] }
    do:
      - { createTask: { title: Call the buyer, due: 2d, priority: high } }
      - { moveStage: { pipeline: nb, stage: won } }
`);
    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
    const [spec] = crmPlan(blueprint!).hubspotWorkflows;
    expect(spec.definition).toMatchObject({
      when: {
        all: [
          { property: "amount", op: "gte", value: 10000 },
          { property: "hs_priority", op: "eq" },
        ],
      },
      steps: [
        { createTask: { title: "Call the buyer", due: "2d", priority: "high" } },
        { moveStage: { pipeline: "nb", stage: "won" } },
      ],
    });
    const typed: Names = { ...names, types: { amount: "number", hs_priority: "enumeration" } };
    const flow = flowOf(spec.name, spec.enabled, spec.definition, typed);
    // One AND branch: the trigger's filter and both conditions, each by its property's type.
    expect(flow.enrollmentCriteria).toMatchObject({
      listFilterBranch: {
        filterBranchType: "OR",
        filterBranches: [
          {
            filterBranchType: "AND",
            filters: [
              { property: "dealstage", operation: { operator: "IS_ANY_OF", values: ["s1"] } },
              {
                filterType: "PROPERTY",
                property: "amount",
                operation: { operationType: "NUMBER", operator: "IS_GREATER_THAN_OR_EQUAL_TO", value: 10000 },
              },
              {
                filterType: "PROPERTY",
                property: "hs_priority",
                operation: { operationType: "ENUMERATION", operator: "IS_ANY_OF", values: ["high"] },
              },
            ],
          },
        ],
      },
    });
    expect(flow.actions.map((a) => [a.actionTypeId, a.fields])).toEqual([
      [
        "0-3",
        {
          task_type: "TODO",
          subject: "Call the buyer",
          body: "",
          priority: "HIGH",
          due_time: { delta: 2, timeUnit: "DAYS" },
        },
      ],
      ["0-5", { property_name: "dealstage", value: { staticValue: "s2", type: "STATIC_VALUE" } }],
    ]);
    expect(definitionOf({ ...flow, id: "9", revisionId: "1" } as LiveFlow, typed)).toEqual(spec.definition);
    // Exported without the portal's types, the filters' own operations tell them: the same words.
    expect(definitionOf({ ...flow, id: "9", revisionId: "1" } as LiveFlow, names)).toEqual(spec.definition);
  });

  it("any: is one AND branch per condition; a move to another object's pipeline is refused", async () => {
    const { blueprint } = await load(`automations:
  - key: either
    target: hubspot
    on: { propertyChanged: { object: deals, property: hs_priority, to: high } }
    if: { any: [{ property: amount, op: gt, value: 5 }, { property: dealname, op: contains, value: Big }] }
    do: [{ createTask: { title: Look } }]
`);
    const [spec] = crmPlan(blueprint!).hubspotWorkflows;
    const typed: Names = { ...names, types: { amount: "number", dealname: "string" } };
    const flow = flowOf(spec.name, spec.enabled, spec.definition, typed);
    const branches = (
      flow.enrollmentCriteria as { listFilterBranch: { filterBranches: Array<{ filters: unknown[] }> } }
    ).listFilterBranch.filterBranches;
    expect(branches.map((b) => b.filters.map((f) => (f as { property: string }).property))).toEqual([
      ["hs_priority", "amount"],
      ["hs_priority", "dealname"],
    ]);
    expect(definitionOf({ ...flow, id: "8", revisionId: "1" } as LiveFlow, typed)).toEqual(spec.definition);
  });

  it("a condition HubSpot's filters cannot test on a property the blueprint declares is an error at its op", async () => {
    const { diagnostics } = await load(`properties:
  deals:
    tier:
      label: Tier
      type: enumeration
      group: dealinformation
      options: [{ value: gold, label: Gold }, { value: silver, label: Silver }]
automations:
  - key: tiers
    target: hubspot
    on: { stageEntered: { pipeline: nb, stage: open } }
    if: { all: [{ property: tier, op: eq, value: gold }, { property: tier, op: contains, value: go }] }
    do: [{ createTask: { title: Look } }]
`);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      `${at("contains, value: go")}: error: HubSpot's enrollment filters cannot test this: property tier (declared under properties:) is of type enumeration, and op contains on a enumeration property has no list filter; leave target as n8n (the default) to run it there`,
    ]);
  });

  it("a test HubSpot's filters cannot make on one of HubSpot's own properties is an error at validate, naming its type", async () => {
    // A contact's annualrevenue is text in HubSpot: n8n compares it as a number, HubSpot's filters cannot.
    const { diagnostics } = await load(`automations:
  - key: big-contacts
    target: hubspot
    on: { propertyChanged: { object: contacts, property: lifecyclestage } }
    if: { all: [{ property: annualrevenue, op: gte, value: 1000000 }] }
    do: [{ setProperty: { property: hs_lead_status, value: OPEN } }]
hubspotWorkflows:
  named:
    name: Named
    object: contacts
    trigger: { manual: true }
    when: { any: [{ property: firstname, op: gt, value: 3 }, { property: country, op: lt, value: 3 }, { property: hubspotscore, op: gt, value: 3 }] }
`);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      `${at("gte, value: 1000000")}: error: HubSpot's enrollment filters cannot test this: property annualrevenue (HubSpot's default property of contacts) is of type string, and op gte on a string property has no list filter; leave target as n8n (the default) to run it there`,
      `${at("gt, value: 3 }, { property: country")}: error: HubSpot's enrollment filters cannot test this: property firstname (HubSpot's default property of contacts) is of type string, and op gt on a string property has no list filter`,
      // Refused once, for its type, as every condition is.
      `${at("lt, value: 3")}: error: op lt compares numbers and dates, but property country is a string: use eq, in or contains`,
    ]);
  });

  it("any: of one condition is declared as HubSpot reads it back (all:), so it is no drift", async () => {
    const { blueprint } = await load(`automations:
  - key: one
    target: hubspot
    on: { stageEntered: { pipeline: nb, stage: open } }
    if: { any: [{ property: amount, op: gt, value: 5 }] }
    do: [{ createTask: { title: Look } }]
`);
    const [spec] = crmPlan(blueprint!).hubspotWorkflows;
    expect(spec.definition.when).toEqual({ all: [{ property: "amount", op: "gt", value: 5 }] });
    const typed: Names = { ...names, types: { amount: "number" } };
    const flow = flowOf(spec.name, spec.enabled, spec.definition, typed);
    expect(definitionOf({ ...flow, id: "7", revisionId: "1" } as LiveFlow, typed)).toEqual(spec.definition);
  });
});

describe("a business unit's stack (scope:) compiled to HubSpot", () => {
  const UNIT = `scope: { property: business_unit, value: emea }
properties:
  deals:
    business_unit:
      label: Business unit
      type: enumeration
      group: dealinformation
      options: [{ value: na, label: North America }, { value: emea, label: EMEA }]
`;
  const SCOPED = `${UNIT}automations:
  - key: unit-deal
    target: hubspot
    on: { stageEntered: { pipeline: nb, stage: open } }
    do: [{ createTask: { title: Call } }]
  - key: unit-big-deal
    target: hubspot
    on: { stageEntered: { pipeline: nb, stage: open } }
    if: { all: [{ property: amount, op: gte, value: 10000 }] }
    do: [{ createTask: { title: Call } }]
`;

  it("keeps the scope: HubSpot enrolls only the unit's records", async () => {
    const { blueprint, diagnostics } = await load(SCOPED);
    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
    const specs = crmPlan(blueprint!).hubspotWorkflows;
    const unit = { property: "business_unit", op: "eq", value: "emea" };
    expect(specs.map((s) => s.definition.when)).toEqual([
      { all: [unit] },
      { all: [{ property: "amount", op: "gte", value: 10000 }, unit] },
    ]);
    const typed: Names = { ...names, types: { business_unit: "enumeration" } };
    const flow = flowOf(specs[0].name, true, specs[0].definition, typed);
    expect(flow.enrollmentCriteria).toMatchObject({
      listFilterBranch: {
        filterBranches: [
          {
            filters: [
              { property: "dealstage" },
              {
                property: "business_unit",
                operation: { operationType: "ENUMERATION", operator: "IS_ANY_OF", values: ["emea"] },
              },
            ],
          },
        ],
      },
    });
    expect(definitionOf({ ...flow, id: "5", revisionId: "1" } as LiveFlow, typed)).toEqual(specs[0].definition);
  });

  it("any: with a scope is an error at its place that says why, never a workflow that loses the scope", async () => {
    const { diagnostics } = await load(`${UNIT}automations:
  - key: unit-either
    target: hubspot
    on: { stageEntered: { pipeline: nb, stage: open } }
    if: { any: [{ property: amount, op: gt, value: 5 }] }
    do: [{ createTask: { title: Call } }]
`);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      `${at("[{ property: amount")}: error: this stack acts only on business_unit = emea (scope:), and revstack writes HubSpot's enrollment as one condition group: any: together with the scope cannot be one; use all:, or leave target as n8n (the default) to run it there`,
    ]);
  });
});

describe("hubspotWorkflows: the names a workflow uses", () => {
  it("are the blueprint's pipelines, stages, lists and owners, checked at their place with a suggestion", async () => {
    const { diagnostics } = await load(`hubspotWorkflows:
  follow-up:
    name: Follow up
    object: deals
    trigger: { stageEntered: { pipeline: nb, stage: opn } }
    steps:
      - { assignOwner: anne@acme.test }
      - branch:
          property: hs_priority
          cases:
            high: [{ notify: { to: [bbo@acme.test], subject: Hot, body: Call } }]
  welcome:
    name: Welcome
    object: contacts
    trigger: { listJoined: { list: trail } }
  staged:
    name: Staged
    object: deals
    trigger: { stageEntered: { pipeline: nbb, stage: open } }
`);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      `${at("opn")}: error: unknown stage "opn" in pipeline nb; did you mean "open"?`,
      `${at("anne@")}: error: unknown owner "anne@acme.test"; did you mean "ann@acme.test"?`,
      `${at("bbo@")}: error: unknown owner "bbo@acme.test"; did you mean "bob@acme.test"?`,
      `${at("trail")}: error: unknown list "trail" among the contacts lists declared under lists; did you mean "trial"?`,
      `${at("nbb")}: error: unknown pipeline "nbb" among the deals pipelines declared under pipelines; did you mean "nb"?`,
    ]);
  });
});

describe("a workflow depending on another", () => {
  const flow = (id: string, def: Parameters<typeof flowOf>[2]) =>
    ({ ...flowOf(`flow ${id}`, true, def, names), id, revisionId: "1" }) as LiveFlow;
  const setsPriority = flow("1", {
    object: "deals",
    trigger: { manual: true },
    steps: [{ setProperty: { property: "hs_priority", value: "high" } }, { rotateOwner: ["ann@acme.test"] }],
  });

  it("enrolls on a property the other's actions set, on the same object type", () => {
    const onPriority = flow("2", {
      object: "deals",
      trigger: { propertyChanged: { property: "hs_priority", value: "high" } },
      steps: [],
    });
    const onOwner = flow("3", {
      object: "deals",
      trigger: { propertyChanged: { property: "hubspot_owner_id" } },
      steps: [],
    });
    const onStage = flow("4", {
      object: "deals",
      trigger: { stageEntered: { pipeline: "nb", stage: "open" } },
      steps: [],
    });
    const contacts = flow("5", {
      object: "contacts",
      trigger: { propertyChanged: { property: "hs_priority" } },
      steps: [],
    });
    expect(enrolledBy(onPriority, setsPriority)).toEqual(["hs_priority"]);
    expect(enrolledBy(onOwner, setsPriority)).toEqual(["hubspot_owner_id"]);
    expect(enrolledBy(onStage, setsPriority)).toEqual([]);
    expect(enrolledBy(contacts, setsPriority)).toEqual([]);
    expect(enrolledBy(setsPriority, setsPriority)).toEqual([]);
  });

  it("enrolls from a list the other's actions name", () => {
    const addsToTrial = flow("6", {
      object: "contacts",
      trigger: { manual: true },
      steps: [{ hubspot: { type: "SINGLE_CONNECTION", actionTypeId: "0-63809083", fields: { listId: "l42" } } }],
    });
    const fromTrial = flow("7", { object: "contacts", trigger: { listJoined: { list: "trial" } }, steps: [] });
    expect(enrolledBy(fromTrial, addsToTrial)).toEqual(["list l42"]);
  });

  /** "sets-priority" and "Priority watch", which enrolls on what it sets, both declared off. */
  const BOTH_OFF = `automations:
  - key: sets-priority
    enabled: false
    target: hubspot
    on: { stageEntered: { pipeline: nb, stage: open } }
    do: [{ setProperty: { property: hs_priority, value: high } }]
hubspotWorkflows:
  watch:
    name: Priority watch
    object: deals
    enabled: false
    trigger: { propertyChanged: { property: hs_priority, value: high } }
`;

  it("each workflow knows the others this apply leaves off, so a dependent going off too is not counted", async () => {
    const { blueprint } = await load(`${BOTH_OFF}  on:
    name: Still on
    object: deals
    trigger: { manual: true }
`);
    const specs = crmPlan(blueprint!).hubspotWorkflows;
    expect(Object.fromEntries(specs.map((s) => [s.name, s.alsoOff]))).toEqual({
      "sets-priority": ["Priority watch"],
      "Priority watch": ["sets-priority"],
      "Still on": ["Priority watch", "sets-priority"],
    });
  });

  it("a workflow this apply deletes counts as gone, and those it switches off know which went off before", async () => {
    const { blueprint } = await load(`${BOTH_OFF}  was-off:
    name: Was off
    object: deals
    enabled: false
    trigger: { manual: true }
`);
    const claim = (name: string, enabled: boolean, origin = "created") => ({
      key: `flow:${name}`,
      stack: "dev",
      type: "pulumi-nodejs:dynamic/hubspot:Flow",
      urn: `urn:${name}`,
      state: "managed" as const,
      inputs: { name, enabled },
      outputs: { name, enabled, ownership: { origin } },
    });
    const registry = {
      stack: "dev",
      portal: "p",
      stacks: [
        {
          name: "dev",
          references: {},
          claims: [
            claim("sets-priority", true),
            claim("Priority watch", true),
            claim("Was off", false),
            // Left the blueprint: one this stack made is deleted, one it adopted is released and stays on.
            claim("Also on priority", true),
            claim("Adopted, stays", true, "adopted"),
          ],
        },
      ],
    };
    const specs = withWholeApply(crmPlan(blueprint!), registry, []).hubspotWorkflows;
    const by = Object.fromEntries(specs.map((s) => [s.name, { alsoOff: s.alsoOff, offBefore: s.offBefore }]));
    expect(by).toEqual({
      "Priority watch": { alsoOff: ["Was off", "sets-priority", "Also on priority"], offBefore: undefined },
      "Was off": { alsoOff: ["Priority watch", "sets-priority", "Also on priority"], offBefore: undefined },
      // Switched off after "Priority watch" (on before, off now); "Was off" was off already.
      "sets-priority": { alsoOff: ["Priority watch", "Was off", "Also on priority"], offBefore: ["Priority watch"] },
    });
    // Each one switched off waits for the one before it: the engine writes them one after the other.
    const after = [hubspotWorkflowKind.planned.after].flat().find((a) => a?.kind.name === "Flow")!;
    expect(after.keys(specs.find((s) => s.name === "sets-priority")!)).toEqual(["Priority watch"]);
  });

  it("an n8n automation on listJoined is valid: n8n polls the list's members", async () => {
    const { diagnostics } = await load(`automations:
  - key: joined
    on: { listJoined: { list: trial } }
    do: [{ createTask: { title: Call } }]
`);
    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
  });
});
