import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import * as pipeline from "../../providers/pipeline";
import type { PipelineOutputs } from "../../providers/pipeline";
import { UNKNOWN } from "../../providers/shared/diff";
import * as stage from "../../providers/stage";
import type { StageInputs } from "../../providers/stage";
import { api, newProcess, resetStats, sandbox, settings, stats } from "./helpers";

let sb: Sandbox;
let p: PipelineOutputs;
let n = 0;
beforeAll(async () => (sb = await sandbox()));
afterAll(() => sb.stop());
beforeEach(async () => {
  newProcess();
  p = (
    await pipeline.create(settings(sb), {
      key: "nb",
      objectType: "deals",
      label: `Stage test ${++n}`,
      displayOrder: 0,
      retiredStages: {},
      stages: [
        { key: "discovery", label: "Discovery", displayOrder: 0, probability: 0.1 },
        { key: "won", label: "Closed Won", displayOrder: 1, probability: 1 },
      ],
    })
  ).outs as PipelineOutputs;
});

const inputs = (over: Partial<StageInputs> = {}): StageInputs => ({
  objectType: "deals",
  pipelineId: p.hubspotId,
  stageId: p.stageIds.discovery,
  key: "discovery",
  label: "Discovery",
  displayOrder: 0,
  probability: 0.1,
  ...over,
});

describe("PipelineStage provider", () => {
  it("adopts the stage its pipeline created without writing when it already matches", async () => {
    await resetStats(sb);
    const res = await stage.create(settings(sb), inputs());
    expect(res.id).toBe(p.stageIds.discovery);
    expect((await stats(sb)).writes).toBe(0);
  });

  it("edits one stage with exactly one PATCH", async () => {
    await resetStats(sb);
    await stage.update(
      settings(sb),
      p.stageIds.discovery,
      inputs(),
      inputs({ label: "Qualification", probability: 0.2 }),
    );
    const s = await stats(sb);
    expect(s.writes).toBe(1);
    expect(s.byRoute["PATCH /crm/pipelines/2026-09/{objectType}/{pipelineId}/stages/{stageId}"]).toBe(1);
    const live = await api(sb, "GET", `/crm/pipelines/2026-09/deals/${p.hubspotId}/stages/${p.stageIds.discovery}`);
    expect(live).toMatchObject({ label: "Qualification", metadata: { probability: "0.2" } });
  });

  it("reads a hand edit as drift in the input's shape, and {} once the stage is gone", async () => {
    await api(sb, "PATCH", `/crm/pipelines/2026-09/deals/${p.hubspotId}/stages/${p.stageIds.discovery}`, {
      label: "Disco",
      displayOrder: 7,
      metadata: { probability: "0.5" },
    });
    newProcess();
    const read = await stage.read(settings(sb), p.stageIds.discovery, inputs());
    expect(read.props).toEqual(inputs({ label: "Disco", displayOrder: 7, probability: 0.5 }));
    expect(await stage.diff(p.stageIds.discovery, read.props as StageInputs, inputs())).toEqual({ changes: true });
    await api(sb, "DELETE", `/crm/pipelines/2026-09/deals/${p.hubspotId}/stages/${p.stageIds.discovery}`);
    newProcess();
    expect(await stage.read(settings(sb), p.stageIds.discovery, inputs())).toEqual({});
  });

  it("diffs fields, replaces on a new stage id, and takes an unknown id in a preview as unchanged", async () => {
    const olds = inputs();
    expect(await stage.diff("s", olds, inputs())).toEqual({ changes: false });
    expect(await stage.diff("s", olds, inputs({ probability: 0.2 }))).toEqual({ changes: true });
    expect(await stage.diff("s", olds, inputs({ label: UNKNOWN }))).toEqual({ changes: true });
    expect(await stage.diff("s", olds, inputs({ stageId: "other" }))).toEqual({ changes: true, replaces: ["stageId"] });
    expect(await stage.diff("s", olds, inputs({ stageId: UNKNOWN, pipelineId: UNKNOWN }))).toEqual({ changes: false });
  });

  it("fails with a way out when the stage it should adopt is not there", async () => {
    await expect(stage.create(settings(sb), inputs({ stageId: "nope" }))).rejects.toThrow(
      /not in pipeline .*pulumi refresh/,
    );
  });

  it("leaves HubSpot alone on delete: the pipeline removes its stages", async () => {
    await resetStats(sb);
    await stage.delete(settings(sb), p.stageIds.discovery, inputs());
    expect((await stats(sb)).writes).toBe(0);
  });
});
