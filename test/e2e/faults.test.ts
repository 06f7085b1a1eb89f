// An unreliable CRM: with 5xx errors, unexpected 429s and writes whose response is lost, reruns of `pulumi up`
// converge on the blueprint and never create a second pipeline, stage or property.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import type { EngineStack } from "../support/engine";
import { dealPipelines, fixtureBlueprint, portalSnapshot, sandboxStack } from "../support/portal";
import { api, faults, sandbox } from "../providers/helpers";

const MAX_RUNS = 6;

describe("pulumi up against a flaky CRM", { timeout: 600_000 }, () => {
  let sb: Sandbox;
  let engine: EngineStack;
  let before: unknown;

  beforeAll(async () => {
    sb = await sandbox({ tier: 250 });
    before = await portalSnapshot(sb);
    engine = await sandboxStack("faults", sb, fixtureBlueprint("lifecycle.yaml"));
  });

  afterAll(async () => {
    await engine?.dispose();
    await sb?.stop();
  });

  it("converges within a few reruns, without duplicates", async () => {
    await faults(sb, { error5xx: 0.2, error429: 0.1, ambiguousWrite: 0.15, seed: 11 });
    let runs = 0;
    for (let done = false; !done && runs < MAX_RUNS; runs++) {
      done = await engine.up().then(
        () => true,
        () => false,
      );
    }
    expect(runs).toBeLessThanOrEqual(MAX_RUNS);
    await faults(sb, {});
    expect(await engine.preview({ refresh: true })).toEqual({});

    const labels = (await dealPipelines(sb)).map((p) => p.label);
    expect(labels.filter((l) => l === "New Business")).toHaveLength(1);
    expect(labels.filter((l) => l === "Renewals")).toHaveLength(1);
    for (const pipeline of await dealPipelines(sb)) {
      const stageLabels = pipeline.stages.map((s) => s.label);
      expect(new Set(stageLabels).size, pipeline.label).toBe(stageLabels.length);
    }
    const properties = (await api(sb, "GET", "/crm/properties/2026-09/deals")).results.map(
      (p: { name: string }) => p.name,
    );
    expect(properties.filter((n: string) => n.startsWith("e2e_")).sort()).toEqual(["e2e_budget", "e2e_source"]);
  });

  it("destroy still leaves the portal as it was", async () => {
    await engine.destroy();
    expect(await portalSnapshot(sb)).toEqual(before);
  });
});
