import { Option, type Command } from "commander";
import { FORMATS, writeReview, type Format } from "../../review/render";
import { EngineError, reviewStack } from "../../review/stack";
import { setExitCode } from "../exit-code";

interface Flags {
  stack: string;
  format: Format;
  cwd?: string;
}

async function run(flags: Flags): Promise<void> {
  try {
    writeReview(await reviewStack(flags.stack, "preview", flags.cwd), flags.format);
  } catch (err) {
    if (!(err instanceof EngineError)) throw err;
    process.stderr.write(`revstack preview: ${err.message}\n`);
    setExitCode(1);
  }
}

export function register(program: Command): void {
  program
    .command("preview")
    .description("what `pulumi up` would change in the live systems, readable: no provider noise, secrets masked, manual steps listed")
    .requiredOption("--stack <name>", "Pulumi stack (its config is stacks/Pulumi.<name>.yaml)")
    .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("text"))
    .option("--cwd <dir>", "the revstack project (default: the nearest directory with a Pulumi.yaml)")
    .addHelpText("after", "\nExit 0 when the preview ran (with or without changes), 1 on an error.\nNeeds PULUMI_CONFIG_PASSPHRASE (or _FILE) for the stack's secrets.\n")
    .action((flags: Flags) => run(flags));
}
