/**
 * Customizing HubSpot's default deal pipeline without owning it, through the real engine: a blueprint that declares
 * `pipelines.default` and renames a default stage finds the stage by its HubSpot id (not its label), renames it in
 * place (its deal stays), never deletes a default stage, and releases the pipeline when it leaves the blueprint.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { BUILTIN_PIPELINES } from "../../src/blueprint/checks/builtin-pipelines";
import { reviewDigest } from "../../src/review/engine/review";
import type { Sandbox } from "../../src/sandbox";
import { api, resetStats, sandbox, stats } from "../providers/helpers";
import { pulumiBinDir } from "../support/engine";
import { adoptingStack } from "../support/portal";

let sb: Sandbox;
let dir: string;
let dealId: string;

/** A blueprint declaring HubSpot's default deal pipeline with every default stage, `labels` overriding some. */
function blueprint(labels: Record<string, string> | undefined): Record<string, unknown> {
  const builtin = BUILTIN_PIPELINES.default.pipeline;
  const pipelines =
    labels === undefined
      ? {}
      : {
          default: {
            label: builtin.label,
            object: "deals",
            stages: builtin.stages.map((s) => ({ ...s, label: labels[s.key] ?? s.label })),
          },
        };
  return {
    apiVersion: "revstack/v1",
    kind: "Blueprint",
    metadata: { name: "default-pipeline" },
    targets: { crm: "hubspot" },
    pipelines,
  };
}

const defaultPipeline = async () => api(sb, "GET", "/crm/pipelines/2026-09/deals/default");
const labelOf = async (stageId: string) =>
  (await defaultPipeline()).stages.find((s: { id: string }) => s.id === stageId)?.label;
const deletes = (byRoute: Record<string, number>) => Object.keys(byRoute).filter((r) => r.startsWith("DELETE"));

beforeAll(async () => {
  sb = await sandbox();
  dir = await mkdtemp(path.join(tmpdir(), "revstack-default-pipeline-"));
  const deal = await api(sb, "POST", "/crm/objects/2026-09/deals", {
    properties: { dealname: "Early", pipeline: "default", dealstage: "appointmentscheduled" },
  });
  dealId = deal.id;
});

afterAll(async () => {
  await sb?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!pulumiBinDir())("customizing HubSpot's default pipeline", () => {
  it(
    "renames a default stage by its id, keeps its deal, never deletes a default stage, and releases the pipeline",
    { timeout: 600_000 },
    async () => {
      const file = path.join(dir, "blueprint.yaml");
      const engine = await adoptingStack("defaults", sb, file);
      try {
        const stagesBefore = (await defaultPipeline()).stages.map((s: { id: string }) => s.id).sort();

        // A default stage renamed in the blueprint: adopted by id and renamed in place, nothing created or deleted.
        await writeFile(file, YAML.stringify(blueprint({ appointmentscheduled: "Discovery call" })));
        await resetStats(sb);
        await engine.up();
        let seen = await stats(sb);
        expect(deletes(seen.byRoute)).toEqual([]);
        expect(Object.keys(seen.byRoute).filter((r) => r.startsWith("POST"))).toEqual([]);
        expect(await labelOf("appointmentscheduled")).toBe("Discovery call");
        expect((await defaultPipeline()).stages.map((s: { id: string }) => s.id).sort()).toEqual(stagesBefore);
        const deal = await api(sb, "GET", `/crm/objects/2026-09/deals/${dealId}?properties=dealstage,pipeline`);
        expect(deal.properties).toMatchObject({ pipeline: "default", dealstage: "appointmentscheduled" });
        expect(await engine.preview()).toEqual({});
        expect(await engine.preview({ refresh: true })).toEqual({});

        // Renamed again: one PATCH of that stage.
        await writeFile(file, YAML.stringify(blueprint({ appointmentscheduled: "Intro call" })));
        await resetStats(sb);
        await engine.up();
        seen = await stats(sb);
        expect(seen.writes, JSON.stringify(seen.byRoute)).toBe(1);
        expect(await labelOf("appointmentscheduled")).toBe("Intro call");

        // A default stage left out of the blueprint is released, not deleted (it holds no deals here, so only the rule stops it).
        const withoutContract = blueprint({ appointmentscheduled: "Intro call" }) as {
          pipelines: { default: { stages: Array<{ key: string }> } };
        };
        withoutContract.pipelines.default.stages = withoutContract.pipelines.default.stages.filter(
          (s) => s.key !== "contractsent",
        );
        await writeFile(file, YAML.stringify(withoutContract));
        const partial = reviewDigest((await engine.previewJson()).digest, { title: "preview", mode: "preview" });
        expect(partial.changes.map((c) => `${c.action} ${c.message}`)).toContain(
          "release Stage 'Contract Sent' is HubSpot's own: it is released (stays in the pipeline as it is, with its deals)",
        );
        await resetStats(sb);
        await engine.up();
        expect(deletes((await stats(sb)).byRoute)).toEqual([]);
        expect(await labelOf("contractsent")).toBe("Contract Sent");
        expect(await engine.preview({ refresh: true })).toEqual({});

        // The customization leaves the blueprint: the pipeline is released, nothing is deleted, the label stays as it is.
        await writeFile(file, YAML.stringify(blueprint(undefined)));
        const releasing = reviewDigest((await engine.previewJson()).digest, { title: "preview", mode: "preview" });
        expect(releasing.changes.map((c) => c.action)).toContain("release");
        expect(releasing.changes.filter((c) => c.action === "remove")).toEqual([]);
        await resetStats(sb);
        await engine.up();
        seen = await stats(sb);
        expect(seen.writes, JSON.stringify(seen.byRoute)).toBe(0);
        expect((await defaultPipeline()).stages.map((s: { id: string }) => s.id).sort()).toEqual(stagesBefore);
        expect(await labelOf("appointmentscheduled")).toBe("Intro call");
        expect(await engine.resources()).not.toContainEqual(expect.objectContaining({ type: "hubspot:Pipeline" }));
      } finally {
        await engine.dispose();
      }
    },
  );
});
