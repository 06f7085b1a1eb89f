/** Owners and teams: references, coverage when someone is away, and what each strategy needs. */
import { didYouMean, PathSegment } from "../diagnostics";
import { timeOfDayMinutes } from "../duration";
import type { Owner, Strategy, Team } from "../model";
import type { Check, CheckContext } from "./context";
import { expectKnown } from "./names";

function validTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function checkOwner(c: CheckContext, owner: Owner, i: number): void {
  const { findings, names } = c;
  const path: PathSegment[] = ["owners", i];
  if (owner.team) expectKnown(findings, [...path, "team"], owner.team, names.teams, "team");
  if (owner.timezone && !validTimezone(owner.timezone)) {
    findings.error(
      [...path, "timezone"],
      `unknown time zone "${owner.timezone}": expected an IANA name such as Europe/Berlin`,
    );
  }
  const hours = owner.workingHours;
  if (hours && timeOfDayMinutes(hours.start) >= timeOfDayMinutes(hours.end)) {
    findings.error(
      [...path, "workingHours"],
      `working hours end (${hours.end}) must be after they start (${hours.start})`,
    );
  }
  checkAbsences(c, owner, path);
  if (owner.backup === undefined) {
    if (owner.away !== false)
      findings.error(
        [...path, "away"],
        `${owner.email} is away and has no backup: their leads and deals have no one to go to`,
      );
    else if (owner.team)
      findings.warn(path, `${owner.email} has no backup: nobody covers their work when they are away`);
    return;
  }
  if (owner.backup === owner.email) {
    findings.error([...path, "backup"], `${owner.email} is their own backup: name someone else or a team`);
  } else if (!names.owners.has(owner.backup) && !names.teams.has(owner.backup)) {
    findings.error(
      [...path, "backup"],
      `backup "${owner.backup}" is neither an owner's email nor a team key` +
        didYouMean(owner.backup, [...names.owners.keys(), ...names.teams]),
    );
  }
}

/** Dated absences must end after they start (both days are included). */
function checkAbsences(c: CheckContext, owner: Owner, path: PathSegment[]): void {
  if (typeof owner.away === "boolean") return;
  const list = Array.isArray(owner.away) ? owner.away : [owner.away];
  list.forEach((absence, j) => {
    if (absence.until >= absence.from) return;
    const at = Array.isArray(owner.away) ? [...path, "away", j, "until"] : [...path, "away", "until"];
    c.findings.error(
      at,
      `absence ends (${absence.until}) before it starts (${absence.from}): until is the last day away`,
    );
  });
}

/** Away for good (away: true); dated absences come and go by themselves. */
export const awayForGood = (owner: Owner | undefined): boolean => owner?.away === true;

/**
 * Follows the backups of an away owner until someone who is not away (or a team with such a member)
 * takes over.
 */
function coverageGap(c: CheckContext, start: Owner): string | undefined {
  const chain = [start.email];
  let current: Owner | undefined = start;
  while (current && awayForGood(current) && current.backup !== undefined && current.backup !== current.email) {
    const next = current.backup;
    if (c.names.teams.has(next)) {
      return c.names.teamMembers(next).some((m) => !awayForGood(m))
        ? undefined
        : `${[...chain, next].join(" → ")} (every member of team ${next} is away)`;
    }
    if (chain.includes(next)) return undefined; // a loop is reported by checkBackupCycles
    chain.push(next);
    current = c.names.owners.get(next);
  }
  if (awayForGood(current) && chain.length > 1)
    return `${chain.join(" → ")} ends with someone away and without a backup`;
  return undefined;
}

/** What a strategy needs from a team's members; used for team defaults and per-rule overrides. */
export function strategyProblems(c: CheckContext, teamKey: string, team: Team, strategy: Strategy): string[] {
  const members = c.names.teamMembers(teamKey);
  const problems: string[] = [];
  if (strategy === "capacity") {
    const without = members.filter((m) => m.capacity?.newLeadsPerDay === undefined).map((m) => m.email);
    if (without.length > 0) problems.push(`strategy capacity needs capacity.newLeadsPerDay for ${without.join(", ")}`);
    const daily = members.filter((m) => !awayForGood(m)).reduce((sum, m) => sum + (m.capacity?.newLeadsPerDay ?? 0), 0);
    if (without.length === 0 && daily === 0)
      problems.push(
        `team ${teamKey} assigns by capacity but the members who are not away can take 0 new leads per day`,
      );
  }
  if (strategy === "weighted" && !team.weights) problems.push(`strategy weighted needs weights for team ${teamKey}`);
  if (strategy === "territory" && !team.territoryProperty) {
    problems.push(`strategy territory needs a territoryProperty on team ${teamKey}`);
  }
  return problems;
}

