import { describe, expect, it } from "vitest";
import { api, clientSandbox, failure } from "./helpers";

// The demo sales team's users, owners and teams are what these tests work with.
const t = clientSandbox({ demoPeople: true });

describe("users, owners, teams and roles through @hubspot/api-client", () => {
  it("serves the seeded teams and roles", async () => {
    const teams = await t.client.settings.users.teamsApi.getAll();
    expect(teams.results.map((team) => team.name)).toEqual(["Sales EMEA", "Sales North America", "Customer Support"]);
    expect(teams.results[0].userIds.length).toBeGreaterThan(0);
    const roles = await t.client.settings.users.rolesApi.getAll();
    expect(roles.results.map((r) => r.name)).toContain("Sales Rep");
    expect(typeof roles.results[0].requiresBillingWrite).toBe("boolean");
  });

  it("provisions, updates and removes a user; its owner follows", async () => {
    const users = t.client.settings.users.usersApi;
    const [team] = (await t.client.settings.users.teamsApi.getAll()).results;
    const rep = (await t.client.settings.users.rolesApi.getAll()).results.find((r) => r.name === "Sales Rep")!;
    const user = await users.create({
      email: "Nora.Berg@example.com",
      firstName: "Nora",
      lastName: "Berg",
      roleId: rep.id,
      primaryTeamId: team.id,
      sendWelcomeEmail: false,
    });
    expect(user).toMatchObject({
      email: "nora.berg@example.com",
      roleId: rep.id,
      roleIds: [rep.id],
      primaryTeamId: team.id,
    });
    expect((await failure(users.create({ email: "nora.berg@example.com" }))).code).toBe(409);
    expect((await failure(users.create({ email: "x@example.com", roleId: "999" }))).code).toBe(400);
    expect((await users.getById(user.id)).email).toBe("nora.berg@example.com");
    expect((await users.getById("nora.berg@example.com", "EMAIL")).id).toBe(user.id);

    const owners = await t.client.crm.owners.ownersApi.getPage("nora.berg@example.com");
    expect(owners.results).toHaveLength(1);
    const owner = owners.results[0];
    expect(owner).toMatchObject({ firstName: "Nora", userId: Number(user.id), archived: false, type: "PERSON" });
    expect(owner.teams).toEqual([{ id: team.id, name: team.name, primary: true }]);
    expect(owner.createdAt).toBeInstanceOf(Date);

    const manager = (await t.client.settings.users.rolesApi.getAll()).results.find((r) => r.name === "Sales Manager")!;
    const moved = await users.replace(user.id, { roleId: manager.id, primaryTeamId: "103", secondaryTeamIds: ["101"] });
    expect(moved).toMatchObject({ roleId: manager.id, primaryTeamId: "103", secondaryTeamIds: ["101"] });
    expect((await t.client.crm.owners.ownersApi.getById(Number(owner.id))).teams?.map((ofOwner) => ofOwner.id)).toEqual(
      ["103", "101"],
    );
    expect((await t.client.crm.owners.ownersApi.getById(Number(user.id), "userId")).id).toBe(owner.id);

    await users.archive(user.id);
    expect((await failure(users.getById(user.id))).code).toBe(404);
    expect((await failure(t.client.crm.owners.ownersApi.getById(Number(owner.id)))).code).toBe(404);
    const archivedOwner = await t.client.crm.owners.ownersApi.getById(Number(owner.id), "id", true);
    expect(archivedOwner.archived).toBe(true);
  });

  it("answers list and create at both documented users paths", async () => {
    const documented = await api(t.sb, "POST", "/settings/users/v3", {
      email: "alias@example.com",
      sendWelcomeEmail: false,
    });
    expect(documented.status).toBe(201);
    const viaClientPath = await api(t.sb, "GET", "/settings/v3/users/?limit=100");
    const viaDocumentedPath = await api(t.sb, "GET", "/settings/users/v3?limit=100");
    expect(viaClientPath.body.results).toEqual(viaDocumentedPath.body.results);
    expect(viaClientPath.body.results.map((u: { email: string }) => u.email)).toContain("alias@example.com");
  });

  it("pages users and owners with after/limit cursors", async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 20; i++) {
      const page = await t.client.settings.users.usersApi.getPage(2, after);
      seen.push(...page.results.map((u) => u.id));
      after = page.paging?.next?.after;
      if (!after) break;
    }
    const all = (await t.client.settings.users.usersApi.getPage(100)).results.map((u) => u.id);
    expect(seen).toEqual(all);
    expect(all.length).toBeGreaterThan(4);
    const ownersPage = await t.client.crm.owners.ownersApi.getPage(undefined, undefined, 2);
    expect(ownersPage.results).toHaveLength(2);
    expect(ownersPage.paging?.next?.after).toBeTruthy();
  });
});
