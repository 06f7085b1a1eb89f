// One truth, three uses: the same leads routed by the applied routing workflow in a real n8n, replayed offline
// (revstack plan's replay) and checked as routing test cases (revstack test) agree, lead by lead, with the
// owners worked out by hand.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { register as routingTest } from "../../src/cli/commands/test";
import { findN8nInstall } from "../../src/runtime/n8n-install";
import type { Lead } from "../../src/routing/leads";
import { replay } from "../../src/routing/replay";
import { Router } from "../../src/routing/runtime";
import { startHarness, type Harness } from "../support/n8n-harness";
import { runCommands } from "../review/cli";
import { SMALL, smallBlueprint, writeProject } from "./fixtures";

const install = findN8nInstall();
const skip = !install.complete && !process.env.CI;
if (skip) console.warn(`routing agreement test skipped: n8n ${install.version} not installed; run npm run setup:n8n`);

// Enterprise is a round robin of Ethan and Ava; everything else goes to Olivia. Nobody has working hours.
const owners = [
  { email: "ethan.wright@x.test", team: "enterprise" },
  { email: "ava.patel@x.test", team: "enterprise" },
  { email: "olivia.brown@x.test", team: "mid-market" },
];
const bp = smallBlueprint({ owners });
const SIZES = [1200, 10, 5000, 999, 1000, 80];
// By hand: enterprise leads (≥ 1000) alternate Ethan, Ava, Ethan; the rest go to Olivia.
const EXPECTED = [
  ["enterprise-inbound", "ethan.wright@x.test"],
  ["fallback", "olivia.brown@x.test"],
  ["enterprise-inbound", "ava.patel@x.test"],
  ["fallback", "olivia.brown@x.test"],
  ["enterprise-inbound", "ethan.wright@x.test"],
  ["fallback", "olivia.brown@x.test"],
];

describe.skipIf(skip)("test cases, replay and n8n agree", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      owners: owners.map((o) => o.email),
      contactProperties: [["company_size", "number", "number"]],
    });
    await h.apply(bp);
  }, 240_000);
  afterAll(async () => h?.stop());

  it("routes the same leads to the same rule and owner", async () => {
    const leads: Lead[] = [];
    const inN8n: string[][] = [];
    for (const size of SIZES) {
      const properties = { company_size: String(size) };
      const id = await h.newLead(properties);
      const createdAt = Date.now();
      const decision = await h.routeLead(bp, id);
      leads.push({ id, createdAt, properties });
      inN8n.push([decision.rule, decision.owner]);
    }
    expect(inN8n).toEqual(EXPECTED);

    const replayed = replay(new Router(bp), leads).map((r) => [r.rule, r.owner]);
    expect(replayed).toEqual(EXPECTED);

    // The same leads as test cases, each with the round-robin turn n8n had reached (Ethan first, then alternating).
    let enterprise = 0;
    const tests = SIZES.map((size, i) => {
      const turn = size >= 1000 ? owners[enterprise++ % 2].email : undefined;
      return {
        name: `lead ${i + 1} (${size} employees)`,
        lead: { company_size: size },
        ...(turn ? { state: { roundRobin: { enterprise: turn } } } : {}),
        expect: { rule: EXPECTED[i][0], owner: EXPECTED[i][1] },
      };
    });
    const file = writeProject({ ...SMALL, owners, tests });
    const result = await runCommands([routingTest], ["test", file]);
    expect(result.stdout).toMatch(/6 cases ran in \d+ ms: 6 passed, 0 failed/);
    expect(result.code).toBe(0);
  });
});
