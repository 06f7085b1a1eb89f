import type { Blueprint, Pipeline } from "../model";

/** A HubSpot default pipeline as a blueprint sees it, with the ids HubSpot gives it in every portal. */
interface BuiltinPipeline {
  pipeline: Pipeline;
  /** HubSpot's pipeline id. */
  id: string;
  /** Stage key → HubSpot's stage id. */
  stageIds: Record<string, string>;
}

type StageRow = [key: string, id: string, label: string, probability?: number, closed?: "won" | "lost"];

function builtin(id: string, label: string, object: Pipeline["object"], rows: StageRow[]): BuiltinPipeline {
  const stages = rows.map(([key, , stageLabel, probability, closed]) => ({
    key,
    label: stageLabel,
    ...(probability !== undefined && { probability }),
    ...(closed && { closed }),
  }));
  return {
    id,
    pipeline: { label, object, stages },
    stageIds: Object.fromEntries(rows.map(([key, stageId]) => [key, stageId])),
  };
}

/**
 * HubSpot's default pipelines, which blueprints refer to by these keys without declaring them (stage triggers,
 * moveStage, metrics). Their ids are the same in every portal, so nothing needs to be looked up in the CRM; they
 * are HubSpot's, so the plan never declares (owns or deletes) them. The deal stages' keys are HubSpot's ids; the
 * ticket stages' ids are digits, which are not keys, so their keys come from their labels. A blueprint that
 * declares a pipeline under one of these keys means its own pipeline instead.
 */
export const BUILTIN_PIPELINES: Readonly<Record<string, BuiltinPipeline>> = {
  default: builtin("default", "Sales Pipeline", "deals", [
    ["appointmentscheduled", "appointmentscheduled", "Appointment Scheduled", 0.2],
    ["qualifiedtobuy", "qualifiedtobuy", "Qualified To Buy", 0.4],
    ["presentationscheduled", "presentationscheduled", "Presentation Scheduled", 0.6],
    ["decisionmakerboughtin", "decisionmakerboughtin", "Decision Maker Bought-In", 0.8],
    ["contractsent", "contractsent", "Contract Sent", 0.9],
    ["closedwon", "closedwon", "Closed Won", 1, "won"],
    ["closedlost", "closedlost", "Closed Lost", 0, "lost"],
  ]),
  support: builtin("0", "Support Pipeline", "tickets", [
    ["new", "1", "New"],
    ["waiting-on-contact", "2", "Waiting on contact"],
    ["waiting-on-us", "3", "Waiting on us"],
    ["closed", "4", "Closed", undefined, "won"],
  ]),
};

/** Whether `key` names one of HubSpot's default pipelines that this blueprint does not declare itself. */
export const isBuiltinPipeline = (bp: Blueprint, key: string): boolean =>
  !Object.hasOwn(bp.pipelines, key) && Object.hasOwn(BUILTIN_PIPELINES, key);

/** Every pipeline a blueprint may refer to by key: its own, and HubSpot's defaults it does not redeclare. */
export function referenceablePipelines(bp: Blueprint): Record<string, Pipeline> {
  const builtins = Object.entries(BUILTIN_PIPELINES).map(([key, b]) => [key, b.pipeline] as const);
  return { ...Object.fromEntries(builtins), ...bp.pipelines };
}

/** The pipeline `key` refers to in this blueprint, declared or HubSpot's default. */
export const pipelineNamed = (bp: Blueprint, key: string): Pipeline | undefined =>
  Object.hasOwn(bp.pipelines, key)
    ? bp.pipelines[key]
    : isBuiltinPipeline(bp, key)
      ? BUILTIN_PIPELINES[key].pipeline
      : undefined;

/** HubSpot's fixed ids of pipeline `key` when it is one of its default pipelines this blueprint does not declare. */
export function builtinPipelineIds(
  bp: Blueprint,
  key: string,
): { id: string; stages: Record<string, string> } | undefined {
  return isBuiltinPipeline(bp, key)
    ? { id: BUILTIN_PIPELINES[key].id, stages: BUILTIN_PIPELINES[key].stageIds }
    : undefined;
}

/**
 * The pipelines whose records reports read (and sample data fills): the blueprint's own, then HubSpot's defaults
 * that its metrics name without declaring them.
 */
export function reportedPipelines(bp: Blueprint): Record<string, Pipeline> {
  const named = bp.reporting.metrics.flatMap((m) =>
    "pipeline" in m && m.pipeline !== undefined && isBuiltinPipeline(bp, m.pipeline) ? [m.pipeline] : [],
  );
  return { ...bp.pipelines, ...Object.fromEntries(named.map((key) => [key, BUILTIN_PIPELINES[key].pipeline])) };
}

/**
 * Stage key → HubSpot's stage id when `pipelineId` is HubSpot's default pipeline of `objectType` (whatever key the
 * blueprint declares it under): how a customization of the default pipeline finds its stages by id, not by label.
 */
export function defaultStageIds(objectType: string, pipelineId: string): Record<string, string> | undefined {
  return Object.values(BUILTIN_PIPELINES).find((b) => b.pipeline.object === objectType && b.id === pipelineId)
    ?.stageIds;
}
