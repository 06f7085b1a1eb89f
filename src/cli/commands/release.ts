import type { Command } from "commander";
import { KEY_FORMS } from "../../blueprint/object-keys";
import { describeKey } from "../../ownership/keys";
import { releaseObjects } from "../../ownership/release";
import { findProject } from "../../review/engine/run";
import type { ExitWith } from "../shared/command";
import { exitCode } from "../shared/errors";

interface Flags {
  stack: string;
  cwd?: string;
}

async function run(keys: string[], flags: Flags): Promise<number> {
  const released = await releaseObjects(findProject(flags.cwd ?? process.cwd()), flags.stack, keys);
  for (const r of released) {
    process.stdout.write(
      `released ${describeKey(r.key)}: stack ${flags.stack} no longer manages it; HubSpot was not touched\n`,
    );
  }
  process.stdout.write(
    "Take it out of the blueprint before the next `pulumi up` (otherwise that run stops and offers to adopt it again).\n",
  );
  return 0;
}

export function register(program: Command, exit: ExitWith): void {
  program
    .command("release")
    .description("make a stack forget HubSpot objects without touching them (they stay in HubSpot as they are)")
    .argument("<key...>", `objects by natural key: ${KEY_FORMS}`)
    .requiredOption("--stack <name>", "Pulumi stack")
    .option("--cwd <dir>", "the revstack project (default: the nearest directory with a Pulumi.yaml)")
    .addHelpText(
      "after",
      "\nA pipeline's stages are released with it. Exit 0 when released, 1 on an error (nothing released for an unknown key).\n",
    )
    .action(async (keys: string[], flags: Flags) => exit(await exitCode("release", () => run(keys, flags))));
}
