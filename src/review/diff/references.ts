/** What in a blueprint points at an owner or a team, so removing one can say what it leaves behind. */
import type { Blueprint, RoutingRule } from "../../blueprint/model";
import { count } from "../../words/describe";
import { tokenOf, type Props } from "../../kinds";
import type { Referenced } from "../../kinds/kind";
import { teamKind } from "../../kinds/team";
import { userKind } from "../../kinds/user";

export interface References {
  routingRules: string[];
  teams: string[];
  owners: string[];
  automations: string[];
  metrics: string[];
}

function ruleUses(b: Blueprint, rule: RoutingRule, email: string, team: string | undefined): boolean {
  const breach = rule.sla?.onBreach;
  const targets = [rule.assign.owner, breach?.escalateTo, breach?.reassignTo];
  if (targets.includes(email)) return true;
  if (team !== undefined && rule.assign.team === team) return true;
  const ruleTeam = rule.assign.team ? b.teams[rule.assign.team] : undefined;
  return breach?.escalateTo === "manager" && ruleTeam?.manager === email;
}

/** Everything that assigns to, escalates to, is managed by or is covered by the owner. */
export function ownerReferences(b: Blueprint, email: string): References {
  const team = b.owners.find((o) => o.email === email)?.team;
  return {
    routingRules: b.routing.filter((r) => ruleUses(b, r, email, team)).map((r) => r.key),
    teams: Object.entries(b.teams)
      .filter(([key, t]) => key === team || t.manager === email || (t.weights && email in t.weights))
      .map(([key]) => key),
    owners: b.owners.filter((o) => o.backup === email && o.email !== email).map((o) => o.email),
    automations: b.automations
      .filter(
        (a) =>
          JSON.stringify(a.do).includes(JSON.stringify(email)) || JSON.stringify(a.do).includes(`"email:${email}"`),
      )
      .map((a) => a.key),
    metrics: [],
  };
}

/** Everything that routes to, escalates to, is a member of, or measures the team. */
export function teamReferences(b: Blueprint, key: string): References {
  const breachTargets = (r: RoutingRule) => [r.sla?.onBreach?.escalateTo, r.sla?.onBreach?.reassignTo];
  return {
    routingRules: b.routing.filter((r) => r.assign.team === key || breachTargets(r).includes(key)).map((r) => r.key),
    teams: [],
    owners: b.owners.filter((o) => o.team === key || o.backup === key).map((o) => o.email),
    automations: b.automations
      .filter((a) => a.do.some((x) => x.assignOwner?.team === key || x.notify?.to.includes(`team:${key}`)))
      .map((a) => a.key),
    metrics: b.reporting.metrics.filter((m) => m.type === "capacity" && m.team === key).map((m) => m.key),
  };
}

const KINDS: Array<[keyof References, string, string]> = [
  ["routingRules", "routing rule", "routing rules"],
  ["teams", "team", "teams"],
  ["owners", "owner", "owners"],
  ["automations", "automation", "automations"],
  ["metrics", "metric", "metrics"],
];

/** Keeps only the references to items that still exist in the new blueprint. */
export function surviving(refs: References, after: Blueprint): References {
  const keep = (keys: string[], exists: (k: string) => boolean) => keys.filter(exists);
  return {
    routingRules: keep(refs.routingRules, (k) => after.routing.some((r) => r.key === k)),
    teams: keep(refs.teams, (k) => k in after.teams),
    owners: keep(refs.owners, (k) => after.owners.some((o) => o.email === k)),
    automations: keep(refs.automations, (k) => after.automations.some((a) => a.key === k)),
    metrics: keep(refs.metrics, (k) => after.reporting.metrics.some((m) => m.key === k)),
  };
}

export const isEmpty = (refs: References): boolean => KINDS.every(([kind]) => refs[kind].length === 0);

/** "3 routing rules and 1 team". */
export function summary(refs: References): string {
  const parts = KINDS.filter(([kind]) => refs[kind].length > 0).map(([kind, one, many]) =>
    count(refs[kind].length, one, many),
  );
  return parts.length <= 1 ? parts.join("") : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

/** One line per kind: "routing rules: enterprise-inbound, fallback". */
export function details(refs: References): string[] {
  return KINDS.filter(([kind]) => refs[kind].length > 0).map(([kind, , many]) => `${many}: ${refs[kind].join(", ")}`);
}

/** What in `before` pointed at a user or team that leaves the blueprint, as the user and team kinds word it. */
export function referencesTo(
  type: string,
  inputs: Props,
  before: Blueprint,
  after: Blueprint,
): { references?: Referenced } {
  const refs =
    type === tokenOf(userKind)
      ? ownerReferences(before, String(inputs.email))
      : type === tokenOf(teamKind)
        ? teamReferences(before, String(inputs.key))
        : undefined;
  if (!refs || isEmpty(refs)) return {};
  const left = surviving(refs, after);
  return { references: { details: details(refs), ...(isEmpty(left) ? {} : { stillUsedBy: summary(left) }) } };
}
