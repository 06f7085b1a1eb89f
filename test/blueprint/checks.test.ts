/** Semantic checks not already pinned by the fixture corpus: each with the message and the place. */
import { describe, expect, it } from "vitest";
import { formatDiagnostic, loadBlueprint } from "../../src/blueprint";
import type { Condition } from "../../src/blueprint";
import { covers, implies } from "../../src/blueprint/checks/conditions";
import { memoryFiles } from "./memory-files";
import { KEY_EXAMPLES, KEY_PREFIXES } from "../../src/blueprint/object-keys";

const HEAD = `apiVersion: revstack/v1
kind: Blueprint
metadata: { name: t }
targets: { automation: n8n }
teams:
  sdr: { manager: ann@acme.test }
owners:
  - { email: ann@acme.test, team: sdr, backup: bob@acme.test, workingHours: { start: "09:00", end: "17:00" } }
  - { email: bob@acme.test, team: sdr, backup: sdr, workingHours: { start: "09:00", end: "17:00" } }
pipelines:
  nb:
    label: NB
    stages:
      - { key: open, label: Open, probability: 0.5, stalledAfter: 7d }
      - { key: won, label: Won, probability: 1.0, closed: won }
      - { key: lost, label: Lost, probability: 0.0, closed: lost }
`; // 16 lines: additions start on line 17

let text = "";

async function diagnose(extra: string, head = HEAD): Promise<string[]> {
  text = head + extra;
  const { diagnostics } = await loadBlueprint("t.yaml", memoryFiles({ "t.yaml": text }));
  return diagnostics.map(formatDiagnostic);
}

/** `t.yaml:<line>:<column>` of the first occurrence of `needle` in the last blueprint checked. */
function at(needle: string): string {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`${needle} is not in the blueprint`);
  const before = text.slice(0, offset).split("\n");
  return `t.yaml:${before.length}:${before[before.length - 1].length + 1}`;
}

const fallback = "routing:\n  - { key: fallback, assign: { team: sdr } }\n";

describe("routing checks", () => {
  it("accepts the base as written", async () => {
    expect(await diagnose(fallback)).toEqual([]);
  });

  it("warns when a calendar-time SLA is shorter than the hours nobody works", async () => {
    expect(
      await diagnose(
        "routing:\n  - { key: fallback, assign: { team: sdr }, sla: { firstTouch: 1h, businessHours: false } }\n",
      ),
    ).toEqual([
      `${at("1h, businessHours")}: warning: first touch within 1h counts calendar time, but nobody assigned by rule fallback works for 16h of each day: leads arriving then will breach (set businessHours: true or lengthen the SLA)`,
    ]);
  });

  it("errors on a rule to a team without members and warns on an owner who is away", async () => {
    const head = HEAD.replace(
      "  sdr: { manager: ann@acme.test }",
      "  sdr: { manager: ann@acme.test }\n  ae: { manager: ann@acme.test }",
    ).replace("backup: bob@acme.test, work", "backup: bob@acme.test, away: true, work");
    expect(
      await diagnose(
        "routing:\n  - { key: ae, when: { all: [ { property: country, op: eq, value: US } ] }, assign: { team: ae } }\n  - { key: fallback, assign: { owner: ann@acme.test } }\n",
        head,
      ),
    ).toEqual([
      `${at("ae: { manager")}: warning: team ae has no members: no owner has team: ae`,
      `${at("ae } }")}: error: rule ae routes to team ae which has no members`,
      `${at("ann@acme.test } }")}: warning: ann@acme.test is away: leads from rule fallback go to their backup bob@acme.test`,
    ]);
  });

  it("needs a team to find a manager to escalate to", async () => {
    const head = HEAD.replace("{ email: bob@acme.test, team: sdr,", "{ email: bob@acme.test,");
    expect(
      await diagnose(
        "routing:\n  - { key: fallback, assign: { owner: bob@acme.test }, sla: { firstTouch: 1h, onBreach: { escalateTo: manager } } }\n",
        head,
      ),
    ).toEqual([`${at("manager } } }")}: error: escalateTo: manager, but bob@acme.test has no team and so no manager`]);
  });

  it("checks notification targets that name a team", async () => {
    expect(
      await diagnose(
        'routing:\n  - { key: fallback, assign: { team: sdr }, sla: { firstTouch: 1h, onBreach: { notify: ["team:sdrs"] } } }\n',
      ),
    ).toEqual([`${at('"team:sdrs"')}: error: unknown team "sdrs"; did you mean "sdr"?`]);
  });
});

