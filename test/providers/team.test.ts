import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import * as team from "../../providers/team";
import type { TeamInputs, TeamOutputs } from "../../providers/team";
import { api, newProcess, resetStats, sandbox, settings, stats } from "./helpers";

const T = "/settings/teams/2026-09-beta";
let sb: Sandbox;
let n = 0;
beforeAll(async () => (sb = await sandbox()));
afterAll(() => sb.stop());
beforeEach(newProcess);

async function users(count: number): Promise<string[]> {
  const emails: string[] = [];
  for (let i = 0; i < count; i++) {
    const email = `member${++n}@acme.test`;
    await api(sb, "POST", "/settings/users/2026-03", { email });
    emails.push(email);
  }
  return emails.sort();
}

const userId = async (email: string): Promise<string> =>
  (await api(sb, "GET", `/settings/users/2026-03/${email}?idProperty=EMAIL`)).id;

const liveMembers = async (teamId: string) => (await api(sb, "GET", `${T}/${teamId}/members`)).results;

describe("Team provider", () => {
  it("creates a team with its primary members in one call, and reads it back without drift", async () => {
    const members = await users(2);
    const t: TeamInputs = { key: "sdr", name: `Inbound SDR ${n}`, members };
    await resetStats(sb);
    const { id, outs } = await team.create(settings(sb), t);
    expect((await stats(sb)).byRoute[`POST ${T}`]).toBe(1);
    expect(await api(sb, "GET", `${T}/${id}`)).toMatchObject({ id, name: t.name });
    expect(await liveMembers(id)).toEqual(
      await Promise.all(members.map(async (e) => ({ userId: await userId(e), type: "DEFAULT" }))),
    );
    newProcess();
    const read = await team.read(settings(sb), id, outs as TeamOutputs);
    expect(read.inputs).toEqual(t);
    expect(await team.diff(id, read.props as TeamOutputs, t)).toEqual({ changes: false });
  });

  it("renames in place (same id), moves members in and out, and leaves the users", async () => {
    const [a, b, c] = await users(3);
    const t: TeamInputs = { key: "ae", name: `Enterprise ${n}`, members: [a, b] };
    const { id, outs } = await team.create(settings(sb), t);
    const next: TeamInputs = { ...t, name: `Enterprise AE ${n}`, members: [b, c].sort() };
    expect(await team.diff(id, outs as TeamOutputs, next)).toEqual({ changes: true });
    newProcess();
    await team.update(settings(sb), id, outs as TeamOutputs, next);
    expect((await api(sb, "GET", `${T}/${id}`)).name).toBe(next.name);
    expect((await liveMembers(id)).map((m: { userId: string }) => m.userId).sort()).toEqual(
      [await userId(b), await userId(c)].sort(),
    );
    expect((await api(sb, "GET", `/settings/users/2026-03/${await userId(a)}`)).primaryTeamId).toBeUndefined();
  });

  it("sees a member added and a rename made by hand as drift, and puts the blueprint back", async () => {
    const [a, b] = await users(2);
    const t: TeamInputs = { key: "cs", name: `Customer Success ${n}`, members: [a] };
    const { id, outs } = await team.create(settings(sb), t);
    await api(sb, "POST", `${T}/${id}/members`, { userId: await userId(b), type: "DEFAULT" });
    await api(sb, "PATCH", `${T}/${id}`, { name: "Renamed by hand", parentTeamId: null });
    newProcess();
    const drifted = await team.read(settings(sb), id, outs as TeamOutputs);
    expect(drifted.inputs).toMatchObject({ name: "Renamed by hand", members: [a, b].sort() });
    expect(await team.diff(id, drifted.props as TeamOutputs, t)).toEqual({ changes: true });
    newProcess();
    await team.update(settings(sb), id, drifted.props as TeamOutputs, t);
    newProcess();
    expect((await team.read(settings(sb), id, outs as TeamOutputs)).inputs).toEqual(t);
  });

  it("refuses a team of the same name it did not create, unless adopting; adoption writes nothing when it matches", async () => {
    const [a] = await users(1);
    const name = `Existing ${n}`;
    await api(sb, "POST", T, { name, members: [{ userId: await userId(a), type: "DEFAULT" }] });
    const t: TeamInputs = { key: "x", name, members: [a] };
    await expect(team.create(settings(sb), t)).rejects.toThrow(/already exists in HubSpot .* revstack:adopt/);
    newProcess();
    await resetStats(sb);
    await team.create(settings(sb, { "revstack:adopt": "true" }), t);
    expect((await stats(sb)).writes).toBe(0);
  });

  it("says which owner is not a user yet, and deletes the team (its members stay users); a read then answers {}", async () => {
    const [a] = await users(1);
    await expect(
      team.create(settings(sb), { key: "y", name: `Y ${n}`, members: [a, "ghost@acme.test"] }),
    ).rejects.toThrow(/ghost@acme.test is not a HubSpot user/);
    const t: TeamInputs = { key: "z", name: `Z ${n}`, members: [a] };
    const { id, outs } = await team.create(settings(sb), t);
    await team.delete(settings(sb), id, outs as TeamOutputs);
    expect(await userId(a)).toBeTruthy();
    expect((await api(sb, "GET", `/settings/users/2026-03/${await userId(a)}`)).primaryTeamId).toBeUndefined();
    newProcess();
    expect(await team.read(settings(sb), id, outs as TeamOutputs)).toEqual({});
  });
});
