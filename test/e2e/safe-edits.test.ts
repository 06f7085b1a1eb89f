// Edits that touch live data apply safely: a swap of two stage labels applies in one `up` with exactly the
// blueprint's end state, and a property type change on a property that holds values is refused with 0 writes
// unless the blueprint opts in with allowTypeChange.
import { readFile, rm, writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import type { EngineStack } from "../support/engine";
import { dealPipeline, editableBlueprint, sandboxStack, stageOf } from "../support/portal";
import { api, resetStats, sandbox, stats } from "../providers/helpers";

describe("edits that touch live data", { timeout: 600_000 }, () => {
  let sb: Sandbox;
  let engine: EngineStack;
  let dir: string;
  let file: string;

  const edit = async (from: string, to: string) => {
    const text = await readFile(file, "utf8");
    if (!text.includes(from)) throw new Error(`the blueprint has no ${from}`);
    await writeFile(file, text.replace(from, to));
  };

  beforeAll(async () => {
    sb = await sandbox({ tier: 250 });
    ({ dir, file } = await editableBlueprint("lifecycle.yaml"));
    engine = await sandboxStack("safe-edits", sb, file);
    expect(await engine.up()).toMatchObject({ create: 15 });
  });

  afterAll(async () => {
    await engine?.dispose();
    await sb?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("swaps two stage labels in one up, ending exactly at the blueprint", async () => {
    const before = await dealPipeline(sb, "New Business");
    const demo = stageOf(before, "Demo Scheduled").id;
    const proposal = stageOf(before, "Proposal Sent").id;
    await edit("{ key: demo, label: Demo Scheduled", "{ key: demo, label: Proposal Sent");
    await edit("{ key: proposal, label: Proposal Sent", "{ key: proposal, label: Demo Scheduled");
    await engine.up();
    const after = await dealPipeline(sb, "New Business");
    expect(after.stages.find((s) => s.id === demo)?.label).toBe("Proposal Sent");
    expect(after.stages.find((s) => s.id === proposal)?.label).toBe("Demo Scheduled");
    expect(after.stages.map((s) => s.label).sort()).toEqual(["Closed Lost", "Closed Won", "Demo Scheduled", "Discovery", "Proposal Sent"]);
    expect(await engine.preview({ refresh: true })).toEqual({});
  });

  it("refuses a type change on a property that holds values, writing nothing, until the blueprint opts in", async () => {
    const pipeline = await dealPipeline(sb, "New Business");
    await api(sb, "POST", "/crm/v3/objects/deals", {
      properties: { dealname: "Budgeted", pipeline: pipeline.id, dealstage: stageOf(pipeline, "Discovery").id, e2e_budget: "5000" },
    });
    await edit("e2e_budget: { label: Budget, description: Expected deal budget, type: number,",
      "e2e_budget: { label: Budget, description: Expected deal budget, type: string,");
    await resetStats(sb);
    const from = engine.logs.length;
    const err = await engine.up().then(() => undefined, (e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    const output = engine.logs.slice(from).join("") + String(err);
    expect(output).toContain('Property "e2e_budget" (deals) would change type from number (number) to string (text) while 1 record(s) hold a value');
    expect(output).toContain("allowTypeChange: true");
    expect(output).not.toMatch(/^\s{4}at /m);
    expect((await stats(sb)).writes).toBe(0);
    expect((await api(sb, "GET", "/crm/v3/properties/deals/e2e_budget")).type).toBe("number");

    await edit("type: string,", "type: string, allowTypeChange: true,");
    await engine.up();
    expect((await api(sb, "GET", "/crm/v3/properties/deals/e2e_budget")).type).toBe("string");
  });
});
