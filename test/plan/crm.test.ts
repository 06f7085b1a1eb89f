import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { Blueprint, loadBlueprint } from "../../src/blueprint";
import { crmPlan } from "../../src/plan/crm";

const blueprint = (extra: Record<string, unknown>) =>
  Blueprint.parse({ apiVersion: "revstack/v1", kind: "Blueprint", metadata: { name: "t" }, ...extra });

describe("crmPlan", () => {
  it("turns pipelines into ordered stages with HubSpot's deal probability and ticket state, ordering each object type's pipelines from 0", () => {
    const plan = crmPlan(
      blueprint({
        pipelines: {
          sales: {
            label: "Sales",
            stages: [
              { key: "disco", label: "Discovery", probability: 0.1 },
              { key: "won", label: "Won", closed: "won" },
              { key: "lost", label: "Lost", closed: "lost" },
            ],
            retiredStages: [{ key: "demo", moveTo: "disco" }],
          },
          support: {
            label: "Support",
            object: "tickets",
            stages: [
              { key: "new", label: "New" },
              { key: "done", label: "Done", closed: "won" },
            ],
          },
        },
      }),
    );
    expect(plan.pipelines).toEqual([
      {
        key: "sales",
        objectType: "deals",
        label: "Sales",
        displayOrder: 0,
        retiredStages: { demo: "disco" },
        stages: [
          { key: "disco", label: "Discovery", displayOrder: 0, probability: 0.1 },
          { key: "won", label: "Won", displayOrder: 1, probability: 1 },
          { key: "lost", label: "Lost", displayOrder: 2, probability: 0 },
        ],
      },
      {
        key: "support",
        objectType: "tickets",
        label: "Support",
        displayOrder: 0,
        retiredStages: {},
        stages: [
          { key: "new", label: "New", displayOrder: 0, ticketState: "OPEN" },
          { key: "done", label: "Done", displayOrder: 1, ticketState: "CLOSED" },
        ],
      },
    ]);
  });

  it("creates a property group only for the object types whose properties use it", () => {
    const plan = crmPlan(
      blueprint({
        properties: {
          groups: { attribution: { label: "Attribution" }, unused: { label: "Unused" } },
          contacts: {
            lead_source: {
              label: "Lead source",
              type: "enumeration",
              group: "attribution",
              options: [{ value: "web", label: "Web" }],
            },
          },
          deals: { is_renewal: { label: "Renewal", type: "bool", group: "attribution", description: "Renewal deal" } },
        },
      }),
    );
    expect(plan.propertyGroups.map((g) => g.key)).toEqual(["contacts-attribution", "deals-attribution"]);
    expect(plan.properties).toEqual([
      {
        key: "contacts-lead_source",
        objectType: "contacts",
        name: "lead_source",
        label: "Lead source",
        type: "enumeration",
        fieldType: "select",
        groupName: "attribution",
        description: "",
        options: [{ value: "web", label: "Web", displayOrder: 0, hidden: false }],
      },
      {
        key: "deals-is_renewal",
        objectType: "deals",
        name: "is_renewal",
        label: "Renewal",
        type: "bool",
        fieldType: "booleancheckbox",
        groupName: "attribution",
        description: "Renewal deal",
        options: [
          { value: "true", label: "Yes", displayOrder: 0, hidden: false },
          { value: "false", label: "No", displayOrder: 1, hidden: false },
        ],
      },
    ]);
  });

  it("provisions owners by lower-case email with names and role, and each team with its members by the team's label", () => {
    const plan = crmPlan(
      blueprint({
        teams: { sdr: { label: "Inbound SDR", manager: "Ann@acme.test" }, ae: { manager: "ann@acme.test" } },
        owners: [
          { email: "Ann@acme.test", name: "Ann Marie Smith", role: "SDR", team: "sdr" },
          { email: "bob@acme.test", firstName: "Bob", lastName: "Jones", team: "ae" },
        ],
      }),
    );
    expect(plan.users).toEqual([
      { key: "ann@acme.test", email: "ann@acme.test", firstName: "Ann", lastName: "Marie Smith", role: "SDR" },
      { key: "bob@acme.test", email: "bob@acme.test", firstName: "Bob", lastName: "Jones" },
    ]);
    expect(plan.teams).toEqual([
      { key: "sdr", name: "Inbound SDR", members: ["ann@acme.test"] },
      { key: "ae", name: "ae", members: ["bob@acme.test"] },
    ]);
  });

  it("provisions what the metrics need to be measurable, in revstack's own group", () => {
    const plan = crmPlan(
      blueprint({
        routing: [{ key: "all", assign: { owner: "ann@acme.test" } }],
        owners: [{ email: "ann@acme.test" }],
        reporting: { metrics: [{ key: "first-touch", type: "sla", target: 0.9 }] },
      }),
    );
    expect(plan.propertyGroups).toEqual([
      {
        key: "contacts-revstack_instrumentation",
        objectType: "contacts",
        name: "revstack_instrumentation",
        label: "revstack instrumentation",
        displayOrder: 0,
      },
    ]);
    expect(plan.properties.find((p) => p.name === "revstack_first_touch_at")).toEqual({
      key: "contacts-revstack_first_touch_at",
      objectType: "contacts",
      name: "revstack_first_touch_at",
      label: "First touch at",
      type: "datetime",
      fieldType: "date",
      groupName: "revstack_instrumentation",
      description: "Set by revstack; measured by: first-touch",
      options: [],
    });
  });

  it("plans the example blueprint with unique keys per resource type", async () => {
    const { blueprint: base, diagnostics } = await loadBlueprint(path.join(__dirname, "../../blueprints/base.yaml"));
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const plan = crmPlan(base!);
    for (const list of [plan.pipelines, plan.propertyGroups, plan.properties, plan.users]) {
      expect(new Set(list.map((x) => x.key)).size).toBe(list.length);
    }
    expect(plan.pipelines.length).toBeGreaterThanOrEqual(2);
    expect(plan.users.length).toBe(base!.owners.length);
  });

  it("retires owners with where their records go (a team means its members who are not away), and ignores away", () => {
    const owners = [
      { email: "a@x.test", name: "A B", team: "ae" },
      { email: "c@x.test", name: "C D", team: "ae", away: true, backup: "a@x.test" },
      { email: "e@x.test", name: "E F", team: "ae" },
    ];
    const teams = { ae: { manager: "a@x.test" } };
    const plan = crmPlan(
      blueprint({
        owners,
        teams,
        retiredOwners: [
          { email: "Old@x.test", reassignTo: "ae" },
          { email: "z@x.test", reassignTo: "e@x.test" },
        ],
      }),
    );
    expect(plan.users.filter((u) => u.retired)).toEqual([
      {
        key: "old@x.test",
        email: "old@x.test",
        firstName: "",
        lastName: "",
        retired: { reassignTo: ["a@x.test", "e@x.test"] },
      },
      { key: "z@x.test", email: "z@x.test", firstName: "", lastName: "", retired: { reassignTo: ["e@x.test"] } },
    ]);
    // Marking an owner away changes routing only: their User (and so their records) is untouched.
    const away = crmPlan(blueprint({ owners: owners.map((o) => ({ ...o, away: true, backup: "a@x.test" })), teams }));
    const present = crmPlan(
      blueprint({ owners: owners.map((o) => ({ ...o, away: false, backup: "a@x.test" })), teams }),
    );
    expect(away.users).toEqual(present.users);
  });

  it("declares no pipeline for HubSpot's default pipelines a blueprint only refers to, but stamps their stage entries for its metrics", async () => {
    const { blueprint: bp, diagnostics } = await loadBlueprint(
      path.join(__dirname, "n8n/fixtures/default-pipelines.yaml"),
    );
    expect(diagnostics).toEqual([]);
    const plan = crmPlan(bp!);
    expect(plan.pipelines).toEqual([]);
    expect(plan.properties.map((p) => p.name)).toContain("revstack_entered_default_contractsent");
  });
});
