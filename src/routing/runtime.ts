/**
 * Routing evaluated offline with the very code n8n runs: ROUTING_RUNTIME (routing.js after the calendar
 * runtime, the text the compiler embeds in the "Choose the owner" Code node), evaluated once here. Tests, replay
 * and the capacity model call `route` from this text; nothing here decides routing on its own.
 */
import { explainWallDue, explainWorkingDue } from "../blueprint/calendar";
import type { Blueprint, RuleCondition } from "../blueprint/model";
import { routingConfig } from "../plan/n8n/routing";
import { ROUTING_RUNTIME } from "../plan/n8n/routing-runtime";

export type Config = ReturnType<typeof routingConfig>;
export type Props = Record<string, unknown>;

/** What routing.js keeps between executions (the workflow's static data). */
export interface RoutingState {
  cursor?: Record<string, number>;
  credit?: Record<string, Record<string, number>>;
  load?: Record<string, { day: string; n: number }>;
}

export interface Decision {
  contactId: string;
  rule: string;
  owner: string;
  ownerId: string;
  coveringFor?: string;
  overCapacity?: boolean;
  sla?: { firstTouch: string; dueAt: string };
}

interface Runtime {
  route(
    config: Config,
    lead: { id: string; properties: Props; lists?: string[] },
    crmOwners: object[],
    state: RoutingState,
    now: number,
  ): Decision;
  /** routing.js's own condition test: whether one condition holds for a lead's properties and lists. */
  test(c: RuleCondition, props: Props, lists?: string[]): boolean;
  calToday(cal: Config["owners"][string]["calendar"], t: number): string;
  calAwayAt(cal: Config["owners"][string]["calendar"], t: number): boolean;
}

const runtime = new Function(`${ROUTING_RUNTIME}\nreturn { route, test, calToday, calAwayAt };`)() as Runtime;

/** A blueprint's routing as the Code node sees it, with every owner present in the CRM. */
export class Router {
  readonly config: Config;
  private readonly crmOwners: { id: string; email: string }[];

  constructor(readonly blueprint: Blueprint) {
    this.config = routingConfig(blueprint, {});
    this.crmOwners = blueprint.owners.map((o, i) => ({ id: String(1000 + i), email: o.email }));
  }

  /**
   * Routes one lead (`lists`: the keys of the blueprint's lists it is in); `state` carries cursors and today's loads
   * from one lead to the next, as in n8n.
   */
  route(
    id: string,
    properties: Props,
    at: number,
    state: RoutingState,
    config: Config = this.config,
    lists: string[] = [],
  ): Decision {
    return runtime.route(config, { id, properties, lists }, this.crmOwners, state, at);
  }

  /** The team a decision's rule assigns to (an owner's own team when the rule names one owner). */
  teamOf(decision: Decision): string | undefined {
    const rule = this.config.rules.find((r) => r.key === decision.rule);
    const named = rule?.assign.team ?? (rule?.assign.owner && this.config.owners[rule.assign.owner]?.team);
    return named || this.config.owners[decision.owner]?.team;
  }

  /** The owner's local date at t, as routing.js counts capacity days. */
  localDay(owner: string, t: number): string {
    return runtime.calToday(this.config.owners[owner].calendar, t);
  }

  /** Whether the owner is away at t, as routing.js sees it. */
  awayAt(owner: string, t: number, config: Config = this.config): boolean {
    return runtime.calAwayAt(config.owners[owner].calendar, t);
  }

  /**
   * Why the decision's first touch is due when it is: the SLA counted in the assignee's calendar by the calendar
   * runtime routing.js uses ("due Tue 2026-01-06 10:00 America/Chicago: 1 business day … skipping 17:00–08:00").
   */
  slaWhy(d: Pick<Decision, "rule" | "owner">, at: number, config: Config = this.config): string | undefined {
    const sla = config.rules.find((r) => r.key === d.rule)?.sla;
    const cal = config.owners[d.owner]?.calendar;
    if (!sla || !cal) return undefined;
    return sla.businessHours ? explainWorkingDue(cal, at, sla) : explainWallDue(cal, at, sla.minutes);
  }

  /** The rule that catches what no other rule does (the last one, without `when`), if there is one. */
  get fallback(): string | undefined {
    const last = this.config.rules.at(-1);
    return last && !last.when ? last.key : undefined;
  }
}

/** Whether a condition holds, by routing.js's own test. */
export function holds(c: RuleCondition, props: Props, lists: string[] = []): boolean {
  return runtime.test(c, props, lists);
}
