import { InvalidArgumentError, type Command } from "commander";
import { formatDiagnostic, loadBlueprint, type Blueprint } from "../../blueprint";
import { HubSpotClient, verifyPortal } from "../../clients/hubspot";
import { formatTarget, formatValue, statusText } from "../../reporting/format";
import { writeReport } from "../../reporting/run";
import { resolveTarget, TargetError, type ReportTarget, type TargetFlags } from "../../reporting/target";
import { oneLine } from "../../unexpected";
import { setExitCode } from "../exit-code";

interface ReportFlags extends TargetFlags {
  out: string;
  asOf?: number;
}

export function instant(value: string): number {
  const t = Date.parse(value);
  if (!Number.isFinite(t)) throw new InvalidArgumentError("expected a date or date-time, e.g. 2026-11-01 or 2026-11-01T09:00:00Z");
  return t;
}

/** The stack's or flags' blueprint and portal, or undefined after printing why not (exit code 1). */
export async function targetAndBlueprint(command: string, flags: TargetFlags): Promise<{ target: ReportTarget; blueprint: Blueprint } | undefined> {
  let target: ReportTarget;
  try {
    target = await resolveTarget(flags);
  } catch (err) {
    if (!(err instanceof TargetError)) throw err;
    process.stderr.write(`revstack ${command}: ${err.message}\n`);
    setExitCode(1);
    return undefined;
  }
  const { blueprint, diagnostics } = await loadBlueprint(target.blueprint);
  for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
  if (!blueprint) {
    setExitCode(1);
    return undefined;
  }
  // The portal guard, before the first read or write.
  if (target.portalId !== undefined) {
    try {
      await verifyPortal(new HubSpotClient({ baseUrl: target.baseUrl, token: target.token }), target.portalId, target.baseUrl);
    } catch (err) {
      failed(command, err);
      return undefined;
    }
  }
  return { target, blueprint };
}

/** Report failures name what failed, never the token (HubSpot client errors do not carry it). */
export function failed(command: string, err: unknown): void {
  process.stderr.write(`revstack ${command}: ${oneLine(err, `revstack ${command}`)}\n`);
  setExitCode(1);
}

async function run(flags: ReportFlags): Promise<void> {
  const resolved = await targetAndBlueprint("report", flags);
  if (!resolved) return;
  const { target, blueprint } = resolved;
  try {
    const started = Date.now();
    const { model, files } = await writeReport({ baseUrl: target.baseUrl, token: target.token }, blueprint, flags.out, flags.asOf);
    for (const w of model.warnings) process.stderr.write(`warning: ${w}\n`);
    for (const m of model.metrics) {
      const verdict = m.target ? `${formatTarget(m.target, m.unit)}, ${statusText[m.status]}` : statusText[m.status];
      process.stdout.write(`${m.label}: ${formatValue(m.value, m.unit)} (${verdict})\n`);
    }
    process.stdout.write(`${model.deals} deals, ${model.contacts} leads, ${model.apiCalls} API calls, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    process.stdout.write(`wrote ${files.html}\nwrote ${files.markdown}\n`);
  } catch (err) {
    failed("report", err);
  }
}

export function register(program: Command): void {
  program
    .command("report")
    .description("read CRM data, compute the blueprint's metrics against their targets, write report.html and report.md")
    .requiredOption("--out <dir>", "directory for report.html and report.md")
    .option("--stack <name>", "stack whose blueprint and portal to report on (stacks/Pulumi.<name>.yaml)")
    .option("--blueprint <file>", "blueprint file (instead of, or overriding, the stack's)")
    .option("--base-url <url>", "HubSpot API base URL, e.g. the sandbox's")
    .option("--token <t>", "HubSpot private app token or service key (default: env HUBSPOT_TOKEN, else the stack's secret)")
    .option("--as-of <date>", "the moment the report describes (default: now)", instant)
    .action((flags: ReportFlags) => run(flags));
}
