import { cell, columnsOf, formatTarget, formatValue, statusText } from "./format";
import type { MetricResult } from "./metrics";
import { isoDay, sections, type ReportModel } from "./report";

const esc = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The summary for a pull request, a chat message or a wiki: every metric against its target, then the details. */
export function renderMarkdown(model: ReportModel): string {
  const met = model.metrics.filter((m) => m.status === "met").length;
  const judged = model.metrics.filter((m) => m.status === "met" || m.status === "missed").length;
  const lines = [
    `# Revenue report: ${model.blueprint}`,
    "",
    `As of ${isoDay(model.asOf)} · ${model.deals.toLocaleString("en-US")} deals, ${model.contacts.toLocaleString("en-US")} leads · ${met} of ${judged} metrics with a target on target`,
    "",
    ...model.warnings.map((w) => `> ⚠ ${esc(w)}`),
    ...(model.warnings.length ? [""] : []),
  ];
  for (const section of sections(model)) {
    lines.push(
      `## ${section.label}`,
      "",
      "| Metric | Value | Target | Status | Based on |",
      "| --- | --- | --- | --- | --- |",
    );
    for (const m of section.metrics) {
      lines.push(
        `| ${esc(m.label)} | ${formatValue(m.value, m.unit, model.currency)} | ${formatTarget(m.target, m.unit, model.currency)} | ${statusText[m.status]} | ${esc(m.definition)} |`,
      );
    }
    lines.push("");
    for (const m of section.metrics) lines.push(...details(m, model.currency));
  }
  return lines.join("\n");
}

function details(m: MetricResult, currency: string | undefined): string[] {
  if (m.rows.length === 0 && m.notes.length === 0) return [];
  const cols = columnsOf(m);
  const out = [`### ${m.label}`, ""];
  if (m.rows.length) {
    out.push(`| ${cols.map((c) => c.title).join(" | ")} |`, `| ${cols.map(() => "---").join(" | ")} |`);
    for (const row of m.rows) out.push(`| ${cols.map((c) => esc(cell(row, c, currency))).join(" | ")} |`);
    out.push("");
  }
  for (const note of m.notes) out.push(`- ${esc(note)}`);
  if (m.notes.length) out.push("");
  return out;
}
