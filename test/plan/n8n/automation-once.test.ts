import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Blueprint } from "../../../src/blueprint/model";
import { findN8nInstall } from "../../../src/runtime/n8n-install";
import { HARNESS_SECRETS, startHarness, type Harness } from "../../support/n8n-harness";

// Automations fire once per event in a real n8n, however many executions see the event at once.
const install = findN8nInstall();
const skip = !install.complete && !process.env.CI;
if (skip) console.warn(`n8n automation tests skipped: n8n ${install.version} not installed; run npm run setup:n8n`);

const blueprint = Blueprint.parse({
  apiVersion: "revstack/v1",
  kind: "Blueprint",
  metadata: { name: "once-test", timezone: "UTC" },
  automations: [
    {
      key: "welcome",
      on: { webhook: { path: "/once-test/welcome" } },
      do: [{ notify: { to: ["slack:#sales"], message: "Welcome {{contact.email}}" } }],
    },
  ],
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(skip)("automations in a real n8n", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ owners: [], contactProperties: [] });
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
});
