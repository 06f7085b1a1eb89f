import type { Command } from "commander";
import { stringify } from "yaml";
import { loadBlueprint } from "../../blueprint";
import type { ExitWith } from "../shared/command";
import { printDiagnostics } from "../shared/diagnostics";

async function run(file: string, options: { format: string }): Promise<number> {
  const { blueprint, diagnostics } = await loadBlueprint(file);
  printDiagnostics(diagnostics, process.stderr);
  if (!blueprint) return 1;
  if (options.format === "json") {
    process.stdout.write(`${JSON.stringify(blueprint, null, 2)}\n`);
  } else {
    process.stdout.write(`# ${file} resolved: extends applied, defaults filled in\n`);
    process.stdout.write(stringify(blueprint, { lineWidth: 0, aliasDuplicateObjects: false }));
  }
  return 0;
}

export function register(program: Command, exit: ExitWith): void {
  program
    .command("show")
    .description("print the fully resolved blueprint (after extends, with defaults) as YAML")
    .argument("<file>", "blueprint file (YAML)")
    .option("--format <format>", "yaml or json", "yaml")
    .action(async (file: string, options: { format: string }) => {
      if (options.format !== "yaml" && options.format !== "json") {
        process.stderr.write(`revstack show: --format must be yaml or json, found "${options.format}"\n`);
        return exit(1);
      }
      exit(await run(file, options));
    });
}
