import { conflict, invalid, notFound } from "../errors";
import type { Team, User } from "../model";
import { pageById } from "../paging";
import { created, noContent, ok, type Context, type Route } from "../router";
import { limitParam, optionalString, requireArray, requireObject, requireString, sameLabel } from "../validate";
import { BETA_VERSION } from "../versions";

/**
 * The Teams API (beta of 2026-09): teams with a name and an optional parent team, and their members. Membership is
 * kept where the users API shows it, on each user (one primary team, any number of secondary ones), so the users,
 * owners and teams answers always agree.
 */
const base = `/settings/teams/${BETA_VERSION}`;
/** HubSpot's member types: `DEFAULT` is the user's main team, `EXTRA` an additional one (hubspot-api.md §11). */
const memberTypes = ["DEFAULT", "EXTRA"] as const;
type MemberType = (typeof memberTypes)[number];

const byId = (a: { id: string }, b: { id: string }) => Number(a.id) - Number(b.id);
const summary = (team: Team) => ({
  id: team.id,
  name: team.name,
  ...(team.parentTeamId ? { parentTeamId: team.parentTeamId } : {}),
});

function memberType(user: User, teamId: string): MemberType | undefined {
  if (user.primaryTeamId === teamId) return "DEFAULT";
  return user.secondaryTeamIds.includes(teamId) ? "EXTRA" : undefined;
}

function members(ctx: Context, teamId: string): Array<{ id: string; userId: string; type: MemberType }> {
  return Object.values(ctx.store.state.users)
    .sort(byId)
    .flatMap((u) => {
      const type = memberType(u, teamId);
      return type ? [{ id: u.id, userId: u.id, type }] : [];
    });
}

const present = (ctx: Context, team: Team) => ({
  ...summary(team),
  members: members(ctx, team.id).map(({ userId, type }) => ({ userId, type })),
});

function findTeam(ctx: Context): Team {
  const team = ctx.store.state.teams[ctx.params.teamId];
  if (!team) throw notFound(`Team ${ctx.params.teamId} does not exist`);
  return team;
}

function assertUniqueName(ctx: Context, name: string, self?: string): void {
  if (Object.values(ctx.store.state.teams).some((t) => t.id !== self && sameLabel(t.name, name))) {
    throw conflict(`A team named ${name} already exists in this account`);
  }
}

/** The parent must exist and must not be the team itself or one of its descendants. */
function checkParent(ctx: Context, parentTeamId: string | undefined, self?: string): void {
  if (parentTeamId === undefined) return;
  const teams = ctx.store.state.teams;
  if (!teams[parentTeamId])
    throw invalid(`Team ${parentTeamId} does not exist`, [{ message: "unknown team", in: "parentTeamId" }]);
  for (
    let at: string | undefined = parentTeamId, hops = 0;
    at && hops <= Object.keys(teams).length;
    at = teams[at]?.parentTeamId, hops++
  ) {
    if (at === self)
      throw invalid("Invalid input: a team cannot be its own ancestor", [{ message: "cycle", in: "parentTeamId" }]);
  }
}

function readMember(ctx: Context, raw: unknown, field: string): { user: User; type: MemberType } {
  const input = requireObject(raw, field);
  const userId = requireString(String(input.userId ?? ""), `${field}.userId`);
  const user = ctx.store.state.users[userId];
  if (!user) throw invalid(`User ${userId} does not exist`, [{ message: "unknown user", in: `${field}.userId` }]);
  const type = input.type === undefined ? "DEFAULT" : input.type;
  if (!memberTypes.includes(type)) {
    throw invalid(`Invalid input: ${field}.type must be one of ${memberTypes.join(", ")}`, [
      { message: "invalid type", in: `${field}.type` },
    ]);
  }
  return { user, type };
}

/** A user has one main (DEFAULT) team: becoming a DEFAULT member moves them; the team is never both of a user's kinds. */
function join(ctx: Context, user: User, teamId: string, type: MemberType): void {
  user.secondaryTeamIds = user.secondaryTeamIds.filter((t) => t !== teamId);
  if (type === "DEFAULT") user.primaryTeamId = teamId;
  else {
    if (user.primaryTeamId === teamId) delete user.primaryTeamId;
    user.secondaryTeamIds.push(teamId);
  }
  user.updatedAt = ctx.now;
}

function leave(ctx: Context, user: User, teamId: string): void {
  if (user.primaryTeamId === teamId) delete user.primaryTeamId;
  user.secondaryTeamIds = user.secondaryTeamIds.filter((t) => t !== teamId);
  user.updatedAt = ctx.now;
}

