import type { Metric } from "../../blueprint/model";

/** How a figure is shown: a share, a duration in minutes, a count, or money. */
export type Unit = "ratio" | "minutes" | "count" | "money";

export interface Target {
  value: number;
  /** `atLeast` for shares that should be high (conversion, SLA), `atMost` for upper bounds (time, stalled deals). */
  direction: "atLeast" | "atMost";
}

export type Status = "met" | "missed" | "no-target" | "no-data";

/** One row of a breakdown (a stage, a source, an owner, a routing rule). */
export interface Row {
  label: string;
  value: number | null;
  [column: string]: string | number | null;
}

export interface MetricResult {
  key: string;
  type: Metric["type"];
  label: string;
  /** The headline figure compared with the target; null when there is nothing to measure. */
  value: number | null;
  unit: Unit;
  target?: Target;
  status: Status;
  /** How many records the figure rests on. */
  sample: number;
  /** What exactly the figure is, in one line (shown under it). */
  definition: string;
  rows: Row[];
  notes: string[];
}

export function judge(value: number | null, target: Target | undefined): Status {
  if (value === null) return "no-data";
  if (!target) return "no-target";
  return (target.direction === "atLeast" ? value >= target.value : value <= target.value) ? "met" : "missed";
}

export function result(metric: Metric, fields: Omit<MetricResult, "key" | "type" | "label" | "status">): MetricResult {
  return {
    key: metric.key,
    type: metric.type,
    label: metric.label ?? metric.key,
    status: judge(fields.value, fields.target),
    ...fields,
  };
}

/** Middle value (mean of the two middle ones for an even count); null for none. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest-rank percentile (p in 0..1); null for none. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/** A metric that cannot be computed (the blueprint names something that is not there). */
export function empty(metric: Metric, why: string): MetricResult {
  return result(metric, { value: null, unit: "count", sample: 0, definition: why, rows: [], notes: [why] });
}
