import type { Command } from "commander";
import { formatDiagnostic, loadBlueprint, type Blueprint } from "../../blueprint";
import { breakingPoint, simulate, type MixLead } from "../../routing/capacity";
import { capacityMarkdown, isoDate } from "../../routing/capacity-markdown";
import { caseSample } from "../../routing/cases";
import { LeadFileError, readLeads } from "../../routing/leads";
import { requireMemberships } from "../../routing/memberships";
import type { Props } from "../../routing/runtime";
import type { ExitWith } from "../shared/command";
import { exitCode } from "../shared/errors";
import { STACK_READ_ERRORS, stackLeads } from "../shared/stack-leads";

const DAY = 86_400_000;

interface CapacityOptions {
  leadsPerDay?: string;
  growth: string;
  days: string;
  from?: string;
  leads?: string;
  stack?: string;
  cwd?: string;
  format: string;
}

class UsageError extends Error {}

function positive(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${what} must be a number above 0, found "${text}"`);
  return n;
}

/** A Monday, 00:00 UTC: `t`'s own when `onOrBefore`, else the first after `t`'s day. */
function monday(t: number, onOrBefore: boolean): number {
  const day = Math.floor(t / DAY) * DAY;
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return onOrBefore ? day - weekday * DAY : day + (7 - weekday) * DAY;
}

/**
 * Without lead history or --leads-per-day, 1× is half of what the routed owners can take in a week
 * (newLeadsPerDay on each working day), spread over the seven days leads arrive on: owners half busy, so that
 * --growth 2x asks whether they can take their full capacity in this mix of leads, and who breaks first.
 */
function halfWeeklyCapacityPerDay(bp: Blueprint): number {
  const teams = new Set(bp.routing.flatMap((r) => (r.assign.team ? [r.assign.team] : [])));
  const named = new Set(bp.routing.flatMap((r) => (r.assign.owner ? [r.assign.owner] : [])));
  const weekly = bp.owners
    .filter((o) => o.away !== true && ((o.team && teams.has(o.team)) || named.has(o.email)))
    .reduce((sum, o) => sum + (o.capacity?.newLeadsPerDay ?? 0) * (o.workingHours?.days.length ?? 7), 0);
  return weekly / 2 / 7;
}

interface Baseline {
  perDay: number;
  mix: MixLead[];
  source: string;
  /**
   * The first day of the period when --from does not say: one the inputs fix, never today's date, so the same
   * blueprint and inputs give the same figures on any day.
   */
  period: { start: number; why: string };
}

/** Volume, lead mix and period: from lead history, else --leads-per-day or half the capacity, with the tests' leads. */
async function baseline(file: string, bp: Blueprint, o: CapacityOptions): Promise<Baseline> {
  if (o.leads || o.stack) {
    const leads = o.leads ? await readLeads(o.leads) : await stackLeads(o.stack!, "28d", [bp], o.cwd);
    if (leads.length === 0) throw new UsageError(`no leads in ${o.leads ?? `stack ${o.stack}'s last 28 days`}`);
    const from = o.leads ?? `stack ${o.stack}'s portal (the last 28 days)`;
    const span = Math.max(1, Math.ceil((leads.at(-1)!.createdAt - leads[0].createdAt) / DAY));
    const perDay = o.leadsPerDay ? positive(o.leadsPerDay, "--leads-per-day") : leads.length / span;
    requireMemberships([bp], leads, from);
    const mix = leads.map((l) => ({ properties: l.properties as Props, lists: l.lists }));
    // The weeks that follow the history.
    const period = { start: monday(leads.at(-1)!.createdAt, false), why: "the Monday after the last lead" };
    return { perDay, mix, source: `${leads.length} leads from ${from}`, period };
  }
  const sample = await caseSample(file);
  for (const w of sample.warnings) process.stderr.write(`warning: ${w}\n`);
  // The week the test cases are set in.
  const period = { start: monday(sample.firstArrival, true), why: "the week of the test cases; --from to choose" };
  const common = { mix: sample.leads, period };
  if (o.leadsPerDay) return { ...common, perDay: positive(o.leadsPerDay, "--leads-per-day"), source: sample.source };
  const source = `half of what the routed owners can take in a week, over 7 days; ${sample.source}`;
  return { ...common, perDay: halfWeeklyCapacityPerDay(bp), source };
}

/** --from as the period's first day (00:00 UTC). */
function fromDate(from: string): { start: number; why: string } {
  const t = Date.parse(`${from}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !Number.isFinite(t)) throw new UsageError(`--from expects YYYY-MM-DD`);
  return { start: t, why: "as --from says" };
}

async function run(file: string, o: CapacityOptions): Promise<number> {
  if (o.stack && o.leads) throw new UsageError("give --leads <file> or --stack <name>, not both");
  const growth = positive(o.growth.replace(/x$/i, ""), "--growth");
  const days = Math.round(positive(o.days, "--days"));
  const { blueprint, diagnostics } = await loadBlueprint(file);
  if (!blueprint) {
    for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
    return 1;
  }
  const from = o.from !== undefined ? fromDate(o.from) : undefined; // checked before any lead is read
  const base = await baseline(file, blueprint, o);
  const leadsPerDay = Math.round(base.perDay * growth);
  const period = from ?? base.period;
  const scenario = { start: period.start, days, leadsPerDay, mix: base.mix };
  const sim = simulate(blueprint, scenario);
  const point = breakingPoint(blueprint, sim);
  if (o.format === "json") {
    const out = {
      ...sim,
      period: { from: isoDate(sim.scenario.start), days, chosenBy: period.why },
      breakingPoint: point,
    };
    process.stdout.write(`${JSON.stringify(out, (k, v) => (k === "mix" ? undefined : v), 2)}\n`);
    return 0;
  }
  const volume = growth === 1 ? `${leadsPerDay} leads a day` : `${growth}× volume (${leadsPerDay} leads a day)`;
  process.stdout.write(capacityMarkdown(sim, volume, base.source, period.why, point));
  return 0;
}

export function register(program: Command, exit: ExitWith): void {
  program
    .command("capacity")
    .description("simulate a period of leads through the blueprint's routing and owners: who saturates first, and when")
    .argument("<file>", "blueprint file (YAML)")
    .option(
      "--leads-per-day <n>",
      "new leads a day (default: from --leads or --stack, else half what the routed owners can take)",
    )
    .option("--growth <k>x", "multiply the volume, e.g. 2x", "1x")
    .option("--days <n>", "length of the period", "28")
    .option(
      "--from <date>",
      "first day (YYYY-MM-DD, 00:00 UTC); default the Monday after the last lead, else the test cases' week",
    )
    .option("--leads <file>", "recent leads (.jsonl or .csv): their volume and their mix of properties")
    .option("--stack <name>", "the last 28 days' leads of the stack's portal: their volume and mix")
    .option("--cwd <dir>", "the project directory (with --stack; default: the nearest Pulumi.yaml)")
    .option("--format <format>", "markdown or json", "markdown")
    .action(async (file: string, options: CapacityOptions) =>
      exit(await exitCode("capacity", () => run(file, options), [UsageError, LeadFileError, ...STACK_READ_ERRORS])),
    );
}
