/**
 * Leads per second through the compiled routing workflow of blueprints/base.yaml, running in a real n8n against
 * the CRM sandbox at HubSpot's Pro limit (190 requests / 10 s), and the time to owner (routing webhook round trip:
 * reading the lead and the owners, the routing log, writing the owner to the CRM, rate-limit waits included) at p50
 * and p95: one lead at a time; a burst as HubSpot delivers it, 100 events per request, every request at once; and a
 * burst of one lead per request (a form tool), 50 at a time. Also CRM calls per lead and the 429s the limit gave.
 *   npm run bench:routing                        (needs `npm run setup:n8n`)
 *   BENCH_ONE=50 BENCH_BURST=1000 BENCH_UNBATCHED=100 npm run bench:routing    (the defaults; the goal is set for 1,000)
 */
import { loadBlueprint } from "../src/blueprint";
import { startHarness, type Harness } from "../test/support/n8n-harness";
import type { Blueprint } from "../src/blueprint/model";
import { webhookPrefix } from "../src/plan/n8n";

const ONE_AT_A_TIME = Number(process.env.BENCH_ONE ?? 50);
const BURST = Number(process.env.BENCH_BURST ?? 1000);
const UNBATCHED = Number(process.env.BENCH_UNBATCHED ?? 100);
/** Events per request in HubSpot's batched deliveries (at most 100). */
const BATCH = 100;
const GOAL = "goal (issue #20): >= 50 leads/s sustained at the Pro limit, p95 time to owner < 5 s";

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

/** CRM calls the sandbox answered (429s apart) and refused with 429, the test's own reads included. */
async function crmCalls(h: Harness): Promise<{ answered: number; refused: number }> {
  const res = await fetch(`${h.sandbox.url}/__sandbox/stats`, {
    headers: { "X-Sandbox-Admin-Token": h.sandbox.adminToken },
  });
  const stats = (await res.json()) as { reads: number; writes: number; rateLimited: number };
  return { answered: stats.reads + stats.writes - stats.rateLimited, refused: stats.rateLimited };
}

/**
 * Where the time of the run's executions went, from n8n's own execution data, per workflow (the routing webhook's,
 * and the SLA timers' each routed lead starts): the mean wall time of an execution, and the nodes that took the most
 * of it (summed over their runs, rate-limit waits included). What the nodes do not account for is n8n's own work
 * between them (scheduling, saving the execution).
 */
async function profile(h: Harness, since: number, leads: number) {
  const names = new Map((await h.client.listWorkflows()).map((w) => [w.id, w.name]));
  const executions = (
    await h.client.listExecutions({ status: "success", includeData: true, max: 2 * leads + 50 })
  ).filter((e) => Date.parse(e.startedAt) >= since && e.mode === "webhook");
  for (const workflowId of new Set(executions.map((e) => e.workflowId))) {
    const mine = executions.filter((e) => e.workflowId === workflowId);
    const perNode = new Map<string, number>();
    let wall = 0;
    for (const e of mine) {
      wall += Date.parse(e.stoppedAt ?? e.startedAt) - Date.parse(e.startedAt);
      const runData = ((e.data as any)?.resultData?.runData ?? {}) as Record<string, Array<{ executionTime?: number }>>;
      for (const [node, runs] of Object.entries(runData))
        perNode.set(node, (perNode.get(node) ?? 0) + runs.reduce((t, r) => t + (r.executionTime ?? 0), 0));
    }
    const n = mine.length;
    const nodes = [...perNode.entries()].sort((a, b) => b[1] - a[1]);
    const inNodes = nodes.reduce((t, [, ms]) => t + ms, 0) / n;
    console.log(
      `  ${names.get(workflowId) ?? workflowId}: ${n} executions, ${(wall / n).toFixed(0)} ms each on average, ` +
        `${inNodes.toFixed(0)} ms in nodes; slowest nodes (ms per execution): ` +
        nodes
          .slice(0, 8)
          .map(([node, ms]) => `${node} ${(ms / n).toFixed(0)}`)
          .join(", "),
    );
  }
}

/** Routes `ids` in one request: one lead's, or HubSpot's batched delivery of their creation events. */
async function deliver(h: Harness, bp: Blueprint, ids: string[]) {
  if (ids.length === 1) return void (await h.routeLead(bp, ids[0], 600_000));
  const events = ids.map((id, i) => ({
    eventId: Date.now() + i,
    subscriptionType: "contact.creation",
    objectId: Number(id),
  }));
  const { status, body } = await h.signedCall(`${webhookPrefix(bp)}/route-lead`, events, undefined, 600_000);
  if (status !== 200) throw new Error(`routing answered ${status}: ${JSON.stringify(body)}`);
}

async function run(h: Harness, bp: Blueprint, leads: number, concurrency: number, offset: number, batch = 1) {
  const ids: string[] = [];
  for (let i = 0; i < leads; i++) ids.push(await h.newLead(lead(offset + i)));
  const before = await crmCalls(h);
  const since = Date.now() - 1000;
  const latencies: number[] = [];
  let next = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < ids.length) {
        const chunk = ids.slice(next, (next += batch));
        const t = performance.now();
        await deliver(h, bp, chunk);
        // Every lead of a request has its owner when the request is answered.
        for (const _ of chunk) latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  const after = await crmCalls(h);
  latencies.sort((a, b) => a - b);
  console.log(
    `${leads} leads, ${batch > 1 ? `${batch} per request, ${concurrency} requests` : concurrency} at a time: ${(leads / seconds).toFixed(1)} leads/s; time to owner p50 ${(percentile(latencies, 50) / 1000).toFixed(1)} s, ` +
      `p95 ${(percentile(latencies, 95) / 1000).toFixed(1)} s, max ${(latencies[latencies.length - 1] / 1000).toFixed(1)} s; ` +
      `${((after.answered - before.answered) / leads).toFixed(2)} CRM calls per lead, ${after.refused - before.refused} refused with 429`,
  );
  await profile(h, since, leads);
}

async function main() {
  const { blueprint, diagnostics } = await loadBlueprint("blueprints/base.yaml");
  if (!blueprint) throw new Error(diagnostics.map((d) => d.message).join("\n"));
  // Routing only: the automations' stage triggers and the metrics' stage stamps need pipeline ids from an applied CRM.
  const bp = { ...blueprint, automations: [], reporting: { ...blueprint.reporting, metrics: [] } };
  const h = await startHarness({
    tier: 190,
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
      `n8n ready in ${(h.n8n.startupMs / 1000).toFixed(1)} s; blueprints/base.yaml routing (${bp.routing.length} rules), sandbox at the Pro limit\n${GOAL}`,
    );
    await run(h, bp, ONE_AT_A_TIME, 1, 0);
    await run(h, bp, BURST, Math.ceil(BURST / BATCH), ONE_AT_A_TIME, BATCH);
    if (UNBATCHED > 0) await run(h, bp, UNBATCHED, 50, ONE_AT_A_TIME + BURST);
  } finally {
    await h.stop();
  }
}

main().catch((err) => {
  console.error(err.message);
  process.exitCode = 1;
});
