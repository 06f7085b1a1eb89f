import pc from "picocolors";
import { formatDiagnostic, type Diagnostic } from "../../blueprint";

type Colors = ReturnType<typeof pc.createColors>;

/** Colors only on a terminal, and never when NO_COLOR is set. */
export function colorsFor(stream: NodeJS.WriteStream): Colors {
  return pc.createColors(Boolean(stream.isTTY) && !("NO_COLOR" in process.env));
}

export function renderDiagnostic(d: Diagnostic, c: Colors): string {
  const line = formatDiagnostic(d);
  if (!c.isColorSupported) return line;
  const where = `${d.file}:${d.line}:${d.column}:`;
  const severity = d.severity === "error" ? c.red(c.bold("error:")) : c.yellow(c.bold("warning:"));
  return `${c.bold(where)} ${severity} ${d.message}`;
}

export function printDiagnostics(diagnostics: Diagnostic[], stream: NodeJS.WriteStream): void {
  const c = colorsFor(stream);
  for (const d of diagnostics) stream.write(`${renderDiagnostic(d, c)}\n`);
}
