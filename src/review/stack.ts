/** `revstack preview` and `revstack drift`: the engine's view of a stack, as a readable review. */
import { loadBlueprint } from "../blueprint";
import type { Review } from "../words/change";
import { manualSteps } from "./engine/manual";
import { reviewDigest, type Mode } from "./engine/review";
import { applyBlueprint, findProject, previewJson, stackBlueprint } from "./engine/run";
import { progress } from "./progress";

/** What the review takes from the stack's blueprint: its manual steps, its pipelines' labels and its delete: list. */
async function blueprintFacts(
  projectDir: string,
  stack: string,
): Promise<{ manual: string[]; pipelineLabels: Record<string, string>; deleteKeys?: string[] }> {
  const file = stackBlueprint(projectDir, stack);
  const blueprint = file ? (await loadBlueprint(file)).blueprint : undefined;
  if (!blueprint) return { manual: [], pipelineLabels: {} };
  return {
    manual: manualSteps(blueprint),
    pipelineLabels: Object.fromEntries(Object.entries(blueprint.pipelines).map(([k, p]) => [k, p.label])),
    deleteKeys: blueprint.delete,
  };
}

const LABELS: Record<Mode, string> = {
  preview: "Running the engine's preview (pulumi preview)…",
  drift: "Reading the live systems (pulumi preview --refresh)…",
};

export async function reviewStack(stack: string, mode: Mode, cwd = process.cwd()): Promise<Review> {
  const projectDir = findProject(cwd);
  const shown = progress(LABELS[mode]);
  try {
    const digest = await previewJson(projectDir, stack, { refresh: mode === "drift" });
    return reviewDigest(digest, {
      title: `revstack ${mode} --stack ${stack}`,
      subtitle: mode === "drift" ? "live system → blueprint" : "what pulumi up would change",
      mode,
      ...(await blueprintFacts(projectDir, stack)),
    });
  } finally {
    shown.stop();
  }
}

/** Applies the blueprint (`pulumi up --refresh`), then reads the live systems again: true when they now match. */
export async function fixDrift(stack: string, cwd = process.cwd()): Promise<boolean> {
  const projectDir = findProject(cwd);
  const shown = progress("Applying the blueprint (pulumi up --refresh)…");
  try {
    await applyBlueprint(projectDir, stack);
  } finally {
    shown.stop();
  }
  return (await reviewStack(stack, "drift", cwd)).changes.length === 0;
}
