import type { MetricResult } from "./metrics";

/** What a report shows: the metrics, grouped by the blueprint's dashboards, and where the figures came from. */
export interface ReportModel {
  blueprint: string;
  /** The blueprint's currency (ISO 4217), for amounts; undefined shows plain numbers. */
  currency?: string;
  asOf: number;
  generatedAt: number;
  deals: number;
  contacts: number;
  apiCalls: number;
  warnings: string[];
  metrics: MetricResult[];
  dashboards: Array<{ key: string; label: string; metrics: string[] }>;
}

/** The blueprint's dashboards; metrics no dashboard names are shown under "Other metrics". */
export function sections(model: ReportModel): Array<{ key: string; label: string; metrics: MetricResult[] }> {
  const byKey = new Map(model.metrics.map((m) => [m.key, m]));
  const shown = new Set<string>();
  const out = model.dashboards.map((d) => ({
    key: d.key,
    label: d.label,
    metrics: d.metrics.flatMap((k) => {
      const m = byKey.get(k);
      if (!m) return [];
      shown.add(k);
      return [m];
    }),
  }));
  const rest = model.metrics.filter((m) => !shown.has(m.key));
  if (rest.length)
    out.push({ key: "other", label: model.dashboards.length ? "Other metrics" : "Metrics", metrics: rest });
  return out;
}

export const isoDay = (t: number) => new Date(t).toISOString().replace("T", " ").slice(0, 16) + " UTC";
