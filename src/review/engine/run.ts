/**
 * Runs the Pulumi CLI for the review commands: `pulumi preview --json` (with `--refresh` for drift) and
 * `pulumi up --refresh` for `drift --fix`, in the project directory, with the CLI `revstack setup` recorded.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { findProjectDir } from "../../project/paths";
import { checkStackName, EngineError, pulumi, type Outcome } from "../../project/pulumi";
import type { PreviewDigest } from "./digest";

/** The nearest directory at or above `from` with a Pulumi.yaml. */
export function findProject(from: string): string {
  const dir = findProjectDir(from);
  if (!dir)
    throw new EngineError(
      `no Pulumi.yaml in ${path.resolve(from)} or above: run revstack in a revstack project (or pass --cwd)`,
    );
  return dir;
}

/** Where the project keeps its stacks' configuration files (`stackConfigDir`, e.g. `stacks/`). */
function stackConfigDir(projectDir: string): string {
  const project = YAML.parse(readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as { stackConfigDir?: string };
  return path.join(projectDir, project.stackConfigDir ?? ".");
}

/** The stacks of the project that have a configuration file (`stacks/Pulumi.<stack>.yaml`). */
export function projectStacks(projectDir: string): string[] {
  const files = readdirSync(stackConfigDir(projectDir)).map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1]);
  return files.filter((s): s is string => s !== undefined).sort();
}

/** The stack's configuration file as written (`stacks/Pulumi.<stack>.yaml`): secrets stay encrypted; undefined without one. */
export function stackConfigValues(projectDir: string, stack: string): Record<string, unknown> | undefined {
  const file = path.join(stackConfigDir(projectDir), `Pulumi.${stack}.yaml`);
  if (!existsSync(file)) return undefined;
  return (YAML.parse(readFileSync(file, "utf8")) as { config?: Record<string, unknown> })?.config ?? {};
}

/** The stack's `revstack:blueprint`, resolved against the project directory. */
export function stackBlueprint(projectDir: string, stack: string): string | undefined {
  const blueprint = stackConfigValues(projectDir, stack)?.["revstack:blueprint"];
  return typeof blueprint === "string" ? path.resolve(projectDir, blueprint) : undefined;
}

/**
 * The errors the engine reported, each once, without its decoration. A failure every resource shares (HubSpot
 * unreachable, the portal guard) is reported in full by one resource and as "stopped: ..." by the others.
 */
function errorsOf(outcome: Outcome, digest: PreviewDigest | undefined): string {
  // The engine may repeat the program's error as "Preview failed: <error>": the same error, said once.
  const fromDigest = (digest?.diagnostics ?? [])
    .filter((d) => d.severity === "error" && !/^error: (preview|update) failed/.test(d.message.trim()))
    .map((d) =>
      d.message
        .replace(/^error: /, "")
        .trim()
        .replace(/^(Preview|Update) failed: /, ""),
    );
  const distinct = [...new Set(fromDigest)];
  const full = distinct.filter(
    (m) => !/^stopped: .*\(see the first error\)$/.test(m) && !/: stopped: .*\(see the first error\)$/.test(m),
  );
  if (distinct.length > 0) return (full.length > 0 ? full : distinct).join("\n");
  const lines = outcome.stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /^error: /.test(l));
  const message = [
    ...new Set(
      lines.length > 0 ? lines.map((l) => l.replace(/^error: /, "")) : [outcome.stderr.trim() || "pulumi failed"],
    ),
  ].join("\n");
  return /no stack named/.test(message)
    ? `${message}: create it with \`pulumi stack init <name>\` (its config lives in stacks/)`
    : message;
}

function parseDigest(stdout: string): PreviewDigest | undefined {
  try {
    return JSON.parse(stdout) as PreviewDigest;
  } catch {
    return undefined;
  }
}

const TEN_MINUTES = 10 * 60_000;

/** `pulumi preview --json`; with `refresh`, the live systems are read first (drift). */
export async function previewJson(
  projectDir: string,
  stack: string,
  options: { refresh?: boolean } = {},
): Promise<PreviewDigest> {
  checkStackName(stack);
  // With --run-program the refresh reads through providers configured from the stack's current configuration,
  // not the copy recorded in the state at the last `up` (and the program's portal guard runs first).
  const args = [
    "preview",
    "--json",
    "--non-interactive",
    "--stack",
    stack,
    ...(options.refresh ? ["--refresh", "--run-program"] : []),
  ];
  const outcome = await pulumi(projectDir, args, TEN_MINUTES);
  const digest = parseDigest(outcome.stdout);
  if (outcome.failed || !digest) throw new EngineError(errorsOf(outcome, digest));
  return digest;
}

/** `pulumi up --refresh`: makes the live systems match the blueprint. */
export async function applyBlueprint(projectDir: string, stack: string): Promise<void> {
  checkStackName(stack);
  const outcome = await pulumi(
    projectDir,
    ["up", "--refresh", "--run-program", "--yes", "--skip-preview", "--non-interactive", "--stack", stack],
    TEN_MINUTES,
  );
  if (outcome.failed) throw new EngineError(errorsOf(outcome, undefined));
}

/** The stack's configuration with secrets decrypted (`pulumi config --show-secrets`), for `revstack export`. */
export async function stackConfig(projectDir: string, stack: string): Promise<Record<string, string>> {
  checkStackName(stack);
  const outcome = await pulumi(projectDir, ["config", "--show-secrets", "--json", "--stack", stack], 60_000);
  if (outcome.failed) throw new EngineError(errorsOf(outcome, undefined));
  const config = JSON.parse(outcome.stdout) as Record<string, { value?: string }>;
  return Object.fromEntries(Object.entries(config).flatMap(([k, v]) => (v.value === undefined ? [] : [[k, v.value]])));
}
