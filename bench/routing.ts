/**
 * Leads per second through the compiled routing workflow of blueprints/base.yaml, running in a real n8n against
 * the CRM sandbox at HubSpot's Pro limit (190 requests / 10 s), and the time to owner (routing webhook round trip:
 * reading the lead and the owners, the routing log, writing the owner to the CRM, rate-limit waits included) at p50
 * and p95: one lead at a time; leads arriving at the goal's rate as HubSpot delivers them (the goal's load: 1,000
 * leads at 50 leads/s, 25 events per request every 0.5 s, each request sent on time whatever the ones before it are
 * doing); a burst of 1,000 as HubSpot delivers it, 100 events per request, every request at once (throughput); and a
 * burst of one lead per request (a form tool), 50 at a time. Also CRM calls per lead and the 429s the limit gave.
 *   npm run bench:routing                        (needs `npm run setup:n8n`)
 *   BENCH_ONE=50 BENCH_PACED=1000 BENCH_RATE=50 BENCH_PACED_BATCH=25 BENCH_BURST=1000 BENCH_UNBATCHED=100 npm run bench:routing
 *   (the defaults; the goal is set for 1,000 leads at 50 leads/s)
 */
import { loadBlueprint } from "../src/blueprint";
import { startHarness, type Harness } from "../test/support/n8n-harness";
import type { Blueprint } from "../src/blueprint/model";
import { webhookPrefix } from "../src/plan/n8n";

