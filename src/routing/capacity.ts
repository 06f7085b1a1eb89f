/**
 * The capacity model: a period of leads (a steady volume, spread evenly over each day) routed one after another by
 * routing.js, then worked by their owners. Each owner works their queue in arrival order during their working
 * hours (calendar runtime: hours, holidays, absences), taking dayLength / capacity.newLeadsPerDay of working time
 * per lead; a lead's first touch is when its owner starts on it. From that: utilisation, backlog, first-touch SLA
 * compliance, and the day each owner and team saturates — the first day their leads so far exceed the leads their
 * working time so far can take.
 */
import type { Blueprint } from "../blueprint/model";
import { workingMinutesBetween, workingDue, type Calendar } from "../blueprint/calendar";
import { Router, type Props, type RoutingState } from "./runtime";

const DAY = 86_400_000;

export interface Scenario {
  /** First day of the period, 00:00 UTC. */
  start: number;
  days: number;
  leadsPerDay: number;
  /** The leads that arrive, in turn. */
  mix: MixLead[];
}

/** A lead of the mix: its properties and the keys of the blueprint's lists it is in (./memberships.ts). */
export interface MixLead {
  properties: Props;
  lists?: string[];
}

export interface Load {
  leads: number;
  /** Leads the working time of the period can take. */
  capacity: number;
  /** Leads not yet touched when the period ends. */
  backlog: number;
  /** Leads with an SLA, and those touched in time. */
  withSla: number;
  metSla: number;
  /** 1-based day on which leads so far first exceed capacity so far; undefined when it never happens. */
  saturatesOn?: number;
}

export interface Simulation {
  scenario: Scenario;
  owners: Record<string, Load>;
  teams: Record<string, Load>;
  rules: Record<string, Load>;
  unrouted: number;
  /** The earliest to saturate (teams before owners on the same day). */
  first?: { kind: "team" | "owner"; name: string; day: number };
}

interface Worked {
  owner: string;
  team?: string;
  rule: string;
  arrival: number;
  dueAt?: number;
  touch?: number;
}

export function simulate(bp: Blueprint, scenario: Scenario): Simulation {
  const router = new Router(bp);
  const worked = route(router, scenario);
  const unrouted = scenario.days * scenario.leadsPerDay - worked.length;
  workQueues(router, worked);
  const end = scenario.start + scenario.days * DAY;
  const owners = loads(
    worked,
    (w) => [w.owner],
    scenario,
    end,
    (o) => dailyCapacity(router, [o], scenario),
  );
  const teams = loads(
    worked,
    (w) => (w.team ? [w.team] : []),
    scenario,
    end,
    (t) => dailyCapacity(router, router.config.teams[t]?.members ?? [], scenario),
  );
  const rules = loads(
    worked,
    (w) => [w.rule],
    scenario,
    end,
    () => [],
  );
  return { scenario, owners, teams, rules, unrouted, first: firstToSaturate(teams, owners) };
}

/** Every lead of the period through routing.js, in arrival order, sharing its state as n8n's executions do. */
function route(router: Router, s: Scenario): Worked[] {
  const state: RoutingState = {};
  const out: Worked[] = [];
  const gap = DAY / Math.max(s.leadsPerDay, 1);
  for (let day = 0; day < s.days; day++) {
    for (let i = 0; i < s.leadsPerDay; i++) {
      const arrival = Math.round(s.start + day * DAY + (i + 0.5) * gap);
      const n = day * s.leadsPerDay + i;
      try {
        const lead = s.mix[n % Math.max(s.mix.length, 1)] ?? { properties: {} };
        const d = router.route(`sim-${n}`, lead.properties, arrival, state, undefined, lead.lists);
        const dueAt = d.sla ? Date.parse(d.sla.dueAt) : undefined;
        out.push({ owner: d.owner, team: router.teamOf(d), rule: d.rule, arrival, dueAt });
      } catch {
        // Nobody could take it: counted as unrouted.
      }
    }
  }
  return out;
}

/** First touches: each owner starts on their leads in arrival order, one after another, in working time. */
function workQueues(router: Router, worked: Worked[]): void {
  const free = new Map<string, number>();
  for (const w of worked) {
    const o = router.config.owners[w.owner];
    const cal = o.calendar as Calendar;
    const perLead = o.capacity === undefined ? 0 : o.capacity === 0 ? Infinity : dayMinutes(cal) / o.capacity;
    const from = Math.max(w.arrival, free.get(w.owner) ?? 0);
    if (!Number.isFinite(perLead) || !Number.isFinite(from)) {
      free.set(w.owner, Infinity);
      continue;
    }
    // The next working moment at or after `from` (1 ms of work after it, less that ms).
    const starts = workingDue(cal, from, { businessDays: 0, minutes: 1 / 60_000 });
    w.touch = starts === null ? undefined : starts - 1;
    const done = w.touch === undefined ? null : workingDue(cal, w.touch, { businessDays: 0, minutes: perLead });
    free.set(w.owner, done ?? Infinity);
  }
}

