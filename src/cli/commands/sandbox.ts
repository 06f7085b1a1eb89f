import { InvalidArgumentError, type Command } from "commander";
import type { ExitWith } from "../shared/command";
import { DEFAULT_ADMIN_TOKEN, DEFAULT_TOKEN, startSandbox, type FaultConfig } from "../../sandbox";

interface SandboxFlags {
  port: number;
  host: string;
  token?: string[];
  adminToken?: string;
  state?: string;
  tier: 100 | 190 | 250;
  seed?: number;
  faults?: FaultConfig;
  rateLimits: boolean;
  portalId?: number;
  searchDelay?: number;
  demoPeople?: boolean;
}

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a whole number >= 0");
  return n;
}

function tier(value: string): 100 | 190 | 250 {
  if (value !== "100" && value !== "190" && value !== "250") throw new InvalidArgumentError("expected 100, 190 or 250");
  return Number(value) as 100 | 190 | 250;
}

function faults(value: string): FaultConfig {
  try {
    return JSON.parse(value) as FaultConfig;
  } catch {
    throw new InvalidArgumentError('expected JSON, e.g. {"error5xx":0.1,"seed":7}');
  }
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Runs until SIGTERM or SIGINT, then closes connections and saves the state file before returning. */
async function run(flags: SandboxFlags): Promise<number> {
  let sandbox;
  try {
    sandbox = await startSandbox({
      port: flags.port,
      host: flags.host,
      tokens: flags.token,
      adminToken: flags.adminToken,
      statePath: flags.state,
      tier: flags.tier,
      seed: flags.seed,
      faults: flags.faults,
      rateLimits: flags.rateLimits,
      portalId: flags.portalId,
      searchIndexDelayMs: flags.searchDelay ?? 1000,
      demoPeople: flags.demoPeople === true,
    });
  } catch (err) {
    process.stderr.write(`revstack sandbox: ${(err as Error).message}\n`);
    return 1;
  }
  process.stdout.write(`listening on ${sandbox.url}\n`);
  process.stdout.write(`portal id: ${sandbox.portalId}\n`);
  // Only the built-in development tokens are echoed; tokens the user chose are never printed.
  if (!flags.token) process.stdout.write(`token: ${DEFAULT_TOKEN}\n`);
  if (!flags.adminToken) process.stdout.write(`admin token: ${DEFAULT_ADMIN_TOKEN}\n`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once("SIGTERM", resolve);
    process.once("SIGINT", resolve);
  });
  await sandbox.stop();
  process.stderr.write(`sandbox stopped (${signal})\n`);
  return 0;
}

export function register(program: Command, exit: ExitWith): void {
  program
    .command("sandbox")
    .description("run a local HubSpot-compatible API server (a fresh HubSpot portal)")
    .option("--port <n>", "port to listen on; 0 picks a free one", integer, 0)
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .option("--token <t>", `accepted bearer token, repeatable (default ${DEFAULT_TOKEN})`, collect)
    .option("--admin-token <t>", `token for /__sandbox/* (default ${DEFAULT_ADMIN_TOKEN})`)
    .option("--state <file>", "state file: loaded at start, saved atomically after changes")
    .option("--tier <n>", "rate-limit tier: requests per 10 s per token (100, 190 or 250)", tier, 100)
    .option("--seed <n>", "seed for fault injection", integer)
    .option("--faults <json>", 'fault injection, e.g. {"error5xx":0.05,"latencyMs":50}', faults)
    .option("--no-rate-limits", "turn rate limiting off")
    .option(
      "--demo-people",
      "a new portal also gets a demo sales team (six users with owners, three teams); without it a new portal is as HubSpot hands it over",
    )
    .option(
      "--portal-id <n>",
      "the portal's id (default: derived from --state, so two sandboxes differ; random without one)",
      integer,
    )
    .option(
      "--search-delay <ms>",
      "how long a write takes to reach search results, like HubSpot's index (default 1000; 0: at once)",
      integer,
    )
    .action(async (flags: SandboxFlags) => exit(await run(flags)));
}
