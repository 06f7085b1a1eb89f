/**
 * A HubSpot pipeline and which stages it has (each stage's fields are ./stage's). Natural key: its label per
 * object type, compared as HubSpot compares labels.
 */
import { defaultStageIds } from "../blueprint/checks/builtin-pipelines";
import type { PipelineSpec } from "../plan/crm";
import { count, quote } from "../review/describe";
import { position, text, type ChangeSink, type Kind, type Props } from "./kind";
import { stageRemoval } from "./stage";
import { KEY_PREFIX } from "../blueprint/object-keys";

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
    danger: `the ${objectType} pipeline and its stages are deleted; ${objectType} still in it must be moved first`,
  };
}

interface StageEntry {
  key: string;
  label: string;
}

/** The stages a pipeline will remove, and where their records go. */
function stageSet(old: Props, next: Props, out: ChangeSink): void {
  const managed = Object.keys((old.stageIds as Record<string, string> | undefined) ?? {});
  const oldStages = (old.stages as StageEntry[] | undefined) ?? [];
  const newKeys = new Set(((next.stages as StageEntry[] | undefined) ?? []).map((s) => s.key));
  const retired = (next.retiredStages as Record<string, string> | undefined) ?? {};
  const labelOf = (key: string) => oldStages.find((s) => s.key === key)?.label ?? key;
  const records = text(next.objectType ?? old.objectType) || "records";
  const hubspotOwn = new Set(Object.values(defaultStageIds(text(old.objectType), text(old.hubspotId)) ?? {}));
  for (const key of managed.filter((k) => !newKeys.has(k))) {
    if (hubspotOwn.has((old.stageIds as Record<string, string>)[key])) {
      out.released(
        `Stage ${quote(labelOf(key))} is HubSpot's own: it is released (stays in the pipeline as it is, with its ${records})`,
      );
      continue;
    }
    const moveTo = retired[key];
    const { message, danger } = stageRemoval(labelOf(key), key, records, moveTo ? quote(labelOf(moveTo)) : undefined);
    out.removed(message, { danger });
  }
  for (const stage of (old.unmanagedStages as Array<{ label: string }> | undefined) ?? []) {
    out.removed(`Stage ${quote(stage.label)} (added in HubSpot, not in the blueprint) removed`, {
      danger: `a stage someone added by hand is deleted; the apply stops if ${records} are in it`,
    });
  }
}

export const pipelineKind: Kind<PipelineInputs> = {
  module: "hubspot",
  name: "Pipeline",
  identity: ["objectType"],
  fields: [
    { key: "label", label: "label", format: quote },
    { key: "displayOrder", label: "position", format: position },
  ],
  outputOnly: ["hubspotId", "stageIds", "unmanagedStages"],
  naturalKey: { prefix: KEY_PREFIX.pipeline, word: "Pipeline", of: (i) => `${text(i.objectType)}/${text(i.label)}` },
  describe: (p) => `Pipeline "${p.label}" (${p.objectType})`,
  // HubSpot's own pipeline in every portal: `default` for deals, `0` for tickets.
  isHubSpotDefault: (p) => p.hubspotId === (p.objectType === "deals" ? "default" : "0"),
  words: {
    section: "pipelines",
    scope: (p) => pipelineScope(text(p.label), text(p.key)),
    subject: (p) => `Pipeline ${quote(text(p.label))}`,
    summary: (p) =>
      `for ${text(p.objectType)} with stages ${((p.stages as StageEntry[] | undefined) ?? []).map((s) => s.label).join(", ")}`,
    extra: stageSet,
    deleteDanger: (p) =>
      `deletes the ${text(p.objectType)} pipeline and its stages; the apply stops if it still holds records`,
  },
};
