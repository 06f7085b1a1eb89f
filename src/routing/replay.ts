/**
 * Routing impact: the same leads, in arrival order, through the base and the head blueprint's routing (routing.js,
 * each side with its own state from empty, as a fresh workflow would have), compared lead by lead.
 */
import type { Blueprint } from "../blueprint/model";
import type { Lead } from "./leads";
import { Router, type Decision, type RoutingState } from "./runtime";

/** One lead's routing on one side; `error` when routing.js found nobody to take it. */
export interface Routed {
  rule?: string;
  team?: string;
  owner?: string;
  dueAt?: number;
  overCapacity?: boolean;
  error?: string;
}

export function replay(router: Router, leads: readonly Lead[]): Routed[] {
  const state: RoutingState = {};
  return leads.map((lead) => {
    let d: Decision;
    try {
      d = router.route(lead.id, lead.properties, lead.createdAt, state, undefined, lead.lists);
    } catch (err) {
      return { error: (err as Error).message };
    }
    const dueAt = d.sla ? Date.parse(d.sla.dueAt) : undefined;
    return { rule: d.rule, team: router.teamOf(d), owner: d.owner, dueAt, overCapacity: d.overCapacity };
  });
}

export interface Count {
  before: number;
  after: number;
  /** Leads that come to it with the change, and leads that leave it. */
  gained: number;
  lost: number;
}

export interface OwnerLoad {
  capacity?: number;
  /** New leads on the owner's busiest local day, and the days over capacity. */
  peakBefore: number;
  peakAfter: number;
  daysOverBefore: number;
  daysOverAfter: number;
}

export interface Impact {
  leads: number;
  changed: { rule: number; team: number; owner: number };
  rules: Record<string, Count>;
  teams: Record<string, Count>;
  owners: Record<string, OwnerLoad>;
  sla: {
    moved: number;
    later: number;
    earlier: number;
    intoWeekend: number;
    medianShiftMinutes: number;
    /** The lead whose due time moves most (the first such), and why it was and is due when it is. */
    largest?: { lead: string; before: string; after: string };
  };
  /** Leads no rule but the fallback catches; leads forced on an owner over capacity; leads nobody could take. */
  fallback: { before: number; after: number };
  overCapacity: { before: number; after: number };
  unrouted: { before: number; after: number };
}

export function routingImpact(baseBlueprint: Blueprint, headBlueprint: Blueprint, leads: readonly Lead[]): Impact {
  const [base, head] = [new Router(baseBlueprint), new Router(headBlueprint)];
  const before = replay(base, leads);
  const after = replay(head, leads);
  const tally = (is: (r: Routed, side: Router) => boolean) => ({
    before: before.filter((r) => is(r, base)).length,
    after: after.filter((r) => is(r, head)).length,
  });
  const changed = (k: "rule" | "team" | "owner") => before.filter((b, i) => b[k] !== after[i][k]).length;
  return {
    leads: leads.length,
    changed: { rule: changed("rule"), team: changed("team"), owner: changed("owner") },
    rules: counts(before, after, "rule"),
    teams: counts(before, after, "team"),
    owners: ownerLoads(base, head, leads, before, after),
    sla: slaMoves([base, head], leads, before, after),
    fallback: tally((r, side) => r.rule !== undefined && r.rule === side.fallback),
    overCapacity: tally((r) => Boolean(r.overCapacity)),
    unrouted: tally((r) => r.error !== undefined),
  };
}

function counts(before: Routed[], after: Routed[], k: "rule" | "team"): Record<string, Count> {
  const out: Record<string, Count> = {};
  const at = (key: string | undefined) => (out[key ?? "(none)"] ??= { before: 0, after: 0, gained: 0, lost: 0 });
  before.forEach((b, i) => {
    const a = after[i];
    at(b[k]).before++;
    at(a[k]).after++;
    if (b[k] !== a[k]) {
      at(b[k]).lost++;
      at(a[k]).gained++;
    }
  });
  return sortKeys(out);
}

function ownerLoads(
  base: Router,
  head: Router,
  leads: readonly Lead[],
  before: Routed[],
  after: Routed[],
): Record<string, OwnerLoad> {
  const perDay = (router: Router, routed: Routed[]) => {
    const days = new Map<string, Map<string, number>>();
    routed.forEach((r, i) => {
      if (!r.owner) return;
      const day = router.localDay(r.owner, leads[i].createdAt);
      const owner = days.get(r.owner) ?? days.set(r.owner, new Map()).get(r.owner)!;
      owner.set(day, (owner.get(day) ?? 0) + 1);
    });
    return days;
  };
  const [was, now] = [perDay(base, before), perDay(head, after)];
  const out: Record<string, OwnerLoad> = {};
  for (const owner of new Set([...was.keys(), ...now.keys()])) {
    const capacity = head.config.owners[owner]?.capacity ?? base.config.owners[owner]?.capacity;
    const b = [...(was.get(owner)?.values() ?? [])];
    const a = [...(now.get(owner)?.values() ?? [])];
    const over = (days: number[]) => (capacity === undefined ? 0 : days.filter((n) => n > capacity).length);
    out[owner] = {
      capacity,
      peakBefore: Math.max(0, ...b),
      peakAfter: Math.max(0, ...a),
      daysOverBefore: over(b),
      daysOverAfter: over(a),
    };
  }
  return sortKeys(out);
}

function slaMoves(
  [base, head]: [Router, Router],
  leads: readonly Lead[],
  before: Routed[],
  after: Routed[],
): Impact["sla"] {
  const shifts: number[] = [];
  let intoWeekend = 0;
  let largest: number | undefined;
  before.forEach((b, i) => {
    const a = after[i];
    if (b.dueAt === undefined || a.dueAt === undefined || b.dueAt === a.dueAt) return;
    shifts.push((a.dueAt - b.dueAt) / 60_000);
    const shift = (j: number) => Math.abs(after[j].dueAt! - before[j].dueAt!);
    if (largest === undefined || shift(i) > shift(largest)) largest = i;
    const weekend = (owner: string, t: number) => [0, 6].includes(new Date(head.localDay(owner, t)).getUTCDay());
    if (a.owner && head.config.owners[a.owner] && weekend(a.owner, a.dueAt) && !weekend(a.owner, b.dueAt)) {
      intoWeekend++;
    }
  });
  const sorted = [...shifts].sort((x, y) => x - y);
  return {
    moved: shifts.length,
    later: shifts.filter((s) => s > 0).length,
    earlier: shifts.filter((s) => s < 0).length,
    intoWeekend,
    medianShiftMinutes: sorted.length ? Math.round(sorted[Math.floor(sorted.length / 2)]) : 0,
    ...(largest === undefined
      ? {}
      : { largest: explainMove(base, head, leads[largest], before[largest], after[largest]) }),
  };
}

function explainMove(base: Router, head: Router, lead: Lead, b: Routed, a: Routed) {
  const why = (router: Router, r: Routed) =>
    `${r.rule} → ${r.owner}, ${router.slaWhy({ rule: r.rule!, owner: r.owner! }, lead.createdAt) ?? "no SLA"}`;
  return { lead: lead.id, before: why(base, b), after: why(head, a) };
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
