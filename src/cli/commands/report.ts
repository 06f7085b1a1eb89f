import type { Command } from "commander";
import { formatTarget, formatValue, statusText } from "../../reporting/format";
import { writeReport } from "../../reporting/run";
import { caseSample } from "../../routing/cases";
import type { TargetFlags } from "../../reporting/target";
import type { ExitWith } from "../shared/command";
import { failed, instant, targetAndBlueprint } from "../shared/target";

interface ReportFlags extends TargetFlags {
  out: string;
  asOf?: number;
}

async function run(flags: ReportFlags): Promise<number> {
  const resolved = await targetAndBlueprint("report", flags);
  if (!resolved) return 1;
  const { target, blueprint } = resolved;
  try {
    const started = Date.now();
    const { model, files } = await writeReport(
      { baseUrl: target.baseUrl, token: target.token },
      blueprint,
      flags.out,
      flags.asOf,
      await caseSample(target.blueprint),
    );
    for (const w of model.warnings) process.stderr.write(`warning: ${w}\n`);
    for (const m of model.metrics) {
      const verdict = m.target
        ? `${formatTarget(m.target, m.unit, model.currency)}, ${statusText[m.status]}`
        : statusText[m.status];
      process.stdout.write(`${m.label}: ${formatValue(m.value, m.unit, model.currency)} (${verdict})\n`);
    }
    process.stdout.write(
      `${model.deals} deals, ${model.contacts} leads, ${model.apiCalls} API calls, ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
    process.stdout.write(`wrote ${files.html}\nwrote ${files.markdown}\n`);
    return 0;
  } catch (err) {
    return failed("report", err);
  }
}

export function register(program: Command, exit: ExitWith): void {
  program
    .command("report")
    .description(
      "read CRM data, compute the blueprint's metrics against their targets, write report.html and report.md",
    )
    .requiredOption("--out <dir>", "directory for report.html and report.md")
    .option("--stack <name>", "stack whose blueprint and portal to report on (stacks/Pulumi.<name>.yaml)")
    .option("--blueprint <file>", "blueprint file (instead of, or overriding, the stack's)")
    .option("--base-url <url>", "HubSpot API base URL, e.g. the sandbox's")
    .option(
      "--token <t>",
      "HubSpot private app token or service key (default: env HUBSPOT_TOKEN, else the stack's secret)",
    )
    .option("--as-of <date>", "the moment the report describes (default: now)", instant)
    .action(async (flags: ReportFlags) => exit(await run(flags)));
}
