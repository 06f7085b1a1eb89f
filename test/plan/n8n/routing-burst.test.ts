import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Blueprint } from "../../../src/blueprint/model";
import { routingConfig } from "../../../src/plan/n8n/routing";
import { ROUTING_RUNTIME } from "../../../src/plan/n8n/routing-runtime";
import { findN8nInstall } from "../../../src/runtime/n8n-install";
import { startHarness, type Harness } from "../../support/n8n-harness";

// Bursts through the compiled routing workflow in a real n8n: every lead routed once, as one at a time would.
const install = findN8nInstall();
const skip = !install.complete && !process.env.CI;
if (skip) console.warn(`n8n burst tests skipped: n8n ${install.version} not installed; run npm run setup:n8n`);

const route = new Function(`${ROUTING_RUNTIME}\nreturn route;`)() as (...args: unknown[]) => { owner: string };
const x = (name: string) => `${name}@acme.test`;
const owner = (email: string, team: string, extra: object = {}) => ({ email, team, timezone: "UTC", ...extra });

/** Enterprise → capacity-limited AEs (overflow to the fallback); inbound → weighted 1:2:2 SDRs; the rest → round robin. */
const blueprint = Blueprint.parse({
  apiVersion: "revstack/v1",
  kind: "Blueprint",
  metadata: { name: "burst-test", timezone: "UTC" },
  teams: {
    ent: { manager: x("mgr"), strategy: "round_robin" },
    sdr: { manager: x("mgr"), strategy: "weighted", weights: { [x("ann")]: 1, [x("bob")]: 2, [x("cat")]: 2 } },
    cs: { manager: x("mgr"), strategy: "round_robin" },
  },
  owners: [
    owner(x("eve"), "ent", { capacity: { newLeadsPerDay: 12 } }),
    owner(x("eli"), "ent", { capacity: { newLeadsPerDay: 12 } }),
    owner(x("ann"), "sdr"),
    owner(x("bob"), "sdr"),
    owner(x("cat"), "sdr"),
    owner(x("dan"), "cs"),
    owner(x("fay"), "cs"),
    owner(x("gus"), "cs"),
    owner(x("mgr"), "mgmt"),
  ],
  routing: [
    {
      key: "enterprise",
      when: { all: [{ property: "numberofemployees", op: "gte", value: 1000 }] },
      assign: { team: "ent" },
    },
    {
      key: "inbound",
      when: { any: [{ property: "lead_source", op: "in", value: ["Demo", "ebook"] }] },
      assign: { team: "sdr" },
    },
    { key: "fallback", assign: { team: "cs" } },
  ],
});

const props = (i: number): Record<string, string> =>
  i % 5 === 0
    ? { numberofemployees: "5000" }
    : i % 5 < 4
      ? { lead_source: i % 2 ? "demo" : "EBOOK" } // text compares case-insensitively, as in HubSpot
      : { lead_source: "partner" };

const tally = (owners: string[]) =>
  owners.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o]: (acc[o] ?? 0) + 1 }), {});

/** Posts every lead, `concurrency` at a time; resolves to the answers in the leads' order. */
async function burst(h: Harness, ids: string[], concurrency: number) {
  const answers: any[] = new Array(ids.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < ids.length) {
        const i = next++;
        // A burst queues in n8n: a lead's answer waits for the executions ahead of it.
        answers[i] = await h.routeLead(blueprint, ids[i], 180_000);
      }
    }),
  );
  return answers;
}

describe.skipIf(skip)("routing bursts in a real n8n", () => {
  let h: Harness;
  const ids: string[] = [];
  beforeAll(async () => {
    h = await startHarness({
      owners: blueprint.owners.map((o) => o.email),
      contactProperties: [
        ["numberofemployees", "number", "number"],
        ["lead_source", "string", "text"],
      ],
    });
    await h.apply(blueprint);
    for (let i = 0; i < 200; i++) ids.push(await h.newLead({ email: `burst${i}@example.test`, ...props(i) }));
  }, 180_000);
  afterAll(() => h?.stop());

  const ownersInCrm = async () =>
    Promise.all(
      ids.map(
        async (id) =>
          (await h.crm("GET", `/crm/objects/2026-09/contacts/${id}?properties=hubspot_owner_id`)).properties
            .hubspot_owner_id as string | undefined,
      ),
    );

  it("routes 200 leads posted 50 at a time: none unassigned, the split of one at a time within ±1, no capacity passed", async () => {
    const answers = await burst(h, ids, 50);
    const crm = await ownersInCrm();
    expect(crm.filter((o) => !o)).toEqual([]);
    expect(answers.map((a) => a.ownerId)).toEqual(crm);
    expect(answers.filter((a) => a.alreadyRouted)).toEqual([]);
    const got = tally(crm.map((id) => h.ownerEmail(id!)!));
    // One at a time, in the order the leads were created.
    const config = routingConfig(blueprint, {});
    const crmOwners = blueprint.owners.map((o) => ({ id: h.ownerId(o.email)!, email: o.email }));
    const state = {};
    const one = tally(
      ids.map((id, i) => route(config, { id, properties: props(i) }, crmOwners, state, Date.now()).owner),
    );
    for (const email of Object.keys({ ...one, ...got }))
      expect(Math.abs((got[email] ?? 0) - (one[email] ?? 0))).toBeLessThanOrEqual(1);
    expect(got[x("eve")]).toBeLessThanOrEqual(12);
    expect(got[x("eli")]).toBeLessThanOrEqual(12);
  }, 300_000);

  it("keeps every owner when the same leads are delivered again, and says so", async () => {
    const before = await ownersInCrm();
    const answers = await burst(h, ids, 50);
    expect(answers.filter((a) => !a.alreadyRouted)).toEqual([]);
    expect(answers.map((a) => a.ownerId)).toEqual(before);
    expect(await ownersInCrm()).toEqual(before);
  }, 300_000);

  it("sweeps leads nobody posted to the webhook: each gets an owner within the sweep interval, once", async () => {
    // A second stack's routing with a 2-second sweep; the burst's leads all have owners by now.
    const sweeping = { ...blueprint, metadata: { ...blueprint.metadata, name: "sweep-test" } };
    h.target.routingSweepMinutes = 2 / 60;
    await h.apply(sweeping);
    const unposted: string[] = [];
    for (let i = 0; i < 10; i++) unposted.push(await h.newLead({ email: `unposted${i}@example.test`, ...props(i) }));
    const owned = async () =>
      (
        await Promise.all(
          unposted.map(
            async (id) =>
              (await h.crm("GET", `/crm/objects/2026-09/contacts/${id}?properties=hubspot_owner_id`)).properties
                .hubspot_owner_id,
          ),
        )
      ).filter(Boolean).length;
    for (let i = 0; i < 60 && (await owned()) < unposted.length; i++) await new Promise((r) => setTimeout(r, 1000));
    expect(await owned()).toBe(unposted.length);
    // Swept again and again, each lead keeps the owner its first sweep gave it.
    const first = await Promise.all(unposted.map((id) => h.routeLead(sweeping, id, 180_000)));
    expect(first.every((a) => a.alreadyRouted)).toBe(true);
  }, 180_000);
});
