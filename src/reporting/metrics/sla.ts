import { durationMinutes, timeOfDayMinutes } from "../../blueprint/duration";
import type { Blueprint, Metric, Owner, RoutingRule } from "../../blueprint/model";
import { workingMinutesBetween, type Schedule } from "../business-hours";
import { MINUTE, type Contact, type CrmData } from "../data";
import { empty, median, ratio, result, type MetricResult, type Row } from "./result";

type Sla = Extract<Metric, { type: "sla" }>;

const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

type Verdict = "met" | "breached" | "pending";

/**
 * First-touch SLA compliance: of the leads each routing rule assigned, the share first touched within the
 * rule's SLA. With `businessHours` the clock runs only in the owner's working hours. A lead not touched yet
 * counts as breached once its SLA has run out, and is left out (pending) before that.
 */
export function sla(metric: Sla, blueprint: Blueprint, data: CrmData): MetricResult {
  const rules = blueprint.routing.filter((r) => r.sla && (metric.rule === undefined || r.key === metric.rule));
  if (rules.length === 0) {
    return empty(metric, metric.rule ? `routing rule "${metric.rule}" is not in the blueprint or has no SLA` : "no routing rule has an SLA");
  }
  const owners = new Map(blueprint.owners.map((o) => [o.email.toLowerCase(), o]));
  const zone = blueprint.metadata.timezone ?? "UTC";
  const rows: Row[] = [];
  const allTimes: number[] = [];
  let met = 0;
  let breached = 0;
  for (const rule of rules) {
    const counts = { met: 0, breached: 0, pending: 0 };
    const times: number[] = [];
    for (const lead of data.contacts) {
      if (lead.routingRule !== rule.key || lead.assignedAt === undefined) continue;
      const { verdict, minutes } = judgeLead(lead, rule, owners, zone, data.asOf);
      counts[verdict]++;
      if (lead.firstTouchAt !== undefined) times.push(minutes);
    }
    met += counts.met;
    breached += counts.breached;
    allTimes.push(...times);
    rows.push({ label: rule.key, value: ratio(counts.met, counts.met + counts.breached), ...counts, sla: durationMinutes(rule.sla!.firstTouch), medianFirstTouch: median(times) });
  }
  return result(metric, {
    value: ratio(met, met + breached),
    unit: "ratio",
    target: metric.target === undefined ? undefined : { value: metric.target, direction: "atLeast" },
    sample: met + breached,
    definition: `leads first touched within their routing rule's SLA, of ${met + breached} whose SLA is decided`,
    rows,
    notes: allTimes.length ? [`median time to first touch: ${Math.round(median(allTimes)!)} min`] : [],
  });
}

function judgeLead(lead: Contact, rule: RoutingRule, owners: Map<string, Owner>, zone: string, asOf: number): { verdict: Verdict; minutes: number } {
  const limit = durationMinutes(rule.sla!.firstTouch);
  const end = lead.firstTouchAt ?? asOf;
  const schedule = rule.sla!.businessHours ? scheduleOf(owners.get(lead.ownerEmail?.toLowerCase() ?? ""), zone) : undefined;
  // Past the limit the exact figure only matters for touched leads (their response time is reported).
  const cap = lead.firstTouchAt === undefined ? limit + 1 : Infinity;
  const minutes = schedule ? workingMinutesBetween(lead.assignedAt!, end, schedule, cap) : Math.max(0, (end - lead.assignedAt!) / MINUTE);
  if (minutes > limit) return { verdict: "breached", minutes };
  return { verdict: lead.firstTouchAt === undefined ? "pending" : "met", minutes };
}

/** The owner's working hours; without them the SLA clock runs around the clock. */
export function scheduleOf(owner: Owner | undefined, zone: string): Schedule | undefined {
  const hours = owner?.workingHours;
  if (!hours) return undefined;
  return {
    timezone: owner.timezone ?? zone,
    weekdays: hours.days.map((d) => WEEKDAYS.indexOf(d)),
    start: timeOfDayMinutes(hours.start),
    end: timeOfDayMinutes(hours.end),
  };
}
