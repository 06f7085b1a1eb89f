/** A HubSpot team and its primary members; natural key: its name. */
import type { TeamSpec } from "../plan/crm";
import { quote } from "../words/describe";
import { referencedDanger, type ChangeSink, type Kind, type Referenced, type Shown } from "./kind";
import { isUnknown, known } from "./unknown";
import { KEY_PREFIX } from "../blueprint/object-keys";

export type TeamInputs = TeamSpec;

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

export const teamKind: Kind<TeamInputs, TeamOutputs, ShownTeam> = {
  module: "hubspot",
  name: "Team",
  identity: [],
  fields: [{ key: "parentTeam", label: "parent team", format: quote }],
  alsoUpdatable: ["name", "members"],
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
