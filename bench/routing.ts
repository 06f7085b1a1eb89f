/**
 * Leads per second through the compiled routing workflow of blueprints/base.yaml, running in a real n8n
 * against the CRM sandbox, and the assignment latency (routing webhook round trip, which includes reading
 * the lead and the owners and writing the owner to the CRM) at p50 and p95. Also CRM calls per lead.
 *   npm run bench:routing            (needs `npm run setup:n8n`)
 */
import { loadBlueprint } from "../src/blueprint";
import { startHarness, type Harness } from "../test/support/n8n-harness";
import type { Blueprint } from "../src/blueprint/model";

const LEADS = 200;

function lead(i: number): Record<string, string> {
  // A fixed mix over the base rules: customers, enterprise, demo requests, scores, content, trials, the rest.
  const mixes: Record<string, string>[] = [
    { is_existing_customer: "true" },
    { numberofemployees: "5000", country: "United States", state: i % 2 ? "NY" : "CA" },
    { lead_source: "demo_request" },
    { hubspotscore: "85" },
    { lead_source: "ebook" },
    { lead_source: "free_trial" },
    { lead_source: "paid_search" },
  ];
  return { email: `bench${i}@example.test`, ...mixes[i % mixes.length] };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function crmCalls(h: Harness): Promise<number> {
  const res = await fetch(`${h.sandbox.url}/__sandbox/stats`, {
    headers: { "X-Sandbox-Admin-Token": h.sandbox.adminToken },
  });
  const stats = (await res.json()) as { reads: number; writes: number };
  return stats.reads + stats.writes;
}

async function run(h: Harness, bp: Blueprint, concurrency: number, offset: number) {
  const ids: string[] = [];
  for (let i = 0; i < LEADS; i++) ids.push(await h.newLead(lead(offset + i)));
  const callsBefore = await crmCalls(h);
  const latencies: number[] = [];
  let next = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < ids.length) {
        const id = ids[next++];
        const t = performance.now();
        await h.routeLead(bp, id);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  const perLead = ((await crmCalls(h)) - callsBefore) / LEADS;
  latencies.sort((a, b) => a - b);
  console.log(
    `concurrency ${concurrency}: ${(LEADS / seconds).toFixed(1)} leads/s; assignment latency p50 ${percentile(latencies, 50).toFixed(0)} ms, ` +
      `p95 ${percentile(latencies, 95).toFixed(0)} ms, max ${latencies[latencies.length - 1].toFixed(0)} ms; ${perLead.toFixed(1)} CRM calls per lead`,
  );
}

async function main() {
  const { blueprint, diagnostics } = await loadBlueprint("blueprints/base.yaml");
  if (!blueprint) throw new Error(diagnostics.map((d) => d.message).join("\n"));
  // Routing only: the automations' stage triggers need pipeline ids from an applied CRM.
  const bp = { ...blueprint, automations: [] };
  const h = await startHarness({
    owners: bp.owners.map((o) => o.email),
    contactProperties: [
      ["is_existing_customer", "string", "text"],
      ["numberofemployees", "number", "number"],
      ["country", "string", "text"],
      ["state", "string", "text"],
      ["lead_source", "string", "text"],
      ["hubspotscore", "number", "number"],
      ["first_touch_at", "datetime", "date"],
      ["sla_breached", "string", "text"],
    ],
  });
  try {
    await h.apply(bp);
    console.log(
      `n8n ready in ${(h.n8n.startupMs / 1000).toFixed(1)} s; ${LEADS} leads per run, blueprints/base.yaml routing (${bp.routing.length} rules)`,
    );
    await run(h, bp, 1, 0);
    await run(h, bp, 4, LEADS);
  } finally {
    await h.stop();
  }
}

main().catch((err) => {
  console.error(err.message);
  process.exitCode = 1;
});
