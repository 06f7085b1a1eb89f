import type { CrmPlan } from "../src/plan/crm";
import { sameLabel } from "../src/clients/hubspot";
import { tokenOf, tokenOfType } from "../src/kinds";
import { pipelineKind } from "../src/kinds/pipeline";
import { own, type Registry } from "../src/ownership/registry";

/**
 * Pipeline labels passed around in one edit (two pipelines swapping labels, or one taking the label another
 * leaves): HubSpot keeps pipeline labels unique per object type, so no order of single PATCHes applies a swap.
 * For each pipeline, the ids of the pipelines this stack manages that hold its new label now (by the stack's
 * state) and stay in the blueprint under another label; the provider gives them a temporary label first (see
 * providers/pipeline.ts). A label held by anything else is not this stack's to move: HubSpot refuses it as before.
 */
export function pipelineLabelHolders(plan: CrmPlan, registry: Registry): Record<string, string[]> {
  const staying = new Map(plan.pipelines.map((p) => [p.key, p]));
  const pipelines = own(registry).claims.filter(
    (c) => c.state === "managed" && tokenOfType(c.type) === tokenOf(pipelineKind) && c.id,
  );
  const holders: Record<string, string[]> = {};
  for (const spec of plan.pipelines) {
    const ids = pipelines
      .filter((c) => {
        const key = String(c.outputs.key ?? "");
        const next = staying.get(key);
        return (
          key !== spec.key &&
          next !== undefined &&
          c.outputs.objectType === spec.objectType &&
          sameLabel(String(c.outputs.label ?? ""), spec.label) &&
          !sameLabel(next.label, spec.label)
        );
      })
      .map((c) => c.id!);
    if (ids.length > 0) holders[spec.key] = ids;
  }
  return holders;
}
