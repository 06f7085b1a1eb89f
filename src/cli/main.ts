import { Command, CommanderError } from "commander";
import { commands } from "./commands";
import { oneLine } from "../unexpected";
import { takeExitCode } from "./exit-code";

/** Builds the `revstack` command tree; each command lives in its own file under `commands/`. */
export function buildProgram(): Command {
  const program = new Command("revstack")
    .description("Infrastructure as code for revenue stacks: blueprints applied to HubSpot and n8n")
    // package.json is outside the compiled tree, so it is read when the CLI runs.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    .version(require("../../../package.json").version)
    .showHelpAfterError()
    .exitOverride();
  for (const register of commands) register(program);
  return program;
}

/** Runs the CLI and resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  takeExitCode();
  try {
    await buildProgram().parseAsync(argv);
    return takeExitCode();
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    // One line for the user; an unexpected error's full trace goes to the log file the line names.
    process.stderr.write(`revstack: ${oneLine(err, `revstack ${argv.slice(2).join(" ")}`)}\n`);
    return 1;
  }
}
