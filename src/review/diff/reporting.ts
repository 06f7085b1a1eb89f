/** Reporting: metric definitions and targets, and which metrics each dashboard shows. */
import type { Blueprint, Dashboard, Metric } from "../../blueprint/model";
import { fieldChange, percent, quote, setChange, show } from "../../words/describe";
import type { Changes, ScopedChanges } from "../../words/changes";
import { match } from "../../words/keyed";

const RATIO_TARGETS = new Set<Metric["type"]>(["conversion", "sla", "attribution", "capacity", "retention"]);

function target(m: Metric): (value: unknown) => string {
  if (RATIO_TARGETS.has(m.type)) return (v) => percent(Number(v));
  return (v) => `at most ${String(v)}`;
}

function measures(m: Metric): string {
  switch (m.type) {
    case "conversion":
      return `conversion ${m.pipeline ? `in ${m.pipeline} ` : ""}${m.from} → ${m.to}`;
    case "timeInStage":
      return `time in ${m.pipeline}/${m.stage}`;
    case "stalledDeals":
      return `stalled deals in ${m.pipeline}${m.stage ? `/${m.stage}` : ""}`;
    case "velocity":
      return `sales cycle of ${m.pipeline}`;
    case "sla":
      return `SLA compliance of ${m.rule ? `rule ${m.rule}` : "every routing rule"}`;
    case "attribution":
      return `${m.model.replace("_", "-")} attribution${m.property ? ` by ${m.property}` : ""}`;
    case "capacity":
      return `capacity use of ${m.team ? `team ${m.team}` : "every team"}`;
    case "retention":
      return `retention${m.by ? ` by ${m.by}` : ""}${m.period ? ` over ${m.period}` : ""}`;
  }
}

const metricName = (m: Metric): string => `Metric ${quote(m.label ?? m.key)}${m.label ? ` (${m.key})` : ""}`;

function metricSummary(m: Metric): string {
  return `${measures(m)}${m.target === undefined ? "" : `, target ${target(m)(m.target)}`}`;
}

function diffMetric(s: ScopedChanges, before: Metric, after: Metric): void {
  if (before.type !== after.type || measures(before) !== measures(after)) {
    s.changed(`${metricName(after)} now measures ${measures(after)} (was ${measures(before)})`);
  }
  const fields = (m: Metric) => m as unknown as Record<string, unknown>;
  s.fields(metricName(after), [
    fieldChange("label", before.label, after.label, quote),
    fieldChange(
      "target",
      fields(before).target,
      fields(after).target,
      before.type === after.type ? target(after) : show,
    ),
    fieldChange("description", before.description, after.description, quote),
  ]);
}

function diffDashboard(s: ScopedChanges, before: Dashboard, after: Dashboard): void {
  const subject = `Dashboard ${quote(after.label)}`;
  if (before.label !== after.label) s.changed(`Dashboard ${quote(before.label)} renamed to ${quote(after.label)}`);
  const membership = setChange(before.metrics, after.metrics, "now shows", "no longer shows");
  const reordered = membership.length === 0 && before.metrics.join() !== after.metrics.join();
  s.fields(subject, [...membership, reordered ? `metrics reordered: ${after.metrics.join(", ")}` : undefined]);
}

export function diffReporting(before: Blueprint, after: Blueprint, out: Changes): void {
  const s = out.in("reporting");
  const metrics = match(before.reporting.metrics, after.reporting.metrics);
  for (const [, m] of metrics.added) s.added(`${metricName(m)} added: ${metricSummary(m)}`);
  for (const [, m] of metrics.removed) s.removed(`${metricName(m)} removed (was ${metricSummary(m)})`);
  for (const [, was, now] of metrics.kept) diffMetric(s, was, now);
  const dashboards = match(before.reporting.dashboards, after.reporting.dashboards);
  for (const [, d] of dashboards.added) s.added(`Dashboard ${quote(d.label)} added: ${d.metrics.join(", ")}`);
  for (const [, d] of dashboards.removed) s.removed(`Dashboard ${quote(d.label)} removed`);
  for (const [, was, now] of dashboards.kept) diffDashboard(s, was, now);
}
