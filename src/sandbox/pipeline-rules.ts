import { ApiError, conflict, invalid, notFound } from "./errors";
import type { AuditEntry, Metadata, Pipeline, Stage } from "./model";
import { crmType, isCustomType, pipelineObjectTypes } from "./object-types";
import { pipelineProps } from "./record-rules";
import type { Context } from "./router";
import type { Store } from "./store";
import { flagOr, requireNumber, requireObject, requireString, sameLabel } from "./validate";

/** HubSpot's rules for pipelines and stages, shared by the pipeline and stage routes. */

export const MAX_STAGES = 100;

/** Deals, tickets, or one of the portal's custom objects: HubSpot publishes pipelines for custom objects too (§7). */
export const pipelineType = (ctx: Context): string => crmType(ctx.store, ctx.params.objectType, pipelineObjectTypes);

export function pipelinesOf(store: Store, type: string): Record<string, Pipeline> {
  return (store.state.pipelines[type] ??= {});
}

/** Missing and archived pipelines are both 404: HubSpot only serves un-archived pipelines by id. */
export function livePipeline(ctx: Context, type = pipelineType(ctx)): Pipeline {
  const pipeline = pipelinesOf(ctx.store, type)[ctx.params.pipelineId];
  if (!pipeline || pipeline.archived)
    throw notFound(`Unable to find pipeline ${ctx.params.pipelineId} for object type ${type}`);
  return pipeline;
}

export function liveStage(ctx: Context, pipeline: Pipeline): Stage {
  const stage = pipeline.stages.find((s) => s.id === ctx.params.stageId && !s.archived);
  if (!stage) throw notFound(`Unable to find stage ${ctx.params.stageId} in pipeline ${pipeline.id}`);
  return stage;
}

const byOrder = <T extends { displayOrder: number; label: string }>(a: T, b: T): number =>
  a.displayOrder - b.displayOrder || a.label.localeCompare(b.label);

/** `writePermissions` is required in HubSpot's stage answers; a stage nobody restricted is enforced by CRM permissions. */
export const presentStage = (stage: Stage): Stage => ({
  ...stage,
  metadata: { ...stage.metadata },
  writePermissions: stage.writePermissions ?? "CRM_PERMISSIONS_ENFORCEMENT",
});

export function presentPipeline(pipeline: Pipeline): Pipeline {
  const stages = pipeline.stages
    .filter((s) => !s.archived)
    .sort(byOrder)
    .map(presentStage);
  return { ...pipeline, stages };
}

export function listPipelines(store: Store, type: string): Pipeline[] {
  return Object.values(pipelinesOf(store, type))
    .filter((p) => !p.archived)
    .sort(byOrder)
    .map(presentPipeline);
}

/**
 * Stage metadata is a map of strings; deals need a probability in steps of 0.1, tickets a ticketState; `isClosed` is
 * derived for both. A custom object's stage keeps what it is given: HubSpot publishes no metadata of its own for one.
 */
export function normalizeMetadata(type: string, raw: unknown, field: string): Metadata {
  const input = raw === undefined ? {} : requireObject(raw, field);
  const metadata: Metadata = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === "isClosed" || value === null || value === undefined) continue;
    metadata[key] = String(value);
  }
  if (isCustomType(type)) return metadata;
  if (type === "deals") {
    const probability = Number(metadata.probability);
    const tenths = probability * 10;
    if (
      metadata.probability === undefined ||
      metadata.probability.trim() === "" ||
      !(probability >= 0 && probability <= 1) ||
      Math.abs(tenths - Math.round(tenths)) > 1e-9
    ) {
      throw invalid(`Invalid input: deal stages need metadata.probability between 0.0 and 1.0 in increments of 0.1`, [
        { message: "probability must be between 0.0 and 1.0 in increments of 0.1", in: `${field}.probability` },
      ]);
    }
    metadata.probability = probability.toFixed(1);
    metadata.isClosed = String(metadata.probability === "0.0" || metadata.probability === "1.0");
  } else {
    const state = (metadata.ticketState ?? "OPEN").toUpperCase();
    if (state !== "OPEN" && state !== "CLOSED") {
      throw invalid(`Invalid input: ticketState must be OPEN or CLOSED`, [
        { message: "ticketState must be OPEN or CLOSED", in: `${field}.ticketState` },
      ]);
    }
    metadata.ticketState = state;
    metadata.isClosed = String(state === "CLOSED");
  }
  return metadata;
}

/** Caller-chosen ids must be lowercase and unused; otherwise HubSpot generates a numeric id. */
export function chooseId(
  ctx: Context,
  kind: string,
  raw: unknown,
  field: string,
  taken: (id: string) => boolean,
): string {
  // Pipelines and stages draw from one sequence, so a generated id names one thing only.
  if (raw === undefined || raw === null) return ctx.store.nextId("pipeline", 100_000_000);
  const id = requireString(raw, field);
  if (!/^[a-z0-9_.-]+$/.test(id)) {
    throw invalid(`Invalid input: ${field} must be lowercase letters, digits, '_', '.' or '-'`, [
      { message: "invalid id", in: field },
    ]);
  }
  if (taken(id)) throw conflict(`A ${kind} with id ${id} already exists`);
  return id;
}

