/** extends: how a business unit's blueprint applies to its base (docs/blueprint.md, "Composition"). */
import { describe, expect, it } from "vitest";
import { formatDiagnostic, loadBlueprint } from "../../src/blueprint";
import { memoryFiles } from "./memory-files";

const BASE = `apiVersion: revstack/v1
kind: Blueprint
metadata: { name: base, currency: USD, region: NA }
targets: { automation: n8n }
teams:
  sdr: { manager: ann@acme.test, strategy: round_robin }
  ae: { manager: bob@acme.test }
owners:
  - { email: ann@acme.test, team: sdr, backup: bob@acme.test, capacity: { newLeadsPerDay: 10 }, workingHours: { start: "09:00", end: "17:00" } }
  - { email: bob@acme.test, team: ae, backup: ae, workingHours: { start: "09:00", end: "17:00" } }
routing:
  - key: big
    when: { all: [ { property: numemployees, op: gte, value: 1000 } ] }
    assign: { team: ae }
    sla: { firstTouch: 1h }
  - { key: fallback, assign: { team: sdr } }
pipelines:
  nb:
    label: New Business
    stages:
      - { key: discovery, label: Discovery, probability: 0.1, stalledAfter: 7d }
      - { key: demo, label: Demo, probability: 0.3 }
      - { key: won, label: Won, probability: 1.0, closed: won }
      - { key: lost, label: Lost, probability: 0.0, closed: lost }
automations:
  - key: nudge
    on: { stageStalled: { pipeline: nb } }
    do: [ { createTask: { title: Follow up } } ]
reporting:
  metrics:
    - { key: win-rate, type: conversion, pipeline: nb, from: discovery, to: won, target: 0.2 }
`;

const child = (body: string, metadata = "{ name: child }") => `apiVersion: revstack/v1
kind: Blueprint
extends: ./base.yaml
metadata: ${metadata}
${body}`;

async function resolve(body: string, extra: Record<string, string> = {}, metadata?: string) {
  return loadBlueprint(
    "/bp/child.yaml",
    memoryFiles({ "/bp/base.yaml": BASE, "/bp/child.yaml": child(body, metadata), ...extra }),
  );
}

async function resolved(body: string, metadata?: string) {
  const result = await resolve(body, {}, metadata);
  expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
  return result.blueprint!;
}

