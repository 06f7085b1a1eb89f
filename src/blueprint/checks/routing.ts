/** Routing: destinations exist and can take leads, a fallback exists, no rule hides behind another, SLAs fit. */
import { didYouMean, PathSegment } from "../diagnostics";
import { durationMinutes, formatDuration, slaDuration, timeOfDayMinutes } from "../duration";
import type { Owner, RoutingRule } from "../model";
import { alternatives, checkConditions, covers } from "./conditions";
import type { Check, CheckContext } from "./context";
import { expectKnown, expectNotifyTargets } from "./names";
import { awayForGood, strategyProblems } from "./people";

/** The owners a rule can assign to. */
function destination(c: CheckContext, rule: RoutingRule): Owner[] {
  if (rule.assign.owner) {
    const owner = c.names.owners.get(rule.assign.owner);
    return owner ? [owner] : [];
  }
  return rule.assign.team ? c.names.teamMembers(rule.assign.team) : [];
}

function checkAssign(c: CheckContext, rule: RoutingRule, path: PathSegment[]): void {
  const { findings, names } = c;
  const { team, owner, strategy } = rule.assign;
  const at = [...path, "assign"];
  if ((team === undefined) === (owner === undefined)) {
    findings.error(at, `assign needs exactly one of team or owner, found ${team && owner ? "both" : "neither"}`);
    return;
  }
  if (owner !== undefined) {
    if (!expectKnown(findings, [...at, "owner"], owner, names.owners.keys(), "owner")) return;
    if (strategy) findings.warn([...at, "strategy"], "strategy is ignored when a rule assigns to one owner");
    const person = names.owners.get(owner)!;
    if (awayForGood(person))
      findings.warn(
        [...at, "owner"],
        `${owner} is away: leads from rule ${rule.key} go to their backup${person.backup ? ` ${person.backup}` : ""}`,
      );
    return;
  }
  if (!expectKnown(findings, [...at, "team"], team!, names.teams, "team")) return;
  if (names.teamMembers(team!).length === 0) {
    findings.error([...at, "team"], `rule ${rule.key} routes to team ${team} which has no members`);
    return;
  }
  if (strategy) {
    for (const problem of strategyProblems(c, team!, c.blueprint.teams[team!], strategy))
      findings.error([...at, "strategy"], problem);
  }
}

/** escalateTo / reassignTo: `manager` / `backup`, an owner's email, or a team key. */
function checkBreachTarget(
  c: CheckContext,
  rule: RoutingRule,
  path: PathSegment[],
  target: string,
  special: "manager" | "backup",
): void {
  const { findings, names } = c;
  if (target === special) {
    const members = destination(c, rule);
    if (special === "manager" && rule.assign.owner) {
      const person = names.owners.get(rule.assign.owner);
      if (person && !person.team)
        findings.error(path, `escalateTo: manager, but ${person.email} has no team and so no manager`);
    }
    if (special === "backup") {
      const uncovered = members.filter((m) => !m.backup).map((m) => m.email);
      if (uncovered.length > 0)
        findings.warn(
          path,
          `reassignTo: backup, but ${uncovered.join(", ")} ${uncovered.length === 1 ? "has" : "have"} no backup`,
        );
    }
    return;
  }
  if (names.owners.has(target) || names.teams.has(target)) return;
  findings.error(
    path,
    `"${target}" is not ${special}, an owner's email or a team key` +
      didYouMean(target, [special, ...names.owners.keys(), ...names.teams]),
  );
}

/**
 * `d` under business hours means 24 working hours, as it did before `bd` existed; most people read "1d" as one
 * business day, so the blueprint says which it means.
 */
function hintBusinessDays(c: CheckContext, path: PathSegment[], firstTouch: string, dayLength: number): void {
  if (!/\dd/.test(firstTouch) || dayLength <= 0 || dayLength >= 1440) return;
  const minutes = durationMinutes(firstTouch);
  c.findings.warn(
    path,
    `first touch ${firstTouch} means ${Math.round((minutes / 60) * 10) / 10} working hours, about ${Math.round((minutes / dayLength) * 10) / 10} ` +
      `working days of ${formatDuration(dayLength)}: write ${firstTouch.replace(/(\d+)d/, "$1bd")} for business days`,
  );
}

