import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { bootstrapApiKey, type N8nOwner } from "./n8n-bootstrap";
import { findN8nInstall } from "./n8n-install";
import { stopPid } from "./stop-pid";

export interface StartN8nOptions {
  /** n8n's user folder (database, settings). Default: a fresh temp dir, removed again by stop(). */
  dataDir?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Keep n8n running after this process exits (the demo); it must then be stopped by PID. */
  detached?: boolean;
  /** Upper bound for start-up plus bootstrap. */
  timeoutMs?: number;
  /** The node binary n8n runs on (default: this process's); `revstack n8n` passes the Node 24 `setup` recorded. */
  node?: string;
  /**
   * More of n8n's environment, over revstack's defaults: queue mode's (`EXECUTIONS_MODE=queue`, Redis, PostgreSQL),
   * shared by the main instance and its workers (docs/routing-at-scale.md).
   */
  env?: Record<string, string>;
}

export interface RunningN8n {
  baseUrl: string;
  apiKey: string;
  pid: number;
  dataDir: string;
  logFile: string;
  /** From spawn until the public API answered and the API key worked. */
  startupMs: number;
  stop(): Promise<void>;
}

/** What a data dir remembers between starts, so a restarted n8n keeps its credentials and key (mode 600). */
interface InstanceSecrets extends N8nOwner {
  encryptionKey: string;
  apiKey?: string;
}

/**
 * Starts the cached n8n (scripts/setup-n8n.sh) on 127.0.0.1 with its own data folder and returns a
 * working public-API key. Every wait is bounded; on failure the process is stopped and the log tail reported.
 */
export async function startN8n(options: StartN8nOptions = {}): Promise<RunningN8n> {
  const install = findN8nInstall();
  if (!install.complete) {
    throw new Error(`n8n ${install.version} is not installed at ${install.dir}; run \`npx revstack setup --n8n\``);
  }
  const host = options.host ?? "127.0.0.1";
  const ownDataDir = options.dataDir === undefined;
  const dataDir = ownDataDir ? mkdtempSync(join(tmpdir(), "revstack-n8n-")) : resolve(options.dataDir!);
  mkdirSync(dataDir, { recursive: true });
  const secrets = loadSecrets(dataDir);
  // A fixed port is probed too: with another n8n on it, readiness polling would be answered by the wrong one.
  const port = await probePort(host, options.port ?? 0);
  const baseUrl = `http://${host}:${port}`;
  const logFile = join(dataDir, "n8n.log");

  const began = Date.now();
  const log = openSync(logFile, "a");
  const child = spawn(options.node ?? process.execPath, [install.bin, "start"], {
    cwd: dataDir,
    env: { ...n8nEnv(dataDir, host, port, await probePort(host, 0), secrets.encryptionKey), ...options.env },
    stdio: ["ignore", log, log],
    detached: options.detached ?? false,
  });
  closeSync(log);
  const pid = child.pid!;
  let exited: string | undefined;
  child.once("exit", (code, signal) => (exited = `exited with ${signal ?? `code ${code}`}`));
  if (options.detached) child.unref();

  const stop = async () => {
    await stopPid(pid);
    if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const deadline = began + (options.timeoutMs ?? 90_000);
    await waitForPublicApi(baseUrl, deadline, () => exited);
    const apiKey = await bootstrapApiKey(baseUrl, secrets, deadline);
    saveSecrets(dataDir, { ...secrets, apiKey });
    return { baseUrl, apiKey, pid, dataDir, logFile, startupMs: Date.now() - began, stop };
  } catch (err) {
    const tail = existsSync(logFile) ? readFileSync(logFile, "utf8").split("\n").slice(-15).join("\n") : "";
    await stopPid(pid);
    throw new Error(
      `n8n did not start at ${baseUrl}: ${(err as Error).message}\n--- ${logFile} (last lines) ---\n${tail}`,
      { cause: err },
    );
  }
}

