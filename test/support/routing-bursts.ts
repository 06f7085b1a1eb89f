// The routing bursts the n8n tests drive (one n8n process, and queue mode): a blueprint with every strategy, its
// leads, bursts of deliveries and the split that routing one lead at a time gives.
import { expect } from "vitest";
import { Blueprint } from "../../src/blueprint/model";
import { routingConfig } from "../../src/plan/n8n/routing";
import { ROUTING_RUNTIME } from "../../src/plan/n8n/routing-runtime";
import { HARNESS_TOKEN, type Harness, type HarnessOptions } from "./n8n-harness";

const route = new Function(`${ROUTING_RUNTIME}\nreturn route;`)() as (...args: unknown[]) => { owner: string };
export const x = (name: string) => `${name}@acme.test`;
const owner = (email: string, team: string, extra: object = {}) => ({ email, team, timezone: "UTC", ...extra });

/** Enterprise → capacity-limited AEs (overflow to the fallback); inbound → weighted 1:2:2 SDRs; the rest → round robin. */
export const blueprint = Blueprint.parse({
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

export const props = (i: number): Record<string, string> =>
  i % 5 === 0
    ? { numberofemployees: "5000" }
    : i % 5 < 4
      ? { lead_source: i % 2 ? "demo" : "EBOOK" } // text compares case-insensitively, as in HubSpot
      : { lead_source: "partner" };

export const tally = (owners: string[]) =>
  owners.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o]: (acc[o] ?? 0) + 1 }), {});

/**
 * Posts every lead, `concurrency` at a time; resolves to the answers in the leads' order. `during(answered)` runs
 * after each answer; with `tolerate`, a failed delivery leaves its answer undefined instead of failing the burst.
 */
export async function burst(
  h: Harness,
  ids: string[],
  concurrency: number,
  { during = async (_answered: number) => {}, tolerate = false } = {},
) {
  const answers: any[] = new Array(ids.length);
  let next = 0;
  let answered = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < ids.length) {
        const i = next++;
        // A burst queues in n8n: a lead's answer waits for the executions ahead of it.
        answers[i] = await h.routeLead(blueprint, ids[i], 180_000).catch((err) => {
          if (!tolerate) throw err;
        });
        await during(++answered);
      }
    }),
  );
  return answers;
}

/**
 * Another integration on the same app token spends what is left of the 10-second window, so the workflows' next
 * calls are refused with 429 (bounded: at most 200 requests). Resolves to the refusals it got itself.
 */
export async function spendTheWindow(h: Harness): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const res = await fetch(`${h.sandbox.url}/crm/owners/2026-09?limit=1`, {
      headers: { authorization: `Bearer ${HARNESS_TOKEN}` },
      signal: AbortSignal.timeout(10_000),
    });
    await res.arrayBuffer();
    if (res.status === 429) return 1;
  }
  return 0;
}

async function sandboxStats(h: Harness) {
  const res = await fetch(`${h.sandbox.url}/__sandbox/stats`, {
    headers: { "X-Sandbox-Admin-Token": h.sandbox.adminToken },
  });
  return (await res.json()) as { reads: number; writes: number; rateLimited: number };
}

export const rateLimited = async (h: Harness): Promise<number> => (await sandboxStats(h)).rateLimited;

/** CRM calls the sandbox has answered so far (429s apart), the test's own reads included. */
export async function crmCalls(h: Harness): Promise<number> {
  const stats = await sandboxStats(h);
  return stats.reads + stats.writes - stats.rateLimited;
}

/** How many leads of each owner routing one lead at a time, in the order given, gives. */
export function oneAtATime(h: Harness, leads: Array<{ id: string; i: number }>) {
  const config = routingConfig(blueprint, {});
  const crmOwners = blueprint.owners.map((o) => ({ id: h.ownerId(o.email)!, email: o.email }));
  const state = {};
  return tally(
    leads.map(({ id, i }) => route(config, { id, properties: props(i) }, crmOwners, state, Date.now()).owner),
  );
}

export function expectSplitWithinOne(got: Record<string, number>, one: Record<string, number>) {
  for (const email of Object.keys({ ...one, ...got }))
    expect(Math.abs((got[email] ?? 0) - (one[email] ?? 0)), email).toBeLessThanOrEqual(1);
  expect(got[x("eve")]).toBeLessThanOrEqual(12);
  expect(got[x("eli")]).toBeLessThanOrEqual(12);
}

/** The harness the bursts run in: the blueprint's owners and the properties its rules read, at HubSpot's Pro limit. */
export const burstHarness = (extra: Partial<HarnessOptions> = {}): HarnessOptions => ({
  tier: 190,
  owners: blueprint.owners.map((o) => o.email),
  contactProperties: [
    ["numberofemployees", "number", "number"],
    ["lead_source", "string", "text"],
  ],
  ...extra,
});

/** The owner each lead has in the CRM (undefined: none). */
export const ownersInCrm = (h: Harness, ids: string[]) =>
  Promise.all(
    ids.map(
      async (id) =>
        (await h.crm("GET", `/crm/objects/2026-09/contacts/${id}?properties=hubspot_owner_id`)).properties
          .hubspot_owner_id as string | undefined,
    ),
  );
