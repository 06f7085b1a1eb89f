import { execFile } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { Blueprint } from "../../../src/blueprint/model";
import { findN8nInstall } from "../../../src/runtime/n8n-install";
import { HARNESS_SECRETS, startHarness, type Harness } from "../../support/n8n-harness";

// Automations fire once per event, and routing says what it decided and when it could not, in a real n8n.
const install = findN8nInstall();
const skip = !install.complete && !process.env.CI;
if (skip) console.warn(`n8n automation tests skipped: n8n ${install.version} not installed; run npm run setup:n8n`);

const x = (name: string) => `${name}@acme.test`;
const source = {
  apiVersion: "revstack/v1",
  kind: "Blueprint",
  metadata: { name: "once-test", timezone: "UTC" },
  targets: { automation: "n8n" },
  teams: { sales: { manager: x("mgr"), strategy: "round_robin" }, mgmt: { manager: x("mgr") } },
  owners: [
    { email: x("ann"), team: "sales", timezone: "UTC", capacity: { newLeadsPerDay: 1 } },
    { email: x("bob"), team: "sales", timezone: "UTC" },
    { email: x("mgr"), team: "mgmt", timezone: "UTC" },
  ],
  routing: [{ key: "everyone", assign: { team: "sales" } }],
  automations: [
    {
      key: "welcome",
      on: { webhook: { path: "/once-test/welcome" } },
      do: [{ notify: { to: ["slack:#sales"], message: "Welcome {{contact.email}}" } }],
    },
  ],
};
const blueprint = Blueprint.parse(source);

const BIN = join(__dirname, "../../../bin/revstack.js");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(skip)("automations in a real n8n", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ owners: [x("ann"), x("bob"), x("mgr")], contactProperties: [] });
    await h.apply(blueprint);
  }, 180_000);
  afterAll(() => h?.stop());

  it("fires once per event under a burst of concurrent deliveries of the same events and of distinct ones", async () => {
    const contacts = [await h.newLead({ email: "one@example.test" }), await h.newLead({ email: "two@example.test" })];
    // 12 events (6 per contact), each delivered 5 times, all 60 calls at once, in an interleaved order.
    const events = Array.from({ length: 12 }, (_, i) => ({ contactId: contacts[i % 2], eventId: `evt-${i}` }));
    const calls = [0, 1, 2, 3, 4].flatMap(() => events);
    const headers = { "x-revstack-secret": HARNESS_SECRETS.webhook };
    const answers = await Promise.all(calls.map((body) => h.call("once-test/welcome", body, headers)));
    expect(answers.map((a) => a.status)).toEqual(calls.map(() => 202));
    const fired = () => h.notifications.filter((n) => n.automation === "welcome");
    for (let i = 0; i < 120 && fired().length < events.length; i++) await sleep(500);
    await sleep(3_000); // the late executions of the burst: none may fire again
    expect(fired()).toHaveLength(events.length);
    const byContact = fired().reduce<Record<string, number>>((acc, n) => {
      acc[n.record.id] = (acc[n.record.id] ?? 0) + 1;
      return acc;
    }, {});
    expect(byContact).toEqual({ [contacts[0]]: 6, [contacts[1]]: 6 });
    // A delivery without an eventId is an event of its own.
    await h.call("once-test/welcome", { contactId: contacts[0] }, headers);
    await h.call("once-test/welcome", { contactId: contacts[0] }, headers);
    for (let i = 0; i < 60 && fired().length < events.length + 2; i++) await sleep(500);
    expect(fired()).toHaveLength(events.length + 2);
  }, 300_000);

  it("revstack routing log shows each decision: rule, strategy, the candidates and why each was skipped, the owner", async () => {
    const leads = [];
    for (const name of ["l1", "l2", "l3"]) {
      const id = await h.newLead({ email: `${name}@example.test` });
      await h.routeLead(blueprint, id);
      leads.push(id);
    }
    // The project a user has: the blueprint and the stack's file naming its n8n.
    const dir = mkdtempSync(join(tmpdir(), "revstack-routing-log-"));
    writeFileSync(join(dir, "Pulumi.yaml"), "name: once\nruntime: nodejs\nstackConfigDir: stacks\n");
    writeFileSync(join(dir, "blueprint.yaml"), stringify(source));
    mkdirSync(join(dir, "stacks"));
    const config = { "revstack:blueprint": "blueprint.yaml", "n8n:baseUrl": h.n8n.baseUrl };
    writeFileSync(join(dir, "stacks", "Pulumi.once.yaml"), stringify({ config }));
    const cli = (...args: string[]) =>
      new Promise<{ code: number; out: string; err: string }>((resolve) =>
        execFile(
          process.execPath,
          [BIN, "routing", "log", "--stack", "once", ...args],
          { cwd: dir, env: { ...process.env, N8N_API_KEY: h.n8n.apiKey }, timeout: 60_000 },
          (error, out, err) => resolve({ code: error ? Number(error.code ?? 1) : 0, out, err }),
        ),
      );
    const all = await cli();
    expect(all.err).toBe("");
    expect(all.code).toBe(0);
    // Newest first: the third lead found ann at her capacity of one and went to bob.
    const third = await cli("--lead", leads[2]);
    expect(third.out.split("\n")).toEqual([
      expect.stringMatching(
        new RegExp(`^\\d{4}-\\d\\d-\\d\\dT.*  lead ${leads[2]} → ${x("bob")} \\(rule everyone, round_robin\\)$`),
      ),
      `    everyone: ${x("ann")} skipped, at capacity (1 of 1 new leads today)`,
      `    everyone: ${x("bob")} took the lead`,
      "",
    ]);
    expect(all.out.indexOf(`lead ${leads[2]} `)).toBeLessThan(all.out.indexOf(`lead ${leads[0]} `));
    expect(all.out).toContain(`lead ${leads[0]} → ${x("ann")} (rule everyone, round_robin)`);
    expect((await cli("--lead", "999999")).out).toBe("lead 999999 is not in the routing log\n");
  }, 120_000);
});
