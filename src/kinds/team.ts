/** A HubSpot team and its primary members; natural key: its name. */
import type { TeamSpec } from "../plan/crm";
import { quote } from "../review/describe";
import { text, type ChangeSink, type Kind, type Props } from "./kind";
import { isUnknown } from "./unknown";
import { KEY_PREFIX } from "../blueprint/object-keys";

export type TeamInputs = TeamSpec;

export interface TeamOutputs extends TeamInputs {
  hubspotId: string;
}

/** A team's name and who is in it: "renamed to", "member a@x added", "member b@x removed". */
function teamChanges(old: Props, next: Props, out: ChangeSink): void {
  const subject = `Team ${quote(text(old.name ?? next.name))} (${text(next.key ?? old.key)})`;
  if (old.name !== undefined && next.name !== undefined && old.name !== next.name && !isUnknown(next.name)) {
    out.changed(`${subject} renamed to ${quote(text(next.name))}`);
  }
  if (isUnknown(JSON.stringify(next.members))) return;
  const was = new Set((old.members as string[] | undefined) ?? []);
  const now = new Set((next.members as string[] | undefined) ?? []);
  for (const email of now) if (!was.has(email)) out.added(`${subject} member ${email} added`);
  for (const email of was)
    if (!now.has(email)) out.removed(`${subject} member ${email} removed from the team (the user stays)`);
}

export const teamKind: Kind<TeamInputs> = {
  module: "hubspot",
  name: "Team",
  identity: [],
  fields: [{ key: "parentTeam", label: "parent team", format: quote }],
  alsoUpdatable: ["name", "members"],
  outputOnly: ["hubspotId"],
  naturalKey: { prefix: KEY_PREFIX.team, word: "Team", of: (i) => text(i.name) },
  describe: (t) => `Team "${t.name}"`,
  words: {
    section: "teams",
    scope: () => undefined,
    subject: (p) => `Team ${quote(text(p.name))} (${text(p.key)})`,
    summary: (p) => {
      const members = (p.members as string[] | undefined) ?? [];
      return members.length === 0 ? "no members" : `members ${members.join(", ")}`;
    },
    extra: teamChanges,
    deleteDanger: () => "deletes the team in HubSpot: its members stay users, without a team",
  },
};
