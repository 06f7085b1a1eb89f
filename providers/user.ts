/**
 * A HubSpot user (and so an owner records can be assigned to), provisioned with a role; natural key: the email.
 * HubSpot's API cannot create roles, so the blueprint's role is matched by name against the portal's; a role with
 * no match is listed in `unmatched` (the program warns) and is not drift: there is nothing the provider could
 * apply. Its fields are the kind's (src/kinds/user.ts); the role is resolved here. The user's team is not set here: the `Team` resource owns its members.
 */
import { sameLabel, type HubSpotClient, type LiveUser, type UserFields } from "../src/clients/hubspot";
import { guardedClient, type Settings } from "./shared/config";
import { keyedResource } from "./shared/keyed";
import { countOwned, ownerOfUser, ownerRemovalRefused, reassignOwned, totalOwned } from "./shared/owner-records";
import type { CreateResult, ReadResult, UpdateResult } from "./shared/shim";
import { hubspotFields, liveFields } from "../src/kinds/kind";
import { userKind } from "../src/kinds/user";
import type { UserInputs, UserOutputs } from "../src/kinds/user";
export type { UserInputs, UserOutputs } from "../src/kinds/user";

interface Access {
  roleId?: string;
  unmatched: string[];
}

/** The portal's role id for the blueprint's name. */
async function access(client: HubSpotClient, u: UserInputs): Promise<Access> {
  const roles = await client.listRoles();
  const role = u.role === undefined ? undefined : roles.find((r) => sameLabel(r.name, u.role!));
  return { roleId: role?.id, unmatched: u.role !== undefined && !role ? [`role "${u.role}"`] : [] };
}

/** What a create or an update writes: the kind's fields, and the role as the portal's id for its name. */
async function fields(client: HubSpotClient, u: UserInputs): Promise<UserFields> {
  const { roleId } = await access(client, u);
  return { ...hubspotFields(userKind, u, "update"), roleId };
}

export { settingsFrom } from "./shared/config";
const keyed = keyedResource<UserInputs, LiveUser, UserOutputs>({
  kind: userKind,
  create: async (client, u) => client.createUser({ email: u.email, ...(await fields(client, u)) }),
  find: (client, id) => client.findUser({ id }),
  lookup: (client, u) => client.findUser({ email: u.email }),
  write: async (client, id, u) => client.updateUser(id, await fields(client, u)),
  remove: removeUser,
  idOf: (live) => live.id,
  async asInputs(client, live, u) {
    const [roles, wanted] = await Promise.all([client.listRoles(), access(client, u)]);
    // A role the portal does not have cannot be set: keep the blueprint's name so it is not drift.
    const name = (
      liveId: string | undefined,
      all: Array<{ id: string; name: string }>,
      wantedId: string | undefined,
      wantedName: string | undefined,
    ) => {
      if (!liveId) return wantedId ? undefined : wantedName;
      const liveName = all.find((x) => x.id === liveId)?.name ?? liveId;
      return wantedName !== undefined && sameLabel(liveName, wantedName) ? wantedName : liveName;
    };
    const role = name(live.roleId, roles, wanted.roleId, u.role);
    return {
      ...liveFields(userKind, live, u),
      key: u.key,
      email: live.email.toLowerCase(),
      ...(role !== undefined ? { role } : {}),
    };
  },
  async outputs(client, live, u) {
    const { unmatched } = await access(client, u);
    // Pulumi cannot store undefined values in outputs.
    return { ...u, hubspotId: live.id, ...(live.roleId ? { roleId: live.roleId } : {}), unmatched };
  },
});

// An adopted owner is released (keyed.delete asks first): only a user this stack created reaches removeUser.
export const { check, diff, delete: del } = keyed;

export function create(settings: Settings | undefined, inputs: UserInputs): Promise<CreateResult<UserOutputs>> {
  return inputs.retired ? retire(settings, undefined, inputs) : keyed.create(settings, inputs);
}

/** A retired owner has nothing left to read: the user is gone, and their records went where the blueprint said. */
export function read(
  settings: Settings | undefined,
  id: string,
  props: UserOutputs,
): Promise<ReadResult<UserInputs, UserOutputs>> {
  return props.retired ? Promise.resolve({ id, props, inputs: props }) : keyed.read(settings, id, props);
}

export function update(
  settings: Settings | undefined,
  id: string,
  olds: UserOutputs,
  news: UserInputs,
): Promise<UpdateResult<UserOutputs>> {
  return news.retired ? retire(settings, id, news) : keyed.update(settings, id, olds, news);
}

/**
 * Removing an owner who still owns records would leave them on an owner who no longer exists (HubSpot then refuses
 * every later edit of those records): refused, with the counts, unless the blueprint retires the owner with a
 * `reassignTo` (then `update` moved the records first). The program stops an `up` on this before any write
 * (program/owner-removals.ts); this is the last line, for `destroy` and runs that skip the program.
 */
async function removeUser(client: HubSpotClient, id: string, props: UserOutputs): Promise<void> {
  if (!props.retired) {
    const owner = await ownerOfUser(client, { id, email: props.email });
    const counts = owner ? await countOwned(client, owner.id) : {};
    if (totalOwned(counts) > 0) throw new Error(ownerRemovalRefused(props.email, counts));
  }
  await client.deleteUser(id);
}
export { del as delete };

/** Moves a retired owner's records to the blueprint's `reassignTo` owners, then removes the user. */
async function retire(
  settings: Settings | undefined,
  id: string | undefined,
  spec: UserInputs,
): Promise<{ id: string; outs: UserOutputs }> {
  const client = await guardedClient(settings);
  const user =
    (await client.findUser(id !== undefined ? { id } : { email: spec.email }, true)) ??
    (await client.findUser({ email: spec.email }));
  const done = (reassigned: number): { id: string; outs: UserOutputs } => ({
    id: id ?? user?.id ?? `retired:${spec.email}`,
    outs: { ...spec, hubspotId: user?.id ?? id ?? "", unmatched: [], reassigned },
  });
  if (!user) return done(0);
  const owner = await ownerOfUser(client, user);
  if (owner) {
    const owners = await client.listOwners();
    const to = spec.retired!.reassignTo.map((email) => {
      const match = owners.find((o) => o.email.toLowerCase() === email && o.id !== owner.id);
      if (!match)
        throw new Error(
          `${spec.email}'s records should go to ${email}, who is not an owner in HubSpot: apply the owner first or name another. Nothing was changed.`,
        );
      return match.id;
    });
    if (to.length === 0)
      throw new Error(
        `${spec.email}'s records have nobody to go to (the team has no members who are not away). Nothing was changed.`,
      );
    const counts = await countOwned(client, owner.id);
    const moved = await reassignOwned(client, owner.id, to, counts);
    await client.deleteUser(user.id);
    return done(moved);
  }
  await client.deleteUser(user.id);
  return done(0);
}
