import type { Blueprint, Metric } from "../../blueprint/model";
import { attributionObject, attributionProperty, CUSTOMER_STAGE } from "../../plan/instrumentation";
import type { CrmData } from "../data";
import { empty, ratio, result, type MetricResult, type Row } from "./result";
import { closedAs, dealPipeline } from "./stages";

type Attribution = Extract<Metric, { type: "attribution" }>;

export const UNKNOWN_SOURCE = "(unknown)";

interface Tally {
  records: number;
  won: number;
  wonAmount: number;
}

/**
 * Attribution by source (first or last touch): deals of a pipeline, or leads, grouped by the source property,
 * with what each source turned into (won deals and amount, or customers). The headline is the share of records
 * whose source is known — attribution is only as good as that share — compared with the target.
 */
export function attribution(metric: Attribution, blueprint: Blueprint, data: CrmData): MetricResult {
  const property = attributionProperty(metric);
  const tallies = new Map<string, Tally>();
  const tally = (source: string | undefined, won: boolean, amount: number) => {
    const key = source || UNKNOWN_SOURCE;
    const t = tallies.get(key) ?? { records: 0, won: 0, wonAmount: 0 };
    t.records++;
    if (won) {
      t.won++;
      t.wonAmount += amount;
    }
    tallies.set(key, t);
  };
  if (attributionObject(metric) === "deals") {
    const pipeline = dealPipeline(blueprint, metric.pipeline!);
    if (typeof pipeline === "string") return empty(metric, pipeline);
    for (const deal of data.deals) {
      if (deal.pipeline === metric.pipeline)
        tally(deal.values[property], closedAs(pipeline, deal.stage) === "won", deal.amount ?? 0);
    }
  } else {
    for (const lead of data.contacts) tally(lead.values[property], lead.entered[CUSTOMER_STAGE] !== undefined, 0);
  }
  const all = [...tallies.values()];
  const total = all.reduce((n, t) => n + t.records, 0);
  const totalWonAmount = all.reduce((n, t) => n + t.wonAmount, 0);
  const rows: Row[] = [...tallies.entries()]
    .sort(([, a], [, b]) => b.records - a.records)
    .map(([label, t]) => ({
      label,
      value: t.records,
      won: t.won,
      wonAmount: t.wonAmount,
      shareOfWon: ratio(t.wonAmount, totalWonAmount),
    }));
  const what = metric.pipeline ? `deals in ${metric.pipeline}` : "leads";
  return result(metric, {
    value: ratio(total - (tallies.get(UNKNOWN_SOURCE)?.records ?? 0), total),
    unit: "ratio",
    target: metric.target === undefined ? undefined : { value: metric.target, direction: "atLeast" },
    sample: total,
    definition: `share of ${total} ${what} with a known ${metric.model.replace("_", "-")} source (${property})`,
    rows,
    notes: [],
  });
}
