/** Pipelines and their stages: labels, probabilities, order, closed states, requirements, stall timers, retirements. */
import type { Blueprint, Pipeline, Stage } from "../../blueprint/model";
import { count, fieldChange, percent, quote, setChange } from "../../words/describe";
import { pipelineRemoval, pipelineScope } from "../../kinds/pipeline";
import { stageRemoval } from "../../kinds/stage";
import type { Changes, ScopedChanges } from "../../words/changes";
import { match, moves } from "../../words/keyed";
import { KEY_PREFIX, objectKey } from "../../blueprint/object-keys";

const records = (p: Pipeline): string => p.object;

function stageSummary(stage: Stage): string {
  const facts = [
    stage.probability !== undefined && `probability ${percent(stage.probability)}`,
    stage.closed && `closed ${stage.closed}`,
    stage.requires?.length && `requires ${stage.requires.join(", ")}`,
    stage.stalledAfter && `stalled after ${stage.stalledAfter}`,
  ].filter(Boolean);
  return facts.length > 0 ? ` (${facts.join("; ")})` : "";
}

const closedState = (closed: Stage["closed"]): string => (closed ? `closed ${closed}` : "open");

function diffStage(s: ScopedChanges, before: Stage, after: Stage): void {
  const subject = `Stage ${quote(after.label)}`;
  if (before.label !== after.label) s.changed(`Stage ${quote(before.label)} renamed to ${quote(after.label)}`);
  s.fields(subject, [
    fieldChange("probability", before.probability, after.probability, percent),
    before.closed !== after.closed ? `now ${closedState(after.closed)} (was ${closedState(before.closed)})` : undefined,
    ...setChange(before.requires, after.requires, "now requires", "no longer requires"),
    fieldChange("stalled after", before.stalledAfter, after.stalledAfter),
  ]);
}

function diffStages(s: ScopedChanges, before: Pipeline, after: Pipeline): void {
  const stages = match(before.stages, after.stages);
  const labelOf = (key: string) =>
    quote((after.stages.find((x) => x.key === key) ?? before.stages.find((x) => x.key === key))!.label);
  for (const [key, stage] of stages.added) {
    s.added(
      `Stage ${quote(stage.label)} added at position ${after.stages.findIndex((x) => x.key === key) + 1}${stageSummary(stage)}`,
    );
  }
  const retired = new Map((after.retiredStages ?? []).map((r) => [r.key, r.moveTo]));
  for (const [key, stage] of stages.removed) {
    const moveTo = retired.get(key);
    const { message, danger } = stageRemoval(
      stage.label,
      key,
      records(after),
      moveTo === undefined ? undefined : labelOf(moveTo),
    );
    s.removed(message, { danger });
  }
  for (const [, was, now] of stages.kept) diffStage(s, was, now);
  for (const move of moves(
    before.stages.map((x) => x.key),
    after.stages.map((x) => x.key),
  )) {
    s.changed(`Stage ${labelOf(move.key)} moved ${move.after ? `after ${labelOf(move.after)}` : "to the start"}`);
  }
  const wasRetired = new Map((before.retiredStages ?? []).map((r) => [r.key, r.moveTo]));
  for (const [key, moveTo] of retired) {
    const previous = wasRetired.get(key);
    if (previous !== undefined && previous !== moveTo) {
      s.changed(`Retired stage ${key} now sends its ${records(after)} to ${labelOf(moveTo)} (was ${previous})`);
    }
  }
}

function diffPipeline(out: Changes, key: string, before: Pipeline, after: Pipeline): void {
  const s = out.in("pipelines", pipelineScope(after.label, key));
  if (before.label !== after.label) s.changed(`Pipeline ${quote(before.label)} renamed to ${quote(after.label)}`);
  if (before.object !== after.object) {
    s.changed(`Pipeline now holds ${after.object} (was ${before.object})`, {
      danger: `the ${before.object} pipeline is deleted and a new ${after.object} pipeline is created`,
    });
  }
  diffStages(s, before, after);
}

export function diffPipelines(before: Blueprint, after: Blueprint, out: Changes): void {
  const pipelines = match(before.pipelines, after.pipelines);
  for (const [key, p] of pipelines.added) {
    out
      .in("pipelines", pipelineScope(p.label, key))
      .added(
        `Pipeline ${quote(p.label)} for ${p.object} added with ${count(p.stages.length, "stage")}: ${p.stages.map((x) => x.label).join(", ")}`,
      );
  }
  for (const [key, p] of pipelines.removed) {
    const { message, danger } = pipelineRemoval(p.label, p.object, p.stages.length);
    out
      .in("pipelines", pipelineScope(p.label, key))
      .removedObject(objectKey(KEY_PREFIX.pipeline, p.object, p.label), `Pipeline ${quote(p.label)}`, message, {
        danger,
      });
  }
  for (const [key, was, now] of pipelines.kept) diffPipeline(out, key, was, now);
}
