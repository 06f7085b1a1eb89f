import { appendFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * Errors revstack raises on purpose carry a message meant for the user and nothing else is shown. Anything else
 * (a TypeError, a bug) is shown as one line too, and its full stack trace goes to a log file the line names, so no
 * user-facing output ever carries `    at ...` lines.
 */
export function isDeliberate(err: unknown): err is Error {
  if (!(err instanceof Error)) return false;
  const builtIn = [TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError].some(
    (C) => err instanceof C,
  );
  return !builtIn && !("syscall" in err);
}

/** Where full traces go: `$REVSTACK_LOG_DIR`, else `<tmp>/revstack-logs`. */
export function logDir(): string {
  return process.env.REVSTACK_LOG_DIR ?? path.join(tmpdir(), "revstack-logs");
}

/** Appends the full trace to today's log and returns the file's path. */
export function logTrace(err: unknown, where: string): string {
  const file = path.join(logDir(), `revstack-${new Date().toISOString().slice(0, 10)}.log`);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const trace = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
    appendFileSync(file, `${new Date().toISOString()} ${where} (pid ${process.pid})\n${trace}\n\n`);
  } catch {
    return "(the log could not be written)";
  }
  return file;
}

/** The one line a user sees for `err`; an unexpected error's trace is logged first. */
export function oneLine(err: unknown, where: string): string {
  if (isDeliberate(err)) return err.message;
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return `unexpected error: ${text.split("\n")[0]} (full trace in ${logTrace(err, where)})`;
}
