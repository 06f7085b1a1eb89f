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
 * counts as breached once its SLA has run out, and is left out (pending) before that. Median times to first touch
 * are on the wall clock, as the lead experiences them.
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
      counts[judgeLead(lead, rule, owners, zone, data.asOf)]++;
      if (lead.firstTouchAt !== undefined) times.push((lead.firstTouchAt - lead.assignedAt) / MINUTE);
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
    notes: allTimes.length ? [`median time to first touch (wall clock): ${Math.round(median(allTimes)!)} min`] : [],
  });
}

function judgeLead(lead: Contact, rule: RoutingRule, owners: Map<string, Owner>, zone: string, asOf: number): Verdict {
  const limit = durationMinutes(rule.sla!.firstTouch);
  const end = lead.firstTouchAt ?? asOf;
  const schedule = rule.sla!.businessHours ? scheduleOf(owners.get(lead.ownerEmail?.toLowerCase() ?? ""), zone) : undefined;
  const minutes = schedule ? workingMinutesBetween(lead.assignedAt!, end, schedule, limit + 1) : (end - lead.assignedAt!) / MINUTE;
  if (minutes > limit) return "breached";
  return lead.firstTouchAt === undefined ? "pending" : "met";
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
