import type { Metric } from "../blueprint/model";
import type { MetricResult, Row, Status, Target, Unit } from "./metrics";

/** How figures read in the report: shares as percentages, durations in the largest sensible unit. */
export function formatValue(value: number | null | undefined, unit: Unit | "number", currency?: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  switch (unit) {
    case "ratio":
      return `${(value * 100).toFixed(1)} %`;
    case "minutes":
      if (value >= 1440) return `${(value / 1440).toFixed(1)} d`;
      if (value >= 60) return `${(value / 60).toFixed(1)} h`;
      return `${Math.round(value)} min`;
    case "money":
      // The blueprint's currency (metadata.currency): "£48,000" for GBP, "CHF 48,000" where there is no sign.
      return currency
        ? new Intl.NumberFormat("en-US", {
            style: "currency",
            currency,
            maximumFractionDigits: 0,
            minimumFractionDigits: 0,
          }).format(Math.round(value))
        : Math.round(value).toLocaleString("en-US");
    case "count":
      return Math.round(value).toLocaleString("en-US");
    case "number":
      return value.toFixed(1);
  }
}

export function formatTarget(target: Target | undefined, unit: Unit, currency?: string): string {
  if (!target) return "no target";
  return `${target.direction === "atLeast" ? "≥" : "≤"} ${formatValue(target.value, unit, currency)}`;
}

export const statusText: Record<Status, string> = {
  met: "on target",
  missed: "off target",
  "no-target": "no target",
  "no-data": "no data",
};

export interface Column {
  key: string;
  title: string;
  /** "text": the row's value as written (e.g. an SLA of "1bd"). */
  unit: Unit | "number" | "row" | "text";
}

const col = (key: string, title: string, unit: Column["unit"]): Column => ({ key, title, unit });

/** The table columns of each metric type's breakdown rows. */
const columns: Record<Metric["type"], Column[]> = {
  conversion: [col("label", "Stage", "row"), col("value", "Reached", "count")],
  timeInStage: [
    col("label", "Stage", "row"),
    col("value", "Median", "minutes"),
    col("p90", "90th percentile", "minutes"),
    col("left", "Deals that left", "count"),
    col("stalledAfter", "Stalled after", "minutes"),
  ],
  stalledDeals: [
    col("label", "Stage", "row"),
    col("value", "Stalled", "count"),
    col("inStage", "Open in stage", "count"),
    col("stalledAfter", "Stalled after", "minutes"),
  ],
  velocity: [col("label", "Figure", "row"), col("value", "Value", "row")],
  sla: [
    col("label", "Routing rule", "row"),
    col("value", "Compliance", "ratio"),
    col("met", "Met", "count"),
    col("breached", "Breached", "count"),
    col("pending", "Pending", "count"),
    col("sla", "SLA", "text"),
    col("medianFirstTouch", "Median first touch", "minutes"),
  ],
  attribution: [
    col("label", "Source", "row"),
    col("value", "Records", "count"),
    col("won", "Won", "count"),
    col("wonAmount", "Won amount", "money"),
    col("shareOfWon", "Share of won", "ratio"),
  ],
  capacity: [
    col("label", "Owner / team", "row"),
    col("value", "Use", "ratio"),
    col("openDeals", "Open deals", "count"),
    col("dealCapacity", "Deal capacity", "count"),
    col("newLeadsPerDay", "New leads / day", "number"),
    col("leadCapacity", "Lead capacity / day", "count"),
  ],
  retention: [
    col("label", "Source", "row"),
    col("value", "Retention", "ratio"),
    col("customers", "Customers", "count"),
    col("churned", "Churned", "count"),
    col("churn", "Churn", "ratio"),
  ],
};

export function columnsOf(result: MetricResult): Column[] {
  return columns[result.type];
}

/** One table cell as text. A "row" unit column is the label, or a value in the unit the row names itself. */
export function cell(row: Row, column: Column, currency?: string): string {
  const v = row[column.key];
  if (column.unit === "text") return v === null || v === undefined ? "–" : String(v);
  if (column.unit !== "row") return formatValue(typeof v === "number" ? v : null, column.unit, currency);
  if (column.key === "label") return String(row.label);
  return formatValue(typeof v === "number" ? v : null, (row.unit as Unit | undefined) ?? "number", currency);
}
