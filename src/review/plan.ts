/**
 * `revstack plan`: the blueprint in the working tree against the same file at a git ref, offline. Its HubSpot
 * objects are compared through their kinds and worded by the review `preview` and `drift` use; the rest of the
 * blueprint (routing, automations, lifecycle, reporting, settings) by ./diff.
 */
import { loadBlueprint, type Diagnostic } from "../blueprint";
import { API_VERSION, Blueprint } from "../blueprint/model";
import type { Props } from "../kinds";
import { naturalKey } from "../ownership/keys";
import { crmPlan } from "../plan/crm";
import { adoptionNote, removalFates, stacksApplying, type Fate } from "./adoption";
import type { Change, Review } from "../words/change";
import { diffBlueprints } from "./diff";
import { referencesTo } from "./diff/references";
import { offlineDigest } from "./engine/offline";
import { reviewDigest } from "./engine/review";
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
  const { changes, unplaced } = planChanges(before, now.blueprint, removalFates(now.blueprint, stacks));
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

/** An object that leaves the blueprint as its stack would record it: adopted when plan knows a stack adopted it. */
const ownershipOf = (fate: Fate | undefined): Props =>
  fate === undefined
    ? {}
    : { ownership: { origin: "adopted", ...(fate.kind === "release" ? { stack: fate.stack } : {}) } };

/**
 * The changes from `before` to `after`, and whether a removed HubSpot object could not be placed (it may have been
 * adopted by a stack plan cannot see: then it is released, not deleted).
 */
function planChanges(
  before: Blueprint,
  after: Blueprint,
  fates: (key: string) => Fate | undefined,
): { changes: Change[]; unplaced: boolean } {
  let unplaced = false;
  const digest = offlineDigest(crmPlan(before), crmPlan(after), (type, inputs) => {
    const key = naturalKey(type, inputs);
    const fate = key === undefined ? undefined : fates(key);
    if (key !== undefined && fate === undefined) unplaced = true;
    return { ...ownershipOf(fate), ...referencesTo(type, inputs, before, after) };
  });
  const objects = reviewDigest(digest, { title: "", mode: "preview", deleteKeys: after.delete }).changes;
  return { changes: [...objects, ...diffBlueprints(before, after)], unplaced };
}
