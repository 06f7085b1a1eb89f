import { EngineError } from "../../project/pulumi";

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Runs a command's work and resolves to its exit code. An error of an `expected` class (by default the engine's:
 * no Pulumi CLI, no project, a stack that cannot be read) is the user's to fix: its message on one line after
 * `revstack <command>:`, exit 1. Any other error is a bug and goes on to `main`, which logs its trace.
 */
export async function exitCode(
  command: string,
  work: () => Promise<number>,
  expected: ErrorClass[] = [EngineError],
): Promise<number> {
  try {
    return await work();
  } catch (err) {
    if (!expected.some((kind) => err instanceof kind)) throw err;
    process.stderr.write(`revstack ${command}: ${(err as Error).message}\n`);
    return 1;
  }
}
