/** Runs commands the way a user does in a project that installed revstack as a package. */
import { execFile } from "node:child_process";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment a user's shell has: Node 24 first on PATH, no backend or passphrase from the outside. */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { PULUMI_BACKEND_URL: _b, PULUMI_CONFIG_PASSPHRASE_FILE: _f, npm_config_prefix: _p, ...env } = process.env;
  return {
    ...env,
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${env.PATH ?? ""}`,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
    ...extra,
  };
}

/** A command's exit code and output; never throws on a non-zero exit (only on a timeout). */
export function sh(
  cwd: string,
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd, env: options.env ?? userEnv(), timeout: options.timeoutMs ?? 180_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err && (err as { killed?: boolean }).killed)
          reject(new Error(`${command} ${args.join(" ")} timed out\n${stdout}\n${stderr}`));
        else
          resolve({
            code: err ? Number((err as { code?: number }).code ?? 1) : 0,
            stdout: String(stdout),
            stderr: String(stderr),
          });
      },
    );
  });
}

/** Fails with the command's output when it did not exit 0. */
export function ok(outcome: Outcome): Outcome {
  if (outcome.code !== 0) throw new Error(`exit ${outcome.code}\n${outcome.stdout}\n${outcome.stderr}`);
  return outcome;
}
