import { InvalidArgumentError, type Command } from "commander";
import * as path from "node:path";
import { findProjectDir, recordedBin } from "../../project/paths";
import { serviceStatus, startService, stopService, type N8nService } from "../../runtime/n8n-service";
import type { ExitWith } from "../shared/command";

interface N8nFlags {
  dataDir: string;
  port: number;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError("expected a port from 0 to 65535");
  return n;
}

const describe = (s: N8nService) =>
  `n8n ${s.version} on ${s.url} (pid ${s.pid}), data in ${s.dataDir}\nAPI key in ${s.keyFile}, log in ${s.logFile}\n`;

async function start(flags: N8nFlags): Promise<number> {
  const projectDir = findProjectDir(process.cwd()) ?? process.cwd();
  const nodeBin = recordedBin("node", projectDir);
  try {
    const outcome = await startService({
      dataDir: flags.dataDir,
      port: flags.port,
      node: nodeBin && path.join(nodeBin, "node"),
    });
    const s = outcome.service;
    process.stdout.write(
      outcome.started
        ? `n8n listening on ${s.url} (pid ${s.pid}, started in ${(outcome.startupMs / 1000).toFixed(1)} s)\nAPI key in ${s.keyFile}, log in ${s.logFile}\n`
        : `n8n already running (pid ${s.pid}) on ${s.url}, data in ${s.dataDir}\n`,
    );
    return 0;
  } catch (err) {
    process.stderr.write(`revstack n8n start: ${(err as Error).message}\n`);
    return 1;
  }
}

async function stop(flags: N8nFlags): Promise<number> {
  const pid = await stopService(flags.dataDir);
  process.stdout.write(pid ? `n8n (pid ${pid}) stopped\n` : "n8n was not running\n");
  return 0;
}

function status(flags: N8nFlags): number {
  const s = serviceStatus(flags.dataDir);
  if (s) {
    process.stdout.write(describe(s));
    return 0;
  }
  process.stdout.write(`n8n is not running (data dir ${path.resolve(flags.dataDir)})\n`);
  return 3;
}

export function register(program: Command, exit: ExitWith): void {
  const n8n = program
    .command("n8n")
    .description("the local n8n the routing and automations run in: start, stop, status");
  const common = (c: Command) =>
    c.option("--data-dir <dir>", "n8n's data folder (database, API key, PID)", ".revstack/n8n");
  common(
    n8n
      .command("start")
      .description("start n8n on 127.0.0.1 in the background (once; prints URL, PID and where the API key is)"),
  )
    .option("--port <n>", "port (0: a free one)", port, 5678)
    .action(async (flags: N8nFlags) => exit(await start(flags)));
  common(n8n.command("stop").description("stop the n8n that `start` started (only that PID)")).action(
    async (flags: N8nFlags) => exit(await stop(flags)),
  );
  common(
    n8n.command("status").description("URL, PID, version and where the API key is; exit 3 when not running"),
  ).action((flags: N8nFlags) => exit(status(flags)));
}
