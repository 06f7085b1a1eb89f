import { durationMinutes } from "../../blueprint/duration";
import type { Blueprint, Metric, Pipeline } from "../../blueprint/model";
import { MINUTE, type CrmData, type Deal } from "../data";
import { empty, median, percentile, result, type MetricResult, type Row } from "./result";
import { dealPipeline, isOpen, leftAt } from "./stages";

type TimeInStage = Extract<Metric, { type: "timeInStage" }>;
type Stalled = Extract<Metric, { type: "stalledDeals" }>;

/** A stage's label in its pipeline (the key when the pipeline does not have it). */
const labelIn = (pipeline: Pipeline, key: string | undefined) =>
  pipeline.stages.find((s) => s.key === key)?.label ?? String(key);

const inPipeline = (data: CrmData, key: string) => data.deals.filter((d) => d.pipeline === key);

/** Minutes each deal spent in `stage`, counting only deals that have left it (an open stay is not a duration yet). */
function staysIn(deals: Deal[], stage: string): number[] {
  const out: number[] = [];
  for (const deal of deals) {
    const left = leftAt({ entered: deal.entered }, stage);
    if (left !== undefined) out.push((left - deal.entered[stage]) / MINUTE);
  }
  return out;
}

/** Median time deals spent in a stage before leaving it; the rows give every open stage of the pipeline. */
export function timeInStage(metric: TimeInStage, blueprint: Blueprint, data: CrmData): MetricResult {
  const pipeline = dealPipeline(blueprint, metric.pipeline);
  if (typeof pipeline === "string") return empty(metric, pipeline);
  if (!pipeline.stages.some((s) => s.key === metric.stage))
    return empty(metric, `stage "${metric.stage}" is not in pipeline ${metric.pipeline}`);
  const deals = inPipeline(data, metric.pipeline);
  const stays = staysIn(deals, metric.stage);
  const still = deals.filter((d) => d.stage === metric.stage).length;
  return result(metric, {
    value: median(stays),
    unit: "minutes",
    target: metric.target === undefined ? undefined : { value: durationMinutes(metric.target), direction: "atMost" },
    sample: stays.length,
    definition: `median time in ${labelIn(pipeline, metric.stage)} of the ${stays.length} deals that left it`,
    rows: stageRows(pipeline, deals),
    notes: still ? [`${still} deals are still in ${labelIn(pipeline, metric.stage)} and not counted yet`] : [],
  });
}

function stageRows(pipeline: Pipeline, deals: Deal[]): Row[] {
  return pipeline.stages
    .filter((s) => !s.closed)
    .map((s) => {
      const stays = staysIn(deals, s.key);
      return {
        label: s.label,
        stage: s.key,
        value: median(stays),
        p90: percentile(stays, 0.9),
        left: stays.length,
        stalledAfter: s.stalledAfter ? durationMinutes(s.stalledAfter) : null,
      };
    });
}

/** Open deals that have sat in their current stage longer than the stage's `stalledAfter`. */
export function stalledDeals(metric: Stalled, blueprint: Blueprint, data: CrmData): MetricResult {
  const pipeline = dealPipeline(blueprint, metric.pipeline);
  if (typeof pipeline === "string") return empty(metric, pipeline);
  const stages = pipeline.stages.filter(
    (s) => s.stalledAfter && !s.closed && (metric.stage === undefined || s.key === metric.stage),
  );
  if (stages.length === 0)
    return empty(
      metric,
      `no open stage of ${metric.pipeline}${metric.stage ? ` named ${metric.stage}` : ""} has stalledAfter`,
    );
  const open = inPipeline(data, metric.pipeline).filter((d) => isOpen(pipeline, d.stage));
  let unknown = 0;
  const stalled: Array<{ deal: Deal; minutes: number }> = [];
  const rows: Row[] = stages.map((s) => {
    const limit = durationMinutes(s.stalledAfter!);
    const here = open.filter((d) => d.stage === s.key);
    let count = 0;
    for (const deal of here) {
      const since = deal.entered[s.key];
      if (since === undefined) {
        unknown++;
        continue;
      }
      const minutes = (data.asOf - since) / MINUTE;
      if (minutes > limit) {
        count++;
        stalled.push({ deal, minutes });
      }
    }
    return { label: s.label, stage: s.key, value: count, inStage: here.length, stalledAfter: limit };
  });
  const longest = stalled
    .sort((a, b) => b.minutes - a.minutes)
    .slice(0, 5)
    .map(
      ({ deal, minutes }) =>
        `${deal.name ?? deal.id} (${labelIn(pipeline, deal.stage)}, ${Math.round(minutes / 1440)} d${deal.ownerEmail ? `, ${deal.ownerEmail}` : ""})`,
    );
  const notes = longest.length ? [`longest stalled: ${longest.join("; ")}`] : [];
  if (unknown) notes.push(`${unknown} open deals have no stage-entry time and could not be judged`);
  return result(metric, {
    value: stalled.length,
    unit: "count",
    target: metric.target === undefined ? undefined : { value: metric.target, direction: "atMost" },
    sample: open.length,
    definition: `open deals in ${metric.pipeline} longer than their stage's stalledAfter`,
    rows,
    notes,
  });
}
