/** The capacity model's figures in words and markdown tables. */
import type { BreakingPoint, Load, Simulation } from "./capacity";

const DAY = 86_400_000;
const pct = (part: number, whole: number) => (whole === 0 ? "—" : `${Math.round((100 * part) / whole)} %`);

export const isoDate = (t: number) => new Date(t).toISOString().slice(0, 10);

/** "Wed 2026-01-07" */
function dated(t: number): string {
  return `${new Date(t).toLocaleDateString("en-US", { weekday: "short", timeZone: "UTC" })} ${isoDate(t)}`;
}

/** "day 3 (Wed 2026-01-07)" */
export function dayName(sim: Simulation, day: number): string {
  return `day ${day} (${dated(sim.scenario.start + (day - 1) * DAY)})`;
}

/** "From 58 leads a day (1.5× this volume), owner sam.lee@acme.test saturates, on day 3 (Wed 2026-01-07)." */
export function breakingSentence(sim: Simulation, point: BreakingPoint | undefined): string {
  const volume = sim.scenario.leadsPerDay;
  if (!point) return "Nothing saturates up to 2,000 leads a day.";
  const factor = volume > 0 ? ` (${(point.leadsPerDay / volume).toFixed(1)}× this volume)` : "";
  return (
    `Breaking point: from ${point.leadsPerDay} leads a day${factor}, ${point.first.kind} ${point.first.name} ` +
    `saturates, on ${dayName(sim, point.first.day)}.`
  );
}

/** The sentence a reviewer reads first: who saturates first and when, and the rule whose SLA falls lowest. */
export function headline(sim: Simulation, volume: string): string {
  const first = sim.first
    ? `${sim.first.kind} ${sim.first.name} saturates on ${dayName(sim, sim.first.day)}`
    : "no team or owner saturates";
  const worst = Object.entries(sim.rules)
    .filter(([, l]) => l.withSla > 0)
    .sort(([, a], [, b]) => a.metSla / a.withSla - b.metSla / b.withSla)[0];
  const sla = worst ? `; ${worst[0]} first-touch SLA falls to ${pct(worst[1].metSla, worst[1].withSla)}` : "";
  return `At ${volume}, ${first}${sla}.`;
}

function table(title: string, rows: Record<string, Load>, withCapacity: boolean): string[] {
  const head = withCapacity
    ? [`| ${title} | Leads | Can take | Utilisation | Backlog at end | First-touch SLA met | Saturates |`]
    : [`| ${title} | Leads | First-touch SLA met |`];
  const rule = withCapacity ? "| --- | ---: | ---: | ---: | ---: | ---: | --- |" : "| --- | ---: | ---: |";
  return [
    ...head,
    rule,
    ...Object.entries(rows).map(([key, l]) => {
      const sla = pct(l.metSla, l.withSla);
      if (!withCapacity) return `| ${key} | ${l.leads} | ${sla} |`;
      const bounded = Number.isFinite(l.capacity);
      return `| ${key} | ${l.leads} | ${bounded ? l.capacity : "no limit"} | ${bounded ? pct(l.leads, l.capacity) : "—"} | ${l.backlog} | ${sla} | ${l.saturatesOn ? `day ${l.saturatesOn}` : "—"} |`;
    }),
    "",
  ];
}

/** `chosenBy`: why the period starts when it does ("--from", "the Monday after the last lead"). */
export function capacityMarkdown(
  sim: Simulation,
  volume: string,
  source: string,
  chosenBy: string,
  point: BreakingPoint | undefined,
): string {
  const s = sim.scenario;
  const period = `${dated(s.start)} to ${dated(s.start + (s.days - 1) * DAY)}`;
  return [
    `### Capacity: ${s.days} days, ${period} (${chosenBy}), ${s.leadsPerDay} leads a day (${source})`,
    "",
    headline(sim, volume),
    "",
    breakingSentence(sim, point),
    "",
    ...table("Team", sim.teams, true),
    ...table("Owner", sim.owners, true),
    ...table("Rule", sim.rules, false),
    ...(sim.unrouted ? [`${sim.unrouted} leads found nobody to take them.`, ""] : []),
  ].join("\n");
}
