import { describe, expect, it } from "vitest";
import { api, clientSandbox } from "./helpers";

// The demo sales team's users, owners and teams are what these tests work with.
const t = clientSandbox({ demoPeople: true });
const T = "/settings/teams/2026-09-beta";

const newUser = async (email: string): Promise<string> =>
  (await api(t.sb, "POST", "/settings/users/2026-03", { email })).body.id;
const user = async (id: string) => (await api(t.sb, "GET", `/settings/users/2026-03/${id}`)).body;

describe("Teams API (2026-09-beta)", () => {
  it("creates a team with a parent and primary and secondary members; users, owners and both team lists agree", async () => {
    const [a, b] = [await newUser("ana@teams.test"), await newUser("ben@teams.test")];
    const res = await api(t.sb, "POST", T, {
      name: "Inbound SDR",
      parentTeamId: "101",
      members: [
        { userId: a, type: "DEFAULT" },
        { userId: b, type: "EXTRA" },
      ],
    });
    expect(res.status).toBe(201);
    const id = res.body.id;
    expect(res.headers.get("location")).toBe(`${T}/${id}`);
    expect(res.body).toEqual({
      id,
      name: "Inbound SDR",
      parentTeamId: "101",
      members: [
        { userId: a, type: "DEFAULT" },
        { userId: b, type: "EXTRA" },
      ],
    });
    expect((await api(t.sb, "GET", `${T}/${id}`)).body).toEqual(res.body);
    expect(await user(a)).toMatchObject({ primaryTeamId: id, secondaryTeamIds: [] });
    expect(await user(b)).toMatchObject({ secondaryTeamIds: [id] });
    const legacy = (await t.client.settings.users.teamsApi.getAll()).results.find((x) => x.id === id)!;
    expect(legacy).toMatchObject({ name: "Inbound SDR", userIds: [a], secondaryUserIds: [b] });
    const owner = (await t.client.crm.owners.ownersApi.getPage("ana@teams.test")).results[0];
    expect(owner.teams).toEqual([{ id, name: "Inbound SDR", primary: true }]);
  });

  it("refuses a duplicate name (409), an unknown parent, user or member type (400)", async () => {
    expect((await api(t.sb, "POST", T, { name: "sales emea" })).status).toBe(409);
    expect((await api(t.sb, "POST", T, { name: "X", parentTeamId: "999", members: [] })).body).toMatchObject({
      category: "VALIDATION_ERROR",
    });
    expect((await api(t.sb, "POST", T, { name: "X", members: [{ userId: "999", type: "DEFAULT" }] })).status).toBe(400);
    expect((await api(t.sb, "POST", T, { name: "X", members: [{ userId: "1", type: "OWNER" }] })).status).toBe(400);
    expect((await api(t.sb, "POST", T, { members: [] })).status).toBe(400);
    // TeamCreateRequest requires members (an empty list is fine).
    expect((await api(t.sb, "POST", T, { name: "No members field" })).status).toBe(400);
    // HubSpot's member types are DEFAULT and EXTRA; the old PRIMARY/SECONDARY are not among them.
    expect((await api(t.sb, "POST", T, { name: "X", members: [{ userId: "1", type: "PRIMARY" }] })).status).toBe(400);
  });

  it("lists teams and members page by page with limit and after", async () => {
    const first = (await api(t.sb, "GET", `${T}?limit=2`)).body;
    expect(first.results).toEqual([
      { id: "101", name: "Sales EMEA" },
      { id: "102", name: "Sales North America" },
    ]);
    expect(first.paging.next.link).toBe(`${T}?after=${first.paging.next.after}&limit=2`);
    const rest = (await api(t.sb, "GET", `${T}?limit=2&after=${first.paging.next.after}`)).body;
    expect(rest.results[0]).toEqual({ id: "103", name: "Customer Support" });
    const members = (await api(t.sb, "GET", `${T}/102/members?limit=1`)).body;
    expect(members.results).toHaveLength(1);
    expect(members.results[0]).toMatchObject({ type: "DEFAULT" });
    const next = (await api(t.sb, "GET", `${T}/102/members?limit=1&after=${members.paging.next.after}`)).body;
    expect(next.results[0].userId).not.toBe(members.results[0].userId);
  });

  it("renames and re-parents with PATCH (null makes it top-level), refusing a cycle", async () => {
    const parent = (await api(t.sb, "POST", T, { name: "Sales", members: [] })).body.id;
    const child = (await api(t.sb, "POST", T, { name: "Sales West", parentTeamId: parent, members: [] })).body.id;
    expect((await api(t.sb, "PATCH", `${T}/${parent}`, { name: "Sales", parentTeamId: child })).status).toBe(400);
    // TeamUpdateRequest requires name and parentTeamId: a partial body is refused.
    const partial = await api(t.sb, "PATCH", `${T}/${child}`, { name: "Sales Pacific" });
    expect(partial.status).toBe(400);
    expect(partial.body.errors.map((e: { in: string }) => e.in)).toEqual(["parentTeamId"]);
    expect(
      (await api(t.sb, "PATCH", `${T}/${child}`, { name: "Sales Pacific", parentTeamId: parent })).body,
    ).toMatchObject({
      name: "Sales Pacific",
      parentTeamId: parent,
    });
    expect((await api(t.sb, "PATCH", `${T}/${child}`, { name: "Sales Pacific", parentTeamId: null })).body).toEqual({
      id: child,
      name: "Sales Pacific",
      members: [],
    });
    expect((await api(t.sb, "PATCH", `${T}/${child}`, { name: "Sales EMEA", parentTeamId: null })).status).toBe(409);
  });

  it("adds and removes members; a new DEFAULT (main) team replaces the user's old one", async () => {
    const c = await newUser("cy@teams.test");
    const team = (await api(t.sb, "POST", T, { name: "Closers", members: [] })).body.id;
    expect((await api(t.sb, "POST", `${T}/101/members`, { userId: c, type: "DEFAULT" })).status).toBe(201);
    expect((await api(t.sb, "POST", `${T}/${team}/members`, { userId: c, type: "DEFAULT" })).body).toEqual({
      userId: c,
      type: "DEFAULT",
    });
    expect((await user(c)).primaryTeamId).toBe(team);
    expect((await api(t.sb, "DELETE", `${T}/101/members/${c}`)).status).toBe(404);
    expect((await api(t.sb, "DELETE", `${T}/${team}/members/${c}?type=EXTRA`)).status).toBe(404);
    expect((await api(t.sb, "DELETE", `${T}/${team}/members/${c}?type=DEFAULT`)).status).toBe(204);
    expect((await user(c)).primaryTeamId).toBeUndefined();
  });

  it("deletes a team (204): members stay users without it; a parent of other teams is kept", async () => {
    const d = await newUser("dee@teams.test");
    const parent = (await api(t.sb, "POST", T, { name: "Parent", members: [] })).body.id;
    const team = (
      await api(t.sb, "POST", T, {
        name: "Short-lived",
        parentTeamId: parent,
        members: [{ userId: d, type: "DEFAULT" }],
      })
    ).body.id;
    expect((await api(t.sb, "DELETE", `${T}/${parent}`)).status).toBe(400);
    expect((await api(t.sb, "DELETE", `${T}/${team}`)).status).toBe(204);
    expect((await api(t.sb, "GET", `${T}/${team}`)).status).toBe(404);
    expect((await user(d)).primaryTeamId).toBeUndefined();
    expect((await api(t.sb, "DELETE", `${T}/${parent}`)).status).toBe(204);
  });
});
