/**
 * A HubSpot pipeline and which stages it has (each stage's fields are ./stage's). Natural key: its label per
 * object type, compared as HubSpot compares labels.
 */
import { defaultStageIds } from "../blueprint/checks/builtin-pipelines";
import type { Blueprint, Pipeline } from "../blueprint/model";
import { count, quote } from "../words/describe";
import { position, type ChangeSink, type PlannedKind, type Shown } from "./kind";
import { stageRemoval, stageSpec, type StageSpec } from "./stage";
import { known } from "./unknown";
import { KEY_PREFIX } from "../blueprint/object-keys";
import { pipelineDocs } from "./pipeline.docs";
import { customObjectOfPath, objectTypePath } from "../blueprint/crm-objects";

/** Deals, tickets, or a custom object as HubSpot's APIs name it (`p_subscription`). */
export type PipelineObjectType = "deals" | "tickets" | `p_${string}`;

/** The object a pipeline's records are, in the blueprint's words: deals, tickets, or `subscription`. */
export const objectWord = (objectType: string): string => customObjectOfPath(objectType) ?? objectType;

/** What a pipeline's records are called in reviews: deals, tickets, or `subscription records`. */
export const recordsOf = (objectType: string): string =>
  customObjectOfPath(objectType) === undefined ? objectType : `${objectWord(objectType)} records`;

/** A blueprint pipeline as HubSpot holds it, with its stages in order. */
export interface PipelineSpec {
  key: string;
  objectType: PipelineObjectType;
  label: string;
  displayOrder: number;
  stages: StageSpec[];
  /** Stage key → key of the stage that receives its deals when the stage is removed. */
  retiredStages: Record<string, string>;
}

export type PipelineInputs = PipelineSpec & {
  /** Pipelines of this stack that hold this pipeline's new label and pass it on in the same edit (program/label-swaps.ts). */
  labelHolders?: string[];
};

export interface PipelineOutputs extends PipelineInputs {
  hubspotId: string;
  /** Blueprint stage key → HubSpot stage id, for the stages this resource manages. */
  stageIds: Record<string, string>;
  /** Live stages no blueprint stage accounts for (added by hand); the next update removes them. */
  unmanagedStages: Array<{ id: string; label: string }>;
}

/** "Pipeline 'New Business' (new-business)": the heading `plan`, `preview` and `drift` put a pipeline's changes under. */
export const pipelineScope = (label: string, key: string): string => `Pipeline ${quote(label)} (${key})`;

/** A pipeline leaving the blueprint, in the review's words. */
export function pipelineRemoval(
  label: string,
  objectType: string,
  stages: number,
): { message: string; danger: string } {
  return {
    message: `Pipeline ${quote(label)} removed with ${count(stages, "stage")}`,
    danger: `the ${objectWord(objectType)} pipeline and its stages are deleted; ${recordsOf(objectType)} still in it must be moved first`,
  };
}

/** Whether `id` is HubSpot's own pipeline of the object type, the same in every portal (its table: BUILTIN_PIPELINES). */
export const isDefaultPipeline = (objectType: string, id: string): boolean =>
  defaultStageIds(objectType, id) !== undefined;

type ShownPipeline = Shown<PipelineOutputs>;

