import { notFound } from "../errors";
import type { Owner } from "../model";
import { pageById } from "../paging";
import { ok, type Context, type Route } from "../router";
import { limitParam } from "../validate";

/** Owners are read-only and derived from users: one per user, archived when the user is removed. */
function present(ctx: Context, owner: Owner) {
  const user = Object.values(ctx.store.state.users).find((u) => u.ownerId === owner.id);
  const teams = user
    ? [user.primaryTeamId, ...user.secondaryTeamIds]
        .filter((id): id is string => !!id && !!ctx.store.state.teams[id])
        .map((id) => ({ id, name: ctx.store.state.teams[id].name, primary: id === user.primaryTeamId }))
    : [];
  return {
    id: owner.id,
    email: owner.email,
    type: "PERSON",
    firstName: owner.firstName,
    lastName: owner.lastName,
    ...(owner.archived ? {} : { userId: owner.userId }),
    userIdIncludingInactive: owner.userId,
    createdAt: owner.createdAt,
    updatedAt: owner.updatedAt,
    archived: owner.archived,
    teams,
  };
}

function list(ctx: Context) {
  const archived = ctx.query.get("archived") === "true";
  const email = ctx.query.get("email")?.toLowerCase();
  const owners = Object.values(ctx.store.state.owners)
    .filter((o) => o.archived === archived && (!email || o.email.toLowerCase() === email))
    .map((o) => present(ctx, o));
  return ok(pageById(owners, ctx.query.get("after"), limitParam(ctx.query, 100, 500), "/crm/v3/owners/"));
}

function get(ctx: Context) {
  const archived = ctx.query.get("archived") === "true";
  const byUserId = ctx.query.get("idProperty") === "userId";
  const key = ctx.params.ownerId;
  const owner = Object.values(ctx.store.state.owners).find((o) => (byUserId ? String(o.userId) === key : o.id === key));
  if (!owner || owner.archived !== archived) throw notFound(`Owner ${key} does not exist`);
  return ok(present(ctx, owner));
}

export const ownerRoutes: Route[] = [
  { method: "GET", path: "/crm/v3/owners", handler: list },
  { method: "GET", path: "/crm/v3/owners/{ownerId}", handler: get },
];
