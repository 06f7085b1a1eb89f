import type { Command } from "commander";
import * as path from "node:path";
import { nextSteps, planClone, writeClone } from "../../blueprint/clone";
import { schemaFile } from "../../project/paths";
import type { ExitWith } from "../shared/command";
import { printDiagnostics } from "../shared/diagnostics";

interface CloneFlags {
  unit: string;
  set: string[];
  outDir: string;
  force?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

async function run(file: string, flags: CloneFlags): Promise<number> {
  const { plan, problems } = await planClone({
    source: file,
    unit: flags.unit,
    sets: flags.set,
    outDir: flags.outDir,
    schemaFile: schemaFile(path.resolve(flags.outDir)),
    force: flags.force,
  });
  if (!plan) {
    for (const problem of problems) process.stderr.write(`revstack clone: ${problem}\n`);
    process.stderr.write("revstack clone: nothing written\n");
    return 1;
  }
  printDiagnostics(plan.diagnostics, process.stderr);
  await writeClone(plan);
  process.stdout.write(`wrote ${plan.blueprintFile}\nwrote ${plan.stackFile}\n`);
  process.stdout.write(
    `next steps:\n${nextSteps(flags.unit)
      .map((step, i) => `  ${i + 1}. ${step}\n`)
      .join("")}`,
  );
  return 0;
}

export function register(program: Command, exit: ExitWith): void {
  program
    .command("clone")
    .description("start a new business unit: a minimal child blueprint extending <file>, and its stack config")
    .argument("<file>", "the base blueprint to extend")
    .requiredOption("--unit <name>", "business unit key, e.g. emea")
    .option(
      "--set <key=value>",
      "blueprint field (metadata.currency=EUR, routing.<rule>.sla.firstTouch=30m) or stack config (hubspot:portalId=123); repeatable",
      collect,
      [],
    )
    .option("--out-dir <dir>", "project root to write blueprints/<unit>.yaml and stacks/Pulumi.<unit>.yaml into", ".")
    .option("--force", "overwrite existing files")
    .action(async (file: string, flags: CloneFlags) => exit(await run(file, flags)));
}
