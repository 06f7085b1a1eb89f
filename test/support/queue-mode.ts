// n8n's queue mode for the tests that need it: Redis and PostgreSQL from Debian's packages (.ci/run installs them),
// each started on a free 127.0.0.1 port with its own temporary directory and stopped again by its PID.
import { spawn, spawnSync } from "node:child_process";
import { chownSync, closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stopPid } from "../../src/runtime/stop-pid";

export interface Service {
  pid: number;
  port: number;
  stop(): Promise<void>;
}

/** Whether this machine has the programs queue mode needs (the test is skipped without them, outside CI). */
export function queueModeInstalled(): boolean {
  return spawnSync("redis-server", ["--version"]).status === 0 && postgresBin() !== undefined;
}

/** Debian's PostgreSQL puts its server programs under /usr/lib/postgresql/<major>/bin. */
function postgresBin(): string | undefined {
  try {
    const majors = readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a));
    return majors.length > 0 ? `/usr/lib/postgresql/${majors[0]}/bin` : undefined;
  } catch {
    return undefined;
  }
}

/** A Redis that keeps nothing on disk. */
export async function startRedis(): Promise<Service> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "revstack-redis-"));
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir];
  return started("redis-server", args, {}, dir, port);
}

/**
 * A PostgreSQL cluster in a temporary directory, trusting local connections. PostgreSQL refuses to run as root: as
 * root, it runs as Debian's `postgres` user. n8n connects as `DB_POSTGRESDB_USER` (see `postgresEnv`).
 */
export async function startPostgres(): Promise<Service> {
  const bin = postgresBin();
  if (!bin) throw new Error("PostgreSQL is not installed (apt-get install -y postgresql)");
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "revstack-postgres-"));
  const owner = process.getuid?.() === 0 ? idsOf("postgres") : {};
  if (owner.uid !== undefined) chownSync(dir, owner.uid, owner.gid!);
  const init = spawnSync(`${bin}/initdb`, ["-D", join(dir, "data"), "-U", "n8n", "--auth=trust", "-E", "UTF8"], {
    ...owner,
    encoding: "utf8",
    timeout: 60_000,
  });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  const args = ["-D", join(dir, "data"), "-p", String(port), "-k", dir, "-c", "listen_addresses=127.0.0.1"];
  const server = await started(`${bin}/postgres`, args, owner, dir, port);
  // It listens a moment before it takes queries ("the database system is starting up").
  for (let i = 0; i < 50; i++) {
    if (spawnSync(`${bin}/pg_isready`, ["-h", "127.0.0.1", "-p", String(port)]).status === 0) return server;
    await new Promise((r) => setTimeout(r, 200));
  }
  await server.stop();
  throw new Error(`PostgreSQL on port ${port} did not become ready within 10 s`);
}

/** The environment n8n's main instance and its workers share in queue mode. */
export function queueModeEnv(redis: Service, postgres: Service): Record<string, string> {
  return {
    EXECUTIONS_MODE: "queue",
    QUEUE_BULL_REDIS_HOST: "127.0.0.1",
    QUEUE_BULL_REDIS_PORT: String(redis.port),
    DB_TYPE: "postgresdb",
    DB_POSTGRESDB_HOST: "127.0.0.1",
    DB_POSTGRESDB_PORT: String(postgres.port),
    DB_POSTGRESDB_DATABASE: "postgres",
    DB_POSTGRESDB_USER: "n8n",
  };
}

function idsOf(user: string): { uid?: number; gid?: number } {
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${user}:`));
  if (!line) throw new Error(`no user ${user} to run PostgreSQL as (it refuses root)`);
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

/** Spawns a server and resolves once it accepts connections on `port` (bounded: 30 s); its log is in `dir`. */
async function started(
  command: string,
  args: string[],
  ids: { uid?: number; gid?: number },
  dir: string,
  port: number,
): Promise<Service> {
  const logFile = join(dir, "server.log");
  const log = openSync(logFile, "a");
  const child = spawn(command, args, { ...ids, cwd: dir, stdio: ["ignore", log, log] });
  closeSync(log);
  const pid = child.pid!;
  let exited = false;
  child.once("exit", () => (exited = true));
  const stop = async () => {
    await stopPid(pid);
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 150 && !exited; i++) {
    if (await accepts(port)) return { pid, port, stop };
    await new Promise((r) => setTimeout(r, 200));
  }
  const tail = readFileSync(logFile, "utf8").split("\n").slice(-10).join("\n");
  await stop();
  throw new Error(`${command} did not start on port ${port}:\n${tail}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const socket = new Socket();
    socket.setTimeout(1000);
    socket.once("connect", () => (socket.destroy(), ok(true)));
    socket.once("error", () => ok(false));
    socket.once("timeout", () => (socket.destroy(), ok(false)));
    socket.connect(port, "127.0.0.1");
  });
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}