function checkTeam(c: CheckContext, key: string, team: Team): void {
  const { findings, names } = c;
  const path: PathSegment[] = ["teams", key];
  expectKnown(findings, [...path, "manager"], team.manager, names.owners.keys(), "owner");
  const members = names.teamMembers(key);
  if (members.length === 0) {
    findings.warn(path, `team ${key} has no members: no owner has team: ${key}`, "key");
    return;
  }
  for (const problem of strategyProblems(c, key, team, team.strategy)) findings.error([...path, "strategy"], problem);
  if (team.weights) {
    if (team.strategy !== "weighted")
      findings.warn([...path, "weights"], `weights are ignored: team ${key} uses strategy ${team.strategy}`);
    const emails = new Set(members.map((m) => m.email));
    for (const email of Object.keys(team.weights)) {
      if (!emails.has(email))
        findings.error([...path, "weights", email], `${email} is not a member of team ${key}`, "key");
    }
    for (const m of members) {
      if (team.strategy === "weighted" && team.weights[m.email] === undefined) {
        findings.warn([...path, "weights"], `${m.email} has no weight and will get no leads from team ${key}`);
      }
    }
  }
  if (usesTerritory(c, key, team)) checkTerritories(c, key, members);
  if (members.every(awayForGood)) findings.warn(path, `every member of team ${key} is away`, "key");
}

/** Whether leads reach the team by territory: its own strategy, or a routing rule or automation that says so. */
function usesTerritory(c: CheckContext, key: string, team: Team): boolean {
  if (team.strategy === "territory") return true;
  const assigns = [
    ...c.blueprint.routing.map((r) => r.assign),
    ...c.blueprint.automations.flatMap((a) => a.do.flatMap((d) => (d.assignOwner ? [d.assignOwner] : []))),
  ];
  return assigns.some((a) => a.team === key && a.strategy === "territory");
}

function checkTerritories(c: CheckContext, key: string, members: Owner[]): void {
  const claimed = new Map<string, string>();
  for (const m of members) {
    const i = c.blueprint.owners.indexOf(m);
    if (!m.territories || m.territories.length === 0) {
      c.findings.warn(["owners", i], `${m.email} is in territory team ${key} but covers no territories`);
      continue;
    }
    // Routing compares territories without case or surrounding spaces, so "UK" and "uk " are the same one.
    for (const value of m.territories.map(String)) {
      const same = value.trim().toLowerCase();
      const other = claimed.get(same);
      if (other)
        c.findings.warn(
          ["owners", i, "territories"],
          `territory ${value} is covered by both ${other} and ${m.email}: they take turns on its leads`,
        );
      else claimed.set(same, m.email);
    }
  }
}

/**
 * Backups between owners must not loop: in a loop (A → B → A) one week with both away leaves nobody covering,
 * and routing would pass work around the ring. A chain ends with someone, or with a team, whose pool keeps
 * covering. Each loop is reported once, at the first owner of it in the file.
 */
function checkBackupCycles(c: CheckContext): void {
  const reported = new Set<string>();
  c.blueprint.owners.forEach((start, i) => {
    const chain: string[] = [];
    let email: string | undefined = start.email;
    while (email !== undefined && c.names.owners.has(email) && !chain.includes(email)) {
      chain.push(email);
      const backup: string | undefined = c.names.owners.get(email)?.backup;
      email = backup === email ? undefined : backup;
    }
    if (email !== start.email || reported.has(start.email)) return;
    for (const member of chain) reported.add(member);
    c.findings.error(
      ["owners", i, "backup"],
      `backup cycle ${[...chain, start.email].join(" → ")}: when they are away together nobody covers; ` +
        "end the chain with someone outside it or a team key",
    );
  });
}

export const checkPeople: Check = (c) => {
  const { blueprint, findings } = c;
  if (blueprint.metadata.timezone && !validTimezone(blueprint.metadata.timezone)) {
    findings.error(
      ["metadata", "timezone"],
      `unknown time zone "${blueprint.metadata.timezone}": expected an IANA name such as Europe/Berlin`,
    );
  }
  blueprint.owners.forEach((owner, i) => {
    checkOwner(c, owner, i);
    const gap = awayForGood(owner) ? coverageGap(c, owner) : undefined;
    if (gap) findings.error(["owners", i, "backup"], `follow-up stops while ${owner.email} is away: ${gap}`);
  });
  checkBackupCycles(c);
  for (const [key, team] of Object.entries(blueprint.teams)) checkTeam(c, key, team);
  (blueprint.retiredOwners ?? []).forEach((retired, i) => checkRetiredOwner(c, retired.email, retired.reassignTo, i));
};

/** A retired owner is out of `owners`, and their records go to a current owner or to a team that has members. */
function checkRetiredOwner(c: CheckContext, email: string, reassignTo: string, i: number): void {
  const path: PathSegment[] = ["retiredOwners", i];
  if (c.names.owners.has(email)) {
    c.findings.error(
      [...path, "email"],
      `${email} is still in owners: remove them there, or drop this retiredOwners entry`,
    );
  }
  if (reassignTo === email) {
    c.findings.error(
      [...path, "reassignTo"],
      `${email}'s records cannot go to ${email}, who is being removed: name another owner or a team`,
    );
  } else if (c.names.teams.has(reassignTo)) {
    if (!c.blueprint.owners.some((o) => o.team === reassignTo && o.away !== true)) {
      c.findings.error(
        [...path, "reassignTo"],
        `team ${reassignTo} has no members who are not away: nobody would receive ${email}'s records`,
      );
    }
  } else if (!c.names.owners.has(reassignTo)) {
    c.findings.error(
      [...path, "reassignTo"],
      `reassignTo "${reassignTo}" is neither an owner's email nor a team key` +
        didYouMean(reassignTo, [...c.names.owners.keys(), ...c.names.teams]),
    );
  }
}
