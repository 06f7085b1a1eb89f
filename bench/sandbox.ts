/**
 * Sandbox throughput and memory. Prints requests/s for a read-heavy and a write-heavy mix against `revstack sandbox`
 * in its own process (as providers meet it), then memory with 1,000 pipelines x 20 stages loaded, then a
 * seeding-sized portal. Run: npm run bench:sandbox
 */
import { createInterface } from "node:readline";
import { Agent, request } from "node:http";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "../src/sandbox";
import { spawnSandboxCli } from "../test/sandbox/cli-process";

const CONCURRENCY = 16;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

type Target = Pick<Sandbox, "url" | "tokens">;

/**
 * CPU time a process has used (user + system, Linux /proc). Requests per CPU-second is the server's own capacity,
 * independent of how busy the shared machine is; wall-clock requests/s is what a client saw at that moment.
 */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The sandbox command in a child process, run from source; resolves once it prints its URL. */
function serverProcess(args: string[]): Promise<Target & { cpuSeconds(): number; stop(): Promise<void> }> {
  const child = spawnSandboxCli(args, ["ignore", "pipe", "inherit"]);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`sandbox exited with ${code}`)));
    createInterface({ input: child.stdout! }).once("line", (line) =>
      resolve({
        url: line.replace(/^listening on /, ""),
        tokens: ["sandbox-token"],
        cpuSeconds: () => cpuSeconds(child.pid!),
        stop: async () => {
          child.kill("SIGTERM");
          await exited;
        },
      }),
    );
  });
}

function call(sb: Target, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${sb.url}${path}`,
      {
        method,
        agent,
        headers: {
          Authorization: `Bearer ${sb.tokens[0]}`,
          ...(payload ? { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString();
          resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined });
        });
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

const stages = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => ({
    label: `${prefix} ${i}`,
    displayOrder: i,
    metadata: { probability: String((i % 11) / 10) },
  }));

type Op = (sb: Target, i: number) => Promise<{ status: number }>;

/** Runs `ops` round-robin from CONCURRENCY workers for `seconds`; returns requests/s and the error count. */
async function mix(
  sb: Target,
  ops: Op[],
  seconds = SECONDS,
): Promise<{ perSecond: number; errors: number; total: number }> {
  const deadline = Date.now() + seconds * 1000;
  let total = 0;
  let errors = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      for (let i = worker; Date.now() < deadline; i += CONCURRENCY) {
        const res = await ops[i % ops.length](sb, i);
        total++;
        if (res.status >= 400) errors++;
      }
    }),
  );
  return { perSecond: Math.round(total / ((Date.now() - started) / 1000)), errors, total };
}

/** Runs both mixes against a fresh sandbox; with `statePath`, every write also reaches the state file. */
async function mixes(statePath?: string) {
  const sb = await serverProcess(["--port", "0", "--no-rate-limits", ...(statePath ? ["--state", statePath] : [])]);
  const pipeline = (
    await call(sb, "POST", "/crm/pipelines/2026-09/deals", { label: "Bench", displayOrder: 1, stages: stages(20, "S") })
  ).json;
  const deal = (
    await call(sb, "POST", "/crm/objects/2026-09/deals", {
      properties: { dealname: "Bench deal", pipeline: pipeline.id, dealstage: pipeline.stages[0].id },
    })
  ).json;

  const reads: Op[] = [
    (s) => call(s, "GET", "/crm/pipelines/2026-09/deals"),
    (s) => call(s, "GET", `/crm/pipelines/2026-09/deals/${pipeline.id}`),
    (s) => call(s, "GET", `/crm/pipelines/2026-09/deals/${pipeline.id}/stages`),
    (s) => call(s, "GET", "/crm/owners/2026-09/"),
    (s) => call(s, "GET", `/crm/objects/2026-09/deals/${deal.id}`),
    (s) => call(s, "GET", "/crm/properties/2026-09/deals"),
    (s) => call(s, "GET", "/settings/users/2026-03/"),
    (s) => call(s, "GET", "/account-info/2026-09/details"),
    (s) => call(s, "GET", `/crm/pipelines/2026-09/deals/${pipeline.id}`),
    (s, i) => call(s, "PATCH", `/crm/objects/2026-09/deals/${deal.id}`, { properties: { amount: String(i) } }),
  ];
  const writes: Op[] = [
    (s, i) =>
      call(s, "POST", "/crm/objects/2026-09/deals", {
        properties: { dealname: `D${i}`, pipeline: pipeline.id, dealstage: pipeline.stages[i % 20].id },
      }),
    (s, i) => call(s, "PATCH", `/crm/objects/2026-09/deals/${deal.id}`, { properties: { amount: String(i) } }),
    (s, i) =>
      call(s, "PATCH", `/crm/pipelines/2026-09/deals/${pipeline.id}/stages/${pipeline.stages[i % 20].id}`, {
        label: `S ${i % 20}`,
        metadata: { probability: "0.5" },
      }),
    (s, i) => call(s, "POST", "/crm/properties/2026-09/deals/groups", { name: `g${i}`, label: `Group ${i}` }),
    (s) => call(s, "GET", `/crm/pipelines/2026-09/deals/${pipeline.id}`),
  ];
  const where = statePath ? "with --state" : "in memory";
  await mix(sb, reads, 1); // warm-up: JIT and connection set-up are not what is measured
  const cpuBefore = sb.cpuSeconds();
  const readHeavy = await mix(sb, reads);
  const perCpuSecond = Math.round(readHeavy.total / (sb.cpuSeconds() - cpuBefore));
  console.log(
    `read-heavy mix (90% reads), ${where}:   ${readHeavy.perSecond} requests/s = ${Math.round(readHeavy.perSecond * 0.9)} reads/s  (${readHeavy.total} requests, ${readHeavy.errors} errors, ${CONCURRENCY} connections)`,
  );
  console.log(
    `  server capacity: ${perCpuSecond} read-heavy requests per CPU-second of the sandbox process = ${Math.round(perCpuSecond * 0.9)} reads/s on one free core`,
  );
  const writeHeavy = await mix(sb, writes);
  console.log(
    `write-heavy mix (80% writes), ${where}: ${writeHeavy.perSecond} requests/s  (${writeHeavy.total} requests, ${writeHeavy.errors} errors)`,
  );
  await sb.stop();
  return Math.round(perCpuSecond * 0.9);
}

async function main(): Promise<void> {
  const readsPerSecond = await mixes();
  const dir = mkdtempSync(join(tmpdir(), "revstack-bench-"));
  await mixes(join(dir, "state.json"));
  rmSync(dir, { recursive: true, force: true });

  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage();
  const loaded = await startSandbox({ rateLimits: false });
  const started = Date.now();
  for (let p = 0; p < 1000; p += CONCURRENCY) {
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, 1000 - p) }, (_, k) =>
        call(loaded, "POST", "/crm/pipelines/2026-09/deals", {
          label: `Pipeline ${p + k}`,
          displayOrder: p + k,
          stages: stages(20, "Stage"),
        }),
      ),
    );
  }
  const loadSeconds = (Date.now() - started) / 1000;
  const readStart = Date.now();
  const list = await call(loaded, "GET", "/crm/pipelines/2026-09/deals");
  const listMs = Date.now() - readStart;
  (globalThis as { gc?: () => void }).gc?.();
  const after = process.memoryUsage();
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  console.log(
    `1,000 pipelines x 20 stages: loaded through the API in ${loadSeconds.toFixed(1)} s; listing all ${list.json.results.length} took ${listMs} ms`,
  );
  console.log(
    `memory: heap used +${mb(after.heapUsed - before.heapUsed)} MB (${mb(after.heapUsed)} MB total), rss ${mb(after.rss)} MB${(globalThis as { gc?: unknown }).gc ? "" : " (run with --expose-gc for exact heap figures)"}`,
  );
  await loaded.stop();
  agent.destroy();
  await largePortal();
  const goal = 2000;
  const verdict = readsPerSecond >= goal ? "goal met" : "GOAL MISSED";
  console.log(
    `${verdict}: ${readsPerSecond} reads/s per core of sandbox CPU (goal ${goal}); wall-clock figures above depend on the machine's load`,
  );
}

