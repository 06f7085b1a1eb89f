import { conflict, invalid, notFound } from "../errors";
import type { Owner, User } from "../model";
import { pageById } from "../paging";
import { created, noContent, ok, type Context, type Route } from "../router";
import type { Store } from "../store";
import { limitParam, optionalString, requireArray, requireObject, requireString } from "../validate";

/**
 * Settings users v3 (and, through ../versions, 2026-03 and 2026-09-beta). HubSpot documents list/create at
 * `/settings/users/v3` and its client uses `/settings/v3/users`; everything else is only at `/settings/v3/users`.
 */
const bases = ["/settings/users/v3", "/settings/v3/users"];
const base = "/settings/v3/users";

export function presentUser(user: User) {
  const { ownerId: _ownerId, createdAt: _c, updatedAt: _u, ...rest } = user;
  return { ...rest, roleIds: user.roleId ? [user.roleId] : [] };
}

function findUser(ctx: Context): User {
  const key = ctx.params.userId;
  const byEmail = (ctx.query.get("idProperty") ?? "USER_ID").toUpperCase() === "EMAIL";
  const user = byEmail
    ? Object.values(ctx.store.state.users).find((u) => u.email.toLowerCase() === key.toLowerCase())
    : ctx.store.state.users[key];
  if (!user) throw notFound(`User ${key} does not exist`);
  return user;
}

function checkRoleAndTeams(
  store: Store,
  input: Record<string, any>,
): Pick<User, "roleId" | "primaryTeamId" | "secondaryTeamIds"> {
  const roleId = optionalString(input.roleId, "roleId");
  if (roleId && !store.state.roles[roleId])
    throw invalid(`Role ${roleId} does not exist`, [{ message: "unknown role", in: "roleId" }]);
  const primaryTeamId = optionalString(input.primaryTeamId, "primaryTeamId");
  const secondaryTeamIds =
    input.secondaryTeamIds === undefined ? [] : requireArray(input.secondaryTeamIds, "secondaryTeamIds").map(String);
  for (const teamId of [primaryTeamId, ...secondaryTeamIds]) {
    if (teamId && !store.state.teams[teamId])
      throw invalid(`Team ${teamId} does not exist`, [{ message: "unknown team", in: "teamId" }]);
  }
  return { ...(roleId ? { roleId } : {}), ...(primaryTeamId ? { primaryTeamId } : {}), secondaryTeamIds };
}

/** Provisioning a user also creates the owner records are assigned to (`hubspot_owner_id`). */
function provision(ctx: Context) {
  const input = requireObject(ctx.body);
  const email = requireString(input.email, "email").toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
    throw invalid(`Invalid input: ${email} is not an email address`, [{ message: "invalid email", in: "email" }]);
  const { users, owners } = ctx.store.state;
  if (Object.values(users).some((u) => u.email === email))
    throw conflict(`A user with email ${email} already exists in this account`);
  const access = checkRoleAndTeams(ctx.store, input);
  const id = ctx.store.nextId("user", 1001);
  const ownerId = ctx.store.nextId("owner", 5001);
  const firstName = optionalString(input.firstName, "firstName");
  const lastName = optionalString(input.lastName, "lastName");
  const user: User = {
    id,
    email,
    ...(firstName ? { firstName } : {}),
    ...(lastName ? { lastName } : {}),
    ...access,
    superAdmin: false,
    sendWelcomeEmail: input.sendWelcomeEmail === true,
    ownerId,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  users[id] = user;
  owners[ownerId] = {
    id: ownerId,
    email,
    firstName: firstName ?? "",
    lastName: lastName ?? "",
    userId: Number(id),
    createdAt: ctx.now,
    updatedAt: ctx.now,
    archived: false,
  } satisfies Owner;
  ctx.store.changed();
  return created(presentUser(user), `/settings/v3/users/${id}`);
}

function update(ctx: Context) {
  const user = findUser(ctx);
  const input = requireObject(ctx.body);
  const access = checkRoleAndTeams(ctx.store, {
    ...user,
    ...input,
    secondaryTeamIds: input.secondaryTeamIds ?? user.secondaryTeamIds,
  });
  const firstName = input.firstName === undefined ? user.firstName : optionalString(input.firstName, "firstName");
  const lastName = input.lastName === undefined ? user.lastName : optionalString(input.lastName, "lastName");
  Object.assign(user, access, { firstName, lastName, updatedAt: ctx.now });
  const owner = ctx.store.state.owners[user.ownerId];
  if (owner) Object.assign(owner, { firstName: firstName ?? "", lastName: lastName ?? "", updatedAt: ctx.now });
  ctx.store.changed();
  return ok(presentUser(user));
}

/** Removing a user archives its owner: records keep pointing at an owner that `?archived=true` still finds. */
function remove(ctx: Context) {
  const user = findUser(ctx);
  delete ctx.store.state.users[user.id];
  const owner = ctx.store.state.owners[user.ownerId];
  if (owner) Object.assign(owner, { archived: true, updatedAt: ctx.now });
  ctx.store.changed();
  return noContent();
}

function teams(ctx: Context) {
  const users = Object.values(ctx.store.state.users);
  return ok({
    results: Object.values(ctx.store.state.teams).map((team) => ({
      ...team,
      userIds: users.filter((u) => u.primaryTeamId === team.id).map((u) => u.id),
      secondaryUserIds: users.filter((u) => u.secondaryTeamIds.includes(team.id)).map((u) => u.id),
    })),
  });
}

const list = (ctx: Context) =>
  ok(
    pageById(
      Object.values(ctx.store.state.users).map(presentUser),
      ctx.query.get("after"),
      limitParam(ctx.query, 100, 100),
      "/settings/v3/users/",
    ),
  );

export const userRoutes: Route[] = [
  ...bases.flatMap((path): Route[] => [
    { method: "GET", path, handler: list },
    { method: "POST", path, handler: provision },
  ]),
  { method: "GET", path: `${base}/roles`, handler: (ctx) => ok({ results: Object.values(ctx.store.state.roles) }) },
  { method: "GET", path: `${base}/teams`, handler: teams },
  { method: "GET", path: `${base}/{userId}`, handler: (ctx) => ok(presentUser(findUser(ctx))) },
  { method: "PUT", path: `${base}/{userId}`, handler: update },
  { method: "DELETE", path: `${base}/{userId}`, handler: remove },
];
