import { invalid } from "../errors";
import type { Pipeline, Stage } from "../model";
import {
  assertStagesUnused,
  assertUniquePipelineLabel,
  assertUniqueStageLabels,
  audit,
  chooseId,
  listPipelines,
  livePipeline,
  newStage,
  pipelineAuditKey,
  pipelinesOf,
  pipelineType,
  presentPipeline,
  readStageInput,
  stageIdTaken,
  type StageInput,
} from "../pipeline-rules";
import { created, noContent, ok, type Context, type Route } from "../router";
import { requireArray, requireNumber, requireObject, requireString, sameLabel } from "../validate";

const base = "/crm/v3/pipelines/{objectType}";

function readStages(type: string, raw: unknown): StageInput[] {
  const stages = requireArray(raw, "stages").map((s, i) => readStageInput(type, s, `stages[${i}]`));
  if (stages.length === 0)
    throw invalid("Invalid input: a pipeline needs at least one stage", [
      { message: "at least one stage is required", in: "stages" },
    ]);
  assertUniqueStageLabels(stages.map((s, i) => ({ id: s.id ?? String(i), label: s.label })));
  return stages;
}

function create(ctx: Context) {
  const type = pipelineType(ctx);
  const body = requireObject(ctx.body);
  const label = requireString(body.label, "label");
  const displayOrder = requireNumber(body.displayOrder, "displayOrder");
  const inputs = readStages(type, body.stages);
  assertUniquePipelineLabel(ctx.store, type, label);
  const pipelines = pipelinesOf(ctx.store, type);
  const id = chooseId(ctx, "pipeline", body.pipelineId ?? body.id, "pipelineId", (candidate) => candidate in pipelines);
  const stages: Stage[] = [];
  inputs.forEach((input, i) => {
    const taken = (candidate: string) =>
      stageIdTaken(ctx.store, type, candidate) || stages.some((s) => s.id === candidate);
    stages.push(newStage(chooseId(ctx, "stage", input.id, `stages[${i}].stageId`, taken), input, ctx.now));
  });
  const pipeline: Pipeline = {
    id,
    label,
    displayOrder,
    stages,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    archived: false,
  };
  pipelines[id] = pipeline;
  audit(ctx, pipelineAuditKey(type, id), "CREATE", id, presentPipeline(pipeline), "Created pipeline");
  ctx.store.changed();
  return created(presentPipeline(pipeline), `/crm/v3/pipelines/${type}/${id}`);
}

/** Which live stage each input continues: by explicit id first, then by label among the stages not yet claimed. */
function keptStages(live: Stage[], inputs: StageInput[]): Array<Stage | undefined> {
  const byId = inputs.map((input) => (input.id ? live.find((s) => s.id === input.id) : undefined));
  const claimed = new Set(byId.filter((s): s is Stage => !!s));
  return inputs.map((input, i) => {
    if (input.id) return byId[i];
    const match = live.find((s) => !claimed.has(s) && sameLabel(s.label, input.label));
    if (match) claimed.add(match);
    return match;
  });
}

/** PUT replaces the pipeline; stages keep their id when the input names it or reuses a stage's label. */
function replace(ctx: Context) {
  const type = pipelineType(ctx);
  const pipeline = livePipeline(ctx, type);
  const body = requireObject(ctx.body);
  const label = requireString(body.label, "label");
  const displayOrder = requireNumber(body.displayOrder, "displayOrder");
  const inputs = readStages(type, body.stages);
  assertUniquePipelineLabel(ctx.store, type, label, pipeline.id);
  const live = pipeline.stages.filter((s) => !s.archived);
  const kept = keptStages(live, inputs);
  const removed = live.filter((s) => !kept.includes(s));
  assertStagesUnused(
    ctx,
    type,
    pipeline.id,
    removed.map((s) => s.id),
  );
  const stages: Stage[] = [];
  inputs.forEach((input, i) => {
    const old = kept[i];
    if (old) {
      stages.push({
        ...old,
        label: input.label,
        displayOrder: input.displayOrder,
        metadata: input.metadata,
        updatedAt: ctx.now,
      });
      return;
    }
    const taken = (candidate: string) =>
      stageIdTaken(ctx.store, type, candidate) || stages.some((s) => s.id === candidate);
    stages.push(newStage(chooseId(ctx, "stage", input.id, `stages[${i}].stageId`, taken), input, ctx.now));
  });
  Object.assign(pipeline, { label, displayOrder, stages, updatedAt: ctx.now });
  audit(
    ctx,
    pipelineAuditKey(type, pipeline.id),
    "UPDATE",
    pipeline.id,
    presentPipeline(pipeline),
    "Replaced pipeline",
  );
  ctx.store.changed();
  return ok(presentPipeline(pipeline));
}

/** PATCH changes label/order; `archived:false` restores an archived pipeline and is refused anywhere else. */
function update(ctx: Context) {
  const type = pipelineType(ctx);
  const body = requireObject(ctx.body);
  const pipeline = pipelinesOf(ctx.store, type)[ctx.params.pipelineId];
  const restoring = body.archived === false && pipeline?.archived;
  if (!restoring) livePipeline(ctx, type);
  if (body.archived !== undefined && !restoring) {
    throw invalid("Invalid input: archived may only be set to false, to restore an archived pipeline", [
      { message: "archived is only for restoring", in: "archived" },
    ]);
  }
  const label = body.label === undefined ? pipeline.label : requireString(body.label, "label");
  const displayOrder =
    body.displayOrder === undefined ? pipeline.displayOrder : requireNumber(body.displayOrder, "displayOrder");
  assertUniquePipelineLabel(ctx.store, type, label, pipeline.id);
  Object.assign(pipeline, { label, displayOrder, updatedAt: ctx.now });
  if (restoring) {
    pipeline.archived = false;
    delete pipeline.archivedAt;
  }
  audit(
    ctx,
    pipelineAuditKey(type, pipeline.id),
    "UPDATE",
    pipeline.id,
    presentPipeline(pipeline),
    restoring ? "Restored pipeline" : "Updated pipeline",
  );
  ctx.store.changed();
  return ok(presentPipeline(pipeline));
}

function archive(ctx: Context) {
  const type = pipelineType(ctx);
  const pipeline = livePipeline(ctx, type);
  assertStagesUnused(
    ctx,
    type,
    pipeline.id,
    pipeline.stages.filter((s) => !s.archived).map((s) => s.id),
  );
  Object.assign(pipeline, { archived: true, archivedAt: ctx.now, updatedAt: ctx.now });
  audit(ctx, pipelineAuditKey(type, pipeline.id), "DELETE", pipeline.id, presentPipeline(pipeline), "Deleted pipeline");
  ctx.store.changed();
  return noContent();
}

export const pipelineRoutes: Route[] = [
  { method: "GET", path: base, handler: (ctx) => ok({ results: listPipelines(ctx.store, pipelineType(ctx)) }) },
  { method: "POST", path: base, handler: create },
  { method: "GET", path: `${base}/{pipelineId}`, handler: (ctx) => ok(presentPipeline(livePipeline(ctx))) },
  { method: "PUT", path: `${base}/{pipelineId}`, handler: replace },
  { method: "PATCH", path: `${base}/{pipelineId}`, handler: update },
  { method: "DELETE", path: `${base}/{pipelineId}`, handler: archive },
  {
    method: "GET",
    path: `${base}/{pipelineId}/audit`,
    handler: (ctx) => {
      const type = pipelineType(ctx);
      const pipeline = livePipeline(ctx, type);
      return ok({ results: ctx.store.state.audits[pipelineAuditKey(type, pipeline.id)] ?? [] });
    },
  },
];