export interface RunningN8nWorker {
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

/**
 * Starts an `n8n worker` for a main instance in queue mode (started with the same `env`), with the main instance's
 * encryption key; resolves once its health check says it is ready (database and Redis reached). Bounded: 90 s.
 */
export async function startN8nWorker(main: RunningN8n, env: Record<string, string>): Promise<RunningN8nWorker> {
  const install = findN8nInstall();
  const host = new URL(main.baseUrl).hostname;
  const healthPort = await probePort(host, 0);
  const dataDir = mkdtempSync(join(main.dataDir, "worker-"));
  const logFile = join(dataDir, "n8n-worker.log");
  const log = openSync(logFile, "a");
  const child = spawn(process.execPath, [install.bin, "worker"], {
    cwd: dataDir,
    env: {
      ...n8nEnv(
        dataDir,
        host,
        await probePort(host, 0),
        await probePort(host, 0),
        loadSecrets(main.dataDir).encryptionKey,
      ),
      ...env,
      QUEUE_HEALTH_CHECK_ACTIVE: "true",
      QUEUE_HEALTH_CHECK_PORT: String(healthPort),
      N8N_WORKER_SERVER_ADDRESS: host,
    },
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  const pid = child.pid!;
  let exited: string | undefined;
  child.once("exit", (code, signal) => (exited = `exited with ${signal ?? `code ${code}`}`));
  try {
    await waitForAnswer(`http://${host}:${healthPort}/healthz/readiness`, 200, Date.now() + 90_000, () => exited);
  } catch (err) {
    const tail = readFileSync(logFile, "utf8").split("\n").slice(-15).join("\n");
    await stopPid(pid);
    throw new Error(`n8n worker did not start: ${(err as Error).message}\n--- ${logFile} (last lines) ---\n${tail}`, {
      cause: err,
    });
  }
  return { pid, logFile, stop: () => stopPid(pid) };
}

function n8nEnv(dataDir: string, host: string, port: number, brokerPort: number, encryptionKey: string) {
  // Drop what the calling test runner or loader injected; n8n must run as a plain production process.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(N8N_|DB_|NODE_OPTIONS$|NODE_ENV$|VITEST|TSX_)/.test(k)),
  );
  return {
    ...inherited,
    NODE_ENV: "production",
    N8N_USER_FOLDER: dataDir,
    N8N_LISTEN_ADDRESS: host,
    N8N_HOST: host,
    N8N_PORT: String(port),
    N8N_PROTOCOL: "http",
    WEBHOOK_URL: `http://${host}:${port}/`,
    N8N_SECURE_COOKIE: "false",
    N8N_ENCRYPTION_KEY: encryptionKey,
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: "true",
    N8N_DIAGNOSTICS_ENABLED: "false",
    N8N_VERSION_NOTIFICATIONS_ENABLED: "false",
    N8N_TEMPLATES_ENABLED: "false",
    N8N_PERSONALIZATION_ENABLED: "false",
    N8N_HIRING_BANNER_ENABLED: "false",
    // The task broker listens on a fixed default port: a second instance would collide.
    N8N_RUNNERS_BROKER_PORT: String(brokerPort),
    DB_SQLITE_POOL_SIZE: "2",
    // n8n 2.x compiles every expression it evaluates (a syntax-tree rewrite) unless this caches the result; the
    // compiled workflows evaluate the same few hundred expressions on every lead, so without it a routing burst
    // spends about a fifth of n8n's main-thread time recompiling them (docs/routing-at-scale.md#throughput).
    N8N_EXPRESSION_ENGINE_COMPILE_CACHE: "true",
  };
}

/**
 * /healthz/readiness turns 200 about 2 s before the public API router is mounted (404 in between),
 * so readiness is the public API itself refusing a request without a key.
 */
function waitForPublicApi(baseUrl: string, deadline: number, exited: () => string | undefined): Promise<void> {
  return waitForAnswer(`${baseUrl}/api/v1/workflows?limit=1`, 401, deadline, exited);
}

async function waitForAnswer(
  url: string,
  status: number,
  deadline: number,
  exited: () => string | undefined,
): Promise<void> {
  let last = "no answer yet";
  while (Date.now() < deadline) {
    const gone = exited();
    if (gone) throw new Error(`n8n ${gone} before it was ready`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.status === status) return;
      last = `GET ${new URL(url).pathname} answered ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${new URL(url).pathname} (${last})`);
}

function loadSecrets(dataDir: string): InstanceSecrets {
  const file = join(dataDir, "revstack-n8n.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
  const secrets: InstanceSecrets = {
    encryptionKey: randomBytes(24).toString("hex"),
    email: "owner@revstack.local",
    // n8n requires 8-64 chars with a digit and an uppercase letter.
    password: `Rs1${randomBytes(12).toString("hex")}`,
  };
  saveSecrets(dataDir, secrets);
  return secrets;
}

function saveSecrets(dataDir: string, secrets: InstanceSecrets): void {
  writeFileSync(join(dataDir, "revstack-n8n.json"), JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600 });
}

/** Port 0 picks a free port; any other must be free or this rejects (EADDRINUSE). */
function probePort(host: string, port: number): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(port, host, () => {
      const { port: bound } = server.address() as { port: number };
      server.close(() => ok(bound));
    });
  });
}
