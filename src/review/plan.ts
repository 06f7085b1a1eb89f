/** `revstack plan`: the blueprint in the working tree against the same file at a git ref, offline. */
import { loadBlueprint, type Diagnostic } from "../blueprint";
import { API_VERSION, Blueprint } from "../blueprint/model";
import { adoptionNote, removalFates, stacksApplying } from "./adoption";
import type { Review } from "../words/change";
import { diffBlueprints } from "./diff";
import { existsAt, loadAt, openTree } from "./git";

export interface PlanOutcome {
  review?: Review;
  /** Problems in either version; the review is absent when one has errors. */
  diagnostics: Diagnostic[];
  /** The two versions compared (for the routing impact, which replays leads through both). */
  before?: Blueprint;
  after?: Blueprint;
}

/** A blueprint with nothing in it, standing in for a file that did not exist at the base ref. */
function nothingLike(b: Blueprint): Blueprint {
  return Blueprint.parse({ apiVersion: API_VERSION, kind: "Blueprint", metadata: b.metadata, targets: b.targets });
}

const errorsOf = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.severity === "error");

export async function planBlueprint(file: string, base = "HEAD"): Promise<PlanOutcome> {
  const tree = await openTree(file, base);
  const now = await loadBlueprint(file);
  const existed = await existsAt(tree, file);
  const was = existed ? await loadAt(tree, file) : undefined;
  const errors = [...errorsOf(was?.diagnostics ?? []), ...errorsOf(now.diagnostics)];
  if (!now.blueprint || (was && !was.blueprint)) return { diagnostics: errors };

  const before = was?.blueprint ?? nothingLike(now.blueprint);
  const stacks = stacksApplying(file);
  const fates = removalFates(now.blueprint, stacks);
  // A removed HubSpot object plan cannot place may have been adopted: then it is released, not deleted.
  let unplaced = false;
  const changes = diffBlueprints(before, now.blueprint, (key) => fates(key) ?? ((unplaced = true), undefined));
  return {
    diagnostics: [],
    before,
    after: now.blueprint,
    review: {
      title: `revstack plan ${file}`,
      subtitle: `${tree.commit.startsWith(base) ? "" : `${base} `}${tree.commit.slice(0, 7)} → working tree`,
      changes,
      emptyMessage: `No changes: the blueprint means the same as at ${base}.`,
      notes: [
        ...(existed ? [] : [`${file} does not exist at ${base}: everything in it is new`]),
        ...(unplaced ? [adoptionNote(stacks)] : []),
      ],
    },
  };
}
