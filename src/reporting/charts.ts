import type { MetricResult, Row } from "./metrics";

/**
 * The chart of each metric, as data for Chart.js: the funnel of a conversion, time per stage against the
 * stall limits, SLA compliance per routing rule against the target, attribution by source, capacity use per
 * owner against the target, retention per source.
 */
export interface ChartSpec {
  id: string;
  metric: string;
  kind: "funnel" | "time" | "sla" | "attribution" | "capacity" | "retention";
  type: "bar";
  horizontal: boolean;
  /** Axis values are shares (shown as %), days or counts. */
  axis: "percent" | "days" | "count";
  labels: string[];
  datasets: Array<{ label: string; data: Array<number | null>; line?: boolean }>;
}

const DAY_MINUTES = 1440;
const days = (v: Row[string]) => (typeof v === "number" ? Math.round((v / DAY_MINUTES) * 10) / 10 : null);
const num = (v: Row[string]) => (typeof v === "number" ? v : null);
const pct = (v: Row[string]) => (typeof v === "number" ? Math.round(v * 1000) / 10 : null);
const flat = (value: number, n: number) => Array.from({ length: n }, () => value);

export function chartOf(result: MetricResult): ChartSpec | undefined {
  const rows = result.rows;
  if (rows.length === 0) return undefined;
  const base = {
    id: `chart-${result.key}`,
    metric: result.key,
    type: "bar" as const,
    labels: rows.map((r) => String(r.label)),
  };
  const target = result.target?.value;
  switch (result.type) {
    case "conversion":
      return {
        ...base,
        kind: "funnel",
        horizontal: true,
        axis: "count",
        datasets: [{ label: "reached", data: rows.map((r) => num(r.value)) }],
      };
    case "timeInStage":
      return {
        ...base,
        kind: "time",
        horizontal: false,
        axis: "days",
        datasets: [
          { label: "median days", data: rows.map((r) => days(r.value)) },
          { label: "90th percentile days", data: rows.map((r) => days(r.p90)) },
          { label: "stalled after (days)", data: rows.map((r) => days(r.stalledAfter)), line: true },
        ],
      };
    case "sla":
      return {
        ...base,
        kind: "sla",
        horizontal: false,
        axis: "percent",
        datasets: [
          { label: "compliance %", data: rows.map((r) => pct(r.value)) },
          ...(target === undefined ? [] : [{ label: "target %", data: flat(target * 100, rows.length), line: true }]),
        ],
      };
    case "attribution":
      return {
        ...base,
        kind: "attribution",
        horizontal: false,
        axis: "count",
        datasets: [
          { label: "records", data: rows.map((r) => num(r.value)) },
          { label: "won", data: rows.map((r) => num(r.won)) },
        ],
      };
    case "capacity":
      return {
        ...base,
        kind: "capacity",
        horizontal: true,
        axis: "percent",
        datasets: [
          { label: "use %", data: rows.map((r) => pct(r.value)) },
          // The capacity model's second volume (the report's routing section).
          ...(rows.some((r) => r.grown !== undefined)
            ? [{ label: "use % at 2×", data: rows.map((r) => pct(r.grown)) }]
            : []),
          ...(target === undefined ? [] : [{ label: "target %", data: flat(target * 100, rows.length), line: true }]),
        ],
      };
    case "retention":
      return {
        ...base,
        kind: "retention",
        horizontal: false,
        axis: "percent",
        datasets: [
          { label: "retention %", data: rows.map((r) => pct(r.value)) },
          { label: "churn %", data: rows.map((r) => pct(r.churn)) },
        ],
      };
    default:
      return undefined;
  }
}
