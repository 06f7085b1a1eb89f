import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import * as pipeline from "../../providers/pipeline";
import type { PipelineInputs, PipelineOutputs } from "../../providers/pipeline";
import { UNKNOWN } from "../../providers/shared/diff";
import { api, faults, newProcess, resetStats, sandbox, settings, stats } from "./helpers";

let sb: Sandbox;
beforeAll(async () => (sb = await sandbox()));
afterAll(() => sb.stop());
beforeEach(newProcess);

let n = 0;
function spec(over: Partial<PipelineInputs> = {}): PipelineInputs {
  n++;
  return {
    key: `p${n}`,
    objectType: "deals",
    label: `Pipeline ${n}`,
    displayOrder: 5,
    stages: [
      { key: "discovery", label: "Discovery", displayOrder: 0, probability: 0.1 },
      { key: "demo", label: "Demo Scheduled", displayOrder: 1, probability: 0.3 },
      { key: "won", label: "Closed Won", displayOrder: 2, probability: 1 },
      { key: "lost", label: "Closed Lost", displayOrder: 3, probability: 0 },
    ],
    retiredStages: {},
    ...over,
  };
}

async function created(inputs: PipelineInputs): Promise<PipelineOutputs> {
  return (await pipeline.create(settings(sb), inputs)).outs as PipelineOutputs;
}

const deal = (pipelineId: string, stageId: string) =>
  api(sb, "POST", "/crm/objects/2026-09/deals", {
    properties: { dealname: "Acme", pipeline: pipelineId, dealstage: stageId },
  });

