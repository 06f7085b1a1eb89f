import { reportedPipelines } from "../blueprint/checks/builtin-pipelines";
import { durationMinutes, slaDuration } from "../blueprint/duration";
import type { Blueprint, Owner, RoutingRule } from "../blueprint/model";
import {
  ASSIGNED_AT_PROPERTY,
  CHURNED_STAGE,
  CUSTOMER_STAGE,
  FIRST_TOUCH_AT_PROPERTY,
  lifecycleEnteredProperty,
  metricReads,
  ROUTING_RULE_PROPERTY,
  stageEnteredProperty,
} from "../plan/instrumentation";
import type { LivePipelineMap } from "../reporting/live-pipelines";
import { DAY, MINUTE } from "../reporting/data";
import { Random } from "./random";

/**
 * Deterministic CRM history for a blueprint: leads that arrive from sources, are routed, touched (mostly within
 * the SLA) and move through the lifecycle, and deals that move through their pipeline's stages over time, with
 * every stamp the metrics read. Pure: the same blueprint, portal ids and options give the same records.
 */
export interface SeedOptions {
  seed: number;
  deals: number;
  contacts: number;
  /** The present: nothing happens after it. */
  asOf: number;
  /** How far back records are created. */
  historyDays: number;
}

export interface PortalIds {
  pipelines: LivePipelineMap[];
  /** Owner email (lower case) → HubSpot owner id. */
  ownerIds: Map<string, string>;
  /** Values `lifecyclestage` accepts in this portal. */
  lifecycleOptions: Set<string>;
}

type Properties = Record<string, string>;

const DEFAULT_SOURCES = ["paid_search", "demo_request", "free_trial", "ebook", "webinar", "partner", "other"];
const FIRST_NAMES = [
  "Alex",
  "Sam",
  "Jordan",
  "Taylor",
  "Casey",
  "Robin",
  "Jamie",
  "Morgan",
  "Avery",
  "Riley",
  "Quinn",
  "Drew",
];
const LAST_NAMES = ["Nguyen", "Schmidt", "Okoye", "Rossi", "Haddad", "Kowalski", "Silva", "Tanaka", "Murphy", "Larsen"];
/** A seeded lead's email: unique per seed, so a portal shows which seeds it holds. */
export const leadEmail = (i: number, seed: number) => `lead${i + 1}.s${seed}@seed.revstack.test`;
const iso = (t: number) => new Date(Math.round(t / 1000) * 1000).toISOString();

/** The record-level facts shared by the generators: source values and who can own what. */
class World {
  readonly sources: string[];
  readonly reads: ReturnType<typeof metricReads>;
  /** Names of the properties the metrics read (only these are provisioned, so only these are written). */
  readonly provisioned: Set<string>;

  constructor(
    readonly blueprint: Blueprint,
    readonly portal: PortalIds,
  ) {
    this.reads = metricReads(blueprint);
    this.provisioned = new Set(this.reads.map((p) => p.name));
    const enumerated = this.reads.find((p) => "source" in p.stampedWhen && p.options?.length);
    this.sources = enumerated?.options?.map((o) => o.value) ?? DEFAULT_SOURCES;
  }

  sourceProperties(object: "deals" | "contacts", first: string, last: string): Properties {
    const out: Properties = {};
    for (const p of this.reads) {
      if (p.object === object && "source" in p.stampedWhen)
        out[p.name] = p.stampedWhen.source === "last_touch" ? last : first;
    }
    return out;
  }

  /** Later sources in the list convert and retain a little worse, so the breakdowns have something to show. */
  quality(source: string): number {
    return Math.max(0, this.sources.indexOf(source)) / Math.max(1, this.sources.length - 1);
  }

  ownersOf(team: string | undefined): Owner[] {
    const known = this.blueprint.owners.filter((o) => this.portal.ownerIds.has(o.email.toLowerCase()));
    const members = known.filter((o) => team === undefined || o.team === team);
    return members.length ? members : known;
  }

  ownerId(owner: Owner | undefined): Properties {
    const id = owner && this.portal.ownerIds.get(owner.email.toLowerCase());
    return id ? { hubspot_owner_id: id } : {};
  }
}