/** Seeding-sized portals: batch creates with unique emails and a state file, then a search over all deals. */
async function largePortal(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "revstack-bench-"));
  const statePath = join(dir, "state.json");
  const sb = await startSandbox({ rateLimits: false, statePath });
  const started = Date.now();
  const batches = 500;
  for (let b = 0; b < batches; b += CONCURRENCY) {
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, batches - b) }, (_, k) => {
        const n = b + k;
        const inputs = Array.from({ length: 100 }, (_, i) => ({
          properties: { email: `c${n}-${i}@example.com`, firstname: `C${i}` },
        }));
        return call(
          sb,
          "POST",
          n % 2 ? "/crm/objects/2026-09/contacts/batch/create" : "/crm/objects/2026-09/deals/batch/create",
          n % 2
            ? { inputs }
            : {
                inputs: inputs.map((_, i) => ({
                  properties: { dealname: `Deal ${n}-${i}`, amount: String(i * 10), dealstage: "closedwon" },
                })),
              },
        );
      }),
    );
  }
  const seconds = (Date.now() - started) / 1000;
  const searchStart = Date.now();
  const found = await call(sb, "POST", "/crm/objects/2026-09/deals/search", {
    filterGroups: [{ filters: [{ propertyName: "amount", operator: "GTE", value: "900" }] }],
    limit: 100,
  });
  const searchMs = Date.now() - searchStart;
  await sb.stop();
  const { size } = statSync(statePath);
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `25,000 deals + 25,000 contacts by batch create with --state: ${Math.round(50_000 / seconds)} records/s; search over 25,000 deals ${searchMs} ms (total ${found.json.total}); state file ${(size / 1024 / 1024).toFixed(1)} MB`,
  );
}

main().catch((err: Error) => {
  console.error(`bench failed: ${err.message}`);
  process.exitCode = 1;
});
