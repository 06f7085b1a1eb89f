import { durationMinutes } from "../../blueprint/duration";
import type { Blueprint, Metric } from "../../blueprint/model";
import { DAY, MINUTE, type CrmData } from "../data";
import { empty, median, ratio, result, type MetricResult } from "./result";
import { closedAs, dealPipeline, isOpen } from "./stages";

type Velocity = Extract<Metric, { type: "velocity" }>;

/**
 * Sales cycle and pipeline velocity. The headline (compared with the target) is the median time from creation
 * to closed won. The rows give the classic velocity formula's parts: open deals × win rate × average won
 * amount ÷ average cycle = expected won revenue per day.
 */
export function velocity(metric: Velocity, blueprint: Blueprint, data: CrmData): MetricResult {
  const pipeline = dealPipeline(blueprint, metric.pipeline);
  if (typeof pipeline === "string") return empty(metric, pipeline);
  const won = pipeline.stages.filter((s) => s.closed === "won").map((s) => s.key);
  if (won.length === 0) return empty(metric, `pipeline ${metric.pipeline} has no closed won stage`);
  const deals = data.deals.filter((d) => d.pipeline === metric.pipeline);
  const wonDeals = deals.filter((d) => closedAs(pipeline, d.stage) === "won");
  const cycles: number[] = [];
  for (const deal of wonDeals) {
    const at = won.map((s) => deal.entered[s]).find((t) => t !== undefined);
    if (at !== undefined) cycles.push((at - deal.createdAt) / MINUTE);
  }
  const lost = deals.filter((d) => closedAs(pipeline, d.stage) === "lost").length;
  const open = deals.filter((d) => isOpen(pipeline, d.stage)).length;
  const winRate = ratio(wonDeals.length, wonDeals.length + lost);
  const avgWon = wonDeals.length ? wonDeals.reduce((sum, d) => sum + (d.amount ?? 0), 0) / wonDeals.length : null;
  const avgCycleDays = cycles.length ? cycles.reduce((a, b) => a + b, 0) / cycles.length / (DAY / MINUTE) : null;
  const perDay = winRate !== null && avgWon !== null && avgCycleDays ? (open * winRate * avgWon) / avgCycleDays : null;
  const notes =
    cycles.length < wonDeals.length ? [`${wonDeals.length - cycles.length} won deals have no closed-won time`] : [];
  return result(metric, {
    value: median(cycles),
    unit: "minutes",
    target: metric.target === undefined ? undefined : { value: durationMinutes(metric.target), direction: "atMost" },
    sample: cycles.length,
    definition: `median time from creation to closed won, over ${cycles.length} won deals`,
    rows: [
      { label: "open deals", value: open, unit: "count" },
      { label: "win rate", value: winRate, unit: "ratio" },
      { label: "average won amount", value: avgWon, unit: "money" },
      { label: "average cycle", value: avgCycleDays === null ? null : avgCycleDays * (DAY / MINUTE), unit: "minutes" },
      { label: "velocity (won amount per day)", value: perDay, unit: "money" },
    ],
    notes,
  });
}
