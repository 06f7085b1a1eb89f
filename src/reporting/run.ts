import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Blueprint } from "../blueprint/model";
import type { HubSpotConnection } from "../clients/hubspot";
import { sampleOf, type LeadSample } from "../routing/cases";
import { computeMetrics } from "./metrics";
import { readCrm } from "./read-crm";
import { renderHtml } from "./render-html";
import { renderMarkdown } from "./render-md";
import { ROUTING_SECTION, routingMetrics } from "./routing";
import type { ReportModel } from "./report";

export interface ReportRun {
  model: ReportModel;
  files: { html: string; markdown: string };
}

/**
 * Reads the portal, computes the blueprint's metrics and writes report.html and report.md into `outDir`.
 * `sample`: the leads the capacity model routes, those of the blueprint's test cases (`caseSample` of its file);
 * by default those of its own `tests:`.
 */
export async function writeReport(
  conn: HubSpotConnection,
  blueprint: Blueprint,
  outDir: string,
  asOf = Date.now(),
  sample: LeadSample = sampleOf(blueprint.tests ?? []),
): Promise<ReportRun> {
  const data = await readCrm(conn, blueprint, asOf);
  const routing = routingMetrics(blueprint, data, sample);
  const model: ReportModel = {
    blueprint: blueprint.metadata.name,
    currency: blueprint.metadata.currency,
    asOf,
    generatedAt: Date.now(),
    deals: data.deals.length,
    contacts: data.contacts.length,
    apiCalls: data.apiCalls,
    warnings: [...data.warnings, ...sample.warnings],
    metrics: [...computeMetrics(blueprint, data), ...routing],
    dashboards: [
      ...(blueprint.reporting.dashboards ?? []),
      ...(routing.length ? [{ ...ROUTING_SECTION, metrics: routing.map((m) => m.key) }] : []),
    ],
  };
  mkdirSync(outDir, { recursive: true });
  const files = { html: join(outDir, "report.html"), markdown: join(outDir, "report.md") };
  writeFileSync(files.html, renderHtml(model));
  writeFileSync(files.markdown, renderMarkdown(model));
  return { model, files };
}