function create(ctx: Context) {
  const body = requireObject(ctx.body);
  const name = requireString(body.name, "name");
  const parentTeamId = optionalString(body.parentTeamId, "parentTeamId");
  assertUniqueName(ctx, name);
  checkParent(ctx, parentTeamId);
  // `TeamCreateRequest` requires `members` (it may be empty).
  const inputs = requireArray(body.members, "members").map((m, i) => readMember(ctx, m, `members[${i}]`));
  if (new Set(inputs.map((m) => m.user.id)).size !== inputs.length) {
    throw invalid("Invalid input: a user is listed more than once in members", [
      { message: "duplicate member", in: "members" },
    ]);
  }
  const id = ctx.store.nextId("team", 1001);
  const team: Team = { id, name, ...(parentTeamId ? { parentTeamId } : {}) };
  ctx.store.state.teams[id] = team;
  for (const m of inputs) join(ctx, m.user, id, m.type);
  ctx.store.changed();
  return created(present(ctx, team), `${base}/${id}`);
}

/**
 * PATCH sets the name and the parent; `TeamUpdateRequest` requires both (hubspot-api.md §11), so a partial body is
 * refused; `parentTeamId: null` makes the team top-level.
 */
function update(ctx: Context) {
  const team = findTeam(ctx);
  const body = requireObject(ctx.body);
  const missing = ["name", "parentTeamId"].filter((field) => !(field in body));
  if (missing.length > 0)
    throw invalid(
      `Invalid input JSON: ${missing.join(" and ")} required`,
      missing.map((field) => ({ message: `${field} is required`, code: "REQUIRED_FIELD", in: field })),
    );
  const name = requireString(body.name, "name");
  assertUniqueName(ctx, name, team.id);
  const parentTeamId = optionalString(body.parentTeamId ?? undefined, "parentTeamId");
  checkParent(ctx, parentTeamId, team.id);
  team.name = name;
  if (parentTeamId) team.parentTeamId = parentTeamId;
  else delete team.parentTeamId;
  ctx.store.changed();
  return ok(present(ctx, team));
}

/** A team with child teams is kept (they would lose their place); its members stay users, without the team. */
function remove(ctx: Context) {
  const team = findTeam(ctx);
  const children = Object.values(ctx.store.state.teams).filter((t) => t.parentTeamId === team.id);
  if (children.length > 0) {
    throw invalid(
      `Team ${team.name} is the parent of ${children.map((t) => t.name).join(", ")}: move or delete those teams first`,
    );
  }
  for (const user of Object.values(ctx.store.state.users)) if (memberType(user, team.id)) leave(ctx, user, team.id);
  delete ctx.store.state.teams[team.id];
  ctx.store.changed();
  return noContent();
}

function addMember(ctx: Context) {
  const team = findTeam(ctx);
  const { user, type } = readMember(ctx, ctx.body, "member");
  join(ctx, user, team.id, type);
  ctx.store.changed();
  return created({ userId: user.id, type });
}

function removeMember(ctx: Context) {
  const team = findTeam(ctx);
  const user = ctx.store.state.users[ctx.params.userId];
  const type = user && memberType(user, team.id);
  const wanted = ctx.query.get("type");
  if (!type || (wanted !== null && wanted !== type))
    throw notFound(`User ${ctx.params.userId} is not a member of team ${team.id}`);
  leave(ctx, user, team.id);
  ctx.store.changed();
  return noContent();
}

export const teamRoutes: Route[] = [
  {
    method: "GET",
    path: base,
    handler: (ctx) =>
      ok(
        pageById(
          Object.values(ctx.store.state.teams).sort(byId).map(summary),
          ctx.query.get("after"),
          limitParam(ctx.query, 100, 100),
          base,
        ),
      ),
  },
  { method: "POST", path: base, handler: create },
  { method: "GET", path: `${base}/{teamId}`, handler: (ctx) => ok(present(ctx, findTeam(ctx))) },
  { method: "PATCH", path: `${base}/{teamId}`, handler: update },
  { method: "DELETE", path: `${base}/{teamId}`, handler: remove },
  {
    method: "GET",
    path: `${base}/{teamId}/members`,
    handler: (ctx) => {
      const team = findTeam(ctx);
      const page = pageById(
        members(ctx, team.id),
        ctx.query.get("after"),
        limitParam(ctx.query, 100, 100),
        `${base}/${team.id}/members`,
      );
      return ok({ ...page, results: page.results.map(({ userId, type }) => ({ userId, type })) });
    },
  },
  { method: "POST", path: `${base}/{teamId}/members`, handler: addMember },
  { method: "DELETE", path: `${base}/{teamId}/members/{userId}`, handler: removeMember },
];
