/** Owners (by email) and teams: membership, capacity, backups, absences, managers, strategies, weights. */
import type { Blueprint, Owner, Team, WorkingHours } from "../../blueprint/model";
import { fieldChange, quote, setChange } from "../describe";
import type { Changes, ScopedChanges } from "./changes";
import { match } from "./keyed";
import { details, isEmpty, ownerReferences, References, summary, surviving, teamReferences } from "./references";

const fullName = (o: Owner): string | undefined => o.name ?? ([o.firstName, o.lastName].filter(Boolean).join(" ") || undefined);

const hours = (h: WorkingHours): string => `${h.days.join(", ")} ${h.start}–${h.end}`;

const strategy = (s: string): string => s.replace("_", " ");

function ownerSummary(o: Owner): string {
  const facts = [o.role, o.team ? `team ${o.team}` : "no team", o.backup && `backup ${o.backup}`, o.away && "away"].filter(Boolean);
  return facts.join(", ");
}

/**
 * "removed: 3 routing rules and 1 team affected", flagged when what pointed at it survives the change, or when
 * `records` says what happens to records the removed owner may still hold.
 */
function removal(s: ScopedChanges, subject: string, refs: References, after: Blueprint, records?: string): void {
  const left = surviving(refs, after);
  const dangers = [isEmpty(left) ? undefined : `still referenced by ${summary(left)}: their work is redistributed`, records].filter(Boolean);
  const danger = dangers.length > 0 ? dangers.join("; ") : undefined;
  if (isEmpty(refs)) {
    s.removed(`${subject} removed`, danger ? { danger } : {});
    return;
  }
  s.removed(`${subject} removed: ${summary(refs)} affected`, { details: details(refs), danger });
}

/** What happens to the records a removed owner still holds: reassigned as `retiredOwners` says, or the apply stops. */
function ownerRecords(email: string, after: Blueprint): string {
  const retired = (after.retiredOwners ?? []).find((r) => r.email.toLowerCase() === email.toLowerCase());
  if (retired) {
    const to = after.teams[retired.reassignTo] ? `team ${retired.reassignTo} (round-robin)` : retired.reassignTo;
    return `their contacts, companies, deals and tickets are reassigned to ${to} before the user is removed`;
  }
  return `if they still own contacts, companies, deals or tickets, pulumi up stops with the counts: ` +
    `say where they go with retiredOwners: [{ email: ${email}, reassignTo: <owner email or team key> }]`;
}

function diffOwner(s: ScopedChanges, before: Owner, after: Owner): void {
  const subject = `Owner ${after.email}`;
  if (before.team !== after.team) {
    s.changed(
      after.team === undefined ? `${subject} left team ${before.team}` : before.team === undefined ? `${subject} joined team ${after.team}` : `${subject} moved from team ${before.team} to team ${after.team}`,
    );
  }
  if (before.away !== after.away) {
    s.changed(after.away ? `${subject} is now away: their work goes to ${after.backup ?? "nobody"}` : `${subject} is back (no longer away)`);
  }
  s.fields(subject, [
    fieldChange("name", fullName(before), fullName(after), quote),
    fieldChange("role", before.role, after.role),
    fieldChange("time zone", before.timezone, after.timezone),
    fieldChange("working hours", before.workingHours, after.workingHours, hours),
    fieldChange("new leads per day", before.capacity?.newLeadsPerDay, after.capacity?.newLeadsPerDay),
    fieldChange("open deals capacity", before.capacity?.openDeals, after.capacity?.openDeals),
    before.backup !== after.backup ? (after.backup ? `backup now ${after.backup} (was ${before.backup ?? "nobody"})` : `has no backup any more (was ${before.backup})`) : undefined,
    ...setChange(before.territories, after.territories, "now covers", "no longer covers"),
  ]);
}

function diffTeam(s: ScopedChanges, key: string, before: Team, after: Team): void {
  const subject = `Team ${quote(after.label ?? key)} (${key})`;
  if ((before.label ?? key) !== (after.label ?? key)) s.changed(`Team ${quote(before.label ?? key)} (${key}) renamed to ${quote(after.label ?? key)}`);
  const weights = match(before.weights, after.weights);
  s.fields(subject, [
    before.manager !== after.manager ? `manager now ${after.manager} (was ${before.manager})` : undefined,
    fieldChange("strategy", before.strategy, after.strategy, strategy),
    fieldChange("territory property", before.territoryProperty, after.territoryProperty),
    ...weights.added.map(([email, w]) => `weight for ${email} set to ${w}`),
    ...weights.removed.map(([email, w]) => `weight for ${email} removed (was ${w})`),
    ...weights.kept.map(([email, was, now]) => fieldChange(`weight for ${email}`, was, now)),
  ]);
}

export function diffPeople(before: Blueprint, after: Blueprint, out: Changes): void {
  const owners = out.in("owners");
  const o = match(before.owners, after.owners, (x) => x.email);
  for (const [email, owner] of o.added) {
    const name = fullName(owner);
    owners.added(`Owner ${email}${name ? ` (${name})` : ""} added: ${ownerSummary(owner)}`);
  }
  for (const [email] of o.removed) removal(owners, `Owner ${email}`, ownerReferences(before, email), after, ownerRecords(email, after));
  for (const [, was, now] of o.kept) diffOwner(owners, was, now);

  const teams = out.in("teams");
  const t = match(before.teams, after.teams);
  for (const [key, team] of t.added) {
    teams.added(`Team ${quote(team.label ?? key)} (${key}) added: manager ${team.manager}, strategy ${strategy(team.strategy)}`);
  }
  for (const [key, team] of t.removed) removal(teams, `Team ${quote(team.label ?? key)} (${key})`, teamReferences(before, key), after);
  for (const [key, was, now] of t.kept) diffTeam(teams, key, was, now);
}