describe("extends", () => {
  it("maps merge by key: the child overrides fields and keeps the rest", async () => {
    const bp = await resolved(
      "teams:\n  sdr: { strategy: weighted, weights: { ann@acme.test: 1 } }\n",
      "{ name: child, currency: EUR }",
    );
    expect(bp.metadata).toEqual({ name: "child", currency: "EUR", region: "NA" });
    expect(bp.teams.sdr).toEqual({ manager: "ann@acme.test", strategy: "weighted", weights: { "ann@acme.test": 1 } });
    expect(Object.keys(bp.teams)).toEqual(["sdr", "ae"]);
  });

  it("keyed lists merge by key in place; new items go last unless placed with before/after", async () => {
    const bp = await resolved(`routing:
  - { key: big, sla: { firstTouch: 30m } }
  - key: emea
    before: fallback
    when: { all: [ { property: country, op: eq, value: Germany } ] }
    assign: { team: sdr }
pipelines:
  nb:
    stages:
      - { key: demo, probability: 0.4 }
      - { key: proposal, label: Proposal, probability: 0.6, after: demo }
`);
    expect(bp.routing.map((r) => r.key)).toEqual(["big", "emea", "fallback"]);
    expect(bp.routing[0].sla?.firstTouch).toBe("30m");
    expect(bp.routing[0].when).toEqual({ all: [{ property: "numemployees", op: "gte", value: 1000 }] });
    expect(bp.pipelines.nb.stages.map((s) => [s.key, s.probability])).toEqual([
      ["discovery", 0.1],
      ["demo", 0.4],
      ["proposal", 0.6],
      ["won", 1],
      ["lost", 0],
    ]);
    expect(JSON.stringify(bp)).not.toMatch(/"before"|"after"|"remove"/);
  });

  it("removes an inherited item only when told, and a removed stage says where its deals go", async () => {
    const bp = await resolved(`owners:
  - { email: ann@acme.test, backup: cat@acme.test }
  - { email: bob@acme.test, remove: true }
  - { email: cat@acme.test, team: ae, backup: ae, workingHours: { start: "08:00", end: "16:00" } }
teams:
  ae: { manager: cat@acme.test }
pipelines:
  nb:
    stages:
      - { key: demo, remove: true }
    retiredStages: [ { key: demo, moveTo: discovery } ]
`);
    expect(bp.owners.map((o) => o.email)).toEqual(["ann@acme.test", "cat@acme.test"]);
    expect(bp.pipelines.nb.stages.map((s) => s.key)).toEqual(["discovery", "won", "lost"]);
    expect(bp.pipelines.nb.retiredStages).toEqual([{ key: "demo", moveTo: "discovery" }]);
  });

  it("removes map entries with remove: true and clears fields with null", async () => {
    const bp = await resolved(`teams:
  sdr: { strategy: ~ }
automations:
  - { key: nudge, remove: true }
reporting:
  metrics:
    - { key: win-rate, target: ~ }
`);
    expect(bp.teams.sdr.strategy).toBe("round_robin"); // cleared, so the model's default applies again
    expect(bp.automations).toEqual([]);
    expect(bp.reporting.metrics[0]).toEqual({
      key: "win-rate",
      type: "conversion",
      pipeline: "nb",
      from: "discovery",
      to: "won",
    });
  });

  it("replaces a trigger whole instead of mixing two triggers", async () => {
    const bp = await resolved(`automations:
  - key: nudge
    on: { stageEntered: { pipeline: nb, stage: demo } }
`);
    expect(bp.automations[0].on).toEqual({ stageEntered: { pipeline: "nb", stage: "demo" } });
    expect(bp.automations[0].do).toEqual([{ createTask: { title: "Follow up", for: "owner" } }]);
  });

  it("follows chains and reports each problem in the file that has it", async () => {
    const files = {
      "/bp/base.yaml": BASE,
      "/bp/mid.yaml": child("routing:\n  - { key: big, sla: { firstTouch: 2h } }\n"),
      "/bp/leaf.yaml": child("routing:\n  - { key: big, assign: { team: sales } }\n").replace(
        "./base.yaml",
        "./mid.yaml",
      ),
    };
    const { blueprint, diagnostics } = await loadBlueprint("/bp/leaf.yaml", memoryFiles(files));
    expect(blueprint).toBeUndefined();
    expect(diagnostics.map(formatDiagnostic)).toEqual(['/bp/leaf.yaml:6:33: error: unknown team "sales"']);
    const ok = await loadBlueprint("/bp/mid.yaml", memoryFiles(files));
    expect(ok.blueprint?.routing[0].sla?.firstTouch).toBe("2h");
  });

  it("detects cycles at the extends line that closes them", async () => {
    const files = {
      "/bp/a.yaml": child("").replace("./base.yaml", "./b.yaml").replace("name: child", "name: a"),
      "/bp/b.yaml": child("").replace("./base.yaml", "./a.yaml").replace("name: child", "name: b"),
    };
    const { diagnostics } = await loadBlueprint("/bp/a.yaml", memoryFiles(files));
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "/bp/b.yaml:3:10: error: extends cycle: a.yaml → b.yaml → a.yaml",
    ]);
  });

  it("a base is validated as a whole blueprint, a child as a layer", async () => {
    const { diagnostics } = await resolve("teams:\n  sdr: { manger: bob@acme.test }\n", {
      "/bp/base.yaml": BASE.replace("label: New Business", "lable: New Business"),
    });
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      '/bp/base.yaml:19:5: error: missing required key "label" (expected a string)',
      '/bp/base.yaml:19:5: error: unknown key "lable"; did you mean "label"?',
      '/bp/child.yaml:6:10: error: unknown key "manger"; did you mean "manager"?',
    ]);
  });

  it("a removal that leaves a required field empty is reported where the field was cleared", async () => {
    const { diagnostics } = await resolve("teams:\n  sdr: { manager: ~ }\n");
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      '/bp/child.yaml:6:8: error: missing required key "manager" (expected a string)',
    ]);
  });
});
