import type { Command } from "commander";
import { TargetError } from "../../reporting/target";
import { routingLog } from "../../routing/log";
import type { ExitWith } from "../shared/command";
import { exitCode } from "../shared/errors";
import { EngineError } from "../../project/pulumi";
import { N8nApiError } from "../../clients/n8n/http";

interface LogFlags {
  stack: string;
  lead?: string;
  limit: string;
  cwd?: string;
}

async function log(flags: LogFlags): Promise<number> {
  return exitCode(
    "routing log",
    async () => {
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new TargetError(`--limit must be a whole number above 0`);
      for (const line of await routingLog(flags.stack, { lead: flags.lead, limit, cwd: flags.cwd }))
        process.stdout.write(`${line}\n`);
      return 0;
    },
    [EngineError, TargetError, N8nApiError],
  );
}

export function register(program: Command, exit: ExitWith): void {
  const routing = program.command("routing").description("live routing: what the routing workflow decided");
  routing
    .command("log")
    .description(
      "recent routing decisions, newest first: lead, rule, strategy, the candidates and why each was skipped, owner, when",
    )
    .requiredOption("--stack <name>", "the stack whose routing log to read (stacks/Pulumi.<name>.yaml)")
    .option("--lead <id>", "only this lead (its HubSpot contact id): every delivery of it")
    .option("--limit <n>", "how many decisions", "20")
    .option("--cwd <dir>", "the project directory (default: the nearest Pulumi.yaml)")
    .action(async (flags: LogFlags) => exit(await log(flags)));
}
