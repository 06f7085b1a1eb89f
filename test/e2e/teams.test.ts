// Teams created by the blueprint, end to end with the real engine and the sandbox on 127.0.0.1: `pulumi up`
// creates each team with its members, a new label renames it in place, moving an owner moves the membership, a
// hand edit in the portal shows as drift (in words) and is repaired, and removing the team deletes it.
import { readFile, rm, writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import { reviewDigest } from "../../src/review/engine/review";
import type { EngineStack } from "../support/engine";
import { editableBlueprint, sandboxStack } from "../support/portal";
import { api, resetStats, sandbox, stats } from "../providers/helpers";

const T = "/settings/teams/2026-09-beta";

interface LiveTeam {
  id: string;
  name: string;
}

const teams = async (sb: Sandbox): Promise<LiveTeam[]> => (await api(sb, "GET", T)).results;

async function team(sb: Sandbox, name: string): Promise<LiveTeam> {
  const found = (await teams(sb)).find((t) => t.name === name);
  if (!found) throw new Error(`the portal has no team "${name}"`);
  return found;
}

/** The team's primary members by email, sorted. */
async function members(sb: Sandbox, teamId: string): Promise<string[]> {
  const users: Array<{ id: string; email: string }> = (await api(sb, "GET", "/settings/users/2026-03")).results;
  const list: Array<{ userId: string; type: string }> = (await api(sb, "GET", `${T}/${teamId}/members`)).results;
  return list
    .filter((m) => m.type === "DEFAULT")
    .map((m) => users.find((u) => u.id === m.userId)!.email)
    .sort();
}

const userId = async (sb: Sandbox, email: string): Promise<string> =>
  (await api(sb, "GET", `/settings/users/2026-03/${email}?idProperty=EMAIL`)).id;

describe("teams with the real engine", { timeout: 300_000 }, () => {
  let sb: Sandbox;
  let engine: EngineStack;
  let dir: string;
  let blueprint: string;
  const edit = async (from: string, to: string) =>
    writeFile(blueprint, (await readFile(blueprint, "utf8")).replace(from, to));

  beforeAll(async () => {
    sb = await sandbox({ tier: 250 });
    ({ dir, file: blueprint } = await editableBlueprint("teams.yaml"));
    engine = await sandboxStack("teams", sb, blueprint);
  });

  afterAll(async () => {
    await engine?.dispose();
    await sb?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("creates each team with the owners that name it as members, and no manual-step warning for teams", async () => {
    // stack + blueprint component + 4 users + 2 teams
    expect(await engine.up()).toEqual({ create: 8 });
    expect(await members(sb, (await team(sb, "Inbound SDR")).id)).toEqual(["james@acme.test", "maria@acme.test"]);
    expect(await members(sb, (await team(sb, "Enterprise AE")).id)).toEqual(["david@acme.test", "olivia@acme.test"]);
    const { digest } = await engine.previewJson({ refresh: true });
    expect(JSON.stringify(digest.diagnostics ?? [])).not.toMatch(/cannot create .*teams|team "/i);
    await resetStats(sb);
    expect(await engine.up()).toEqual({});
    expect((await stats(sb)).writes).toBe(0);
  });

  it("renames a team in place (same HubSpot id) and moves an owner between teams with the fewest writes", async () => {
    const sdr = await team(sb, "Inbound SDR");
    await edit("label: Inbound SDR", "label: Inbound Sales Development");
    await edit(
      "{ email: james@acme.test, firstName: James, lastName: Wilson, team: sdr }",
      "{ email: james@acme.test, firstName: James, lastName: Wilson, team: ae }",
    );
    const { digest } = await engine.previewJson();
    const words = reviewDigest(digest, { title: "preview", mode: "preview" }).changes.map((c) => c.message);
    expect(words).toEqual(
      expect.arrayContaining([
        "Team 'Inbound SDR' (sdr) renamed to 'Inbound Sales Development'",
        "Team 'Inbound SDR' (sdr) member james@acme.test removed from the team (the user stays)",
        "Team 'Enterprise AE' (ae) member james@acme.test added",
      ]),
    );
    await resetStats(sb);
    expect(await engine.up()).toEqual({ update: 2 });
    const renamed = await team(sb, "Inbound Sales Development");
    expect(renamed.id).toBe(sdr.id);
    expect(await members(sb, renamed.id)).toEqual(["maria@acme.test"]);
    expect(await members(sb, (await team(sb, "Enterprise AE")).id)).toEqual([
      "david@acme.test",
      "james@acme.test",
      "olivia@acme.test",
    ]);
    // One rename, one member added (a user has one primary team, so that also takes him out of the other team).
    expect((await stats(sb)).writes).toBeLessThanOrEqual(3);
  });

  it("shows a hand edit in the portal as drift in words, and up --refresh puts the blueprint back", async () => {
    const ae = await team(sb, "Enterprise AE");
    await api(sb, "PATCH", `${T}/${ae.id}`, { name: "AE (renamed by hand)", parentTeamId: null });
    await api(sb, "POST", `${T}/${ae.id}/members`, { userId: await userId(sb, "maria@acme.test"), type: "DEFAULT" });
    const { digest } = await engine.previewJson({ refresh: true });
    const words = reviewDigest(digest, { title: "drift", mode: "drift" }).changes.map((c) => c.message);
    expect(words).toEqual(
      expect.arrayContaining([
        "Team 'AE (renamed by hand)' (ae) renamed to 'Enterprise AE'",
        "Team 'AE (renamed by hand)' (ae) member maria@acme.test removed from the team (the user stays)",
        "Team 'Inbound Sales Development' (sdr) member maria@acme.test added",
      ]),
    );
    await engine.up({ refresh: true });
    expect((await team(sb, "Enterprise AE")).id).toBe(ae.id);
    expect(await members(sb, ae.id)).toEqual(["david@acme.test", "james@acme.test", "olivia@acme.test"]);
    expect(await members(sb, (await team(sb, "Inbound Sales Development")).id)).toEqual(["maria@acme.test"]);
    expect(await engine.preview({ refresh: true })).toEqual({});
  });

  it("deletes a team the blueprint no longer has; its members stay users", async () => {
    const sdr = await team(sb, "Inbound Sales Development");
    const text = await readFile(blueprint, "utf8");
    await writeFile(
      blueprint,
      text
        .replace(/  sdr:\n    label: Inbound Sales Development\n    manager: maria@acme.test\n/, "")
        .replace("lastName: Garcia, team: sdr }", "lastName: Garcia }"),
    );
    expect(await engine.up()).toEqual({ delete: 1 });
    expect((await teams(sb)).map((t) => t.id)).not.toContain(sdr.id);
    expect(
      (await api(sb, "GET", `/settings/users/2026-03/${await userId(sb, "maria@acme.test")}`)).primaryTeamId,
    ).toBeUndefined();
  });
});
