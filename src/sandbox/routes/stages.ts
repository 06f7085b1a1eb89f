import {
  assertUniqueStageLabels,
  audit,
  chooseId,
  livePipeline,
  liveStage,
  newStage,
  normalizeMetadata,
  pipelinesOf,
  pipelineType,
  presentPipeline,
  presentStage,
  readStageInput,
  stageAuditKey,
  stageIdTaken,
} from "../pipeline-rules";
import { invalid } from "../errors";
import { created, noContent, ok, type Context, type Route } from "../router";
import { requireNumber, requireObject, requireString } from "../validate";
import type { Stage } from "../model";

const base = "/crm/v3/pipelines/{objectType}/{pipelineId}/stages";

function create(ctx: Context) {
  const type = pipelineType(ctx);
  const pipeline = livePipeline(ctx, type);
  const input = readStageInput(type, ctx.body, "stage");
  assertUniqueStageLabels([...pipeline.stages, { id: "", label: input.label }]);
  const id = chooseId(ctx, "stage", input.id, "stageId", (candidate) => stageIdTaken(ctx.store, type, candidate));
  const stage = newStage(id, input, ctx.now);
  pipeline.stages.push(stage);
  pipeline.updatedAt = ctx.now;
  audit(ctx, stageAuditKey(type, pipeline.id, id), "CREATE", id, presentStage(stage), "Created stage");
  ctx.store.changed();
  return created(presentStage(stage), `/crm/v3/pipelines/${type}/${pipeline.id}/stages/${id}`);
}

function write(
  ctx: Context,
  next: (stage: Stage) => Omit<Stage, "id" | "createdAt" | "updatedAt" | "archived">,
  message: string,
) {
  const type = pipelineType(ctx);
  const pipeline = livePipeline(ctx, type);
  const stage = liveStage(ctx, pipeline);
  const changed = next(stage);
  assertUniqueStageLabels(pipeline.stages.map((s) => (s === stage ? { ...s, label: changed.label } : s)));
  Object.assign(stage, changed, { updatedAt: ctx.now });
  pipeline.updatedAt = ctx.now;
  audit(ctx, stageAuditKey(type, pipeline.id, stage.id), "UPDATE", stage.id, presentStage(stage), message);
  ctx.store.changed();
  return ok(presentStage(stage));
}

const replace = (ctx: Context) => {
  const type = pipelineType(ctx);
  return write(
    ctx,
    () => {
      const { label, displayOrder, metadata } = readStageInput(type, ctx.body, "stage");
      return { label, displayOrder, metadata };
    },
    "Replaced stage",
  );
};

/**
 * PATCH merges metadata keys into the stage's, then re-derives `isClosed`. HubSpot's `PipelineStagePatchInput`
 * requires `metadata` even for a PATCH (hubspot-api.md §1 quirk 7, §11): without it the request is refused.
 */
const update = (ctx: Context) => {
  const type = pipelineType(ctx);
  return write(
    ctx,
    (stage) => {
      const body = requireObject(ctx.body);
      if (body.metadata === undefined)
        throw invalid("Invalid input JSON: metadata is required", [
          { message: "metadata is required", code: "REQUIRED_FIELD", in: "metadata" },
        ]);
      return {
        label: body.label === undefined ? stage.label : requireString(body.label, "label"),
        displayOrder:
          body.displayOrder === undefined ? stage.displayOrder : requireNumber(body.displayOrder, "displayOrder"),
        metadata:
          body.metadata === undefined
            ? stage.metadata
            : normalizeMetadata(type, { ...stage.metadata, ...requireObject(body.metadata, "metadata") }, "metadata"),
      };
    },
    "Updated stage",
  );
};

function archive(ctx: Context) {
  const type = pipelineType(ctx);
  const pipeline = livePipeline(ctx, type);
  const stage = liveStage(ctx, pipeline);
  if (pipeline.stages.filter((s) => !s.archived).length === 1) {
    throw invalid("A pipeline needs at least one stage; delete the pipeline instead", [
      { message: "last stage", in: "stageId" },
    ]);
  }
  Object.assign(stage, { archived: true, archivedAt: ctx.now, updatedAt: ctx.now });
  pipeline.updatedAt = ctx.now;
  audit(ctx, stageAuditKey(type, pipeline.id, stage.id), "DELETE", stage.id, presentStage(stage), "Deleted stage");
  ctx.store.changed();
  return noContent();
}

/**
 * HubSpot's Node client (13.x) sends the stage audit request without filling in `{pipelineId}`; the stage id alone
 * identifies the stage (stage ids are unique per object type), so the sandbox answers that form too.
 */
function auditPipelineId(ctx: Context, type: string): string {
  if (ctx.params.pipelineId !== "{pipelineId}") return ctx.params.pipelineId;
  const owner = Object.values(pipelinesOf(ctx.store, type)).find((p) =>
    p.stages.some((s) => s.id === ctx.params.stageId),
  );
  return owner?.id ?? ctx.params.pipelineId;
}

export const stageRoutes: Route[] = [
  { method: "GET", path: base, handler: (ctx) => ok({ results: presentPipeline(livePipeline(ctx)).stages }) },
  { method: "POST", path: base, handler: create },
  { method: "GET", path: `${base}/{stageId}`, handler: (ctx) => ok(presentStage(liveStage(ctx, livePipeline(ctx)))) },
  { method: "PUT", path: `${base}/{stageId}`, handler: replace },
  { method: "PATCH", path: `${base}/{stageId}`, handler: update },
  { method: "DELETE", path: `${base}/{stageId}`, handler: archive },
  {
    method: "GET",
    path: `${base}/{stageId}/audit`,
    handler: (ctx) => {
      const type = pipelineType(ctx);
      const pipeline = livePipeline(
        { ...ctx, params: { ...ctx.params, pipelineId: auditPipelineId(ctx, type) } },
        type,
      );
      const stage = liveStage(ctx, pipeline);
      return ok({ results: ctx.store.state.audits[stageAuditKey(type, pipeline.id, stage.id)] ?? [] });
    },
  },
];
