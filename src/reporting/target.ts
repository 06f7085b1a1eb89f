import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import YAML from "yaml";
import { findProjectDir, pulumiBinary, toolEnv } from "../project/paths";

/** Where a report reads from: a blueprint file and a portal. The token is kept out of every message. */
export interface ReportTarget {
  blueprint: string;
  baseUrl: string;
  token: string;
  /** `hubspot:portalId` of the stack (or `HUBSPOT_PORTAL_ID`): the portal guard checks the token against it. */
  portalId?: number;
}

export class TargetError extends Error {}

export interface TargetFlags {
  stack?: string;
  blueprint?: string;
  baseUrl?: string;
  token?: string;
}

const HUBSPOT_API = "https://api.hubapi.com";

/**
 * Resolves flags into a target. With `--stack`, the blueprint and base URL come from the stack's file
 * (`<stackConfigDir>/Pulumi.<stack>.yaml` of the nearest Pulumi.yaml at or above `cwd`; `revstack:blueprint` is
 * relative to that project directory, as in the Pulumi program) and the token from `HUBSPOT_TOKEN` or, failing
 * that, from the stack's secret through `pulumi config get` (which needs the stack's passphrase in the
 * environment). Explicit flags win over the stack's values.
 */
export async function resolveTarget(flags: TargetFlags, cwd = process.cwd(), env = process.env): Promise<ReportTarget> {
  const root = findProjectDir(cwd) ?? cwd;
  const config = flags.stack ? stackConfig(flags.stack, root) : {};
  const blueprint =
    flags.blueprint ??
    (typeof config["revstack:blueprint"] === "string" ? resolve(root, config["revstack:blueprint"]) : undefined);
  if (!blueprint)
    throw new TargetError(
      flags.stack
        ? `stack ${flags.stack} has no revstack:blueprint`
        : "give --stack <name>, or --blueprint <file> with --base-url",
    );
  const baseUrl =
    flags.baseUrl ?? (typeof config["hubspot:baseUrl"] === "string" ? config["hubspot:baseUrl"] : HUBSPOT_API);
  const token =
    flags.token || env.HUBSPOT_TOKEN || (flags.stack ? await stackToken(flags.stack, root, env) : undefined);
  if (!token)
    throw new TargetError("no HubSpot token: set HUBSPOT_TOKEN, pass --token, or use --stack with its passphrase set");
  const portal =
    env.HUBSPOT_PORTAL_ID ??
    (typeof config["hubspot:portalId"] === "string" || typeof config["hubspot:portalId"] === "number"
      ? String(config["hubspot:portalId"])
      : undefined);
  if (portal !== undefined && !/^\d+$/.test(portal))
    throw new TargetError(`hubspot:portalId must be a HubSpot portal (account) id, a number; got "${portal}"`);
  return { blueprint, baseUrl, token, ...(portal !== undefined ? { portalId: Number(portal) } : {}) };
}

function stackConfig(stack: string, root: string): Record<string, unknown> {
  if (!/^[A-Za-z0-9_.-]+$/.test(stack)) throw new TargetError(`invalid stack name: ${stack}`);
  const file = join(stackConfigDir(root), `Pulumi.${stack}.yaml`);
  if (!existsSync(file)) throw new TargetError(`stack ${stack} not found: ${file} does not exist`);
  let parsed: unknown;
  try {
    parsed = YAML.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new TargetError(`${file}: not valid YAML (${(err as Error).message.split("\n")[0]})`);
  }
  const config = (parsed as { config?: unknown } | null)?.config;
  return typeof config === "object" && config !== null ? (config as Record<string, unknown>) : {};
}

/** Where the project keeps its stack files (Pulumi.yaml's `stackConfigDir`, else the project directory). */
function stackConfigDir(root: string): string {
  const file = join(root, "Pulumi.yaml");
  const project = existsSync(file)
    ? (YAML.parse(readFileSync(file, "utf8")) as { stackConfigDir?: unknown } | null)
    : null;
  return typeof project?.stackConfigDir === "string"
    ? resolve(root, project.stackConfigDir)
    : existsSync(file)
      ? root
      : join(root, "stacks");
}

/** A stack's plain settings (its `Pulumi.<stack>.yaml` `config:`), from the project at or above `cwd`. */
export function readStackConfig(stack: string, cwd = process.cwd()): Record<string, unknown> {
  return stackConfig(stack, findProjectDir(cwd) ?? cwd);
}

const stackToken = (stack: string, root: string, env: NodeJS.ProcessEnv): Promise<string> =>
  stackSecret("hubspot:token", stack, root, env, "HUBSPOT_TOKEN");

/** A secret, decrypted by the Pulumi CLI that `revstack setup` recorded (else `pulumi` on PATH). */
export async function stackSecret(
  key: string,
  stack: string,
  root: string,
  env: NodeJS.ProcessEnv,
  variable: string,
): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(
      pulumiBinary(root),
      ["config", "get", key, "--stack", stack, "--non-interactive"],
      {
        cwd: root,
        env: toolEnv(root, env),
        timeout: 60_000,
      },
    );
    return stdout.trim();
  } catch (err) {
    // Pulumi's message names the missing passphrase or key; its output never holds the secret when it fails.
    const detail = ((err as { stderr?: string }).stderr ?? "").trim().split("\n").pop() || (err as Error).message;
    throw new TargetError(`could not read ${key} of stack ${stack} with pulumi (${detail}); set ${variable} instead`);
  }
}
