import { Option, type Command } from "commander";
import { formatDiagnostic } from "../../blueprint";
import type { Section } from "../../words/change";
import { GitError } from "../../review/git";
import { planBlueprint } from "../../review/plan";
import { FORMATS, render, type Format } from "../../review/render";
import { impactMarkdown, NO_LEADS } from "../../routing/impact-markdown";
import { LeadFileError, readLeads } from "../../routing/leads";
import { routingImpact } from "../../routing/replay";
import { requireMemberships } from "../../routing/memberships";
import type { ExitWith } from "../shared/command";
import { exitCode } from "../shared/errors";
import { STACK_READ_ERRORS, stackLeads } from "../shared/stack-leads";

/** Changes that can send a lead elsewhere, and so call for its impact. */
const ROUTING_SECTIONS: Section[] = ["routing", "owners", "teams"];

interface PlanOptions {
  base: string;
  format: Format;
  leads?: string;
  since?: string;
  stack?: string;
  cwd?: string;
}

async function run(file: string, options: PlanOptions): Promise<number> {
  if (Boolean(options.since) !== Boolean(options.stack) || (options.since && options.leads)) {
    process.stderr.write("revstack plan: give --leads <file>, or --since <age> with --stack <name>\n");
    return 1;
  }
  const outcome = await planBlueprint(file, options.base);
  if (!outcome.review) {
    for (const d of outcome.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
    process.stderr.write(`revstack plan: cannot compare: the blueprint has errors (above)\n`);
    return 1;
  }
  const color = Boolean(process.stdout.isTTY) && !("NO_COLOR" in process.env);
  const review = render(outcome.review, options.format, { color });
  const leads = options.leads
    ? await readLeads(options.leads)
    : options.since
      ? await stackLeads(options.stack!, options.since, [outcome.before!, outcome.after!], options.cwd)
      : undefined;
  const source = options.leads ?? `stack ${options.stack}'s portal (created in the last ${options.since})`;
  if (leads) requireMemberships([outcome.before!, outcome.after!], leads, source);
  const impact = leads && routingImpact(outcome.before!, outcome.after!, leads);
  if (options.format === "json") {
    process.stdout.write(`${JSON.stringify({ ...JSON.parse(review), routingImpact: impact ?? null }, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(review);
  const routed = outcome.review.changes.some((c) => ROUTING_SECTIONS.includes(c.section));
  if (impact) process.stdout.write(`\n${impactMarkdown(impact, source)}`);
  else if (routed) process.stdout.write(`\n${NO_LEADS}`);
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
    .option("--leads <file>", "replay these leads (.jsonl or .csv) through the base and the changed routing")
    .option("--since <age>", "with --stack: replay the portal's leads of this age, e.g. 30d")
    .option("--stack <name>", "with --since: the stack whose portal holds the leads")
    .option("--cwd <dir>", "the project directory (with --stack; default: the nearest Pulumi.yaml)")
    .addHelpText(
      "after",
      "\nExit 0 when the plan was computed (with or without changes), 1 on an error.\nDangerous changes (deletions, moved deals, routing without a fallback, removed owners still referenced) come first.\n",
    )
    .action(async (file: string, options: PlanOptions) =>
      exit(await exitCode("plan", () => run(file, options), [GitError, LeadFileError, ...STACK_READ_ERRORS])),
    );
}
