/**
 * A local n8n kept running between commands (`revstack n8n start|stop|status`, the demo). The data dir holds what
 * the next command needs: `n8n.pid` (the PID this started, the only process `stop` signals) and
 * `n8n-service.json` (URL and version). The API key stays in `revstack-n8n.json` (mode 600); it is never printed.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { startN8n } from "./n8n";
import { files } from "./n8n-files";
import { findN8nInstall } from "./n8n-install";
import { stopPid } from "./stop-pid";

export interface N8nService {
  pid: number;
  url: string;
  version: string;
  dataDir: string;
  /** Where the API key (and the owner's login) is. */
  keyFile: string;
  logFile: string;
}

export type StartOutcome =
  { started: true; service: N8nService; startupMs: number } | { started: false; service: N8nService };

/** Starts n8n detached unless the PID this data dir recorded is still an n8n. `node` runs it (default: this one). */
export async function startService(options: { dataDir: string; port: number; node?: string }): Promise<StartOutcome> {
  const dataDir = resolve(options.dataDir);
  const running = serviceStatus(dataDir);
  if (running) return { started: false, service: running };
  const n8n = await startN8n({ dataDir, port: options.port, detached: true, node: options.node });
  const f = files(dataDir);
  writeFileSync(f.pid, `${n8n.pid}\n`);
  writeFileSync(f.info, `${JSON.stringify({ url: n8n.baseUrl, version: findN8nInstall().version })}\n`);
  return {
    started: true,
    startupMs: n8n.startupMs,
    service: {
      pid: n8n.pid,
      url: n8n.baseUrl,
      version: findN8nInstall().version,
      dataDir,
      keyFile: f.key,
      logFile: n8n.logFile,
    },
  };
}

/** Stops the PID this data dir recorded (nothing else); the PID it stopped, or undefined when none was running. */
export async function stopService(dataDir: string): Promise<number | undefined> {
  const running = serviceStatus(dataDir);
  if (running) await stopPid(running.pid);
  rmSync(files(resolve(dataDir)).pid, { force: true });
  return running?.pid;
}

/** The running n8n this data dir recorded, or undefined. */
export function serviceStatus(dataDir: string): N8nService | undefined {
  const f = files(resolve(dataDir));
  const pid = runningPid(f.pid);
  if (pid === undefined) return undefined;
  const info = existsSync(f.info)
    ? (JSON.parse(readFileSync(f.info, "utf8")) as { url?: string; version?: string })
    : {};
  return {
    pid,
    url: info.url ?? "unknown",
    version: info.version ?? "unknown",
    dataDir: resolve(dataDir),
    keyFile: f.key,
    logFile: f.log,
  };
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
