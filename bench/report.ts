/**
 * `npm run bench:report`: a report over 100,000 deals. Seeds a sandbox through the HubSpot API (batch create),
 * then runs the report in its own process and prints wall time, API calls (the sandbox's own count) and that
 * process's peak memory. The sandbox runs in a third process so its memory is not counted.
 *
 *   npm run bench:report -- [deals=100000] [contacts=10000] [tier=250]
 */
import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import YAML from "yaml";
import { Blueprint } from "../src/blueprint/model";
import { writeReport } from "../src/reporting/run";
import { startSandbox } from "../src/sandbox";
import { seedPortal } from "../src/seed";
import { applyCrm } from "../test/support/apply-crm";

const TOKEN = "bench-token";
const ADMIN = "bench-admin";
const AS_OF = Date.UTC(2026, 10, 1);
const blueprint = () => Blueprint.parse(YAML.parse(readFileSync(join(__dirname, "../blueprints/base.yaml"), "utf8")));

interface Stats {
  reads: number;
  writes: number;
  byRoute: Record<string, number>;
}

async function stats(url: string, reset = false): Promise<Stats> {
  const res = await fetch(`${url}/__sandbox/stats${reset ? "/reset" : ""}`, {
    method: reset ? "POST" : "GET",
    headers: { "X-Sandbox-Admin-Token": ADMIN },
  });
  return reset ? { reads: 0, writes: 0, byRoute: {} } : ((await res.json()) as Stats);
}

/** Child: the sandbox, until the parent disconnects. */
async function sandboxProcess(tier: 100 | 190 | 250): Promise<void> {
  const sb = await startSandbox({ port: 0, tier, tokens: [TOKEN], adminToken: ADMIN });
  process.send!({ url: sb.url });
  process.once("disconnect", () => void sb.stop().then(() => process.exit(0)));
}

/** Child: one report, measured alone. */
async function reportProcess(url: string): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), "revstack-bench-report-"));
  const started = performance.now();
  const { model, files } = await writeReport({ baseUrl: url, token: TOKEN }, blueprint(), out, AS_OF);
  const ms = performance.now() - started;
  process.send!({
    ms,
    deals: model.deals,
    contacts: model.contacts,
    calls: model.apiCalls,
    peak: process.resourceUsage().maxRSS * 1024,
    html: statSync(files.html).size,
  });
  rmSync(out, { recursive: true, force: true });
}

function child<T>(args: string[]): Promise<{ proc: ChildProcess; first: T }> {
  return new Promise((resolve, reject) => {
    const proc = fork(__filename, args, { execArgv: process.execArgv });
    proc.once("message", (first) => resolve({ proc, first: first as T }));
    proc.once("exit", (code) => reject(new Error(`${args[0]} process exited with ${code} before reporting`)));
  });
}

async function main(): Promise<void> {
  const [deals = 100_000, contacts = 10_000, tier = 250] = process.argv.slice(2).map(Number);
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
  const {
    proc: sandbox,
    first: { url },
  } = await child<{ url: string }>(["sandbox", String(tier)]);
  try {
    let t = performance.now();
    await applyCrm({ baseUrl: url, token: TOKEN }, blueprint());
    const seeded = await seedPortal({ baseUrl: url, token: TOKEN }, blueprint(), {
      seed: 1,
      deals,
      contacts,
      asOf: AS_OF,
      historyDays: 540,
    });
    const seedStats = await stats(url);
    console.log(
      `seed:   ${seeded.deals.toLocaleString("en-US")} deals + ${seeded.contacts.toLocaleString("en-US")} leads in ${((performance.now() - t) / 1000).toFixed(1)} s, ` +
        `${(seedStats.reads + seedStats.writes).toLocaleString("en-US")} API calls (${seedStats.writes} writes), tier ${tier} rate limit`,
    );
    await stats(url, true);
    t = performance.now();
    const { proc, first: r } = await child<{
      ms: number;
      deals: number;
      contacts: number;
      calls: number;
      peak: number;
      html: number;
    }>(["report", url]);
    proc.disconnect();
    const wall = performance.now() - t;
    const reportStats = await stats(url);
    console.log(
      `report: ${r.deals.toLocaleString("en-US")} deals + ${r.contacts.toLocaleString("en-US")} leads in ${(r.ms / 1000).toFixed(1)} s ` +
        `(${(wall / 1000).toFixed(1)} s with process start), ${reportStats.reads + reportStats.writes} API calls seen by the sandbox ` +
        `(${r.calls} counted by the report), peak RSS ${mb(r.peak)}, report.html ${(r.html / 1024).toFixed(0)} KB`,
    );
    const top = Object.entries(reportStats.byRoute)
      .sort(([, a], [, b]) => b - a)
      .slice(0, 4)
      .map(([route, n]) => `${route} ${n}`);
    console.log(`        by route: ${top.join(", ")}`);
  } finally {
    sandbox.disconnect();
  }
}

if (process.argv[2] === "sandbox") void sandboxProcess(Number(process.argv[3]) as 100 | 190 | 250);
else if (process.argv[2] === "report") void reportProcess(process.argv[3]);
else void main();
