import { describe, expect, it } from "vitest";
import { api, clientSandbox, dealStage, failure } from "./helpers";

const t = clientSandbox();

describe("pipelines through @hubspot/api-client", () => {
  it("lists the seeded deal and ticket pipelines with typed dates and string metadata", async () => {
    const deals = await t.client.crm.pipelines.pipelinesApi.getAll("deals");
    const sales = deals.results.find((p) => p.id === "default")!;
    expect(sales.label).toBe("Sales Pipeline");
    expect(sales.createdAt).toBeInstanceOf(Date);
    expect(sales.createdAt.getTime()).toBe(0);
    const won = sales.stages.find((s) => s.id === "closedwon")!;
    expect(won.metadata).toEqual({ probability: "1.0", isClosed: "true" });
    const tickets = await t.client.crm.pipelines.pipelinesApi.getAll("tickets");
    expect(tickets.results[0].stages.map((s) => s.metadata!.ticketState)).toEqual(["OPEN", "OPEN", "OPEN", "CLOSED"]);
  });

  it("creates, reads, patches, replaces and deletes a pipeline", async () => {
    const created = await t.client.crm.pipelines.pipelinesApi.create("deals", {
      label: "Partner deals",
      displayOrder: 2,
      stages: [dealStage("Sourced", 0, 0.1), dealStage("Won", 1, 1), dealStage("Lost", 2, 0)],
    });
    expect(created.id).toMatch(/^\d+$/);
    expect(created.stages.map((s) => [s.label, s.metadata!.probability, s.metadata!.isClosed])).toEqual([
      ["Sourced", "0.1", "false"],
      ["Won", "1.0", "true"],
      ["Lost", "0.0", "true"],
    ]);
    expect((await t.client.crm.pipelines.pipelinesApi.getById("deals", created.id)).label).toBe("Partner deals");

    const patched = await t.client.crm.pipelines.pipelinesApi.update("deals", created.id, {
      label: "Partner pipeline",
    });
    expect(patched.label).toBe("Partner pipeline");
    expect(patched.displayOrder).toBe(2);

    const sourcedId = created.stages[0].id;
    const replaced = await t.client.crm.pipelines.pipelinesApi.replace("deals", created.id, {
      label: "Partner pipeline",
      displayOrder: 3,
      stages: [dealStage("Sourced", 0, 0.2), dealStage("Signed", 1, 1)],
    });
    expect(replaced.stages.map((s) => s.label)).toEqual(["Sourced", "Signed"]);
    expect(replaced.stages[0].id).toBe(sourcedId);

    const audit = await t.client.crm.pipelines.pipelineAuditsApi.getAudit("deals", created.id);
    expect(audit.results.map((a) => a.action)).toEqual(["UPDATE", "UPDATE", "CREATE"]);
    expect(audit.results[0].timestamp).toBeInstanceOf(Date);

    await t.client.crm.pipelines.pipelinesApi.archive("deals", created.id);
    const gone = await failure(t.client.crm.pipelines.pipelinesApi.getById("deals", created.id));
    expect(gone.code).toBe(404);
    expect(gone.body).toMatchObject({ status: "error", category: "OBJECT_NOT_FOUND" });
    expect(gone.body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    const all = await t.client.crm.pipelines.pipelinesApi.getAll("deals");
    expect(all.results.some((p) => p.id === created.id)).toBe(false);

    // PATCH archived:false is the one way back from the recycling bin.
    const restored = await t.client.crm.pipelines.pipelinesApi.update("deals", created.id, { archived: false });
    expect(restored.archived).toBe(false);
  });

  it("keeps each stage id once when a replace both names a stage and reuses its old label", async () => {
    const created = await t.client.crm.pipelines.pipelinesApi.create("deals", {
      label: "Swap",
      displayOrder: 7,
      stages: [dealStage("Old", 0, 0.2), dealStage("Other", 1, 0.4)],
    });
    const [old] = created.stages;
    const res = await api(t.sb, "PUT", `/crm/v3/pipelines/deals/${created.id}`, {
      label: "Swap",
      displayOrder: 7,
      stages: [{ ...dealStage("Renamed", 0, 0.2), stageId: old.id }, dealStage("Old", 1, 0.4)],
    });
    expect(res.status).toBe(200);
    const ids = res.body.stages.map((s: { id: string }) => s.id);
    expect(ids[0]).toBe(old.id);
    expect(new Set(ids).size).toBe(2);
  });

  it("manages stages and their audit", async () => {
    const pipeline = await t.client.crm.pipelines.pipelinesApi.create("tickets", {
      label: "Escalations",
      displayOrder: 1,
      stages: [{ label: "Open", displayOrder: 0, metadata: {} }],
    });
    const stages = t.client.crm.pipelines.pipelineStagesApi;
    const closed = await stages.create("tickets", pipeline.id, {
      label: "Done",
      displayOrder: 1,
      metadata: { ticketState: "CLOSED" },
    });
    expect(closed.metadata).toEqual({ ticketState: "CLOSED", isClosed: "true" });
    expect((await stages.getById("tickets", pipeline.id, closed.id)).label).toBe("Done");
    const renamed = await stages.update("tickets", pipeline.id, closed.id, { label: "Resolved", metadata: {} });
    expect(renamed.label).toBe("Resolved");
    expect(renamed.metadata!.isClosed).toBe("true");
    const replaced = await stages.replace("tickets", pipeline.id, closed.id, {
      label: "Resolved",
      displayOrder: 5,
      metadata: { ticketState: "OPEN" },
    });
    expect(replaced.metadata).toEqual({ ticketState: "OPEN", isClosed: "false" });
    expect((await stages.getAll("tickets", pipeline.id)).results.map((s) => s.label)).toEqual(["Open", "Resolved"]);
    const audit = await t.client.crm.pipelines.pipelineStageAuditsApi.getAudit("tickets", closed.id);
    expect(audit.results.map((a) => a.action)).toEqual(["UPDATE", "UPDATE", "CREATE"]);
    await stages.archive("tickets", pipeline.id, closed.id);
    expect((await failure(stages.getById("tickets", pipeline.id, closed.id))).code).toBe(404);
  });

  it("refuses duplicate labels, bad probabilities and too many stages", async () => {
    const dup = await failure(
      t.client.crm.pipelines.pipelinesApi.create("deals", {
        label: "sales pipeline",
        displayOrder: 9,
        stages: [dealStage("A", 0, 0.5)],
      }),
    );
    expect(dup.code).toBe(400);
    expect(dup.body).toMatchObject({
      category: "VALIDATION_ERROR",
      subCategory: "PipelineError.PIPELINE_LABEL_ALREADY_EXISTS",
    });
    const dupStage = await failure(
      t.client.crm.pipelines.pipelineStagesApi.create("deals", "default", dealStage("closed won", 9, 1)),
    );
    expect(dupStage.code).toBe(400);
    const badProbability = await failure(
      t.client.crm.pipelines.pipelinesApi.create("deals", {
        label: "P",
        displayOrder: 9,
        stages: [dealStage("A", 0, 0.25)],
      }),
    );
    expect(badProbability.body.errors[0].in).toBe("stages[0].metadata.probability");
    const noProbability = await failure(
      t.client.crm.pipelines.pipelinesApi.create("deals", {
        label: "P",
        displayOrder: 9,
        stages: [{ label: "A", displayOrder: 0, metadata: {} }],
      }),
    );
    expect(noProbability.code).toBe(400);
    const many = Array.from({ length: 101 }, (_, i) => dealStage(`S${i}`, i, 0.5));
    const tooMany = await failure(
      t.client.crm.pipelines.pipelinesApi.create("deals", { label: "Huge", displayOrder: 9, stages: many }),
    );
    expect(tooMany.body.subCategory).toBe("PipelineError.TOO_MANY_STAGES");
    const ok = await t.client.crm.pipelines.pipelinesApi.create("deals", {
      label: "Huge",
      displayOrder: 9,
      stages: many.slice(0, 100),
    });
    expect(ok.stages).toHaveLength(100);
    const unknownType = await failure(t.client.crm.pipelines.pipelinesApi.getAll("widgets"));
    expect(unknownType.code).toBe(400);
  });

  it("blocks deleting a pipeline whose stages are in use only when a validation flag asks for it; never a stage", async () => {
    const pipeline = await t.client.crm.pipelines.pipelinesApi.create("deals", {
      label: "Renewals",
      displayOrder: 4,
      stages: [dealStage("Due", 0, 0.5), dealStage("Renewed", 1, 1)],
    });
    const [due] = pipeline.stages;
    const deal = await t.client.crm.deals.basicApi.create({
      properties: { dealname: "ACME renewal", pipeline: pipeline.id, dealstage: due.id },
    });
    const blocked = await failure(t.client.crm.pipelines.pipelinesApi.archive("deals", pipeline.id, true));
    expect(blocked.code).toBe(400);
    expect(blocked.body).toMatchObject({
      category: "VALIDATION_ERROR",
      subCategory: "PipelineError.STAGE_ID_IN_USE",
      message: `Stage IDs: [${due.id}] are being referenced by object IDs: [${deal.id}]`,
      context: { stageIds: [`[${due.id}]`], objectIds: [`[${deal.id}]`] },
    });
    const viaReplace = await failure(
      t.client.crm.pipelines.pipelinesApi.replace(
        "deals",
        pipeline.id,
        { label: "Renewals", displayOrder: 4, stages: [dealStage("Renewed", 0, 1)] },
        undefined,
        true,
      ),
    );
    expect(viaReplace.body.subCategory).toBe("PipelineError.STAGE_ID_IN_USE");
    // The stage DELETE takes no reference check (hubspot-api.md §11): a stage in use goes, even when asked to check.
    expect(
      (
        await api(
          t.sb,
          "DELETE",
          `/crm/v3/pipelines/deals/${pipeline.id}/stages/${due.id}?validateReferencesBeforeDelete=true`,
        )
      ).status,
    ).toBe(204);
    // v3's default is not to validate: the delete goes through and the deal keeps its stage id.
    await t.client.crm.pipelines.pipelinesApi.archive("deals", pipeline.id);
    expect((await t.client.crm.deals.basicApi.getById(deal.id)).properties.dealstage).toBe(due.id);
  });
});
