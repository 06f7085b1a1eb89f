import type { Blueprint, Metric } from "../../blueprint/model";
import type { CrmData } from "../data";
import { empty, ratio, result, type MetricResult, type Row } from "./result";
import { dealPipeline, lifecycleOrder, pipelineOrder, reached, type Path, type StageOrder } from "./stages";

type Conversion = Extract<Metric, { type: "conversion" }>;

/**
 * Stage-to-stage conversion: of the records that reached `from`, the share that also reached `to`. Deals are
 * measured in their pipeline, leads (contacts) between lifecycle stages. The rows are the funnel: how many
 * records reached each stage of the path.
 */
export function conversion(metric: Conversion, blueprint: Blueprint, data: CrmData): MetricResult {
  const source = sourceOf(metric, blueprint, data);
  if (typeof source === "string") return empty(metric, source);
  const { order, paths, what } = source;
  const from = paths.filter((p) => reached(p, order, metric.from));
  const both = from.filter((p) => reached(p, order, metric.to));
  // Rows read in the stage's label; `stage` keeps the key for machines (the JSON figures, tests).
  const funnel: Row[] = order.keys.map((stage) => ({
    label: order.labels[stage],
    stage,
    value: paths.filter((p) => reached(p, order, stage)).length,
  }));
  return result(metric, {
    value: ratio(both.length, from.length),
    unit: "ratio",
    target: metric.target === undefined ? undefined : { value: metric.target, direction: "atLeast" },
    sample: from.length,
    definition: `${what} that reached ${order.labels[metric.to]}, of the ${from.length} that reached ${order.labels[metric.from]}`,
    rows: funnel,
    notes: [],
  });
}

function sourceOf(
  metric: Conversion,
  blueprint: Blueprint,
  data: CrmData,
): { order: StageOrder; paths: Path[]; what: string } | string {
  if (metric.pipeline === undefined) {
    const order = lifecycleOrder(blueprint);
    const missing = [metric.from, metric.to].find((s) => !order.keys.includes(s));
    if (missing) return `lifecycle stage "${missing}" is not in the blueprint`;
    return { order, what: "Leads", paths: data.contacts.map((c) => ({ entered: c.entered })) };
  }
  const pipeline = dealPipeline(blueprint, metric.pipeline);
  if (typeof pipeline === "string") return pipeline;
  const order = pipelineOrder(pipeline);
  const missing = [metric.from, metric.to].find((s) => !order.keys.includes(s));
  if (missing) return `stage "${missing}" is not in pipeline ${metric.pipeline}`;
  const key = metric.pipeline;
  return {
    order,
    what: "Deals",
    paths: data.deals.filter((d) => d.pipeline === key).map((d) => ({ entered: d.entered, current: d.stage })),
  };
}
