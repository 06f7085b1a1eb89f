import type { Command } from "commander";

/** Receives the exit code a command's action resolved to; `main` keeps it for the one run (no module state). */
export type ExitWith = (code: number) => void;

/** A command module adds one subcommand to the program; its action hands its exit code to `exit`. */
export type RegisterCommand = (program: Command, exit: ExitWith) => void;

/**
 * Registers `registers` on `program`, runs `argv` and resolves to the exit code the command returned (0 when
 * it returned none, e.g. `--help`). Commander's own errors (a missing argument) are thrown as `CommanderError`.
 */
export async function runProgram(program: Command, registers: RegisterCommand[], argv: string[]): Promise<number> {
  let code = 0;
  for (const register of registers) register(program, (c) => (code = c));
  await program.parseAsync(argv);
  return code;
}
