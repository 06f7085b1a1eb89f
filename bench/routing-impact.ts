/**
 * Goals (issue #21): `revstack test` runs 100 cases in well under a second; `revstack plan --leads` replays 10,000
 * leads through the base and the changed routing in under 5 s. Both on the demo blueprint (blueprints/base.yaml)
 * with routing.js as n8n runs it.
 *   npm run bench:routing-impact
 * Measured 2026-12-06 on the shared 2-core build machine: 100 cases 14–18 ms (goal < 1 s); 10,000 leads through
 * base and head 2.5 s (goal < 5 s; 3.0–5.0 s before the calendar runtime memoized its local dates).
 */
import * as path from "node:path";
import { loadBlueprint } from "../src/blueprint";
import { readCases } from "../src/routing/cases";
import type { Lead } from "../src/routing/leads";
import { routingImpact } from "../src/routing/replay";
import { runCases } from "../src/routing/run-cases";
import { Router } from "../src/routing/runtime";

const FILE = path.join(__dirname, "..", "blueprints", "base.yaml");
const MIXES: Record<string, string>[] = [
  { is_existing_customer: "true" },
  { company_size: "5000", country: "United States", state: "NY" },
  { company_size: "1500", country: "Canada", state: "ON" },
  { lead_source: "demo_request", company_size: "300" },
  { hubspotscore: "85" },
  { lead_source: "ebook" },
  { lead_source: "free_trial" },
  { lead_source: "paid_search" },
];

/** 10,000 leads over 30 days, a fixed mix in a fixed order. */
function leads(n: number): Lead[] {
  const start = Date.parse("2026-01-05T00:00:00Z");
  const step = (30 * 86_400_000) / n;
  return Array.from({ length: n }, (_, i) => ({
    id: String(i + 1),
    createdAt: Math.round(start + i * step),
    properties: MIXES[(i * 7) % MIXES.length],
  }));
}

async function main(): Promise<void> {
  const { blueprint } = await loadBlueprint(FILE);
  if (!blueprint) throw new Error(`${FILE} does not load`);
  const { cases } = await readCases(FILE);
  const hundred = Array.from({ length: 100 }, (_, i) => cases[i % cases.length]);
  let t = performance.now();
  const results = runCases(new Router(blueprint), hundred);
  const casesMs = performance.now() - t;
  // The change: enterprise starts at 200 employees, anywhere.
  const head = structuredClone(blueprint);
  head.routing[1].when = { all: [{ property: "company_size", op: "gte", value: 200 }] };
  const many = leads(10_000);
  t = performance.now();
  const impact = routingImpact(blueprint, head, many);
  const replayMs = performance.now() - t;
  console.log(`100 cases: ${casesMs.toFixed(0)} ms (goal < 1000 ms), ${results.filter((r) => r.passed).length} passed`);
  console.log(
    `10,000 leads replayed through base and head: ${replayMs.toFixed(0)} ms (goal < 5000 ms); ${impact.changed.owner} change owner`,
  );
}

void main();
