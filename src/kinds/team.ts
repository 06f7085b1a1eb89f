/** A HubSpot team and its primary members; natural key: its name. */
import type { Blueprint } from "../blueprint/model";
import { quote } from "../words/describe";
import { referencedDanger, type ChangeSink, type PlannedKind, type Referenced, type Shown } from "./kind";
import { isUnknown, known } from "./unknown";
import { KEY_PREFIX } from "../blueprint/object-keys";
import { userKind } from "./user";
import { teamDocs } from "./team.docs";

/** A HubSpot team; the owners whose blueprint `team` is this one are its primary members. */
export interface TeamInputs {
  /** The blueprint's team key. */
  key: string;
  /** The team's label, or its key without one: the name HubSpot shows and the team's natural key. */
  name: string;
  /** Emails of the primary members, sorted. */
  members: string[];
  /** Name of the parent team; the blueprint has no team hierarchy yet, so the plan never sets it. */
  parentTeam?: string;
}

function teamSpecs(blueprint: Blueprint): TeamInputs[] {
  return Object.entries(blueprint.teams).map(([key, team]) => ({
    key,
    name: team.label ?? key,
    members: blueprint.owners
      .filter((o) => o.team === key)
      .map((o) => o.email.toLowerCase())
      .sort(),
  }));
}

export interface TeamOutputs extends TeamInputs {
  hubspotId: string;
}

/** How people name a team: `Team 'Inbound SDR' (inbound-sdr)`, by its label and its blueprint key. */
export const teamName = (label: string, key: string): string => `Team ${quote(label)} (${key})`;

/** A team's name and who is in it: "renamed to", "member a@x added", "member b@x removed". */
function teamChanges(old: Shown<TeamOutputs>, next: Shown<TeamOutputs>, out: ChangeSink): void {
  const subject = teamName(old.name ?? next.name ?? "", next.key ?? old.key ?? "");
  if (old.name !== undefined && next.name !== undefined && old.name !== next.name && !isUnknown(next.name)) {
    out.changed(`${subject} renamed to ${quote(next.name)}`);
  }
  if (isUnknown(JSON.stringify(next.members))) return;
  const was = new Set(known(old.members) ?? []);
  const now = new Set(known(next.members) ?? []);
  for (const email of now) if (!was.has(email)) out.added(`${subject} member ${email} added`);
  for (const email of was)
    if (!now.has(email)) out.removed(`${subject} member ${email} removed from the team (the user stays)`);
}

/** A team as the review reads it: the provider's outputs, and what in the blueprint pointed at it (`plan`). */
export type ShownTeam = Shown<TeamOutputs> & { references?: Referenced };

export const teamKind: PlannedKind<"teams", TeamInputs, TeamOutputs, ShownTeam> = {
  module: "hubspot",
  name: "Team",
  docs: teamDocs,
  // A team's members must be users first; removing a member from a team happens before the user is deleted.
  planned: { list: "teams", specs: teamSpecs, after: { kind: userKind, keys: (t) => t.members } },
  identity: [],
  fields: [
    { key: "name", label: "name", inExtra: true },
    { key: "members", label: "members", hubspot: "userIds", inExtra: true },
    { key: "parentTeam", label: "parent team", format: quote, hubspot: "parentTeamId", optional: true },
  ],
  outputOnly: ["hubspotId"],
  naturalKey: { prefix: KEY_PREFIX.team, word: "Team", of: (i) => i.name },
  describe: (t) => `Team "${t.name}"`,
  words: {
    section: "teams",
    scope: () => undefined,
    subject: (p) => teamName(p.name ?? "", p.key ?? ""),
    summary: (p) => {
      const members = known(p.members) ?? [];
      return members.length === 0 ? "no members" : `members ${members.join(", ")}`;
    },
    extra: teamChanges,
    deleteDanger: (p) =>
      referencedDanger("deletes the team in HubSpot: its members stay users, without a team", p.references),
    deleteDetails: (p) => p.references?.details ?? [],
  },
};
