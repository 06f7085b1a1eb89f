/**
 * Pulumi's record of the creates a crashed run had in flight ("pending operations"). Pulumi 3.276 carries every
 * pending CREATE of the state a run starts from into every checkpoint that run writes (backend/snapshot.go and
 * backend/journal.go, "we don't want to clear pending CREATE operations"), so no `pulumi up` can drop them, whatever
 * its flags, the project's options or PULUMI_* settings; only `pulumi refresh --clear-pending-creates` or
 * `pulumi stack import` does. After an `up` that converged, a pending create whose object the stack manages again
 * (same resource, same natural key) is only noise: this clears the record then, and only then.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { checkStackName, EngineError, pulumi } from "../project/pulumi";
import { naturalKey } from "./keys";

interface StateResource {
  urn: string;
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

interface Exported {
  deployment?: { resources?: StateResource[]; pending_operations?: Array<{ type: string; resource: StateResource }> };
}

export interface PendingOutcome {
  /** Natural keys (or resource names) whose pending create was cleared. */
  cleared: string[];
  /** Pending operations left in place, with why: the stack does not manage their object (again). */
  kept: string[];
}

const nameOf = (r: StateResource) => naturalKey(r.type, r.inputs) ?? r.urn.split("::").pop() ?? r.urn;

/** Which pending operations are resolved: creates whose resource (with the same natural key) is in the state now. */
export function resolvedPending(exported: Exported): PendingOutcome {
  const resources = new Map((exported.deployment?.resources ?? []).map((r) => [r.urn, r]));
  const cleared: string[] = [];
  const kept: string[] = [];
  for (const op of exported.deployment?.pending_operations ?? []) {
    const managed = resources.get(op.resource.urn);
    const sameObject =
      managed !== undefined &&
      naturalKey(op.resource.type, op.resource.inputs) ===
        naturalKey(managed.type, Object.keys(managed.outputs ?? {}).length > 0 ? managed.outputs : managed.inputs);
    (op.type === "creating" && sameObject ? cleared : kept).push(nameOf(op.resource));
  }
  return { cleared, kept };
}

async function exportState(projectDir: string, stack: string): Promise<string> {
  const outcome = await pulumi(projectDir, ["stack", "export", "--stack", stack, "--non-interactive"], 120_000);
  if (outcome.failed) throw new EngineError(outcome.stderr.trim() || "pulumi stack export failed");
  return outcome.stdout;
}

/**
 * Clears the stack's pending creates when every one of them is resolved; leaves them all otherwise (Pulumi's import
 * drops every pending operation, so clearing some would lose the others). The state is imported back only when it
 * is still the one read (a run that started meanwhile holds the lock, and the import then fails rather than wait).
 */
export async function clearResolvedPending(projectDir: string, stack: string): Promise<PendingOutcome> {
  checkStackName(stack);
  const text = await exportState(projectDir, stack);
  const exported = JSON.parse(text) as Exported;
  const outcome = resolvedPending(exported);
  if (outcome.cleared.length === 0 || outcome.kept.length > 0) return { cleared: [], kept: outcome.kept };
  if ((await exportState(projectDir, stack)) !== text)
    throw new EngineError("the stack's state changed while it was read (another run?): nothing was cleared");
  exported.deployment!.pending_operations = [];
  const dir = await mkdtemp(path.join(tmpdir(), "revstack-pending-"));
  try {
    const file = path.join(dir, "state.json");
    await writeFile(file, JSON.stringify(exported), { mode: 0o600 });
    const imported = await pulumi(
      projectDir,
      ["stack", "import", "--stack", stack, "--file", file, "--non-interactive"],
      120_000,
    );
    if (imported.failed) throw new EngineError(imported.stderr.trim() || "pulumi stack import failed");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return outcome;
}
