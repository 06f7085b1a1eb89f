/**
 * The blueprint language: load a file, follow `extends`, validate against the model, run the
 * semantic checks, and hand back the fully resolved blueprint only when nothing is wrong.
 */
import { runChecks } from "./checks";
import { compose, LoadOptions } from "./compose";
import { Diagnostic, hasErrors, sortDiagnostics } from "./diagnostics";
import { issuesToDiagnostics } from "./issues";
import { Blueprint } from "./model";

export type { Diagnostic } from "./diagnostics";
export { formatDiagnostic } from "./diagnostics";
export type { LoadOptions } from "./compose";
export * from "./model";
export { parseDuration, durationMinutes, formatDuration } from "./duration";

export interface LoadResult {
  /** The resolved blueprint (extends applied, defaults filled); present only when there are no errors. */
  blueprint?: Blueprint;
  diagnostics: Diagnostic[];
}

export async function loadBlueprint(file: string, options: LoadOptions = {}): Promise<LoadResult> {
  const composed = await compose(file, options);
  const diagnostics = composed.diagnostics;
  if (hasErrors(diagnostics) || composed.value === undefined) return { diagnostics: sortDiagnostics(diagnostics) };

  const raw = { ...(composed.value as Record<string, unknown>) };
  delete raw.extends;
  const parsed = Blueprint.safeParse(raw);
  if (!parsed.success) {
    diagnostics.push(...issuesToDiagnostics(Blueprint, composed.value, parsed.error.issues, composed.root));
    return { diagnostics: sortDiagnostics(diagnostics) };
  }
  diagnostics.push(
    ...runChecks(parsed.data, { raw: composed.value, root: composed.root, removals: composed.removals }),
  );
  const sorted = sortDiagnostics(diagnostics);
  return hasErrors(sorted) ? { diagnostics: sorted } : { blueprint: parsed.data, diagnostics: sorted };
}
