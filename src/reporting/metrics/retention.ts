import { durationMinutes } from "../../blueprint/duration";
import type { Blueprint, Metric } from "../../blueprint/model";
import { CHURNED_STAGE, CUSTOMER_STAGE, retentionProperty } from "../../plan/instrumentation";
import { MINUTE, type CrmData } from "../data";
import { ratio, result, type MetricResult, type Row } from "./result";
import { UNKNOWN_SOURCE } from "./attribution";

type Retention = Extract<Metric, { type: "retention" }>;

/**
 * Retention and churn by acquisition source: of the customers acquired at least one `period` ago, the share
 * that had not churned within `period` of becoming a customer (without a period: the share not churned at all).
 * Broken down by the acquisition property, so acquisition learns which sources bring customers who stay.
 */
export function retention(metric: Retention, _blueprint: Blueprint, data: CrmData): MetricResult {
  const property = retentionProperty(metric);
  const period = metric.period === undefined ? undefined : durationMinutes(metric.period) * MINUTE;
  const bySource = new Map<string, { customers: number; churned: number }>();
  for (const lead of data.contacts) {
    const since = lead.entered[CUSTOMER_STAGE];
    if (since === undefined || (period !== undefined && since > data.asOf - period)) continue;
    const churnedAt = lead.entered[CHURNED_STAGE];
    const churned = churnedAt !== undefined && (period === undefined || churnedAt <= since + period);
    const source = lead.values[property] || UNKNOWN_SOURCE;
    const t = bySource.get(source) ?? { customers: 0, churned: 0 };
    t.customers++;
    if (churned) t.churned++;
    bySource.set(source, t);
  }
  const all = [...bySource.values()];
  const customers = all.reduce((n, t) => n + t.customers, 0);
  const churned = all.reduce((n, t) => n + t.churned, 0);
  const rows: Row[] = [...bySource.entries()]
    .sort(([, a], [, b]) => b.customers - a.customers)
    .map(([label, t]) => ({
      label,
      value: ratio(t.customers - t.churned, t.customers),
      customers: t.customers,
      churned: t.churned,
      churn: ratio(t.churned, t.customers),
    }));
  return result(metric, {
    value: ratio(customers - churned, customers),
    unit: "ratio",
    target: metric.target === undefined ? undefined : { value: metric.target, direction: "atLeast" },
    sample: customers,
    definition: metric.period
      ? `customers acquired at least ${metric.period} ago still customers ${metric.period} later, by ${property}`
      : `customers not churned, by ${property}`,
    rows,
    notes: customers ? [`churn: ${((churned / customers) * 100).toFixed(1)} % (${churned} of ${customers})`] : [],
  });
}
