/**
 * `target: hubspot` on an automation: compiled to a HubSpot workflow of the hubspot:Flow kind, checked structurally
 * against the automation v4 flow shape (hubspot-api.md §11: the sandbox stores flows but runs none), and what HubSpot
 * cannot run is a positioned validate error that says why and suggests n8n.
 */
import { describe, expect, it } from "vitest";
import { formatDiagnostic, loadBlueprint } from "../../src/blueprint";
import { tokenOf } from "../../src/kinds";
import { definitionOf, enrolledBy, flowOf, type Names } from "../../src/kinds/hubspot-workflow-flow";
import { hubspotWorkflowKind } from "../../src/kinds/hubspot-workflow";
import { n8nPlan } from "../../src/plan/n8n/plan";
import { crmPlan } from "../../src/plan/crm";
import { memoryFiles } from "../blueprint/memory-files";
import type { LiveFlow } from "../../src/clients/hubspot";

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
`);
    const n8n = "leave target as n8n (the default) to run it there";
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      `${at("{ path: /hooks")}: error: HubSpot workflows cannot be started by an outside caller's webhook; ${n8n}`,
      `${at('"slack:#sales"')}: error: HubSpot workflows do not post to Slack channels; ${n8n}`,
      `${at("{ url:")}: error: HubSpot's built-in actions revstack writes include no outbound webhook; ${n8n}`,
      `${at("manager }")}: error: HubSpot's create-task action as revstack writes it gives the task to the record's owner, not manager; ${n8n}`,
      `${at("{ every: 1d }")}: error: HubSpot workflows enroll records when they meet criteria, not on a schedule; ${n8n}`,
      `${at("{ all:")}: error: revstack does not write conditions (if:) into HubSpot's enrollment criteria yet; ${n8n}`,
      `${at("{ pipeline: nb, stage: won }")}: error: revstack compiles moveStage to n8n only; ${n8n}`,
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

  it("an n8n automation on listJoined is valid: n8n polls the list's members", async () => {
    const { diagnostics } = await load(`automations:
  - key: joined
    on: { listJoined: { list: trial } }
    do: [{ createTask: { title: Call } }]
`);
    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
  });
});
