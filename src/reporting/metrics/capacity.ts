import { pipelineNamed } from "../../blueprint/checks/builtin-pipelines";
import { ownerCalendar, workingDaysBetween } from "../../blueprint/calendar";
import type { Blueprint, Metric, Owner } from "../../blueprint/model";
import { DAY, type CrmData } from "../data";
import { result, type MetricResult, type Row } from "./result";
import { isOpen } from "./stages";

type Capacity = Extract<Metric, { type: "capacity" }>;

/** New leads per day are averaged over the last week, so one busy morning does not read as overload. */
const LEAD_WINDOW_DAYS = 7;

interface Load {
  openDeals: number;
  dealCapacity: number;
  newLeadsPerDay: number;
  leadCapacity: number;
}

/**
 * Capacity use: open deals against each owner's `capacity.openDeals`, and new leads per working day (last
 * 7 days) against `capacity.newLeadsPerDay`. An owner's or team's use is the higher of the two; the headline is
 * the team's (or all teams') use, compared with the target utilisation as an upper bound.
 */
export function capacity(metric: Capacity, blueprint: Blueprint, data: CrmData): MetricResult {
  const owners = blueprint.owners.filter((o) => o.capacity && (metric.team === undefined || o.team === metric.team));
  if (owners.length === 0) {
    return result(metric, {
      value: null,
      unit: "ratio",
      sample: 0,
      definition: "no owner with a capacity",
      rows: [],
      notes: [`no owner${metric.team ? ` in team ${metric.team}` : ""} declares a capacity`],
    });
  }
  const loads = new Map(owners.map((o) => [o.email.toLowerCase(), loadOf(o, blueprint, data)]));
  const ownerRows: Row[] = owners.map((o) => ({
    label: o.email,
    team: o.team ?? null,
    ...rowOf(loads.get(o.email.toLowerCase())!),
  }));
  const teams = [...new Set(owners.map((o) => o.team ?? "(no team)"))];
  const teamRows: Row[] = teams.map((team) => ({
    label: `team ${team}`,
    team,
    ...rowOf(sum(owners.filter((o) => (o.team ?? "(no team)") === team).map((o) => loads.get(o.email.toLowerCase())!))),
  }));
  const overall = rowOf(sum([...loads.values()]));
  const over = ownerRows.filter((r) => r.value !== null && r.value > 1).map((r) => r.label);
  return result(metric, {
    value: overall.value,
    unit: "ratio",
    target: metric.target === undefined ? undefined : { value: metric.target, direction: "atMost" },
    sample: owners.length,
    definition: `capacity use of ${metric.team ? `team ${metric.team}` : "all teams"}: the higher of open deals and new leads per day against capacity`,
    rows: [...teamRows, ...ownerRows],
    notes: over.length ? [`over capacity: ${over.join(", ")}`] : [],
  });
}

function loadOf(owner: Owner, blueprint: Blueprint, data: CrmData): Load {
  const email = owner.email.toLowerCase();
  const openDeals = data.deals.filter(
    (d) =>
      d.ownerEmail?.toLowerCase() === email &&
      d.pipeline !== undefined &&
      isOpen(pipelineNamed(blueprint, d.pipeline), d.stage),
  ).length;
  const since = data.asOf - LEAD_WINDOW_DAYS * DAY;
  const leads = data.contacts.filter(
    (c) =>
      c.ownerEmail?.toLowerCase() === email &&
      c.assignedAt !== undefined &&
      c.assignedAt > since &&
      c.assignedAt <= data.asOf,
  ).length;
  // Working days in the owner's calendar (holidays and absences are not working days); at least one.
  const workdays = Math.max(1, workingDaysBetween(ownerCalendar(blueprint, owner), since, data.asOf));
  return {
    openDeals,
    dealCapacity: owner.capacity?.openDeals ?? 0,
    newLeadsPerDay: leads / workdays,
    leadCapacity: owner.capacity?.newLeadsPerDay ?? 0,
  };
}

function sum(loads: Load[]): Load {
  return loads.reduce(
    (a, b) => ({
      openDeals: a.openDeals + b.openDeals,
      dealCapacity: a.dealCapacity + b.dealCapacity,
      newLeadsPerDay: a.newLeadsPerDay + b.newLeadsPerDay,
      leadCapacity: a.leadCapacity + b.leadCapacity,
    }),
    { openDeals: 0, dealCapacity: 0, newLeadsPerDay: 0, leadCapacity: 0 },
  );
}

function rowOf(load: Load): { value: number | null } & Record<string, number | null> {
  const deals = load.dealCapacity ? load.openDeals / load.dealCapacity : null;
  const leads = load.leadCapacity ? load.newLeadsPerDay / load.leadCapacity : null;
  const value = deals === null && leads === null ? null : Math.max(deals ?? 0, leads ?? 0);
  return {
    value,
    openDeals: load.openDeals,
    dealCapacity: load.dealCapacity,
    newLeadsPerDay: load.newLeadsPerDay,
    leadCapacity: load.leadCapacity,
  };
}
