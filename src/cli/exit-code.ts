/**
 * The exit code of the current CLI run. Commands report their outcome here instead of calling
 * process.exit, so `main` can be called repeatedly in tests and output is flushed before exit.
 */
let current = 0;

export function setExitCode(code: number): void {
  current = code;
}

export function takeExitCode(): number {
  const code = current;
  current = 0;
  return code;
}
