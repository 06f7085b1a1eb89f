/**
 * Blueprint load + validate time and peak memory for generated blueprints with 100, 1,000 and
 * 10,000 pipeline stages plus routing rules (one rule per ten stages, each on its own country so
 * none is shadowed, and a fallback). Each size runs in a fresh child process so peak RSS is its own.
 * Run: npm run bench:validate
 */
import { fork } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { loadBlueprint } from "../src/blueprint";

const SIZES = [100, 1_000, 10_000];
const STAGES_PER_PIPELINE = 50;
const OWNERS = 40;

function generate(stages: number): unknown {
  const owners = Array.from({ length: OWNERS }, (_, i) => ({
    email: `owner${i}@bench.test`,
    team: `team-${i % 4}`,
    backup: `owner${(i + 1) % OWNERS}@bench.test`,
    capacity: { newLeadsPerDay: 20, openDeals: 40 },
    workingHours: { start: "09:00", end: "17:00" },
  }));
  const teams = Object.fromEntries(
    Array.from({ length: 4 }, (_, t) => [`team-${t}`, { manager: `owner${t}@bench.test` }]),
  );
  const pipelines: Record<string, unknown> = {};
  for (let p = 0; p * STAGES_PER_PIPELINE < stages; p++) {
    const count = Math.min(STAGES_PER_PIPELINE, stages - p * STAGES_PER_PIPELINE);
    const open = Array.from({ length: Math.max(1, count - 2) }, (_, s) => ({
      key: `stage-${s}`,
      label: `Stage ${s}`,
      probability: Math.round((0.1 + (s % 9) / 10) * 10) / 10,
      requires: ["amount"],
      stalledAfter: "14d",
    }));
    pipelines[`pipeline-${p}`] = {
      label: `Pipeline ${p}`,
      stages: [
        ...open,
        { key: "won", label: "Won", probability: 1, closed: "won" },
        { key: "lost", label: "Lost", probability: 0, closed: "lost" },
      ],
    };
  }
  const rules = Array.from({ length: stages / 10 }, (_, r) => ({
    key: `rule-${r}`,
    when: {
      all: [
        { property: "country", op: "eq", value: `C${r}` },
        { property: "numemployees", op: "gte", value: r % 5000 },
      ],
    },
    assign: { team: `team-${r % 4}` },
    sla: { firstTouch: "1h", onBreach: { escalateTo: "manager", reassignTo: "backup" } },
  }));
  rules.push({ key: "fallback", assign: { team: "team-0" } } as (typeof rules)[number]);
  return {
    apiVersion: "revstack/v1",
    kind: "Blueprint",
    metadata: { name: "bench" },
    targets: { automation: "n8n" },
    teams,
    owners,
    routing: rules,
    pipelines,
  };
}

async function measure(stages: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "revstack-bench-"));
  const file = join(dir, "bench.yaml");
  writeFileSync(file, stringify(generate(stages)));
  const rssBefore = process.memoryUsage().rss;
  const times: number[] = [];
  let problems = 0;
  for (let i = 0; i < 3; i++) {
    const started = process.hrtime.bigint();
    const { blueprint, diagnostics } = await loadBlueprint(file);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    problems = blueprint ? diagnostics.length : -1;
  }
  const peak = process.resourceUsage().maxRSS * 1024;
  process.send!({ stages, rules: stages / 10 + 1, bytes: statSync(file).size, times, peak, rssBefore, problems });
  rmSync(dir, { recursive: true, force: true });
}

type Row = {
  stages: number;
  rules: number;
  bytes: number;
  times: number[];
  peak: number;
  rssBefore: number;
  problems: number;
};

function runChild(stages: number): Promise<Row> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [String(stages)], { execArgv: process.execArgv });
    child.once("message", (row) => resolve(row as Row));
    child.once("exit", (code) => (code === 0 ? undefined : reject(new Error(`size ${stages} exited with ${code}`))));
  });
}

async function mainProcess(): Promise<void> {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  console.log("stages  rules   file      first load   warm load   peak RSS   (RSS before load)");
  for (const stages of SIZES) {
    const row = await runChild(stages);
    if (row.problems !== 0)
      throw new Error(`generated blueprint with ${stages} stages did not load cleanly (${row.problems})`);
    const warm = Math.min(...row.times.slice(1));
    console.log(
      `${String(row.stages).padStart(6)}  ${String(row.rules).padStart(5)}  ${mb(row.bytes).padStart(8)}  ` +
        `${row.times[0].toFixed(0).padStart(8)} ms  ${warm.toFixed(0).padStart(7)} ms  ${mb(row.peak).padStart(9)}  (${mb(row.rssBefore)})`,
    );
  }
}

if (process.argv[2]) void measure(Number(process.argv[2]));
else void mainProcess();
