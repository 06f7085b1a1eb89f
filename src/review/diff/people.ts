/** Owners (by email) and teams: membership, capacity, backups, absences, managers, strategies, weights. */
import type { Absence, Blueprint, Owner, Team, WorkingHours } from "../../blueprint/model";
import { fieldChange, quote, setChange } from "../../words/describe";
import { teamName } from "../../kinds/team";
import { ownerName } from "../../kinds/user";
import type { Changes, ScopedChanges } from "../../words/changes";
import { match } from "../../words/keyed";
import { retireHint } from "../../kinds/owner-records";
import { details, isEmpty, ownerReferences, References, summary, surviving, teamReferences } from "./references";
import { joinKey, KEY_PREFIX } from "../../blueprint/object-keys";

const fullName = (o: Owner): string | undefined =>
  o.name ?? ([o.firstName, o.lastName].filter(Boolean).join(" ") || undefined);

const hours = (h: WorkingHours): string => `${h.days.join(", ")} ${h.start}–${h.end}`;

/** "away", "away 2026-12-01–2026-12-03", or undefined when not away. */
function absence(away: Owner["away"]): string | undefined {
  if (away === false) return undefined;
  if (away === true) return "away";
  const dated = (Array.isArray(away) ? away : [away]).map((a: Absence) =>
    a.from === a.until ? a.from : `${a.from}–${a.until}`,
  );
  return `away ${dated.join(", ")}`;
}

const strategy = (s: string): string => s.replace("_", " ");

function ownerSummary(o: Owner): string {
  const facts = [
    o.role,
    o.team ? `team ${o.team}` : "no team",
    o.backup && `backup ${o.backup}`,
    absence(o.away),
  ].filter(Boolean);
  return facts.join(", ");
}

/**
 * "removed: 3 routing rules and 1 team affected", flagged when what pointed at it survives the change, or when
 * `records` says what happens to records the removed owner may still hold.
 */
function removal(
  s: ScopedChanges,
  key: string,
  subject: string,
  refs: References,
  after: Blueprint,
  records?: string,
): void {
  const left = surviving(refs, after);
  const dangers = [
    isEmpty(left) ? undefined : `still referenced by ${summary(left)}: their work is redistributed`,
    records,
  ].filter(Boolean);
  const danger = dangers.length > 0 ? dangers.join("; ") : undefined;
  if (isEmpty(refs)) {
    s.removedObject(key, subject, `${subject} removed`, danger ? { danger } : {});
    return;
  }
  s.removedObject(key, subject, `${subject} removed: ${summary(refs)} affected`, { details: details(refs), danger });
}

/**
 * What happens to the records a removed owner still holds: reassigned as `retiredOwners` says, or the apply stops.
 * `plan` works offline, so the counts are the preview's (program/owner-removals.ts counts them there).
 */
function ownerRecords(email: string, after: Blueprint): string {
  const retired = (after.retiredOwners ?? []).find((r) => r.email.toLowerCase() === email.toLowerCase());
  const counts = "revstack preview and pulumi preview show how many";
  if (retired) {
    const to = after.teams[retired.reassignTo] ? `team ${retired.reassignTo} (round-robin)` : retired.reassignTo;
    return `their contacts, companies, deals and tickets are reassigned to ${to} before the user is removed (${counts})`;
  }
  return (
    `if they still own contacts, companies, deals or tickets, pulumi up stops before any write, with the counts ` +
    `(${counts}): say where they go with ${retireHint(email)}`
  );
}

function diffOwner(s: ScopedChanges, before: Owner, after: Owner): void {
  const subject = ownerName(after.email);
  if (before.team !== after.team) {
    s.changed(
      after.team === undefined
        ? `${subject} left team ${before.team}`
        : before.team === undefined
          ? `${subject} joined team ${after.team}`
          : `${subject} moved from team ${before.team} to team ${after.team}`,
    );
  }
  const [wasAway, isAway] = [absence(before.away), absence(after.away)];
  if (wasAway !== isAway) {
    s.changed(
      isAway === undefined
        ? `${subject} is back (no longer away)`
        : `${subject} is now ${isAway}: their work goes to ${after.backup ?? "nobody"}${after.away === true ? "" : " on those days"}`,
    );
  }
  s.fields(subject, [
    fieldChange("name", fullName(before), fullName(after), quote),
    fieldChange("role", before.role, after.role),
    fieldChange("time zone", before.timezone, after.timezone),
    fieldChange("working hours", before.workingHours, after.workingHours, hours),
    fieldChange("new leads per day", before.capacity?.newLeadsPerDay, after.capacity?.newLeadsPerDay),
    fieldChange("open deals capacity", before.capacity?.openDeals, after.capacity?.openDeals),
    before.backup !== after.backup
      ? after.backup
        ? `backup now ${after.backup} (was ${before.backup ?? "nobody"})`
        : `has no backup any more (was ${before.backup})`
      : undefined,
    ...setChange(before.territories, after.territories, "now covers", "no longer covers"),
    ...setChange(before.holidays, after.holidays, "holidays added:", "holidays removed:"),
  ]);
}

function diffTeam(s: ScopedChanges, key: string, before: Team, after: Team): void {
  const subject = teamName(after.label ?? key, key);
  if ((before.label ?? key) !== (after.label ?? key))
    s.changed(`${teamName(before.label ?? key, key)} renamed to ${quote(after.label ?? key)}`);
  const weights = match(before.weights, after.weights);
  s.fields(subject, [
    before.manager !== after.manager ? `manager now ${after.manager} (was ${before.manager})` : undefined,
    fieldChange("strategy", before.strategy, after.strategy, strategy),
    fieldChange("territory property", before.territoryProperty, after.territoryProperty),
    ...weights.added.map(([email, w]) => `weight for ${email} set to ${w}`),
    ...weights.removed.map(([email, w]) => `weight for ${email} removed (was ${w})`),
    ...weights.kept.map(([email, was, now]) => fieldChange(`weight for ${email}`, was, now)),
    ...setChange(before.holidays, after.holidays, "holidays added:", "holidays removed:"),
  ]);
}

export function diffPeople(before: Blueprint, after: Blueprint, out: Changes): void {
  const owners = out.in("owners");
  const o = match(before.owners, after.owners, (x) => x.email);
  for (const [email, owner] of o.added) {
    const name = fullName(owner);
    owners.added(`${ownerName(email)}${name ? ` (${name})` : ""} added: ${ownerSummary(owner)}`);
  }
  for (const [email] of o.removed)
    removal(
      owners,
      joinKey(KEY_PREFIX.user, email),
      ownerName(email),
      ownerReferences(before, email),
      after,
      ownerRecords(email, after),
    );
  for (const [, was, now] of o.kept) diffOwner(owners, was, now);

  const teams = out.in("teams");
  const t = match(before.teams, after.teams);
  for (const [key, team] of t.added) {
    teams.added(
      `${teamName(team.label ?? key, key)} added: manager ${team.manager}, strategy ${strategy(team.strategy)}`,
    );
  }
  for (const [key, team] of t.removed)
    removal(
      teams,
      joinKey(KEY_PREFIX.team, team.label ?? key),
      teamName(team.label ?? key, key),
      teamReferences(before, key),
      after,
    );
  for (const [key, was, now] of t.kept) diffTeam(teams, key, was, now);
}
