import type { Command } from "commander";
import { formatDiagnostic } from "../../blueprint";
import { count } from "../../words/describe";
import { EngineError } from "../../project/pulumi";
import { findProject, stackConfig } from "../../review/engine/run";
import { ExportError, exportAccount, type ExportResult } from "../../review/export";
import type { ExitWith } from "../shared/command";
import { exitCode } from "../shared/errors";

interface Flags {
  stack?: string;
  out: string;
  baseUrl?: string;
  token?: string;
  cwd?: string;
  includeDefaults?: boolean;
}

interface Source {
  baseUrl: string;
  token: string;
  portalId?: number;
  name: string;
}

/** Flags, then HUBSPOT_BASE_URL / HUBSPOT_TOKEN, then the stack's config (its token decrypted by Pulumi). */
async function source(flags: Flags): Promise<Source> {
  let baseUrl = flags.baseUrl ?? process.env.HUBSPOT_BASE_URL;
  let token = flags.token ?? process.env.HUBSPOT_TOKEN;
  let portalId = process.env.HUBSPOT_PORTAL_ID ? Number(process.env.HUBSPOT_PORTAL_ID) : undefined;
  if (flags.stack && (!baseUrl || !token)) {
    const config = await stackConfig(findProject(flags.cwd ?? process.cwd()), flags.stack);
    baseUrl ??= config["hubspot:baseUrl"] ?? "https://api.hubapi.com";
    token ??= config["hubspot:token"];
    if (config["hubspot:portalId"]) portalId ??= Number(config["hubspot:portalId"]);
  }
  if (!token)
    throw new ExportError(
      "no HubSpot private app token or service key: pass --stack <name> (hubspot:token), --token, or set HUBSPOT_TOKEN",
    );
  return { baseUrl: baseUrl ?? "https://api.hubapi.com", token, portalId, name: flags.stack ?? "exported" };
}

function progress(step: number, total: number, what: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2KReading ${what}… ${step}/${total}`);
}

/** Clears the progress line, before the summary or an error. */
function progressDone(): void {
  if (process.stderr.isTTY) process.stderr.write("\r\x1b[2K");
}

async function exported(flags: Flags): Promise<ExportResult> {
  const from = await source(flags);
  return exportAccount({
    connection: { baseUrl: from.baseUrl, token: from.token },
    portalId: from.portalId,
    name: from.name,
    out: flags.out,
    onProgress: progress,
    includeDefaults: flags.includeDefaults === true,
  });
}

async function run(flags: Flags): Promise<number> {
  const result = await exported(flags).finally(progressDone);
  const c = result.counts;
  process.stdout.write(
    `Wrote ${flags.out}: ${count(c.pipelines, "pipeline")} with ${count(c.stages, "stage")}, ${count(c.properties, "custom property", "custom properties")}, ` +
      `${count(c.owners, "owner")}, ${count(c.teams, "team")}\n`,
  );
  for (const note of result.notes) process.stdout.write(`note: ${note}\n`);
  for (const d of result.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
  return result.diagnostics.some((d) => d.severity === "error") ? 1 : 0;
}

export function register(program: Command, exit: ExitWith): void {
  program
    .command("export")
    .description(
      "write a blueprint from a live HubSpot account (pipelines, stages, custom properties, users, teams) to adopt it",
    )
    .option("--stack <name>", "read hubspot:baseUrl, hubspot:token and hubspot:portalId from this stack's config")
    .requiredOption("--out <file>", "blueprint file to write")
    .option("--base-url <url>", "HubSpot API base URL (or HUBSPOT_BASE_URL); default https://api.hubapi.com")
    .option("--token <token>", "HubSpot private app token or service key (or HUBSPOT_TOKEN)")
    .option("--cwd <dir>", "the revstack project (default: the nearest directory with a Pulumi.yaml)")
    .option(
      "--include-defaults",
      "also write HubSpot's default pipelines, property groups and properties, to customize them (they stay HubSpot's)",
    )
    .addHelpText(
      "after",
      "\nApply the result with `pulumi config set revstack:adopt true`: the objects are taken over unchanged.\nExit 0 when the blueprint was written and is valid, 1 otherwise.\n",
    )
    .action(async (flags: Flags) => exit(await exitCode("export", () => run(flags), [ExportError, EngineError])));
}
