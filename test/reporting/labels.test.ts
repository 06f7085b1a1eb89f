// What a reader sees in the report: stage and lifecycle labels, not keys, and amounts in the blueprint's currency.
import { describe, expect, it } from "vitest";
import { computeMetrics } from "../../src/reporting/metrics";
import { renderHtml } from "../../src/reporting/render-html";
import { renderMarkdown } from "../../src/reporting/render-md";
import type { ReportModel } from "../../src/reporting/report";
import { blueprint, data } from "./fixtures/metrics";

function model(currency: string | undefined): ReportModel {
  return {
    blueprint: "fixture",
    currency,
    asOf: data.asOf,
    generatedAt: data.asOf,
    deals: data.deals.length,
    contacts: data.contacts.length,
    apiCalls: 0,
    warnings: [],
    metrics: computeMetrics(blueprint, data),
    dashboards: [],
  };
}

/** The markdown table under a metric's heading. */
const table = (md: string, metric: string) => md.split(`### ${metric}\n`)[1].split("\n\n")[0];

describe("report labels and currency", () => {
  const md = renderMarkdown(model("GBP"));
  const html = renderHtml(model("GBP"));

  it("funnels name lifecycle stages by HubSpot's labels and deal stages by the blueprint's", () => {
    expect(table(md, "mql-to-sql")).toContain("| Marketing Qualified Lead | 6 |");
    expect(table(md, "mql-to-sql")).toContain("| Sales Qualified Lead | 4 |");
    expect(table(md, "mql-to-sql")).toContain("| Churned |"); // a custom stage without a label: its key in words
    expect(table(md, "demo-to-won")).toContain("| Discovery | 5 |");
    expect(md).not.toMatch(/\| (marketingqualifiedlead|salesqualifiedlead|discovery) \|/);
    expect(md).toContain("Leads that reached Sales Qualified Lead, of the 6 that reached Marketing Qualified Lead");
    expect(html).toContain("<td>Marketing Qualified Lead</td>");
    expect(html).not.toContain("<td>marketingqualifiedlead</td>");
  });

  it("amounts carry the blueprint's currency in markdown and HTML", () => {
    // Won amounts: d1 1,000 + d5 3,000 (both from sources in the fixture); average won amount 2,000.
    expect(table(md, "cycle")).toContain("| average won amount | £2,000 |");
    expect(html).toContain("<td>£2,000</td>");
    expect(renderMarkdown(model("CHF"))).toContain("| average won amount | CHF\u00a02,000 |"); // Intl keeps the code and figure together
    expect(renderMarkdown(model(undefined))).toContain("| average won amount | 2,000 |");
  });
});
