/**
 * A HubSpot team (Teams API) and its primary members; natural key: the team's name (a create adopts a team of
 * that name only with `revstack:adopt`). A rename is an update, so the team keeps its id. Members are the owners
 * whose blueprint team this is: someone added to the team by hand is drift and removed from it (the user stays),
 * someone missing is added. Secondary members and, unless the spec names one, the parent team belong to the
 * portal and are left alone. Its fields are the kind's (src/kinds/team.ts); members and the parent team are
 * resolved here, from emails to user ids and from a name to a team id.
 */
import { sameLabel, type HubSpotClient, type LiveTeam } from "../src/clients/hubspot";
import { keyedResource } from "./shared/keyed";
import { hubspotFields, liveFields } from "../src/kinds/kind";
import { teamKind } from "../src/kinds/team";
import type { TeamInputs, TeamOutputs } from "../src/kinds/team";
export type { TeamInputs, TeamOutputs } from "../src/kinds/team";

/** The members' user ids; every member must be a HubSpot user already (the program creates users first). */
async function memberIds(client: HubSpotClient, t: TeamInputs): Promise<string[]> {
  const users = await client.listUsers();
  return t.members.map((email) => {
    const user = users.find((u) => u.email.toLowerCase() === email.toLowerCase());
    if (!user)
      throw new Error(`Team "${t.name}": ${email} is not a HubSpot user, so it cannot be a member of the team`);
    return user.id;
  });
}

async function parentId(client: HubSpotClient, t: TeamInputs): Promise<string | undefined> {
  if (t.parentTeam === undefined) return undefined;
  const parent = await client.findTeam({ name: t.parentTeam });
  if (!parent) throw new Error(`Team "${t.name}": its parent team "${t.parentTeam}" does not exist in HubSpot`);
  return parent.id;
}

/** Sets the name (and the parent the spec names), then adds the missing members and removes the extra ones. */
async function write(client: HubSpotClient, id: string, t: TeamInputs): Promise<LiveTeam> {
  const live = await client.findTeam({ id });
  if (!live) throw new Error(`Team "${t.name}" (id ${id}) no longer exists in HubSpot; refresh to create it again`);
  const parentTeamId = await parentId(client, t);
  const renamed = live.name !== t.name;
  const moved = t.parentTeam !== undefined && live.parentTeamId !== parentTeamId;
  if (renamed || moved)
    // HubSpot's PATCH wants both fields: a parent the blueprint does not name stays the live one.
    await client.updateTeam(id, {
      ...hubspotFields(teamKind, t, "update"),
      parentTeamId: (moved ? parentTeamId : live.parentTeamId) ?? null,
    });
  const wanted = await memberIds(client, t);
  const current = live.userIds ?? [];
  for (const userId of wanted.filter((u) => !current.includes(u))) await client.addTeamMember(id, userId, "DEFAULT");
  for (const userId of current.filter((u) => !wanted.includes(u))) await client.removeTeamMember(id, userId, "DEFAULT");
  return (await client.findTeam({ id })) ?? live;
}

export { settingsFrom } from "./shared/config";
export const {
  check,
  diff,
  create,
  read,
  update,
  delete: del,
} = keyedResource<TeamInputs, LiveTeam, TeamOutputs>({
  kind: teamKind,
  create: async (client, t) =>
    client.createTeam({
      ...hubspotFields(teamKind, t, "create"),
      parentTeamId: await parentId(client, t),
      userIds: await memberIds(client, t),
    }),
  find: (client, id) => client.findTeam({ id }),
  lookup: (client, t) => client.findTeam({ name: t.name }),
  write,
  remove: (client, id) => client.deleteTeam(id),
  idOf: (live) => live.id,
  async asInputs(client, live, t) {
    const [users, teams] = await Promise.all([client.listUsers(), client.listTeams()]);
    const members = (live.userIds ?? [])
      .map((id) => users.find((u) => u.id === id)?.email.toLowerCase() ?? `user ${id}`)
      .sort();
    const parent = teams.find((x) => x.id === live.parentTeamId)?.name;
    const parentTeam =
      parent !== undefined && t.parentTeam !== undefined && sameLabel(parent, t.parentTeam) ? t.parentTeam : parent;
    return {
      ...liveFields(teamKind, live, t),
      key: t.key,
      members,
      ...(t.parentTeam !== undefined ? { parentTeam: parentTeam ?? "" } : {}),
    };
  },
  outputs: async (_client, live, t) => ({ ...t, hubspotId: live.id }),
});
export { del as delete };
