// The product's promise, end to end with the real engine and the sandbox on 127.0.0.1: `pulumi up` makes the portal
// match the blueprint, a second run does nothing, hand edits show up as drift and are repaired, a blueprint edit
// makes the minimal writes, and destroy leaves the portal as it was.
import { readFile, rm, writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import type { EngineStack } from "../support/engine";
import {
  dealPipeline,
  editableBlueprint,
  portalSnapshot,
  sandboxStack,
  stageEdit,
  stageLine,
  stageOf,
} from "../support/portal";
import { api, resetStats, sandbox, stats } from "../providers/helpers";

const newBusiness = [
  "Discovery@0:0.1",
  "Demo Scheduled@1:0.2",
  "Proposal Sent@2:0.6",
  "Closed Won@3:1.0",
  "Closed Lost@4:0.0",
];
const renewals = ["Renewal Upcoming@0:0.7", "Renewed@1:1.0", "Churned@2:0.0"];

describe("pulumi up against the sandbox", { timeout: 300_000 }, () => {
  let sb: Sandbox;
  let engine: EngineStack;
  let dir: string;
  let blueprint: string;
  let before: unknown;

  beforeAll(async () => {
    sb = await sandbox({ tier: 100 });
    before = await portalSnapshot(sb);
    ({ dir, file: blueprint } = await editableBlueprint("lifecycle.yaml"));
    engine = await sandboxStack("lifecycle", sb, blueprint);
  });

  afterAll(async () => {
    await engine?.dispose();
    await sb?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("creates the blueprint's pipelines, stages and properties", async () => {
    // stack + blueprint component + 2 pipelines + 8 stages + 1 property group + 2 properties
    expect(await engine.up()).toEqual({ create: 15 });
    expect(stageLine(await dealPipeline(sb, "New Business"))).toEqual(newBusiness);
    expect(stageLine(await dealPipeline(sb, "Renewals"))).toEqual(renewals);
    const properties = await api(sb, "GET", "/crm/properties/2026-09/deals/e2e_source");
    expect(properties.options.map((o: { value: string }) => o.value)).toEqual(["inbound", "outbound"]);
  });

  it("then has nothing to do: preview, up with zero writes, refresh", async () => {
    expect(await engine.preview()).toEqual({});
    await resetStats(sb);
    expect(await engine.up()).toEqual({});
    expect((await stats(sb)).writes).toBe(0);
    expect(await engine.refresh()).toEqual({});
  });

  it("shows hand edits in the portal as drift and repairs them", async () => {
    const nb = await dealPipeline(sb, "New Business");
    const stagesUrl = `/crm/pipelines/2026-09/deals/${nb.id}/stages`;
    const edit = (label: string, change: Parameters<typeof stageEdit>[1]) =>
      api(sb, "PATCH", `${stagesUrl}/${stageOf(nb, label).id}`, stageEdit(stageOf(nb, label), change));
    await edit("Discovery", { label: "Disco" });
    await edit("Demo Scheduled", { metadata: { probability: "0.5" } });
    await edit("Proposal Sent", { displayOrder: 9 });
    const rn = await dealPipeline(sb, "Renewals");
    await api(sb, "DELETE", `/crm/pipelines/2026-09/deals/${rn.id}/stages/${stageOf(rn, "Churned").id}`);
    await api(sb, "POST", `/crm/pipelines/2026-09/deals/${rn.id}/stages`, {
      label: "Added by hand",
      displayOrder: 5,
      metadata: { probability: "0.3" },
    });

    const { digest } = await engine.previewJson({ refresh: true });
    // The label, probability and order edits are stage updates; the deleted stage is created again and the stage
    // added by hand is removed by its pipeline, which owns the set of stages.
    const drift = digest.steps
      .filter((s) => s.op !== "same" && s.op !== "refresh")
      .map((s) => `${s.op} ${s.urn.split("::").pop()}`);
    expect(drift.sort()).toEqual([
      "create stage.renewals.churned",
      "update pipeline.renewals",
      "update stage.new-business.demo",
      "update stage.new-business.discovery",
      "update stage.new-business.proposal",
    ]);

    expect(await engine.up({ refresh: true })).not.toEqual({});
    expect(stageLine(await dealPipeline(sb, "New Business"))).toEqual(newBusiness);
    expect(stageLine(await dealPipeline(sb, "Renewals"))).toEqual(renewals);
    expect(await engine.preview({ refresh: true })).toEqual({});
  });

  it("applies a blueprint edit with exactly the writes it needs", async () => {
    const yaml = await readFile(blueprint, "utf8");
    await writeFile(
      blueprint,
      yaml
        .replace("label: Demo Scheduled, probability: 0.2", "label: Demo Booked, probability: 0.3")
        .replace("e2e_budget: { label: Budget,", "e2e_budget: { label: Budget (USD),"),
    );
    await resetStats(sb);
    expect(await engine.up()).toEqual({ update: 2 });
    const { writes, byRoute } = await stats(sb);
    expect(writes).toBe(2);
    expect(
      Object.keys(byRoute)
        .filter((r) => !r.startsWith("GET"))
        .sort(),
    ).toEqual([
      "PATCH /crm/pipelines/2026-09/{objectType}/{pipelineId}/stages/{stageId}",
      "PATCH /crm/properties/2026-09/{objectType}/{propertyName}",
    ]);
    expect(stageOf(await dealPipeline(sb, "New Business"), "Demo Booked").metadata.probability).toBe("0.3");
  });

  it("destroy leaves the portal as it was", async () => {
    expect(await engine.destroy()).toEqual({ delete: 15 });
    expect(await portalSnapshot(sb)).toEqual(before);
  });
});