/** The stages a pipeline will remove, and where their records go. */
function stageSet(old: ShownPipeline, next: ShownPipeline, out: ChangeSink): void {
  const stageIds = known(old.stageIds) ?? {};
  const oldStages = known(old.stages) ?? [];
  const newKeys = new Set((known(next.stages) ?? []).map((s) => s.key));
  const retired = known(next.retiredStages) ?? {};
  const labelOf = (key: string) => oldStages.find((s) => s.key === key)?.label ?? key;
  const records = recordsOf(next.objectType ?? old.objectType ?? "") || "records";
  const hubspotOwn = new Set(Object.values(defaultStageIds(old.objectType ?? "", old.hubspotId ?? "") ?? {}));
  for (const key of Object.keys(stageIds).filter((k) => !newKeys.has(k))) {
    if (hubspotOwn.has(stageIds[key])) {
      out.released(
        `Stage ${quote(labelOf(key))} is HubSpot's own: it is released (stays in the pipeline as it is, with its ${records})`,
      );
      continue;
    }
    const moveTo = retired[key];
    const { message, danger } = stageRemoval(labelOf(key), key, records, moveTo ? quote(labelOf(moveTo)) : undefined);
    out.removed(message, { danger });
  }
  for (const stage of known(old.unmanagedStages) ?? []) {
    out.removed(`Stage ${quote(stage.label)} (added in HubSpot, not in the blueprint) removed`, {
      danger: `a stage someone added by hand is deleted; the apply stops if ${records} are in it`,
    });
  }
}

/** HubSpot orders each object type's pipelines separately, so each object type counts from 0. */
function pipelineSpecs(blueprint: Blueprint): PipelineSpec[] {
  const next: Partial<Record<string, number>> = {};
  return Object.entries(blueprint.pipelines).map(([key, p]) => {
    const order = next[p.object] ?? 0;
    next[p.object] = order + 1;
    return pipelineSpec(key, p, p.displayOrder ?? order);
  });
}

function pipelineSpec(key: string, pipeline: Pipeline, displayOrder: number): PipelineSpec {
  const objectType = objectTypePath(pipeline.object) as PipelineObjectType;
  return {
    key,
    objectType,
    label: pipeline.label,
    displayOrder,
    stages: pipeline.stages.map((s, i) => stageSpec(objectType, s, i)),
    retiredStages: Object.fromEntries((pipeline.retiredStages ?? []).map((r) => [r.key, r.moveTo])),
  };
}

export const pipelineKind: PlannedKind<"pipelines", PipelineInputs, PipelineOutputs> = {
  module: "hubspot",
  name: "Pipeline",
  docs: pipelineDocs,
  planned: {
    list: "pipelines",
    specs: pipelineSpecs,
    // A custom object's pipeline needs its object: HubSpot has no pipelines for an object type it does not know.
    after: {
      kind: { module: "hubspot", name: "CustomObjectSchema" },
      keys: (p) => [customObjectOfPath(p.objectType) ?? []].flat(),
    },
  },
  identity: ["objectType"],
  fields: [
    { key: "label", label: "label", format: quote },
    { key: "displayOrder", label: "position", format: position },
  ],
  outputOnly: ["hubspotId", "stageIds", "unmanagedStages"],
  // Offline, a stage's id is its key: what the pipeline removes is told by the keys alone.
  plannedOutputs: (i) => ({ stageIds: Object.fromEntries(i.stages.map((s) => [s.key, s.key])), unmanagedStages: [] }),
  // It removes the stages the blueprint no longer has (a new stage is its own resource's create).
  alsoChanged: (old, next) => old.stages.some((s) => !next.stages.some((n) => n.key === s.key)),
  naturalKey: { prefix: KEY_PREFIX.pipeline, word: "Pipeline", of: (i) => `${i.objectType}/${i.label}` },
  describe: (p) => `Pipeline "${p.label}" (${p.objectType})`,
  isHubSpotDefault: (p) => isDefaultPipeline(p.objectType ?? "", p.hubspotId ?? ""),
  words: {
    section: "pipelines",
    scope: (p) => pipelineScope(p.label ?? "", p.key ?? ""),
    subject: (p) => `Pipeline ${quote(p.label ?? "")}`,
    summary: (p) =>
      `for ${recordsOf(p.objectType ?? "")} with stages ${(known(p.stages) ?? []).map((s) => s.label).join(", ")}`,
    extra: stageSet,
    deleteDanger: (p) =>
      `deletes the ${objectWord(p.objectType ?? "")} pipeline and its stages; the apply stops if it still holds records`,
  },
};
