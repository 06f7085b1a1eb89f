/** Runs revstack commands in process as a user would, capturing output and the exit code. */
import { Command } from "commander";
import { vi } from "vitest";
import { runProgram, type RegisterCommand } from "../../src/cli/shared/command";

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCommands(registers: RegisterCommand[], args: string[]): Promise<Run> {
  const program = new Command("revstack").exitOverride();
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => (stdout.push(String(chunk)), true));
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (stderr.push(String(chunk)), true));
  let code: number;
  try {
    code = await runProgram(program, registers, ["node", "revstack", ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { code, stdout: stdout.join(""), stderr: stderr.join("") };
}

/** Sets environment variables for the duration of `run` (the engine reads them). */
export async function withEnv<T>(env: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await run();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