function checkSla(c: CheckContext, rule: RoutingRule, path: PathSegment[]): void {
  const sla = rule.sla;
  if (!sla) return;
  const breach = sla.onBreach;
  if (breach?.escalateTo)
    checkBreachTarget(c, rule, [...path, "sla", "onBreach", "escalateTo"], breach.escalateTo, "manager");
  if (breach?.reassignTo)
    checkBreachTarget(c, rule, [...path, "sla", "onBreach", "reassignTo"], breach.reassignTo, "backup");
  expectNotifyTargets(c.findings, c.names, [...path, "sla", "onBreach", "notify"], breach?.notify);
  const members = destination(c, rule).filter((m) => !awayForGood(m));
  const windows = members.flatMap((m) =>
    m.workingHours ? [timeOfDayMinutes(m.workingHours.end) - timeOfDayMinutes(m.workingHours.start)] : [],
  );
  const { businessDays, minutes: firstTouch } = slaDuration(sla.firstTouch);
  if (businessDays > 0 && !sla.businessHours) {
    c.findings.error(
      [...path, "sla", "businessHours"],
      `first touch ${sla.firstTouch} counts business days, but businessHours: false counts the wall clock: write the time in d/h/m, or remove businessHours: false`,
    );
    return;
  }
  if (sla.businessHours) {
    hintBusinessDays(c, [...path, "sla", "firstTouch"], sla.firstTouch, Math.max(0, ...windows));
    if (members.length > 0 && windows.length === 0) {
      c.findings.warn(
        [...path, "sla", "businessHours"],
        `SLA counts business hours, but none of the owners rule ${rule.key} assigns to has workingHours`,
      );
    }
    return;
  }
  // Calendar-time SLAs breach overnight unless someone is working when the lead arrives.
  const gap = 24 * 60 - Math.max(0, ...windows);
  if (windows.length > 0 && firstTouch < gap) {
    c.findings.warn(
      [...path, "sla", "firstTouch"],
      `first touch within ${sla.firstTouch} counts calendar time, but nobody assigned by rule ${rule.key} works for ` +
        `${formatDuration(gap)} of each day: leads arriving then will breach (set businessHours: true or lengthen the SLA)`,
    );
  }
}

function checkOrder(c: CheckContext): void {
  const rules = c.blueprint.routing;
  if (rules.length === 0) return;
  const last = rules.length - 1;
  if (rules[last].when !== undefined) {
    c.findings.error(
      ["routing", last, "key"],
      `routing has no fallback: the last rule (${rules[last].key}) has a when, so leads matching no rule are not assigned; add a last rule without when`,
    );
  }
  const matches = rules.map((rule) => alternatives(rule.when));
  for (let j = 1; j < rules.length; j++) {
    const earlier = rules.findIndex((_, i) => i < j && covers(matches[i], matches[j]));
    if (earlier < 0) continue;
    const line = c.findings.at(["routing", earlier, "key"]).line;
    const why =
      rules[earlier].when === undefined ? "has no when and matches every lead" : "matches every lead this rule matches";
    c.findings.error(
      ["routing", j, "key"],
      `rule ${rules[j].key} is never reached: rule ${rules[earlier].key} (line ${line}) ${why}`,
    );
  }
}

export const checkRouting: Check = (c) => {
  c.blueprint.routing.forEach((rule, i) => {
    const path: PathSegment[] = ["routing", i];
    checkAssign(c, rule, path);
    checkConditions(c, [...path, "when"], rule.when, "contacts");
    checkSla(c, rule, path);
    expectNotifyTargets(c.findings, c.names, [...path, "onUnrouted", "notify"], rule.onUnrouted?.notify);
  });
  checkOrder(c);
};
