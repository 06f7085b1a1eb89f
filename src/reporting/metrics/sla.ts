import { budgetMinutes, ownerCalendar, workingMinutesBetween } from "../../blueprint/calendar";
import { slaDuration } from "../../blueprint/duration";
import type { Blueprint, Metric, Owner, RoutingRule } from "../../blueprint/model";
import { MINUTE, type Contact, type CrmData } from "../data";
import { empty, median, ratio, result, type MetricResult, type Row } from "./result";

type Sla = Extract<Metric, { type: "sla" }>;

type Verdict = "met" | "breached" | "pending";

/**
 * First-touch SLA compliance: of the leads each routing rule assigned, the share first touched within the
 * rule's SLA. With `businessHours` the clock runs only in the owner's calendar (working hours, holidays and
 * absences: the same calendar code the routing workflow sets due times with). A lead not touched yet
 * counts as breached once its SLA has run out, and is left out (pending) before that. Median times to first touch
 * are on the wall clock, as the lead experiences them.
 */
export function sla(metric: Sla, blueprint: Blueprint, data: CrmData): MetricResult {
  const rules = blueprint.routing.filter((r) => r.sla && (metric.rule === undefined || r.key === metric.rule));
  if (rules.length === 0) {
    return empty(
      metric,
      metric.rule
        ? `routing rule "${metric.rule}" is not in the blueprint or has no SLA`
        : "no routing rule has an SLA",
    );
  }
  const owners = new Map(blueprint.owners.map((o) => [o.email.toLowerCase(), o]));
  const rows: Row[] = [];
  const allTimes: number[] = [];
  let met = 0;
  let breached = 0;
  for (const rule of rules) {
    const counts = { met: 0, breached: 0, pending: 0 };
    const times: number[] = [];
    for (const lead of data.contacts) {
      if (lead.routingRule !== rule.key || lead.assignedAt === undefined) continue;
      counts[judgeLead(lead, rule, owners.get(lead.ownerEmail?.toLowerCase() ?? ""), blueprint, data.asOf)]++;
      if (lead.firstTouchAt !== undefined) times.push((lead.firstTouchAt - lead.assignedAt) / MINUTE);
    }
    met += counts.met;
    breached += counts.breached;
    allTimes.push(...times);
    rows.push({
      label: rule.key,
      value: ratio(counts.met, counts.met + counts.breached),
      ...counts,
      sla: rule.sla!.firstTouch,
      medianFirstTouch: median(times),
    });
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

function judgeLead(
  lead: Contact,
  rule: RoutingRule,
  owner: Owner | undefined,
  blueprint: Blueprint,
  asOf: number,
): Verdict {
  const duration = slaDuration(rule.sla!.firstTouch);
  const end = lead.firstTouchAt ?? asOf;
  // Without a known owner there is no calendar: the wall clock, with a business day as 24 hours.
  const calendar = rule.sla!.businessHours && owner ? ownerCalendar(blueprint, owner) : undefined;
  const limit = calendar ? budgetMinutes(calendar, duration) : duration.businessDays * 1440 + duration.minutes;
  const minutes = calendar
    ? workingMinutesBetween(calendar, lead.assignedAt!, end, limit + 1)
    : (end - lead.assignedAt!) / MINUTE;
  if (minutes > limit) return "breached";
  return lead.firstTouchAt === undefined ? "pending" : "met";
}