describe("Pipeline provider", () => {
  it("creates the pipeline with all its stages in one write, and reads back without drift", async () => {
    await resetStats(sb);
    const inputs = spec();
    const outs = await created(inputs);
    expect((await stats(sb)).writes).toBe(1);
    expect(Object.keys(outs.stageIds).sort()).toEqual(["demo", "discovery", "lost", "won"]);
    newProcess();
    const read = await pipeline.read(settings(sb), outs.hubspotId, outs);
    expect(read.id).toBe(outs.hubspotId);
    expect(await pipeline.diff(outs.hubspotId, read.props as PipelineOutputs, inputs)).toEqual({ changes: false });
  });

  it("diffs without calling HubSpot and always says whether something changed", async () => {
    const inputs = spec();
    const olds: PipelineOutputs = {
      ...inputs,
      hubspotId: "1",
      stageIds: { discovery: "a", demo: "b", won: "c", lost: "d" },
      unmanagedStages: [],
    };
    await resetStats(sb);
    const cases: Array<[string, Partial<PipelineInputs>, Partial<PipelineOutputs>, object]> = [
      ["nothing", {}, {}, { changes: false }],
      ["label", { label: "Renamed" }, {}, { changes: true }],
      ["order", { displayOrder: 9 }, {}, { changes: true }],
      [
        "object type",
        { objectType: "tickets" },
        {},
        { changes: true, replaces: ["objectType"], deleteBeforeReplace: true },
      ],
      ["unknown label", { label: UNKNOWN }, {}, { changes: true }],
      ["unknown stages", { stages: UNKNOWN as never }, {}, { changes: true }],
      [
        "a stage's fields only",
        { stages: inputs.stages.map((s) => ({ ...s, label: s.label + "!" })) },
        {},
        { changes: false },
      ],
      [
        "a stage added",
        { stages: [...inputs.stages, { key: "x", label: "X", displayOrder: 4, probability: 0.5 }] },
        {},
        { changes: true },
      ],
      ["a stage added by hand", {}, { unmanagedStages: [{ id: "z", label: "Z" }] }, { changes: true }],
    ];
    for (const [what, news, old, expected] of cases) {
      expect(await pipeline.diff("1", { ...olds, ...old }, { ...inputs, ...news }), what).toEqual(expected);
    }
    expect((await stats(sb)).reads).toBe(0);
  });

  it("reads {} for a pipeline deleted in HubSpot and throws when HubSpot fails", async () => {
    const outs = await created(spec());
    await faults(sb, { error5xx: 1, statuses: [503] });
    newProcess();
    await expect(pipeline.read(settings(sb), outs.hubspotId, outs)).rejects.toThrow(/503/);
    await faults(sb, {});
    await api(sb, "DELETE", `/crm/pipelines/2026-09/deals/${outs.hubspotId}`);
    newProcess();
    expect(await pipeline.read(settings(sb), outs.hubspotId, outs)).toEqual({});
  });

  it("sees a stage added by hand as drift and removes it on update", async () => {
    const inputs = spec();
    const outs = await created(inputs);
    await api(sb, "POST", `/crm/pipelines/2026-09/deals/${outs.hubspotId}/stages`, {
      label: "Hand made",
      displayOrder: 9,
      metadata: { probability: "0.5" },
    });
    newProcess();
    const read = await pipeline.read(settings(sb), outs.hubspotId, outs);
    const olds = read.props as PipelineOutputs;
    expect(olds.unmanagedStages.map((s) => s.label)).toEqual(["Hand made"]);
    expect((await pipeline.diff(outs.hubspotId, olds, inputs)).changes).toBe(true);
    await pipeline.update(settings(sb), outs.hubspotId, olds, inputs);
    newProcess();
    const live = await api(sb, "GET", `/crm/pipelines/2026-09/deals/${outs.hubspotId}`);
    expect(live.stages.map((s: { label: string }) => s.label).sort()).toEqual([
      "Closed Lost",
      "Closed Won",
      "Demo Scheduled",
      "Discovery",
    ]);
  });

  it("refuses to remove a stage that holds deals, before any write, naming the stage and the count", async () => {
    const inputs = spec();
    const outs = await created(inputs);
    await deal(outs.hubspotId, outs.stageIds.demo);
    await deal(outs.hubspotId, outs.stageIds.demo);
    const news = { ...inputs, label: "Also renamed", stages: inputs.stages.filter((s) => s.key !== "demo") };
    await resetStats(sb);
    await expect(pipeline.update(settings(sb), outs.hubspotId, outs, news)).rejects.toThrow(
      /stage "Demo Scheduled" still holds 2 deal\(s\).*retiredStages: \{ key: demo, moveTo: <stage key> \}.*Nothing was changed/,
    );
    expect((await stats(sb)).writes).toBe(0);
  });

  it("moves the deals where the blueprint says, then removes the stage", async () => {
    const inputs = spec();
    const outs = await created(inputs);
    const d = await deal(outs.hubspotId, outs.stageIds.demo);
    const news = {
      ...inputs,
      stages: inputs.stages.filter((s) => s.key !== "demo"),
      retiredStages: { demo: "discovery" },
    };
    const { outs: after } = await pipeline.update(settings(sb), outs.hubspotId, outs, news);
    expect(Object.keys(after.stageIds).sort()).toEqual(["discovery", "lost", "won"]);
    expect((await api(sb, "GET", `/crm/objects/2026-09/deals/${d.id}?properties=dealstage`)).properties.dealstage).toBe(
      outs.stageIds.discovery,
    );
    const live = await api(sb, "GET", `/crm/pipelines/2026-09/deals/${outs.hubspotId}`);
    expect(live.stages.map((s: { id: string }) => s.id)).not.toContain(outs.stageIds.demo);
  });

  it("guards and moves tickets the same way in a ticket pipeline", async () => {
    const inputs = spec({
      objectType: "tickets",
      stages: [
        { key: "new", label: "New", displayOrder: 0, ticketState: "OPEN" },
        { key: "waiting", label: "Waiting", displayOrder: 1, ticketState: "OPEN" },
        { key: "closed", label: "Closed", displayOrder: 2, ticketState: "CLOSED" },
      ],
    });
    const outs = await created(inputs);
    const t = await api(sb, "POST", "/crm/objects/2026-09/tickets", {
      properties: { subject: "Help", hs_pipeline: outs.hubspotId, hs_pipeline_stage: outs.stageIds.waiting },
    });
    const news = { ...inputs, stages: inputs.stages.filter((s) => s.key !== "waiting") };
    await expect(pipeline.update(settings(sb), outs.hubspotId, outs, news)).rejects.toThrow(
      /stage "Waiting" still holds 1 ticket\(s\)/,
    );
    await pipeline.update(settings(sb), outs.hubspotId, outs, { ...news, retiredStages: { waiting: "new" } });
    expect(
      (await api(sb, "GET", `/crm/objects/2026-09/tickets/${t.id}?properties=hs_pipeline_stage`)).properties
        .hs_pipeline_stage,
    ).toBe(outs.stageIds.new);
  });

  it("keeps a custom object's pipeline: blank stage metadata, its records guarded and moved, its delete counted", async () => {
    await api(sb, "POST", "/crm-object-schemas/2026-09/schemas", {
      name: "subscription",
      labels: { singular: "Subscription", plural: "Subscriptions" },
      primaryDisplayProperty: "plan",
      requiredProperties: [],
      properties: [{ name: "plan", label: "Plan", type: "string", fieldType: "text" }],
      associatedObjects: [],
    });
    const inputs = spec({
      objectType: "p_subscription",
      stages: [
        { key: "due", label: "Renewal due", displayOrder: 0 },
        { key: "quoted", label: "Quoted", displayOrder: 1 },
        { key: "renewed", label: "Renewed", displayOrder: 2 },
      ],
    });
    const outs = await created(inputs);
    const live = await api(sb, "GET", `/crm/pipelines/2026-09/p_subscription/${outs.hubspotId}`);
    expect(live.stages.map((s: { metadata: object }) => s.metadata)).toEqual([{}, {}, {}]);
    newProcess();
    const read = await pipeline.read(settings(sb), outs.hubspotId, outs);
    expect(read.inputs).toMatchObject({ objectType: "p_subscription", stages: inputs.stages });
    const record = await api(sb, "POST", "/crm/objects/2026-09/p_subscription", {
      properties: { plan: "Scale", hs_pipeline: outs.hubspotId, hs_pipeline_stage: outs.stageIds.quoted },
    });
    const news = { ...inputs, stages: inputs.stages.filter((s) => s.key !== "quoted") };
    await resetStats(sb);
    await expect(pipeline.update(settings(sb), outs.hubspotId, outs, news)).rejects.toThrow(
      /stage "Quoted" still holds 1 subscription record\(s\).*Nothing was changed/,
    );
    expect((await stats(sb)).writes).toBe(0);
    const { outs: after } = await pipeline.update(settings(sb), outs.hubspotId, outs, {
      ...news,
      retiredStages: { quoted: "due" },
    });
    const moved = await api(sb, "GET", `/crm/objects/2026-09/p_subscription/${record.id}?properties=hs_pipeline_stage`);
    expect(moved.properties.hs_pipeline_stage).toBe(outs.stageIds.due);
    await resetStats(sb);
    await expect(pipeline.delete(settings(sb), outs.hubspotId, after)).rejects.toThrow(
      /Pipeline "Pipeline \d+" still holds 1 subscription record\(s\)/,
    );
    expect((await stats(sb)).writes).toBe(0);
  });

  it("adds a new blueprint stage with one write", async () => {
    const inputs = spec();
    const outs = await created(inputs);
    const news = {
      ...inputs,
      stages: [...inputs.stages, { key: "legal", label: "Legal Review", displayOrder: 4, probability: 0.9 }],
    };
    await resetStats(sb);
    const { outs: after } = await pipeline.update(settings(sb), outs.hubspotId, outs, news);
    expect(after.stageIds.legal).toBeDefined();
    expect((await stats(sb)).writes).toBe(1);
  });

  it("without revstack:adopt, refuses a pipeline that exists already and says how to adopt it", async () => {
    const inputs = spec();
    await api(sb, "POST", "/crm/pipelines/2026-09/deals", {
      label: inputs.label,
      displayOrder: 0,
      stages: [{ label: "Discovery", displayOrder: 0, metadata: { probability: "0.1" } }],
    });
    await expect(pipeline.create(settings(sb), inputs)).rejects.toThrow(/already exists.*revstack:adoptObjects/);
  });

  it("with revstack:adopt, takes the pipeline over: known stages by label, missing ones added, extra ones removed", async () => {
    const inputs = spec();
    const live = await api(sb, "POST", "/crm/pipelines/2026-09/deals", {
      label: inputs.label,
      displayOrder: 0,
      stages: [
        { label: "discovery", displayOrder: 0, metadata: { probability: "0.1" } },
        { label: "Old stage", displayOrder: 1, metadata: { probability: "0.2" } },
      ],
    });
    const { id, outs } = await pipeline.create(settings(sb, { "revstack:adopt": "true" }), inputs);
    expect(id).toBe(live.id);
    expect(outs.stageIds.discovery).toBe(live.stages[0].id);
    const after = await api(sb, "GET", `/crm/pipelines/2026-09/deals/${live.id}`);
    expect(after.stages.map((s: { label: string }) => s.label).sort()).toEqual([
      "Closed Lost",
      "Closed Won",
      "Demo Scheduled",
      "discovery",
    ]);
    expect(after.displayOrder).toBe(5);
  });

  it("stops before any write when the token belongs to another portal", async () => {
    await resetStats(sb);
    await expect(pipeline.create(settings(sb, { "hubspot:portalId": "999" }), spec())).rejects.toThrow(
      /Portal guard: hubspot:portalId is 999 but the token belongs to portal/,
    );
    expect((await stats(sb)).writes).toBe(0);
  });

  it("refuses to delete a pipeline that still holds deals, counted by revstack (the sandbox, like HubSpot, would delete it)", async () => {
    const outs = await created(spec());
    await deal(outs.hubspotId, outs.stageIds.won);
    await resetStats(sb);
    await expect(pipeline.delete(settings(sb), outs.hubspotId, outs)).rejects.toThrow(/still holds 1 deal/);
    expect((await stats(sb)).writes).toBe(0);
    const empty = await created(spec());
    await pipeline.delete(settings(sb), empty.hubspotId, empty);
    newProcess();
    expect(await pipeline.read(settings(sb), empty.hubspotId, empty)).toEqual({});
  });
});
