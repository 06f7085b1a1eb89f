import type { Command } from "commander";
import { runDoctor } from "../../doctor";
import type { ExitWith } from "../shared/command";
import { exitCode } from "../shared/errors";

export function register(program: Command, exit: ExitWith): void {
  program
    .command("doctor")
    .description(
      "read-only first contact with the stack's portal and n8n: token, portal id, scopes, paths, rate tier, n8n",
    )
    .requiredOption("--stack <name>", "Pulumi stack (its config is stacks/Pulumi.<name>.yaml)")
    .option("--cwd <dir>", "the revstack project (default: the nearest directory with a Pulumi.yaml)")
    .addHelpText(
      "after",
      "\nExit 0: every line is ✓. Exit 1: a ✗ line says what to do. Nothing is written to HubSpot or n8n.\n" +
        "The token comes from HUBSPOT_TOKEN or the stack's secret (needs PULUMI_CONFIG_PASSPHRASE); n8n's key from N8N_API_KEY or n8n:apiKey.\n",
    )
    .action(async (flags: { stack: string; cwd?: string }) =>
      exit(await exitCode("doctor", () => runDoctor(flags.stack, { cwd: flags.cwd }))),
    );
}
