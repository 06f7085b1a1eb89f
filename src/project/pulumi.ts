/**
 * Runs the Pulumi CLI the project recorded (`revstack setup`), in the project directory: what the review, ownership
 * and the CLI share, below all of them.
 */
import { execFile } from "node:child_process";
import { pulumiBinary, toolEnv } from "./paths";

/** A failure of the engine or its set-up, as one message for the user (never a stack trace). */
export class EngineError extends Error {}

const STACK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.\-/]*$/;

export function checkStackName(stack: string): void {
  if (!STACK_NAME.test(stack)) throw new EngineError(`invalid stack name "${stack}"`);
}

export interface Outcome {
  stdout: string;
  stderr: string;
  failed: boolean;
}

export function pulumi(projectDir: string, args: string[], timeoutMs: number): Promise<Outcome> {
  const binary = pulumiBinary(projectDir);
  const env = toolEnv(projectDir);
  return new Promise((resolve, reject) => {
    execFile(
      binary,
      args,
      { cwd: projectDir, env, timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err && (err as NodeJS.ErrnoException).code === "ENOENT") {
          reject(new EngineError("the Pulumi CLI is not installed: run `npx revstack setup`"));
          return;
        }
        if (err && err.killed) {
          reject(new EngineError(`pulumi ${args[0]} did not finish within ${timeoutMs / 1000} s`));
          return;
        }
        resolve({ stdout: String(stdout), stderr: String(stderr), failed: err !== null });
      },
    );
  });
}
