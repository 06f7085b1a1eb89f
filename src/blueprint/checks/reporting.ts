/** Reporting: every metric measures something the blueprint defines, and dashboards show real metrics. */
import type { PathSegment } from "../diagnostics";
import type { Metric } from "../model";
import { pipelineNamed } from "./builtin-pipelines";
import type { Check, CheckContext } from "./context";
import { expectKnown, expectProperty } from "./names";

function stageOrder(c: CheckContext, metric: Metric & { type: "conversion" }, path: PathSegment[]): void {
  const keys = metric.pipeline
    ? (pipelineNamed(c.blueprint, metric.pipeline)?.stages ?? []).map((s) => s.key)
    : (c.blueprint.lifecycle?.stages ?? []).map((s) => s.key);
  const [what, where] = metric.pipeline ? ["stage", `in pipeline ${metric.pipeline}`] : ["lifecycle stage", ""];
  if (!metric.pipeline && !c.blueprint.lifecycle) {
    c.findings.error(
      [...path, "from"],
      "a conversion without pipeline measures lifecycle stages, but there is no lifecycle",
    );
    return;
  }
  const from = expectKnown(c.findings, [...path, "from"], metric.from, keys, what, where);
  const to = expectKnown(c.findings, [...path, "to"], metric.to, keys, what, where);
  if (from && to && keys.indexOf(metric.from) >= keys.indexOf(metric.to)) {
    c.findings.error(
      [...path, "to"],
      `conversion from ${metric.from} to ${metric.to} goes backwards: ${metric.to} does not come after ${metric.from}`,
    );
  }
}

/** A metric's pipeline exists and is one the report reads (its deals and tickets; a custom object's records it does not). */
function pipelineKnown(c: CheckContext, path: PathSegment[], pipeline: string | undefined): boolean {
  if (pipeline === undefined) return true;
  if (!expectKnown(c.findings, [...path, "pipeline"], pipeline, c.names.pipelines, "pipeline")) return false;
  const object = pipelineNamed(c.blueprint, pipeline)?.object;
  if (object === "deals" || object === "tickets") return true;
  c.findings.error([...path, "pipeline"], `pipeline ${pipeline} holds ${object} records, which reports do not read`);
  return false;
}

function stageKnown(c: CheckContext, path: PathSegment[], pipeline: string, stage: string): void {
  expectKnown(c.findings, [...path, "stage"], stage, c.names.stages(pipeline), "stage", `in pipeline ${pipeline}`);
}

function checkRuleSla(c: CheckContext, path: PathSegment[], rule: string | undefined): void {
  if (rule === undefined) {
    if (!c.blueprint.routing.some((r) => r.sla))
      c.findings.error(path, "an sla metric needs at least one routing rule with an sla");
    return;
  }
  if (!expectKnown(c.findings, [...path, "rule"], rule, c.names.rules, "routing rule")) return;
  if (!c.blueprint.routing.find((r) => r.key === rule)?.sla)
    c.findings.error([...path, "rule"], `routing rule ${rule} has no sla to measure`);
}

function checkMetric(c: CheckContext, metric: Metric, i: number): void {
  const path: PathSegment[] = ["reporting", "metrics", i];
  switch (metric.type) {
    case "conversion":
      if (pipelineKnown(c, path, metric.pipeline)) stageOrder(c, metric, path);
      return;
    case "timeInStage":
      if (pipelineKnown(c, path, metric.pipeline)) stageKnown(c, path, metric.pipeline, metric.stage);
      return;
    case "stalledDeals": {
      if (!pipelineKnown(c, path, metric.pipeline)) return;
      if (metric.stage !== undefined) stageKnown(c, path, metric.pipeline, metric.stage);
      const stages = (pipelineNamed(c.blueprint, metric.pipeline)?.stages ?? []).filter(
        (s) => metric.stage === undefined || s.key === metric.stage,
      );
      if (!stages.some((s) => s.stalledAfter))
        c.findings.error(
          [...path, "pipeline"],
          "nothing can be counted as stalled: no stage it covers has stalledAfter",
        );
      return;
    }
    case "velocity":
      pipelineKnown(c, path, metric.pipeline);
      return;
    case "sla":
      checkRuleSla(c, path, metric.rule);
      return;
    case "attribution":
      pipelineKnown(c, path, metric.pipeline);
      if (metric.property) expectProperty(c.findings, c.names, [...path, "property"], "contacts", metric.property);
      return;
    case "capacity":
      if (metric.team !== undefined) expectKnown(c.findings, [...path, "team"], metric.team, c.names.teams, "team");
      return;
    case "retention":
      if (
        metric.by &&
        !(["contacts", "companies", "deals"] as const).some((o) => c.names.properties(o).has(metric.by!))
      ) {
        expectProperty(c.findings, c.names, [...path, "by"], "deals", metric.by);
      }
      return;
  }
}

export const checkReporting: Check = (c) => {
  const { reporting } = c.blueprint;
  reporting.metrics.forEach((metric, i) => checkMetric(c, metric, i));
  (reporting.dashboards ?? []).forEach((dashboard, i) => {
    const seen = new Set<string>();
    dashboard.metrics.forEach((key, j) => {
      const path = ["reporting", "dashboards", i, "metrics", j];
      expectKnown(c.findings, path, key, c.names.metrics, "metric");
      if (seen.has(key)) c.findings.warn(path, `metric ${key} is listed twice on dashboard ${dashboard.key}`);
      seen.add(key);
    });
  });
};
