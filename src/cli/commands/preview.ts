import { Option, type Command } from "commander";
import { FORMATS, writeReview, type Format } from "../../review/render";
import { reviewStack } from "../../review/stack";
import { findProject } from "../../review/engine/run";
import type { ExitWith } from "../shared/command";
import { exitCode } from "../shared/errors";
import { ensureStack } from "../shared/stack-init";

interface Flags {
  stack: string;
  format: Format;
  cwd?: string;
}

async function run(flags: Flags): Promise<number> {
  await ensureStack(findProject(flags.cwd ?? process.cwd()), flags.stack);
  writeReview(await reviewStack(flags.stack, "preview", flags.cwd), flags.format);
  return 0;
}

export function register(program: Command, exit: ExitWith): void {
  program
    .command("preview")
    .description(
      "what `pulumi up` would change in the live systems, readable: no provider noise, secrets masked, manual steps listed",
    )
    .requiredOption("--stack <name>", "Pulumi stack (its config is stacks/Pulumi.<name>.yaml)")
    .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("text"))
    .option("--cwd <dir>", "the revstack project (default: the nearest directory with a Pulumi.yaml)")
    .addHelpText(
      "after",
      "\nExit 0 when the preview ran (with or without changes), 1 on an error.\nNeeds PULUMI_CONFIG_PASSPHRASE (or _FILE) for the stack's secrets.\n",
    )
    .action(async (flags: Flags) => exit(await exitCode("preview", () => run(flags))));
}
