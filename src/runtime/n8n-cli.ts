/**
 * Keeps a local n8n running between commands (the demo):
 *   node dist/src/runtime/n8n-cli.js start [--data-dir .revstack/n8n] [--port 5678]
 *   node dist/src/runtime/n8n-cli.js stop  [--data-dir .revstack/n8n]
 * The API key stays in <data-dir>/revstack-n8n.json (mode 600); it is never printed.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { startN8n } from "./n8n";
import { stopPid } from "./stop-pid";

async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { "data-dir": { type: "string", default: ".revstack/n8n" }, port: { type: "string", default: "5678" } },
  });
  const dataDir = resolve(values["data-dir"]);
  const pidFile = join(dataDir, "n8n.pid");
  const running = runningPid(pidFile);
  switch (positionals[0]) {
    case "start": {
      if (running) {
        console.log(`n8n already running (pid ${running}), data in ${dataDir}`);
        return 0;
      }
      const n8n = await startN8n({ dataDir, port: Number(values.port), detached: true });
      writeFileSync(pidFile, `${n8n.pid}\n`);
      console.log(`n8n listening on ${n8n.baseUrl} (pid ${n8n.pid}, started in ${(n8n.startupMs / 1000).toFixed(1)} s)`);
      console.log(`API key in ${join(dataDir, "revstack-n8n.json")}, log in ${n8n.logFile}`);
      return 0;
    }
    case "stop":
      if (running) await stopPid(running);
      rmSync(pidFile, { force: true });
      console.log(running ? `n8n (pid ${running}) stopped` : "n8n was not running");
      return 0;
    default:
      console.error("usage: n8n-cli start|stop [--data-dir <dir>] [--port <n>]");
      return 2;
  }
}

/** The recorded PID, if that process is still an n8n (a reused PID must not be signalled). */
function runningPid(pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("n8n") ? pid : undefined;
  } catch {
    return undefined;
  }
}

run(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err) => {
    console.error(`error: ${(err as Error).message}`);
    process.exitCode = 1;
  },
);
