import { Option, type Command } from "commander";
import { formatDiagnostic } from "../../blueprint";
import { GitError } from "../../review/git";
import { planBlueprint } from "../../review/plan";
import { FORMATS, writeReview, type Format } from "../../review/render";
import type { ExitWith } from "../shared/command";
import { exitCode } from "../shared/errors";

async function run(file: string, options: { base: string; format: Format }): Promise<number> {
  const outcome = await planBlueprint(file, options.base);
  if (!outcome.review) {
    for (const d of outcome.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
    process.stderr.write(`revstack plan: cannot compare: the blueprint has errors (above)\n`);
    return 1;
  }
  writeReview(outcome.review, options.format);
  return 0;
}

export function register(program: Command, exit: ExitWith): void {
  program
    .command("plan")
    .description(
      "what a blueprint change means, in words: the working tree against a git ref (offline, no credentials)",
    )
    .argument("<file>", "blueprint file (YAML) in a git work tree")
    .option("--base <git-ref>", "commit, branch or tag to compare against", "HEAD")
    .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("text"))
    .addHelpText(
      "after",
      "\nExit 0 when the plan was computed (with or without changes), 1 on an error.\nDangerous changes (deletions, moved deals, routing without a fallback, removed owners still referenced) come first.\n",
    )
    .action(async (file: string, options: { base: string; format: Format }) =>
      exit(await exitCode("plan", () => run(file, options), [GitError])),
    );
}
