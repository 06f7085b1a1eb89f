import { Option, type Command } from "commander";
import { FORMATS, writeReview, type Format } from "../../review/render";
import { fixDrift, reviewStack } from "../../review/stack";
import type { ExitWith } from "../shared/command";
import { exitCode } from "../shared/errors";

interface Flags {
  stack: string;
  fix?: boolean;
  format: Format;
  cwd?: string;
}

export const NO_DRIFT = 0;
export const DRIFT = 2;

async function run(flags: Flags): Promise<number> {
  const review = await reviewStack(flags.stack, "drift", flags.cwd);
  let code = review.changes.length === 0 ? NO_DRIFT : DRIFT;
  if (code === DRIFT && flags.fix) {
    const fixed = await fixDrift(flags.stack, flags.cwd);
    review.notes = [
      ...(review.notes ?? []),
      fixed
        ? "--fix applied the blueprint: the live system now matches it."
        : "--fix applied the blueprint, but the live system still differs: run revstack drift again to see what is left.",
    ];
    code = fixed ? NO_DRIFT : 1;
  }
  writeReview(review, flags.format);
  return code;
}

export function register(program: Command, exit: ExitWith): void {
  program
    .command("drift")
    .description("compare the live CRM (and n8n) with the blueprint: what someone changed by hand")
    .requiredOption("--stack <name>", "Pulumi stack (its config is stacks/Pulumi.<name>.yaml)")
    .option("--fix", "apply the blueprint to undo the drift (pulumi up --refresh)")
    .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("text"))
    .option("--cwd <dir>", "the revstack project (default: the nearest directory with a Pulumi.yaml)")
    .addHelpText(
      "after",
      "\nExit 0: no drift (or --fix repaired it). Exit 2: drift. Exit 1: an error (or drift left after --fix).\nNeeds PULUMI_CONFIG_PASSPHRASE (or _FILE) for the stack's secrets.\n",
    )
    .action(async (flags: Flags) => exit(await exitCode("drift", () => run(flags))));
}
