import type { Command } from "commander";
import { stringify } from "yaml";
import { loadBlueprint } from "../../blueprint";
import { setExitCode } from "../exit-code";
import { printDiagnostics } from "./validate";

async function run(file: string, options: { format: string }): Promise<void> {
  const { blueprint, diagnostics } = await loadBlueprint(file);
  printDiagnostics(diagnostics, process.stderr);
  if (!blueprint) {
    setExitCode(1);
    return;
  }
  if (options.format === "json") {
    process.stdout.write(`${JSON.stringify(blueprint, null, 2)}\n`);
  } else {
    process.stdout.write(`# ${file} resolved: extends applied, defaults filled in\n`);
    process.stdout.write(stringify(blueprint, { lineWidth: 0, aliasDuplicateObjects: false }));
  }
}

export function register(program: Command): void {
  program
    .command("show")
    .description("print the fully resolved blueprint (after extends, with defaults) as YAML")
    .argument("<file>", "blueprint file (YAML)")
    .option("--format <format>", "yaml or json", "yaml")
    .action(async (file: string, options: { format: string }) => {
      if (options.format !== "yaml" && options.format !== "json") {
        process.stderr.write(`revstack show: --format must be yaml or json, found "${options.format}"\n`);
        setExitCode(1);
        return;
      }
      await run(file, options);
    });
}
