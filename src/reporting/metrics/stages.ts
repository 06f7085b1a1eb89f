import { pipelineNamed } from "../../blueprint/checks/builtin-pipelines";
import type { Blueprint, Pipeline } from "../../blueprint/model";
import { CUSTOMER_STAGE } from "../../plan/instrumentation";

/** A record's path through ordered stages: stamps of when it entered each, and where it is now. */
export interface Path {
  entered: Record<string, number>;
  current?: string;
}

/**
 * Ordered stages where reaching a later one means the earlier ones were passed (a deal may skip a stage, or
 * have been created before the stamps existed). Side exits (closed lost; lifecycle stages after customer such
 * as churned) imply nothing.
 */
export interface StageOrder {
  keys: string[];
  mainPath: string[];
  /** Stage key → the name people see (the stage's label). */
  labels: Record<string, string>;
}

export function pipelineOrder(pipeline: Pipeline): StageOrder {
  return {
    keys: pipeline.stages.map((s) => s.key),
    mainPath: pipeline.stages.filter((s) => s.closed !== "lost").map((s) => s.key),
    labels: Object.fromEntries(pipeline.stages.map((s) => [s.key, s.label])),
  };
}

/** HubSpot's names for its default lifecycle stages, for blueprints that list them without a label. */
const LIFECYCLE_LABELS: Record<string, string> = {
  subscriber: "Subscriber",
  lead: "Lead",
  marketingqualifiedlead: "Marketing Qualified Lead",
  salesqualifiedlead: "Sales Qualified Lead",
  opportunity: "Opportunity",
  customer: "Customer",
  evangelist: "Evangelist",
  other: "Other",
};

/** A lifecycle stage's label: the blueprint's, HubSpot's for its defaults, else the key in words. */
export function lifecycleLabel(stage: { key: string; label?: string }): string {
  if (stage.label) return stage.label;
  if (LIFECYCLE_LABELS[stage.key]) return LIFECYCLE_LABELS[stage.key];
  const words = stage.key.replace(/[-_]+/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function lifecycleOrder(blueprint: Blueprint): StageOrder {
  const stages = blueprint.lifecycle?.stages ?? [];
  const keys = stages.map((s) => s.key);
  const customer = keys.indexOf(CUSTOMER_STAGE);
  return {
    keys,
    mainPath: customer < 0 ? keys : keys.slice(0, customer + 1),
    labels: Object.fromEntries(stages.map((s) => [s.key, lifecycleLabel(s)])),
  };
}

export function reached(path: Path, order: StageOrder, stage: string): boolean {
  if (path.entered[stage] !== undefined || path.current === stage) return true;
  const at = order.mainPath.indexOf(stage);
  if (at < 0) return false;
  return order.mainPath.slice(at + 1).some((later) => path.entered[later] !== undefined || path.current === later);
}

/** When the record left `stage`: the first stamp of another stage after it entered, if any. */
export function leftAt(path: Path, stage: string): number | undefined {
  const from = path.entered[stage];
  if (from === undefined) return undefined;
  let next: number | undefined;
  for (const [other, at] of Object.entries(path.entered)) {
    if (other !== stage && at >= from && (next === undefined || at < next)) next = at;
  }
  return next;
}

/** The blueprint's deal pipeline, or an error message naming what is missing. */
export function dealPipeline(blueprint: Blueprint, key: string): Pipeline | string {
  const pipeline = pipelineNamed(blueprint, key);
  if (!pipeline) return `pipeline "${key}" is not in the blueprint`;
  if (pipeline.object !== "deals") return `pipeline "${key}" holds ${pipeline.object}, not deals`;
  return pipeline;
}

export const isOpen = (pipeline: Pipeline | undefined, stage: string | undefined): boolean =>
  stage !== undefined && pipeline !== undefined && pipeline.stages.some((s) => s.key === stage && !s.closed);
export const closedAs = (pipeline: Pipeline, stage: string | undefined): "won" | "lost" | undefined =>
  pipeline.stages.find((s) => s.key === stage)?.closed;