const ONE_AT_A_TIME = Number(process.env.BENCH_ONE ?? 50);
const PACED = Number(process.env.BENCH_PACED ?? 1000);
/** Leads per second HubSpot delivers in the paced run, and events per request. */
const RATE = Number(process.env.BENCH_RATE ?? 50);
const PACED_BATCH = Number(process.env.BENCH_PACED_BATCH ?? 25);
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
  // A batch's decisions are recorded after its answer: let the executions finish (at most a minute).
  for (let i = 0; i < 60 && (await h.client.listExecutions({ status: "running", max: 1 })).length > 0; i++)
    await new Promise((r) => setTimeout(r, 1000));
  const names = new Map((await h.client.listWorkflows()).map((w) => [w.id, w.name]));
  // A routing execution waits for its leads' first SLA due time once it has answered (../src/plan/n8n/sla-start.ts).
  const executions = (
    await Promise.all(
      (["success", "waiting"] as const).map((status) =>
        h.client.listExecutions({ status, includeData: true, max: 2 * leads + 50 }),
      ),
    )
  )
    .flat()
    .filter((e) => Date.parse(e.startedAt) >= since && e.mode === "webhook");
  for (const workflowId of new Set(executions.map((e) => e.workflowId))) {
    const mine = executions.filter((e) => e.workflowId === workflowId);
    const perNode = new Map<string, number>();
    let wall = 0;
    for (const e of mine) {
      const runData = ((e.data as any)?.resultData?.runData ?? {}) as Record<
        string,
        Array<{ startTime?: number; executionTime?: number }>
      >;
      // Until its last node ended: a waiting execution has not stopped.
      const ends = Object.values(runData).flatMap((runs) =>
        runs.map((r) => (r.startTime ?? 0) + (r.executionTime ?? 0)),
      );
      wall += Math.max(Date.parse(e.startedAt), ...ends) - Date.parse(e.startedAt);
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
  if (ids.length === 1) return void (await h.routeLead(bp, ids[0], 600_000).catch(withN8nError(h)));
  const events = ids.map((id, i) => ({
    eventId: Date.now() + i,
    subscriptionType: "contact.creation",
    objectId: Number(id),
  }));
  const { status, body } = await h.signedCall(`${webhookPrefix(bp)}/route-lead`, events, undefined, 600_000);
  if (status !== 200) await withN8nError(h)(new Error(`routing answered ${status}: ${JSON.stringify(body)}`));
}

/** A failed request's error, with what n8n says of its newest failed execution (the node and the message). */
function withN8nError(h: Harness) {
  return async (err: Error): Promise<never> => {
    const [failed] = await h.client.listExecutions({ status: "error", includeData: true, max: 1 });
    const result = (failed?.data as any)?.resultData;
    throw new Error(
      `${err.message}; n8n: ${result ? `"${result.lastNodeExecuted}": ${result.error?.message}` : "no failed execution"}`,
    );
  };
}

/** Creates `leads` leads, then measures `send` routing them: it returns each lead's time to owner (ms). */
async function measure(
  h: Harness,
  label: string,
  leads: number,
  offset: number,
  send: (ids: string[]) => Promise<number[]>,
) {
  const ids: string[] = [];
  for (let i = 0; i < leads; i++) ids.push(await h.newLead(lead(offset + i)));
  const before = await crmCalls(h);
  const since = Date.now() - 1000;
  const began = performance.now();
  const latencies = await send(ids);
  const seconds = (performance.now() - began) / 1000;
  const after = await crmCalls(h);
  const p = (sorted: number[], q: number) => (percentile(sorted, q) / 1000).toFixed(1);
  // The last half apart: at a rate n8n sustains, its times to owner are those of the first half.
  const lastHalf = latencies.slice(Math.floor(latencies.length / 2)).sort((a, b) => a - b);
  latencies.sort((a, b) => a - b);
  console.log(
    `${label}: ${(leads / seconds).toFixed(1)} leads/s (all ${leads} owned ${seconds.toFixed(1)} s after the first was sent); ` +
      `time to owner p50 ${p(latencies, 50)} s, p95 ${p(latencies, 95)} s, max ${p(latencies, 100)} s ` +
      `(last half: p95 ${p(lastHalf, 95)} s); ` +
      `${((after.answered - before.answered) / leads).toFixed(2)} CRM calls per lead, ${after.refused - before.refused} refused with 429`,
  );
  await profile(h, since, leads);
}

/** `concurrency` senders, each sending its next request (`batch` leads) when the last is answered. */
function closedLoop(h: Harness, bp: Blueprint, concurrency: number, batch = 1) {
  return async (ids: string[]) => {
    const latencies: number[] = [];
    let next = 0;
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
    return latencies;
  };
}

/**
 * HubSpot delivering leads that arrive at `rate` per second: a request of `batch` events every batch / rate
 * seconds, each sent on time whether or not the ones before it are answered (an open loop, as leads arrive). A
 * lead's time to owner runs from its request's sending to its answer. Returns them in sending order.
 */
function paced(h: Harness, bp: Blueprint, rate: number, batch: number) {
  return async (ids: string[]) => {
    const chunks = Array.from({ length: Math.ceil(ids.length / batch) }, (_, k) =>
      ids.slice(k * batch, (k + 1) * batch),
    );
    const start = performance.now();
    let inFlight = 0;
    let most = 0;
    const perRequest = await Promise.all(
      chunks.map(async (chunk, k) => {
        const due = start + (k * batch * 1000) / rate;
        await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
        const t = performance.now();
        most = Math.max(most, ++inFlight);
        await deliver(h, bp, chunk);
        inFlight--;
        return chunk.map(() => performance.now() - t);
      }),
    );
    console.log(`  (at most ${most} requests in flight at once)`);
    return perRequest.flat();
  };
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
    let offset = 0;
    const next = (n: number) => (offset += n) - n;
    await measure(h, `${ONE_AT_A_TIME} leads, one at a time`, ONE_AT_A_TIME, next(ONE_AT_A_TIME), closedLoop(h, bp, 1));
    // The goal's load first, before the all-at-once burst's aftermath (its SLA timers, its log writes).
    if (PACED > 0)
      await measure(
        h,
        `${PACED} leads arriving at ${RATE} leads/s, ${PACED_BATCH} per request every ${(PACED_BATCH / RATE).toFixed(2)} s (sustained load)`,
        PACED,
        next(PACED),
        paced(h, bp, RATE, PACED_BATCH),
      );
    const requests = Math.ceil(BURST / BATCH);
    await measure(
      h,
      `${BURST} leads, ${BATCH} per request, all ${requests} requests at once (throughput)`,
      BURST,
      next(BURST),
      closedLoop(h, bp, requests, BATCH),
    );
    if (UNBATCHED > 0)
      await measure(
        h,
        `${UNBATCHED} leads, one per request, 50 at a time`,
        UNBATCHED,
        next(UNBATCHED),
        closedLoop(h, bp, 50),
      );
  } finally {
    await h.stop();
  }
}

main().catch((err) => {
  console.error(err.message);
  process.exitCode = 1;
});
