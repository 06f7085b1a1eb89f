/** Seeding writes records only: the CRM objects are `pulumi up`'s, so an unapplied portal stops before any write. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBlueprint } from "../../src/blueprint";
import type { Blueprint } from "../../src/blueprint/model";
import type { Sandbox } from "../../src/sandbox";
import { seedPortal } from "../../src/seed";
import { resetStats, sandbox, stats, TOKEN } from "../providers/helpers";
import { applyCrm } from "../support/apply-crm";

const opts = { seed: 5, deals: 20, contacts: 30, asOf: Date.UTC(2026, 10, 1), historyDays: 60 };
let sb: Sandbox;
let blueprint: Blueprint;

beforeAll(async () => {
  sb = await sandbox();
  blueprint = (await loadBlueprint(`${__dirname}/../../blueprints/base.yaml`)).blueprint!;
});
afterAll(() => sb?.stop());

describe("seeding a portal", () => {
  it("stops before any write on a portal the blueprint was not applied to, saying what it lacks", async () => {
    await resetStats(sb);
    await expect(seedPortal({ baseUrl: sb.url, token: TOKEN }, blueprint, opts)).rejects.toThrow(
      /not ready for seeded records: pipeline new-business \("New Business"\) is not in the portal.*Apply the blueprint first \(pulumi up\)/,
    );
    expect((await stats(sb)).writes).toBe(0);
  });

  it("writes only records once the blueprint is applied", async () => {
    await applyCrm({ baseUrl: sb.url, token: TOKEN }, blueprint);
    await resetStats(sb);
    const result = await seedPortal({ baseUrl: sb.url, token: TOKEN }, blueprint, opts);
    expect(result).toMatchObject({ contacts: 30, deals: 20, alreadySeeded: false });
    const written = Object.entries((await stats(sb)).byRoute).filter(([route]) => !route.startsWith("GET"));
    expect(
      written.every(([route]) => /batch\/create|search/.test(route)),
      JSON.stringify(written),
    ).toBe(true);
  });
});
