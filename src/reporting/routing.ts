/**
 * The report's routing section: leads per owner against capacity, first-touch SLA compliance per rule, unrouted
 * leads, and the capacity model (src/routing/capacity.ts) at the portal's recent volume and at twice it, routing
 * the leads of the blueprint's test cases (the ones `revstack test` runs) in turn.
 */
import type { Blueprint, Metric } from "../blueprint/model";
import { breakingPoint, simulate, type Simulation } from "../routing/capacity";
import { breakingSentence, headline } from "../routing/capacity-markdown";
import type { LeadSample } from "../routing/cases";
import { DAY, type CrmData } from "./data";
import { capacity } from "./metrics/capacity";
import { result, type MetricResult } from "./metrics/result";
import { sla } from "./metrics/sla";

export const ROUTING_SECTION = { key: "routing", label: "Routing" };
const MODEL_DAYS = 28;

type Of<T extends Metric["type"]> = Extract<Metric, { type: T }>;

export function routingMetrics(bp: Blueprint, data: CrmData, sample: LeadSample): MetricResult[] {
  if (bp.routing.length === 0) return [];
  const load = capacity(
    { key: "routing-load", type: "capacity", label: "Leads per owner against capacity" } as Of<"capacity">,
    bp,
    data,
  );
  const compliance = sla(
    { key: "routing-sla", type: "sla", label: "First-touch SLA per routing rule" } as Of<"sla">,
    bp,
    data,
  );
  const unroutedLeads = data.contacts.filter((c) => !c.ownerEmail).length;
  const unrouted = result({ key: "routing-unrouted", type: "velocity", label: "Unrouted leads" } as Of<"velocity">, {
    value: unroutedLeads,
    unit: "count",
    sample: data.contacts.length,
    definition: `leads without an owner, of ${data.contacts.length}`,
    rows: [],
    notes: [],
  });
  return [load, compliance, unrouted, capacityModel(bp, data, sample)];
}

/** The model at the volume of the last 28 days (at least one lead a day) and at twice that. */
function capacityModel(bp: Blueprint, data: CrmData, sample: LeadSample): MetricResult {
  const since = data.asOf - MODEL_DAYS * DAY;
  const perDay = Math.max(1, Math.round(data.contacts.filter((c) => c.createdAt > since).length / MODEL_DAYS));
  const scenario = { start: Math.floor(data.asOf / DAY) * DAY, days: MODEL_DAYS, mix: sample.leads };
  const now = simulate(bp, { ...scenario, leadsPerDay: perDay });
  const grown = simulate(bp, { ...scenario, leadsPerDay: perDay * 2 });
  const use = (sim: Simulation, team: string) => {
    const l = sim.teams[team];
    return l && Number.isFinite(l.capacity) && l.capacity > 0 ? l.leads / l.capacity : null;
  };
  const teams = [...new Set([...Object.keys(now.teams), ...Object.keys(grown.teams)])];
  return result(
    { key: "routing-capacity-model", type: "capacity", label: "Capacity model: the next 4 weeks" } as Of<"capacity">,
    {
      value: Math.max(0, ...teams.map((t) => use(now, t) ?? 0)),
      unit: "ratio",
      sample: perDay * MODEL_DAYS,
      definition: `${perDay} leads a day (the last ${MODEL_DAYS} days' volume) and twice that, ${sample.source}, routed and worked for ${MODEL_DAYS} days; the headline is the busiest team`,
      rows: teams.map((t) => ({
        label: `team ${t}`,
        value: use(now, t),
        grown: use(grown, t),
        newLeadsPerDay: (now.teams[t]?.leads ?? 0) / MODEL_DAYS,
        leadCapacity: Number.isFinite(now.teams[t]?.capacity) ? Math.round(now.teams[t].capacity / MODEL_DAYS) : null,
        openDeals: null,
        dealCapacity: null,
      })),
      notes: [
        headline(now, `${perDay} leads a day`),
        headline(grown, `2× volume (${perDay * 2} leads a day)`),
        breakingSentence(now, breakingPoint(bp, now)),
      ],
    },
  );
}
