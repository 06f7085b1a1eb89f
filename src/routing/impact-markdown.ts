/** The routing impact as markdown tables: readable in a terminal, rendered in a pull-request comment. */
import type { Count, Impact } from "./replay";

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
const arrow = (b: number, a: number) => (b === a ? String(a) : `${b} → ${a}`);

function duration(minutes: number): string {
  const m = Math.abs(minutes);
  const text = m >= 1440 ? `${(m / 1440).toFixed(1)}d` : m >= 60 ? `${(m / 60).toFixed(1)}h` : `${m}m`;
  return `${minutes < 0 ? "-" : "+"}${text}`;
}

function countTable(title: string, rows: Record<string, Count>): string[] {
  return [
    `| ${title} | Leads before | Leads after | Change | Gained | Lost |`,
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...Object.entries(rows).map(
      ([key, c]) => `| ${key} | ${c.before} | ${c.after} | ${signed(c.after - c.before)} | ${c.gained} | ${c.lost} |`,
    ),
    "",
  ];
}

export function impactMarkdown(impact: Impact, source: string): string {
  const { changed, sla } = impact;
  const lines = [
    `### Routing impact: ${impact.leads} leads from ${source} replayed through the base and the changed routing`,
    "",
    `${changed.rule} leads change rule, ${changed.team} change team, ${changed.owner} change owner.`,
    "",
    ...countTable("Rule", impact.rules),
    ...countTable("Team", impact.teams),
    "| Owner | New leads/day (capacity) | Busiest day before | Busiest day after | Days over capacity |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...Object.entries(impact.owners).map(([owner, o]) => {
      const warn = o.daysOverAfter > o.daysOverBefore ? " ⚠" : "";
      return `| ${owner} | ${o.capacity ?? "—"} | ${o.peakBefore} | ${o.peakAfter} | ${arrow(o.daysOverBefore, o.daysOverAfter)}${warn} |`;
    }),
    "",
    sla.moved === 0
      ? "First-touch SLA due times: none move."
      : `First-touch SLA due times: ${sla.moved} move (${sla.later} later, ${sla.earlier} earlier; median ${duration(sla.medianShiftMinutes)})` +
        (sla.intoWeekend ? `; ${sla.intoWeekend} now fall on a weekend.` : "."),
    ...(sla.largest
      ? [`The largest move, lead ${sla.largest.lead}: before, ${sla.largest.before}; after, ${sla.largest.after}.`]
      : []),
    `Leads only the fallback catches: ${arrow(impact.fallback.before, impact.fallback.after)}. ` +
      `Given over capacity: ${arrow(impact.overCapacity.before, impact.overCapacity.after)}. ` +
      `Nobody could take: ${arrow(impact.unrouted.before, impact.unrouted.after)}.`,
    "",
  ];
  return lines.join("\n");
}

/** What plan says when it has no leads to replay. */
export const NO_LEADS =
  "Routing impact: not computed. Give plan recent leads to replay through the base and the changed routing: " +
  '`--leads leads.jsonl` (one lead a line: {"id", "createdAt", "properties": {…}}) or `--leads leads.csv` ' +
  "(a header row: id, createdAt and the properties the rules read), or `--since 30d --stack <name>` to read them from the portal.\n";
