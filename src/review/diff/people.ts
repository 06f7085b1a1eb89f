/** How owners and teams route leads: capacity, backups, absences, working hours, managers, strategies, weights. */
import type { Absence, Blueprint, Owner, Team, WorkingHours } from "../../blueprint/model";
import { fieldChange, setChange } from "../../words/describe";
import { teamName } from "../../kinds/team";
import { ownerName } from "../../kinds/user";
import type { Changes, ScopedChanges } from "../../words/changes";
import { match } from "../../words/keyed";

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

function diffOwner(s: ScopedChanges, before: Owner, after: Owner): void {
  const subject = ownerName(after.email);
  const [wasAway, isAway] = [absence(before.away), absence(after.away)];
  if (wasAway !== isAway) {
    s.changed(
      isAway === undefined
        ? `${subject} is back (no longer away)`
        : `${subject} is now ${isAway}: their work goes to ${after.backup ?? "nobody"}${after.away === true ? "" : " on those days"}`,
    );
  }
  s.fields(subject, [
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
  const weights = match(before.weights, after.weights);
  s.fields(teamName(after.label ?? key, key), [
    before.manager !== after.manager ? `manager now ${after.manager} (was ${before.manager})` : undefined,
    fieldChange("strategy", before.strategy, after.strategy, strategy),
    fieldChange("territory property", before.territoryProperty, after.territoryProperty),
    ...weights.added.map(([email, w]) => `weight for ${email} set to ${w}`),
    ...weights.removed.map(([email, w]) => `weight for ${email} removed (was ${w})`),
    ...weights.kept.map(([email, was, now]) => fieldChange(`weight for ${email}`, was, now)),
    ...setChange(before.holidays, after.holidays, "holidays added:", "holidays removed:"),
  ]);
}

/**
 * How owners and teams route leads (away, backups, capacity, managers, strategies, weights): the blueprint's own,
 * carried by the routing workflow. A HubSpot user's and team's own fields, members, adds and removals are the user
 * and team kinds' (src/kinds), worded by the review.
 */
export function diffPeople(before: Blueprint, after: Blueprint, out: Changes): void {
  const owners = out.in("owners");
  for (const [, was, now] of match(before.owners, after.owners, (x) => x.email).kept) diffOwner(owners, was, now);
  const teams = out.in("teams");
  for (const [key, was, now] of match(before.teams, after.teams).kept) diffTeam(teams, key, was, now);
}
