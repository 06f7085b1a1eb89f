/**
 * How long a fresh local n8n takes to become usable (spawn → public API up → API key working) and how
 * much memory it holds, main process plus its task-runner children, idle and after API + webhook traffic.
 *   npm run bench:n8n-startup
 */
import { readFileSync, readdirSync } from "node:fs";
import { N8nClient } from "../src/clients/n8n";
import { startN8n } from "../src/runtime/n8n";

const RUNS = 2;

/** RSS in MB of a process and its direct children, from /proc. */
function rssMb(pid: number): number {
  const children = readdirSync("/proc").filter((p) => /^\d+$/.test(p) && ppid(Number(p)) === pid);
  return [pid, ...children.map(Number)].reduce((sum, p) => sum + vmRss(p), 0) / 1024;
}
function ppid(pid: number): number | undefined {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")[1]);
  } catch {
    return undefined;
  }
}
function vmRss(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

async function traffic(client: N8nClient): Promise<number> {
  const path = "bench/echo";
  const wf = await client.createWorkflow({
    name: "bench echo",
    nodes: [
      {
        id: "b0000000-0000-4000-8000-000000000001",
        name: "Hook",
        type: "n8n-nodes-base.webhook",
        typeVersion: 2,
        position: [0, 0],
        webhookId: "b0000000-0000-4000-8000-0000000000aa",
        parameters: { httpMethod: "POST", path, responseMode: "lastNode", options: {} },
      },
      {
        id: "b0000000-0000-4000-8000-000000000002",
        name: "Echo",
        type: "n8n-nodes-base.code",
        typeVersion: 2,
        position: [200, 0],
        parameters: { mode: "runOnceForEachItem", jsCode: "return { json: { ok: true } };" },
      },
    ],
    connections: { Hook: { main: [[{ node: "Echo", type: "main", index: 0 }]] } },
    settings: {},
  });
  await client.activateWorkflow(wf.id);
  const calls = 50;
  const began = performance.now();
  for (let i = 0; i < calls; i++) {
    const res = await fetch(client.webhookUrl(path), {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    if (!res.ok) throw new Error(`webhook answered ${res.status}`);
  }
  return (performance.now() - began) / calls;
}

async function main() {
  for (let run = 1; run <= RUNS; run++) {
    const n8n = await startN8n();
    try {
      const idle = rssMb(n8n.pid);
      const perCall = await traffic(new N8nClient(n8n));
      console.log(
        `run ${run}: ready in ${(n8n.startupMs / 1000).toFixed(1)} s (fresh data dir, incl. API key bootstrap); ` +
          `RSS ${idle.toFixed(0)} MB idle, ${rssMb(n8n.pid).toFixed(0)} MB after 50 webhook executions ` +
          `(${perCall.toFixed(1)} ms per webhook round trip)`,
      );
    } finally {
      await n8n.stop();
    }
  }
}

main().catch((err) => {
  console.error(err.message);
  process.exitCode = 1;
});
