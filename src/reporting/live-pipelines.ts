import { reportedPipelines } from "../blueprint/checks/builtin-pipelines";
import type { Blueprint } from "../blueprint/model";
import type { LivePipeline } from "../clients/hubspot";
import { findByLabel } from "../kinds/kind";

/** What of the blueprint's deal pipelines the portal lacks, in words (the blueprint was not applied, or was changed). */
export function unmapped(blueprint: Blueprint, found: LivePipelineMap[]): string[] {
  const out: string[] = [];
  for (const [key, pipeline] of Object.entries(reportedPipelines(blueprint))) {
    if (pipeline.object !== "deals") continue;
    const live = found.find((p) => p.key === key);
    if (!live) {
      out.push(`pipeline ${key} ("${pipeline.label}") is not in the portal`);
      continue;
    }
    const missing = pipeline.stages.filter((s) => !live.stageIds.has(s.key)).map((s) => s.key);
    if (missing.length) out.push(`pipeline ${key} lacks stages ${missing.join(", ")} in the portal`);
  }
  return out;
}

/** A blueprint pipeline found in the portal: its id, and stage key → stage id. */
export interface LivePipelineMap {
  key: string;
  id: string;
  stageIds: Map<string, string>;
}

/**
 * Finds the blueprint's deal pipelines in the portal as the providers match them (src/kinds): by label as
 * HubSpot compares labels, stages by label within their pipeline (or by an id equal to the key).
 */
export function mapPipelines(blueprint: Blueprint, live: LivePipeline[]): LivePipelineMap[] {
  const found: LivePipelineMap[] = [];
  for (const [key, pipeline] of Object.entries(reportedPipelines(blueprint))) {
    if (pipeline.object !== "deals") continue;
    const match = findByLabel(live, { key, label: pipeline.label });
    if (!match) continue;
    const stageIds = new Map<string, string>();
    for (const stage of pipeline.stages) {
      const liveStage = findByLabel(match.stages, stage);
      if (liveStage) stageIds.set(stage.key, liveStage.id);
    }
    found.push({ key, id: match.id, stageIds });
  }
  return found;
}