export function stageIdTaken(store: Store, type: string, id: string): boolean {
  return Object.values(pipelinesOf(store, type)).some((p) => p.stages.some((s) => s.id === id));
}

export function assertUniquePipelineLabel(store: Store, type: string, label: string, self?: string): void {
  const clash = Object.values(pipelinesOf(store, type)).find(
    (p) => !p.archived && p.id !== self && sameLabel(p.label, label),
  );
  if (clash)
    throw invalid(
      `A pipeline with label "${label}" already exists for ${type}`,
      [{ message: "pipeline label must be unique", in: "label" }],
      "PipelineError.PIPELINE_LABEL_ALREADY_EXISTS",
    );
}

export function assertUniqueStageLabels(stages: Array<{ id: string; label: string; archived?: boolean }>): void {
  const live = stages.filter((s) => !s.archived);
  if (live.length > MAX_STAGES) {
    throw invalid(
      `A pipeline can have at most ${MAX_STAGES} stages`,
      [{ message: `too many stages (${live.length})`, in: "stages" }],
      "PipelineError.TOO_MANY_STAGES",
    );
  }
  live.forEach((stage, i) => {
    if (live.some((other, j) => j < i && sameLabel(other.label, stage.label))) {
      throw invalid(
        `Stage label "${stage.label}" is used twice; stage labels must be unique within a pipeline`,
        [{ message: "stage label must be unique within the pipeline", in: "label" }],
        "PipelineError.STAGE_LABEL_ALREADY_EXISTS",
      );
    }
  });
}

export interface StageInput {
  id?: string;
  label: string;
  displayOrder: number;
  metadata: Metadata;
}

export function readStageInput(type: string, raw: unknown, field: string): StageInput {
  const input = requireObject(raw, field);
  const id = input.stageId ?? input.id;
  return {
    ...(id === undefined ? {} : { id: requireString(id, `${field}.stageId`) }),
    label: requireString(input.label, `${field}.label`),
    displayOrder: requireNumber(input.displayOrder, `${field}.displayOrder`),
    metadata: normalizeMetadata(type, input.metadata, `${field}.metadata`),
  };
}

export const newStage = (id: string, input: StageInput, now: string): Stage => ({
  id,
  label: input.label,
  displayOrder: input.displayOrder,
  metadata: input.metadata,
  createdAt: now,
  updatedAt: now,
  archived: false,
});

/**
 * Only when the caller asks (`validateDealStageUsagesBeforeDelete` for deals, `validateReferencesBeforeDelete` for
 * any object) is deleting stages that records still use refused, with HubSpot's STAGE_ID_IN_USE error. Both flags
 * default to false in every version HubSpot publishes, 2026-09 included (hubspot-api.md §11), and the stage DELETE
 * takes no such flag at all: HubSpot deletes what it is told to, so the sandbox does too.
 */
export function assertStagesUnused(ctx: Context, type: string, pipelineId: string, stageIds: string[]): void {
  const own = type === "deals" ? "validateDealStageUsagesBeforeDelete" : "validateReferencesBeforeDelete";
  const wanted = flagOr(ctx.query, own, false) || flagOr(ctx.query, "validateReferencesBeforeDelete", false);
  if (!wanted || stageIds.length === 0) return;
  const props = pipelineProps(type);
  const ids = new Set(stageIds);
  const used = new Set<string>();
  const objectIds: string[] = [];
  for (const record of Object.values(ctx.store.state.objects[type] ?? {})) {
    const stage = record.properties[props.stage];
    if (record.archived || !stage || !ids.has(stage)) continue;
    if ((record.properties[props.pipeline] ?? "") !== pipelineId) continue;
    used.add(stage);
    objectIds.push(record.id);
  }
  if (objectIds.length === 0) return;
  const stagesText = `[${[...used].join(", ")}]`;
  const objectsText = `[${objectIds.join(", ")}]`;
  throw new ApiError(
    400,
    "VALIDATION_ERROR",
    `Stage IDs: ${stagesText} are being referenced by object IDs: ${objectsText}`,
    {
      subCategory: "PipelineError.STAGE_ID_IN_USE",
      context: { stageIds: [stagesText], objectIds: [objectsText] },
    },
  );
}

/** Audit entries are kept newest first, as HubSpot returns them. */
export function audit(
  ctx: Context,
  key: string,
  action: AuditEntry["action"],
  identifier: string,
  rawObject: unknown,
  message: string,
): void {
  const log = (ctx.store.state.audits[key] ??= []);
  log.unshift({ portalId: ctx.store.state.portalId, identifier, action, timestamp: ctx.now, message, rawObject });
}

export const pipelineAuditKey = (type: string, pipelineId: string): string => `${type}/${pipelineId}`;
export const stageAuditKey = (type: string, pipelineId: string, stageId: string): string =>
  `${type}/${pipelineId}/${stageId}`;