const dayMinutes = (cal: Calendar) => cal.end - cal.start;

/** Leads per simulated day each of `owners` can take: capacity × the share of a working day that falls in it. */
function dailyCapacity(router: Router, owners: string[], s: Scenario): number[] {
  return Array.from({ length: s.days }, (_, day) =>
    owners.reduce((sum, email) => {
      const o = router.config.owners[email];
      if (o?.capacity === undefined) return Infinity;
      const cal = o.calendar as Calendar;
      const from = s.start + day * DAY;
      return sum + (o.capacity * workingMinutesBetween(cal, from, from + DAY)) / dayMinutes(cal);
    }, 0),
  );
}

function loads(
  worked: Worked[],
  keys: (w: Worked) => string[],
  s: Scenario,
  end: number,
  capacityOf: (key: string) => number[],
): Record<string, Load> {
  const groups = new Map<string, Worked[]>();
  for (const w of worked) for (const k of keys(w)) (groups.get(k) ?? groups.set(k, []).get(k)!).push(w);
  const out: Record<string, Load> = {};
  for (const key of [...groups.keys()].sort()) {
    const list = groups.get(key)!;
    const daily = capacityOf(key);
    const withSla = list.filter((w) => w.dueAt !== undefined);
    out[key] = {
      leads: list.length,
      capacity: Math.round(daily.reduce((a, b) => a + b, 0)),
      backlog: list.filter((w) => w.touch === undefined || w.touch >= end).length,
      withSla: withSla.length,
      metSla: withSla.filter((w) => w.touch !== undefined && w.touch <= w.dueAt!).length,
      saturatesOn: daily.length ? saturationDay(list, daily, s) : undefined,
    };
  }
  return out;
}

function saturationDay(list: Worked[], daily: number[], s: Scenario): number | undefined {
  let capacity = 0;
  for (let day = 0; day < s.days; day++) {
    const dayEnd = s.start + (day + 1) * DAY;
    const leads = list.filter((w) => w.arrival < dayEnd).length;
    capacity += daily[day];
    if (leads > capacity + 1e-9) return day + 1;
  }
  return undefined;
}

function firstToSaturate(teams: Record<string, Load>, owners: Record<string, Load>): Simulation["first"] {
  const all = [
    ...Object.entries(teams).map(([name, l]) => ({ kind: "team" as const, name, day: l.saturatesOn })),
    ...Object.entries(owners).map(([name, l]) => ({ kind: "owner" as const, name, day: l.saturatesOn })),
  ].filter((x): x is { kind: "team" | "owner"; name: string; day: number } => x.day !== undefined);
  return all.sort((a, b) => a.day - b.day)[0];
}

/** The volume at which something first saturates, and what: `undefined` when nothing does up to `limit` a day. */
export interface BreakingPoint {
  leadsPerDay: number;
  first: NonNullable<Simulation["first"]>;
}

/**
 * The lowest volume (leads a day) at which a team or owner saturates within the period, to within 2 %: from the
 * scenario's own volume (`sim`, already simulated), doubled until something saturates (at most `limit` a day)
 * or halved until nothing does, then bisected between the last volume that held and the first that broke. A
 * handful of simulations, the same for the same inputs.
 */
export function breakingPoint(bp: Blueprint, sim: Simulation, limit = 2000): BreakingPoint | undefined {
  const first = (leadsPerDay: number) => simulate(bp, { ...sim.scenario, leadsPerDay }).first;
  let found = sim.scenario.leadsPerDay > 0 ? sim.first : undefined;
  let [held, broke] = [0, Math.max(1, sim.scenario.leadsPerDay)];
  if (found) {
    // Halve until something holds (or nothing is left to halve).
    for (;;) {
      held = Math.floor(broke / 2);
      const at = held > 0 ? first(held) : undefined;
      if (!at) break;
      [broke, found] = [held, at];
    }
  } else {
    if (sim.scenario.leadsPerDay > 0) [held, broke] = [broke, Math.min(limit, broke * 2)];
    while (!(found = first(broke))) {
      if (broke >= limit || held >= limit) return undefined;
      [held, broke] = [broke, Math.min(limit, broke * 2)];
    }
  }
  while (broke - held > Math.max(1, broke * 0.02)) {
    const mid = Math.floor((held + broke) / 2);
    const at = first(mid);
    if (at) [broke, found] = [mid, at];
    else held = mid;
  }
  return { leadsPerDay: broke, first: found! };
}
