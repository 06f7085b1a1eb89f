/**
 * Runs routing test cases through routing.js (./runtime.ts) and says why a case failed, in the words of the
 * rules: which rule matched first and on what, why the owner expected was passed over.
 */
import type { RoutingCase, RuleCondition } from "../blueprint/model";
import { condition as listWords } from "../words/describe";
import { OPERATORS } from "../words/describe";
import type { PlacedCase } from "./cases";
import { holds, Router, type Config, type Decision, type Props, type RoutingState } from "./runtime";

export interface CaseResult {
  placed: PlacedCase;
  passed: boolean;
  /** What went differently, and why; empty when the case passed. */
  message?: string;
  decision?: Decision;
  /** What routing decided and why the first touch is due when it is (`revstack test --explain`). */
  explained?: string;
}

export function runCases(router: Router, cases: PlacedCase[]): CaseResult[] {
  return cases.map((placed) => runCase(router, placed));
}

function runCase(router: Router, placed: PlacedCase): CaseResult {
  const c = placed.case;
  const at = Date.parse(c.at);
  const config = withAbsences(router.config, c.state?.away ?? []);
  let decision: Decision;
  try {
    decision = router.route("test", c.lead, at, stateOf(router, c, at), config, c.lists);
  } catch (err) {
    return { placed, passed: false, message: `routing failed: ${(err as Error).message}` };
  }
  const got = {
    rule: decision.rule,
    owner: decision.owner,
    team: router.teamOf(decision),
    slaDue: decision.sla?.dueAt,
  };
  const wrong = (["rule", "owner", "team", "slaDue"] as const).filter(
    (k) => c.expect[k] !== undefined && !same(k, c.expect[k]!, got[k]),
  );
  const due = decision.sla ? router.slaWhy(decision, at, config) : undefined;
  const explained = `rule ${got.rule}, owner ${got.owner}${got.team ? ` (team ${got.team})` : ""}; first touch ${due ?? "without an SLA"}`;
  if (wrong.length === 0) return { placed, passed: true, decision, explained };
  const said = wrong.map((k) => `expected ${WORDS[k]} ${c.expect[k]}, got ${got[k] ?? "none"}`).join("; ");
  const reasons = [
    why(router, config, c, decision),
    ...(wrong.includes("slaDue") && due ? [`first touch ${due}`] : []),
  ];
  return { placed, passed: false, decision, explained, message: `${said}: ${reasons.join("; ")}` };
}

const WORDS = { rule: "rule", owner: "owner", team: "team", slaDue: "first touch due" } as const;

function same(k: keyof typeof WORDS, expected: string, got: string | undefined): boolean {
  return k === "slaDue" ? got !== undefined && Date.parse(expected) === Date.parse(got) : expected === got;
}

/** The blueprint's routing with the case's absent owners away (on top of the blueprint's own absences). */
function withAbsences(config: Config, away: string[]): Config {
  if (away.length === 0) return config;
  const owners = { ...config.owners };
  for (const email of away) owners[email] = { ...owners[email], calendar: { ...owners[email].calendar, away: true } };
  return { ...config, owners };
}

/** routing.js's state as the case describes it: today's loads, whose turn it is and weighted credit per team. */
function stateOf(router: Router, c: RoutingCase, at: number): RoutingState {
  const load = Object.fromEntries(
    Object.entries(c.state?.load ?? {}).map(([email, n]) => [email, { day: router.localDay(email, at), n }]),
  );
  const cursor = Object.fromEntries(
    Object.entries(c.state?.roundRobin ?? {}).map(([team, email]) => [
      team,
      router.config.teams[team].members.indexOf(email),
    ]),
  );
  // Copied: routing.js updates the credits it is given.
  const credit = Object.fromEntries(Object.entries(c.state?.credit ?? {}).map(([team, m]) => [team, { ...m }]));
  return { load, cursor, credit };
}

/** Why routing decided as it did: the rule that matched first and on what, then how the owner was chosen. */
function why(router: Router, config: Config, c: RoutingCase, d: Decision): string {
  const rule = config.rules.find((r) => r.key === d.rule)!;
  const parts = [`rule ${d.rule} matched first${rule.when ? ` (${matchedOn(rule.when, c)})` : " (the fallback)"}`];
  const expected = c.expect.rule && config.rules.find((r) => r.key === c.expect.rule);
  if (expected && expected.key !== d.rule && expected.when && !matchesAll(expected.when, c)) {
    parts.push(`${expected.key} does not match (${failedOn(expected.when, c)})`);
  }
  const owner = c.expect.owner;
  if (owner && owner !== d.owner) parts.push(passedOver(router, config, c, owner, d));
  if (d.coveringFor) parts.push(`${d.owner} covers for ${d.coveringFor}`);
  if (d.overCapacity) parts.push(`every owner it could go to was at capacity, so ${d.owner} took it anyway`);
  return parts.join("; ");
}

type Group = NonNullable<Config["rules"][number]["when"]>;
const conditionsOf = (g: Group): RuleCondition[] => g.all ?? g.any ?? [];
const holdsFor = (cond: RuleCondition, c: RoutingCase) => holds(cond, c.lead, c.lists);
const matchesAll = (g: Group, c: RoutingCase) =>
  g.all ? g.all.every((x) => holdsFor(x, c)) : conditionsOf(g).some((x) => holdsFor(x, c));

function matchedOn(g: Group, c: RoutingCase): string {
  return conditionsOf(g)
    .filter((x) => holdsFor(x, c))
    .map((x) => conditionText(x, c.lead))
    .join(", ");
}

function failedOn(g: Group, c: RoutingCase): string {
  const failing = conditionsOf(g).filter((x) => !holdsFor(x, c));
  return failing.map((x) => `${conditionText(x, c.lead)} is false`).join(g.all ? ", " : " and ");
}

/** "company_size 1200 ≥ 1000", "country Canada in [United States, Canada]", "email is known", "in list icp". */
export function conditionText(c: RuleCondition, props: Props): string {
  if ("list" in c) return listWords(c);
  if (c.op === "known" || c.op === "unknown") return `${c.property} is ${c.op}`;
  const v = props[c.property];
  const value = Array.isArray(c.value) ? `[${c.value.join(", ")}]` : String(c.value);
  return `${c.property} ${v === undefined || v === "" ? "(empty)" : String(v)} ${OPERATORS[c.op]} ${value}`;
}

/** Why the owner the case expected did not get the lead. */
function passedOver(router: Router, config: Config, c: RoutingCase, owner: string, d: Decision): string {
  const o = config.owners[owner];
  if (router.awayAt(owner, Date.parse(c.at), config)) return `${owner} is away`;
  const load = c.state?.load?.[owner];
  if (o.capacity !== undefined && load !== undefined && load >= o.capacity) {
    return `${owner} already has ${load} of ${o.capacity} new leads today`;
  }
  const team = router.teamOf(d);
  const strategy = config.rules.find((r) => r.key === d.rule)?.assign.strategy ?? config.teams[team ?? ""]?.strategy;
  if (team && !config.teams[team]?.members.includes(owner)) return `${owner} is not in team ${team}`;
  return `${team ? `team ${team}'s ${strategy ?? "round_robin"} strategy` : "the rule"} chose ${d.owner}`;
}
