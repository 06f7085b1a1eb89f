import { Command, CommanderError } from "commander";
import { commands } from "./commands";
import { oneLine } from "../unexpected";
import { runProgram } from "./shared/command";

/** The `revstack` program, without its commands; each command lives in its own file under `commands/`. */
function buildProgram(): Command {
  return (
    new Command("revstack")
      .description("Infrastructure as code for revenue stacks: blueprints applied to HubSpot and n8n")
      // package.json is outside the compiled tree, so it is read when the CLI runs.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      .version(require("../../../package.json").version)
      .showHelpAfterError()
      .exitOverride()
  );
}

/**
 * Runs the CLI and resolves to the exit code the command returned; `bin/revstack.js` sets `process.exitCode`
 * from it (no `process.exit`, so output is flushed, and tests call `main` repeatedly).
 */
export async function main(argv: string[]): Promise<number> {
  try {
    return await runProgram(buildProgram(), commands, argv);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    // One line for the user; an unexpected error's full trace goes to the log file the line names.
    process.stderr.write(`revstack: ${oneLine(err, `revstack ${argv.slice(2).join(" ")}`)}\n`);
    return 1;
  }
}