describe("people checks", () => {
  it("warns about weights without the weighted strategy and about overlapping territories", async () => {
    const head = HEAD.replace(
      "  sdr: { manager: ann@acme.test }",
      "  sdr: { manager: ann@acme.test, strategy: territory, territoryProperty: country, weights: { ann@acme.test: 1 } }",
    )
      .replace("backup: bob@acme.test, work", "territories: [DE, AT], backup: bob@acme.test, work")
      .replace("backup: sdr, work", "territories: [AT], backup: sdr, work");
    expect(await diagnose(fallback, head)).toEqual([
      `${at("{ ann@acme.test: 1 }")}: warning: weights are ignored: team sdr uses strategy territory`,
      `${at("[AT]")}: warning: territory AT is covered by both ann@acme.test and bob@acme.test: they take turns on its leads`,
    ]);
  });

  it("checks territories when a routing rule assigns by territory, even if the team's own strategy does not", async () => {
    const head = HEAD.replace(
      "  sdr: { manager: ann@acme.test }",
      "  sdr: { manager: ann@acme.test, territoryProperty: country }",
    )
      .replace("backup: bob@acme.test, work", "territories: [United Kingdom], backup: bob@acme.test, work")
      .replace("backup: sdr, work", "territories: [united kingdom ], backup: sdr, work");
    expect(
      await diagnose("routing:\n  - { key: fallback, assign: { team: sdr, strategy: territory } }\n", head),
    ).toEqual([
      `${at("[united kingdom ]")}: warning: territory united kingdom is covered by both ann@acme.test and bob@acme.test: they take turns on its leads`,
    ]);
    // Without a rule that routes by territory, territories are not checked.
    expect(await diagnose(fallback, head)).toEqual([]);
  });

  it("says what 1d means under business hours, and accepts business days", async () => {
    const rule = (t: string) => `routing:\n  - { key: fallback, assign: { team: sdr }, sla: { firstTouch: ${t} } }\n`;
    expect(await diagnose(rule("1d"))).toEqual([
      `${at("1d }")}: warning: first touch 1d means 24 working hours, about 3 working days of 8h: write 1bd for business days`,
    ]);
    expect(await diagnose(rule("1bd"))).toEqual([]);
    expect(await diagnose(rule("2bd4h"))).toEqual([]);
  });

  it("accepts dated absences and holidays, and still needs a backup for them", async () => {
    const head = HEAD.replace(
      "backup: sdr, work",
      "away: { from: 2026-12-01, until: 2026-12-03 }, holidays: [2026-12-24], work",
    ).replace("  sdr: { manager: ann@acme.test }", "  sdr: { manager: ann@acme.test, holidays: [2026-11-26] }");
    expect(await diagnose(fallback + "holidays: [2026-12-25]\n", head)).toEqual([
      `${at("{ from: 2026-12-01")}: error: bob@acme.test is away and has no backup: their leads and deals have no one to go to`,
    ]);
  });

  it("errors when a capacity team can take no new leads at all", async () => {
    const head = HEAD.replace(
      "  sdr: { manager: ann@acme.test }",
      "  sdr: { manager: ann@acme.test, strategy: capacity }",
    ).replace(/backup: ([\w@.]+), work/g, "capacity: { newLeadsPerDay: 0 }, backup: $1, work");
    expect(await diagnose(fallback, head)).toEqual([
      `${at("capacity }")}: error: team sdr assigns by capacity but the members who are not away can take 0 new leads per day`,
    ]);
  });

  it("a backup can be a team with someone available", async () => {
    const head = HEAD.replace("backup: bob@acme.test, work", "backup: sdr, away: true, work");
    expect(await diagnose(fallback, head)).toEqual([]);
  });
});

