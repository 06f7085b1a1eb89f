import * as pulumi from "@pulumi/pulumi";
import { sameLabel, type HubSpotClient, type LiveUser, type UserFields } from "../src/clients/hubspot";
import type { UserSpec } from "../src/plan/crm";
import { keyedResource } from "./shared/keyed";
import { configuredProvider } from "./shared/shim";

/**
 * A HubSpot user (and so an owner records can be assigned to), provisioned with a role and a primary team;
 * natural key: the email. HubSpot's API cannot create roles or teams, so the blueprint's role and team are
 * matched by name against the portal's; what has no match is listed in `unmatched` (the program warns) and
 * is not drift: there is nothing the provider could apply.
 */
export type UserInputs = UserSpec;

export interface UserOutputs extends UserInputs {
  hubspotId: string;
  roleId?: string;
  primaryTeamId?: string;
  unmatched: string[];
}

export const UserProvider = configuredProvider("user");

const provider = new UserProvider();

export class User extends pulumi.dynamic.Resource {
  declare readonly hubspotId: pulumi.Output<string>;
  declare readonly unmatched: pulumi.Output<string[]>;

  constructor(name: string, args: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { ...args, hubspotId: undefined, roleId: undefined, primaryTeamId: undefined, unmatched: undefined },
      opts, "hubspot", "User");
  }
}

interface Access {
  roleId?: string;
  primaryTeamId?: string;
  unmatched: string[];
}

/** The portal's role and team ids for the blueprint's names. */
async function access(client: HubSpotClient, u: UserInputs): Promise<Access> {
  const [roles, teams] = await Promise.all([client.listRoles(), client.listTeams()]);
  const role = u.role === undefined ? undefined : roles.find((r) => sameLabel(r.name, u.role!));
  const team = u.team === undefined ? undefined : teams.find((t) => sameLabel(t.name, u.team!));
  return {
    roleId: role?.id,
    primaryTeamId: team?.id,
    unmatched: [
      ...(u.role !== undefined && !role ? [`role "${u.role}"`] : []),
      ...(u.team !== undefined && !team ? [`team "${u.team}"`] : []),
    ],
  };
}

async function fields(client: HubSpotClient, u: UserInputs): Promise<UserFields> {
  const { roleId, primaryTeamId } = await access(client, u);
  return { firstName: u.firstName, lastName: u.lastName, roleId, primaryTeamId };
}

export { settingsFrom } from "./shared/config";
export const { check, diff, create, read, update, delete: del } = keyedResource<UserInputs, LiveUser, UserOutputs>({
  type: "hubspot:User",
  fields: ["firstName", "lastName", "role", "team"],
  identity: ["email"],
  describe: (u) => `User ${u.email}`,
  create: async (client, u) => client.createUser({ email: u.email, ...(await fields(client, u)) }),
  find: (client, id) => client.findUser({ id }),
  write: async (client, id, u) => client.updateUser(id, await fields(client, u)),
  remove: (client, id) => client.deleteUser(id),
  idOf: (live) => live.id,
  async asInputs(client, live, u) {
    const [roles, teams, wanted] = await Promise.all([client.listRoles(), client.listTeams(), access(client, u)]);
    // A role or team the portal does not have cannot be set: keep the blueprint's name so it is not drift.
    const name = (liveId: string | undefined, all: Array<{ id: string; name: string }>, wantedId: string | undefined, wantedName: string | undefined) => {
      if (!liveId) return wantedId ? undefined : wantedName;
      const live = all.find((x) => x.id === liveId)?.name ?? liveId;
      return wantedName !== undefined && sameLabel(live, wantedName) ? wantedName : live;
    };
    const role = name(live.roleId, roles, wanted.roleId, u.role);
    const team = name(live.primaryTeamId, teams, wanted.primaryTeamId, u.team);
    return {
      key: u.key, email: live.email.toLowerCase(), firstName: live.firstName ?? "", lastName: live.lastName ?? "",
      ...(role !== undefined ? { role } : {}), ...(team !== undefined ? { team } : {}),
    };
  },
  async outputs(client, live, u) {
    const { unmatched } = await access(client, u);
    // Pulumi cannot store undefined values in outputs.
    return { ...u, hubspotId: live.id, ...(live.roleId ? { roleId: live.roleId } : {}), ...(live.primaryTeamId ? { primaryTeamId: live.primaryTeamId } : {}), unmatched };
  },
});
export { del as delete };
