import type { Command } from "commander";
import * as path from "node:path";
import { planScaffold, writeScaffold } from "../../project/scaffold";
import type { ExitWith } from "../shared/command";

interface InitFlags {
  name?: string;
  force?: boolean;
}

async function run(dir: string, flags: InitFlags): Promise<number> {
  const { plan, problems } = planScaffold({ dir, name: flags.name, force: flags.force });
  if (!plan) {
    for (const problem of problems) process.stderr.write(`revstack init: ${problem}\n`);
    return 1;
  }
  await writeScaffold(plan);
  for (const f of plan.files)
    process.stdout.write(`${f.existed ? (f.path === "package.json" ? "updated" : "overwrote") : "wrote"} ${f.path}\n`);
  const rel = path.relative(process.cwd(), plan.dir);
  const cd = rel.startsWith("..") ? plan.dir : rel;
  process.stdout.write(
    [
      "",
      "next:",
      ...(cd ? [`  cd ${cd}`] : []),
      "  npm install                 # revstack and its Pulumi SDK",
      "  npx revstack setup          # Node 24 if needed and the Pulumi CLI, recorded in .revstack/",
      "  npm run sandbox &           # the local HubSpot sandbox on 127.0.0.1:4317",
      "  PULUMI_CONFIG_PASSPHRASE=revstack-demo npm run up   # creates the dev stack and applies the blueprint",
      "",
    ].join("\n"),
  );
  return 0;
}

export function register(program: Command, exit: ExitWith): void {
  program
    .command("init")
    .description(
      "scaffold a project that keeps its revenue stack in blueprints: package.json, Pulumi.yaml, blueprints/, stacks/, CI",
    )
    .argument("[dir]", "the project directory (created when missing)", ".")
    .option("--name <key>", "the project's and starter blueprint's name (default: the directory's name)")
    .option("--force", "overwrite files that exist")
    .action(async (dir: string, flags: InitFlags) => exit(await run(dir, flags)));
}