describe("pipeline checks", () => {
  it("ticket pipelines need a closed stage, ignore probabilities, and nothing stalls once closed", async () => {
    const head = HEAD.replace(/pipelines:[\s\S]*$/, "");
    expect(
      await diagnose(
        `${fallback}pipelines:
  support:
    label: Support
    object: tickets
    stages:
      - { key: new, label: New, probability: 0.2 }
      - { key: waiting, label: Waiting, stalledAfter: 2d }
`,
        head,
      ),
    ).toEqual([
      `${at("- { key: new")}: error: ticket pipeline support has no closed stage: mark at least one stage closed: won or closed: lost`,
      `${at("0.2 }")}: warning: probability is ignored for ticket stages`,
    ]);
  });

  it("retired stages must really be gone and move their deals to a live stage", async () => {
    const head = HEAD.replace(
      "      - { key: lost,",
      "    retiredStages: [ { key: open, moveTo: gone } ]\n      - { key: lost,",
    );
    const lines = await diagnose(
      fallback,
      head
        .replace("    retiredStages: [ { key: open, moveTo: gone } ]\n", "")
        .replace(
          "      - { key: lost, label: Lost, probability: 0.0, closed: lost }\n",
          "      - { key: lost, label: Lost, probability: 0.0, closed: lost }\n    retiredStages: [ { key: open, moveTo: gone } ]\n",
        ),
    );
    expect(lines).toEqual([
      `${at("open, moveTo")}: error: stage open is listed as retired but is still in stages`,
      `${at("gone ")}: error: unknown stage "gone" in pipeline nb`,
    ]);
  });

  it("warns that stalledAfter on a closed stage does nothing", async () => {
    const head = HEAD.replace("closed: lost }", "closed: lost, stalledAfter: 1d }");
    expect(await diagnose(fallback, head)).toEqual([
      `${at("1d }")}: warning: stalledAfter is ignored on a closed stage: nothing stalls once closed`,
    ]);
  });
});

describe("automation and reporting checks", () => {
  it("a schedule needs exactly one of cron or every, and cron has five fields", async () => {
    expect(
      await diagnose(`${fallback}automations:
  - { key: a, on: { schedule: { cron: "0 8 * *", every: 1d } }, do: [ { notify: { to: [owner], message: hi } } ] }
`),
    ).toEqual([
      `${at("{ cron:")}: error: schedule needs exactly one of cron or every`,
      `${at('"0 8')}: error: expected a cron expression with 5 fields (minute hour day month weekday), found "0 8 * *"`,
    ]);
  });

  it("slaBreached needs an SLA to breach; webhooks are unique and encrypted", async () => {
    expect(
      await diagnose(`${fallback}automations:
  - { key: a, on: { slaBreached: {} }, do: [ { webhook: { url: "http://hooks.example.com/x" } } ] }
  - { key: b, on: { webhook: { path: /in } }, do: [ { wait: { for: 1h } } ] }
  - { key: c, on: { webhook: { path: /in } }, do: [ { setProperty: { property: hs_lead_status, value: NEW } } ] }
`),
    ).toEqual([
      `${at("{} }")}: error: no routing rule has an sla, so slaBreached can never fire`,
      `${at('"http://')}: warning: this webhook sends record data unencrypted: use https`,
      `${at("{ wait:")}: warning: a wait at the end of an automation does nothing`,
      `${at("/in } }, do: [ { set")}: error: webhook path /in is already used by automation b`,
    ]);
  });

  it("a lifecycle conversion needs a lifecycle; properties need known groups and options only for enumerations", async () => {
    expect(
      await diagnose(`${fallback}reporting:
  metrics: [ { key: mql-sql, type: conversion, from: lead, to: customer } ]
properties:
  contacts:
    tier: { label: Tier, type: string, group: revstak, options: [ { value: a, label: A } ] }
`),
    ).toEqual([
      `${at("lead, to")}: error: a conversion without pipeline measures lifecycle stages, but there is no lifecycle`,
      `${at("revstak,")}: error: unknown property group "revstak"`,
      `${at("[ { value: a")}: error: only enumeration and bool properties have options; tier is string`,
    ]);
  });

  it("warns when no automation platform is targeted but routing exists", async () => {
    expect(await diagnose(fallback, HEAD.replace("targets: { automation: n8n }\n", ""))).toEqual([
      "t.yaml:1:1: warning: no automation platform in targets: routing rules and automations will not be applied (add automation: n8n)",
    ]);
  });
});

