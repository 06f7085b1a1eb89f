// Edits that touch live data apply safely: a swap of two stage labels, of two pipeline labels or of two option labels
// applies in one `up` with exactly the blueprint's end state (a run that failed in between is finished by the next),
// and a property type change on a property that holds values is refused with 0 writes unless the blueprint opts in
// with allowTypeChange.
import { readFile, rm, writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import type { EngineStack } from "../support/engine";
import { dealPipeline, dealPipelines, editableBlueprint, sandboxStack, stageOf } from "../support/portal";
import { api, faults, resetStats, sandbox, stats } from "../providers/helpers";

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

  /** Swaps the labels of the two deal pipelines in the blueprint. */
  const swapPipelineLabels = async () => {
    const [a, b] = (await readFile(file, "utf8")).match(/^    label: .+$/gm)!;
    await edit(a, "    label: <swapping>");
    await edit(b, a);
    await edit("    label: <swapping>", b);
  };

  /** Each pipeline's label by blueprint key, as HubSpot has them (the stack's ids, read from the state). */
  const labelsByKey = async (): Promise<Record<string, string>> => {
    const ids = Object.fromEntries(
      (await engine.resources())
        .filter((r) => r.type.endsWith("hubspot:Pipeline"))
        .map((r) => [String(r.outputs?.key), String(r.id)]),
    );
    const live = await dealPipelines(sb);
    return Object.fromEntries(
      Object.entries(ids).map(([key, id]) => [key, live.find((p) => p.id === id)?.label ?? "(gone)"]),
    );
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
    expect(after.stages.map((s) => s.label).sort()).toEqual([
      "Closed Lost",
      "Closed Won",
      "Demo Scheduled",
      "Discovery",
      "Proposal Sent",
    ]);
    expect(await engine.preview({ refresh: true })).toEqual({});
  });

  it("refuses a type change on a property that holds values, writing nothing, until the blueprint opts in", async () => {
    const pipeline = await dealPipeline(sb, "New Business");
    await api(sb, "POST", "/crm/v3/objects/deals", {
      properties: {
        dealname: "Budgeted",
        pipeline: pipeline.id,
        dealstage: stageOf(pipeline, "Discovery").id,
        e2e_budget: "5000",
      },
    });
    await edit(
      "e2e_budget: { label: Budget, description: Expected deal budget, type: number,",
      "e2e_budget: { label: Budget, description: Expected deal budget, type: string,",
    );
    await resetStats(sb);
    const output = await engine.failedUp();
    expect(output).toContain(
      'Property "e2e_budget" (deals) would change type from number (number) to string (text) while 1 record(s) hold a value',
    );
    expect(output).toContain("allowTypeChange: true");
    expect(output).not.toMatch(/^\s{4}at /m);
    expect((await stats(sb)).writes).toBe(0);
    expect((await api(sb, "GET", "/crm/v3/properties/deals/e2e_budget")).type).toBe("number");

    await edit("type: string,", "type: string, allowTypeChange: true,");
    await engine.up();
    expect((await api(sb, "GET", "/crm/v3/properties/deals/e2e_budget")).type).toBe("string");
  });

  it("swaps two pipeline labels in one up, ending exactly at the blueprint", async () => {
    expect(await labelsByKey()).toEqual({ "new-business": "New Business", renewals: "Renewals" });
    await swapPipelineLabels();
    await engine.up();
    expect(await labelsByKey()).toEqual({ "new-business": "Renewals", renewals: "New Business" });
    expect((await dealPipelines(sb)).map((p) => p.label).sort()).toEqual([
      "New Business",
      "Renewals",
      "Sales Pipeline",
    ]);
    expect(await engine.preview({ refresh: true })).toEqual({});
  });

  it("a pipeline label swap that failed is finished by the next up", async () => {
    await swapPipelineLabels();
    await faults(sb, { error5xx: 1, routes: ["PATCH /crm/pipelines/2026-09/{objectType}/{pipelineId}"] });
    await engine.failedUp();
    await faults(sb, {});
    expect(await labelsByKey()).toEqual({ "new-business": "Renewals", renewals: "New Business" });
    await engine.up();
    expect(await labelsByKey()).toEqual({ "new-business": "New Business", renewals: "Renewals" });

    // As a run that stopped right after the temporary label leaves the portal.
    await swapPipelineLabels();
    const renewals = await dealPipeline(sb, "Renewals");
    await api(sb, "PATCH", `/crm/pipelines/2026-09/deals/${renewals.id}`, {
      label: `Renewals (renaming ${renewals.id})`,
    });
    await engine.up();
    expect(await labelsByKey()).toEqual({ "new-business": "Renewals", renewals: "New Business" });
    expect(await engine.preview({ refresh: true })).toEqual({});
  });

  it("swaps two option labels in one up, ending exactly at the blueprint", async () => {
    await edit("{ value: inbound, label: Inbound }", "{ value: inbound, label: Outbound }");
    await edit("{ value: outbound, label: Outbound }", "{ value: outbound, label: Inbound }");
    await resetStats(sb);
    await engine.up();
    expect((await stats(sb)).writes).toBe(1);
    const options = (await api(sb, "GET", "/crm/properties/2026-09/deals/e2e_source")).options;
    expect(options.map((o: { value: string; label: string }) => `${o.value}:${o.label}`)).toEqual([
      "inbound:Outbound",
      "outbound:Inbound",
    ]);
    expect(await engine.preview({ refresh: true })).toEqual({});
  });

  it("refuses removing a property that holds values before any write, though the run changes other things", async () => {
    // The deal from the type-change case still holds e2e_budget; Pulumi would write the option label first and
    // delete the property last, so the refusal must come before the program declares anything.
    const text = await readFile(file, "utf8");
    const budget = text.match(/^ {4}e2e_budget: .*\n/m)![0];
    await edit(budget, "");
    await edit("{ value: inbound, label: Outbound }", "{ value: inbound, label: Inbound web }");
    const { digest } = await engine.previewJson();
    const warnings = (digest.diagnostics ?? []).map((d) => d.message).join("");
    expect(warnings).toContain(
      'pulumi up will stop here: Property "e2e_budget" (deals) still holds a value on 1 deal record(s)',
    );
    await resetStats(sb);
    const output = await engine.failedUp();
    expect(output).toContain('Property "e2e_budget" (deals) still holds a value on 1 deal record(s)');
    expect(output).not.toMatch(/^\s{4}at /m);
    expect((await stats(sb)).writes).toBe(0);
    const options = (await api(sb, "GET", "/crm/properties/2026-09/deals/e2e_source")).options;
    expect(options.map((o: { label: string }) => o.label)).toEqual(["Outbound", "Inbound"]);

    await edit("  deals:\n    e2e_source:", `  deals:\n${budget}    e2e_source:`);
    await engine.up();
    expect((await api(sb, "GET", "/crm/properties/2026-09/deals/e2e_budget")).name).toBe("e2e_budget");
  });
});
