/** The words of the team's docs page (src/kinds/docs.ts writes docs/kinds/team.md from them and the kind). */
import type { KindDocs } from "./kind";
import type { TeamInputs, TeamOutputs } from "./team";

export const teamDocs: KindDocs<TeamInputs, TeamOutputs> = {
  page: "team",
  title: "Team",
  summary:
    "A HubSpot team (Teams API) from `teams.<key>`, named by its label; its primary members are the owners whose " +
    "`team` it is. A new label renames it in place.",
  example: `apiVersion: revstack/v1
kind: Blueprint
metadata: { name: sdr }
teams:
  inbound-sdr: { label: Inbound SDR, manager: sam.lee@acme.test }
owners:
  - { email: sam.lee@acme.test, firstName: Sam, lastName: Lee, team: inbound-sdr }`,
  inputs: {
    key: { type: "key", blueprint: "`teams.<key>`", meaning: "The blueprint's key: the resource's name." },
    name: {
      type: "string",
      blueprint: "`label`",
      default: "the key",
      meaning: "The name HubSpot shows: its natural key.",
    },
    members: {
      type: "list of emails",
      blueprint: "the owners' `team`",
      meaning: "Its primary members; someone added by hand is removed from the team (the user stays).",
    },
    parentTeam: {
      type: "team name",
      blueprint: "— (no team hierarchy yet)",
      meaning: "Its parent team; left to the portal when not given.",
    },
  },
  outputs: { hubspotId: "HubSpot's id of the team." },
  adoption:
    "A team that already exists with the blueprint's name is taken over only when the stack adopts it " +
    "(`revstack:adopt` or `revstack:adoptObjects`). Secondary members, and the parent team unless given, are the " +
    "portal's and left alone. Removing an adopted team from the blueprint **releases** it.",
  dangers: [
    "Removing a team deletes it in HubSpot: its members stay users, without a team; `plan` names the routing rules and automations that still point at it.",
  ],
};