describe("condition implication (shadowed rules)", () => {
  const c = (op: Condition["op"], value?: Condition["value"], property = "p"): Condition => ({ property, op, value });
  it.each<[Condition, Condition, boolean]>([
    [c("eq", "DE"), c("in", ["DE", "AT"]), true],
    [c("in", ["DE", "AT"]), c("eq", "DE"), false],
    [c("gte", 5000), c("gte", 1000), true],
    [c("gt", 1000), c("gte", 1000), true],
    [c("gte", 1000), c("gt", 1000), false],
    [c("eq", 10), c("lte", 10), true],
    [c("eq", "DE"), c("neq", "AT"), true],
    [c("eq", "DE"), c("known"), true],
    [c("neq", "DE"), c("known"), false],
    [c("eq", "enterprise plan"), c("contains", "enterprise"), true],
    [c("eq", "DE", "country"), c("eq", "DE", "region"), false],
  ])("%o ⇒ %o is %s", (x, y, expected) => {
    expect(implies(x, y)).toBe(expected);
  });

  it("a rule with more conditions is covered by one with fewer; any-rules need every branch covered", () => {
    expect(covers([[c("gte", 1000)]], [[c("gte", 5000), c("eq", "DE", "country")]])).toBe(true);
    expect(covers([[c("gte", 5000), c("eq", "DE", "country")]], [[c("gte", 1000)]])).toBe(false);
    expect(covers([[c("eq", "a")], [c("eq", "b")]], [[c("eq", "a")]])).toBe(true);
    expect(covers([[c("eq", "a")]], [[c("eq", "a")], [c("eq", "b")]])).toBe(false);
    expect(covers(undefined, [[c("eq", "a")]])).toBe(true);
  });
});

describe("the delete: list", () => {
  it("accepts keys of every kind, written as revstack:adoptObjects writes them", async () => {
    expect(
      await diagnose(
        fallback +
          "delete:\n  - property:deals/lead_source\n  - group:contacts/legacy\n  - pipeline:deals/Old Sales\n" +
          "  - user:jo@example.com\n  - team:Old team\n",
      ),
    ).toEqual([]);
  });

  it("places an unknown kind or object type, with the nearest word", async () => {
    expect(
      await diagnose(fallback + "delete:\n  - propety:deals/lead_source\n  - property:deal/lead_source\n  - user:jo\n"),
    ).toEqual([
      // Every prefix of the key table (src/blueprint/object-keys.ts), with one example of each.
      `${at("propety:")}: error: "propety:deals/lead_source" is not an object key: it starts with ${KEY_PREFIXES.join(":, ")}: ` +
        `(e.g. ${KEY_EXAMPLES}); did you mean "property"?`,
      `${at("property:deal/")}: error: "property:deal/lead_source": unknown object type "deal" for a property; one of contacts, companies, deals, tickets; did you mean "deals"?`,
      `${at("user:jo")}: error: "user:jo": a user is named by its email, e.g. user:jo@example.com`,
    ]);
  });

  it("refuses HubSpot's own objects", async () => {
    const message =
      "is one of HubSpot's own objects: revstack never deletes those (leave it out of the blueprint and it is released)";
    expect(
      await diagnose(
        fallback +
          "delete:\n  - property:deals/dealname\n  - group:deals/dealinformation\n  - pipeline:deals/Sales Pipeline\n",
      ),
    ).toEqual([
      `${at("property:deals/dealname")}: error: "property:deals/dealname" ${message}`,
      `${at("group:deals/dealinformation")}: error: "group:deals/dealinformation" ${message}`,
      `${at("pipeline:deals/Sales")}: error: "pipeline:deals/Sales Pipeline" ${message}`,
    ]);
  });
});

describe("custom object property checks", () => {
  // HEAD ends in its pipelines: the object's pipeline goes on among them.
  const subscription = `  renewals:
    label: Renewals
    object: subscription
    stages:
      - { key: due, label: Renewal due }
      - { key: renewed, label: Renewed }
customObjects:
  subscription:
    labels: { singular: Subscription, plural: Subscriptions }
    primaryDisplayProperty: subscription_name
    properties:
      subscription_name: { label: Subscription name, type: string }
`;
  const automation = (property: string) => `automations:
  - key: renewal-created
    on: { recordCreated: { object: subscription } }
    if: { all: [ { property: ${property}, op: known } ] }
    do: [ { notify: { to: ["slack:#cs"], message: "A renewal" } } ]
`;

  it("knows the pipeline and stage HubSpot gives every custom object's records", async () => {
    expect(await diagnose(subscription + automation("hs_pipeline_stage"))).toEqual([]);
    expect(await diagnose(subscription + automation("hs_pipeline"))).toEqual([]);
  });

  it("still stops a condition on a property the custom object does not have", async () => {
    const d = await diagnose(subscription + automation("hs_pipeline_stag"));
    expect(d).toEqual([
      `${at("hs_pipeline_stag,")}: error: property "hs_pipeline_stag" is not declared under customObjects.subscription.properties and is not a HubSpot default subscription property, so this condition can never match; did you mean "hs_pipeline_stage"?`,
    ]);
  });
});
