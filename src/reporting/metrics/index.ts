import type { Blueprint, Metric } from "../../blueprint/model";
import type { CrmData } from "../data";
import { attribution } from "./attribution";
import { capacity } from "./capacity";
import { conversion } from "./conversion";
import type { MetricResult } from "./result";
import { retention } from "./retention";
import { sla } from "./sla";
import { stalledDeals, timeInStage } from "./time-in-stage";
import { velocity } from "./velocity";

export type { MetricResult, Row, Status, Target, Unit } from "./result";

type Compute<T extends Metric["type"]> = (
  metric: Extract<Metric, { type: T }>,
  blueprint: Blueprint,
  data: CrmData,
) => MetricResult;

const computers: { [T in Metric["type"]]: Compute<T> } = {
  conversion,
  timeInStage,
  stalledDeals,
  velocity,
  sla,
  attribution,
  capacity,
  retention,
};

/** Every metric the blueprint declares, in its order. */
export function computeMetrics(blueprint: Blueprint, data: CrmData): MetricResult[] {
  return blueprint.reporting.metrics.map((metric) =>
    (computers[metric.type] as Compute<Metric["type"]>)(metric, blueprint, data),
  );
}