function touch(rng: Random, world: World, source: string): { first: string; last: string } {
  const first = rng.chance(0.04) ? "" : source;
  return { first, last: rng.chance(0.3) ? rng.pick(world.sources) : first };
}

/** Leads, in batches of `size`. */
export function* contactBatches(
  blueprint: Blueprint,
  portal: PortalIds,
  opts: SeedOptions,
  size = 100,
): Generator<Properties[]> {
  const world = new World(blueprint, portal);
  const rng = new Random(opts.seed * 2 + 1);
  const stamped = new Set(
    world.reads.flatMap((p) => ("lifecycleEntered" in p.stampedWhen ? [p.stampedWhen.lifecycleEntered.stage] : [])),
  );
  let batch: Properties[] = [];
  for (let i = 0; i < opts.contacts; i++) {
    batch.push(contact(i, rng, world, opts, stamped));
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** Most leads arrive in the (North American) working day, when someone can answer within minutes. */
function leadArrival(rng: Random, opts: SeedOptions): number {
  const at = createdAt(rng, opts);
  if (!rng.chance(0.75)) return at;
  const day = Math.floor(at / DAY) * DAY;
  return Math.min(opts.asOf, day + (13 + rng.next() * 9) * 60 * MINUTE);
}

function contact(i: number, rng: Random, world: World, opts: SeedOptions, stamped: Set<string>): Properties {
  const created = leadArrival(rng, opts);
  const source = rng.pick(
    world.sources,
    world.sources.map((_, k) => 3 - (2 * k) / world.sources.length),
  );
  const { first, last } = touch(rng, world, source);
  const rule = routeFor(rng, world.blueprint.routing, source);
  const owner = rule ? pickOwner(rng, world, rule) : undefined;
  const props: Properties = {
    email: leadEmail(i, opts.seed),
    firstname: rng.pick(FIRST_NAMES),
    lastname: rng.pick(LAST_NAMES),
    createdate: iso(created),
    ...world.ownerId(owner),
    ...world.sourceProperties("contacts", first, last),
  };
  if (rule) Object.assign(props, routingStamps(rng, rule, created, opts.asOf));
  Object.assign(props, lifecycleStamps(rng, world, created, opts.asOf, source, stamped));
  return props;
}

/** The rule whose conditions name this source, else any other rule: close enough to routing for a demo. */
function routeFor(rng: Random, rules: RoutingRule[], source: string): RoutingRule | undefined {
  const named = rules.find((r) =>
    Object.values(r.when ?? {})
      .flat()
      .some((c) => c.op === "eq" && c.value === source),
  );
  return named ?? (rules.length ? rng.pick(rules) : undefined);
}

function pickOwner(rng: Random, world: World, rule: RoutingRule): Owner | undefined {
  const direct =
    rule.assign.owner && world.blueprint.owners.find((o) => o.email.toLowerCase() === rule.assign.owner!.toLowerCase());
  if (direct && world.portal.ownerIds.has(direct.email.toLowerCase())) return direct;
  const owners = world.ownersOf(rule.assign.team);
  return owners.length ? rng.pick(owners) : undefined;
}

/** Assigned within minutes; touched within the SLA most of the time, late sometimes, not yet if recent. */
function routingStamps(rng: Random, rule: RoutingRule, created: number, asOf: number): Properties {
  const assigned = created + rng.next() * 5 * MINUTE;
  // A business day is at most one wall-clock day, so a delay under it is within the SLA in any calendar.
  const sla = rule.sla && slaDuration(rule.sla.firstTouch);
  const limit = sla ? sla.businessDays * DAY + sla.minutes * MINUTE : 2 * DAY;
  const delay = rng.chance(0.75) ? rng.next() * 0.9 * limit : limit * (1.2 + rng.next() * 3);
  const out: Properties = { [ROUTING_RULE_PROPERTY]: rule.key, [ASSIGNED_AT_PROPERTY]: iso(Math.min(assigned, asOf)) };
  if (assigned + delay <= asOf) out[FIRST_TOUCH_AT_PROPERTY] = iso(assigned + delay);
  return out;
}

function lifecycleStamps(
  rng: Random,
  world: World,
  created: number,
  asOf: number,
  source: string,
  stamped: Set<string>,
): Properties {
  const keys = world.blueprint.lifecycle?.stages.map((s) => s.key) ?? [];
  const customer = keys.indexOf(CUSTOMER_STAGE);
  const path = (customer < 0 ? keys : keys.slice(0, customer + 1)).filter((k) => k !== "subscriber");
  const out: Properties = {};
  const quality = world.quality(source);
  let t = created;
  let latest: string | undefined;
  for (const [i, stage] of path.entries()) {
    if (i > 0 && !rng.chance(0.6 - 0.2 * quality)) break;
    if (i > 0) t += rng.exponential(10 * DAY);
    if (t > asOf) break;
    latest = stage;
    if (stamped.has(stage)) out[lifecycleEnteredProperty(stage)] = iso(t);
  }
  if (latest === CUSTOMER_STAGE && keys.includes(CHURNED_STAGE) && rng.chance(0.1 + 0.25 * quality)) {
    const churned = t + rng.exponential(300 * DAY);
    if (churned <= asOf) {
      latest = CHURNED_STAGE;
      if (stamped.has(CHURNED_STAGE)) out[lifecycleEnteredProperty(CHURNED_STAGE)] = iso(churned);
    }
  }
  if (latest && world.portal.lifecycleOptions.has(latest)) out.lifecyclestage = latest;
  return out;
}

/** A creation time in the history window, more of them recent (a growing business). */
const createdAt = (rng: Random, opts: SeedOptions) => opts.asOf - Math.pow(rng.next(), 1.3) * opts.historyDays * DAY;

/** Deals, in batches of `size`. Most go to the first pipeline. */
export function* dealBatches(
  blueprint: Blueprint,
  portal: PortalIds,
  opts: SeedOptions,
  size = 100,
): Generator<Properties[]> {
  const world = new World(blueprint, portal);
  const rng = new Random(opts.seed * 2 + 2);
  if (portal.pipelines.length === 0 || opts.deals === 0) return;
  const weights = portal.pipelines.map((_, i) => (i === 0 ? 4 : 1));
  let batch: Properties[] = [];
  for (let i = 0; i < opts.deals; i++) {
    batch.push(deal(i, rng, world, opts, rng.pick(portal.pipelines, weights)));
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

function deal(i: number, rng: Random, world: World, opts: SeedOptions, live: LivePipelineMap): Properties {
  const pipeline = reportedPipelines(world.blueprint)[live.key];
  const open = pipeline.stages.filter((s) => !s.closed);
  const won = pipeline.stages.find((s) => s.closed === "won");
  const lost = pipeline.stages.find((s) => s.closed === "lost");
  const created = createdAt(rng, opts);
  const source = rng.pick(world.sources);
  const { first, last } = touch(rng, world, source);
  const entered: Record<string, number> = {};
  let t = created;
  let current = open[0]?.key ?? pipeline.stages[0].key;
  for (const [at, stage] of open.entries()) {
    entered[stage.key] = t;
    current = stage.key;
    const dwell = rng.exponential(stage.stalledAfter ? durationMinutes(stage.stalledAfter) * MINUTE * 0.6 : 7 * DAY);
    if (t + dwell > opts.asOf) break;
    t += dwell;
    const advances = !lost || rng.chance(0.88 - 0.04 * at - 0.1 * world.quality(source));
    const next = advances ? (open[at + 1] ?? won) : lost;
    if (!next || next === open[at + 1]) continue;
    entered[next.key] = t;
    current = next.key;
    break;
  }
  const owner = rng.pick(world.ownersOf(undefined).filter((o) => (o.capacity?.openDeals ?? 1) > 0));
  const props: Properties = {
    dealname: `Seed ${opts.seed} deal ${i + 1}`,
    amount: String(Math.round((5000 * Math.exp(rng.next() * 3)) / 100) * 100),
    pipeline: live.id,
    dealstage: live.stageIds.get(current) ?? "",
    createdate: iso(created),
    ...world.ownerId(owner),
    ...world.sourceProperties("deals", first, last),
  };
  for (const [stage, at] of Object.entries(entered)) {
    const name = stageEnteredProperty(live.key, stage);
    if (world.provisioned.has(name)) props[name] = iso(at);
  }
  if (current === won?.key || current === lost?.key) props.closedate = iso(entered[current]);
  return props;
}
