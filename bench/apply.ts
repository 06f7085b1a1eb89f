// bench:apply — the real engine against the sandbox at rate-limit tier 100 (10 requests/s), for blueprints of
// 10, 100 and 500 resources: wall time, API reads and writes (counted by the sandbox) for a first `up`, a no-change
// `up`, a `refresh` and a one-field edit, plus state-file bytes per resource, and a first `up` again with
// PULUMI_SKIP_CHECKPOINTS.
// Goals: no-change up makes 0 API calls (the program's portal guard remembers a verified token and portal); refresh reads once per object type; first up <= 1.3x the rate-limit floor.
// Usage: npx tsx bench/apply.ts [sizes...]   (needs `npm run build` and `npm run setup:pulumi`)
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadBlueprint } from "../src/blueprint";
import { startSandbox, type Sandbox } from "../src/sandbox";
import { EngineStack } from "../test/support/engine";

const TOKEN = "pat-bench-apply-token";
const WRITES_PER_SECOND = 10; // tier 100: 100 requests per rolling 10 s
const STAGES_PER_PIPELINE = 24;

interface Row {
  size: number;
  step: string;
  seconds: number;
  reads: number;
  writes: number;
  note: string;
}

/** A blueprint of exactly `size` resources: deal pipelines with their stages, one property group, deal properties. */
function blueprintOf(size: number): string {
  const pipelines = Math.max(1, Math.floor(size / 2 / (STAGES_PER_PIPELINE + 1)));
  const stages = Math.min(STAGES_PER_PIPELINE, Math.max(3, Math.floor(size / 2) - 1));
  const properties = size - pipelines * (stages + 1) - 1;
  const lines = ["apiVersion: revstack/v1", "kind: Blueprint", `metadata: { name: bench-${size} }`, "pipelines:"];
  for (let p = 0; p < pipelines; p++) {
    lines.push(`  bench-${p}:`, `    label: Bench pipeline ${p}`, "    object: deals", "    stages:");
    for (let s = 0; s < stages - 2; s++) {
      lines.push(`      - { key: s${s}, label: Stage ${s}, probability: ${((s % 9) + 1) / 10} }`);
    }
    lines.push("      - { key: won, label: Won, probability: 1.0, closed: won }");
    lines.push("      - { key: lost, label: Lost, probability: 0.0, closed: lost }");
  }
  lines.push("properties:", "  groups:", "    bench: { label: Bench }", "  deals:");
  for (let i = 0; i < properties; i++) {
    lines.push(
      `    bench_${i}: { label: Bench ${i}, description: Benchmark property ${i}, type: string, group: bench }`,
    );
  }
  return `${lines.join("\n")}\n`;
}

async function admin(
  sb: Sandbox,
  method: string,
  route: string,
): Promise<{ reads: number; writes: number; byRoute: Record<string, number> }> {
  const res = await fetch(`${sb.url}/__sandbox/${route}`, {
    method,
    headers: { "X-Sandbox-Admin-Token": sb.adminToken },
  });
  return res.json() as Promise<{ reads: number; writes: number; byRoute: Record<string, number> }>;
}

async function measure(sb: Sandbox, step: () => Promise<unknown>) {
  await admin(sb, "POST", "stats/reset");
  const started = performance.now();
  await step();
  const seconds = (performance.now() - started) / 1000;
  return { seconds, ...(await admin(sb, "GET", "stats")) };
}

/** A fresh sandbox and stack for `blueprint`, removed after `use`. */
async function withStack<T>(
  name: string,
  blueprint: string,
  env: Record<string, string>,
  use: (engine: EngineStack, sb: Sandbox) => Promise<T>,
): Promise<T> {
  const sb = await startSandbox({ port: 0, tokens: [TOKEN], tier: 100 });
  const engine = await EngineStack.open(name, {
    config: { "revstack:blueprint": blueprint, "hubspot:baseUrl": sb.url, "hubspot:portalId": String(sb.portalId) },
    secrets: { "hubspot:token": TOKEN },
    env,
  });
  try {
    return await use(engine, sb);
  } finally {
    await engine.dispose();
    await sb.stop();
  }
}

async function benchSize(size: number): Promise<Row[]> {
  const dir = await mkdtemp(path.join(tmpdir(), "revstack-bench-apply-"));
  const blueprint = path.join(dir, "blueprint.yaml");
  const text = blueprintOf(size);
  await writeFile(blueprint, text);
  const loaded = await loadBlueprint(blueprint);
  if (!loaded.blueprint) throw new Error(`generated blueprint is invalid: ${JSON.stringify(loaded.diagnostics[0])}`);

  const rows: Row[] = [];
  const row = (step: string, m: { seconds: number; reads: number; writes: number }, note = "") =>
    rows.push({ size, step, seconds: m.seconds, reads: m.reads, writes: m.writes, note });
  const floorNote = (m: { seconds: number; writes: number }) => {
    const floor = m.writes / WRITES_PER_SECOND;
    return `floor ${floor.toFixed(1)} s, ${(m.seconds / floor).toFixed(2)}x`;
  };
  try {
    await withStack(`bench-${size}`, blueprint, {}, async (engine, sb) => {
      const first = await measure(sb, () => engine.up());
      row("first up", first, floorNote(first));
      row("no-change up", await measure(sb, () => engine.up()));
      const refresh = await measure(sb, () => engine.refresh());
      const lists = Object.entries(refresh.byRoute).filter(([route]) => route.startsWith("GET"));
      row("refresh", refresh, lists.map(([route, n]) => `${n}x ${route.replace(/^GET \/crm\/v3\//, "")}`).join(", "));
      await writeFile(blueprint, text.replace("label: Stage 0,", "label: Stage zero,"));
      row("one-field edit", await measure(sb, () => engine.up()));
      const resources = (await engine.resources()).length;
      const bytes = (await stat(engine.statePath)).size;
      rows.push({
        size,
        step: "state file",
        seconds: 0,
        reads: 0,
        writes: 0,
        note: `${bytes} B, ${Math.round(bytes / resources)} B/resource`,
      });
      await engine.destroy();
    });
    // The file backend rewrites the whole state after every step (O(n^2) in resources); Pulumi can skip those
    // intermediate checkpoints, at the price of a state that misses this run's creates if the run is killed.
    await withStack(`bench-${size}-nockpt`, blueprint, { PULUMI_SKIP_CHECKPOINTS: "true" }, async (engine, sb) => {
      const first = await measure(sb, () => engine.up());
      row("first up, no checkpoints", first, floorNote(first));
      await engine.destroy();
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

function print(rows: Row[]): void {
  const header = ["resources", "step", "wall s", "reads", "writes", "notes"];
  const cells = rows.map((r) => [
    String(r.size),
    r.step,
    r.step === "state file" ? "" : r.seconds.toFixed(1),
    r.step === "state file" ? "" : String(r.reads),
    r.step === "state file" ? "" : String(r.writes),
    r.note,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) =>
    c.map((v, i) => (i >= 2 && i <= 4 ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const c of cells) console.log(line(c));
}

async function main(): Promise<void> {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  const rows: Row[] = [];
  for (const size of sizes.length ? sizes : [10, 100, 500]) {
    console.error(`bench:apply: ${size} resources...`);
    rows.push(...(await benchSize(size)));
  }
  print(rows);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
